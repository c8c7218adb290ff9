"""The form-level deviation notes: 偏差大或目标未完成原因分析, 存在问题 / 改进措施 blocks below the table.

Why: many forms explain their shortfalls once, under the indicator table, instead of in each row's
偏差原因 cell; the deviation rules (D001, D003) must read those blocks. Called by the parser with
the raw text of one form (``read_notes(form.text, form.text_offset, first_line)``); it needs nothing
else of the parse, so it does not move when the table reader changes.

A block starts where a line opens with one of the labels of ``deviation_notes.labels``
(rules/lexicons/layout.yaml; numbering such as "三、" or "(四)" before it is allowed) and runs to
the next line that opens with a label of ``labels`` or ``end_labels`` (评价结论, 项目负责人…), or
the end of the form. A label that heads a table column is not a block: other column names on its
line, a column name on the line before (cell-per-line headers), or a category label (产出指标…)
right after it. A block whose text is empty or only the template's prompt is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Narrative, Source
from ..text import fold, key

_NUMBERING = re.compile(r"^[\s|]*(?:[一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．])?\s*")
_SEPS = " \t|:：\u3000"
_TABLE_WINDOW = 12  # a block whose first characters hold a category label (产出指标…) is the table
_PROMPT = re.compile(r"[(（]\s*\d+\s*字以内\s*[)）]")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str], tuple[str, ...], tuple[str, ...]]:
    from ..packs import load_lexicon_file

    spec = load_lexicon_file("layout.yaml").get("deviation_notes") or {}

    def keys(name: str) -> tuple[str, ...]:
        return tuple(sorted({key(w) for w in spec.get(name) or [] if w}, key=len, reverse=True))

    return (keys("labels"), keys("end_labels"), frozenset(keys("column_words")), keys("table_starts"),
            keys("prompts"))


def read_notes(text: str, offset: int = 0, first_line: int | None = None) -> list[Narrative]:
    """The deviation notes of one form's raw text (``offset``: where that text starts in the file,
    ``first_line``: its 1-based line, for Sources). Only lines holding a label are looked at, so a
    long form costs one search of the folded text."""
    labels, ends, columns, table_starts, prompts = _lexicon()
    finder = _finder()
    if finder is None:
        return []
    folded = fold(text)
    out: list[Narrative] = []
    done = -1  # blocks do not overlap: a label inside a block already read is part of its text
    for m in finder.finditer(folded):
        start = folded.rfind("\n", 0, m.start()) + 1
        if start <= done:
            continue
        end = _line_end(text, start)
        line = text[start:end]
        head = _NUMBERING.match(line)
        body_at = start + (head.end() if head else 0)
        k = key(text[body_at:end])
        label = next((lb for lb in labels if k.startswith(lb)), None)
        if label is None or _is_column_header(k, label, _previous_key(text, start), columns):
            continue
        label_end = _skip_label(text, body_at, len(label))
        runs = [(label_end, text[label_end:end])]
        at = end + 1
        while at < len(text):
            nxt = _line_end(text, at)
            line2 = text[at:nxt]
            head2 = _NUMBERING.match(line2)
            k2 = key(line2[head2.end():] if head2 else line2)
            if any(k2.startswith(lb) for lb in labels + ends):
                break
            runs.append((at, line2))
            at = nxt + 1
        done = at - 1
        note = _narrative(text, runs, offset, first_line, prompts)
        first = key(note.text)[:_TABLE_WINDOW]
        if note and not any(t in first for t in table_starts):
            out.append(note)
    return out


@lru_cache(maxsize=1)
def _finder() -> re.Pattern[str] | None:
    """Any block label in the folded text (a blank may sit between two of its characters)."""
    labels = _lexicon()[0]
    if not labels:
        return None
    return re.compile("|".join(r"\s*".join(map(re.escape, lb)) for lb in labels))


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _previous_key(text: str, start: int) -> str:
    """The folded key of the last non-blank line before ``start`` (a header printed cell by cell)."""
    end = start - 1
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        k = key(text[begin:end]).strip("|")
        if k:
            return k
        end = begin - 1
    return ""


def _is_column_header(k: str, label: str, prev_key: str, columns: frozenset[str]) -> bool:
    """The label names a table column: other column names on its line, or on the line before (a
    header printed one cell per line, or wrapped over two lines)."""
    rest = k[len(label):]
    return any(c in rest or c in prev_key for c in columns)


def _skip_label(text: str, at: int, n_key: int) -> int:
    """The offset just after a label of ``n_key`` folded, blank-free characters starting at ``at``,
    and after the separators that follow it."""
    seen = 0
    i = at
    while i < len(text) and seen < n_key:
        if not text[i].isspace():
            seen += 1
        i += 1
    while i < len(text) and text[i] in _SEPS:
        i += 1
    return i


def _narrative(text: str, runs: list[tuple[int, str]], offset: int, first_line: int | None,
               prompts: tuple[str, ...]) -> Narrative:
    """The block's text joined from its lines (each stripped of blanks and cell bars; lines joined as
    the parser joins a wrapped cell), with the map back to the file (Narrative.pieces / joins)."""
    pieces: list[tuple[int, int, int]] = []
    joins: list[str | None] = []
    parts: list[str] = []
    n = 0
    prev_end = -1
    for at, run in runs:
        stripped = run.strip(_SEPS)
        if not stripped or _is_prompt(stripped, prompts):
            continue
        s = at + run.index(stripped)
        if pieces:
            gap = text[prev_end:s]
            joins.append(gap if not gap.strip(" \t\n|\u3000") else None)
        line = first_line + text.count("\n", 0, s) if first_line is not None else 0
        pieces.append((n, offset + s, line))
        parts.append(stripped)
        n += len(stripped)
        prev_end = s + len(stripped)
    if not pieces:
        return Narrative("")
    body = "".join(parts)
    return Narrative(body, Source(start=pieces[0][1], end=offset + prev_end, line=pieces[0][2] or None),
                     pieces, joins)


def _is_prompt(run: str, prompts: tuple[str, ...]) -> bool:
    """A template prompt left in the block ('结合自评情况,分析存在的问题及原因。(200字以内)')."""
    k = key(_PROMPT.sub("", run)).strip("。.;；,，")
    return not k or any(k.startswith(p) for p in prompts)
