"""Decoded rows -> Indicators: categories carried over merged cells, names joined, values read.

Why a module of its own: the decoder only says which cell plays which role; what the form means by
them (a 指标性质 comparator belongs to the target, a 度量单位 to both values, a category label holds for
the rows below it until the next one, "其中…" rows are children) is read here, once for every layout.
"""

from __future__ import annotations

import bisect
import math
import re

from ..model import CellValue, Indicator, ParseProblem, Source
from ..quantities import read_cell
from .categories import reattach
from .celltypes import (
    BIG,
    CAT1,
    CAT2,
    EMPTY,
    GARBLED,
    HDR,
    PLACE,
    PROJ,
    QUAL,
    SECT,
    SMALL,
    TEXT_CLASSES,
    cell_type,
    unit_words,
)
from .decode import Decoded, DecodedRow
from .scan import Doc
from .stream import SCell

_NL_WS = re.compile(r"\s*\n\s*")
_NON_NUM = re.compile(r"[^\d.]")
_PAREN = re.compile(r"[((].*?[))]")
_BARE = re.compile(r"^\d+(?:\.\d+)?$")
RULE_COLUMN = "得分计算方法"  # the template's name for the scoring-rule column
_NAME_TAIL = re.compile(r"(?:[≥≤><=]|不低于|不少于)?\d+(?:\.\d+)?%$")


def build_indicators(doc: Doc, dec: Decoded, kind: str,
                     extra_names: tuple[str, ...] = ()) -> tuple[list[Indicator], list[ParseProblem]]:
    """Indicators of a decoded table; ``extra_names`` name its extra columns (from the header)."""
    problems: list[ParseProblem] = []
    inds: list[Indicator] = []
    row_of: list[int | None] = []  # decoded row index -> indicator index
    l1: str | None = None
    l2: str | None = None
    orphans: list[DecodedRow] = []
    header_lines = {c.line for c in dec.skipped if c.t.cls == HDR}
    for r in dec.rows:
        l1, l2 = _categories(r, l1, l2)
        if not inds and _header_row(r, header_lines):
            row_of.append(None)
            continue
        if _orphan(r):
            orphans.append(r)
            row_of.append(None)
            continue
        ind = _indicator(doc, r, l1, l2, problems, "unit" in dec.order, extra_names)
        row_of.append(len(inds) if ind is not None else None)
        if ind is not None:
            inds.append(ind)
    if orphans and (not inds or len(orphans) >= 3 and len(orphans) > len(inds)):
        cells = [*orphans[0].cats[-1:], *orphans[0].name, *orphans[0].values.values()]
        first = min(cells, key=lambda c: c.start)
        last = max(c.end for c in cells)
        problems.append(ParseProblem("P001", "指标表无法提取(各行只有类别和数字,没有指标名称)",
                                     evidence=doc.raw[first.start : last], field="indicator",
                                     source=Source(start=first.start, end=last, line=doc.line_of(first.start) + 1)))
    for c in dec.skipped:
        if c.t.cls == PLACE:
            problems.append(_p004(doc, c))  # "指标2:" / "……" rows of the template left between rows
    problems.sort(key=lambda p: p.source.start if p.source and p.source.start is not None else -1)
    if "weight" not in dec.order and "score" in dec.order:
        _block_weights(inds, row_of, dec)
    inds = _promote_block_rows(inds)
    _link_children(inds)
    reattach(inds)
    return inds, problems


