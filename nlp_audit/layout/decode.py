"""Decode a table's cell stream into rows: the column order from the cells, then the rows by Viterbi.

1. **Column order.** The value cells between names come in runs ("tuples"). The most common tuple
   length is the number of value columns; each position's classes across rows say what the column
   is (comparators -> target, bare small numbers -> weight/score, units alone -> unit...), and
   relations across rows decide the rest (a score never exceeds its weight; a target precedes its
   actual). A recognised header only adds a prior to the order it spells out.
2. **Rows.** A Viterbi pass labels every cell with a role of the row automaton
   ``[L1] [L2] NAME NAMEC* value-roles-in-order``: where rows start, which text is a reason and
   which the next name, which value a blank or missing cell displaced. In line layouts a row that
   starts mid-line or a value on the next line costs; in one-cell-per-line and fused text only the
   content decides. Scoring-rule prose (a 得分计算方法 cell) is passed over in whatever state the row
   is in, unless the order has an extra column for it: it is the row's rule text, never a value.

The result is a list of ``DecodedRow`` with the cells of each role; reading values is ``rows.py``'s.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import add

from .celltypes import (
    BIG,
    CAT1,
    CAT2,
    DASH,
    EMPTY,
    GARBLED,
    HDR,
    NAME,
    OP,
    OPQ,
    PCT,
    PROJ,
    PROSE,
    QTY,
    REASON,
    RULE,
    SECT,
    SMALL,
    UNIT,
    VALUE_CLASSES,
    cell_type,
    is_bare_verdict,
    is_header_key,
    is_measure_name,
)
from .detached import split_detached_runs
from .roles import CAT2_MEASURE, NAME_MEASURE, SKIP_COST, emission
from .split import best_cut, fused_parts
from .stream import SCell

_TUPLE_CLASSES = VALUE_CLASSES | {EMPTY, DASH, OP, UNIT}
_ORDER_ROLES = ("target", "actual", "weight", "score", "unit", "nature", "extra")

MIDLINE_ROW = -2.5  # a row starting in the middle of a line of a line layout
WRAP = -1.0  # a row going on onto the next line of a line layout
NAMEC_COST = -0.6  # a name going on into one more cell
SAME_LINE_NAMEC = -1.0  # a second text cell on the name's line is more often another column
NONAME = -3.5
NONAME_START = -4.5  # a row of values with no name or category before it (names printed in a block)  # values right after a category label, with no name cell
NOVALUES = -3.0  # a row closed with no value at all
EMPTY_BLOCK = -1.0  # a category label with no row under it
RULE_STAY = 0.0  # scoring-rule prose passed over inside a row (it fills a column only when the order has one for it)


@dataclass(slots=True)
class DecodedRow:
    l1: SCell | None = None
    l2: SCell | None = None
    name: list[SCell] = field(default_factory=list)
    values: dict[str, SCell] = field(default_factory=dict)
    extras: list[SCell] = field(default_factory=list)
    cats: list[SCell] = field(default_factory=list)  # category cells that opened this row (in order)
    rules: list[SCell] = field(default_factory=list)  # scoring-rule prose printed among the row's cells
    span: tuple[int, int] = (0, 0)  # first and last stream index of the row's cells
    cut: tuple[SCell, tuple[str, ...]] | None = None  # the fused cell cut into several of the row's values


@dataclass(slots=True)
class Decoded:
    order: tuple[str, ...]
    rows: list[DecodedRow]
    skipped: list[SCell]  # header/marker/blank cells between rows
    markers: list[tuple[int, SCell]]  # (row index, category or section cell) in stream order


# --- column order ----------------------------------------------------------------------------------


def tuples_of(cells: list[SCell], lines: bool) -> list[list[SCell]]:
    """The cells that follow a row's name: in a line layout every cell of the line after the name up
    to its last value (a text column between values, 佐证材料 or 指标解释, is a column too); otherwise
    runs of value-like cells between text/category cells (trailing blanks dropped)."""
    if lines:
        return _line_tuples(cells)
    out: list[list[SCell]] = []
    cur: list[SCell] = []
    for k, c in enumerate(cells):
        cls = c.t.cls
        if cls == RULE:
            continue  # scoring-rule prose fills no value column and does not end a row's values
        if cls in _TUPLE_CLASSES or cur and cls == REASON and is_bare_verdict(c.t.key) and _value_follows(cells, k):
            # (a bare "已完成"/"无" between values is a cell of the run: a qualitative actual, a blank reason)
            if cur or cls not in (EMPTY, DASH):
                cur.append(c)
            continue
        if cur:
            out.append(cur)
        cur = [c] if cls in _TUPLE_CLASSES and cls not in (EMPTY,) else []
    if cur:
        out.append(cur)
    trimmed = []
    for tup in out:
        while tup and tup[-1].t.cls == EMPTY:
            tup = tup[:-1]
        if tup and _has_value(tup):
            trimmed.append(tup)
    return trimmed


_NAME_CLASSES = frozenset({NAME, PROSE})


def _value_follows(cells: list[SCell], k: int) -> bool:
    """The next filled cell after ``k`` (scoring-rule prose passed over) is a value."""
    for j in range(k + 1, len(cells)):
        cls = cells[j].t.cls
        if cls not in (EMPTY, RULE):
            return cls in VALUE_CLASSES
    return False


def _line_tuples(cells: list[SCell]) -> list[list[SCell]]:
    out: list[list[SCell]] = []
    line: list[SCell] = []
    lines: list[list[SCell]] = []
    for c in [*cells, None]:
        if c is None or c.line_start:
            if line:
                lines.append(line)
            line = []
        if c is not None and c.t.cls != RULE:  # (scoring-rule prose fills no value column)
            line.append(c)
    text_column = _text_column_after_values(lines)
    for line in lines:
        name = None if text_column and _values_then_text(line) else _name_index(line)
        # a line of values only is a row whose name is printed elsewhere (a detached block)
        rest = line[name + 1 :] if name is not None else [x for x in line if x.t.cls not in (CAT1, CAT2)]
        last = max((i for i, x in enumerate(rest) if x.t.cls in VALUE_CLASSES), default=-1)
        if last >= 0 and (name is not None or rest[0].t.cls in VALUE_CLASSES):
            out.append(rest[: last + 1])
    return out


def _values_then_text(line: list[SCell]) -> bool:
    """A line that opens with two or more values and then holds a text cell (a detached row whose
    得分计算方法 or 佐证 column sits among its values)."""
    first_text = next((i for i, x in enumerate(line) if x.t.cls in _NAME_CLASSES), None)
    return first_text is not None and first_text >= 2 \
        and all(x.t.cls in VALUE_CLASSES for x in line[:first_text])


def _text_column_after_values(lines: list[list[SCell]]) -> bool:
    """Most lines that open with values hold a text cell after them: a text column of the rows (read
    as part of each row), not names of rows of their own. One such line among rows of values is the
    next row's name printed out of place, and stays a name."""
    opening = [ln for ln in lines if ln and ln[0].t.cls in VALUE_CLASSES]
    shaped = sum(1 for ln in opening if _values_then_text(ln))
    return shaped >= 2 and shaped >= 0.6 * len(opening)


