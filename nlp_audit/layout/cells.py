"""Cells: split a line of extracted text into cells with raw offsets, and say what each cell is.

Why: every layout (tabs, pipes, one cell per line, spaces, no separator at all) reduces to a
sequence of cells; the table machine only needs to know which cell is a category label, a name,
a value or a label of the header. Fused lines are cut into cells with a token pattern built from
the lexicon (comparators, numbers, units, qualitative words) — cutting, not reading: values are read
by ``nlp_audit.quantities.read_cell``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import lex
from .normtext import NText, fold

CAT, FRAG, LABEL, VALUE, TEXT, EMPTY = "CAT", "FRAG", "LABEL", "VALUE", "TEXT", "EMPTY"

_WS = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_DASH = re.compile(r"^[-/—–\\_~]+$")
_NUM = r"\d+(?:[.,]\d+)*"
_OP = r"(?:>=|<=|≥|≤|>|<|=|\+|不少于|不低于|不超过|不高于|不大于|不小于|大于|小于|低于|高于)"


@dataclass(slots=True)
class Cell:
    text: str  # raw text
    start: int  # raw offsets
    end: int
    kind: str = TEXT
    key: str = ""  # folded, whitespace removed
    cat: tuple[str | None, str | None] | None = None  # (level1, level2)
    fused: bool = False  # cut out of a line without separators

    @property
    def empty(self) -> bool:
        return self.kind == EMPTY


# characters that only end a name (…率, …度, …性): never a cell of their own, never after a value word
NAME_TAILS = "率度性数量额比"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    from .celltypes import unit_words

    lx = lex()
    # the layout's units and every unit the quantity grammar reads after a number ("520盏", "3艘"): one list
    units = sorted(set(lx.raw.get("fused_units", [])) | unit_words(), key=len, reverse=True)
    unit = "(?:万?(?:" + "|".join(re.escape(u) for u in units) + "))"
    quals = sorted(lx.qual, key=len, reverse=True)
    qual = "(?:" + "|".join(re.escape(q) for q in quals) + ")"
    value_cell = re.compile(
        rf"^(?:{_OP}?\s*{_NUM}\s*(?:[((]?[^\d\s]{{0,6}}[))]?)?\s*(?:以上|以内|以下|及以上)?"
        rf"|{_OP}|定性|定量"
        rf"|\d{{4}}年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?(?:前|底|之前)?"
        rf"|\d{{1,2}}月(?:\d{{1,2}}日)?(?:前|底)?"
        rf"|\d+(?:\.\d+)?\s*[-~至]\s*\d+(?:\.\d+)?\s*{unit}?"
        rf"|{qual})$"
    )
    guards = lx.raw.get("fused_unit_guards") or {}
    tunit = "(?:万?(?:" + "|".join(re.escape(u) + (f"(?!{guards[u]})" if u in guards else "") for u in units) + "))"
    token = re.compile(rf"{_OP}?(?:\d{{4}}年)?\d{{1,2}}月(?:\d{{1,2}}日)?(?:前|底|之前|以前)?"  # a deadline: 12月, 2023年6月底前
                       rf"|{_OP}?(?<!\d)\.?\d+(?:\.\d+)*(?:-\d+(?:\.\d+)?)?(?:{tunit}|[((](?:{tunit}|%)[))])?(?:及以上|及以下|以上|以下|以内)?"
                       rf"|{qual}(?![{NAME_TAILS}])|……|…")  # ("合格率", "达标率": a name, no 合格 in it)
    sections = [re.compile(p) for p in lx.raw.get("section_patterns", [])]
    unitonly = re.compile(rf"^{unit}$|^%\([^)]{{1,6}}\)$")
    return {"unitonly": unitonly, "value": value_cell, "token": token, "unit": re.compile(rf"{unit}$"), "sec0": sections[0],
            "secfull": sections[1], "secany": sections[2]}


def patterns() -> dict[str, re.Pattern[str]]:
    return _patterns()


def strip_section(key: str) -> str:
    """'产出指标(50分)' -> '产出指标' (the block weight is a section marker, not a row)."""
    return _patterns()["secany"].sub("", key)


def category_of(key: str) -> tuple[str | None, str | None] | None:
    from .celltypes import lexicon_category

    return lexicon_category(strip_section(key).strip(":"))


_KINDS: dict[str, tuple[str, str, tuple[str | None, str | None] | None]] = {}
_KIND_CHARS, _KIND_ENTRIES = 256, 30_000  # bounds of _KINDS: cell texts it keeps, and how many


def classify(cell: Cell) -> Cell:
    """Set ``key``/``kind``/``cat`` of a cell; a pure function of its text, cached by text
    (the same cells — 分值, 达成指标, category labels — recur in every form of a batch)."""
    hit = _KINDS.get(cell.text)
    if hit is None:
        hit = _kind_of(cell.text)
    cell.key, cell.kind, cell.cat = hit
    return cell


def _kind_of(text: str) -> tuple[str, str, tuple[str | None, str | None] | None]:
    """(key, kind, cat) of a cell text, computed and stored in the cache (a miss of ``_KINDS``)."""
    hit = _classify_key(_WS.sub("", fold(text)).replace("|", ""))
    if len(text) <= _KIND_CHARS:  # a long cell is rarely seen twice; kept, it would hold megabytes
        if len(_KINDS) >= _KIND_ENTRIES:
            _KINDS.clear()
        _KINDS[text] = hit
    return hit


def _classify_key(key: str) -> tuple[str, str, tuple[str | None, str | None] | None]:
    lx = lex()
    if not key:
        return key, EMPTY, None
    if _DASH.match(key):
        return key, VALUE, None
    cat = category_of(key)
    if cat is not None:
        return key, CAT, cat
    p = _patterns()
    if p["secfull"].match(key) or p["sec0"].fullmatch(key):
        return key, LABEL, None
    fam = lx.labels.get(key)
    if fam and (fam[0] in ("tcol", "tsection") or fam[0] == "fcol" and fam[1] in ("weight", "score")):
        return key, LABEL, None
    if len(key) <= 4 and (key in lx.cat_prefixes or key in lx.cat_suffixes) and not any(ch.isdigit() for ch in key):
        return key, FRAG, None
    if p["value"].match(key) or p["unitonly"].match(key):
        return key, VALUE, None
    return key, TEXT, None


def split_line(raw: str, a: int, b: int, mode: str) -> list[tuple[str, int, int]]:
    """Cells of raw[a:b] (one line) by the table's separator mode ("tab", "pipe" or "space"): (text, raw
    start, raw end) of each, padding stripped. What a cell holds is ``celltypes``' business.

    The hot loop of the parser (every table line of every form): pieces are cut with str.split where
    the separator is one character; a line of separators only is one blank cell. Plain tuples, not
    ``Cell`` objects: the stream makes its own cells of them at once."""
    line = raw[a:b]
    if line and not line.strip(" |\t\r"):
        return [("", a, a)]
    out: list[tuple[str, int, int]] = []
    if mode == "space":
        # the cells are the runs between separator runs (blank pieces are dropped anyway)
        for m in _NON_SPACE_SEP.finditer(line):
            t = m.group()
            u = t.lstrip(_PAD)
            s = a + m.start() + len(t) - len(u)
            u = u.rstrip(_PAD)
            if u.strip():
                out.append((u, s, s + len(u)))
        return out
    parts = line.split(_ONE_CHAR_SEP[mode])
    while parts and not parts[-1].strip():  # trailing blank cells are dropped
        parts.pop()
    off = a
    for t in parts:
        u = t.strip(_PAD)
        s = off + (len(t) - len(t.lstrip(_PAD)) if u else len(t))
        off += len(t) + 1
        out.append((u, s, s + len(u)))
    return out


_NON_SPACE_SEP = re.compile(r"[^ \t\u3000\u00a0]+")
_ONE_CHAR_SEP = {"tab": "\t", "pipe": "|"}


_PAD = " \t\u3000\u00a0\r"


_CLAUSE = re.compile(r"[,，;；。]")
_YEAR_WORD = re.compile(r"(?:19|20)\d{2}年(?:度)?")
_PAREN_WORD = re.compile(r"[((][\u4e00-\u9fff]{1,6}[))][\u4e00-\u9fff]")


def _name_start(seg: str, s: int, e: int) -> bool:
    """A short qualitative word glued to the text after it, after a number: the start of the next name."""
    if e - s > 2 or e >= len(seg) or not _is_cjk(seg[e]) or _is_table_label_start(seg, e):
        return False
    if s == 0 or not seg[s - 1].isdigit():
        return False
    return seg[s:e] not in lex().raw.get("fused_reason_words", [])


_WRAPPED_WEIGHT = re.compile(r"(?<=\s)\d+(?:\.\d+)?分[)）]")


def _numbers_meet(text: str, k: int, i: int, j: int) -> bool:
    """Whether the line break at ``k`` sits between a number's last character and a digit (asked of the
    first break of a run only, so a run of blank lines is walked once)."""
    if k > i and text[k - 1] in "\r\n":
        return False
    a = k - 1
    while a >= i and text[a] in "\r\n":
        a -= 1
    b = k + 1
    while b < j and text[b] in "\r\n":
        b += 1
    return a >= i and b < j and text[b].isdigit() and (text[a].isdigit() or text[a] == "%")


def split_fused(raw: str, nt: NText, i: int, j: int) -> list[Cell]:
    """Cut folded text nt[i:j] (a line with no separators) into cells with raw offsets.

    Categories, header labels and section markers are cut off the front of each text run; value
    tokens are found with the token pattern; a lone short number glued to text on both sides (a
    year, '0-6岁') stays inside the name. Newlines inside a fused run are ignored (page breaks), except
    between two numbers, which they still separate.
    """
    text = nt.text[i:j]
    if "\n" not in text and "\r" not in text:
        pos = list(nt.pos[i:j])
    else:
        # a line break between two numbers still separates them: a row ends with its score, the next line
        # may start with a digit ("…97.52%5" / "3益分)标效指0(…": a vertically printed label read out of order)
        src = nt.text
        keep = [k for k in range(i, j) if src[k] not in "\r\n" or _numbers_meet(src, k, i, j)]
        text = "".join(" " if src[k] in "\r\n" else src[k] for k in keep)
        pos = [nt.pos[k] for k in keep]
    pos.append(nt.pos[j] if j < len(nt.pos) else pos[-1] if pos else 0)
    sub = NText(text, pos)
    seg = sub.text
    p = _patterns()
    secs = [(m.start(), m.end()) for m in p["secany"].finditer(seg)]  # "(10分)" is a block marker, not a value
    # (so is the end of one wrapped onto the next line: "产出指标(" / "50分)…")
    secs += [(m.start(), m.end()) for m in _WRAPPED_WEIGHT.finditer(seg)]
    heads = _header_chains(seg)  # "指标名称计量单位指标性质指标值…": header labels back to back
    inside = _SpanSet([*secs, *heads, *_rule_spans(seg)])
    toks: list[tuple[int, int]] = [(m.start(), m.end()) for m in p["token"].finditer(seg) if m.end() > m.start()
                                   and not inside.covers(m.start())]
    runs: list[list[tuple[int, int]]] = []
    for t in toks:
        if runs and seg[runs[-1][-1][1] : t[0]].strip() == "":
            runs[-1].append(t)
        elif runs and _value_suffix(seg, runs[-1][-1], t[0]):
            ps, _pe = runs[-1][-1]
            runs[-1][-1] = (ps, t[0])  # "100%覆盖100%覆盖30": 覆盖 belongs to the value before it
            runs[-1].append(t)
        else:
            runs.append([t])
    kept: list[list[tuple[int, int]]] = []
    for r in runs:
        s, e = r[0][0], r[-1][1]
        glued_after = e < len(seg) and not seg[e].isspace() and not _is_label_start(seg, e)
        glued_before = s > 0 and not seg[s - 1].isspace()
        short = len(r) == 1 and (e - s <= 4 or "-" in seg[s:e] or _YEAR_WORD.fullmatch(seg, s, e) is not None)
        if short and glued_after and glued_before:
            continue  # part of a name ("同比2022年销量", "0-6岁儿童")
        if s > 0 and _is_cjk(seg[s - 1]) and e < len(seg) and _is_cjk(seg[e]) and not _DIGIT.search(seg, s, e) \
                and not _is_table_label_start(seg, e):
            continue  # qualitative words starting a name ("是否完成…", "完成…的数量")
        if s > 0 and _is_cjk(seg[s - 1]) and not _DIGIT.search(seg, s, e) and not _is_table_label_start(seg, s):
            continue  # a qualitative word ending a text ("…覆盖率明显提高"): the text's, cut later if repeated
        ls, le = r[-1]
        if not _DIGIT.search(seg, ls, le) and (_PAREN_WORD.match(seg, le) or _name_start(seg, ls, le)):
            r = r[:-1]  # a word starting a name ("10及时(按期)完工率", "10高血压患者…")
            if not r:
                continue
        kept.append(r)
    cells: list[Cell] = []
    at = 0
    items = sorted([*kept, *([h] for h in heads)], key=lambda r: r[0][0])
    head_set = set(heads)  # (a long header run has thousands: a list's membership test made this quadratic)
    for r in items:
        if r[0][0] < at:
            continue
        if r[0][0] > at:
            cells.extend(_text_cells(raw, sub, seg, at, r[0][0]))
        if len(r) == 1 and r[0] in head_set:
            s, e = r[0]
            cells.append(_sub_cell(raw, sub, s, e, LABEL, seg[s:e]))
        else:
            for s, e in r:
                cells.append(classify(_sub_cell(raw, sub, s, e)))
        at = r[-1][1]
    if at < len(seg):
        cells.extend(_text_cells(raw, sub, seg, at, len(seg)))
    return cells


_COMPARED_NUMBER = re.compile(r"[≥≤><=]\s*\d")  # a target glued into the text: values, not a rule alone
_RULE_CHUNK = (8, 80)  # characters of a rule printed between spaces


def _rule_spans(seg: str) -> list[tuple[int, int]]:
    """Spans of scoring-rule prose between spaces ("全部完成得满分,每降低10%扣1分,扣完为止。" in a long
    space-separated line): the numbers inside a rule are no values to cut out of it. A text that holds
    a row's values glued to its rule ("…长度30≥42公里45公里全部完成得满分…", "…完成情况15.015.0全部完成记
    满分…": a number before the rule's first word) is cut as before."""
    from .celltypes import is_scoring_rule, rule_words

    if not any(w in seg for w in _RULE_MARKS):
        return []  # (the common fused line: no word any rule needs)
    out: list[tuple[int, int]] = []
    spaces: list[int] | None = None
    checked = 0  # each text between spaces is asked once, however many rule words it holds
    for m in rule_words().finditer(seg):  # (rare in a fused line: most lines ask nothing more)
        if m.start() < checked:
            continue
        if spaces is None:
            spaces = [w.start() for w in _SPACE.finditer(seg)]
        k = bisect.bisect_left(spaces, m.start())
        a = spaces[k - 1] + 1 if k > 0 else 0
        b = spaces[k] if k < len(spaces) else len(seg)
        checked = b
        chunk = seg[a:b]
        digit = _DIGIT.search(chunk)
        if _RULE_CHUNK[0] <= b - a <= _RULE_CHUNK[1] and _is_cjk(seg[a]) and is_scoring_rule(chunk) \
                and not _COMPARED_NUMBER.search(chunk) \
                and (digit is None or rule_words().search(chunk).start() < digit.start()):
            out.append((a, b))  # (a rule opens with its words: "…数量12.5…记满分" is a row glued to one)
    return out