def split_projects(dec: Decoded, inds: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    """The indicators of a table shared by several projects, grouped under the project cell printed on
    each group's first row (in order); one unnamed group when the table has no project column."""
    marks = sorted(((row, c) for row, c in dec.markers if c.t.cls == PROJ), key=lambda rc: (rc[0], rc[1].start))
    if not marks:
        return [("", inds)]
    groups: list[tuple[str, list[Indicator]]] = []
    row_starts = [r.span[0] for r in dec.rows]
    for ind in inds:
        k = bisect.bisect_right(row_starts, _stream_index(dec, ind)) - 1
        name = next((c.text.strip() for row, c in reversed(marks) if row <= k), "")
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append(ind)
    return groups


def _stream_index(dec: Decoded, ind: Indicator) -> int:
    for r in dec.rows:
        if r.name and ind.name_source is not None and r.name[0].start == ind.name_source.start:
            return r.span[0]
    return 0


def _header_row(r: DecodedRow, header_lines: set[int]) -> bool:
    """Column names the lexicon lacks beside ones it knows ("考核内容 | 计划目标 | 分值 | 得分"): text cells
    only, on (or right beside) the lines of known column names, before the first row."""
    cells = [c for c in (*r.name, *r.values.values()) if c.t.cls != EMPTY]
    if not r.cats and len(cells) >= 2 and all(c.t.cls in TEXT_CLASSES for c in cells) \
            and any(c.line + d in header_lines for c in cells for d in (-1, 0, 1)):
        return True
    cells += [c for c in r.cats if c.t.cls != EMPTY]  # ("项目 | 大类 | 小类": words a category reading takes)
    # no column name known at all: a first line of four or more short words and no number is the header
    # ("项目 | 大类 | 考核内容 | 占分 | 计划 | 完成 | 实得"; 完成 reads as a qualitative value on its own)
    return len(cells) >= 4 and len({c.line for c in cells}) == 1 \
        and all(c.t.cls in TEXT_CLASSES or c.t.cls in (QUAL, CAT1, CAT2) for c in cells) \
        and all(len(c.t.key) <= _HEADER_WORD_MAX for c in cells) \
        and sum(1 for c in cells if c.t.cls in TEXT_CLASSES) >= 3  # (not a qualitative row: 质量指标 | 规范性 | 规范)


_HEADER_WORD_MAX = 6


def _orphan(r: DecodedRow) -> bool:
    """A row with no name whose only value is one bare number ("数量指标 86100"): nothing says what it
    measures, so it is not an indicator (a table made of such rows is reported unreadable)."""
    if any(c.t.cls not in (EMPTY, SMALL, BIG) for c in r.name):
        return False
    if r.name:
        return True  # a "name" that is only a number
    vals = [c for c in r.values.values() if c.t.cls != EMPTY]
    return len(vals) == 1 and vals[0].t.cls in (SMALL, BIG)


def _categories(r: DecodedRow, l1: str | None, l2: str | None) -> tuple[str | None, str | None]:
    for c in r.cats:
        c1, c2 = c.t.cat or (None, None)
        if c2 is None:
            l1, l2 = c1, None
        else:
            l2 = c2
            if c1 is not None:
                l1 = c1
    return l1, l2


def _indicator(doc: Doc, r: DecodedRow, l1: str | None, l2: str | None,
               problems: list[ParseProblem], unit_column: bool = False,
               extra_names: tuple[str, ...] = ()) -> Indicator | None:
    name_cells = [c for c in r.name if c.t.cls != EMPTY]
    if not name_cells and r.values and r.cats:
        name_cells = [r.cats[-1]]  # a table whose name column is blank: the category names the row
    if not name_cells:
        return None
    if all(c.t.cls == PLACE for c in name_cells):
        problems.append(_p004(doc, name_cells[0]))
        if all(v.t.cls in (EMPTY, PLACE) or v.t.key in ("-", "/", "……") for v in r.values.values()):
            return None
    name = _NL_WS.sub("", "".join(c.text.strip() for c in name_cells))
    got = {role: c for role, c in r.values.items() if c.t.cls != EMPTY}
    if unit_column and "unit" not in r.values and name_cells[-1].fused:
        name, got = _unit_from_name(name, name_cells, got)
    target, actual = _values(doc, got, name)
    ind = Indicator(name=name, level1=l1, level2=l2, target=target, actual=actual)
    c = got.get("weight")
    if c is not None:
        ind.weight_text = c.text.strip()
        ind.weight = _points(c)
    c = got.get("score")
    if c is not None:
        ind.score_text = c.text.strip()
        ind.score = _points(c)
    rc = got.get("reason")
    if rc is not None and rc.text.strip():
        ind.reason = _NL_WS.sub("", rc.text.strip())
        ind.reason_source = _src(doc, rc)
    for i, ec in enumerate(r.extras):
        if ec.t.cls != EMPTY:
            ind.extra[extra_names[i] if i < len(extra_names) else f"extra{i}"] = ec.text.strip()
    if r.rules and RULE_COLUMN not in ind.extra:  # the row's scoring rule, kept under its column's usual name
        ind.extra[RULE_COLUMN] = "".join(_NL_WS.sub("", c.text.strip()) for c in r.rules)
    s = name_cells[0].start
    e = max([name_cells[-1].end, *(c.end for c in got.values())])
    line = doc.line_of(s) + 1
    ind.source = Source("", s, e, line)
    ind.name_source = Source("", s, name_cells[-1].end, line)
    return ind


def _unit_from_name(name: str, name_cells: list[SCell], got: dict[str, SCell]) -> tuple[str, dict[str, SCell]]:
    """In a table with a 计量单位 column, a unit glued to the end of the name ("补植面积万亩3510…" with
    no separator) is that column's cell."""
    for u in sorted(unit_words(), key=len, reverse=True):
        if name.endswith(u) and len(name) > len(u) + 1:
            last = name_cells[-1]
            cut = last.end - len(u)
            if doc_text_ok(last, u):
                unit = SCell(u, cut, last.end, last.line, False, cell_type(u), last.fused)
                return name[: -len(u)], {**got, "unit": unit}
    return name, got


def doc_text_ok(c: SCell, u: str) -> bool:
    return c.text.rstrip().endswith(u)


def _points(c: SCell) -> float | None:
    """A weight/score cell: "10", "10.00", "10分", and a weight printed as a percentage ("10%"). A bare
    digit run too long for any score (400 digits: infinite as a float) is read as printed, so that the
    sanity gate reports it (P003 with its raw text) instead of the row silently losing its score."""
    if c.t.cls == GARBLED and _BARE.match(c.t.key):
        return float(c.t.key)
    v = c.t.value
    if v is None or not math.isfinite(v) or v > 1000:
        return None
    if c.t.cls == SMALL or c.t.unit in ("%", "分"):
        return float(v)
    return float(v) if _BARE.match(c.t.key) else None


def _values(doc: Doc, got: dict[str, SCell], name: str) -> tuple[CellValue, CellValue]:
    ttext = got["target"].text.strip() if "target" in got else ""
    nature = got.get("nature")
    full = ttext
    if nature is not None and nature.t.key not in ("定性", "定量", "正向", "反向", "正向指标", "反向指标"):
        full = nature.text.strip() + ttext
    unit = got.get("unit")
    if unit is not None and ttext and not _NON_NUM.search(ttext[-1:]):
        full = full + (_PAREN.sub("", unit.text.strip()) or unit.text.strip())
    if not full and "actual" not in got:
        m = _NAME_TAIL.search(name)
        if m:
            full = m.group(0)  # "年度资金支付完成率100%": the target printed inside the name
    target = read_cell(full, "target") if full else CellValue()
    if full and target.text != full:
        target.text = full
    atext = got["actual"].text.strip() if "actual" in got else ""
    actual = read_cell(atext, "actual") if atext else CellValue()
    for cv, role in ((target, "target"), (actual, "actual")):
        if role in got and got[role].t.cls == GARBLED:
            cv.value, cv.unread = None, True  # ".00(平方米)": digits lost in extraction, reported not guessed
    if _comparator_read_as_2(target, actual):
        target.value, target.unread = None, True  # "290%" for "≥90%": reported (P003), never read as 290
    if unit is not None and actual.value is not None and actual.unit is None:
        u = _PAREN.sub("", unit.text.strip())
        if u:
            actual.unit = u
    if "target" in got:
        target.source = _src(doc, got["target"])
    if "actual" in got:
        actual.source = _src(doc, got["actual"])
    return target, actual


_LEADING_2 = re.compile(r"^2(\d+(?:\.\d+)?)")


def _comparator_read_as_2(target: CellValue, actual: CellValue) -> bool:
    """OCR reads "≥" as the digit 2: a target with no comparator whose leading "2" makes it far from the
    actual, while the number after that "2" is close to it ("2170人" against 180人, "290%" against 93%)."""
    if target.op not in (None, "unknown") or target.value is None or actual.value is None or actual.value <= 0:
        return False
    m = _LEADING_2.match(target.text.strip())
    if m is None:
        return False
    rest = float(m.group(1))
    if rest <= 0 or target.unit != actual.unit and not (target.unit is None or actual.unit is None):
        return False
    return actual.value / target.value < 0.5 and 0.6 <= actual.value / rest <= 1.7 \
        and (target.unit != "%" or target.value > 100 >= rest)


def _src(doc: Doc, c: SCell) -> Source:
    return Source("", c.start, c.end, doc.line_of(c.start) + 1)


def _p004(doc: Doc, c: SCell) -> ParseProblem:
    return ParseProblem("P004", f"模板占位内容未填写: {c.text.strip()}", evidence=c.text, field="indicator",
                        source=Source(start=c.start, end=c.end, line=doc.line_of(c.start) + 1))


def _block_weights(inds: list[Indicator], row_of: list[int | None], dec: Decoded) -> None:
    """Per-row 分值 when the table prints only 得分 (Hubei 20+80): inside a block whose label states its
    weight, if every row is scored and the scores rounded up to whole points add up to the block
    weight exactly, those are the rows' weights. Anything less certain leaves the weights unknown."""
    marks: list[tuple[int, int, float]] = []  # (level, first indicator, weight)
    for row, c in dec.markers:
        w = c.t.block_weight if c.t.cls in (CAT1, CAT2) else (c.t.value if c.t.cls == SECT else None)
        if w is None:
            continue
        first = next((row_of[k] for k in range(row, len(row_of)) if row_of[k] is not None), len(inds))
        level = 0 if c.t.cls == SECT or c.t.key.startswith("年度绩效目标") else 1
        marks.append((level, first, w))
    for level in (0, 1):
        ms = [m for m in marks if m[0] <= level]
        for k, (lv, start, w) in enumerate(ms):
            if lv != level:
                continue
            end = next((m[1] for m in ms[k + 1 :]), len(inds))
            rows = [x for x in inds[start:end] if x.parent is None]
            if not rows or any(x.score is None or x.weight is not None or not math.isfinite(x.score) for x in rows):
                continue  # (an infinite score - 400 digits - is the sanity gate's P003, not a weight)
            whole = [float(math.ceil(x.score - 1e-9)) for x in rows]
            if abs(sum(whole) - w) < 1e-6:
                for x, v in zip(rows, whole, strict=True):
                    x.weight = v


def _promote_block_rows(inds: list[Indicator]) -> list[Indicator]:
    """Rows that are really category labels with their block weight ("项目决策 20" over "项目目标 4" over
    "目标内容 4 4" in a scoring sheet): a row with a weight and nothing else whose weight is exactly the
    sum of the weights of the scored rows that follow it. They become the 一级/二级 of those rows."""
    def bare(x: Indicator) -> bool:
        return x.weight is not None and x.score is None and x.target.is_empty and x.actual.is_empty \
            and not x.reason
    blocks: dict[int, int] = {}  # block row -> index after its last row
    for i, ind in enumerate(inds):
        if not bare(ind):
            continue
        total = 0.0
        for j in range(i + 1, len(inds)):
            if bare(inds[j]):
                continue
            if inds[j].weight is None:
                break
            total += inds[j].weight
            if abs(total - ind.weight) < 1e-6:
                blocks[i] = j + 1
                break
            if total > ind.weight + 1e-6:
                break
    if not blocks:
        return inds
    out: list[Indicator] = []
    outer: list[tuple[int, str]] = []  # open blocks: (end, name)
    for i, ind in enumerate(inds):
        outer = [(end, nm) for end, nm in outer if i < end]
        if i in blocks:
            outer.append((blocks[i], ind.name))
            continue
        if outer:
            ind.level1 = outer[0][1]
            ind.level2 = outer[1][1] if len(outer) > 1 else None
        out.append(ind)
    return out


def _link_children(inds: list[Indicator]) -> None:
    parent = None
    for i, ind in enumerate(inds):
        if re.match(r"^[★☆*\s]*其中", ind.name):
            if parent is not None:
                ind.parent = parent
        else:
            parent = i


__all__ = ["build_indicators"]
_ = CellValue
