"""A table region as one flat stream of cells, whatever the layout.

Why one stream: tab rows, pipe rows, one cell per line, space-separated lines and lines with no
separator at all are the same table printed differently. Flattening them into cells that remember
whether they start a physical line lets one decoder (``decode.py``) find the rows: in a line layout
a line is usually a row (``lines`` is True and a row starting mid-line costs), in a one-cell-per-line
or fused layout only the cells' content says where a row starts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from .cells import NAME_TAILS, split_fused, split_line
from .celltypes import (
    BIG,
    CAT1,
    CAT2,
    EMPTY,
    FRAG,
    NAME,
    OPQ,
    PCT,
    PROSE,
    QTY,
    QUAL,
    SMALL,
    UNIT,
    VALUE_CLASSES,
    CellType,
    category_of_key,
    cell_type,
    qualitative_tail,
)
from .scan import Doc


@dataclass(slots=True)
class SCell:
    """One cell of the stream: raw text and offsets, its content class, and its place in the lines."""

    text: str
    start: int
    end: int
    line: int  # 0-based line of the file
    line_start: bool  # the first cell of its physical line
    t: CellType
    fused: bool = False  # cut out of a line with no separators
    glued: bool = False  # touches the text before or after it with no space (a fused cell that may hide
    #                      several numbers; one with spaces around it is whole, "42600人" in a spaced line)


@dataclass(slots=True)
class Stream:
    cells: list[SCell]
    lines: bool  # a line layout: most lines hold several cells (tab/pipe/space rows)
    mode: str  # "tab" | "pipe" | "space" | "cell" (one cell per line) | "fused"


_PAGE_MARK = re.compile(r"\d{1,2}、(?=\S)")  # a doc-sharing page's number: the text goes on from the last page


def _mode(lines: list[str]) -> str:
    body = [ln for ln in lines if ln.strip()]
    if not body:
        return "cell"
    if sum(1 for ln in body if "\t" in ln) >= 0.3 * len(body):
        return "tab"
    if sum(ln.count("|") for ln in body) >= len(body):
        return "pipe"
    return "space"


_MAX_FUSED_RUN = 200_000  # characters of fused lines read as one run: a printed table is a few thousand;
#                           a fuzzed workbook of 3,000 fused lines (15.8 million characters) read as one
#                           run held two offset lists of that length (1.5 GB)


def table_stream(doc: Doc, a: int, b: int) -> Stream:
    """The cells of raw [a, b) in reading order (fused lines cut by the token pattern)."""
    text = doc.raw[a:b]
    raw_lines = text.split("\n")
    mode = _mode(raw_lines)
    cells: list[SCell] = []
    multi = 0
    valued = 0  # lines holding a value cell
    valued_cells = 0
    nonblank = 0
    spans: list[tuple[int, int]] = []
    off = a
    for ln in raw_lines:
        spans.append((off, off + len(ln)))
        off += len(ln) + 1
    first_line = doc.line_of(a)
    k = 0
    while k < len(raw_lines):
        ln = raw_lines[k]
        s, e = spans[k]
        line_no = first_line + k
        k += 1
        if not ln.strip():
            continue
        fused_line = doc.is_fused_line(line_no)
        while fused_line:  # consecutive fused lines (blank lines between) are one run: a page break
            n = k          # splits a cell ("…网络" / "2、覆盖率"), it does not end the row
            while n < len(raw_lines) and not raw_lines[n].strip():
                n += 1
            if n < len(raw_lines) and spans[n][1] - s <= _MAX_FUSED_RUN \
                    and (doc.is_fused_line(first_line + n) or _PAGE_MARK.match(raw_lines[n])):
                e = spans[n][1]
                k = n + 1
            else:
                break
        if fused_line:
            nt = doc.nt
            i = bisect.bisect_left(nt.pos, s, 0, len(nt.text))
            j = bisect.bisect_left(nt.pos, e, 0, len(nt.text))
            raw = doc.raw
            got = [SCell(c.text, c.start, c.end, line_no, False, cell_type(c.text), True,
                         c.start > s and not raw[c.start - 1].isspace() or c.end < e and not raw[c.end].isspace())
                   for c in split_fused(doc.raw, nt, i, j)]
        else:
            got = [SCell(text, cs, ce, line_no, False, cell_type(text))
                   for text, cs, ce in split_line(doc.raw, s, e, mode if mode != "cell" else "space")]
            got = _drop_trailing_pipe_blank(got, ln)
        if not got:
            continue
        got[0].line_start = True
        nonblank += 1
        classes = [c.t.cls for c in got]  # (read once: asked twice per line of every table)
        if not VALUE_CLASSES.isdisjoint(classes):
            valued += 1
            valued_cells += len(got)
            if len(classes) - classes.count(EMPTY) >= 2:
                multi += 1
        cells.extend(got)
    cells = merge_category_pieces(cells)
    cells = _join_name_tails(cells)
    cells = _cut_scrambled_labels(cells)
    cells = _cut_glued_targets(cells)
    fused = any(c.fused for c in cells)
    # a line layout has a row per line: not one line holding the whole table (a one-line table is a stream)
    lines = valued > 1 and multi >= 0.5 * valued and not fused and valued_cells <= 16 * valued
    cells = join_value_units(cells, same_line=not lines, line_layout=lines)
    kind = "fused" if fused and not lines else (mode if lines else "cell")
    return Stream(cells, lines, kind)


_PIECE_CLASSES = frozenset({FRAG, CAT1, CAT2, QUAL, NAME})


def merge_category_pieces(cells: list[SCell]) -> list[SCell]:
    """Join the pieces of a category label printed over several cells ("产出" / "指标", "满意" / "度指" /
    "标", one character per line when printed vertically) into one category cell: the longest run of
    short, digit-free cells whose joined text is a category label."""
    out: list[SCell] = []
    i, n = 0, len(cells)
    while i < n:
        c = cells[i]
        best = None
        if c.t.cls in _PIECE_CLASSES and len(c.t.key) <= 6 and (c.t.cls != NAME or len(c.t.key) <= 3):
            key = c.t.key
            for j in range(i + 1, min(n, i + 7)):
                d = cells[j]
                if d.t.cls not in _PIECE_CLASSES or len(d.t.key) > 4 or d.t.cls == NAME and len(d.t.key) > 2:
                    break
                key += d.t.key
                if len(key) > 12:
                    break
                if category_of_key(key) is not None:
                    best = (j, key)
        if best is None:
            out.append(c)
            i += 1
            continue
        j, key = best
        last = cells[j]
        out.append(SCell("".join(x.text for x in cells[i : j + 1]), c.start, last.end, c.line, c.line_start,
                         cell_type(key), c.fused))
        i = j + 1
    return out


_BARE_NUMBER = frozenset({SMALL, BIG, OPQ})


_NAME_TAILS = frozenset(NAME_TAILS)
_TEXT_PIECES = frozenset({NAME, QUAL, FRAG})


def _join_name_tails(cells: list[SCell]) -> list[SCell]:
    """A name that a spaced line cut into words ("培训 合格 率"): a lone character that only ends a name
    (率, 度, 性…), set apart by a space, joins the text cells before it on its line, back to a name, even
    over a word that alone reads as a qualitative value ("合格")."""
    out: list[SCell] = []
    for c in cells:
        if c.t.key in _NAME_TAILS and not c.line_start and out and out[-1].line == c.line and c.start > out[-1].end:
            k = len(out)
            while k > 0 and len(out) - k < 2 and out[k - 1].line == c.line and out[k - 1].t.cls in _TEXT_PIECES:
                k -= 1
                if out[k].t.cls == NAME:
                    break
            if k < len(out) and out[k].t.cls == NAME:
                pieces = [*out[k:], c]
                key = "".join(p.t.key for p in pieces)
                out[k:] = [SCell(" ".join(p.text for p in pieces), pieces[0].start, c.end, c.line,
                                 pieces[0].line_start, cell_type(key))]
                continue
        out.append(c)
    return out


def join_value_units(cells: list[SCell], same_line: bool = False, line_layout: bool = False) -> list[SCell]:
    """A number and its unit wrapped onto the next line ("≥130.00" / "(人)"): one value cell, when the
    unit is in brackets as values print theirs ("95.00(%)"). In a stream (``same_line``) also a unit
    word after its number on the same line. A bare unit word on a line of its own, or in a line layout,
    is a 度量单位 column."""
    out: list[SCell] = []
    for c in cells:
        prev = out[-1] if out else None
        # a unit opening a line is its number's, wrapped: in brackets anywhere; bare in a line layout,
        # where a 度量单位 column never starts a row's line
        wrapped = c.line_start and (c.t.key[:1] in "((" or line_layout)
        # in a stream (not a line per row), a unit word printed after its number on the same line ("≥90.00 百分比")
        spaced = same_line and not c.line_start and prev is not None and c.line == prev.line
        if prev is not None and prev.t.cls in _BARE_NUMBER and prev.t.unit is None \
                and (not prev.fused or c.start > prev.end) and (wrapped or spaced):
            joined = _joined_value(prev, c) if c.t.cls == UNIT or wrapped and c.t.cls == NAME else None
            if joined is not None:
                out[-1] = joined
                continue
        out.append(c)
    return out


def units_printed_inline(cells: list[SCell]) -> bool:
    """Some value cell of the table prints its unit inside it ("33.34公里", "≥95%"): the table does not
    print every number bare beside a 度量单位 column, so a unit alone on the line after a bare number
    is that number's, wrapped (the same number either way; only a unit column printed before its
    values would be misread, and no template prints one there). A table whose values are all bare
    keeps its unit column."""
    return any(c.t.cls in _UNIT_VALUES and c.t.unit and c.t.unit != "分" for c in cells)


_UNIT_VALUES = frozenset({QTY, PCT, OPQ})


def _joined_value(number: SCell, tail: SCell) -> SCell | None:
    """``number`` and the ``tail`` after it as one value cell: a unit ("座", "(人)"), or a unit with its
    direction word wrapped together ("%以上", "人以内": the text says so when the two read as one
    value of the same number)."""
    key = number.t.key + tail.t.key
    t = cell_type(key)
    if tail.t.cls != UNIT and (len(tail.t.key) > 6 or t.cls != OPQ or t.value != number.t.value
                               or not t.unit or not tail.t.key.startswith(t.unit)):
        return None  # ("4" / "组织实施" is a weight and the next row's label, not "4组")
    return SCell(number.text + tail.text, number.start, tail.end, number.line, number.line_start, t)


def _drop_trailing_pipe_blank(cells: list[SCell], line: str) -> list[SCell]:
    """"内容 |" (one cell per line, each closed by a pipe) is one cell, not a cell and a blank one;
    a line that is only pipes is one blank cell (a blank cell of the one-cell-per-line table)."""
    if not cells:
        return cells
    if all(c.t.cls == EMPTY for c in cells):
        return cells[:1]
    while len(cells) > 1 and cells[-1].t.cls == EMPTY and line.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def stream_of(doc: Doc, cells: list[SCell]) -> str:
    """Debug view: one line per cell."""
    return "\n".join(f"{'^' if c.line_start else ' '} {c.t.cls:6} {c.text[:40]}" for c in cells)


__all__ = ["SCell", "Stream", "table_stream", "stream_of", "units_printed_inline"]
_ = CellType  # re-exported type for callers' annotations


def _cut_glued_targets(cells: list[SCell]) -> list[SCell]:
    """A fused name that ends in a direction phrase ("…图书借阅量较上年借阅人次明显增加") holds its
    qualitative target too: cut it off as a cell of its own (with the word the token cut had already
    taken off its end: "…同比上年销量显著" + "提高")."""
    out: list[SCell] = []
    i = 0
    while i < len(cells):
        c = cells[i]
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if not (c.fused and c.t.cls in (NAME, PROSE)) or c.text.strip() != c.t.key:
            out.append(c)
            i += 1
            continue
        joined = nxt is not None and nxt.fused and nxt.t.cls == QUAL and nxt.start == c.end \
            and qualitative_tail(c.t.key + nxt.t.key) is not None
        k = qualitative_tail(c.t.key + nxt.t.key) if joined else qualitative_tail(c.t.key)
        if k is None or k >= len(c.t.key):
            out.append(c)
            i += 1
            continue
        a = c.text.index(c.t.key[:1])
        head = c.text[: a + k]
        tail_end = nxt.end if joined else c.end
        tail = c.text[a + k :] + (nxt.text if joined else "")
        out.append(replace(c, text=head, end=c.start + len(head), t=cell_type(head)))
        out.append(replace(c, text=tail, start=c.start + len(head), end=tail_end, line_start=False,
                           t=cell_type(tail)))
        i += 2 if joined else 1
    return out


def _cut_scrambled_labels(cells: list[SCell]) -> list[SCell]:
    """A fused name whose head is a vertically printed category label read out of order: the head is cut
    off as a label fragment (skipped), the rest is the name."""
    from .categories import scrambled_label_head

    out: list[SCell] = []
    for c in cells:
        n = scrambled_label_head(c.t.key) if c.fused and c.t.cls in (NAME, PROSE) and c.text == c.t.key else 0
        if not n:
            out.append(c)
            continue
        head, rest = c.text[:n], c.text[n:]
        out.append(SCell(head, c.start, c.start + n, c.line, c.line_start, CellType(FRAG, head), True, c.glued))
        out.append(SCell(rest, c.start + n, c.end, c.line, False, cell_type(rest), True, c.glued))
    return out
