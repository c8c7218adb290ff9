"""Numeral strings -> numbers: Arabic (with thousands commas) and Chinese (二十, 一百二十万, 两千, 三点五).

Own code instead of cn2an: the grammar only ever hands over an isolated numeral, so a small
exact parser is enough, and it is fast and import-free. Anything malformed returns None, so the
caller drops the span rather than report a wrong number.
"""

from __future__ import annotations

import re
from functools import lru_cache

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "点兆"

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def parse_arabic(s: str) -> float | None:
    """'1,185,000.00' -> 1185000.0; commas must group by three (else None: '1,2' is a list)."""
    if s.isascii():  # the common cases (123, 123.45) without the pattern
        if s.isdigit():
            return float(s)
        whole, dot, frac = s.partition(".")
        if dot and whole.isdigit() and frac.isdigit():
            return float(s)
    if not _ARABIC.fullmatch(s):
        return None
    return float(s.replace(",", ""))


def _section(s: str) -> int | None:
    """A numeral below 10,000 (no 万/亿): 三千零五十, 一百二 (colloquial 120), 十二, 二〇二三 (digit run)."""
    if not s:
        return 0
    if all(c in DIGITS for c in s):
        if len(s) == 1:
            return DIGITS[s]
        # a digit-by-digit run is only a numeral with a zero in it (二〇二三); 九九, 二三十 are words/vague
        if "两" in s or not any(c in "零〇" for c in s):
            return None
        return int("".join(str(DIGITS[c]) for c in s))
    total = 0
    number: int | None = None
    last_unit = 100_000
    zero_seen = False
    for c in s:
        if c in DIGITS:
            if number is not None:  # two digits in a row with units around: malformed
                return None
            number = DIGITS[c]
            if number == 0:
                zero_seen = True
                number = None
        elif c in SMALL_UNITS:
            unit = SMALL_UNITS[c]
            if unit >= last_unit:
                return None
            if number is None:
                if unit == 10 and (total == 0 or zero_seen):
                    number = 1  # 十二 = 12, 一千零十二 = 1012
                else:
                    return None
            total += number * unit
            number = None
            last_unit = unit
            zero_seen = False
        else:
            return None
    if number is not None:
        if last_unit < 100_000 and not zero_seen and last_unit >= 100:
            total += number * last_unit // 10  # 一百二 = 120, 一千二 = 1200
        else:
            total += number
    return total


def _integer(s: str) -> int | None:
    """Integer Chinese numeral with 万/亿 sections (万万 is the old word for 亿; 兆 is 10^12 before 亿)."""
    if not s:
        return None
    if "万万" in s:
        s = s.replace("万万", "亿")
    if "兆" in s:
        hi, _, lo = s.partition("兆")
        a = _integer(hi) if hi else None
        b = _integer(lo) if lo else 0
        return None if a is None or b is None or "兆" in lo else a * 10**12 + b
    if "亿" in s:
        hi, _, lo = s.partition("亿")
        a = _integer(hi) if hi else None
        if a is None or "亿" in lo:
            return None
        if lo and len(lo) == 1 and lo in DIGITS:
            return a * 100_000_000 + DIGITS[lo] * 10_000_000  # 一亿二
        b = _integer(lo) if lo else 0
        return None if b is None else a * 100_000_000 + b
    if "万" in s:
        hi, _, lo = s.partition("万")
        a = _section(hi) if hi else None
        if a is None or a == 0 or "万" in lo:
            return None
        if lo and len(lo) == 1 and lo in DIGITS and lo not in "零〇":
            return a * 10_000 + DIGITS[lo] * 1000  # 一万二 = 12000
        b = _section(lo) if lo else 0
        return None if b is None else a * 10_000 + b
    return _section(s)


@lru_cache(maxsize=4096)
def parse_chinese(s: str) -> float | None:
    """'一百二十' -> 120, '三点五' -> 3.5, '两千' -> 2000, '一万二千三百四十五' -> 12345; else None."""
    if not s or any(c not in CN_CHARS for c in s):
        return None
    whole, dot, frac = s.partition("点")
    if dot:
        if not frac or any(c not in DIGITS or c == "两" for c in frac):
            return None
        w = _integer(whole) if whole else None
        if w is None:
            return None
        return float(f"{w}.{''.join(str(DIGITS[c]) for c in frac)}")
    v = _integer(whole)
    return None if v is None else float(v)


def parse_digit_run(s: str) -> int | None:
    """二〇二三 / 一九九一 / 2023 -> int (years are written digit by digit)."""
    if s.isdigit():
        return int(s)
    if s and all(c in DIGITS and c != "两" for c in s):
        return int("".join(str(DIGITS[c]) for c in s))
    return None


def parse_number(s: str) -> float | None:
    """Arabic or Chinese numeral -> float, else None."""
    if s and s[0].isdigit():
        return parse_arabic(s)
    if s[:1] == "." and s[1:].isdigit():  # .5: a decimal whose leading zero was dropped
        return float("0" + s)
    return parse_chinese(s)


_MIXED_TOKEN = re.compile(r"\d+|[零〇]|[一二两三四五六七八九]|[十百千万亿]")
_PLACE = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}


@lru_cache(maxsize=1024)
def parse_mixed(s: str) -> float | None:
    """Arabic digits between Chinese units: '5万4千6百' -> 54600, '3万4000' -> 34000, '1千零20' -> 1020,
    '2千零30万' -> 20300000. A bare trailing group must fill its place ('3万4000', not '10万5') or follow
    a 零 ('1千零1'); anything else is None, so the caller reads the plain part alone."""
    toks = _MIXED_TOKEN.findall(s)
    if "".join(toks) != s:
        return None
    total = 0  # the part at or above 亿
    wan = 0  # the 万 part below 亿
    sec = 0  # the section below 万
    num: int | None = None
    num_text = ""
    last_small = 10_000
    last_place = None  # place of the last unit read (for the width of a bare trailing group)
    zero = False
    for t in toks:
        if t[0].isdigit() or t in DIGITS:
            if num is not None:
                return None
            num_text = t
            num = int(t) if t[0].isdigit() else DIGITS[t]
            if num == 0:
                zero, num = True, None
        elif t in SMALL_UNITS:
            u = SMALL_UNITS[t]
            if num is None or num > 9 or u >= last_small:
                return None
            sec += num * u
            num, last_small, last_place, zero = None, u, _PLACE[t], False
        elif t == "万":
            sec += num or 0
            if sec == 0 or sec >= 10_000 or wan:
                return None
            wan, sec, num, last_small, last_place, zero = sec * 10_000, 0, None, 10_000, 4, False
        else:  # 亿
            part = wan + sec + (num or 0)
            if part == 0 or total:
                return None
            total, wan, sec, num, last_small, last_place, zero = part * 100_000_000, 0, 0, None, 10_000, 8, False
    if num is not None:
        if last_place is None:
            return None
        if not zero and len(num_text) != min(last_place, 4):
            return None  # '10万5': a colloquial tail on Arabic digits is a guess
        if num >= 10 ** min(last_place, 4):
            return None
        sec += num
    if last_place is None:
        return None
    return float(total + wan + sec)
