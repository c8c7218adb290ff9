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

from ..caching import text_cache
from ..model import Quantity
from ..text import translate
from .combine import combine
from .lexicon import Lexicon, lexicon
from .numerals import parse_arabic, parse_digit_run, parse_mixed, parse_number
from .spacing import fullwidth_grouping, join_spaced

# Every repeat over digits, numerals or spaces is possessive or bounded, and every pattern that can start
# inside a run is guarded by a look-behind, so each pattern is linear in the text (issue 11: 40k digits
# took 15 s when a branch retried the whole run from every digit).
AR = r"\d{1,3}(?:,\d{3})++(?:\.\d++)?|\d++(?:\.\d++)?"
CN_FIRST = "零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾"
CN_REST = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
# 兆 is 10^12 only inside a numeral that goes on to 亿 (五兆六十二亿); elsewhere it is the unit 兆 (mega)
CN = (rf"[{CN_FIRST}](?:[{CN_REST}]|兆(?=[{CN_REST}]{{0,12}}亿))*+"
      r"(?:点[零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖]++)?")
CN_DIGIT = "一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
FINANCIAL = set("壹贰叁肆伍陆柒捌玖拾佰仟")
NUMERAL_CHARS = set("零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟0123456789")
CN_DIGIT1 = "一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
NUMERAL_RUN = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟0-9"
SP = r"[ \t]{0,3}"  # spaces PDF text leaves inside a phrase: bounded, so a long blank run is never rescanned
SP1 = r"[ ]{1,3}"
# Arabic digits between Chinese units (5万4千6百, 3万4000, 1千零20); parse_mixed decides if it is one number
MIXED = r"\d{1,4}[十百千万亿](?:零?\d{1,4}(?:[十百千][万亿]?|[万亿])?){1,6}+"  # 7亿5千万: 千 then 万
# 千分之三, 百万分之五: a share of a power of ten, read as a percentage
PER_MAGNITUDE = {"千": 1e3, "仟": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "万万": 1e8, "亿": 1e8,
                 "百万万": 1e10}
MASK = "\x00"


def _spaced(name: str, words: str, long_words: str) -> str:
    """Optional group ``name``: a word right after, or (``name``s) a word of 2+ chars after spaces ("90% 以上")."""
    if not words:
        return ""
    spaced = rf"|{SP1}(?P<{name}s>{long_words})" if long_words else ""
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
    kind: str | None = None  # "discount" (8折) or "numeral" (a lone digit in prose: read, never a claim)
    cmp_op: str | None = None  # 比30大 -> ">": a comparison written around the number
    prose: bool = False  # a numeral that is only a word of the sentence ("答案是五"): never a cell value


@dataclass(frozen=True, slots=True)
class _Compiled:
    master: re.Pattern
    date: re.Pattern
    masks: tuple[re.Pattern, ...]
    # one alternation of every mask and of the idioms it was built with: when it finds nothing,
    # no mask can match, so the common case (a cell with no code, ordinal or idiom) costs one scan
    gate: re.Pattern | None = None
    gate_idioms: re.Pattern | None = None
    unit: re.Pattern | None = None  # a unit word at a position (三公 of 三公里 is no idiom: see _masks)


