"""Where each line of extracted text came from in its native file (sheet!cell, table/row/cell, page).

Readers flatten .xlsx/.docx/.pdf into tab-separated lines for the layout parser; an auditor,
though, opens the workbook, not the extracted text. A reader records one ``Place`` per run of
lines it writes, and ``SourceMap.locate`` turns a 1-based line plus the index of the
tab-separated cell on that line into the native location. The layout stage never sees the map:
it travels beside the text in ``ParsedFile`` and is read once findings have line and column.

A native location is a small dict, the same in every output: ``kind`` (sheet | table |
paragraph | page), the coordinates, and ``text``, a language-neutral label such as
``Sheet1!E3:G3``, ``table 1, row 5, cell 3`` or ``page 2 (x 57, y 120)``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

_PLAIN_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*|[\u4e00-\u9fff\w]+")


def column_letter(index: int) -> str:
    """1 -> 'A', 27 -> 'AA' (Excel column names)."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_ref(sheet: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted when it has spaces or symbols."""
    if _PLAIN_SHEET.fullmatch(sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Place:
    """The native origin of a run of extracted lines.

    ``kind``: "sheet" (``container`` = sheet name, ``row`` = sheet row), "table" (Word table
    number, row), "paragraph" (Word paragraph number) or "page" (PDF page, ``x``/``y`` = the
    line's top-left in points). ``cells`` gives, per tab-separated cell of the line, its column
    number (sheet, Word table) or its (x, y) top-left (PDF table rows); empty when unknown.
    """

    kind: str
    container: str | int
    row: int | None = None
    cells: tuple[Any, ...] = ()
    x: float | None = None
    y: float | None = None


@dataclass(slots=True)
class SourceMap:
    """Line ranges of the extracted text -> Place, sorted by first line (1-based, inclusive)."""

    firsts: list[int] = field(default_factory=list)
    lasts: list[int] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    def add(self, first: int, last: int, place: Place) -> None:
        """Record lines first..last (appended in text order)."""
        self.firsts.append(first)
        self.lasts.append(last)
        self.places.append(place)

    def __len__(self) -> int:
        return len(self.places)

    def place(self, line: int) -> Place | None:
        i = bisect.bisect_right(self.firsts, line) - 1
        if i < 0 or line > self.lasts[i]:
            return None
        return self.places[i]

    def locate(self, line: int, cell: int = 0, end_cell: int | None = None) -> dict[str, Any] | None:
        """The native location of ``cell`` (0-based tab-separated cell) on ``line``, or None.

        ``end_cell`` (same line) makes a sheet location a range (E3:G3) when it differs.
        """
        place = self.place(line)
        if place is None:
            return None
        return native_location(place, cell, end_cell)

    @classmethod
    def from_lines(cls, blocks: list[tuple[str, Place | None]], separator: str = "\n") -> tuple[str, SourceMap]:
        """Join ``(text, place)`` blocks with ``separator`` and map each block's lines to its place."""
        smap = cls()
        parts: list[str] = []
        line = 1
        sep_lines = separator.count("\n")
        for i, (text, place) in enumerate(blocks):
            if i:
                parts.append(separator)
                line += sep_lines
            n = text.count("\n")
            if place is not None:
                smap.add(line, line + n, place)
            parts.append(text)
            line += n
        return "".join(parts), smap

    def shifted(self, lines: int) -> SourceMap:
        """The same map for a text that has ``lines`` more lines in front of it."""
        return SourceMap([f + lines for f in self.firsts], [t + lines for t in self.lasts], list(self.places))

    def extend(self, other: SourceMap) -> None:
        self.firsts.extend(other.firsts)
        self.lasts.extend(other.lasts)
        self.places.extend(other.places)


def _cell_at(cells: tuple[Any, ...], index: int) -> Any:
    if not cells:
        return None
    return cells[min(max(index, 0), len(cells) - 1)]


def native_location(place: Place, cell: int = 0, end_cell: int | None = None) -> dict[str, Any]:
    """The dict every output carries for one place (see the module docstring)."""
    if place.kind == "sheet":
        col = _cell_at(place.cells, cell) or cell + 1
        ref = f"{column_letter(col)}{place.row}"
        out: dict[str, Any] = {"kind": "sheet", "sheet": str(place.container), "cell": ref}
        text = f"{sheet_ref(str(place.container))}!{ref}"
        if end_cell is not None and end_cell != cell:
            end_col = _cell_at(place.cells, end_cell) or end_cell + 1
            if end_col != col:
                out["end_cell"] = f"{column_letter(end_col)}{place.row}"
                text += ":" + out["end_cell"]
        out["text"] = text
        return out
    if place.kind == "table":
        col = _cell_at(place.cells, cell) or cell + 1
        return {"kind": "table", "table": place.container, "row": place.row, "cell": col,
                "text": f"table {place.container}, row {place.row}, cell {col}"}
    if place.kind == "paragraph":
        return {"kind": "paragraph", "paragraph": place.container, "text": f"paragraph {place.container}"}
    out = {"kind": "page", "page": place.container}
    xy = _cell_at(place.cells, cell) or ((place.x, place.y) if place.x is not None else None)
    text = f"page {place.container}"
    if xy is not None and xy[0] is not None:
        out["x"], out["y"] = round(float(xy[0]), 1), round(float(xy[1]), 1)
        text += f" (x {out['x']:.0f}, y {out['y']:.0f})"
    out["text"] = text
    return out
