"""The one analysis of a form that every rule reads: built once per form, each part on first use.

Parts (each computed the first time a rule asks, then shared by every rule of the form):

- ``texts``: the narratives (预期目标, 实际完成情况; a prose report read whole) folded, cut into
  sentences / clauses / items, with their quantities found once and indexed by offset (texts.py);
- ``claims``: the quantitative claims of those narratives, each judged against the indicators
  (claims.py, matching.py; the embedder is asked only where cheaper evidence leaves a match open);
- ``rows``: one verdict per indicator row (met, short, over; the score band of the pack's rule), read
  by the S, A, D and C rules alike (checks/assess.py).

A run whose rules need no claims (``--select F,S,A,D``) never extracts or matches any. Contract:
    FormAnalysis(form, pack, embedder=None);  analyze(form, pack, embedder=None) -> FormAnalysis
Offsets of Sentence/Claim are into the narrative's own text (form.goal.text / form.actual.text);
the narrative may be joined from pieces of the file (wrapped cells, one of two columns), so map them
with ``form.goal.file_span`` / ``quote`` (or actual), never by adding ``source.start``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Form, Quantity

if TYPE_CHECKING:
    from ..checks.assess import FormAssessment
    from ..packs import RulePack
    from .texts import NarrativeText


@dataclass(slots=True)
class Sentence:
    text: str
    start: int
    end: int
    field: str  # "goal" | "actual"


@dataclass(slots=True)
class Claim:
    """One quantitative claim of a narrative and, once judged, its verdict against the indicators."""

    field: str  # "goal" | "actual"
    text: str  # the claim span (evidence), e.g. "服务内容从原来20余项增加到100余项"
    start: int  # offsets of ``text`` in the narrative
    end: int
    quantity: Quantity
    sentence: Sentence
    subject: str = ""  # what is measured: 服务内容, 阵地人气, 闲置空间, 覆盖率
    predicate: str = ""  # direction: 增加到, 提升, 盘活, 达
    checkable: bool = True
    verdict: str | None = None  # supported | contradicted | unsupported | not_checkable
    indicator: int | None = None  # index in form.indicators of the matched indicator
    score: float = 0.0  # match score of that indicator
    reasons: list[str] = field(default_factory=list)
    # Added by the claims pipeline (additive): how the claim reads and what it was compared with.
    claim_kind: str = "level"  # level | change | relative
    family: str | None = None  # unit family of the quantity (pct, person, item, area ...)
    cue: str | None = None  # satisfaction | timeliness when the claim says so
    topic: str = ""  # content words of the claim span, what lexical overlap is computed on
    compared_with: str | None = None  # "actual" | "target": the indicator cell the value was compared with
    indicator_value: str | None = None  # that cell's text, for messages


_UNSET: Any = object()


class FormAnalysis:
    """Everything the rules read about one form, each part built on first use (see the module doc)."""

    __slots__ = ("form", "pack", "embedder", "errors", "_texts", "_claims", "_sentences", "_rows")

    def __init__(self, form: Form, pack: RulePack | None = None, embedder: Any = None) -> None:
        self.form = form
        self.pack = pack
        self.embedder = embedder
        self.errors: list[str] = []  # what went wrong in a part, if anything (reported as P001)
        self._texts: Any = _UNSET
        self._claims: Any = _UNSET
        self._sentences: Any = _UNSET
        self._rows: Any = _UNSET

    @property
    def texts(self) -> dict[str, NarrativeText]:
        """goal / actual narratives, folded, cut, with their quantities (empty if they cannot be read)."""
        if self._texts is _UNSET:
            from .texts import form_narratives

            pairs, blocked = _text_settings(self.pack)
            try:
                self._texts = form_narratives(self.form, pairs, blocked)
            except Exception as exc:  # noqa: BLE001 - one odd narrative must not stop a batch
                self.errors.append(f"texts: {type(exc).__name__}: {exc}")
                self._texts = {}
        return self._texts

    @property
    def claims(self) -> list[Claim]:
        """The claims of the goal and actual narratives, judged against the indicators; [] (and an
        entry in ``errors``) when extraction or matching fails."""
        if self._claims is _UNSET:
            self._claims = self._judged_claims()
        return self._claims

    @claims.setter
    def claims(self, value: list[Claim]) -> None:
        self._claims = value

    @property
    def sentences(self) -> list[Sentence]:
        """The sentences of the goal and actual narratives, in that order."""
        if self._sentences is _UNSET:
            out = []
            for fld in ("goal", "actual"):
                nt = self.texts.get(fld)
                if nt is not None and getattr(self.form, fld):
                    out.extend(Sentence(nt.raw[p.start : p.end], p.start, p.end, fld) for p in nt.text.sentences)
            self._sentences = out
        return self._sentences

    @property
    def rows(self) -> FormAssessment:
        """One verdict per indicator row under the pack's scoring rules (checks/assess.py)."""
        if self._rows is _UNSET:
            from ..checks.assess import assess

            self._rows = assess(self.form, self._pack())
        return self._rows

    def _pack(self) -> RulePack:
        if self.pack is None:
            from ..packs import load_pack

            self.pack = load_pack()
        return self.pack

    def _judged_claims(self) -> list[Claim]:
        from .claims import extract_claims
        from .lexicon import claims_lexicon
        from .matching import match_claims

        claims: list[Claim] = []
        try:
            lex = claims_lexicon(self.pack)
            for fld in ("goal", "actual"):
                nt = self.texts.get(fld)
                if nt is not None and getattr(self.form, fld):
                    claims.extend(extract_claims(nt.text, fld, lex)[1])
            match_claims(self.form, claims, self.embedder, lex, _matching_params(self.pack))
        except Exception as exc:  # noqa: BLE001 - one odd narrative must not stop a batch
            self.errors.append(f"claims: {type(exc).__name__}: {exc}")
            return []
        return claims


def _text_settings(pack: RulePack | None) -> tuple[str, str]:
    """The pack's extra traditional -> simplified pairs and its not-a-quantity phrases (one regex)."""
    if pack is None:
        from ..packs import load_pack

        pack = load_pack()
    key = ("analysis", "text_settings")
    found = pack.memo.get(key)
    if found is None:
        from .consistency import lexicon as narrative_lexicon
        from .lexicon import claims_lexicon

        pairs = str(narrative_lexicon(pack).raw.get("trad_to_simp", "") or "")
        phrases = [str(p) for p in claims_lexicon(pack).raw.get("not_quantities", []) or [] if p]
        found = pack.memo[key] = (pairs, "|".join(f"(?:{p})" for p in phrases))
    return found


def _matching_params(pack: RulePack | None) -> Any:
    return pack.settings.matching if pack is not None else None


def analyze(form: Form, pack: RulePack | None = None, embedder: Any = None) -> FormAnalysis:
    """The analysis of ``form`` with its claims judged (a convenience for scripts and tests)."""
    result = FormAnalysis(form, pack, embedder)
    _ = result.claims
    return result