_SPACE = re.compile(r"\s")
# one of these is in every text the rule words match (found by str's own search, far cheaper than the
# pattern's scan of a long fused line)
_RULE_MARKS = ("满分", "不得分", "不计分", "得0分", "记0分", "计0分", "扣", "计分", "记分", "赋分", "得分=", "×", "*",
               "乘以", "档")


class _SpanSet:
    """Sorted [start, end) spans asked "does one cover this offset?" by bisection: a fused run of
    thousands of block markers and header chains asked it for every token was quadratic (a fuzzed
    workbook: 15 million span tests)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _b in self.spans]
        self.reach = list(itertools.accumulate((b for _a, b in self.spans), max))  # furthest end so far

    def covers(self, x: int) -> bool:
        k = bisect.bisect_right(self.starts, x) - 1
        return k >= 0 and self.reach[k] > x


# a label followed by more words of a sentence is a word of that sentence ("实际值不低于目标值记满分,低于的…")
_TEXT_GOES_ON = re.compile(r"[\u4e00-\u9fff]{2,}[^\u4e00-\u9fff\d]{0,2}[\u4e00-\u9fff]*[,，;；。]")
_CAT_TAIL = re.compile(r"\s+(?:指标|目标)")
_HEADER_GAP = re.compile(r"\s*(?:[((](?:[A-Za-z]{1,3}(?:/[A-Za-z]{1,3})?|%|分|万元)[))]\s*)?")


def _header_chains(seg: str) -> list[tuple[int, int]]:
    """Spans of table header labels that follow each other with nothing between (at least two in a
    row): a header printed without separators. Tokens inside them are not values ("全年完成值")."""
    lx = lex()
    out: list[tuple[int, int]] = []
    i, n = 0, len(seg)
    while i < n:
        chain: list[tuple[int, int]] = []
        j = i
        section = False  # a category label seen: the rows have begun, no more column names
        while j < n:
            m = lx.label_re.match(seg, j)
            if m is None or m.end() - j < 2 or lx.labels[m.group()][0] not in ("tcol", "tsection", "fcol"):
                k = None if section else _unknown_column_name(seg, j, chain)
                if k is None:
                    break
                chain.append((j, k))  # a column name the lexicon lacks between two it knows ("…三级指标标准值实际值…")
                j = k
                continue
            section = section or lx.labels[m.group()][0] == "tsection"
            g = _HEADER_GAP.match(seg, m.end())  # "年初目标值 (A) 实际完成值 (B)": a column marker, spaces
            chain.append((j, g.end() if g.group().strip() else m.end()))
            j = g.end()
        if len(chain) >= 2:
            out.extend(chain)
            i = j
        else:
            i += 1
    return out


_UNKNOWN_NAME_MAX = 12  # characters of column names the lexicon lacks (one or two), inside a run of header labels


def _unknown_column_name(seg: str, j: int, chain: list[tuple[int, int]]) -> int | None:
    """Where a short run of words at ``j`` ends when a known column label follows it, inside a header chain of
    two or more labels already: a column name the lexicon lacks, printed without separators like the rest."""
    if len(chain) < 2:
        return None
    lx = lex()
    for k in range(j + 2, min(len(seg), j + _UNKNOWN_NAME_MAX) + 1):
        if not all(_is_cjk(ch) or ch == " " for ch in seg[j:k]) or "  " in seg[j:k]:
            return None  # (words, or words a space apart as a one-line table prints its cells)
        m = lx.label_re.match(seg, k)
        if m is not None and m.end() - k >= 2 and lx.labels[m.group()][0] in ("tcol", "fcol", "tsection"):
            return k  # (before the first category label: the header's last column)
    return None


def _value_suffix(seg: str, prev: tuple[int, int], nxt: int) -> bool:
    """1-2 CJK characters squeezed between a value with a unit and the next value are the value's
    qualifier ("100%覆盖"), not an indicator name (names run longer and follow a bare 得分)."""
    gap = seg[prev[1] : nxt]
    return 0 < len(gap) <= 2 and all(_is_cjk(ch) for ch in gap) and not seg[prev[1] - 1].isdigit() \
        and _DIGIT.search(seg, prev[0], prev[1]) is not None \
        and not _is_table_label_start(seg, prev[1])


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _sub_cell(raw: str, sub: NText, s: int, e: int, kind: str = TEXT, key: str = "") -> Cell:
    rs, re_ = sub.pos[s], sub.pos[e - 1] + 1
    if re_ - rs == e - s:  # nothing dropped inside (offsets are increasing): the raw slice
        text = raw[rs:re_]
    else:
        text = "".join(raw[sub.pos[k]] for k in range(s, e))
    return Cell(text, rs, re_, kind, key, fused=True)


def _is_label_start(seg: str, i: int) -> bool:
    lx = lex()
    m = lx.cat_re.match(seg, i)
    if m:
        return True
    m = lx.label_re.match(seg, i)
    return bool(m)


def _is_table_label_start(seg: str, i: int) -> bool:
    """A category or a table column label starts at ``i`` (header labels such as 绩效目标 do not count:
    they also occur inside indicator names)."""
    lx = lex()
    m = lx.cat_re.match(seg, i)
    if m and len(m.group()) >= 4:  # short aliases (管理, 数量, 质量) also occur inside names
        return True
    m = lx.label_re.match(seg, i)
    return bool(m) and lx.labels[m.group(0)][0] in ("tcol", "tsection", "tend", "total", "grade")


def _text_cells(raw: str, sub: NText, seg: str, s: int, e: int) -> list[Cell]:
    """A text run of a fused line, block by block (a loop, not recursion: a run may hold hundreds of
    blocks): each block's leading category / header labels / section markers, then its name."""
    out: list[Cell] = []
    while s < e:
        s = _leading_labels(raw, sub, seg, s, e, out)
        if s >= e:
            break
        cut = _block_start(seg, s + 1, e)
        ee = cut if cut is not None else e
        while ee > s and seg[ee - 1].isspace():
            ee -= 1
        rep = _repeated_tail(seg, s, ee)
        if rep is not None:  # "同比上年显著提高显著提高": a target and its actual that repeats its end
            head = _leading_labels(raw, sub, seg, s, rep, out)
            if head < rep:
                out.append(_text_cell(raw, sub, head, rep))
            out.append(classify(_sub_cell(raw, sub, rep, ee)))
        elif ee > s:
            out.append(_text_cell(raw, sub, s, ee))
        if cut is None:
            break
        s = cut
    return out


