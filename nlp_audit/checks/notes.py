"""Which rows a form-level deviation note explains (the 偏差大或目标未完成原因分析 / 存在问题 / 改进措施
blocks under the table, ``Form.notes``).

Why: a unit that explains its shortfalls once below the table has explained them; D001 must not say
the reason is missing, and D002 / D003 judge what the note says. A note is tied to the rows it names
(a sentence holding the indicator's name, or most of its wording); a note that names no row speaks
of every shortfall of the form ("存在问题: 受疫情影响部分活动未能开展" / "改进措施: 下一步将…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..text import PUNCT, key, sentences

if TYPE_CHECKING:
    from ..model import Form, Narrative
    from .registry import FormContext

_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_NUMBERING = re.compile(r"^(?:指标\s*\d+\s*[:：.、]?|\d+\s*[、.．:：]|[★☆*※]+)")
_NAME_SHARE = 0.6  # share of a name's character pairs a sentence must hold to name that row


@dataclass(frozen=True, slots=True)
class NoteText:
    """What the notes say about one row: the text, and the note (with its place in the file) it is from."""

    text: str
    note: Narrative
    start: int  # offsets of the first sentence quoted, in note.text
    end: int


def row_notes(ctx: FormContext) -> dict[int, NoteText]:
    """Row index -> what the form's notes say about that row, for the rows that deviate (memoised per form)."""
    found = ctx.memo.get("row_notes")
    if found is None:
        rows = [ra.index for ra in ctx.analysis.rows.deviating]
        found = ctx.memo["row_notes"] = tie(ctx.form, rows)
    return found


def tie(form: Form, rows: list[int]) -> dict[int, NoteText]:
    """The notes of ``form`` tied to the given rows (see the module docstring)."""
    out: dict[int, list[tuple[Narrative, int, int]]] = {}
    if not form.notes or not rows:
        return {}
    names = {i: _name_key(form.indicators[i].name) for i in rows}
    for note in form.notes:
        named: dict[int, list[tuple[int, int]]] = {}
        for sent in sentences(note.text):
            k = key(sent.text)
            for i, name in names.items():
                if name and _names(k, name):
                    named.setdefault(i, []).append((sent.start, sent.end))
        if named:
            for i, spans in named.items():
                out.setdefault(i, []).extend((note, s, e) for s, e in spans)
        else:
            for i in rows:
                out.setdefault(i, []).append((note, 0, len(note.text)))
    result = {}
    for i, parts in out.items():
        note, s, e = parts[0]
        text = "".join(n.text[a:b] for n, a, b in parts)
        result[i] = NoteText(text, note, s, e)
    return result


def _name_key(name: str) -> str:
    core = _BRACKETS.sub("", _NUMBERING.sub("", key(name)))
    return PUNCT.sub("", core)


def _names(sentence_key: str, name: str) -> bool:
    """The sentence holds the name, or most of its character pairs (names are reworded in prose)."""
    if len(name) >= 2 and name in sentence_key:
        return True
    pairs = {name[j : j + 2] for j in range(len(name) - 1)}
    if len(pairs) < 3:
        return False
    held = sum(1 for p in pairs if p in sentence_key)
    return held / len(pairs) >= _NAME_SHARE
