"""Rounding to the precision the form itself uses (SPEC §2) and number formatting for messages.

A computed score is compared after rounding to the form's own precision: a whole-point form may
score 8.62 as 9, but not 9.78 as 9. The precision is read from the scores the form prints
("10.00" counts as whole points: trailing zeros are typography, not precision).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Form

_NUMBER = re.compile(r"\d+(?:\.(\d+))?")
MAX_DECIMALS = 2
EPS = 1e-9


def decimals_in_text(text: str | None) -> int | None:
    """Significant decimals of the first number in ``text`` ("9.50" -> 1, "10.00" -> 0)."""
    if not text:
        return None
    whole, dot, frac = text.partition(".")
    if whole.isdecimal() and (not dot or frac.isdecimal()):  # '10', '9.50': the usual score cell, no regex
        return len(frac.rstrip("0"))
    m = _NUMBER.search(text)
    if not m:
        return None
    frac = (m.group(1) or "").rstrip("0")
    return len(frac)


def decimals_of_value(value: float | None) -> int | None:
    """Significant decimals of a number as stored (19.6 -> 1, 9.0 -> 0)."""
    if value is None:
        return None
    text = f"{abs(value):.4f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def form_precision(form: Form) -> int:
    """Decimals the form uses for scores: the most seen on any 得分 (funds, rows, 总分), max 2."""
    best = 0
    for rows in (form.indicators, form.funds):  # both carry score / score_text
        for row in rows:
            if row.score is None:
                continue
            d = decimals_in_text(row.score_text)
            if d is None:
                d = decimals_of_value(row.score)
            if d and d > best:
                best = d
    if form.total_score is not None:
        best = max(best, decimals_of_value(form.total_score) or 0)
    return min(best, MAX_DECIMALS)


def half_unit(precision: int) -> float:
    """Half of the smallest step at this precision: the slack rounding allows (0 -> 0.5)."""
    return 0.5 * 10 ** (-precision)


def fmt(value: float | None, decimals: int = 2) -> str:
    """A number for a Chinese message: trailing zeros dropped (90.0 -> '90', 8.625 -> '8.63')."""
    if value is None:
        return "?"
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def round_to(value: float, precision: int) -> float:
    """Round half up at ``precision`` decimals (as people do on forms, not banker's rounding)."""
    factor = 10**precision
    return int(value * factor + 0.5 + EPS) / factor if value >= 0 else -round_to(-value, precision)