def _text_cell(raw: str, sub: NText, s: int, e: int) -> Cell:
    c = classify(_sub_cell(raw, sub, s, e))
    if c.kind not in (TEXT, EMPTY):
        c.kind = TEXT
    return c


def _leading_labels(raw: str, sub: NText, seg: str, s: int, e: int, out: list[Cell]) -> int:
    """Cut the category / header labels and section markers that open a text run; the offset after them."""
    lx = lex()
    p = _patterns()
    while s < e:
        while s < e and seg[s].isspace():
            s += 1
        if s >= e:
            break
        m = p["sec0"].match(seg, s) or p["secany"].match(seg, s)
        if m and m.end() <= e:
            out.append(_sub_cell(raw, sub, s, m.end(), LABEL, seg[s : m.end()]))
            s = m.end()
            continue
        m = lx.cat_re.match(seg, s)
        if m and m.end() <= e and (m.end() - s >= 4 or m.end() == e or seg[m.end()].isspace()):
            end = m.end()
            wrapped = _CAT_TAIL.match(seg, end, e)  # "产出 指标": the label's last word wrapped away
            if wrapped and category_of(_WS.sub("", seg[s : wrapped.end()])) is not None:
                end = wrapped.end()
            c = classify(_sub_cell(raw, sub, s, end))
            if c.kind == CAT:
                out.append(c)
                s = end
                continue
        m = lx.label_re.match(seg, s)
        if m and m.end() <= e and (lx.labels[m.group(0)][0] in ("tcol", "tsection")
                                   or lx.labels[m.group(0)] in (("fcol", "weight"), ("fcol", "score"))) \
                and (m.end() == e or not _TEXT_GOES_ON.match(seg, m.end())):
            out.append(_sub_cell(raw, sub, s, m.end(), LABEL, m.group(0)))
            s = m.end()
            continue
        break
    return s


