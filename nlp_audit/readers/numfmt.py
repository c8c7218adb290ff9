"""Render a spreadsheet number the way the sheet shows it (a tiny subset of Excel number formats).

Why: the checks compare numbers at the precision the form itself uses (SPEC §2 rounding), and
evidence must quote what the auditor sees: 155.17 stays "155.17", 100.0 is "100", a cell
formatted 0.00% holding 0.958 is "95.80%", '0.00"万元"' keeps its unit. Only what forms use is
covered (decimals, thousands separators, percent, literals, currency tags); anything exotic
falls back to Excel's General rendering rather than guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_QUOTED = re.compile(r'"([^"]*)"')
_BRACKET = re.compile(r"\[([^\]]*)\]")
_MARK = 0xF0000  # literals are parked as private-use characters so no digit in them is a placeholder
_PLACEHOLDER = re.compile(r"[#0?,]*[0#?](?:[#0?,]*)(?:\.[0#?]*)?|\.[0#?]+")


@lru_cache(maxsize=512)
def _compile(fmt: str) -> tuple[str, str, int, int, bool, bool] | None:
    """fmt -> (prefix, suffix, min_decimals, max_decimals, thousands, percent) or None for General."""
    if not fmt or fmt.lower() in ("general", "@"):
        return None
    section = _first_section(fmt)
    literals: list[str] = []

    def keep(m: re.Match) -> str:
        literals.append(m.group(1))
        return chr(_MARK + len(literals) - 1)

    def bracket(m: re.Match) -> str:
        inner = m.group(1)
        if inner.startswith("$"):  # currency tag [$¥-804]
            literals.append(inner[1:].split("-", 1)[0])
            return chr(_MARK + len(literals) - 1)
        return ""  # colours, conditions, locales, [DBNum1]

    s = _QUOTED.sub(keep, section)
    s = _BRACKET.sub(bracket, s)
    s = re.sub(r"\\(.)", lambda m: keep(re.match(r"(.*)", m.group(1))), s)  # \x literal
    s = re.sub(r"[_*].", "", s)  # padding / fill characters
    if re.search(r"[eE][+-]", s) or "/" in s:
        return None  # scientific and fractions: General is closer than a wrong guess
    m = _PLACEHOLDER.search(s)
    if m is None:
        return None
    placeholder = m.group(0)
    prefix, suffix = s[: m.start()], s[m.end() :]
    decimals = placeholder.split(".", 1)[1] if "." in placeholder else ""
    min_dec = decimals.count("0")
    max_dec = len(decimals)
    thousands = "," in placeholder.split(".", 1)[0]
    percent = "%" in prefix or "%" in suffix

    def restore(part: str) -> str:
        return "".join(literals[ord(c) - _MARK] if ord(c) >= _MARK else c for c in part)

    return restore(prefix), restore(suffix), min_dec, max_dec, thousands, percent


def _first_section(fmt: str) -> str:
    """The positive-number section of 'pos;neg;zero;text' (a ';' inside quotes does not count)."""
    in_quote = False
    for i, ch in enumerate(fmt):
        if ch == '"':
            in_quote = not in_quote
        elif ch == ";" and not in_quote:
            return fmt[:i]
    return fmt


def general(value: float | int) -> str:
    """Excel's General: integers without '.0', at most 15 significant digits, no float noise."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    s = f"{round(value, 10):.15g}"
    if "e" in s and 1e-10 <= abs(value) < 1e15:
        s = f"{value:.10f}".rstrip("0").rstrip(".")
    return s


def format_number(value: float | int, fmt: str | None) -> str:
    """The displayed text of a numeric cell under number format ``fmt``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    spec = _compile(fmt or "")
    if spec is None:
        return general(value)
    prefix, suffix, min_dec, max_dec, thousands, percent = spec
    number = value * 100 if percent else value
    body = f"{abs(number):,.{max_dec}f}" if thousands else f"{abs(number):.{max_dec}f}"
    if max_dec > min_dec and "." in body:  # '#' decimals are optional digits
        int_part, frac = body.split(".")
        frac = frac.rstrip("0")
        frac = frac + "0" * (min_dec - len(frac)) if len(frac) < min_dec else frac
        body = f"{int_part}.{frac}" if frac else int_part
    sign = "-" if number < 0 and float(body.replace(",", "") or 0) != 0 else ""
    return f"{sign}{prefix}{body}{suffix}"


def format_datetime(value: dt.datetime | dt.date | dt.time, fmt: str | None) -> str:
    """Dates as forms write them: 2023年12月31日 when the format is Chinese, else ISO 2023-12-31."""
    fmt = fmt or ""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    has_time = isinstance(value, dt.datetime) and (value.hour or value.minute or value.second)
    if "年" in fmt:
        text = f"{value.year}年{value.month}月" + (
            f"{value.day}日" if "日" in fmt or "d" in fmt.lower() else ""
        )
    else:
        text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if has_time:
        text += " " + value.strftime("%H:%M" if not value.second else "%H:%M:%S")
    return text