def _alt(words) -> str:
    ws = sorted({str(w) for w in words or [] if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ws)


def _first_chars(lx: Lexicon) -> str:
    """A look-ahead for the characters a match can start with: most characters of prose cannot, and
    the engine then skips them without trying every optional word group (the speed of the scan)."""
    words = [w for key in ("period_prefix", "approx_prefix", "symbol_ops", "prefix_ops", "garbled_ops", "share_words",
                           "currency_prefix", "round_kind") for w in getattr(lx, key)]
    chars = {w[0] for w in words if w} | set(CN_REST) | set("0123456789.-负比百千仟万亿对半打")
    return "(?=[" + "".join(sorted(re.escape(c) for c in chars)) + "])"


def _master(lx: Lexicon, mixed: bool = True) -> re.Pattern:
    """The master regex; ``mixed=False`` leaves out the mixed-numeral branch (the fallback when
    parse_mixed refuses what the branch matched: "10万5人" is then read as 10万 and 5人)."""
    a = lx.alts
    d = f"[1-9{CN_DIGIT}]"
    more = _alt(lx.raw.get("comparative_more")) + "|" + _alt(lx.raw.get("comparative_less"))
    not_zhe = re.escape(str(lx.raw.get("discount_not_before") or ""))
    cur = _alt(lx.currency_prefix)
    verbs = _alt(lx.raw.get("comparator_verbs"))
    mags = set(lx.magnitudes)
    # only those whose rest is no unit: 万人 is read as 万 + 人 and fused, so "200万人民币" stays money
    mag_units = _alt(u for u in lx.unit_alias for k in mags
                     if u.startswith(k) and u != k and u[len(k):] not in lx.unit_alias)
    return re.compile(
        _first_chars(lx)
        + rf"(?P<period>{a['period_pre']})?"
        rf"(?P<apx1>{a['approx_pre']})?"
        rf"(?P<pre>{a['symbol']}|{a['prefix']})?"
        # 至少完成20项: a verb between a comparator word and its number (after a word, not after ≥)
        + (rf"(?(pre)(?:(?<=[\u4e00-\u9fff])(?:{verbs}))?)" if verbs else "")
        + rf"(?P<apx2>{a['approx_pre']})?"
        r"(?P<bi>比)?"
        + (rf"(?P<cur>(?<![A-Za-z])(?:{cur}))?" if cur else "")
        + SP
        + r"(?<![\dA-Za-z.])"
        r"(?:(?<![%)\]~/+\-])(?P<sign>-|(?<!正)负|零下|零上))?"  # 零上: above zero, the sign of 零下's opposite"
        r"(?:"
        + (rf"(?P<share>{a['share']})|" if a["share"] else "")
        + rf"百分之(?P<pctnum>{CN}|{AR})"
        rf"|(?P<pm>{_alt(PER_MAGNITUDE)})分之(?P<pmnum>{CN}|{AR})"
        rf"|(?:(?P<whole>{AR}|{CN})又)?(?P<den>{CN}|{AR})分之(?P<numer>{CN}|{AR})"
        rf"|(?P<ra>{AR})/(?P<rb>{AR})(?![\d/])"
        rf"|(?P<yuan>{AR}|{CN})(?:元|块)(?:零?(?P<jiao>{d})(?:角|毛)(?:零?(?P<fen>{d})分)?|零(?P<fen0>{d})分)钱?"
        rf"|(?P<jiao3>{d})(?:角|毛)(?P<fen3>{d})(?![\d{NUMERAL_RUN}]|{a['unit']})"
        rf"|(?P<yuan2>{AR}|{CN})块(?P<jiao2>{d})(?![\d{NUMERAL_RUN}]|{a['unit']})"
        rf"|(?P<cheng>{AR}|{CN})成(?:(?P<chengd>[{CN_DIGIT}])(?![{NUMERAL_RUN}点])|(?P<chenghalf>半))?"
        r"(?=以上|以下|左右|多|的|[^\u4e00-\u9fff]|$)"
        rf"|(?:(?P<zhe>\d(?:\.\d)?(?!\d)|[1-9]\d(?!\d)|[{CN_DIGIT}]{{1,2}}(?:点[{CN_DIGIT}])?)|(?<=打)(?P<zhedui>对)|(?P<zheban>半))"
        rf"折(?![{not_zhe}])"
        + (rf"|(?P<rpre>{a['round_pre']})(?P<rmag>{a['round_mag']})(?![{NUMERAL_RUN}]|分之)"
           if a["round_pre"] and a["round_mag"] else "")
        + (rf"|(?P<mixed>{MIXED})" if mixed else r"|(?P<mixed>(?!x)x)")
        + r"|(?P<sci>\d++(?:\.\d++)?)(?:[eE](?P<exp>[+-]?\d{1,3})|\^(?P<pow>[+-]?\d{1,3}(?:\.\d{1,6})?))(?![\dA-Za-z.^])"
        # .5 (a dropped leading zero) only where no cell or unit ends right before: "(场次).00" is a fused cell
        rf"|(?P<andhalf>{AR}|{CN})个半(?=(?:{a['unit']}))"  # 一个半小时: 1.5 小时
        # 半小时, 半公斤 (一半/大半/过半 are shares; 半年 is a reporting period: 半年度, 半年报)
        rf"|(?<![一大过上下])(?P<half>半)(?!年)(?=个?(?:{a['unit']}))"
        # .5 (a dropped leading zero) only where no cell or unit ends right before: "(场次).00" is a fused cell
        rf"|(?P<num>{AR}|{CN}|(?<![)\]）%])\.\d++)"
        r")"
        # PDF text puts spaces inside phrases ("20 余项"): after a space 余/多 count only before a unit
        rf"(?:(?P<more0>{a['more']})|{SP1}(?P<more0s>{a['more']})(?={SP}\(?(?:{a['unit']})))?"
        # a magnitude that begins a unit word is the unit's (400千伏安): the unit reads it whole
        + (rf"(?:{SP}(?!{mag_units})(?P<mag>{a['mag']}))?" if mag_units else rf"(?:{SP}(?P<mag>{a['mag']}))?")
        + rf"(?P<more>{a['more']})?"
        rf"(?:{SP}(?:\((?P<unit_p>{a['unit']})\)|(?P<unit>{a['unit']})))?"
        rf"(?:{SP}\((?P<unit2>{a['unit']})\))?"
        rf"(?P<persuf>{a['period_suf']})?"
        + _spaced("suf", a["suffix"], a["suffix_long"])
        + _spaced("apx3", a["approx_suf"], a["approx_suf_long"])
        + rf"(?(bi)(?P<cmp>{more}))"
    )


@lru_cache(maxsize=1)
def compiled() -> _Compiled:
    """Compile the regexes once (lazily: importing the package must stay cheap)."""
    lx = lexicon()
    a = lx.alts
    master = _master(lx)
    year = r"(?:19|20)\d{2}|[一二][〇零九][〇零一二三四五六七八九]{2}"
    month = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
    day = r"3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
    part = r"底|末|初|上旬|中旬|下旬"
    dl = a["deadline"] or "前"
    date = re.compile(
        r"(?=[\d一二三四五六七八九十〇零])"  # a date starts with a digit: other characters are skipped at once
        rf"(?:(?<![\d.])(?:(?P<y0>{year})年?[ \t]{{0,2}}[-~至到][ \t]{{0,2}})?(?P<y>{year})[ \t]{{0,2}}(?:年度|学年|年)"
        rf"(?:[ \t]{{0,2}}(?P<m>{month})[ \t]{{0,2}}月份?(?:[ \t]{{0,2}}(?P<d>{day})[ \t]{{0,2}}[日号])?)?(?P<part>{part})?(?P<dl>{dl})?"
        rf"|(?<![\d.])(?P<y2>(?:19|20)\d{{2}})(?P<sep>[-/])(?P<m2>1[0-2]|0?[1-9])(?:(?P=sep)(?P<d2>3[01]|[12]\d|0?[1-9]))?(?![\d])"
        rf"|(?<![\d.])(?P<y4>(?:19|20)\d{{2}})\.(?P<m4>1[0-2]|0?[1-9])\.(?P<d4>3[01]|[12]\d|0?[1-9])(?![\d.])"
        rf"|(?<![\d.个年])(?P<m3>{month})[ \t]{{0,2}}月份?(?:[ \t]{{0,2}}(?P<d3>{day})[ \t]{{0,2}}[日号])?(?P<part3>{part})?(?P<dl3>{dl})?)"
    )
    masks = (
        # document numbers: 财预〔2020〕10号, 川财发[2021]3号
        re.compile(r"[〔\[【(]\s{0,3}(?:19|20)\d{2}\s{0,3}[〕\]】)]\s{0,3}(?:第\s{0,3})?\d++\s{0,3}号"),
        # phone numbers, ID-like digit runs and codes mixing letters and digits (43000017R000020463, G20)
        re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)|(?<![\d.,])\d{12,}+(?!\d)"),
        # one start per run (a look-behind on both branches): "\d+[A-Za-z]" tried at every digit is quadratic
        # (800m2, 3km2, 30m3: a number and a squared or cubed unit, not a code)
        re.compile(r"(?<![A-Za-z\d])(?:[A-Za-z]++\d|\d++(?![eE][+-]?\d{1,3}(?![\dA-Za-z.]))"
                   r"(?![kc]?m[23](?![\dA-Za-z]))[A-Za-z]++\d)[\dA-Za-z]*+"),
        # ordinals: 第三, 第3, 一是 (idioms list), list markers 1. 1、 (1) （一） ①
        re.compile(rf"第\s{{0,3}}(?:{CN}|\d++)"),
        re.compile(r"(?:^|(?<=[\s。；;：:，,、!?！？|]))(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s{0,3}[、.](?!\d)"),
        re.compile(r"(?<![\d.])\d{1,2}、(?!\d)"),
        # label numbering (指标1: ...), clock times (16:35), hyphenated index codes (00071305-3-0212)
        re.compile(r"(?<=[\u4e00-\u9fff])\d{1,2}(?=\s{0,3}[:：])"),
        re.compile(rf"(?:{lx.alts['label']})\s{{0,3}}\d{{1,2}}(?![\d.%])") if lx.alts["label"] else re.compile(r"(?!x)x"),
        re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"),
        re.compile(r"(?<![\d.])\d++(?:-\d++){2,}+"),
        re.compile(r"\(\s{0,3}(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s{0,3}\)(?![\s]{0,3}(?:%|人|次|个|项|元|万))"),
        re.compile(r"[①-⑳⑴-⒇⒈-⒛]"),
        re.compile(r"(?:https?://|www\.)[\x21-\x7e]++"),
    )
    gate_parts = [rx.pattern for rx in masks] + ([lx.idioms.pattern] if lx.idioms is not None else [])
    # the characters a mask or an idiom can start with, so the gate skips the others without trying each
    words = [w for key in ("idioms", "date_idioms", "place_idioms", "label_words") for w in lx.raw.get(key) or []]
    firsts = "".join(sorted({re.escape(str(w).translate(lx.table)[0]) for w in words if w}))
    gate = re.compile(rf"(?=[\d\[〔【(第一二三四五六七八九十A-Za-z①-⑳⑴-⒇⒈-⒛{firsts}])(?:"
                      + "|".join(f"(?:{p})" for p in gate_parts) + ")")
    return _Compiled(master, date, masks, gate, lx.idioms, re.compile(a["unit"]))