def _name_index(line: list[SCell]) -> int | None:
    """Where the row's name sits in a line: the first text cell after the line's category labels (a
    label the lexicon lacks reads as text: "产出绩效 | 数量类 | <name>")."""
    first_value = next((i for i, x in enumerate(line) if x.t.cls in VALUE_CLASSES), len(line))
    last_cat = max((i for i, x in enumerate(line[:first_value]) if x.t.cls in (CAT1, CAT2)), default=-1)
    name = next((i for i, x in enumerate(line) if i > last_cat and x.t.cls in _NAME_CLASSES), None)
    if name is not None and _label_before_name(line, name):
        name += 1
    return name


def _label_before_name(line: list[SCell], i: int) -> bool:
    """A text cell followed by a name that ends in a measure ("项目立项 | 立项依据充分性"): a block label the
    lexicon does not know, not the row's name (a name's wrapped tail is rarely itself a whole name)."""
    return i + 1 < len(line) and line[i].t.cls == NAME and not is_measure_name(line[i].t.key) \
        and line[i + 1].t.cls == NAME and is_measure_name(line[i + 1].t.key)


def _has_value(cells: list[SCell]) -> bool:
    return any(c.t.cls in VALUE_CLASSES or c.t.cls in (OP, UNIT) for c in cells)


def infer_order(cells: list[SCell], lines: bool, header: tuple[str, ...] | None, kind: str,
                header_whole: bool = True) -> tuple[str, ...]:
    """The value columns of the table, in order, followed by ``reason``. ``header_whole`` False: the
    header names columns the lexicon does not place (the rows' cells count the columns)."""
    tups = split_detached_runs(cells, tuples_of(cells, lines))
    # glued digits that read as a weight and its score count as two cells (unless a header that places every
    # name it prints names both columns and the row fills them)
    named = bool(header and "weight" in header and "score" in header) and header_whole
    hdr_n = sum(1 for r in (header or ()) if r in _ORDER_ROLES)
    sig = tuple(_tuple_feats(t, not named or len(t) < hdr_n) for t in tups)
    return _infer_order(sig, header, kind, header_whole and header_is_whole(cells))


_GLUED_SMALL = (SMALL, None, True, None, None)  # the features of a small number cut out of glued digits


def _tuple_feats(t: list[SCell], split_pairs: bool) -> tuple[tuple, ...]:
    """A row's cells as the column count sees them (a header that names the weight and score columns
    counts them, unless the row has fewer cells than it names: then glued pairs are looked for)."""
    return tuple(f for c in t for f in _feats(c, split_pairs))


def _feats(c: SCell, split_pairs: bool = False) -> tuple[tuple, ...]:
    """A cell's features; glued decimals ("20.0020.00": a weight and a score) count as the numbers they
    hold, one per decimal point, so the column count sees them."""
    if c.t.cls == GARBLED and _fused_key(c) is not None and c.t.key.count(".") >= 2:
        return tuple(_GLUED_SMALL for _ in range(c.t.key.count(".")))
    if split_pairs and c.t.cls in (SMALL, BIG) and _fused_key(c) is not None:
        if _weight_and_score(c.t.key):
            return (_GLUED_SMALL, _GLUED_SMALL)
        actual = _actual_weight_and_score(c.t.key)
        if actual is not None:
            return ((actual, None, True, None, None), _GLUED_SMALL, _GLUED_SMALL)
    return (_feat(c),)


def _weight_and_score(key: str) -> bool:
    """Glued digits that read as a round weight and a score not above it ("2020", "1510", "10.008.50"):
    two columns to count, whatever the header says (a header the lexicon does not know says nothing)."""
    if not key.replace(".", "").isdigit() or len(key.replace(".", "")) < 4:
        return False  # "20" is a weight; "105" as often a value as 10 and 5
    got = split_score(key, ("weight", "score"))
    if got is None:
        return False
    w, sc = (cell_type(p).value for p in got[1])
    return w is not None and sc is not None and w in _ROUND_WEIGHTS and w >= 5 and sc <= w


