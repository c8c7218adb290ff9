"""The narratives of a form as the rules read them: folded, cut, and with their quantities, once.

A ``TextAnalysis`` is a pure function of the text (and the pack's folding pairs and not-quantity
patterns), so it is cached across forms: a batch repeats its template sentences. It holds the
folded text (same length as the raw one), its sentences, clauses and items (nlp_audit/text.py), and
the quantities of the whole text found once, sorted by offset, with ``quantities_in`` answering
"which quantities lie in this piece" by bisection: linear over a narrative, never all quantities
per clause. A ``NarrativeText`` adds the field name and the Narrative whose map turns offsets of the
text into exact file text for evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..caching import text_cache
from ..model import Form, Narrative, Quantity, Source
from ..text import Piece, clauses, compact, extend, fold_with, items, sentences, table

_NOT_AMOUNTS = frozenset({"numeral"})


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """One text, folded and cut, with its quantities (offsets into ``raw`` == offsets into ``norm``)."""

    raw: str
    norm: str
    sentences: tuple[Piece, ...]
    clauses: tuple[Piece, ...]
    items: tuple[Piece, ...]
    quantities: tuple[Quantity, ...]  # sorted by start; ``text`` is the folded slice
    starts: tuple[int, ...]
    memo: dict = field(default_factory=dict, compare=False, hash=False)  # per-text derived results

    def quantities_in(self, start: int, end: int, whole: bool = True) -> tuple[Quantity, ...]:
        """The quantities that start in [start, end) (and, when ``whole``, end by ``end``): found by
        bisection on the offsets, so reading every piece of a narrative stays linear."""
        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end, i)
        found = self.quantities[i:j]
        return tuple(q for q in found if q.end <= end) if whole else found

    def pieces(self, level: str) -> tuple[tuple[Piece, tuple[Quantity, ...]], ...]:
        """Each sentence, clause or item with its quantities, offsets relative to the piece."""
        found = self.memo.get(level)
        if found is None:
            cut = {"sentence": self.sentences, "clause": self.clauses, "item": self.items}[level]
            found = self.memo[level] = tuple(
                (p, tuple(replace(q, start=q.start - p.start, end=q.end - p.start)
                          for q in self.quantities_in(p.start, p.end)))
                for p in cut
            )
        return found


def analyse_text(raw: str, pairs: str = "", not_quantities: str = "") -> TextAnalysis:
    """The TextAnalysis of ``raw`` with the pack's extra folding ``pairs`` and the regex of
    phrases that read like numbers but count nothing (``not_quantities``: 每一个, 一支队伍, 一流)."""
    return _analyse(raw, pairs, not_quantities)


@text_cache(maxsize=32, max_chars=5000)  # for the checks of one form: no hit across forms on realistic batches
def _analyse(raw: str, pairs: str, not_quantities: str) -> TextAnalysis:
    norm = fold_with(raw, _table(pairs)) if raw else raw
    qs = _quantities(norm)
    if not_quantities and qs:
        blocked = [m.span() for m in re.finditer(not_quantities, norm)]
        if blocked:
            qs = [q for q in qs if not any(s < q.end and q.start < e for s, e in blocked)]
    qs.sort(key=lambda q: q.start)
    return TextAnalysis(raw, norm, sentences(norm), clauses(norm), items(norm), tuple(qs),
                        tuple(q.start for q in qs))


@lru_cache(maxsize=8)
def _table(pairs: str) -> dict[int, str]:
    return extend(pairs) if pairs else table()


def _quantities(norm: str) -> list[Quantity]:
    """The grammar's quantities of a folded text, offsets into it; [] if the grammar breaks.

    The grammar reads the text without the whitespace that extraction puts inside phrases
    (nlp_audit.text.compact) and its spans are mapped back, so evidence stays the input text."""
    from ..quantities import find_quantities

    short, where = compact(norm)
    try:
        # a lone numeral of prose ('答案是五', kind "numeral") is read by the grammar but is never an
        # amount a rule compares
        found = [q for q in find_quantities(short) if q.kind not in _NOT_AMOUNTS]
    except Exception:  # noqa: BLE001 - a grammar bug on one narrative must not stop the batch
        return []
    if not where:
        return list(found)
    out = []
    for q in found:
        if 0 <= q.start < q.end <= len(short):
            start, end = where[q.start], where[q.end - 1] + 1
            out.append(replace(q, text=norm[start:end], start=start, end=end))
    return out


@dataclass(frozen=True, slots=True)
class NarrativeText:
    """A narrative to check: its field, the parsed Narrative (text and map to the file), and its analysis."""

    field: str  # goal | actual
    narrative: Narrative
    text: TextAnalysis

    @property
    def raw(self) -> str:
        return self.text.raw

    @property
    def norm(self) -> str:
        return self.text.norm

    @property
    def source(self) -> Source | None:
        return self.narrative.source

    def quote(self, start: int, end: int, number: tuple[int, int] | None = None) -> tuple[str, Source | None]:
        """Exact file text for a finding on raw[start:end] and its file offsets (Narrative.quote):
        the whole range when it is contiguous in the file, else its longest contiguous part (the one
        holding ``number`` when given). Surrounding whitespace is dropped."""
        return self.narrative.quote(start, end, number, strip=True)


def form_narratives(form: Form, pairs: str = "", not_quantities: str = "") -> dict[str, NarrativeText]:
    """goal / actual narratives of a form (a prose report with neither is read whole as its 'actual')."""
    out: dict[str, NarrativeText] = {}
    for name in ("goal", "actual"):
        nar = getattr(form, name)
        if nar:
            out[name] = NarrativeText(name, nar, analyse_text(nar.text, pairs, not_quantities))
    if not out and form.kind == "other" and form.text.strip():
        # the form's own text is a slice of the file; its line is known only at the file's start
        src = Source(form.path, form.text_offset, form.text_offset + len(form.text),
                     1 if form.text_offset == 0 else None)
        out["actual"] = NarrativeText("actual", Narrative(form.text, src),
                                      analyse_text(form.text, pairs, not_quantities))
    return out