@lru_cache(maxsize=1)
def _master_plain() -> re.Pattern:
    """The master without the mixed-numeral branch (see _master), compiled on first need: few texts
    need it, and compiling it costs a one-form run as much as the master itself."""
    return _master(lexicon(), mixed=False)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = MASK
    return "".join(chars)


def _unit_of(g, lx: Lexicon) -> str | None:
    for name in ("unit", "unit_p", "unit2"):
        u = g(name)
        if u:
            return lx.unit_alias.get(u, u)
    return None


def raw_matches(norm: str) -> list[RawMatch]:
    """Run the master regex over normalised (and masked) text; interpretation is left to callers.

    A manual search loop rather than finditer: when the mixed-numeral branch matched something
    parse_mixed refuses ("10万5人"), the same position is read again without that branch.
    """
    lx = lexicon()
    comp = compiled()
    out: list[RawMatch] = []
    pos, n = 0, len(norm)
    while pos <= n:
        m = comp.master.search(norm, pos)
        if m is None:
            break
        rm = _raw(m, norm, lx)
        if rm is None and m.group("mixed"):
            plain = _master_plain()
            m = plain.match(norm, m.start()) or m
            rm = _raw(m, norm, lx) if m.re is plain else None
        if rm is not None:
            out.append(rm)
        pos = m.end() if m.end() > m.start() else m.start() + 1
    return out