def _actual_weight_and_score(key: str) -> str | None:
    """The class of the actual when glued digits read as an actual, a round weight and a score not above
    it ("17061511": 1706 | 15 | 11, "98.911515"): three columns to count when no header names them."""
    if not key.replace(".", "").isdigit() or len(key.replace(".", "")) < 5:
        return None
    got = split_score(key, ("actual", "weight", "score"))
    if got is None:
        return None
    a, w, sc = (cell_type(p) for p in got[1])
    if a.value is None or w.value is None or sc.value is None or w.value not in _ROUND_WEIGHTS \
            or w.value < 5 or sc.value > w.value:
        return None
    return a.cls


HEADER_WORDS = re.compile(r"指标值|完成值|目标值|分值|得分|偏差原因|原因分析|[一二三]级[指措]标|权重")


def header_is_whole(cells: list[SCell]) -> bool:
    """Every cell of the header row(s) is a column name the lexicon knows. A header with cells it does
    not know (佐证材料, 自评分数) under-counts the columns: the rows' cells say how many there are."""
    seen_header = False
    pending_unknown = False
    for i, c in enumerate(cells):
        cls = c.t.cls
        if cls in (CAT1, CAT2):
            return not pending_unknown  # unknown text between the header and the first block: header cells
        if cls in VALUE_CLASSES:
            break  # (unknown text right before a value is the first row's name)
        if cls == HDR:
            if pending_unknown or i > 0 and not is_header_key(c.t.key):
                return False  # (a garbled header cell, marked by its place: the columns it hides are unknown;
                #                the first is the name column's, whatever it is called)
            seen_header = True
        elif cls in (NAME, PROSE, REASON) and seen_header:
            if HEADER_WORDS.search(c.t.key):
                return False  # header names garbled by OCR or glued together ("分植年度指杯值实际完戍值…")
            pending_unknown = True  # (a garbled run of header names reads as text, often as a reason)
    return True


def _feat(c: SCell) -> tuple:
    """(class, the number when it may be a weight or score, glued, the number whatever it is, its unit)."""
    t = c.t
    return (t.cls, t.value if t.cls == SMALL or t.cls == PCT and t.value is not None and t.value <= 100 else None,
            _fused_key(c) is not None, t.value, "%" if t.cls == PCT else t.unit)


@lru_cache(maxsize=512)
def _infer_order(sig: tuple[tuple[tuple, ...], ...], header: tuple[str, ...] | None, kind: str,
                 header_whole: bool = True) -> tuple[str, ...]:
    if not sig:
        base = tuple(r for r in (header or ()) if r in _ORDER_ROLES) or ("target",)
        return (*base, "reason")
    hdr = tuple(r for r in (header or ()) if r in _ORDER_ROLES)
    if len(hdr) >= 2 and max(len(t) for t in sig) < len(hdr) and any(f[2] for t in sig for f in t):
        return (*hdr, "reason")  # glued digit runs hide columns: the header says how many there are
    m = _column_count(sig, len(hdr), header_whole)
    if m > _MAX_COLUMNS:
        return (*(hdr or ("target",)), "reason")  # no table has so many value columns: a run-together row
    full = [t for t in sig if len(t) == m]
    classes = tuple(tuple(sorted(Counter(t[j][0] for t in full).items())) for j in range(m))
    # rows that lost their last cells (a blank reason) still show the first columns' values, when their
    # cells look like those columns' (a row that lost its first cells, a text target, does not)
    seen = [{cls for cls, _n in col} for col in classes]
    shorter = [t for t in sig if 2 <= len(t) < m and all(f[0] in seen[j] for j, f in enumerate(t))]
    best: tuple[float, tuple[str, ...]] | None = None
    for s, roles in _ranked_orders(classes, hdr, kind, _lone_column_is_score(sig, full)):
        s += _relations(roles, full + shorter)  # the values' evidence, for the few orders the classes rank best
        if best is None or s > best[0]:
            best = (s, roles)
    order = best[1] if best else ("target",)
    # a header that names more columns than the cells fill (blank columns everywhere) keeps them
    if hdr and len(hdr) > len(order) and _compatible(order, hdr):
        order = hdr
    return (*order, "reason")


def _lone_column_is_score(sig: tuple[tuple[tuple, ...], ...], full: list[tuple[tuple, ...]]) -> bool:
    """Whether a table's one number column, after an actual, leans to 得分 (a form that reports results
    scores them; a 分值 alone is a declaration's, which has no actual). Only when exactly one column of
    the full rows holds small numbers, and no row shows a number of its own after a text (a 指标解释
    column between the 分值 and the 得分: the score is that later number)."""
    if not full:
        return False
    small_columns = sum(1 for j in range(len(full[0]))
                        if sum(1 for t in full if t[j][0] == SMALL) * 2 > len(full))
    after_text = sum(1 for t in sig if len(t) == 1 and t[0][0] == SMALL)
    return small_columns == 1 and after_text < max(2, 0.3 * len(full))


_MAX_COLUMNS = 32  # the order search walks one level per column: bounded far below the recursion limit
_RANKED = 12  # column orders kept from the class-only ranking for the values to decide between


