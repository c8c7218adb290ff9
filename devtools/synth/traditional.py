"""Simplified -> traditional conversion by a small one-to-one table (data/traditional.yaml).

Why a table and not a library: the forms need only the generator's own vocabulary and the form
labels, and real converted pages are themselves partial (SPEC §1: traditional characters seen).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import yaml

from nlp_audit.model import CellValue, Form, FundsRow, Indicator, Narrative

from .generator import DATA_DIR


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(DATA_DIR / "traditional.yaml", encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)
    simp, trad = data["simplified"], data["traditional"]
    if len(simp) != len(trad):
        raise ValueError("traditional.yaml: simplified and traditional differ in length")
    return str.maketrans(simp, trad)


def to_traditional(text: str) -> str:
    return text.translate(_table())


def _conv(x):
    return to_traditional(x) if isinstance(x, str) else x


def _cell(c: CellValue) -> CellValue:
    return dataclasses.replace(c, text=_conv(c.text), qualitative=_conv(c.qualitative), unit=_conv(c.unit))


def form_to_traditional(form: Form) -> Form:
    """A copy of ``form`` with every text field converted (numbers untouched)."""
    inds = [
        dataclasses.replace(
            i,
            name=_conv(i.name),
            level1=_conv(i.level1),
            level2=_conv(i.level2),
            target=_cell(i.target),
            actual=_cell(i.actual),
            reason=_conv(i.reason),
        )
        for i in form.indicators
    ]
    funds = [dataclasses.replace(f, label=_conv(f.label)) for f in form.funds]
    return dataclasses.replace(
        form,
        title=_conv(form.title),
        project=_conv(form.project),
        department=_conv(form.department),
        unit=_conv(form.unit),
        grade=_conv(form.grade),
        goal=Narrative(_conv(form.goal.text)),
        actual=Narrative(_conv(form.actual.text)),
        indicators=inds,
        funds=funds,
    )


__all__ = ["to_traditional", "form_to_traditional", "Indicator", "FundsRow"]
