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
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "点"

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def parse_arabic(s: str) -> float | None:
    """'1,185,000.00' -> 1185000.0; commas must group by three (else None: '1,2' is a list)."""
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
    """Integer Chinese numeral with 万/亿 sections."""
    if not s:
        return None
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
    return parse_chinese(s)
