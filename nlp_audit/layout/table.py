"""The indicator table: column order from the header, then rows from the cells below it.

Why a line machine: in every layout a row is [category cells] name [value cells], but the name may
be wrapped over earlier lines (one cell per line, PDF wrap), the values may trail on a later line
("7 7"), and merged category labels arrive as fragments ("满意\\n度指\\n标"). The machine keeps the
pending name lines and the current row, and closes a row when the next one starts.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import CellValue, Indicator, ParseProblem, Source
from ..quantities import read_cell
from .cells import CAT, EMPTY, FRAG, LABEL, TEXT, VALUE, Cell, category_of, patterns, split_fused, split_line
from .columns import _BARE, assign, unfuse
from .lexicon import lex
from .scan import Doc, Label

_NAME_TAIL = re.compile(r"(?:[≥≤><=]|不低于|不少于)?\d+(?:\.\d+)?%$")
VALUE_COLS = ("nature", "target", "unit", "actual", "weight", "score", "reason", "extra")
_NUM = re.compile(r"-?\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_HDR_GAP = re.compile(r"[\s|]|\([A-Z]\)|\(分\)")
_IND_NO = re.compile(r"^指标\s*\d")
_FILLED_IND = re.compile(r"指标\s*\d+\s*[:：]?\s*\S{2,}")
_DASHES = re.compile(r"[-/—]+")
_NL_WS = re.compile(r"\s*\n\s*")
_LONG_NUM = re.compile(r"^[<>=≥≤+]?\d[\d.]{3,}")
_NON_NUM = re.compile(r"[^\d.]")
_PAREN = re.compile(r"[((].*?[))]")


@dataclass(slots=True)
class Table:
    cols: list[str]
    extras: list[str]
    start: int  # raw offset where rows begin
    end: int
    header_start: int
    project_column: bool = False  # the header's first column is 项目名称: several projects share the table


@dataclass(slots=True)
class _Row:
    name_cells: list[Cell]
    values: list[Cell] = field(default_factory=list)
    positional: bool = True
    stream: bool = False
    l1: str | None = None
    l2: str | None = None
    reason: Cell | None = None


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
        if len(_HDR_GAP.sub("", gap)) > 8:
            break
        run.append(lb)
    cols: list[str] = []
    extras: list[str] = []
    for lb in run:
        if lb.family not in ("tcol", "fcol") or lb.name in ("level1", "level2", "name"):
            continue
        if lb.name == "extra":
            cols.append("extra")
            extras.append(doc.raw[lb.start : lb.end])
        elif lb.name not in cols:
            cols.append(lb.name)
    hdr_end = run[-1].end
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
        if all(lx.fold_key(s) in fam_text for s in fam["signature"]):
            cols = [c.split(":")[0] for c in fam["columns"]]
            extras = [c.split(":")[1] for c in fam["columns"] if ":" in c]
            break
    if not any(c in cols for c in ("target", "actual", "weight", "score")):
        cols = ["target"] if kind == "declaration" else ["target", "actual", "weight", "score", "reason"]
    # skip the rest of the header line(s) made of labels only
    end = b
    for lb in labels:
        if lb.start >= hdr_end and lb.family in ("tend", "total", "grade"):
            end = lb.start
            break
    # 项目名称 printed as the first column of the header row: one table for several projects
    proj = next((lb for lb in labels if lb.family == "header" and lb.name == "project" and lb.end <= run[0].start
                 and not doc.raw[lb.end : run[0].start].strip(" \t|")), None)
    start = proj.start if proj is not None else run[0].start
    return Table(cols, extras, hdr_end, end, start, project_column=proj is not None)


@lru_cache(maxsize=1)
def _fragment_patterns() -> list[tuple[re.Pattern[str], str]]:
    """Header fragments of wrapped column labels ("年度" above "指标值"), each a whole cell."""
    return [(re.compile(rf"(^|[\s|]){frag}([\s|]|$)"), col) for frag, col in lex().header_fragments.items()]


def _mode(text: str) -> str:
    if "\t" in text:
        return "tab"
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if lines and sum(ln.count("|") for ln in lines) >= len(lines):
        return "pipe"
    return "space"


def _lines(doc: Doc, t: Table) -> list[list[Cell]]:
    """Rows of cells: one per line, fused or very long lines cut into rows at name boundaries.

    Consecutive fused lines (blank lines between them allowed) are cut as one run: a page break of a
    preview splits a cell ("取得2018-2022" / "2、監測資料", real-dev 003) and must not end the row.
    """
    text = doc.raw[t.start : t.end]
    mode = _mode(text)
    out: list[list[Cell]] = []
    spans: list[tuple[int, int]] = []
    off = t.start
    for ln in text.split("\n"):
        spans.append((off, off + len(ln)))
        off += len(ln) + 1
    first_line = doc.line_of(t.start)  # spans[k] is line first_line + k of the file
    k = 0
    while k < len(spans):
        a, b = spans[k]
        k += 1
        if a == b:
            continue
        fused = doc.is_fused_line(first_line + k - 1)
        if fused:
            while True:  # swallow the following fused lines of the run
                n = k
                while n < len(spans) and not doc.raw[spans[n][0] : spans[n][1]].strip():
                    n += 1
                if n < len(spans) and doc.is_fused_line(first_line + n):
                    b = spans[n][1]
                    k = n + 1
                else:
                    break
        if fused:
            nt = doc.nt
            i = bisect.bisect_left(nt.pos, a, 0, len(nt.text))
            j = bisect.bisect_left(nt.pos, b, 0, len(nt.text))
            out.extend(_cut_rows(split_fused(doc.raw, nt, i, j)))
        elif mode == "space" and b - a > 160:
            out.extend(_cut_rows(split_line(doc.raw, a, b, "space")))
        else:
            out.append(split_line(doc.raw, a, b, mode))
    return out


def _cut_rows(cells: list[Cell]) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[]]
    prev = None
    for c in cells:
        if (c.kind in (TEXT, CAT) and prev in (VALUE, EMPTY, LABEL) or c.kind == LABEL and prev == VALUE
                or c.kind == CAT and prev == TEXT) and rows[-1]:
            rows.append([])
        rows[-1].append(c)
        prev = c.kind
    return [r for r in rows if r]


def parse_rows(doc: Doc, t: Table, kind: str) -> tuple[list[Indicator], list[ParseProblem]]:
    lx = lex()
    cols = t.cols
    ncols = len(cols)
    rows: list[_Row] = []
    problems: list[ParseProblem] = []
    pending: list[Cell] = []
    frag: list[Cell] = []
    l1: str | None = None
    l2: str | None = None
    cur: _Row | None = None
    orphans: list[tuple[Cell, Cell]] = []
    markers: list[tuple[int, int, float]] = []  # (level 0 年度绩效目标 / 1 一级指标, first row, block weight)
    _mark(markers, 0, doc.compact_text(max(0, t.header_start - 40), t.header_start), 0, search=True)

    def set_cat(cat: tuple[str | None, str | None]) -> None:
        nonlocal l1, l2
        c1, c2 = cat
        if c2 is None:
            l1, l2 = c1, None
        else:
            l2 = c2
            if l1 is None or c1 != l1:
                l1 = c1

    def resolve_frag() -> None:
        if not frag:
            return
        key = "".join(c.key for c in frag)
        frag.clear()
        cat = category_of(key)
        if cat is None and len(key) >= 4:
            cands = [k for k in list(lx.level1) + list(lx.level2) if k.startswith(key)]
            if cands:
                cat = category_of(min(cands, key=len))
        if cat is not None:
            if pending:
                flush_pending()
            set_cat(cat)

    def flush_pending() -> None:
        if len(pending) == 1 and pending[0].fused and cur is not None and rows and rows[-1] is cur \
                and "reason" in cols and _complete_fused(cur, cols):
            # text after the 得分 of a fused row and before the next block: that row's reason
            cur.values.append(pending.pop())
            return
        for c in pending:
            if is_placeholder(c.key):
                problems.append(_p004(doc, c))
        real = [c for c in pending if not is_placeholder(c.key)]
        if real:
            rows.append(_Row(real, [], True, False, l1, l2))
        pending.clear()

    n_value_cols = _n_value_cols(cols)

    def open_row(r: _Row | None) -> bool:
        return r is not None and len([v for v in r.values if v.kind != EMPTY]) < n_value_cols

    for cells in _lines(doc, t):
        i = 0
        while i < len(cells):
            c = cells[i]
            if c.kind == FRAG and not frag and len(cells) == 1 and c.key in lx.qual and cur is not None \
                    and cur.stream and open_row(cur):
                c.kind = VALUE  # "完成" (a piece of 项目完成指标 too) in the middle of a row's value cells
            if frag and c.kind in (TEXT, CAT, VALUE) and len(c.key) <= 4:
                joined = "".join(x.key for x in frag) + c.key
                if joined in lx.cat_prefixes or category_of(joined) is not None:
                    c.kind = FRAG
            if c.kind not in (CAT, FRAG, LABEL, EMPTY):
                break
            if c.kind == FRAG:
                joined = "".join(x.key for x in frag) + c.key
                if frag and joined not in lx.cat_prefixes and category_of(joined) is None:
                    frag.clear()
                frag.append(c)
                k = "".join(x.key for x in frag)
                if category_of(k) is not None:
                    resolve_frag()
            elif c.kind == CAT:
                resolve_frag()
                if pending:
                    flush_pending()
                if cur is not None:
                    cur.stream = False  # a text after a category cell names the next row, not this reason
                set_cat(c.cat)
                if c.cat[1] is None:
                    _mark(markers, 1, c.key, len(rows))
            elif c.kind == LABEL:
                _mark(markers, 0 if patterns()["sec0"].search(c.key) else 1, c.key, len(rows))
            i += 1
        rest = cells[i:]
        if not rest:
            if len(cells) == 1 and cells[0].kind == EMPTY and cur is not None and cur.stream and len(cur.values) < ncols:
                cur.values.append(cells[0])
            continue
        resolve_frag()
        nonempty = [c for c in rest if c.kind != EMPTY]
        first = rest[0]
        if first.kind == VALUE and not pending and (cur is None or not open_row(cur)) and len(nonempty) >= 2 \
                and not _BARE.match(first.key):
            first.kind = TEXT
        if first.kind == TEXT and len(nonempty) == 1 and len(first.key) <= 2 and cur is not None and cur.stream \
                and open_row(cur) and not pending:
            first.kind = VALUE  # a unit cell of one-cell-per-line rows ("台")
        if first.kind == TEXT:
            if len(nonempty) == 1:
                if cur is not None and cur.stream and _next_is_reason(cols, cur) \
                        and not _IND_NO.match(first.key):
                    cur.values.append(first)
                    cur.stream = False
                else:
                    pending.append(first)
                continue
            name = _drop_placeholders(doc, pending, problems) + [first]
            pending.clear()
            cur = _Row(name, rest[1:], True, False, l1, l2)
            rows.append(cur)
            continue
        # a values-only line
        if pending:
            name = _drop_placeholders(doc, pending, problems)
            pending.clear()
            if not name:
                continue
            cur = _Row(name, rest, True, len(nonempty) == 1, l1, l2)
            rows.append(cur)
        elif cur is not None and open_row(cur):
            cur.values.extend(c for c in rest if c.kind != EMPTY or len(rest) == 1)
            cur.positional = False
            cur.stream = len(nonempty) == 1
        elif cur is not None and cur.stream and len(nonempty) == 1 and _next_is_reason(cols, cur) \
                and not _BARE.match(first.key):
            cur.values.append(first)  # a qualitative reason cell ("已完成") of one-cell-per-line rows
            cur.stream = False
        elif i > 0 and cells[i - 1].kind == CAT and nonempty:
            orphans.append((cells[i - 1], nonempty[-1]))  # "数量指标88100": a category, values, no name
    resolve_frag()
    flush_pending()
    built = [_build(doc, r, cols, t.extras, kind, problems) for r in rows]
    if "weight" not in cols and "score" in cols:
        _block_weights(built, markers)
    inds = [x for x in built if x is not None]
    if len(orphans) >= 3 and len(orphans) > len(inds):
        c0, v0 = orphans[0]
        problems.append(ParseProblem("P001", "指标表无法提取(各行只有类别和数字,没有指标名称)",
                                     evidence=doc.raw[c0.start : v0.end], field="indicator",
                                     source=Source(start=c0.start, end=v0.end, line=doc.line_of(c0.start) + 1)))
    _link_children(inds)
    from .categories import reattach

    reattach(inds)
    return inds, problems


def _mark(markers: list[tuple[int, int, float]], level: int, key: str, row: int, search: bool = False) -> None:
    """Record a block weight printed in a section label: "年度绩效目标1(40分)", "产出指标(40分)"."""
    p = patterns()
    m = (p["sec0"].search(key) if search else p["secany"].search(key))
    if m is None:
        return
    w = _NUM.search(m.group(0)[m.group(0).rfind("(") :] if "(" in m.group(0) else m.group(0))
    if w:
        markers.append((level, row, float(w.group())))


def _block_weights(inds: list[Indicator | None], markers: list[tuple[int, int, float]]) -> None:
    """Per-row 分值 when the table prints only 得分 (Hubei 20+80, real-dev 003): inside a block whose label
    states its weight, if every row is scored and the scores rounded up to whole points add up to the
    block weight exactly, those are the rows' weights (98%/98% scored 19.6 in a 40-point block of
    10 + 10 + 19.6 had 20). Anything less certain leaves the weights unknown."""
    for level in (0, 1):
        ms = [m for m in markers if m[0] <= level]
        for k, (lv, start, w) in enumerate(ms):
            if lv != level:
                continue
            end = next((m[1] for m in ms[k + 1 :]), len(inds))
            rows = [x for x in inds[start:end] if x is not None and x.parent is None]
            if not rows or any(x.score is None or x.weight is not None or not math.isfinite(x.score) for x in rows):
                continue  # (an infinite score - 400 digits - is the sanity gate's P003, not a weight)
            whole = [float(math.ceil(x.score - 1e-9)) for x in rows]
            if abs(sum(whole) - w) < 1e-6:
                for x, v in zip(rows, whole, strict=True):
                    x.weight = v


def _complete_fused(r: _Row, cols: list[str]) -> bool:
    vals = [v for v in r.values if v.kind != EMPTY]
    return bool(vals) and all(v.fused for v in vals) and len(vals) == len([c for c in cols if c != "reason"]) \
        and vals[-1].kind == VALUE and bool(_BARE.match(vals[-1].key))


def _drop_placeholders(doc: Doc, pending: list[Cell], problems: list[ParseProblem]) -> list[Cell]:
    keep = []
    for c in pending:
        if is_placeholder(c.key):
            problems.append(_p004(doc, c))
        else:
            keep.append(c)
    return keep


def _n_value_cols(cols: list[str]) -> int:
    return len([c for c in cols if c not in ("reason", "extra")]) or len(cols)


def _next_is_reason(cols: list[str], r: _Row) -> bool:
    n = len(r.values)
    return n < len(cols) and cols[n] == "reason"


@lru_cache(maxsize=8192)
def is_placeholder(key: str) -> bool:
    """Template text left in a cell: 指标2, ……, XX, (100字以内)."""
    return any(p.search(key) for p in lex().placeholders) and not _FILLED_IND.search(key)


def _p004(doc: Doc, c: Cell) -> ParseProblem:
    return ParseProblem(
        "P004",
        f"模板占位内容未填写: {c.text.strip()}",
        evidence=c.text,
        field="indicator",
        source=Source(start=c.start, end=c.end, line=doc.line_of(c.start) + 1),
    )


def _plaus(cols: list[str]):
    def score(tokens: list[str]) -> float:
        s = 0.0
        got = dict(zip(cols, tokens, strict=False))
        w, sc = got.get("weight"), got.get("score")
        for k in ("weight", "score"):
            v = got.get(k)
            if v is None:
                continue
            if not _BARE.match(v):
                s -= 5
                continue
            f = float(v)
            s += 2 if f in (1, 2, 3, 5, 10, 15, 20, 25, 30) else (0.5 if f <= 30 else -2)
        if w and sc and _BARE.match(w) and _BARE.match(sc):
            s += 1 if float(sc) <= float(w) else -3
        t, a = got.get("target"), got.get("actual")
        if t and a:
            mt, ma = _NUM.search(t), _NUM.search(a)
            if mt and ma:
                ft, fa = float(mt.group()), float(ma.group())
                if ft and 0.3 <= fa / ft <= 3:
                    s += 1.5
                elif fa == 0 or ft == 0:
                    s += 0.5
        return s

    return score


def _build(doc: Doc, r: _Row, cols: list[str], extras: list[str], kind: str,
           problems: list[ParseProblem]) -> Indicator | None:
    name_cells = [c for c in r.name_cells if c.kind != EMPTY]
    if not name_cells:
        return None
    if is_placeholder("".join(c.key for c in name_cells)) and all(
            c.kind == EMPTY or _DASHES.fullmatch(c.key) for c in r.values):
        problems.append(_p004(doc, name_cells[0]))
        return None
    name = "".join(c.text.strip() for c in name_cells)
    name = _NL_WS.sub("", name)
    vals = list(r.values)
    # leading excess tokens of a fused run belong to the name ("每年财政补助1000万元1000万元1000万元10")
    nv = [c for c in vals if c.kind != EMPTY]
    num_cols = [c for c in cols if c not in ("reason", "extra", "unit", "nature")]
    n_slots = len([c for c in cols if c not in ("reason",)])
    # a qualitative word after the 得分 of a fused row is its reason ("…655人次9基本完成"), not a value
    trailing_reason = "reason" in cols and len(nv) == n_slots + 1 and bool(nv) and not _DIGIT.search(nv[-1].key)
    if len(nv) > n_slots and all(c.kind == VALUE for c in nv) and all(c.fused for c in nv) and not trailing_reason:
        extra_n = len(nv) - n_slots
        if extra_n > 0:
            name += "".join(c.text for c in nv[:extra_n])
            vals = nv[extra_n:]
    elif len(nv) < len(num_cols) and nv and any(c.fused and _LONG_NUM.match(c.key) and not _spaced(doc, c)
                                                for c in nv):
        cands = unfuse(nv, num_cols, _plaus(num_cols))
        if cands and len(cands[0]) != len(nv):
            toks = cands[0]
            base = nv[0]
            vals = [Cell(tok, base.start, nv[-1].end, VALUE, tok) for tok in toks]
            # a fused row: tokens in the order of the numeric columns
            got = dict(zip(num_cols, vals, strict=False))
            return _make(doc, name, name_cells, got, r, extras, kind)
    ass = assign(cols, vals)
    got: dict[str, Cell] = {}
    extra_cells: dict[str, str] = {}
    ei = 0
    for ci, c in sorted(ass.items()):
        col = cols[ci]
        if col == "extra":
            label = extras[ei] if ei < len(extras) else f"extra{ei}"
            extra_cells[label] = c.text
            ei += 1
            continue
        got.setdefault(col, c)
    ind = _make(doc, name, name_cells, got, r, extras, kind)
    ind.extra.update(extra_cells)
    return ind


def _spaced(doc: Doc, c: Cell) -> bool:
    """A cell with whitespace on both sides in the raw text is whole ("38508人" in a long space-separated
    line, real-dev 019): only glued digits are cut into several numbers."""
    raw = doc.raw
    before = raw[c.start - 1] if c.start > 0 else " "
    after = raw[c.end] if c.end < len(raw) else " "
    return before.isspace() and after.isspace()


def _make(doc: Doc, name: str, name_cells: list[Cell], got: dict[str, Cell], r: _Row, extras: list[str],
          kind: str) -> Indicator:
    ttext = got["target"].text.strip() if "target" in got else ""
    if "nature" in got and got["nature"].key and got["nature"].key not in ("定性", "定量"):
        ttext_full = got["nature"].text.strip() + ttext
    else:
        ttext_full = ttext
    if "unit" in got and ttext and not _NON_NUM.search(ttext.strip()[-1:]):
        u = _PAREN.sub("", got["unit"].text.strip()) or got["unit"].text.strip()
        ttext_full = ttext_full + u
    if not ttext_full and "actual" not in got:
        m = _NAME_TAIL.search(name)
        if m:
            ttext_full = m.group(0)
    target = read_cell(ttext_full, "target") if ttext_full else CellValue()
    if ttext_full and target.text != ttext_full:
        target.text = ttext_full
    atext = got["actual"].text.strip() if "actual" in got else ""
    actual = read_cell(atext, "actual") if atext else CellValue()
    if "unit" in got and actual.value is not None and actual.unit is None:
        u = _PAREN.sub("", got["unit"].text.strip())
        if u:
            actual.unit = u
    if "target" in got:
        c = got["target"]
        target.source = Source("", c.start, c.end, doc.line_of(c.start) + 1)
    if "actual" in got:
        c = got["actual"]
        actual.source = Source("", c.start, c.end, doc.line_of(c.start) + 1)
    ind = Indicator(name=name, level1=r.l1, level2=r.l2, target=target, actual=actual)
    c = got.get("weight")
    if c is not None:
        ind.weight_text = c.text.strip()
        if _BARE.match(c.key):
            ind.weight = float(c.key)
    c = got.get("score")
    if c is not None:
        ind.score_text = c.text.strip()
        if _BARE.match(c.key):
            ind.score = float(c.key)
    rc = got.get("reason")
    if rc is not None and rc.text.strip():
        ind.reason = _NL_WS.sub("", rc.text.strip())
        ind.reason_source = Source(start=rc.start, end=rc.end, line=doc.line_of(rc.start) + 1)
    s = name_cells[0].start
    e = name_cells[-1].end
    for c in got.values():
        if c.end > e:
            e = c.end
    line = doc.line_of(s) + 1
    ind.source = Source("", s, e, line)
    ind.name_source = Source("", s, name_cells[-1].end, line)
    return ind


def _link_children(inds: list[Indicator]) -> None:
    parent = None
    for i, ind in enumerate(inds):
        if ind.name.startswith("其中"):
            if parent is not None:
                ind.parent = parent
        else:
            parent = i


def mark_project_cells(cells) -> None:
    """In a table whose first column is 项目名称, the first cell of a row line names the project its
    rows belong to (printed on each project's first row only): it is no indicator name."""
    from dataclasses import replace

    from .celltypes import CAT1, CAT2, EMPTY, NAME, PROJ, PROSE, REASON

    for i, c in enumerate(cells):
        nxt = next((x for x in cells[i + 1 : i + 3] if x.t.cls != EMPTY), None)
        if c.line_start and c.t.cls in (NAME, PROSE, REASON) and nxt is not None and nxt.line == c.line \
                and nxt.t.cls in (CAT1, CAT2):
            cells[i].t = replace(c.t, cls=PROJ)  # a project opens its block of categories


def read_table(doc: Doc, t: Table, kind: str) -> tuple[list[Indicator], list[ParseProblem]]:
    """The indicator table read from its cells: stream -> column order -> rows -> indicators."""
    inds, problems, _groups = read_table_projects(doc, t, kind)
    return inds, problems


def read_table_projects(doc: Doc, t: Table, kind: str):
    """``read_table`` plus the indicators grouped by the project they belong to (one group unless the
    table is shared by several projects)."""
    from .decode import decode, infer_order
    from .rows import build_indicators, split_projects
    from .stream import table_stream

    st = table_stream(doc, t.header_start, t.end)
    if t.project_column and st.lines:
        mark_project_cells(st.cells)
    header = tuple(t.cols) if t.cols else None
    order = infer_order(st.cells, st.lines, header, kind)
    dec = decode(st.cells, order, st.lines)
    inds, problems = build_indicators(doc, dec, kind, tuple(t.extras) if "extra" in t.cols else ())
    return inds, problems, split_projects(dec, inds)


_CONTENT_LOOKAHEAD = 16  # cells after a category label in which values must appear for a table to start


def find_table_by_content(doc: Doc, labels: list[Label], a: int, b: int) -> Table | None:
    """A table with no header the lexicon knows (a continuation page, a renamed header, a fragment):
    it starts at the first category label, or the first line holding a name and two values, that is
    followed by values; it never starts on a line holding a form label (a funds row, a narrative, a
    header field), and it ends at the first end label after it."""
    from .celltypes import CAT1, CAT2, NAME, PROSE, VALUE_CLASSES
    from .stream import table_stream

    form_labels = [lb for lb in labels if lb.family in ("header", "stop", "ftotal", "fpart", "fcol", "goal", "actual")]
    label_lines = {lb.line for lb in form_labels}
    after = max((lb.end for lb in form_labels), default=a)  # the table follows the form's own labels
    st = table_stream(doc, a, b)
    cells = st.cells
    start = None
    for i, c in enumerate(cells):
        if c.start < after and c.line in label_lines:
            continue
        window = cells[i + 1 : i + 1 + _CONTENT_LOOKAHEAD]
        values = sum(1 for x in window if x.t.cls in VALUE_CLASSES)
        if c.t.cls in (CAT1, CAT2) and values >= 2 and any(x.t.cls in (NAME, PROSE) for x in window):
            start = c.start
            break
        if c.t.cls in (NAME, PROSE) and st.lines and c.line_start:
            same = [x for x in cells[i + 1 : i + 8] if x.line == c.line]
            if sum(1 for x in same if x.t.cls in VALUE_CLASSES) >= 2:
                start = c.start
                break
    if start is None:
        return None
    end = b
    for lb in labels:
        if lb.start >= start and lb.family in ("tend", "total", "grade"):
            end = lb.start
            break
    line_start = doc.line_starts[doc.line_of(start)]
    begin = line_start if not doc.raw[line_start:start].strip(" \t|") else start
    return Table([], [], begin, end, begin)
