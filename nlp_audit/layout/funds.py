"""The funds block: one FundsRow per labelled row, amounts in 万元, columns read from the numbers.

Why from the numbers: rows lose cells ("880 880 880 10 10" without 执行率), fuse them
("60万元57.2295.00%", "280.6139.961050%5"), or come with a header the lexicon does not know. The
numbers themselves say what they are: 执行数 / 预算数 is the stated 执行率, 得分 never exceeds 分值 and
is the rate times it, a "%" is a rate. Among the ways to put a row's numbers into the columns —
cutting glued digits with the same search as the indicator table (``split.cuts``) — the one the
numbers prove wins. A recognised column header narrows the columns to its order; without one the
usual orders of the block are tried.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..model import FundsRow, ParseProblem, Source
from ..quantities.cells import join_split_decimals
from .lexicon import gloss_re, lex
from .scan import Doc, Label
from .split import MAX_DIGITS, cuts

AMOUNTS = ("budget_initial", "budget_full_year", "executed")
# Column orders of the block when its header is not read (both seen across provinces): the score
# columns after the amounts as 分值 执行率 得分, or 执行率 分值 得分.
DEFAULT_ORDERS = (
    ("budget_initial", "budget_full_year", "executed", "weight", "rate", "score"),
    ("budget_initial", "budget_full_year", "executed", "rate", "weight", "score"),
)
_LEAVE_OUT = {"budget_initial": -0.5, "rate": -0.6, "executed": -1.0, "budget_full_year": -1.1}
_ROUND_WEIGHTS = frozenset({5, 10, 15, 20, 25, 30})
# A stated 执行率 this many percentage points from 执行数 / 预算数 still proves a cut of glued digits: OCR'd
# rows ("60万元57.2295.00%") whose rate is slightly wrong are what F001 is for; a wrong cut is far off
# ("57.229 | 5.00%").
_NEAR_RATE = 2.0

_ATOM = re.compile(r"[-+]?\.?\d[\d,]*(?:\.\d+)*(?:万元|亿元|万|元)?%?|[-—–/]+")
_PAIR_VALUE = re.compile(r"[\s:：|]*([-+]?\d[\d,]*(?:\.\d+)?(?:万元|亿元|万|元)?%?)(?![\d.])")
_ITEM_NUMBER = re.compile(r"[、.．](?=\D)")
_WS = re.compile(r"\s+")
_BLOCK_W = re.compile(r"(?:\([^()\d]{1,4}\))?\((\d+(?:\.\d+)?)分\)")
_SCORE_W = re.compile(r"\((\d+(?:\.\d+)?)分[*×xX]")
_MONEY_SUFFIX = re.compile(r"(万元|亿元|万|元)$")


def read_funds(doc: Doc, labels: list[Label], stop_at: int, kind: str) -> tuple[list[FundsRow], str, list[ParseProblem]]:
    fl = [lb for lb in labels if lb.start < stop_at]
    cols = _header_columns(doc, fl)
    fl = sorted([*fl, *_rows_by_content(doc, labels, stop_at)], key=lambda lb: lb.start)
    ends = {lb.end for lb in labels}
    fl = [lb for lb in fl if not (lb.family in ("ftotal", "fpart")
                                  and (_in_parentheses(doc, lb) or lb.start not in ends and _pair_tail(doc, lb)))]
    rows_lb = [lb for lb in fl if lb.family in ("ftotal", "fpart")]
    unit = _unit(doc, rows_lb)
    problems: list[ParseProblem] = []
    out: list[FundsRow] = []
    starts = [x.start for x in fl]  # labels come in file order
    for lb in rows_lb:
        k = bisect.bisect_left(starts, lb.end)
        end = starts[k] if k < len(starts) else min(stop_at, lb.end + 200)
        text = doc.raw[lb.end : end]
        if "(" in text and (rx := gloss_re()) is not None:
            text = rx.sub("", text)  # "總額(é) | 11.66": the label's pinyin gloss is no cell
        atoms = row_atoms(text)
        if not atoms or all(a == "-" for a in atoms):
            continue
        ref = _amounts(out[0]) if out else ()
        # with no column header, a part row of three numbers or fewer and no rate prints amounts (the
        # weight and the score come with the rate, on the total row)
        order = tuple(cols) or (AMOUNTS if lb.family == "fpart" and kind != "declaration" and len(atoms) <= 3
                                and not any(a.endswith("%") for a in atoms) else ())
        got = assign_row(order, tuple(atoms), ref, kind)
        if got is None:
            ev = (doc.raw[lb.start : lb.end] + text).strip().split("\n")[0].strip()[:60]
            problems.append(ParseProblem("P003", "资金金额无法读取(数字缺失或错乱)", evidence=ev, field="funds",
                                         source=Source(start=lb.start, end=end, line=lb.line + 1)))
            continue
        row = FundsRow(label=_WS.sub("", doc.raw[lb.start : lb.end]),
                       source=Source(start=lb.start, end=end, line=lb.line + 1))
        _fill(row, {c: t for c, t in got if c}, unit)
        out.append(row)
    paired = _label_amount_row(doc, fl, unit)
    if paired is None and not cols and not any(_amounts(r) for r in out):
        paired = _pairs_by_content(doc, labels, stop_at, unit, kind)
    if paired is not None and not any(row.label and ("总额" in row.label or "合计" in row.label) for row in out):
        out.insert(0, paired)
    if out and out[0].weight is None and "weight" not in cols and rows_lb:
        out[0].weight = _block_weight(doc, fl, rows_lb[0].start)
    return out, unit, problems


_PAIR_RUN = 7  # pairs of one funds row: three amounts, a weight, a rate, a score and one more
_PAIR = re.compile(r"([\u4e00-\u9fff][^:：\n;；|\t\d]{0,14})[:：][ \t]*([-+]?\d[\d,]*(?:\.\d+)?(?:万元|亿元|万|元)?%?)(?![\d.])")


def _pairs_by_content(doc: Doc, labels: list[Label], stop_at: int, unit: str, kind: str) -> FundsRow | None:
    """The block printed as "name: number" pairs whose names the lexicon does not know ("全年预算数:2574.96万元 /
    全年执行数:2574.96万元 / 执行率:100.00%", a line each or one line): the numbers of consecutive pairs
    read as one row, in the block's usual column order, when they prove themselves (a rate that is one
    amount over another)."""
    if not labels:
        return None
    end = min(next((lb.start for lb in labels if lb.family in ("goal", "actual", "tcol", "tsection")), stop_at),
              stop_at)
    run: list[re.Match[str]] = []
    for m in _PAIR.finditer(doc.raw, doc.line_starts[labels[0].line], end):
        gap = doc.raw[run[-1].end() : m.start()] if run else ""
        if run and gap.strip(" \t\n;；,，。|") != "":
            run = []  # a text between two pairs: another block
        run.append(m)
        run = run[-_PAIR_RUN:]  # a row has a few columns: a longer run of pairs is looked at through a window
        atoms = [x.group(2).replace(",", "") for x in run]
        if len(run) >= 3 and _rate_proves(atoms):
            # the pairs that follow on (分值, 得分) belong to the row too
            for nxt in _PAIR.finditer(doc.raw, m.end(), end):
                if len(run) >= 2 * _PAIR_RUN or doc.raw[run[-1].end() : nxt.start()].strip(" \t\n;；,，。|"):
                    break
                run.append(nxt)
            atoms = [x.group(2).replace(",", "") for x in run]
            got = assign_row((), tuple(atoms), (), kind)
            if got is None:
                return None
            first, last = run[0], run[-1]
            row = FundsRow(label=_WS.sub("", first.group(1)),
                           source=Source(start=first.start(), end=last.end(), line=doc.line_of(first.start()) + 1))
            _fill(row, {c: t for c, t in got if c}, unit)
            return row
    return None


_ONE_NUMBER = re.compile(r"[:：][ \t]*[-+]?\d[\d,]*(?:\.\d+)?(?:万元|亿元|万|元)?%?(?=[\s;；,，|。]|$)")


def _pair_tail(doc: Doc, lb: Label) -> bool:
    """A row label that ends a longer name of a "name: number" pair ("年初|预算数:394.17"): a word of that
    name, not a row of the block. The name is short and starts after a break, and no other label ends
    where it starts (a fused line runs its header's names into the label: "…执行率得分年度资金总额:")."""
    if _ONE_NUMBER.match(doc.raw, lb.end, min(len(doc.raw), lb.end + 40)) is None:
        return False  # not "name: one number" (a fused row glues its numbers: "总额:202010100.00%10其中")
    head = re.search(r"[\u4e00-\u9fff]{1,5}$", doc.raw[max(0, lb.start - 5) : lb.start])
    if head is None or len(head.group()) > 4:
        return False  # (a fused line runs the names of a whole header into the label: "…执行率得分年度资金总额:")
    cut = lb.start - len(head.group())
    return cut == 0 or not "\u4e00" <= doc.raw[cut - 1] <= "\u9fff"


def _in_parentheses(doc: Doc, lb: Label) -> bool:
    """A row label inside an amount's breakdown ("22.70万(其中:当年财政拨款19.14万,上年结转资金3.56万)"): a
    parenthesis opened right after an amount, at most 40 characters before the label, is not closed
    before it. (A header's unclosed "(B/A" is no breakdown: no amount opens it.)"""
    before = doc.raw[max(doc.line_starts[lb.line], lb.start - 40) : lb.start]
    depth = 0
    for k in range(len(before) - 1, -1, -1):
        ch = before[k]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                return k > 0 and (before[k - 1].isdigit() or before[k - 1] in "万元")
            depth -= 1
    return False


def _label_amount_row(doc: Doc, fl: list[Label], unit: str) -> FundsRow | None:
    """The block printed as "label: amount" ("全年预算数:2574.96万元 / 全年执行数:2574.96万元 / 执行率:100.00%",
    or "预算数 6.84 到位数 6.84 执行数 6.84" on one line): each column label followed at once by its
    number. Two or more such pairs, one of them an amount, make the block's row."""
    got: dict[str, str] = {}
    first: Label | None = None
    last_end = 0
    for i, lb in enumerate(fl):
        if lb.family != "fcol" or lb.name in got:
            continue
        nxt = fl[i + 1].start if i + 1 < len(fl) else min(len(doc.raw), lb.end + 40)
        m = _PAIR_VALUE.match(doc.raw, lb.end, nxt)
        if m is None:
            continue
        got[lb.name] = m.group(1).replace(",", "")
        first = first or lb
        last_end = m.end()
    if first is None or len(got) < 2 or not any(c in got for c in AMOUNTS):
        return None
    row = FundsRow(label=_WS.sub("", doc.raw[first.start : first.end]),
                   source=Source(start=first.start, end=last_end, line=first.line + 1))
    _fill(row, got, unit)
    return row


_HAN = re.compile(r"[\u4e00-\u9fff]")
_ROW_HEAD = re.compile(r"[\s|]*([^\s|\d:：(（][^|\t:：]{0,30}?)[\s|:：]+(?=[-+]?\d)")
_TOTAL_WORDS = ("总额", "合计", "总计")


def _rows_by_content(doc: Doc, labels: list[Label], stop_at: int) -> list[Label]:
    """Rows of the block whose label the lexicon does not know ("总计 | 279.60 | 279.60 | 10 | 100.00% | 10",
    "上级转移支付资金 162.12 162.12"): inside the block (after its column header, before the narratives or
    the table), a line that opens with a text and goes on with two or more numbers."""
    head = next((lb for lb in labels if lb.family == "fcol" and lb.start < stop_at), None)
    head_line, head_end = (head.line, head.end) if head is not None else _proven_row(doc, labels, stop_at)
    if head_line < 0:
        return []
    end = next((lb.start for lb in labels if lb.start > head_end and lb.family in ("goal", "actual", "tcol",
                                                                                   "tsection")), stop_at)
    end = min(end, stop_at)
    # (a 合计 / 总计 row of the block is a label of the table's total row as well: here it is a funds row)
    known = {lb.line for lb in labels if head_line < lb.line and lb.start < end and lb.family != "total"}
    out: list[Label] = []
    totals = {lb.line: lb for lb in labels if lb.family == "total" and head_end <= lb.start < end}
    for line in range(head_line + 1, doc.line_of(max(end - 1, head_end)) + 1):
        if line in known:
            continue
        if line in totals and _is_blank_after(doc, totals[line]):
            lb = totals[line]  # "合计" alone on its line, its amounts on the lines after (one cell per line)
            out.append(Label("ftotal", "total", lb.key, lb.start, lb.end, line))
            continue
        text = doc.line_text(line)
        head = _text_and_numbers(text)
        if head is not None and len(head[1]) >= 2:
            start, name = doc.line_starts[line] + head[0].start(1), head[0].group(1).strip()
        elif (c := _CELL_LABEL.match(text)) is not None and _numbers_follow(doc, line, 2):
            start, name = doc.line_starts[line] + c.start(1), c.group(1)  # one cell per line
        else:
            continue
        family = "ftotal" if any(w in name for w in _TOTAL_WORDS) else "fpart"
        out.append(Label(family, "total" if family == "ftotal" else "part", name, start, start + len(name), line))
    return out


_CELL_LABEL = re.compile(r"[\s|]*([\u4e00-\u9fff][^\s|\d]{0,15})[\s|:：]*$")
_NUMBER_CELL = re.compile(r"[\s|]*[-+]?\d[\d,]*(?:\.\d+)?(?:万元|亿元|万|元)?%?[\s|]*$")


def _numbers_follow(doc: Doc, line: int, n: int) -> bool:
    """The ``n`` lines after ``line`` each hold one number and nothing else (a row printed one cell per line)."""
    if line + n >= len(doc.line_starts):
        return False
    return all(_NUMBER_CELL.match(doc.line_text(k)) for k in range(line + 1, line + n + 1))


def _is_blank_after(doc: Doc, lb: Label) -> bool:
    """Nothing but separators after the label on its line."""
    nl = doc.raw.find("\n", lb.end)
    return not doc.raw[lb.end : len(doc.raw) if nl < 0 else nl].strip(" \t|:：")


def _proven_row(doc: Doc, labels: list[Label], stop_at: int) -> tuple[int, int]:
    """(line before, offset) of the first funds row that proves itself when no column header is known: a
    text, then two amounts and a "%" rate equal to the second over the first ("总计 279.60 268.40 10 96.00%
    9.6"): its column names may be any words, its numbers say what it is. (-1, 0) when no row does."""
    if not labels:
        return -1, 0
    end = next((lb.start for lb in labels if lb.family in ("goal", "actual", "tcol", "tsection")), stop_at)
    end = min(end, stop_at)
    known = {lb.line for lb in labels if lb.family not in ("ftotal", "fpart", "total")}
    for line in range(labels[0].line, doc.line_of(max(end - 1, labels[0].start)) + 1):
        if line in known:
            continue
        head = _text_and_numbers(doc.line_text(line))
        if head is not None and _rate_proves(head[1]):
            first = line
            while first - 1 >= labels[0].line and first - 1 not in known and _amount_row(doc.line_text(first - 1)):
                first -= 1  # the block's rows printed above its total ("其中:…" first, 合计 last)
            return first - 1, doc.line_starts[first]
    return -1, 0


def _text_and_numbers(text: str) -> tuple[re.Match[str], list[str]] | None:
    """A line that opens with a Chinese text and goes on with numbers: the text's match and the numbers."""
    m = _ROW_HEAD.match(text)
    if m is None or not _HAN.search(m.group(1)):
        return None
    return m, row_atoms(text[m.end() :])


def _amount_row(text: str) -> bool:
    """A line that opens with a text and goes on with two or more numbers, one of them an amount."""
    head = _text_and_numbers(text)
    return head is not None and len(head[1]) >= 2 and any("." in t or _MONEY_SUFFIX.search(t) for t in head[1])


def _rate_proves(atoms: list[str]) -> bool:
    """A rate among the first numbers that is an amount printed before it over an earlier one (to the
    rate's printed decimals, give or take a rounding)."""
    nums = [(t, v) for t in atoms[:7] if t != "-" and (v := _num(t)) is not None]
    for k, (t, v) in enumerate(nums):
        # a rate: printed with "%", as a fraction with its decimals ("0.878"), or with decimals after two amounts
        if t.endswith("%") or v <= 1.2 and len(t.partition(".")[2]) >= 2:
            rate = v if t.endswith("%") else v * 100
        elif "." in t and v <= 200 and k >= 2:
            rate = v
        else:
            continue
        amounts = [a for ta, a in nums[:k] if not ta.endswith("%") and a > 1.2]
        if any(abs(b / a * 100 - rate) <= 0.6 for i, a in enumerate(amounts) for b in amounts[i + 1 :] if b <= a * 1.2):
            return True
    return False


def _header_columns(doc: Doc, fl: list[Label]) -> list[str]:
    """The block's column labels in order, up to the first row label (a later one starts another block);
    names glued to a label with no cell break ("全年预算数全年执行数执行率", OCR) are read after it."""
    cols: list[str] = []
    used: list[Label] = []
    first_row = min((r.start for r in fl if r.family in ("ftotal", "fpart")), default=None)
    for lb in fl:
        if lb.family == "fcol" and lb.name not in cols:
            if cols and first_row is not None and first_row < lb.start:
                break
            cols.append(lb.name)
            used.append(lb)
            cols.extend(c for c in _glued_columns(doc, lb) if c not in cols)
    return [] if _unplaced_names(doc, used, fl) else cols


_SEPS = " \t|\u3000"
_MARKERS = re.compile(r"[((][^()（）]*[))]|[\s|:：]")  # (bracketed markers, units and formulas: "(B/A)", "(万元)", "(20分*执行率)")


def _unplaced_names(doc: Doc, used: list[Label], fl: list[Label]) -> bool:
    """Whether the funds header prints a column name the lexicon does not place, in a cell of its own between
    two it knows, before the first or after the last on its line ("年初预算 | 调整后预算数 | 实际支出数 |
    预算执行率 | 标准分 | 实得分"): then its known names do not say which number is which, and the row's numbers
    are read as a header-less row is. Names glued to the known ones (OCR runs a header into its rows) are
    not judged."""
    if not used:
        return False
    first, last = used[0], used[-1]
    line_end = doc.line_starts[last.line] + len(doc.line_text(last.line))
    before = max((lb.end for lb in fl if lb.line == first.line and lb.end <= first.start),
                 default=doc.line_starts[first.line])  # (the block's own label, "项目资金(万元)", opens the line)
    # (start, end, must the text start with a cell break, must it end with one)
    spans = [(x.end, y.start, True, True) for x, y in zip(used, used[1:], strict=False) if x.line == y.line]
    spans += [(before, first.start, False, True), (last.end, line_end, True, False)]
    lx = lex()
    names = {lb.name for lb in used}
    for a, b, opens, closes in spans:
        raw = doc.raw[a:b]
        if not raw.strip() or opens and raw[0] not in _SEPS or closes and raw[-1] not in _SEPS:
            continue
        gap = lx.fold_key(raw)
        for _ in range(3):  # (a gloss inside a bracketed unit, "(萬(wàn)元)": brackets nest)
            gap = _MARKERS.sub("", gap)
        while gap:
            # (funds column names the lexicon knows, run together or not, are placed; a second name for a
            # column already placed, or a name of the indicator table's columns, is not)
            m = lx.label_re.match(gap)
            hit = lx.labels.get(m.group()) if m is not None and m.group() else None
            if hit is None or hit[0] != "fcol" or hit[1] in names:
                break
            gap = gap[m.end() :]
        if _NAME_RUN.search(gap):
            return True  # (a lone glyph is a piece of a label whose gloss split it: "資(zī)金")
    return False


_NAME_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _glued_columns(doc: Doc, lb: Label) -> list[str]:
    """Funds column names printed right after ``lb`` with nothing between them, in order."""
    lx = lex()
    rest = lx.fold_key(doc.line_text(lb.line)[lb.end - doc.line_starts[lb.line] :])
    out: list[str] = []
    while rest:
        m = lx.label_re.match(rest)
        hit = lx.labels.get(m.group()) if m else None
        if hit is None or hit[0] != "fcol":
            break
        out.append(hit[1])
        rest = rest[m.end() :]
    return out


def _unit(doc: Doc, rows_lb: list[Label]) -> str:
    if not rows_lb:
        return "万元"
    zone = doc.raw[max(0, rows_lb[0].start - 300) : rows_lb[0].start]
    zf = zone.replace("（", "(").replace("）", ")").replace(" ", "")
    return "元" if "(元)" in zf and zf.rfind("(元)") > zf.rfind("(万元)") else "万元"


def row_atoms(text: str) -> list[str]:
    """The numbers at the start of a row's text ("60万元57.2295.00%", "880 880 880 10 10", "| 30 | 30 |"),
    up to the first word: each number with its money unit or "%", dashes as empty cells."""
    out: list[str] = []
    pos = 0
    t = join_split_decimals(text.replace("，", ","))  # "392. 27": a decimal point, then a space (PDF)
    while pos < len(t):
        while pos < len(t) and (t[pos].isspace() or t[pos] in "|:：()（）"):
            if t[pos] in "(（" and out:  # "2175.13万(其中:当年财政拨款2175.13万)": a breakdown inside the cell
                close = min((i for i in (t.find(")", pos), t.find("）", pos)) if i >= 0), default=-1)
                if 0 <= close - pos <= 40:
                    pos = close
            pos += 1
        m = _ATOM.match(t, pos)
        if m is None or _ITEM_NUMBER.match(t, m.end()):
            break  # a word, or an item number ("1、一般公共预算"): the row's numbers end here
        tok = m.group().replace(",", "")
        out.append("-" if tok.strip("-—–/") == "" else tok)
        pos = m.end()
    return out


def _amounts(row: FundsRow) -> tuple[tuple[str, float], ...]:
    return tuple((c, getattr(row, c)) for c in AMOUNTS if getattr(row, c) is not None)


@lru_cache(maxsize=1024)
def assign_row(cols: tuple[str, ...], atoms: tuple[str, ...], ref: tuple[tuple[str, float], ...],
               kind: str) -> tuple[tuple[str, str], ...] | None:
    """The columns of a row's numbers, (column, token) pairs; None when no reading is credible (glued
    digits whose cut nothing proves, lost digits: the row is reported unread, never guessed)."""
    if any(a.startswith(".") for a in atoms):
        return None  # ".10.50.50…": the leading digits were lost in extraction; nothing to read
    orders = (cols,) if cols else (DEFAULT_ORDERS if kind != "declaration" else (("budget_initial",),))
    best: tuple[float, tuple[tuple[str, str], ...]] | None = None
    repeats = _repeats_glued(atoms, ref)
    ref_d = dict(ref)
    for allow_cuts in (False, True):
        if allow_cuts and best is not None and not _worth_cutting(atoms, best[1], orders) and not repeats:
            break  # every number read whole and the columns are filled: no cut can prove more
        for order in orders:
            for got, cut in _readings(order, atoms, allow_cuts, len(ref) if repeats else 0):
                if allow_cuts and not cut:
                    continue  # read whole: the first pass scored this very reading already
                s = score_row(order, got, ref_d, cut)
                if s is not None and (best is None or s > best[0]):
                    best = (s, got)
    return best[1] if best else None


def _worth_cutting(atoms: tuple[str, ...], got: tuple[tuple[str, str], ...], orders) -> bool:
    """Whether glued digits may hide cells the whole reading left empty."""
    placed = sum(1 for c, _t in got if c)
    return any(_may_hide_numbers(a) for a in atoms) and placed < max(len(o) for o in orders)


def _repeats_glued(atoms: tuple[str, ...], ref: tuple[tuple[str, float], ...]) -> bool:
    """A part row whose one run of digits is the total row's amounts glued ("2020" under a total of
    20 and 20): cut it even though it reads as one plausible amount."""
    if len(atoms) != 1 or len(ref) < 2 or not atoms[0].isdigit():
        return False
    return atoms[0] == "".join(f"{v:g}" for _c, v in ref)


_MAX_ATOMS = 64  # the search recurses once per number: bounded far below the recursion limit


def _readings(order: tuple[str, ...], atoms: tuple[str, ...], allow_cuts: bool = True, force_cut: int = 0):
    """Every monotone placing of the atoms into ``order``; an atom with glued digits may fill several
    consecutive columns (cut by ``split.cuts``)."""
    n = len(order)
    out: list[tuple[tuple[tuple[str, str], ...], bool]] = []
    if len(atoms) > _MAX_ATOMS:
        return out  # a funds row never holds this many numbers (a fuzzed or run-together row): no reading

    spare = max(0, len(atoms) - n)  # more numbers than columns: some belong to columns nobody named
    n_atoms = len(atoms)
    whole = [_whole(tok) for tok in atoms]  # what each atom allows, worked out once (not per column tried)
    cuttable = [allow_cuts and (_may_hide_numbers(tok) or bool(force_cut)) for tok in atoms]

    def walk(i: int, col: int, acc: tuple[tuple[str, str], ...], cut: bool, dropped: int = 0) -> None:
        if len(out) > 4000:
            return
        if i == n_atoms:
            out.append((acc, cut))
            return
        tok = atoms[i]
        if dropped < spare:
            walk(i + 1, col, (*acc, ("", f"{n_atoms - i}")), cut, dropped + 1)  # records how early
        for c in range(col, n):
            if n_atoms - i - (spare - dropped) > n - c and not allow_cuts:
                break  # the numbers left cannot fit in the columns left
            if tok == "-":
                walk(i + 1, c + 1, acc, cut, dropped)
                continue
            if whole[i]:
                walk(i + 1, c + 1, (*acc, (order[c], tok)), cut, dropped)
            if cuttable[i]:
                # the piece closing the run keeps its "%" (a rate) or its unit (an amount): only the cuts
                # ending on such a column are tried
                # without a "%", every number glued in the run but one prints its decimals: no more pieces
                # than decimal points + 1
                most = n - c if tok.endswith("%") else min(n - c, max(tok.count(".") + 1, force_cut))
                ks = tuple(k for k in range(2, most + 1) if not (
                    tok.endswith("%") and order[c + k - 1] != "rate"
                    or _MONEY_SUFFIX.search(tok) and order[c + k - 1] not in AMOUNTS))
                for parts in _pieces(tok, ks):
                    walk(i + 1, c + len(parts), (*acc, *zip(order[c : c + len(parts)], parts, strict=True)), True,
                         dropped)

    walk(0, 0, (), False)
    return out


def _may_hide_numbers(tok: str) -> bool:
    """Glued digits: two decimal points, more decimals than a form prints, a "rate" too long to be one,
    or a long plain run of digits. An amount such as "2042400.00" (元) is one number."""
    core = _MONEY_SUFFIX.sub("", tok.rstrip("%")).lstrip("+-")
    whole, _, frac = core.partition(".")
    if core.count(".") > 1 or len(frac) > 2:
        return True  # two decimal points, or more decimals than a form prints
    if tok.endswith("%"):
        return len(whole) > 3  # a rate above 999%: numbers glued before it
    return "." not in core and len(core) >= 7 and "," not in tok  # a long plain run ("880880880")


def _whole(tok: str) -> bool:
    """A token that can be one number as printed (not "184.52180.83": two decimal points)."""
    return tok.rstrip("%").count(".") <= 1


@lru_cache(maxsize=4096)
def _may_hide_numbers_cached(tok: str) -> bool:
    return _may_hide_numbers(tok)


@lru_cache(maxsize=512)  # about 3 KiB an entry (every cut of a token): 12 MiB at 4,096 for 30% hits
def _pieces(tok: str, ks: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
    """Ways to read one atom as k numbers for each k of ``ks``: the digits cut, the "%" or money unit kept on the piece
    it closes ("57.2295.00%" -> 57.22 | 95.00%)."""
    m = re.fullmatch(r"([-+]?)([\d.]+?)((?:万元|亿元|万|元)?%?)", tok)
    if m is None or len(m.group(2)) > MAX_DIGITS or "." not in m.group(2) and len(m.group(2)) < 3 \
            and not m.group(3):
        return ()
    sign, digits, suffix = m.groups()
    out: list[tuple[str, ...]] = []
    for k in ks:
        for cut in cuts(digits, k):
            out.append((sign + cut[0], *cut[1:-1], cut[-1] + suffix))
    return tuple(out)


@lru_cache(maxsize=8192)
def _num(tok: str) -> float | None:
    t = _MONEY_SUFFIX.sub("", tok.rstrip("%"))
    try:
        return float(t)
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _misplaced(col: str, tok: str) -> bool:
    """A "%" outside the rate column, or a money unit outside an amount column: no reading puts it there."""
    return tok.endswith("%") and col != "rate" or _MONEY_SUFFIX.search(tok) is not None and col not in AMOUNTS


def _may_prove(cols: dict[str, str], ref: dict[str, float]) -> bool:
    """Whether a reading with these columns can prove a cut at all: a stated rate beside 执行数 and a
    budget, or a part row of amounts only (to compare with the total row's)."""
    if "rate" in cols:
        return "executed" in cols and ("budget_full_year" in cols or "budget_initial" in cols)
    return bool(ref) and all(c in AMOUNTS for c in cols)


def score_row(order: tuple[str, ...], got: tuple[tuple[str, str], ...], ref: dict[str, float],
              cut: bool = False) -> float | None:
    """How well a reading proves itself (None: impossible). The stated rate agreeing with 执行数/预算数
    is the strongest proof; a row that repeats the total's amounts is a part row; weights and scores
    are small, a score never exceeds its weight; a "%" is a rate, a money unit an amount."""
    placed = tuple((c, t) for c, t in got if c)
    d = dict(placed)
    if len(d) != len(placed):
        return None
    # the checks that reject a reading outright come first (cheap, on the column names and tokens): most
    # readings of glued digits fail one of them
    if cut and not _may_prove(d, ref):
        return None  # a cut is kept only where it proves itself (see below)
    for c, t in placed:
        if _misplaced(c, t):
            return None
    vals = {c: _num(t) for c, t in placed}
    if None in vals.values():
        return None
    full = vals.get("budget_full_year") or vals.get("budget_initial")
    ex, rate, w, sc = vals.get("executed"), vals.get("rate"), vals.get("weight"), vals.get("score")
    if cut and not _plausible_cut(placed, vals):
        return None
    # what proves the reading (decided before the score is summed: an unproven cut is dropped)
    proven = agrees = repeats_total = False
    pct = 0.0
    if rate is not None:
        pct = rate * 100 if rate <= 1.2 and "%" not in d["rate"] and "." in d["rate"] else rate
        if not 0 <= pct <= 200:
            return None
        if full and ex is not None:
            agrees = _rate_agrees(full, ex, pct, d["rate"])
            proven = agrees or _printed_alike([d[c] for c in AMOUNTS if c in d], pct) \
                or abs(ex / full * 100 - pct) <= _NEAR_RATE
    if ref and not rate and all(c in AMOUNTS for c in d) \
            and all(c in ref and abs(vals[c] - ref[c]) < 1e-6 for c in d):
        repeats_total = proven = True  # a part row repeating the total row's amounts column by column
    if cut and not proven:
        return None  # glued digits are cut only where the cut proves itself (else digits may be lost)
    # the score (terms added in this order, so equal readings tie as they always did)
    dropped = sum(2.0 + 0.1 * int(t) for c, t in got if not c)  # leaving out an earlier number costs more
    s = _unfilled_cost(order, tuple(d))
    s -= dropped
    if rate is not None:
        s += 1.0 if "%" in d["rate"] else 0.0
        if full and ex is not None:
            s += 5.0 if agrees else -2.0
            if agrees and _rate_agrees(full, ex, pct, d["rate"], slack=1e-9):
                s += 1.0  # to the printed decimals, no slack: a wrong cut of the same digits rarely is
    for v in (w, sc):
        if v is not None:
            s += 1.0 if v <= 30 else -3.0
    if w is not None:
        s += 0.5 if w in _ROUND_WEIGHTS else (-2.0 if w == 0 else 0.0)
    if w is not None and sc is not None:
        s += 1.0 if sc <= w + 1e-9 else -3.0
        if rate is not None and abs(min(pct, 100) / 100 * w - sc) <= 0.51:
            s += 1.0
    if repeats_total:
        s += 4.0
    if full and ex is not None and ex <= full * 1.2:
        s += 0.5
    if cut and _alike_decimals([t for c, t in placed if c in AMOUNTS]):
        s += 0.75  # a row prints its amounts alike: 28.4 | 28.4, not 2 | 8.42 | 8.4
    return s


@lru_cache(maxsize=1024)
def _unfilled_cost(order: tuple[str, ...], placed: tuple[str, ...]) -> float:
    """What leaving the columns of ``order`` that a reading does not fill costs (a function of the two
    column lists alone, asked for every reading of every row: computed once per pair)."""
    s = sum(v for c, v in _LEAVE_OUT.items() if c in order and c not in placed)
    s -= 1.5 * sum(1 for c in order if c not in placed and c not in _LEAVE_OUT)
    return s


def _alike_decimals(tokens: list[str]) -> bool:
    """Two or more amounts printed with the same number of decimals (an integer has none)."""
    decimals = {len(t.rstrip("%万元亿").partition(".")[2]) for t in tokens}
    return len(tokens) >= 2 and len(decimals) == 1


def _plausible_cut(got: tuple[tuple[str, str], ...], vals: dict[str, float | None]) -> bool:
    """A cut of glued digits must read like a printed row: a weight and a score of at most 100 with at
    most two decimals, no "0%" rate beside a spent amount."""
    for c in ("weight", "score"):
        t = dict(got).get(c)
        if t is not None and (vals[c] > 100 or len(t.partition(".")[2]) > 2):
            return False
    rate, ex = vals.get("rate"), vals.get("executed")
    return not (rate == 0 and ex)


def _printed_alike(amounts: list[str], rate: float) -> bool:
    """Two or more amounts printed with the same (non-zero) decimals and a plausible 执行率: a cut that
    reads as a row even when the stated rate disagrees (a finding for F001, not a parse failure)."""
    decs = {len(_MONEY_SUFFIX.sub("", t).partition(".")[2]) for t in amounts}
    return len(amounts) >= 2 and len(decs) == 1 and decs != {0} and rate <= 200


def _rate_agrees(full: float, ex: float, rate: float, rate_token: str, slack: float = 0.05) -> bool:
    """执行数 / 预算数 equals the stated 执行率 to the decimals it is printed with (give or take ``slack``
    percentage points, for other roundings; ``slack=0``: exactly)."""
    dec = len(rate_token.rstrip("%").partition(".")[2])
    return abs(ex / full * 100 - rate) <= 0.5 * 10 ** -dec + slack


def _fill(row: FundsRow, got: dict[str, str], unit: str) -> None:
    scale = 0.0001 if unit == "元" else 1.0
    for col, tok in got.items():
        v = _num(tok)
        if v is None:
            continue
        if col in AMOUNTS:
            if tok.endswith("亿元"):
                v *= 10000
            elif "万" in tok:
                pass
            elif tok.endswith("元"):
                v *= 0.0001
            else:
                v = round(v * scale, 6)
            setattr(row, col, v)
        elif col == "rate":
            row.rate_text = tok
            row.rate = round(v * 100, 4) if (v <= 1.2 and "%" not in tok and "." in tok) else v
        elif col == "weight":
            row.weight = v
        elif col == "score":
            row.score_text = tok
            row.score = v


def _block_weight(doc: Doc, fl: list[Label], first_row: int) -> float | None:
    """The printed weight of a funds block without a 分值 column: "预算执行情况(万元)(20分)" or
    "得分(20分*执行率)" (Hubei 20+80 forms); None when the block states none."""
    for lb in fl:
        if lb.start >= first_row:
            break
        if lb.key == "预算执行情况":
            m = _BLOCK_W.match(doc.compact_text(lb.end, min(first_row, lb.end + 40)))
        elif lb.family == "fcol" and lb.name == "score":
            m = _SCORE_W.search(lb.key)
        else:
            continue
        if m:
            return float(m.group(1))
    return None


__all__ = ["read_funds", "row_atoms", "assign_row", "score_row"]
