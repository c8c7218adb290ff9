"""How one synthetic form is printed: the formatting choices of its layout family.

The generator fixes a Style per form so that the truth (cell texts, stated rates, precision of
scores) is exactly what the renderer prints; a renderer given a parsed Form and no Style falls
back to ``default_style(family)``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

SELF_FAMILIES = ("tabbed", "cell_per_line", "pipe_rows", "pipe_cells", "fused", "spaced")
FAMILIES = SELF_FAMILIES + ("declaration",)


@dataclass(slots=True)
class Style:
    family: str
    cell: str = "decimal"  # decimal "≥90.00(%)" | plain "≥90%" | split (Sichuan op | value | unit cells)
    score_decimals: int = 2  # precision the form prints 分值/得分 with (rounding of computed scores)
    money_decimals: int = 2
    trim_money: bool = False  # "20" instead of "20.00"
    rate_format: str = "num2"  # num2 "100.00" | pct2 "100.00%" | pct "97.8%" | ratio "0.978"
    funds_weight: int = 10
    variant: str = ""  # spaced: generic | hubei; declaration: "" | slide
    comparators: tuple[str, str, str] = ("≥", "≤", "=")  # >=, <=, =
    prose: float = 0.0  # share of numeric targets written in words (不少于12次, 2天以内)
    reason_default: str = ""  # printed in the reason cell of rows without deviation ("" or "无")
    comma: str = "，"
    has_initial: bool = True  # the funds block prints 年初预算数
    funds_rows: tuple[str, ...] = ("年度资金总额", "其中:当年财政拨款", "上年结转资金", "其他资金")
    qual_actual_word: str = ""  # "达成指标" for system exports, "" = repeat the target word
    extras: dict = field(default_factory=dict)


def default_style(family: str) -> Style:
    """The plainest style of a family (used when rendering a Form without its Style)."""
    return choose_style(random.Random(0), family)


def choose_style(rng: random.Random, family: str) -> Style:
    """A random but family-typical style (modelled on the layouts in SPEC §1)."""
    if family not in FAMILIES:
        raise ValueError(f"unknown layout family {family!r}; choose from {', '.join(FAMILIES)}")
    ch = rng.choice
    if family in ("tabbed", "cell_per_line"):
        return Style(
            family,
            cell="decimal",
            score_decimals=2,
            rate_format="num2",
            comma=ch(["，", ", "]) if family == "tabbed" else "，",
            qual_actual_word="达成指标",
            prose=0.05,
        )
    if family == "pipe_rows":
        return Style(
            family,
            cell="plain",
            score_decimals=ch([0, 0, 1]),
            trim_money=ch([True, False]),
            rate_format="pct",
            comparators=ch([("≥", "≤", "="), (">=", "<=", "=")]),
            prose=0.25,
            comma=",",
            has_initial=False,
            funds_rows=("年度资金总额", "其中:财政拨款", "其他资金"),
        )
    if family == "pipe_cells":
        return Style(
            family,
            cell="split",
            score_decimals=ch([0, 1]),
            rate_format="pct2",
            comma=",",
            funds_rows=("总额", "其中:财政拨款", "财政专户资金", "单位自有资金"),
        )
    if family == "fused":
        return Style(
            family,
            cell="plain",
            score_decimals=0,
            rate_format="pct2",
            prose=0.1,
            comma=",",
            has_initial=False,
            funds_rows=("年度资金总额", "其中:本年财政拨款"),
        )
    if family == "spaced":
        if rng.random() < 0.5:
            return Style(
                family,
                cell="plain",
                variant="hubei",
                score_decimals=ch([0, 1]),
                trim_money=True,
                rate_format="pct",
                funds_weight=20,
                comparators=ch([("≥", "≤", "="), ("≧", "≦", "=")]),
                prose=0.3,
                comma=",",
                has_initial=False,
                funds_rows=("年度资金总额",),
            )
        return Style(
            family,
            cell="plain",
            variant="generic",
            score_decimals=ch([0, 1]),
            trim_money=ch([True, False]),
            rate_format=ch(["pct2", "pct2", "ratio"]),
            prose=0.2,
            reason_default=ch(["", "无"]),
            comma=",",
            has_initial=ch([True, True, False]),
            funds_rows=("年度资金总额", "其中:当年财政拨款", "上年结转资金", "其他资金"),
        )
    # declaration (申报表): targets only, money in 元
    return Style(
        family,
        cell="decimal",
        score_decimals=2,
        variant=ch(["", "", "slide"]),
        prose=0.1,
        comma="，",
        funds_rows=("年度资金总额", "其中:当年财政拨款", "上年结转资金", "其他资金"),
    )