def _number(m: re.Match, g, lx: Lexicon) -> tuple[str, str, float | None, str | None, float | None, str | None]:
    """(form, numeral text, number, unit, ratio base, kind) of the numeral branch that matched."""
    num = g("num")
    if num is not None:  # the plain branch, most matches: the branches are alternatives, so no other is set
        return "num", num, parse_number(num), None, None, None
    if g("share"):
        number, _op = lx.share_words[g("share")]
        return "share", g("share"), number, "%", None, None
    if g("pctnum"):
        return "pct", g("pctnum"), parse_number(g("pctnum")), "%", None, None
    if g("pm"):
        num = parse_number(g("pmnum"))
        if num is not None and g("pm") in ("千", "仟"):
            return "pct", g("pmnum"), num, "‰", None, None
        return "pct", g("pmnum"), None if num is None else num * 100 / PER_MAGNITUDE[g("pm")], "%", None, None
    if g("den"):
        den, numer = parse_number(g("den")), parse_number(g("numer"))
        number = None if not den or numer is None else numer / den
        if number is not None and g("whole"):
            whole = parse_number(g("whole"))
            number = None if whole is None else whole + number
        return "frac", g("numer"), number, None, None, None
    if g("ra"):
        a_, b_ = parse_arabic(g("ra")), parse_arabic(g("rb"))
        return "ratio", g("ra"), None if not b_ or a_ is None else a_ / b_, None, b_, None
    if g("jiao3"):  # 九毛九: 0.99 元
        jiao, fen = parse_number(g("jiao3")), parse_number(g("fen3"))
        ok = jiao is not None and fen is not None
        return "num", g("jiao3"), (jiao / 10 + fen / 100) if ok else None, "元", None, None
    if g("andhalf"):
        whole = parse_number(g("andhalf"))
        return "num", g("andhalf"), None if whole is None else whole + 0.5, None, None, None
    if g("half"):
        return "num", "半", 0.5, None, None, None
    if g("yuan") or g("yuan2"):
        yuan = parse_number(g("yuan") or g("yuan2"))
        jiao = parse_number(g("jiao") or g("jiao2")) if (g("jiao") or g("jiao2")) else 0.0
        fen = parse_number(g("fen") or g("fen0")) if (g("fen") or g("fen0")) else 0.0
        ok = yuan is not None and jiao is not None and fen is not None
        return "num", g("yuan") or g("yuan2"), (yuan + jiao / 10 + fen / 100) if ok else None, "元", None, None
    if g("cheng"):
        num = parse_number(g("cheng"))
        if num is None or num > 10 or (g("chengd") and num >= 10):
            return "pct", g("cheng"), None, "%", None, None
        extra = parse_number(g("chengd")) if g("chengd") else (0.5 if g("chenghalf") else 0.0)
        return "pct", g("cheng"), num * 10 + (extra or 0.0) * (1 if g("chengd") else 10), "%", None, None
    if g("zhe") or g("zhedui") or g("zheban"):
        return "pct", m.group(0), _discount(g("zhe")), "%", None, "discount"
    if g("rmag"):
        return "round", g("rpre") + g("rmag"), lx.round_mags.get(g("rmag")), None, None, None
    if g("mixed"):
        return "num", g("mixed"), parse_mixed(g("mixed")), None, None, None
    if g("sci"):
        base = float(g("sci"))
        try:
            number = base * 10 ** int(g("exp")) if g("exp") is not None else base ** float(g("pow"))
        except (OverflowError, ZeroDivisionError, ValueError):
            number = None
        ok = isinstance(number, float) and math.isfinite(number)
        return "num", g("sci"), number if ok else None, None, None, None
    return "num", num, None, None, None, None  # unreachable: one branch of the alternation matched