@lru_cache(maxsize=4096)
def _ranked_orders(classes: tuple[tuple[tuple[str, int], ...], ...], hdr: tuple[str, ...],
                   kind: str, lone_score: bool = False) -> tuple[tuple[float, tuple[str, ...]], ...]:
    """Column orders ranked by what the cells' classes alone say (cached: a batch's tables share their
    class counts even when their numbers differ), best first."""
    m = len(classes)
    n = sum(c for _cls, c in classes[0]) if classes else 0
    pos_scores = [{r: sum(emission(cls, r) * cnt for cls, cnt in pos) for r in _ORDER_ROLES} for pos in classes]
    allowed = tuple(_allowed_roles(ps, n) for ps in pos_scores)
    scored = []
    core = tuple(r for r in hdr if r != "extra")
    n1, n2 = max(1, n), max(2, n)
    for roles in _assignments(m, allowed, kind):
        s = 0
        for ps, r in zip(pos_scores, roles, strict=True):  # (the sum of the position scores, in position order)
            s += ps[r]
        s += _order_prior(roles) * n1 * 0.3
        if lone_score and ("weight" in roles) != ("score" in roles):
            s += (0.09 if ("score" in roles) == ("actual" in roles) else -0.09) * n1
        if hdr:
            s += (1.2 if core and _in_order(core, roles) else 0.0) * n2
            if roles == hdr and core != hdr:
                s += 0.6 * n2  # the header's own order, its extra columns where it prints them (中期指标值 | 年度指标值)
        if kind == "declaration" and "actual" in roles and "target" in hdr and "actual" not in hdr:
            s -= 2.0 * n1  # a declaration's header that names its targets and no actual: it has no actual column
        scored.append((s, roles))
    scored.sort(key=lambda x: -x[0])
    return tuple(scored[:_RANKED])


def _allowed_roles(ps: dict[str, float], n: int) -> tuple[str, ...]:
    """The roles worth trying for one position: the four that fit its cells best (only those within
    reach of the best when the cells agree), and always 'extra'."""
    ranked = sorted(_ORDER_ROLES, key=lambda r: -ps[r])
    top = ps[ranked[0]]
    keep = [r for r in ranked[:4] if ps[r] >= top - 2.5 * max(1, n)]
    return tuple(dict.fromkeys((*keep, "extra")))


def _column_count(sig: tuple[tuple[tuple, ...], ...], header_count: int, header_whole: bool = True) -> int:
    """The number of value columns: the header's when some row fills that many cells; else the longest
    tuple length that at least two rows and a fifth of them reach (rows lose cells, they never gain)."""
    lengths = sorted((len(t) for t in sig), reverse=True)
    total = len(lengths)
    est = lengths[0]
    for i, n in enumerate(lengths):
        reach = i + 1  # tuples at least this long
        if reach >= 2 and reach >= 0.2 * total:
            est = n
            break
    if header_count and header_whole and header_count <= lengths[0]:
        return header_count  # a header read whole: its columns (rows may repeat a value in the name)
    if header_count and est < header_count <= lengths[0]:
        return header_count  # most rows lost cells, some still fill the header's columns
    return est


def _in_order(core: tuple[str, ...], roles: tuple[str, ...]) -> bool:
    """``core`` (header roles, no 'extra') is a subsequence of ``roles``: _compatible for a header
    already cut to its core (the order search asks it of every candidate order)."""
    i, k = 0, len(core)
    for r in roles:
        if i < k and r == core[i]:
            i += 1
    return i == k


def _compatible(roles: tuple[str, ...], hdr: tuple[str, ...]) -> bool:
    """The header's roles appear in the same order among ``roles`` (extra columns aside)."""
    it = iter(r for r in roles if r != "extra")
    core = [r for r in hdr if r != "extra"]
    return all(any(r == x for x in it) for r in core) and len(core) >= 1


def _assignments(m: int, allowed: tuple[tuple[str, ...], ...], kind: str):
    """Every role sequence for ``m`` positions within ``allowed`` per position, each main role at
    most once, a unit only right after a target or an actual, a 指标性质 only right before a target."""
    out: list[tuple[str, ...]] = []

    def walk(j: int, acc: list[str]) -> None:
        if j == m:
            out.append(tuple(acc))
            return
        for r in allowed[j]:
            if r in ("target", "actual", "weight", "score", "nature") and r in acc:
                continue
            if r == "unit" and (not acc or acc[-1] not in ("target", "actual")):
                continue
            if acc and acc[-1] == "nature" and r != "target":
                continue
            if r == "actual" and "target" not in acc:
                continue
            acc.append(r)
            walk(j + 1, acc)
            acc.pop()

    walk(0, [])
    return out


def _order_prior(roles: tuple[str, ...]) -> float:
    """Domain priors on column orders (every real template shares them): a weight sits first or right
    before the score; the score comes after the target and actual."""
    s = 0.5 if "target" in roles else 0.0  # most tables state targets; a scoring sheet (决策/过程) does not
    if "weight" in roles and "score" in roles:
        w, sc = roles.index("weight"), roles.index("score")
        s += 1.0 if sc == w + 1 or w == 0 else (-0.5 if sc < w else 0.0)
    if "score" in roles and "actual" in roles and roles.index("score") < roles.index("actual"):
        s -= 1.0
    if roles.count("extra") > 1:
        s -= 0.5 * (roles.count("extra") - 1)
    return s


