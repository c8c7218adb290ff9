"""Number formatting and the scoring arithmetic of SPEC §2, as the generator needs them.

Kept apart from the generator so the renderers and the tests use the very same rounding: a
clean form is only clean if its scores follow the rule the checker applies (half-up rounding to
the precision the form prints).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(x: float, decimals: int) -> float:
    """Half-up rounding (0.5 -> 1), not Python's banker's rounding: forms are scored this way."""
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def fmt(x: float | None, decimals: int | None = 2, trim: bool = False) -> str:
    """A number as a form prints it: fixed decimals ("10.00"), or trimmed ("9.5", "10")."""
    if x is None:
        return ""
    if decimals is None:
        decimals = 2
    s = f"{round_half_up(x, decimals):.{decimals}f}"
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def fmt_thousands(x: float, decimals: int = 2) -> str:
    """Money in 元 with thousands separators, as declarations print it ("4,483,000.00")."""
    return f"{round_half_up(x, decimals):,.{decimals}f}"


def proportional_score(actual: float, target: float, weight: float, op: str) -> float:
    """Unrounded score of a quantitative row (SPEC §2).

    Positive (>=, >, =): met -> full; below -> actual/target x weight.
    Reverse (<=, <): met -> full; above -> linear to 0 at twice the target.
    """
    if target <= 0:
        return weight
    if op in ("<=", "<"):
        if actual <= target:
            return weight
        return max(0.0, weight * (2 * target - actual) / target)
    if actual >= target:
        return weight
    return weight * actual / target


def grade_for(total: float, bands: list[tuple[str, float]]) -> str:
    """The grade whose inclusive lower bound the total reaches (bands sorted high to low)."""
    for name, low in bands:
        if total >= low:
            return name
    return bands[-1][0]