def _discount(text: str | None) -> float | None:
    """8折 -> 80, 7.5折 / 七五折 / 75折 -> 75, 对折 / 半折 -> 50 (the share of the price that is paid)."""
    if not text:
        return 50.0
    if "点" in text:
        whole, _, frac = text.partition("点")
        a, b = parse_number(whole), parse_number(frac)
        return None if a is None or b is None else a * 10 + b
    if len(text) == 2 and "." not in text:  # 七五折, 75折: two digits are the percentage
        a, b = parse_number(text[0]), parse_number(text[1])
        return None if a is None or b is None or a == 0 else a * 10 + b
    v = parse_number(text)
    return None if v is None or v == 0 or v >= 10 else v * 10


def _raw(m: re.Match, norm: str, lx: Lexicon) -> RawMatch | None:
    # m.group by name: building groupdict() of the master's 52 groups costs more than the ~25 reads below
    g = m.group
    unit = _unit_of(g, lx)
    mag = g("mag")
    form, num_text, number, form_unit, ratio_base, kind = _number(m, g, lx)
    if form_unit is not None and (form != "num" or unit is None):
        unit = form_unit
    share_op = lx.share_words[num_text][1] if form == "share" else None
    end = m.end()
    suf = g("suf") or g("sufs")
    apx3 = g("apx3") or g("apx3s")
    if number is None and form in ("num", "pct") and num_text and num_text[-1] in "百千万亿" and len(num_text) > 1:
        # 七十百分位, 五十千: a trailing unit character that does not belong to the numeral ends it
        grp = "num" if form == "num" else ("pctnum" if g("pctnum") else "pmnum")
        if g(grp) == num_text:
            trimmed = num_text[:-1]
            number = parse_number(trimmed)
            if number is not None and g("pm"):
                number = number if g("pm") in ("千", "仟") else number * 100 / PER_MAGNITUDE[g("pm")]
            end = m.start(grp) + len(trimmed)
            num_text = trimmed
            if form == "num":
                unit = None
            return None if number is None else _bare(m, number, num_text, form, unit, end, norm)
    if number is None:
        return None
    page_mark = g("sign") == "-" and norm[end:end + 1] == "-"  # "-1-": a page number, not minus one
    if g("sign") and not page_mark and g("sign") != "零上":
        number = -number
    # a number glued to letters/digits after it is a code, not a quantity (5G, 25TBx, 3a)
    if end < len(norm) and (norm[end].isascii() and norm[end].isalnum()) and not suf and not apx3:
        if unit is None or (unit.isascii() and unit[-1:].isalpha()):
            return None
    if form == "num" and len(num_text) > 1 and num_text[0] == "0" and num_text[1].isdigit():
        return None  # 03, 00071305: codes and check boxes, not amounts
    if unit == "年" and end < len(norm) and norm[end] in "初底末中度终均":
        unit = None  # 86.45年初预算数: 年初 is a word, not a unit
        end = m.end("unit") - 1 if m.group("unit") else end
    more = g("more") or g("more0") or g("more0s")
    is_cn = num_text[0] not in "0123456789."
    plain = form == "num" and g("num") is not None  # not 1万5千, 1.2E+05, 3元5角, 半, 两个半
    if mag and is_cn and not g("more0"):
        return None  # 二十万 is read inside the numeral; "二十 万" is odd: drop rather than guess
    pre = g("pre")
    lone = plain and is_cn and len(num_text) == 1
    prose = False
    if lone and num_text in FINANCIAL and not (unit or pre or suf or more or g("period")):
        if not _prose_numeral(norm, m.start("num"), m.end("num")):
            return None  # 陆地, 队伍, 收拾: a capital numeral is never written alone
        prose = True
    if more in ("来", "几") and unit is None and not mag:
        return None
    if lone and not prose and not (unit or pre or suf or more or g("period") or g("sign") or g("cur")):
        # 三到五年, 五至十个: a lone digit before a range word is the range's first bound, not prose
        if not _connector_after(norm, end, lx):
            if not _prose_numeral(norm, m.start("num"), m.end("num")):
                return None  # a lone 一/三 inside a word is prose, not a quantity
            prose = True  # 答案是五: a number, but only a word of the sentence
    if ((plain or form == "round") and is_cn and unit is None and end < len(norm)
            and _is_han(norm[end]) and not prose
            and not (more or mag or suf or apx3 or g("persuf") or pre or g("cmp") or g("sign"))
            and "万" not in num_text and "亿" not in num_text and not _connector_after(norm, end, lx)):
        return None  # 二十四节气, 十八洞村, 十一国庆: a Chinese numeral run into a word is a name, not an amount
    if unit is None and form == "num" and not mag and is_cn and g("persuf"):
        return None
    if mag and unit:
        fused = lx.unit_alias.get(mag + unit)
        if fused:  # 3万人 -> 3 万人 as printed; a bare 150万 or 3千人 is left to the caller
            unit, mag = fused, None
    if unit == "方":
        unit = "立方米"  # 十万方 (the numeral holds the 万; 50万方 was fused above)
    cur = g("cur")
    if cur and (unit is None or (unit == "元" and lx.currency_prefix.get(cur) != "元")):
        unit = lx.currency_prefix.get(cur)  # ￥100; 港币1000元: the 元 of a named currency is that currency
    if form == "share" and pre is None and share_op:
        pre = share_op
    apx1, apx2 = g("apx1"), g("apx2")
    approx_words = tuple(w for w in (apx1, apx2, apx3) if w) if apx1 or apx2 or apx3 else ()
    round_kind = lx.round_kind.get(g("rpre")) if form == "round" else None
    if round_kind == "below":
        approx_words += (g("rpre"),)
    period = None
    if g("period"):
        period = lx.period_prefix.get(g("period"))
    if g("persuf"):
        period = lx.period_suffix.get(g("persuf"), period)
    cmp_op = None
    if g("cmp"):
        cmp_op = ">" if g("cmp") in set(lx.raw.get("comparative_more") or []) else "<"
    start = m.start()
    if g("bi") and not cmp_op:
        start = m.start("bi") + 1
    if page_mark:
        start = m.start("sign") + 1
    while start < end and norm[start] in " \t":
        start += 1
    # positional (the field order of RawMatch): this runs once per match, and keywords cost a third more
    return RawMatch(start, end, number, num_text, mag, unit, pre, suf, more, approx_words, period, form, ratio_base,
                    round_kind, "numeral" if prose else kind, cmp_op, prose)