def _relations(roles: tuple[str, ...], full: list[tuple[tuple, ...]]) -> float:
    """Evidence across rows: a score never exceeds its weight; the weights of a table add up to round
    totals; a target and its actual are alike."""
    s = 0.5 if "target" in roles else 0.0  # most tables state targets; a scoring sheet (决策/过程) does not
    if "weight" in roles and "score" in roles:
        w, sc = roles.index("weight"), roles.index("score")
        for t in full:
            if max(w, sc) >= len(t):
                continue
            vw, vs = t[w][1], t[sc][1]
            if vw is not None and vs is not None:
                s += 0.4 if vs <= vw + 1e-9 else -1.5
    if "target" in roles and "actual" in roles:
        ti, ai = roles.index("target"), roles.index("actual")
        for t in full:
            if max(ti, ai) >= len(t):
                continue
            tn, an = t[ti][0] in _NUMERIC_CLASSES, t[ai][0] in _NUMERIC_CLASSES
            if tn and t[ai][0] != EMPTY:
                s += 0.3 if an else -0.3  # a numeric target is met by a number, not by "完成"
            tu, au = t[ti][4], t[ai][4]
            if tn and an and tu and au and tu != au and "%" in (tu, au):
                s -= 0.6  # the actual is in the target's unit: "56次" is not the actual of "≥49%"
    if "extra" in roles and "target" in roles and "actual" in roles:
        s += _rate_column_evidence(roles, full)
    if "weight" in roles and ("score" in roles or "actual" not in roles):
        # (a lone number column after an actual adds up to a round total as a weight column would: full
        # marks; the sum tells a weight from a score only beside the other)
        w = roles.index("weight")
        ws = [t[w][1] for t in full if w < len(t) and t[w][1] is not None]
        if ws and abs(sum(ws) - round(sum(ws) / 10) * 10) < 1e-6 and sum(ws) >= 10:
            s += 0.5 * max(2, len(ws))  # a table's weights add up to round totals (100, 80 + 20 ...)
    return s


def _rate_column_evidence(roles: tuple[str, ...], full: list[tuple[tuple, ...]]) -> float:
    """A column of percentages read as an extra column is a 完成率 only if it holds the actual over the
    target (either way round: a ≤ target's rate is target / actual; capped at 100% by some templates);
    percentages that are not the rows' rates (weights printed as "10%") are something the order must
    name. +0.6 for each row whose percentage is its rate, -0.5 for each that is not (rows without two
    numbers say nothing)."""
    ti, ai = roles.index("target"), roles.index("actual")
    s = 0.0
    for j, role in enumerate(roles):
        if role != "extra":
            continue
        for t in full:
            if max(j, ti, ai) >= len(t) or t[j][0] != PCT or t[j][3] is None:
                continue
            tv, av = t[ti][3], t[ai][3]
            if not tv or not av or t[ti][0] not in _NUMERIC_CLASSES or t[ai][0] not in _NUMERIC_CLASSES:
                continue
            rates = (100 * av / tv, 100 * tv / av)
            got = t[j][3]
            s += 0.6 if any(abs(got - r) <= 1.5 or got == 100 and r >= 100 for r in rates) else -0.5
    return s


# --- rows ------------------------------------------------------------------------------------------------


def decode(cells: list[SCell], order: tuple[str, ...], lines: bool) -> Decoded:
    """Label every cell with a role of the row automaton and cut the stream into rows."""
    labels, starts, pieces = _viterbi(cells, order, lines)
    rows, skipped, markers = _assemble(cells, labels, starts, pieces, 0)
    return Decoded(order, _pair_detached(cells, rows, order, lines), skipped, markers)


def _assemble(cells: list[SCell], labels: list[str], starts: list[bool], pieces: dict,
              offset: int) -> tuple[list[DecodedRow], list[SCell], list[tuple[int, SCell]]]:
    rows: list[DecodedRow] = []
    skipped: list[SCell] = []
    markers: list[tuple[int, SCell]] = []
    cur: DecodedRow | None = None

    def open_row(t: int) -> DecodedRow:
        r = DecodedRow(span=(offset + t, offset + t))
        rows.append(r)
        return r

    for t, (c, lab, new) in enumerate(zip(cells, labels, starts, strict=True)):
        if lab == "SKIP" and t not in pieces:
            skipped.append(c)
            if c.t.cls in (SECT, CAT1, CAT2, PROJ) or c.t.block_weight is not None:
                markers.append((len(rows), c))
            continue
        if lab == "RULE":  # scoring-rule prose passed over inside a row: the row's rule text
            if cur is None:
                skipped.append(c)
            else:
                cur.rules.append(c)
            continue
        if new or cur is None:
            cur = open_row(t)
        cur.span = (cur.span[0], offset + t)
        if t in pieces:
            roles, parts = pieces[t]
            cur.cut = (c, roles)
            for role, sub in zip(roles, sub_cells(c, parts), strict=True):
                if role == "extra":
                    cur.extras.append(sub)
                else:
                    cur.values.setdefault(role, sub)
        elif lab == "L1":
            if c.t.cls != EMPTY:
                cur.l1 = c
                cur.cats.append(c)
                markers.append((len(rows) - 1, c))
        elif lab == "L2":
            if c.t.cls != EMPTY:
                cur.l2 = c
                cur.cats.append(c)
                markers.append((len(rows) - 1, c))
        elif lab in ("NAME", "NAMEC"):
            cur.name.append(c)
        elif lab == "extra":
            cur.extras.append(c)
        else:
            cur.values.setdefault(lab, c)
    for r in rows:
        _recut_below_score(r)
    return rows, skipped, markers


