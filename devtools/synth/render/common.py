"""Helpers shared by the renderers: block structure of the indicator table and cell texts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nlp_audit.model import Form, FundsRow, Indicator

from ..cells import comparator, money_text, rate_text, score_text
from ..numbers import fmt
from ..style import Style


@dataclass(slots=True)
class Row:
    """One indicator with the facts a renderer needs about merged cells."""

    ind: Indicator
    first_l1: bool  # first row of its 一级指标 block (the merged label is printed here)
    first_l2: bool
    l1_weight: float  # Σ 分值 of the block, for "产出指标(50分)"
    l1_size: int
    l1_pos: int  # position inside the 一级 block
    l2_size: int
    l2_pos: int


def rows(form: Form) -> Iterator[Row]:
    inds = form.indicators
    for i, ind in enumerate(inds):
        l1 = [j for j, x in enumerate(inds) if x.level1 == ind.level1]
        l2 = [j for j in l1 if inds[j].level2 == ind.level2]
        yield Row(
            ind=ind,
            first_l1=i == l1[0],
            first_l2=i == l2[0],
            l1_weight=sum(inds[j].weight or 0 for j in l1),
            l1_size=len(l1),
            l1_pos=l1.index(i),
            l2_size=len(l2),
            l2_pos=l2.index(i),
        )


def w_text(ind: Indicator, style: Style) -> str:
    return ind.weight_text if ind.weight_text is not None else score_text(ind.weight, style)


def s_text(ind: Indicator, style: Style) -> str:
    return ind.score_text if ind.score_text is not None else score_text(ind.score, style)


def reason(ind: Indicator) -> str:
    return ind.reason or ""


def money(x: float | None, style: Style) -> str:
    return money_text(x, style)


def funds_rate(row: FundsRow, style: Style) -> str:
    if row.rate_text is not None:
        return row.rate_text
    return rate_text(row.rate, style)


def total_text(form: Form, style: Style) -> str:
    return score_text(form.total_score, style)


def total_weight_text(form: Form, style: Style) -> str:
    return score_text(form.total_weight if form.total_weight is not None else 100.0, style)


def split_target(ind: Indicator, style: Style) -> tuple[str, str, str]:
    """Sichuan columns 指标性质 | 指标值 | 度量单位."""
    t = ind.target
    if t.op == "qual" or t.value is None:
        return "定性", t.text, ""
    return comparator(t.op or "=", style), fmt(t.value, 2, trim=True), t.unit or ""


def wrap(text: str, width: int) -> list[str]:
    """Cut text into lines of ``width`` characters, as a PDF table cell wraps it."""
    if width <= 0 or len(text) <= width:
        return [text]
    return [text[i : i + width] for i in range(0, len(text), width)]


def dash(x: str) -> str:
    return x if x else "-"


def form_rng(form: Form, salt: str = ""):
    """A random source fixed by the form's content, so a form always renders the same way."""
    import random
    import zlib

    key = f"{form.project}|{form.year}|{form.department}|{len(form.indicators)}|{salt}"
    return random.Random(zlib.crc32(key.encode("utf-8")))