# A lone Chinese digit is a number only between these: start/end, punctuation, quotes, and the
# function words of "答案是四不是五", "前三的品牌". Anywhere else it is part of a word (一看, 四川).
# (Not brackets: "(一)" numbers a section.)
_PROSE_BEFORE = set("是为前这那和与或及、，,。；;：:“”\"'‘’「」『』《》 \t\n")
_PROSE_AFTER = set("这那的是不而却和与或及、，,。；;：:！!？?“”\"'‘’「」『』《》 \t\n")


def _prose_numeral(norm: str, s: int, e: int) -> bool:
    before = norm[s - 1] if s > 0 else ""
    after = norm[e] if e < len(norm) else ""
    return (not before or before in _PROSE_BEFORE) and (not after or after in _PROSE_AFTER)


def _connector_after(norm: str, end: int, lx: Lexicon) -> bool:
    """三十到四十, 三十和四十之间, 十五至二十: a numeral before a range word is a bound, not a name."""
    nxt = norm[end:end + 2]
    return any(nxt.startswith(w) for w in ("到", "至", "和", "与", "之间", "或", "且", "以", "之")) and bool(
        re.match(rf"(?:到|至|和|与|或|且)[ \t]{{0,2}}[{NUMERAL_RUN}]|之间|以[上下内]|之[上下内间]", norm[end:end + 4]))


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
    if rm.cmp_op:  # 比30大
        op = rm.cmp_op
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
    if unit == "‰":  # 千分之三, 0.5‰: a percentage like any other (cells keep the printed ‰)
        value, unit = value / 10, "%"
        notes.append("‰->%")
    if rm.number and value != rm.number:
        notes.append(f"scale={value / rm.number!r}")
    value = _clean(value)
    kind = rm.kind or "absolute"
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
    # positional, in Quantity's field order (once per span: keywords cost more)
    return Quantity(text[rm.start:rm.end], rm.start, rm.end, value, low, high, li, hi, op, approx, unit, rm.period,
                    kind, rm.ratio_base if kind == "ratio" else None, "; ".join(notes))