def _recut_below_score(r: DecodedRow) -> None:
    """A weight cut out of a fused cell below the score printed in a cell of its own ("1511公里以上 … 15" read
    as 1 | 511公里以上): a score never exceeds its weight, so the cell is cut again, among the cuts whose
    weight the score fits under (15 | 11公里以上), when one reads about as well. The decoder weighs one cell
    at a time and cannot see the score when it cuts."""
    if r.cut is None:
        return
    c, roles = r.cut
    w, sc = r.values.get("weight"), r.values.get("score")
    if w is None or sc is None or "score" in roles or "weight" not in roles:
        return
    wv, sv = w.t.value, sc.t.value
    if wv is None or sv is None or sv <= wv + 1e-9:
        return
    wi = roles.index("weight")
    best = split_score(c.t.key, roles)
    if best is None:
        return

    def fits(pieces) -> float:
        piece_w = cell_type(pieces[wi]).value
        return -9.0 if piece_w is None or piece_w + 1e-9 < sv else 0.0

    again = best_cut(c.t.key, len(roles), lambda pieces: _score_pieces(pieces, roles) + fits(pieces))
    if again is None or again[0] < best[0] - 1.0 or cell_type(again[1][wi]).value is None \
            or cell_type(again[1][wi]).value + 1e-9 < sv:
        return
    for role, sub in zip(roles, sub_cells(c, again[1]), strict=True):
        if role != "extra" and r.values.get(role) is not None and r.values[role].start >= c.start \
                and r.values[role].end <= c.end:
            r.values[role] = sub


def _has_values(r: DecodedRow) -> bool:
    return any(c.t.cls not in (EMPTY, DASH) for c in r.values.values())


def _plain_name(r: DecodedRow) -> bool:
    """A row named by a name-like cell (not a sentence or a value that only landed in the name slot)."""
    return any(c.t.cls == NAME for c in r.name)


def _pair_detached(cells: list[SCell], rows: list[DecodedRow], order: tuple[str, ...],
                   lines: bool) -> list[DecodedRow]:
    """A run of names printed apart from the run of their value tuples (PDF/xlsx text that lists one
    column before the next): the rows after the names are read again as values only, and when they
    make as many tuples as there are names, names and tuples are paired in order."""
    out = list(rows)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and out[j].name and not _has_values(out[j]):
            j += 1
        if j == i:
            i += 1
            continue
        name_rows = out[i:j]
        if j < len(out) and out[j].name and _has_values(out[j]):
            name_rows.append(out[j])
            j += 1
        if len(name_rows) < 2 or not all(_plain_name(r) for r in name_rows):
            i = j
            continue
        k = _values_end(out, j)
        tuples = _value_tuples(cells, out, name_rows[-1], j, k, order, lines)
        while tuples is not None and len(tuples) < len(name_rows) and k < len(out) and _text_column_row(out[k]) \
                and sum(1 for r in name_rows if not _has_values(r)) >= 2:
            # fewer tuples than names: the text that opened the next row is a text column of the run
            # (a reason no reason word marks), not a name; read on to the next one
            k = _values_end(out, k + 1)
            tuples = _value_tuples(cells, out, name_rows[-1], j, k, order, lines)
        if tuples is None:
            i = j
            continue
        first = _name_read_as_reason(cells, out[i - 1]) if len(tuples) == len(name_rows) + 1 and i > 0 else None
        if first is not None:
            name_rows.insert(0, first)
        names = [(r, c) for r in name_rows for c in r.name]
        if len(tuples) == len(name_rows):
            pairs = [(r, r.name) for r in name_rows]
        elif len(tuples) == len(names):
            pairs = [(r if c is r.name[0] else DecodedRow(), [c]) for r, c in names]
        else:
            i = j
            continue
        paired = [DecodedRow(nrow.l1, nrow.l2, name_cells, dict(v.values), list(v.extras), list(nrow.cats),
                             [*nrow.rules, *v.rules], span=nrow.span)
                  for (nrow, name_cells), v in zip(pairs, tuples, strict=True)]
        if first is not None:
            del out[i - 1].values["reason"]
        out[i:k] = paired
        i += len(paired)
    return out


def _text_column_row(r: DecodedRow) -> bool:
    """A row opened by one text cell that names nothing measurable (no …率, …数, …面积 tail), with values
    and no category: inside a detached run of values, that text is a column of the run, not a name."""
    return not r.cats and _has_values(r) and len(r.name) == 1 and r.name[0].t.cls == NAME \
        and not is_measure_name(r.name[0].t.key)


def _values_end(rows: list[DecodedRow], k: int) -> int:
    """The first row from ``k`` that opens a block or is named by a name cell: where a detached run of
    value rows ends."""
    while k < len(rows) and not rows[k].cats and not _plain_name(rows[k]):
        k += 1
    return k


def _value_tuples(cells: list[SCell], rows: list[DecodedRow], last: DecodedRow, j: int, k: int,
                  order: tuple[str, ...], lines: bool) -> list[DecodedRow] | None:
    """The value tuples of rows[j:k] (and of ``last``, the name run's last row, from its first value),
    read again as values only; None when there is no value to start from."""
    first_value = min((c.start for c in last.values.values()), default=None)
    a = next((t for t in range(last.span[0], last.span[1] + 1) if cells[t].start == first_value), None) \
        if first_value is not None else (rows[j].span[0] if j < len(rows) else None)
    if a is None:
        return None
    b = (rows[k - 1].span[1] if k > j else last.span[1]) + 1
    part = cells[a:b]
    labels, starts, pieces = _viterbi(part, order, lines, values_only=True)
    tuples, _skipped, _m = _assemble(part, labels, starts, pieces, a)
    return [r for r in tuples if _has_values(r)]


def _name_read_as_reason(cells: list[SCell], row: DecodedRow) -> DecodedRow | None:
    """The first name of a detached run, read as the deviation reason of the row printed before the run
    (a row with its values inline, then the names of the rest): a plain name cell in the reason column,
    a name row of its own (the caller takes it out of that row). Only asked when the run's tuples
    outnumber its names by one."""
    c = row.values.get("reason")
    if c is None or c.t.cls != NAME or len(row.values) < 2:
        return None
    t = next((t for t in range(row.span[0], row.span[1] + 1) if cells[t] is c), None)
    return DecodedRow(name=[c], span=(t, t)) if t is not None else None


