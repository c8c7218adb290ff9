"""The truth of a perturbed case: what a perfect parser reads back from the perturbed text.

Why not ``model.Form``: a perturbation can make a printed value untrustworthy (an OCR'd comparator,
digits the extractor dropped), and a Form cannot say "this cell must be reported unreadable"; and
the scorer needs only what ``../shared/tools/score_gold.py`` compares (rows by name, their values, the
funds total, project, kind) plus the narratives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from nlp_audit.model import Form


class Unreadable:
    """A value the text no longer states: the parser must say so (P003), never read a number there."""

    _instance: Unreadable | None = None

    def __new__(cls) -> Unreadable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNREADABLE"


UNREADABLE = Unreadable()
# a truth value: a number to find, UNREADABLE (must be flagged), or None (not compared)
Value = float | Unreadable | None
ROW_FIELDS = ("target", "actual", "weight", "score")
FUNDS_FIELDS = ("budget_initial", "budget_full_year", "executed")


@dataclass(slots=True)
class TruthRow:
    name: str
    target: Value = None
    actual: Value = None
    weight: Value = None
    score: Value = None
    target_unit: str | None = None  # "%" lets a fraction (0.9) count for 90, as score_gold does
    actual_unit: str | None = None
    misread: dict[str, float] = field(default_factory=dict)  # UNREADABLE field -> the number the damaged text shows

    def value(self, key: str) -> Value:
        return getattr(self, key)

    @property
    def damaged(self) -> bool:
        """A row with a cell the parser must report unreadable: a P003 on it is expected, not a loss."""
        return any(self.value(k) is UNREADABLE for k in ROW_FIELDS)


@dataclass(slots=True)
class TruthForm:
    project: str | None
    kind: str
    rows: list[TruthRow] = field(default_factory=list)
    funds: dict[str, Value] = field(default_factory=dict)  # the total row, in 万元
    funds_misread: dict[str, float] = field(default_factory=dict)
    goal: str | None = None  # None: the text holds no such narrative (not compared)
    actual: str | None = None


class Rendered(NamedTuple):
    """What a phenomenon module returns: the text, its truth, and the sub-variants applied."""

    text: str
    truth: list[TruthForm]
    variant: str


@dataclass(slots=True)
class Case:
    """One perturbed text and its truth (several forms when the phenomenon prints several)."""

    phenomenon: str
    variant: str
    seed: int
    text: str
    truth: list[TruthForm]

    @property
    def rows(self) -> int:
        return sum(len(t.rows) for t in self.truth)


def truth_of(form: Form) -> TruthForm:
    """The truth of a generated form printed whole and intact (perturbations then edit it)."""
    rows = []
    for ind in form.indicators:
        rows.append(
            TruthRow(
                name=ind.name,
                target=ind.target.value,
                actual=ind.actual.value,
                weight=ind.weight,
                score=ind.score,
                target_unit=ind.target.unit,
                actual_unit=ind.actual.unit,
            )
        )
    funds: dict[str, Value] = {}
    total = form.funds_total
    if total is not None:
        funds = {"budget_initial": total.budget_initial, "budget_full_year": total.budget_full_year,
                 "executed": total.executed}
    goal = form.goal.text or None
    actual = form.actual.text or None if form.kind != "declaration" else None
    return TruthForm(project=form.project, kind=form.kind, rows=rows, funds=funds, goal=goal, actual=actual)
