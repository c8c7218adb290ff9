"""The quantity recogniser: one table-driven regex over normalised characters, then small passes.

Why characters and not tokens: jieba glues 余项 and splits 不少于, so modifiers would be lost.
The text is normalised 1:1 (``lexicon.normalize``), so every offset found on the normalised
string is an offset into the caller's string.

Flow of ``find_quantities``:
1. dates (2023年, 2023年12月前, 9月前) are read first and masked: they are dates or deadlines,
   never amounts;
2. things that look like numbers but are not quantities are masked: document numbers
   (财预〔2020〕10号), phone numbers and long codes, ordinals (第三, 一是, 1.、(一)), idioms
   (统一, 一体化, 上一年度), date and place names (三五学雷锋, 十一国庆, 三门峡);
3. the master regex reads [period][approx][comparator][approx] number [magnitude][余/多] [unit]
   [/period][以上/以下/以内][左右], where number may be a round-number word (近百, 上百, 数十:
   see round_prefix in the YAML). Spaces left by PDF text inside a phrase are read through
   ("20 余项", "90% 以上") and stay in the span text, so offsets still index the caller's string.
   A bare Chinese numeral run straight into a non-unit character (二十四节气) is a name: dropped;
4. passes join neighbours into changes (从X增加到Y), ranges (3-5天) and mark relative changes
   (提升超过50%) and percentage points.
A span whose number cannot be converted is dropped, never guessed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Quantity
from .lexicon import Lexicon, lexicon
from .numerals import parse_arabic, parse_digit_run, parse_number

AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN = r"[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾][零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]*(?:点[零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖]+)?"
FINANCIAL = set("壹贰叁肆伍陆柒捌玖拾佰仟")
NUMERAL_CHARS = set("零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟0123456789")
CN_DIGIT1 = "一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
NUMERAL_RUN = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟0-9"
MASK = "\x00"


def _spaced(name: str, words: str, long_words: str) -> str:
    """Optional group ``name``: a word right after, or (``name``s) a word of 2+ chars after spaces ("90% 以上")."""
    if not words:
        return ""
    spaced = rf"|[ ]+(?P<{name}s>{long_words})" if long_words else ""
    return rf"(?:(?P<{name}>{words}){spaced})?"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@dataclass(slots=True)
class RawMatch:
    """One match of the master regex, before interpretation (shared by find_quantities and read_cell)."""

    start: int
    end: int
    number: float  # the numeral as printed, before magnitude ("3万人" -> 3)
    num_text: str
    mag: str | None  # 万 / 亿 / 千 printed after an Arabic number
    unit: str | None  # canonical unit as printed (万元, 万人, %, 人次 ...), magnitude folded in when known
    pre: str | None  # comparator word/symbol before the number
    suf: str | None  # 以上 / 以下 / 以内 ...
    more: str | None  # 余 / 多 / 几 / 来
    approx_words: tuple[str, ...]
    period: str | None
    form: str  # "num" | "pct" | "frac" | "ratio" | "share" | "round"
    ratio_base: float | None = None
    round: str | None = None  # round-number word kind (近百 below, 上百 at_least, 逾百 over, 数十 range)


@dataclass(frozen=True, slots=True)
class _Compiled:
    master: re.Pattern
    date: re.Pattern
    masks: tuple[re.Pattern, ...]
    # one alternation of every mask and of the idioms it was built with: when it finds nothing,
    # no mask can match, so the common case (a cell with no code, ordinal or idiom) costs one scan
    gate: re.Pattern | None = None
    gate_idioms: re.Pattern | None = None


@lru_cache(maxsize=1)
def compiled() -> _Compiled:
    """Compile the regexes once (lazily: importing the package must stay cheap)."""
    lx = lexicon()
    a = lx.alts
    master = re.compile(
        rf"(?P<period>{a['period_pre']})?"
        rf"(?P<apx1>{a['approx_pre']})?"
        rf"(?P<pre>{a['symbol']}|{a['prefix']})?"
        rf"(?P<apx2>{a['approx_pre']})?"
        r"[ \t]*"
        r"(?<![\dA-Za-z.])"
        r"(?:"
        + (rf"(?P<share>{a['share']})|" if a["share"] else "")
        + rf"百分之(?P<pctnum>{CN}|{AR})"
        rf"|(?P<pm>千|仟|万)分之(?P<pmnum>{CN}|{AR})"
        rf"|(?P<den>{CN}|{AR})分之(?P<numer>{CN}|{AR})"
        rf"|(?P<ra>{AR})/(?P<rb>{AR})(?![\d/])"
        rf"|(?P<cheng>{AR}|{CN})成(?P<chenghalf>半)?(?=以上|以下|左右|多|的|[^\u4e00-\u9fff]|$)"
        + (rf"|(?P<rpre>{a['round_pre']})(?P<rmag>{a['round_mag']})(?![{NUMERAL_RUN}]|分之)"
           if a["round_pre"] and a["round_mag"] else "")
        + rf"|(?P<num>{AR}|{CN})"
        r")"
        # PDF text puts spaces inside phrases ("20 余项"): after a space 余/多 count only before a unit
        rf"(?:(?P<more0>{a['more']})|[ ]+(?P<more0s>{a['more']})(?=[ \t]*\(?(?:{a['unit']})))?"
        rf"(?:[ \t]*(?P<mag>{a['mag']}))?"
        rf"(?P<more>{a['more']})?"
        rf"(?:[ \t]*(?:\((?P<unit_p>{a['unit']})\)|(?P<unit>{a['unit']})))?"
        rf"(?:[ \t]*\((?P<unit2>{a['unit']})\))?"
        rf"(?P<persuf>{a['period_suf']})?"
        + _spaced("suf", a["suffix"], a["suffix_long"])
        + _spaced("apx3", a["approx_suf"], a["approx_suf_long"])
    )
    year = r"(?:19|20)\d{2}|[一二][〇零九][〇零一二三四五六七八九]{2}"
    month = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
    day = r"3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
    part = r"底|末|初|上旬|中旬|下旬"
    dl = a["deadline"] or "前"
    date = re.compile(
        rf"(?<![\d.])(?:(?P<y0>{year})年?[ \t]*[-~至到][ \t]*)?(?P<y>{year})[ \t]*(?:年度|年)"
        rf"(?:[ \t]*(?P<m>{month})[ \t]*月份?(?:[ \t]*(?P<d>{day})[ \t]*[日号])?)?(?P<part>{part})?(?P<dl>{dl})?"
        rf"|(?<![\d.])(?P<y2>(?:19|20)\d{{2}})(?P<sep>[-/])(?P<m2>1[0-2]|0?[1-9])(?:(?P=sep)(?P<d2>3[01]|[12]\d|0?[1-9]))?(?![\d])"
        rf"|(?<![\d.])(?P<y4>(?:19|20)\d{{2}})\.(?P<m4>1[0-2]|0?[1-9])\.(?P<d4>3[01]|[12]\d|0?[1-9])(?![\d.])"
        rf"|(?<![\d.个年])(?P<m3>{month})[ \t]*月份?(?:[ \t]*(?P<d3>{day})[ \t]*[日号])?(?P<part3>{part})?(?P<dl3>{dl})?"
    )
    masks = (
        # document numbers: 财预〔2020〕10号, 川财发[2021]3号
        re.compile(r"[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*(?:第\s*)?\d+\s*号"),
        # phone numbers, ID-like digit runs and codes mixing letters and digits (51000021R000019951, G20)
        re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)|(?<![\d.,])\d{12,}(?!\d)"),
        re.compile(r"(?<![A-Za-z\d])[A-Za-z]+\d[\dA-Za-z]*|\d+[A-Za-z]+\d[\dA-Za-z]*"),
        # ordinals: 第三, 第3, 一是 (idioms list), list markers 1. 1、 (1) （一） ①
        re.compile(rf"第\s*(?:{CN}|\d+)"),
        re.compile(r"(?:^|(?<=[\s。；;：:，,、!?！？|]))(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.](?!\d)"),
        re.compile(r"(?<![\d.])\d{1,2}、(?!\d)"),
        # label numbering (指标1: ...), clock times (16:35), hyphenated index codes (00062104-2-0404)
        re.compile(r"(?<=[\u4e00-\u9fff])\d{1,2}(?=\s*[:：])"),
        re.compile(rf"(?:{lx.alts['label']})\s*\d{{1,2}}(?![\d.%])") if lx.alts["label"] else re.compile(r"(?!x)x"),
        re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"),
        re.compile(r"(?<![\d.])\d+(?:-\d+){2,}"),
        re.compile(r"\(\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*\)(?![\s]*(?:%|人|次|个|项|元|万))"),
        re.compile(r"[①-⑳⑴-⒇⒈-⒛]"),
        re.compile(r"(?:https?://|www\.)[\x21-\x7e]+"),
    )
    gate_parts = [rx.pattern for rx in masks] + ([lx.idioms.pattern] if lx.idioms is not None else [])
    gate = re.compile("|".join(f"(?:{p})" for p in gate_parts))
    return _Compiled(master, date, masks, gate, lx.idioms)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = MASK
    return "".join(chars)


def _unit_of(m: re.Match, lx: Lexicon) -> str | None:
    for g in ("unit", "unit_p", "unit2"):
        u = m.group(g)
        if u:
            return lx.unit_alias.get(u, u)
    return None


def raw_matches(norm: str) -> list[RawMatch]:
    """Run the master regex over normalised (and masked) text; interpretation is left to callers."""
    lx = lexicon()
    out: list[RawMatch] = []
    for m in compiled().master.finditer(norm):
        rm = _raw(m, norm, lx)
        if rm is not None:
            out.append(rm)
    return out


def _raw(m: re.Match, norm: str, lx: Lexicon) -> RawMatch | None:
    g = m.group
    unit = _unit_of(m, lx)
    mag = g("mag")
    ratio_base = None
    share_op = None
    if g("share"):
        form, num_text = "share", g("share")
        number, share_op = lx.share_words[num_text]
        unit = "%"
    elif g("pctnum"):
        form, num_text = "pct", g("pctnum")
        number = parse_number(num_text)
        unit = "%"
    elif g("pm"):
        form, num_text = "pct", g("pmnum")
        number = parse_number(num_text)
        if number is not None and g("pm") == "万":
            number, unit = number / 100, "%"
        elif number is not None:
            unit = "‰"
    elif g("cheng"):
        form, num_text = "pct", g("cheng")
        number = parse_number(num_text)
        if number is None or number > 10:
            return None
        number = number * 10 + (5 if g("chenghalf") else 0)
        unit = "%"
    elif g("rmag"):
        form, num_text = "round", g("rpre") + g("rmag")
        number = lx.round_mags.get(g("rmag"))
    elif g("den"):
        form, num_text = "frac", g("numer")
        den, numer = parse_number(g("den")), parse_number(g("numer"))
        number = None if not den or numer is None else numer / den
    elif g("ra"):
        form, num_text = "ratio", g("ra")
        a_, b_ = parse_arabic(g("ra")), parse_arabic(g("rb"))
        number = None if not b_ or a_ is None else a_ / b_
        ratio_base = b_
    else:
        form, num_text = "num", g("num")
        number = parse_number(num_text)
    end = m.end()
    suf = g("suf") or g("sufs")
    apx3 = g("apx3") or g("apx3s")
    if number is None and form in ("num", "pct") and num_text and num_text[-1] in "百千万亿" and len(num_text) > 1:
        # 七十百分位, 五十千: a trailing unit character that does not belong to the numeral ends it
        grp = "num" if form == "num" else ("pctnum" if g("pctnum") else "pmnum")
        if g(grp) == num_text:
            trimmed = num_text[:-1]
            number = parse_number(trimmed)
            if number is not None and g("pm") == "万":
                number = number / 100
            end = m.start(grp) + len(trimmed)
            num_text = trimmed
            if form == "num":
                unit = None
            return None if number is None else _bare(m, number, num_text, form, unit, end, norm)
    if number is None:
        return None
    # a number glued to letters/digits after it is a code, not a quantity (5G, 25TBx, 3a)
    if end < len(norm) and (norm[end].isascii() and norm[end].isalnum()) and not suf and not apx3:
        if unit is None or (unit.isascii() and unit[-1:].isalpha()):
            return None
    if form == "num" and len(num_text) > 1 and num_text[0] == "0" and num_text[1].isdigit():
        return None  # 03, 00062104: codes and check boxes, not amounts
    if unit == "年" and end < len(norm) and norm[end] in "初底末中度终均":
        unit = None  # 97.93年初预算数: 年初 is a word, not a unit
        end = m.end("unit") - 1 if m.group("unit") else end
    more = g("more") or g("more0") or g("more0s")
    is_cn = num_text[0] not in "0123456789"
    if mag and is_cn and not g("more0"):
        return None  # 二十万 is read inside the numeral; "二十 万" is odd: drop rather than guess
    if form == "num" and is_cn and len(num_text) == 1 and num_text in FINANCIAL:
        return None  # 陆地, 队伍, 收拾: a capital numeral is never written alone
    if more in ("来", "几") and unit is None and not mag:
        return None
    if form == "num" and is_cn and len(num_text) == 1 and not (unit or g("pre") or suf or more or g("period")):
        return None  # a lone 一/三 is prose, not a quantity
    if (form in ("num", "round") and is_cn and unit is None and end < len(norm) and _is_han(norm[end])
            and not (more or mag or suf or apx3 or g("persuf") or g("pre"))
            and "万" not in num_text and "亿" not in num_text):
        return None  # 二十四节气, 十八洞村, 十一国庆: a Chinese numeral run into a word is a name, not an amount
    if unit is None and form == "num" and not mag and is_cn and g("persuf"):
        return None
    if mag and unit:
        fused = lx.unit_alias.get(mag + unit)
        if fused:  # 3万人 -> 3 万人 as printed; a bare 150万 or 3千人 is left to the caller
            unit, mag = fused, None
    pre = g("pre")
    if form == "share" and pre is None and share_op:
        pre = share_op
    approx_words = tuple(w for w in (g("apx1"), g("apx2"), apx3) if w)
    round_kind = lx.round_kind.get(g("rpre")) if form == "round" else None
    if round_kind == "below":
        approx_words += (g("rpre"),)
    period = None
    if g("period"):
        period = lx.period_prefix.get(g("period"))
    if g("persuf"):
        period = lx.period_suffix.get(g("persuf"), period)
    start = m.start()
    while start < end and norm[start] in " \t":
        start += 1
    return RawMatch(
        start=start, end=end, number=number, num_text=num_text, mag=mag, unit=unit, pre=pre,
        suf=suf, more=more, approx_words=approx_words, period=period, form=form, ratio_base=ratio_base,
        round=round_kind,
    )


def _bare(m: re.Match, number: float, num_text: str, form: str, unit: str | None, end: int, norm: str) -> RawMatch | None:
    """A match cut short after its numeral: keep the numeral and the words before it, nothing after."""
    if form == "num" and len(num_text) == 1:
        return None
    start = m.start()
    while start < end and norm[start] in " \t":
        start += 1
    return RawMatch(start=start, end=end, number=number, num_text=num_text, mag=None, unit=unit, pre=m.group("pre"),
                    suf=None, more=None, approx_words=tuple(w for w in (m.group("apx1"), m.group("apx2")) if w),
                    period=None, form=form)


def op_of(rm: RawMatch, lx: Lexicon) -> tuple[str | None, bool]:
    """Comparator and approx flag from the modifiers (SPEC §2). More-than words (余/多) -> '>' approx."""
    op = None
    if rm.pre:
        op = lx.symbol_ops.get(rm.pre) or lx.prefix_ops.get(rm.pre) or lx.garbled_ops.get(rm.pre)
    if rm.suf:
        sop = lx.suffix_ops.get(rm.suf)
        if sop and (op is None or op == sop or op == "="):
            op = sop
    approx = bool(rm.approx_words)
    if rm.round:  # 上百 >=, 逾百 >, 数十 a range; 近百 is approx "below" through approx_words
        approx = True
        if rm.round == "range":
            return "range", True
        op = op or {"at_least": ">=", "over": ">"}.get(rm.round)
    if rm.more:
        approx = True
        if rm.more in ("余", "多", "几"):
            op = op or ">"
    return op, approx


def _more_high(n: float) -> float:
    """Upper bound of 'n余': 20余 < 30, 100余 < 200, 1500余 < 1600 (next step of the last non-zero digit)."""
    if n <= 0 or n != int(n):
        return n + 1
    k = 0
    m = int(n)
    while m % 10 == 0:
        m //= 10
        k += 1
    return n + 10**k


def bounds(value: float, op: str | None, approx: bool, rm: RawMatch | None, lx: Lexicon):
    """(low, high, low_inclusive, high_inclusive) for a value and comparator."""
    if op == "range":  # 数十: from the magnitude up to (not including) ten times it
        return value, value * 10, True, False
    if op == ">=":
        return value, None, True, True
    if op == ">":
        if rm is not None and rm.more in ("余", "多", "几"):
            return value, _more_high(value), False, False
        return value, None, False, True
    if op == "<=":
        return None, value, True, True
    if op == "<":
        return None, value, True, False
    if approx:
        if rm is not None and any(w in lx.below_approx for w in rm.approx_words):
            return None, value, True, False
        return None, None, True, True
    return value, value, True, True


def _money_context(norm: str, start: int, lx: Lexicon) -> bool:
    """A bare 万 is money when a money word is near before it (same line)."""
    line_start = norm.rfind("\n", 0, start) + 1
    return bool(lx.money_context.search(norm, max(line_start, start - 30), start))


def _to_quantity(rm: RawMatch, text: str, norm: str, lx: Lexicon) -> Quantity | None:
    op, approx = op_of(rm, lx)
    if rm.pre and rm.pre in lx.garbled_ops:
        op = None  # "+5%" in prose is a sign, not a comparator
    value = rm.number
    unit = rm.unit
    notes = [f"num={rm.num_text}"]
    if rm.mag:
        factor = lx.magnitudes.get(rm.mag, 1.0)
        value *= factor
        notes.append(f"mag={rm.mag}")
        if unit is None and rm.mag in ("万", "亿"):
            if _money_context(norm, rm.start, lx):
                unit = "元"
                notes.append("money by context")
    if unit in lx.scaled:
        factor, base = lx.scaled[unit]
        value *= factor
        unit = base
    if unit in lx.money:
        value = value * lx.money[unit]
        if unit != "万元":
            notes.append(f"{unit}->万元")
        unit = "万元"
    value = _clean(value)
    kind = "absolute"
    if rm.form == "ratio":
        kind = "ratio"
    if unit == "个百分点":
        kind = "pp"
    elif unit in lx.duration_units and rm.suf and lx.suffix_ops.get(rm.suf) == "<=" and "内" in rm.suf:
        kind = "deadline"
    elif rm.period and unit in lx.event_units:
        kind = "frequency"
    if op is None and not approx:
        op = "="
    low, high, li, hi = bounds(value, op, approx, rm, lx)
    if op == "range":
        value = None
        notes.append(f"round {rm.num_text}")
    return Quantity(
        text=text[rm.start:rm.end], start=rm.start, end=rm.end, value=value, low=low, high=high,
        low_inclusive=li, high_inclusive=hi, op=op, approx=approx, unit=unit, period=rm.period,
        kind=kind, base=rm.ratio_base if kind == "ratio" else None, explanation="; ".join(notes),
    )


def _clean(v: float) -> float:
    """Round away binary noise (118.5 万元 not 118.50000000000001)."""
    if v == 0 or not math.isfinite(v):
        return v
    r = round(v, 10)
    return float(int(r)) if r == int(r) else r


def _dates(text: str, norm: str, lx: Lexicon) -> tuple[list[Quantity], list[tuple[int, int]]]:
    out: list[Quantity] = []
    spans: list[tuple[int, int]] = []
    for m in compiled().date.finditer(norm):
        g = m.group
        s, e = m.start(), m.end()
        while s < e and norm[s] in " \t":
            s += 1
        y = g("y") or g("y2") or g("y4")
        mo = g("m") or g("m2") or g("m3") or g("m4")
        d = g("d") or g("d2") or g("d3") or g("d4")
        dl = g("dl") or g("dl3")
        part = g("part") or g("part3")
        month = parse_number(mo) if mo else None
        if mo and (month is None or not 1 <= month <= 12):
            continue
        year = parse_digit_run(y) if y else None
        iso = "-".join(str(int(x)) for x in (year, month, parse_number(d) if d else None) if x is not None)
        if dl:
            out.append(Quantity(
                text=text[s:e], start=s, end=e, value=month if month is not None else year,
                low=None, high=month if month is not None else year, op="<=",
                unit="月" if month is not None else "年", kind="deadline",
                explanation=f"deadline {iso}{part or ''}",
            ))
        else:
            out.append(Quantity(
                text=text[s:e], start=s, end=e, value=None, op=None, unit=None, kind="date",
                explanation=f"date {iso}{part or ''}",
            ))
        spans.append((s, e))
    return out, spans


def _masks(norm: str, lx: Lexicon) -> list[tuple[int, int]]:
    comp = compiled()
    if comp.gate_idioms is lx.idioms and comp.gate.search(norm) is None:
        return []
    spans: list[tuple[int, int]] = []
    for rx in comp.masks:
        spans.extend(m.span() for m in rx.finditer(norm))
    if lx.idioms is not None:
        for m in lx.idioms.finditer(norm):
            s, e = m.span()
            w = m.group(0)
            if w[0] in NUMERAL_CHARS and s > 0 and norm[s - 1] in NUMERAL_CHARS:
                continue  # 一百零一万一千: 万一 inside a numeral is not the idiom
            if w[-1] in NUMERAL_CHARS and e < len(norm) and norm[e] in NUMERAL_CHARS:
                continue
            spans.append((s, e))
    return spans


@lru_cache(maxsize=1)
def _change_regexes(lx_id: int) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    lx = lexicon()
    verbs = sorted(set(lx.change_up) | set(lx.change_down), key=len, reverse=True)
    v = "|".join(map(re.escape, verbs))
    to = "|".join(map(re.escape, sorted(lx.change_to, key=len, reverse=True)))
    frm = "|".join(map(re.escape, lx.change_from))
    gap = re.compile(rf"^[ \t,，]*(?:(?:{v})了?)?[ \t]*(?:{to})?[ \t]*$")
    before = re.compile(rf"(?:{frm})(?:原来|原有|去年|上年|上一年|年初)?的?[ \t]*$")
    seps = "|".join(map(re.escape, sorted(lx.range_seps, key=len, reverse=True)))
    rng = re.compile(rf"^[ \t]*(?:{seps})[ \t]*$")
    period = re.compile(rf"({lx.alts['period_pre']})[^，。；;,\n|:：]{{0,10}}$")
    return gap, before, rng, period


def _combine(qs: list[Quantity], text: str, norm: str, lx: Lexicon) -> list[Quantity]:
    """Join 从X增加到Y into a change, X-Y into a range; mark relative changes and pp."""
    gap_rx, before_rx, range_rx, period_rx = _change_regexes(id(lx))
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        q = qs[i]
        if i + 1 < len(qs) and q.kind in ("absolute", "pp") and qs[i + 1].kind in ("absolute", "pp"):
            n = qs[i + 1]
            gap = norm[q.end:n.start]
            head = norm[max(0, q.start - 8):q.start]
            units_ok = q.unit is None or n.unit is None or q.unit == n.unit
            fm = before_rx.search(head)
            if fm and units_ok and gap_rx.match(gap) and gap.strip(" \t,，"):
                s = q.start - (len(head) - fm.start())
                unit = n.unit or q.unit
                out.append(Quantity(
                    text=text[s:n.end], start=s, end=n.end, value=n.value, low=n.low, high=n.high,
                    low_inclusive=n.low_inclusive, high_inclusive=n.high_inclusive, op=n.op, approx=n.approx,
                    unit=unit, period=n.period or q.period, kind="change", base=q.value,
                    explanation=f"change from {q.text} to {n.text}",
                ))
                i += 2
                continue
            if (range_rx.match(gap) and units_ok and q.op == "=" and not q.approx
                    and n.op in ("=",) and (q.value or 0) < (n.value or 0)):
                unit = n.unit or q.unit
                lo = q.value
                if q.unit is None and n.unit is not None and n.unit == "万元" and lo is not None:
                    lo = None  # 3-5万元: the first bound was not scaled with the unit; do not guess
                if lo is not None:
                    out.append(Quantity(
                        text=text[q.start:n.end], start=q.start, end=n.end, value=None, low=lo, high=n.value,
                        op="range", unit=unit, period=n.period or q.period, kind=n.kind,
                        explanation=f"range {q.text} to {n.text}",
                    ))
                    i += 2
                    continue
        if q.period is None and q.unit in lx.event_units and q.kind == "absolute":
            head = norm[max(0, q.start - 14):q.start]
            pm = period_rx.search(head)
            if pm:
                q.period = lx.period_prefix.get(pm.group(1))
                q.kind = "frequency"
        if q.kind in ("absolute", "pp") and q.unit in ("%", "个百分点"):
            head = norm[max(0, q.start - 8):q.start].rstrip(" \t")
            vm = lx.relative_verbs.search(head)
            if vm:
                s = q.start - (len(norm[max(0, q.start - 8):q.start]) - vm.start())
                q.text, q.start = text[s:q.end], s
                if q.unit == "%":
                    q.kind = "relative"
        out.append(q)
        i += 1
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity span in ``text`` (offsets into ``text``), in order. Never raises on odd input."""
    if not text or not isinstance(text, str):
        return []
    return [_copy(q) for q in _find_cached(text)]


def _copy(q: Quantity) -> Quantity:
    return Quantity(q.text, q.start, q.end, q.value, q.low, q.high, q.low_inclusive, q.high_inclusive, q.op,
                    q.approx, q.unit, q.period, q.kind, q.base, q.explanation)


@lru_cache(maxsize=2048)
def _find_cached(text: str) -> tuple[Quantity, ...]:
    lx = lexicon()
    norm = text.translate(lx.table)
    if not any(c.isdigit() or c in "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾半" for c in norm):
        return ()
    dates, dspans = _dates(text, norm, lx)
    work = _mask(norm, dspans)
    work = _mask(work, _masks(work, lx))
    qs: list[Quantity] = list(dates)
    for rm in raw_matches(work):
        q = _to_quantity(rm, text, norm, lx)
        if q is not None:
            qs.append(q)
    qs.sort(key=lambda q: q.start)
    return tuple(_combine(qs, text, norm, lx))
