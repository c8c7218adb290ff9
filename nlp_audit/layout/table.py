"""The indicator table: where it is, and reading it from its cells (stream -> column order -> rows).

Where: the header run of column labels when the lexicon knows one (its order is a prior for the
decoder), else the first category label or name-with-values after the form's own labels
(``find_table_by_content``): a renamed, garbled or missing header never hides a table. How it is read
is the business of ``stream`` (cells), ``decode`` (columns and rows) and ``rows`` (indicators).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..model import Indicator, ParseProblem
from .lexicon import lex
from .scan import Doc, Label

_DIGIT = re.compile(r"\d")
_HEADER_TAIL = 30  # characters after the last known column name in which an end word is still a column name
_HDR_GAP = re.compile(r"[\s|]|\([A-Z]\)|\(分\)")
_FILLED_IND = re.compile(r"指标\s*\d+\s*[:：]?\s*\S{2,}")


@dataclass(slots=True)
class Table:
    cols: list[str]
    extras: list[str]
    start: int  # raw offset where rows begin
    end: int
    header_start: int
    project_column: bool = False  # the header's first column is 项目名称: several projects share the table
    header_whole: bool = True  # every column name of the header is one the lexicon places (see find_table)


def find_table(doc: Doc, labels: list[Label], a: int, b: int, kind: str) -> Table | None:
    """Header = the first run of column labels that contains a name column or 一级/二级指标."""
    lx = lex()
    tl = [lb for lb in labels if lb.family in ("tcol", "tsection")
          or (lb.family == "fcol" and lb.name in ("weight", "score"))]
    start_i = None
    for i, lb in enumerate(tl):
        if lb.family == "tcol" and lb.name in ("level1", "level2", "name"):
            start_i = i
            break
    if start_i is None:
        return None
    run = [tl[start_i]]
    for lb in tl[start_i + 1 :]:
        gap = doc.raw[run[-1].end : lb.start]
        if len(_HDR_GAP.sub("", gap)) > 8 and not _names_between(gap):
            break
        run.append(lb)
    run = _second_target_column(doc, run)
    cols: list[str] = []
    extras: list[str] = []
    prev = ""
    for lb in _two_level_header(doc, run):
        if lb.family not in ("tcol", "fcol") or lb.name in ("level1", "level2", "name"):
            continue
        if lb.name == "extra":
            cols.append("extra")
            extras.append(doc.raw[lb.start : lb.end])
        elif lb.name not in cols or lb.name == "unit" and prev in ("target", "actual"):
            # (a 度量单位 after the target's and again after the actual's: two columns, also when a flattened
            # two-level header repeats the parent's names: "…指标值 | 度量单位 | 完成值 | 度量单位")
            cols.append(lb.name)
        prev = lb.name
    hdr_end = run[-1].end
    whole = not _unplaced_names(doc, run)
    # wrapped headers: "年度 实际" above "指标值 完成值"
    hdr_text = doc.raw[run[0].start : hdr_end]
    frags = [col for rx, col in _fragment_patterns() if rx.search(hdr_text)]
    if frags:
        firstnum = next((i for i, c in enumerate(cols) if c in ("weight", "score")), len(cols))
        moved = [c for c in ("target", "actual") if c in frags or c in cols]
        rest = [c for c in cols if c not in moved]
        firstnum = next((i for i, c in enumerate(rest) if c in ("weight", "score")), len(rest))
        cols = rest[:firstnum] + moved + rest[firstnum:]
    fam_text = doc.compact_text(run[0].start, min(b, hdr_end + 200))
    for fam in lx.families.values():
        # a known template's columns, unless the header names more columns than it has (a variant)
        if all(lx.fold_key(s) in fam_text for s in fam["signature"]) and len(fam["columns"]) >= len(cols):
            cols = [c.split(":")[0] for c in fam["columns"]]
            extras = [c.split(":")[1] for c in fam["columns"] if ":" in c]
            break
    if not any(c in cols for c in ("target", "actual", "weight", "score")):
        cols = ["target"] if kind == "declaration" else ["target", "actual", "weight", "score", "reason"]
    # skip the rest of the header line(s) made of labels only
    end = b
    for lb in labels:
        if lb.start >= hdr_end and lb.family in ("tend", "total", "grade") \
                and not (lb.family == "tend" and lb.start - hdr_end <= _HEADER_TAIL
                         and not _DIGIT.search(doc.raw, hdr_end, lb.start)):
            end = lb.start  # (an end word right after the header's names, "… | 得分 | 改进措施", no row between, is a column)
            break
    # 项目名称 printed as the first column of the header row: one table for several projects
    proj = next((lb for lb in labels if lb.family == "header" and lb.name == "project" and lb.end <= run[0].start
                 and not doc.raw[lb.end : run[0].start].strip(" \t|")), None)
    start = proj.start if proj is not None else run[0].start
    return Table(cols, extras, hdr_end, end, start, project_column=proj is not None, header_whole=whole)


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_GAP_CELL = re.compile(r"\t| *\| *| {2,}")


def _names_between(gap: str) -> bool:
    """Whether the text between two recognised column names on their line is a few column names of its own
    (short cells of words, "实际完成 | 标准分 | 实得分"): the header goes on past them."""
    if "\n" in gap.strip(" \t|"):
        return False
    cells = [c for c in _GAP_CELL.split(gap.strip(" \t|")) if c]
    return 1 <= len(cells) <= 4 and all(_HEADER_WORD.fullmatch(c.strip()) for c in cells)


_TARGET_SHAPE = re.compile(r"[\u4e00-\u9fff]{1,6}(?:指标值|目标值)")
_ANNUAL = re.compile(r"年度|本年|当年|全年|年初")


def _second_target_column(doc: Doc, run: list[Label]) -> list[Label]:
    """A header with two target columns (a multi-year declaration's 中期指标值 beside its 年度指标值) scores the
    year's: the other is a column of its own (an extra), whichever of the two the lexicon placed. Without
    this the content reads the first as the target and the year's as an actual a declaration never has."""
    target = next((lb for lb in run if lb.family == "tcol" and lb.name == "target"), None)
    if target is None:
        return run
    for x, y in zip(run, run[1:], strict=False):
        m = _TARGET_SHAPE.search(doc.raw, x.end, y.start)
        if m is None or _CJK_RUN.search(_HDR_GAP.sub("", doc.raw[x.end : m.start()] + doc.raw[m.end() : y.start])):
            continue  # (no target-shaped name between the two, or more than one name there)
        other = Label("tcol", "extra", m.group(), m.start(), m.end(), doc.line_of(m.start()))
        if _ANNUAL.search(other.key) and not _ANNUAL.search(doc.raw[target.start : target.end]):
            other, target = (Label("tcol", "target", other.key, other.start, other.end, other.line),
                             Label("tcol", "extra", target.key, target.start, target.end, target.line))
            run = [target if lb.start == target.start else lb for lb in run]
        return sorted([*run, other], key=lambda lb: lb.start)
    return run


def _unplaced_names(doc: Doc, run: list[Label]) -> bool:
    """Whether the header holds a column name between its recognised ones that the lexicon does not place
    ("指标名称 | 目标值 | 计量单位 | 权重" where only 计量单位 and 权重 are known), or in cells of its own after
    the last one on its line ("三级指标 | 指标性质 | 目标值 | 单位"): then the header under-counts the columns,
    and the rows' cells, not the header, say how many there are and which is which."""
    if any(_CJK_RUN.search(_HDR_GAP.sub("", doc.raw[x.end : y.start])) for x, y in zip(run, run[1:], strict=False)):
        return True
    last = run[-1]
    tail = doc.raw[last.end : doc.line_starts[last.line] + len(doc.line_text(last.line))]
    return bool(_CELL_SEP.match(tail.lstrip(" ")) or tail.startswith("  ")) and bool(_CJK_RUN.search(_HDR_GAP.sub("", tail)))


_CELL_SEP = re.compile(r"\t|\|")


def _two_level_header(doc: Doc, run: list[Label]) -> list[Label]:
    """The header's labels in column order. A two-level header printed on two lines of separated cells
    (年度指标值 spanning 指标性质 | 指标值 | 度量单位 on the line below) is read by position: where the
    lower line names a sub-column, it replaces the label above it."""
    lines = sorted({lb.line for lb in run})
    if len(lines) != 2 or lines[1] != lines[0] + 1:
        return run
    spans = [_cell_spans(doc, ln) for ln in lines]
    if any(len(sp) < 3 for sp in spans):
        return run
    at: list[dict[int, Label]] = [{}, {}]
    for lb in run:
        k = lines.index(lb.line)
        idx = next((i for i, (a, b) in enumerate(spans[k]) if a <= lb.start < b), None)
        if idx is None:
            return run
        at[k].setdefault(idx, lb)
    if not at[1] or min(at[1]) == 0:
        return run
    merged = [at[1].get(i) or at[0].get(i) for i in range(max(len(spans[0]), len(spans[1])))]
    return [lb for lb in merged if lb is not None]


def _cell_spans(doc: Doc, line: int) -> list[tuple[int, int]]:
    a = doc.line_starts[line]
    b = doc.line_starts[line + 1] if line + 1 < len(doc.line_starts) else len(doc.raw)
    text = doc.raw[a:b].rstrip("\n")
    if not _CELL_SEP.search(text):
        return []
    out, pos = [], 0
    for m in _CELL_SEP.finditer(text):
        out.append((a + pos, a + m.start()))
        pos = m.end()
    out.append((a + pos, a + len(text)))
    return out


@lru_cache(maxsize=1)
def _fragment_patterns() -> list[tuple[re.Pattern[str], str]]:
    """Header fragments of wrapped column labels ("年度" above "指标值"), each a whole cell."""
    return [(re.compile(rf"(^|[\s|]){frag}([\s|]|$)"), col) for frag, col in lex().header_fragments.items()]


@lru_cache(maxsize=8192)
def is_placeholder(key: str) -> bool:
    """Template text left in a cell: 指标2, ……, XX, (100字以内)."""
    return any(p.search(key) for p in lex().placeholders) and not _FILLED_IND.search(key)


def _project_cell_indexes(cells) -> list[int]:
    """Cells that open a row line with a text and are followed on that line by a category label: the
    shape of a 项目名称 column printed on each project's first row only."""
    from .celltypes import CAT1, CAT2, EMPTY, NAME, PROSE, REASON

    out = []
    for i, c in enumerate(cells):
        if not (c.line_start and c.t.cls in (NAME, PROSE, REASON)):
            continue  # (asked first: the next filled cell is looked for only after a text opening a line)
        nxt = next((x for x in cells[i + 1 : i + 3] if x.t.cls != EMPTY), None)
        if nxt is not None and nxt.line == c.line and nxt.t.cls in (CAT1, CAT2):
            out.append(i)
    return out


_PROJECT_NAME_MIN = 5  # a project's name is longer than a level-1 label the lexicon lacks ("项目产出")


def mark_project_cells(cells, header_says: bool) -> None:
    """In a table whose first column is 项目名称, the first cell of a row line names the project its
    rows belong to (printed on each project's first row only): it is no indicator name. The header
    saying so is one proof; without it (a header the lexicon does not know), two or more distinct
    project-long texts in that place are."""
    from dataclasses import replace

    from .celltypes import PROJ

    found = _project_cell_indexes(cells)
    if not header_says:
        texts = {cells[i].t.key for i in found}
        if len(found) < 2 or len(texts) < len(found) or min(len(k) for k in texts) < _PROJECT_NAME_MIN:
            return
    for i in found:
        cells[i].t = replace(cells[i].t, cls=PROJ)  # a project opens its block of categories


def mark_garbled_header_cells(cells) -> None:
    """Header names garbled by OCR ("二级措标三级指标分植") read as text; between two column names, before
    the first block or value, with the words column names are made of, the cell is a header cell and
    no indicator name (else it takes the first row's values from it)."""
    from dataclasses import replace

    from .celltypes import CAT1, CAT2, EMPTY, HDR, NAME, PROSE, QUAL, REASON, VALUE_CLASSES
    from .decode import HEADER_WORDS

    filled = [i for i, c in enumerate(cells) if c.t.cls != EMPTY]
    head = next((k for k, i in enumerate(filled) if cells[i].t.cls in (CAT1, CAT2) or cells[i].t.cls in VALUE_CLASSES),
                len(filled))
    for k, i in enumerate(filled[:head]):
        c = cells[i]
        if c.t.cls in (NAME, PROSE, REASON, QUAL) and 0 < k < len(filled) - 1 and cells[filled[k - 1]].t.cls == HDR \
                and (HEADER_WORDS.search(c.t.key) and cells[filled[k + 1]].t.cls == HDR
                     or c.fused and _FUSED_NAMES.fullmatch(c.text.strip()) and cells[filled[k + 1]].t.cls in (HDR, CAT1, CAT2)):
            # (in a fused header, the words between two column names, or between the last and the first
            # category label, are column names the lexicon lacks)
            cells[i].t = replace(c.t, cls=HDR)
    # a short name the lexicon lacks on a line of column names, before the first row ("三级指标名称 | 计划值 |
    # 实际完成 | 分数"; a name may read as a qualitative word): a column name, no indicator; after the first
    # (the name column's), it tells the decoder the header does not place every column
    # (a short 指标 of no category, "计划指标", is such a name too)
    first_block = next((k for k, i in enumerate(filled) if cells[i].t.cls in (CAT1, CAT2)
                        and cells[i].t.cat != (None, None)), len(filled))
    header_cells = [cells[i] for i in filled[:first_block] if not cells[i].fused]
    per_line = Counter(c.line for c in header_cells if c.t.cls == HDR)
    numbers = {c.line for c in header_cells if c.t.cls in VALUE_CLASSES and c.t.cls != QUAL}
    if not numbers and first_block < len(filled) and sum(per_line.values()) >= 2:
        # nothing but names before the first category label, one per line or all on one line: the header
        # (the first row's name comes after its labels), its names those from the first known one on
        first_hdr = next(k for k, c in enumerate(header_cells) if c.t.cls == HDR)
        for c in header_cells[first_hdr:]:
            if c.t.cls in (NAME, PROSE, QUAL, CAT1, CAT2) and _HEADER_WORDS_RUN.fullmatch(c.text.strip()):
                c.t = replace(c.t, cls=HDR)  # (in a one-line table, names a space apart and a glyph cut off one)
        return
    for c in header_cells:
        if c.t.cls in (NAME, QUAL, CAT1, CAT2) and per_line[c.line] >= 2 and c.line not in numbers \
                and _HEADER_WORD.fullmatch(c.text.strip()):
            c.t = replace(c.t, cls=HDR)


def table_stream_of(doc: Doc, t: Table):
    """The cells of a table in reading order, with the marks its header implies (project cells, garbled
    header cells)."""
    from .stream import join_value_units, table_stream, units_printed_inline

    # (a content-found table under a header of names the lexicon lacks streams from its first row)
    st = table_stream(doc, t.header_start if t.cols else t.start, t.end)
    if st.lines:
        mark_project_cells(st.cells, t.project_column)
    elif t.cols and "unit" not in t.cols or not t.cols and units_printed_inline(st.cells):
        # one cell per line under a header with no 度量单位 column, or under none while the table prints
        # units inside its value cells: a unit word on the line after a number is that number's, wrapped
        # ("≥34" / "公里")
        st.cells = join_value_units(st.cells, line_layout=True)
    mark_garbled_header_cells(st.cells)
    return st


def read_table(doc: Doc, t: Table, kind: str) -> tuple[list[Indicator], list[ParseProblem]]:
    """The indicator table read from its cells: stream -> column order -> rows -> indicators."""
    inds, problems, _groups = read_table_projects(doc, t, kind)
    return inds, problems


def read_table_projects(doc: Doc, t: Table, kind: str):
    """``read_table`` plus the indicators grouped by the project they belong to (one group unless the
    table is shared by several projects)."""
    from .decode import decode, infer_order
    from .rows import build_indicators, split_projects

    st = table_stream_of(doc, t)
    header = tuple(t.cols) if t.cols else None
    order = infer_order(st.cells, st.lines, header, kind, t.header_whole)
    dec = decode(st.cells, order, st.lines)
    inds, problems = build_indicators(doc, dec, kind, tuple(t.extras) if "extra" in t.cols else ())
    return inds, problems, split_projects(dec, inds)


_BARE_NUMBERS = frozenset({"SMALL", "BIG", "PCT"})
_CONTENT_LOOKAHEAD = 16  # cells after a category label in which values must appear for a table to start


def find_table_by_content(doc: Doc, labels: list[Label], a: int, b: int) -> Table | None:
    """A table with no header the lexicon knows (a continuation page, a renamed header, a fragment):
    it starts at the first category label, or the first line holding a name and two values, that is
    followed by values; it never starts on a line holding a form label (a funds row, a narrative, a
    header field), and it ends at the first end label after it."""
    from .celltypes import CAT1, CAT2, DATE, FRAG, NAME, PROSE, VALUE_CLASSES
    from .stream import table_stream

    st = table_stream(doc, a, b)
    cells = st.cells
    cell_starts = [c.start for c in cells]
    form_labels = [lb for lb in labels if lb.family in ("header", "stop", "ftotal", "fpart", "fcol", "goal", "actual")
                   and not (lb.family in ("header", "stop") and _inside_prose_cell(cells, cell_starts, lb))]
    # the funds block precedes the narratives and the indicator table in every template: a funds word after
    # either is inside the table ("带动农户增收总额" glued in a fused row), not a label
    # (a category cell on a separated line of a form label is not the table's: "项目名称 | … | 绩效目标" is
    # the header block's line; a fused line holds labels and table alike)
    form_label_lines = {lb.line for lb in form_labels}
    table_text = next((c.start for i, c in enumerate(cells) if c.t.cls in (CAT1, CAT2)
                       and (c.fused or c.line not in form_label_lines)
                       and sum(1 for x in cells[i + 1 : i + 1 + _CONTENT_LOOKAHEAD] if x.t.cls in VALUE_CLASSES) >= 2
                       and _opens_rows(cells, i)), b)
    narrative = next((lb.start for lb in form_labels if lb.family in ("goal", "actual")), b)
    form_labels = [lb for lb in form_labels
                   if lb.family not in ("ftotal", "fpart", "fcol") or lb.start < min(narrative, table_text)]
    label_lines = {lb.line for lb in form_labels}
    # the table follows the form's own labels: those before its first category row (a note under the table,
    # "备注：预算执行情况口径…", is not one, nor is the title of its second block)
    after = max((lb.end for lb in form_labels if lb.start < table_text), default=a)
    fcols = [lb for lb in labels if lb.family == "fcol"]
    funds_end = next((lb.start for lb in labels if fcols and lb.start > fcols[-1].end
                      and lb.family in ("goal", "actual", "tcol", "tsection")), b) if fcols else a
    # rows of amounts up to the last funds label before the table are the funds block's, wherever the
    # narratives sit (some templates print them above the funds block)
    funds_rows_end = max([a, *(lb.end for lb in labels if lb.family in ("ftotal", "fpart") and lb.start < table_text)])
    # rows seen by their shape alone start after the narratives when those precede the table's category rows
    # (what comes before them is the header and funds block, whose sub-rows may carry names no lexicon has)
    runs_from = max(funds_rows_end, narrative if narrative < table_text else a)
    start = None
    for i, c in enumerate(cells):
        if c.start < after and c.line in label_lines:
            continue
        window = cells[i + 1 : i + 1 + _CONTENT_LOOKAHEAD]
        values = sum(1 for x in window if x.t.cls in VALUE_CLASSES)
        if c.t.cls in (CAT1, CAT2) and values >= 2 and any(x.t.cls in (NAME, PROSE) for x in window) \
                and _opens_rows(cells, i):
            start = cells[_first_of_name_block(cells, i, after)].start
            break
        after_frag = c.fused and i > 0 and cells[i - 1].line_start and cells[i - 1].t.cls == FRAG \
            and cells[i - 1].line == c.line  # (a fused row opened by pieces of a vertically printed label)
        if c.t.cls in (NAME, PROSE) and (st.lines and c.line_start or after_frag):
            same = [x for x in cells[i + 1 : i + 8] if x.line == c.line]
            vals = [x for x in same if x.t.cls in VALUE_CLASSES]
            # (dates alone are a page's metadata, "成文日期 2024-03-27 发布日期 2024-03-27", not a row's values)
            if len(vals) >= 2 and any(x.t.cls != DATE for x in vals) and not (
                    c.start < max(funds_end, runs_from, table_text if table_text < b else a)
                    and all(x.t.cls in _BARE_NUMBERS for x in same if x.t.cls in VALUE_CLASSES)):
                start = c.start  # (a row of bare amounts under the funds block's header, above narratives that
                break  #           precede the table's category rows or above those rows, is a funds row)
        if c.t.cls == NAME and c.start >= runs_from and _record_run(cells, i, bare_ok=c.start >= funds_end):
            start = c.start  # rows seen as rows whatever the line structure: name, values, name, values…
            break
    if start is None:
        return None
    header, known = _after_header_line(cells, start, after)
    if known:
        start = header  # (a header of names the lexicon knows is read with the rows: its cells are HDR)
    end = b
    for lb in labels:
        if lb.start >= start and lb.family in ("tend", "total", "grade"):
            end = lb.start
            break

    def line_begin(off: int) -> int:
        line_start = doc.line_starts[doc.line_of(off)]
        return line_start if not doc.raw[line_start:off].strip(" \t|") else off

    return Table([], [], line_begin(start), end, line_begin(min(header, start)))


def _inside_prose_cell(cells, starts: list[int], lb: Label) -> bool:
    """A header word inside a long sentence cell ("项目实施单位的财务和业务管理制度是否健全,用以反映…", a scoring
    criterion of a 决策/管理 block): a word of that text, not a label of the form's header block."""
    k = bisect.bisect_right(starts, lb.start) - 1
    if k < 0:
        return False
    c = cells[k]
    return c.start + len(c.text) >= lb.end and len(c.text) >= len(lb.key) + 12 and _PROSE_MARK.search(c.text) is not None


_PROSE_MARK = re.compile(r"[，,。；;]")


# after a category label a row's name may hold a comma ("完成院区建设,医疗收入达到5亿元"); a full stop, a
# semicolon or a leading comma still mark a sentence (stricter _SENTENCE_PIECE below: no label vouches there)
_SENTENCE_MARK = re.compile(r"[。；;]|^[，,、]")


def _opens_rows(cells, i: int) -> bool:
    """Whether the category label at ``i`` heads rows: past the labels that follow it (and the 、 of a
    sentence that lists them) comes a value, or a text that is no piece of a sentence. A report that says
    "从产出指标、效益指标、满意度指标设置。(二)…" names categories without opening a table."""
    from .celltypes import CAT1, CAT2, DASH, EMPTY, FRAG, NAME, PROSE, SECT, VALUE_CLASSES

    k = i + 1
    while k < len(cells) and cells[k].t.cls in (CAT1, CAT2, DASH, EMPTY, FRAG, SECT):
        k += 1
    if k >= len(cells):
        return False
    if cells[k].t.cls in VALUE_CLASSES:
        return True  # (a name lost to OCR or printed elsewhere: the row's values follow the label)
    return cells[k].t.cls in (NAME, PROSE) and not _SENTENCE_MARK.search(cells[k].text)


_RUN_RECORDS = 4  # records looked at from a candidate first row
# a narrative cut at its figures ("全年落实管护责任，新建防火通道" 13.09公里 "，聘用…") leaves pieces of sentences,
# which an indicator's name is not
_SENTENCE_PIECE = re.compile(r"[，,。；;]")


def _record_run(cells, i: int, bare_ok: bool = True) -> bool:
    """Whether cell ``i`` opens rows the way a table's rows look in any layout (a fused line, one cell per
    line, a column dump): four records, each a name followed by a value, two of them by two or more
    (name, target, actual…; a scoring sheet's group rows carry one), the first among those. A category
    label between records does not break the run; a text with no value after it does (a header block),
    and so does a piece of a sentence (a narrative cut at its figures reads as records too). Under a
    funds header (``bare_ok`` False) rows of bare amounts are the funds block's sub-rows: a run there
    needs an indicator's value (a unit, a comparator, a percentage, a word). A row of one glued digit
    run ("2810810") is not counted as two values: with no header to say how many columns it hides, its
    cut would be a guess."""
    from .celltypes import CAT1, CAT2, DATE, NAME, PROSE, VALUE_CLASSES

    counts: list[int] = []
    k = i
    while k < len(cells) and len(counts) < _RUN_RECORDS:
        if cells[k].t.cls not in (NAME, PROSE) or _SENTENCE_PIECE.search(cells[k].text):
            return False
        k += 1
        n = dated = 0
        while k < len(cells) and cells[k].t.cls not in (NAME, PROSE, CAT1, CAT2):
            if cells[k].t.cls in VALUE_CLASSES:
                n += 1
                dated += cells[k].t.cls == DATE
            k += 1
        while k < len(cells) and cells[k].t.cls in (CAT1, CAT2):
            k += 1
        if n == 0 or n == dated:
            return False  # (dates alone are a page's metadata, not a row's values)
        counts.append(n)
    if not bare_ok and all(x.t.cls in _BARE_NUMBERS for x in cells[i:k] if x.t.cls in VALUE_CLASSES):
        return False
    return len(counts) == _RUN_RECORDS and counts[0] >= 2 and sum(1 for n in counts if n >= 2) >= _RUN_RECORDS // 2


def _first_of_name_block(cells, i: int, after: int) -> int:
    """The first category label of the run of labels and names that ends at cell ``i``: a detached name
    block (every name printed before the first value) puts its first rows more cells before the values
    than a table start looks ahead; they belong to the table all the same."""
    from .celltypes import CAT1, CAT2, EMPTY, FRAG, NAME

    first = i
    k = i - 1
    while k >= 0 and cells[k].start >= after and cells[k].t.cls in (CAT1, CAT2, NAME, EMPTY, FRAG):
        if cells[k].t.cls in (CAT1, CAT2):
            first = k
        k -= 1
    return first


def _after_header_line(cells, start: int, after: int) -> tuple[int, bool]:
    """Where the header of a content-found table begins when a line of column-name-shaped cells (一级指标 |
    二级指标 | 年度指标值, with short names the lexicon lacks among them, or one name per line) precedes it,
    and whether every name is one the lexicon knows. The header is no part of the text before it; a
    header of known names is read with the rows, so rows under labels the lexicon lacks ("项目产出 |
    数量指示") before the first recognised label are read too. ``(start, True)`` when there is none."""
    from .celltypes import EMPTY, HDR

    by_line: dict[int, list] = {}
    for c in cells:
        if c.start >= start:
            break
        if c.start >= after:
            by_line.setdefault(c.line, []).append(c)
    def headerish(c) -> bool:
        return c.t.cls == HDR or _header_word(c)

    run: list = []  # one cell per line: the header's names on consecutive lines right above the first row
    for line in sorted(by_line, reverse=True):
        filled = [c for c in by_line[line] if c.t.cls != EMPTY]
        if sum(1 for c in filled if c.t.cls == HDR) >= 2 and all(headerish(c) for c in filled):
            return filled[0].start, all(c.t.cls == HDR for c in filled)
        if run is not None and len(filled) == 1 and headerish(filled[0]) \
                and (not run or run[-1].line == line + 1):
            run.append(filled[0])
        elif filled:
            run = None if run is None or len(run) < 3 else run
            if run is not None:
                break
    if run and len(run) >= 3 and sum(1 for c in run if c.t.cls == HDR) >= 2:
        return run[-1].start, all(c.t.cls == HDR for c in run)
    return start, True


_HEADER_WORD = re.compile(r"[\u4e00-\u9fff()（）]{2,8}")
# column names a space apart, or one with its options in brackets ("达成预期的把握(高、中、低)")
_HEADER_WORDS_RUN = re.compile(r"[\u4e00-\u9fff()（）%]{1,8}(?: [\u4e00-\u9fff()（）%]{1,8}){0,3}"
                               r"|[\u4e00-\u9fff]{2,10}[(（][^()（）\d]{1,24}[)）]")
# one or two column names run together (cells._UNKNOWN_NAME_MAX), or a space apart in a one-line table, or a
# glyph the label search cut off one ("实" of 实得分)
_FUSED_NAMES = re.compile(r"[\u4e00-\u9fff()（）%]{1,12}(?: [\u4e00-\u9fff()（）%]{1,12}){0,4}")


def _header_word(cell) -> bool:
    """A short name with no digit and no sentence mark beside recognised column names: a column name the
    lexicon lacks ("完成数", "指标类别"), not a row's cell."""
    from .celltypes import NAME

    return cell.t.cls == NAME and _HEADER_WORD.fullmatch(cell.text.strip()) is not None