def _is_cjk_label_tail(seg: str, e: int) -> bool:
    """The category match is the head of a longer word ("数量指标值"), not a label of its own."""
    return seg.startswith(("值", "性", "体系", "完成"), e)


def _repeated_tail(seg: str, s: int, e: int) -> int | None:
    """Where the last copy starts when a text run ends with the same 2-8 characters twice (a fused
    target and actual: "…显著提高显著提高", "专款专用专款专用"); None otherwise."""
    for n in range(min(8, (e - s) // 2), 1, -1):
        tail = seg[e - n : e]
        if seg[e - 2 * n : e - n] == tail and not tail.isdigit() and _is_cjk(tail[0]):
            return e - n
    return None


def _block_start(seg: str, a: int, b: int) -> int | None:
    """Where a new block of categories starts inside a text run ("…完成情况满意度指标(10分)服务对象满意度指标…"):
    a category label followed at once by a "(N分)" marker or by another category label."""
    lx = lex()
    p = _patterns()
    for m in lx.cat_re.finditer(seg, a, b):
        if len(m.group()) < 4:
            continue
        e = m.end()
        if p["secany"].match(seg, e) or (lx.cat_re.match(seg, e) and len(lx.cat_re.match(seg, e).group()) >= 4):
            return m.start()
        if m.group().endswith("指标") and _CLAUSE.search(seg, a - 1, m.start()):
            return m.start()  # a reason (clauses) then the next block's category ("…沟通对接时效指标资金…")
        if m.group().endswith(("指标", "目标")) and e < b and not _is_cjk_label_tail(seg, e):
            return m.start()  # a category inside a run ("…改进措施产出指标(数量指标建设…"): a cell boundary
    return None