_STRUCT = ("L1", "L2", "NAME", "NAMEC", "SKIP")


def sub_cells(c: SCell, parts: tuple[str, ...]) -> list[SCell]:
    """The cells a fused cell was cut into, each with its raw offsets (whitespace in the raw text is
    skipped: the pieces were cut from the folded text without it)."""
    out: list[SCell] = []
    raw = c.text
    i = 0
    for piece in parts:
        while i < len(raw) and raw[i].isspace():
            i += 1
        a = i
        i += len(piece)
        out.append(SCell(raw[a:i], c.start + a, c.start + i, c.line, c.line_start and a == 0, cell_type(piece),
                         True))
    return out


def _viterbi(cells: list[SCell], order: tuple[str, ...], lines: bool,
             values_only: bool = False) -> tuple[list[str], list[bool], dict]:
    key = (tuple((_decode_class(c), c.line_start, _fused_key(c)) for c in cells), order, lines, values_only)
    return _viterbi_cached(key)


def _decode_class(c: SCell) -> str:
    """The cell's class as the decoder weighs it: a name that ends in a measure is told apart, and so is
    a 二级 label that reads as a measure (not one ending in 指标/目标/类)."""
    if c.t.cls == NAME and is_measure_name(c.t.key):
        return NAME_MEASURE
    if c.t.cls == CAT2 and is_measure_name(c.t.key) and not c.t.key.endswith(("指标", "目标", "类")):
        return CAT2_MEASURE
    return c.t.cls


def _fused_key(c: SCell) -> str | None:
    """The text of a fused numeric cell, which may hide several cells ("20100%"); None otherwise."""
    if c.glued and c.t.cls in _SPLITTABLE and fused_parts(c.t.key) is not None:
        return c.t.key
    return None


_SPLITTABLE = frozenset({SMALL, BIG, PCT, OPQ, QTY, GARBLED})
CUT_COST = -0.6  # each extra cell read out of one fused run
_FRACTION = re.compile(r"\d*")
_NUMERIC_ROLES = frozenset({"target", "actual", "weight", "score"})
_NUMERIC_CLASSES = frozenset({SMALL, BIG, PCT, QTY, OPQ})
_ROUND_WEIGHTS = frozenset({1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100})


@lru_cache(maxsize=8192)
def split_score(key: str, roles: tuple[str, ...]) -> tuple[float, tuple[str, ...]] | None:
    """The best reading of fused cell ``key`` as one cell per role (the shared cut search)."""
    return best_cut(key, len(roles), lambda pieces: _score_pieces(pieces, roles))


def _score_pieces(pieces, roles: tuple[str, ...]) -> float:
    """How well the pieces of a fused cell read as one cell per role."""
    s = CUT_COST * (len(pieces) - 1)
    vals = {}
    for piece, role in zip(pieces, roles, strict=True):
        t = cell_type(piece)
        if role in ("target", "actual") and t.cls in (SMALL, BIG):
            s += 1.5  # any number can be a target or an actual; its size says nothing here
        elif t.value == 0 and t.unit not in (None, "%"):
            s -= 2.0  # "0万元" cut off a longer amount is far likelier a misreading than a value
        else:
            s += emission(t.cls, role)
        vals[role] = t.value
    dotted = [p for p in pieces if "." in p]
    if dotted and (len({len(_FRACTION.match(p.split(".")[1]).group()) for p in dotted}) > 1
                   or len(dotted) < len(pieces)):
        s -= 2.0  # a row prints its numbers with one precision: "19.00" is not "1" and "9.00"
    w, sc = vals.get("weight"), vals.get("score")
    if w is not None:
        s += 0.5 if w in _ROUND_WEIGHTS else (-3.0 if w == 0 else 0.0)
    if w is not None and sc is not None:
        s += -3.0 if sc > w + 1e-9 else (0.3 if sc == w else 0.0)  # full marks are the common case
    return s


@lru_cache(maxsize=1024)
def _emissions(cls: str, states: tuple[str, ...], values_only: bool) -> tuple[float, ...]:
    """A class's emission score per state of a column order (shared by every call on that order: a
    batch's tables share their orders, and building the row once per table cost a tenth of the decoder)."""
    neg = float("-inf")
    return tuple(neg if values_only and s in ("L1", "L2", "NAME", "NAMEC") else emission(cls, s) for s in states)