def _clean(v: float) -> float:
    """Round away binary noise (118.5 万元 not 118.50000000000001)."""
    if v == 0 or not math.isfinite(v):
        return v
    if type(v) is float and v.is_integer():
        return v  # what the rounding below gives back for a whole number, without the rounding
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
        not_after = lx.raw.get("idiom_not_after") or {}
        for m in lx.idioms.finditer(norm):
            s, e = m.span()
            w = m.group(0)
            if w[0] in NUMERAL_CHARS and s > 0 and norm[s - 1] in NUMERAL_CHARS:
                continue  # 一百零一万一千: 万一 inside a numeral is not the idiom
            if w[-1] in NUMERAL_CHARS and e < len(norm) and norm[e] in NUMERAL_CHARS:
                continue
            if norm[e:e + 1] == "钱":
                continue  # 一角钱, 三角钱: money, not the idioms 一角 / 三角
            if s > 0 and norm[s - 1] in not_after.get(w, ""):
                continue  # 扣十分: ten points, not the idiom 十分 (very)
            if w[0] in NUMERAL_CHARS and _unit_runs_past(comp, norm, s + 1, e):
                continue  # 三公里: a numeral and a unit (公里) that runs past the idiom (三公), not the idiom
            spans.append((s, e))
    return spans


def _unit_runs_past(comp: _Compiled, norm: str, s: int, e: int) -> bool:
    """Does a unit word start at ``s`` and end after ``e``?"""
    m = comp.unit.match(norm, s)
    return m is not None and m.end() > e


