"""Text of target / actual cells in each cell style, from the numbers the generator chose.

One function per direction so that the truth CellValue and the printed text can never drift
apart: the renderer prints ``CellValue.text`` (split-style renderers print op/value/unit cells).
"""

from __future__ import annotations

from nlp_audit.model import CellValue

from .numbers import fmt
from .style import Style


def value_text(v: float, cell: str) -> str:
    """A value inside a cell: "90.00" in system exports, "90" / "153.27" elsewhere."""
    return fmt(v, 2) if cell == "decimal" else fmt(v, 2, trim=True)


def comparator(op: str, style: Style) -> str:
    return {">=": style.comparators[0], "<=": style.comparators[1], "=": style.comparators[2]}.get(op, "")


def target_cell(
    op: str, value: float | None, unit: str | None, style: Style, qual: str | None = None, prose: str = ""
) -> CellValue:
    """The 年度指标值 cell. ``prose`` selects a worded form: "min" 不少于, "min_year" 全年不少于,
    "above" …以上, "within" …以内, "max" 不超过."""
    if qual is not None:
        return CellValue(text=qual, op="qual", qualitative=qual)
    assert value is not None and unit is not None
    v = value_text(value, "plain" if prose else style.cell)
    period = None
    if prose == "min":
        text = f"不少于{v}{unit}"
    elif prose == "min_year":
        text, period = f"全年不少于{v}{unit}", "年"
    elif prose == "above":
        text = f"{v}{unit}以上"
    elif prose == "within":
        text = f"{v}{unit}以内"
    elif prose == "max":
        text = f"不超过{v}{unit}"
    elif style.cell == "decimal":
        text = f"{comparator(op, style)}{v}({unit})"
    else:
        text = f"{comparator(op, style)}{v}{unit}"
    return CellValue(text=text, op=op, value=value, unit=unit, period=period)


def actual_cell(value: float | None, unit: str | None, style: Style, qual: str | None = None) -> CellValue:
    """The 实际完成值 cell; in split style (Sichuan) the unit lives in its own column."""
    if qual is not None:
        return CellValue(text=qual, op=None, qualitative=qual)
    if value is None:
        return CellValue()
    v = value_text(value, style.cell)
    if style.cell == "decimal":
        text = f"{v}({unit})"
    elif style.cell == "split":
        text = v
    else:
        text = f"{v}{unit}"
    return CellValue(text=text, op=None, value=value, unit=unit)


def money_text(x: float | None, style: Style) -> str:
    """An amount of the funds block in 万元 as the style prints it ("155.17" or "20")."""
    if x is None:
        return ""
    return fmt(x, style.money_decimals, trim=style.trim_money)


def score_text(x: float | None, style: Style) -> str:
    """分值 / 得分 as printed: "10.00" in system exports, "9.5" / "10" elsewhere."""
    if x is None:
        return ""
    return fmt(x, style.score_decimals, trim=style.cell != "decimal")


def rate_text(rate: float | None, style: Style) -> str:
    """执行率 as printed; ``rate`` in percent."""
    if rate is None:
        return ""
    if style.rate_format == "num2":
        return fmt(rate, 2)
    if style.rate_format == "pct2":
        return fmt(rate, 2) + "%"
    if style.rate_format == "ratio":
        return fmt(rate / 100, 3)
    return fmt(rate, 1, trim=True) + "%"


def stated_rate(rate: float, style: Style) -> float:
    """The percent value a reader gets back from ``rate_text`` (what FundsRow.rate holds)."""
    if style.rate_format == "ratio":
        return float(fmt(rate / 100, 3)) * 100
    if style.rate_format == "pct":
        return float(fmt(rate, 1))
    return float(fmt(rate, 2))