@lru_cache(maxsize=256)
def _viterbi_cached(key) -> tuple[list[str], list[bool], dict]:
    sig, order, lines, values_only = key
    k = len(order)
    states = (*_STRUCT, *order)
    ns = len(states)
    L1, L2, NM, NC, SK = 0, 1, 2, 3, 4
    V0 = 5
    skip = [SKIP_COST[r] for r in order]
    prefix = [0.0]
    for v in skip:
        prefix.append(prefix[-1] + v)  # prefix[j] = cost of leaving out roles 0..j-1
    end_cost = [prefix[k] - prefix[i + 1] for i in range(k)]  # leave out roles i+1..k-1
    neg = float("-inf")
    emit_cache: dict[str, tuple[float, ...]] = {}
    close_add = [EMPTY_BLOCK, EMPTY_BLOCK, NOVALUES, NOVALUES, 0.0, *end_cost]  # closing a row after each state
    pre_j = [(prefix[j], prefix[j] + NONAME, prefix[j + 1]) for j in range(k)]
    value_steps = [(V0 + j, *pre_j[j]) for j in range(k)]  # (state, cost before role j, ... without a name, after it)
    n = len(sig)
    dp = [neg] * ns
    back: list[list[int]] = []
    newrow: list[list[bool]] = []
    prev_close = 0.0  # the best score of a closed row before the first cell
    prev_close_arg = -1
    multi: dict[tuple[int, int], tuple[int, int, tuple[str, ...]]] = {}  # (t, state) -> (first role, pred, pieces)
    stays: set[tuple[int, int]] = set()  # (t, state): a scoring-rule cell passed over in that state
    no_row = NONAME_START if not values_only else 0.0
    namec_mid = NAMEC_COST + (SAME_LINE_NAMEC if lines else 0.0)
    for t in range(n):
        cls, ls, fkey = sig[t]
        em = emit_cache.get(cls)
        if em is None:
            em = emit_cache[cls] = _emissions(cls, states, values_only)
        row_pen = 0.0 if (not lines or ls) else MIDLINE_ROW
        wrap = WRAP if (lines and ls and t > 0) else 0.0
        nd = [neg] * ns
        bp = [-1] * ns
        nr = [False] * ns
        start = prev_close + row_pen
        d_l1, d_l2, d_nm, d_nc, d_sk = dp[0], dp[1], dp[2], dp[3], dp[4]
        # L1: opens a row
        nd[L1], bp[L1], nr[L1] = em[L1] + start, prev_close_arg, True
        # L2: opens a row, or follows the row's L1
        if d_l1 + wrap > start:
            nd[L2], bp[L2] = em[L2] + d_l1 + wrap, L1
        else:
            nd[L2], bp[L2], nr[L2] = em[L2] + start, prev_close_arg, True
        # NAME: opens a row, or follows its categories
        best, arg, isnew = start, prev_close_arg, True
        if d_l1 + wrap > best:
            best, arg, isnew = d_l1 + wrap, L1, False
        if d_l2 + wrap > best:
            best, arg, isnew = d_l2 + wrap, L2, False
        nd[NM], bp[NM], nr[NM] = em[NM] + best, arg, isnew
        # NAMEC: a wrapped name (in a line layout a name wraps onto the next line, not into the next cell)
        namec = NAMEC_COST if (not lines or ls) else namec_mid
        if d_nm >= d_nc:
            nd[NC], bp[NC] = em[NC] + d_nm + namec, NM
        else:
            nd[NC], bp[NC] = em[NC] + d_nc + namec, NC
        # SKIP: between rows
        if d_sk >= prev_close:
            nd[SK], bp[SK] = em[SK] + d_sk, SK
        else:
            nd[SK], bp[SK] = em[SK] + prev_close, prev_close_arg
        # value roles, in order; a running best over earlier value roles
        name_best, name_arg = (d_nm, NM) if d_nm >= d_nc else (d_nc, NC)
        cat_best, cat_arg = (d_l2, L2) if d_l2 >= d_l1 else (d_l1, L1)
        name_best += wrap
        cat_best += wrap
        run_best, run_arg = neg, -1  # max over i<j of dp[V_i] - prefix[i+1]
        pre: list[tuple[float, int, bool]] = []  # the best way into value role j before this cell's emission
        bare = start + no_row  # a row of values only (names printed elsewhere)
        for vj, pj, pj_noname, pj1 in value_steps:
            v = name_best + pj
            c = cat_best + pj_noname
            if c > v:
                v, a = c, cat_arg
            else:
                a = name_arg
            c = run_best + pj + wrap
            if c > v:
                v, a = c, run_arg
            c = bare + pj
            if c > v:
                v, a, isnew = c, prev_close_arg, True
                nr[vj] = True
            else:
                isnew = False
            if fkey is not None:
                pre.append((v, a, isnew))
            nd[vj] = em[vj] + v
            bp[vj] = a
            x = dp[vj] - pj1
            if x > run_best:
                run_best, run_arg = x, vj
        if fkey is not None:  # a fused run read as several consecutive numeric value cells i0..j
            for j in range(1, k):
                if order[j] not in _NUMERIC_ROLES:
                    continue
                for i0 in range(j - 1, max(-1, j - 5), -1):
                    if order[i0] not in _NUMERIC_ROLES:
                        break
                    got = split_score(fkey, order[i0 : j + 1])
                    if got is None:
                        continue
                    v = pre[i0][0] + got[0]
                    if v > nd[V0 + j]:
                        nd[V0 + j], bp[V0 + j], nr[V0 + j] = v, pre[i0][1], pre[i0][2]
                        multi[(t, V0 + j)] = (i0, pre[i0][1], got[1])
        if cls == RULE:  # scoring-rule prose: passed over in whatever state the row is in (no value role)
            for st in range(ns):
                v = dp[st] + RULE_STAY
                if v > nd[st]:
                    nd[st], bp[st], nr[st] = v, st, False
                    stays.add((t, st))
        back.append(bp)
        newrow.append(nr)
        # the best closed row after this cell (for the next cell's row start): the first best state
        closed = list(map(add, nd, close_add))  # (same length: both are one entry per state)
        pc = max(closed)
        prev_close, prev_close_arg = pc, (closed.index(pc) if pc > neg else -1)
        dp = nd
    # backtrack from the best closed state
    labels = [""] * n
    starts = [False] * n
    pieces: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # t -> (roles, pieces)
    s = prev_close_arg
    for t in range(n - 1, -1, -1):
        labels[t] = "RULE" if (t, s) in stays else states[s]
        starts[t] = newrow[t][s]
        hit = multi.get((t, s))
        if hit is not None:
            i0, _pred, parts = hit
            pieces[t] = (order[i0 : s - V0 + 1], parts)
        s = back[t][s]
    return labels, starts, pieces