# Texts longer than this are read without the cache: a cache of whole narratives would keep megabytes
# alive for the rest of a run (issue 11), and a long text is rarely read twice.
CACHED_CHARS = 4000


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity span in ``text`` (offsets into ``text``), in order. Never raises on odd input."""
    if not text or not isinstance(text, str):
        return []
    if len(text) > CACHED_CHARS:
        return list(_find(text))
    return [_copy(q) for q in _find_cached(text)]


def _copy(q: Quantity) -> Quantity:
    return Quantity(q.text, q.start, q.end, q.value, q.low, q.high, q.low_inclusive, q.high_inclusive, q.op,
                    q.approx, q.unit, q.period, q.kind, q.base, q.explanation, q.direction)


_ANY_NUMERAL = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾半折]")


def _find(text: str) -> tuple[Quantity, ...]:
    lx = lexicon()
    norm = translate(text, lx.table)
    if _ANY_NUMERAL.search(norm) is None:
        return ()
    norm = fullwidth_grouping(text, norm)
    joined, where = join_spaced(norm, _reads_as_one)
    if where is None:
        return _find_in(text, norm, lx)
    found = _find_in("".join(text[i] for i in where), joined, lx)
    out = []
    for q in found:  # offsets back into the caller's string (the removed spaces are inside the span)
        s, e = where[q.start], where[q.end - 1] + 1
        out.append(Quantity(text[s:e], s, e, q.value, q.low, q.high, q.low_inclusive, q.high_inclusive, q.op,
                            q.approx, q.unit, q.period, q.kind, q.base, q.explanation, q.direction))
    return tuple(out)


@lru_cache(maxsize=4096)
def _reads_as_one(s: str) -> bool:
    """Does the grammar read ``s`` (a spaced numeral with its spaces removed) as one quantity, all of it?"""
    rms = raw_matches(s)
    return len(rms) == 1 and rms[0].start == 0 and rms[0].end == len(s) and not rms[0].prose


@text_cache(maxsize=32, max_chars=2000)  # a narrative's quantities, for its form (not across forms)
def _find_cached(text: str) -> tuple[Quantity, ...]:
    return _find(text)


def _find_in(text: str, norm: str, lx: Lexicon) -> tuple[Quantity, ...]:
    dates, dspans = _dates(text, norm, lx)
    work = _mask(norm, dspans)
    work = _mask(work, _masks(work, lx))
    qs: list[Quantity] = list(dates)
    for rm in raw_matches(work):
        q = _to_quantity(rm, text, norm, lx)
        if q is not None:
            qs.append(q)
    qs.sort(key=lambda q: q.start)
    return tuple(combine(qs, text, norm, lx))
