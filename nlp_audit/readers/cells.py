"""Helpers shared by the table readers: one cell -> one line-safe string, one row -> one line.

A row becomes one line of tab-separated cells (the layout the parser reads best), so a cell must
never contain a tab or a newline. Line breaks inside a cell come in two kinds: deliberate ones
(Alt+Enter in Excel, a new paragraph in a Word cell) become a space; visual wrapping inside a PDF
cell is glued back without a space between two CJK characters, since Chinese has no spaces.
"""

from __future__ import annotations

import re

_WS_RUN = re.compile(r"[ \t\u00a0]*[\r\n]+[ \t\u00a0]*")
_TABS = re.compile(r"\t+")


def clean_cell(text: str | None) -> str:
    """Cell text on one line: newlines -> one space, tabs -> space, outer whitespace trimmed."""
    if not text:
        return ""
    text = _WS_RUN.sub(" ", text)
    return _TABS.sub(" ", text).strip()


def _is_wide(ch: str) -> bool:
    return ch >= "\u2e80"  # CJK, kana, full-width forms and punctuation


def _glue(left: str, right: str) -> str:
    """'' inside CJK text and inside a number a narrow cell broke ('300' + '0人次'), else ' '."""
    if _is_wide(left) or _is_wide(right):
        return ""
    if (left.isdigit() or left in ".,") and (right.isdigit() or right in ".,%"):
        return ""
    return " "


def join_wrapped(text: str | None) -> str:
    """Undo visual line wrapping: '实际完成\\n情况' -> '实际完成情况', '≥300\\n0人次' -> '≥3000人次'."""
    if not text:
        return ""
    lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return ""
    out = lines[0]
    for ln in lines[1:]:
        out += _glue(out[-1], ln[0]) + ln
    return _TABS.sub(" ", out)


def row_line(cells: list[str]) -> str:
    """Tab-joined cells with trailing empty cells dropped (they are padding, not content)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return "\t".join(cells[:end])
