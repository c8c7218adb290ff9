"""The forms table: one row per form, the numbers a researcher compares across forms (schema.FORMS)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from .checker_view import FormView
from .regions import county_of, province_of
from .schema import FAMILIES

if TYPE_CHECKING:
    from ..findings import Finding

_CATEGORY_COLUMNS = {"output": "indicators_output", "benefit": "indicators_benefit",
                     "satisfaction": "indicators_satisfaction", None: "indicators_uncategorised"}
_RULE_COLUMNS = {
    "G001": "vague_targets",
    "G002": "generic_indicators",
    "D001": "deviations_no_reason",
    "D002": "deviations_vague_reason",
    "D003": "deviations_cause_without_measure",
    "D004": "deviations_reason_contradicts",
}


def form_row(view: FormView, findings: list[Finding]) -> dict[str, Any]:
    """The forms-table row of one form from the checker's view of it and its findings."""
    form = view.form
    total = form.funds_total
    row: dict[str, Any] = {
        "path": form.path,
        "form": form.index,
        "kind": form.kind,
        "project": form.project,
        "department": form.department,
        "unit": form.unit,
        "year": form.year,
        "province": province_of(form.title, form.project, form.department, form.unit),
        "county": county_of(form.unit, form.department),
        "layout": form.layout or None,
        "funds_budget_initial": total.budget_initial if total else None,
        "funds_budget": total.budget_full_year if total else None,
        "funds_executed": total.executed if total else None,
        "funds_execution_rate": total.rate if total else None,
        "funds_execution_rate_computed": _rate(total.executed, total.budget_full_year) if total else None,
        "funds_weight": total.weight if total else None,
        "funds_score": total.score if total else None,
        "total_score": form.total_score,
        "total_weight": form.total_weight,
        "grade": form.grade,
    }
    row.update(_indicator_counts(view))
    by_rule = Counter(f.rule for f in findings)
    row.update({column: by_rule.get(code, 0) for code, column in _RULE_COLUMNS.items()})
    row["rows_not_met"] = sum(1 for ra in view.rows if ra.short)
    row["deviations"] = sum(1 for ra in view.rows if ra.deviation)
    row["goal_chars"] = _chars(form.goal.text)
    row["actual_chars"] = _chars(form.actual.text)
    row.update(_claim_counts(view))
    row.update(_finding_counts(findings))
    return row


def _rate(executed: float | None, budget: float | None) -> float | None:
    if executed is None or not budget:
        return None
    return executed / budget * 100


def _chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _indicator_counts(view: FormView) -> dict[str, Any]:
    counts = Counter(_CATEGORY_COLUMNS.get(cat, "indicators_uncategorised") for cat in view.categories)
    n = len(view.rows)
    out: dict[str, Any] = {"indicators": n}
    out.update({column: counts.get(column, 0) for column in _CATEGORY_COLUMNS.values()})
    out["share_numeric_target"] = _share(sum(1 for ra in view.rows if ra.ind.target.value is not None), n)
    return out


def _claim_counts(view: FormView) -> dict[str, Any]:
    verdicts = Counter(c.verdict for c in view.claims)
    n = len(view.claims)
    out: dict[str, Any] = {"claims": n}
    for verdict in ("supported", "contradicted", "unsupported"):
        out[f"claims_{verdict}"] = verdicts.get(verdict, 0)
    for verdict in ("supported", "contradicted", "unsupported"):
        out[f"share_{verdict}"] = _share(verdicts.get(verdict, 0), n)
    return out


def _finding_counts(findings: list[Finding]) -> dict[str, Any]:
    severities = Counter(f.severity for f in findings)
    families = Counter(f.rule[:1] for f in findings)
    out: dict[str, Any] = {"findings": len(findings)}
    out.update({f"findings_{sev}": severities.get(sev, 0) for sev in ("error", "warning", "info")})
    out.update({f"findings_{fam.lower()}": families.get(fam, 0) for fam in FAMILIES})
    return out
