"""The indicators table: one row per indicator with every parsed cell and the checker's reading of it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..nlp.indicator_types import indicator_type
from .checker_view import FormView

if TYPE_CHECKING:
    from ..findings import Finding


def indicator_rows(view: FormView, findings: list[Finding]) -> Iterator[dict[str, Any]]:
    """The indicators-table rows of one form (合计/总分 lines are the table's sums, not indicators)."""
    form = view.form
    by_name: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        if f.indicator:
            by_name[f.indicator].append(f.rule)
    for ra, category in zip(view.rows, view.categories, strict=True):
        ind = ra.ind
        itype = indicator_type(ind)
        rules = by_name.get(ind.name, [])
        yield {
            "path": form.path,
            "form": form.index,
            "row": ra.index,
            "project": form.project,
            "year": form.year,
            "level1": ind.level1,
            "level2": ind.level2,
            "category": category,
            "name": ind.name,
            "parent": ind.parent,
            "target_text": ind.target.text or None,
            "target_op": ind.target.op,
            "target_value": ind.target.value,
            "target_unit": ind.target.unit,
            "target_qualitative": ind.target.qualitative,
            "actual_text": ind.actual.text or None,
            "actual_value": ind.actual.value,
            "actual_unit": ind.actual.unit,
            "actual_qualitative": ind.actual.qualitative,
            "weight": ind.weight,
            "score": ind.score,
            "reason": ind.reason,
            "indicator_type": itype.kind,
            "unit_family": itype.family,
            "direction": ra.direction,
            "status": ra.status,
            "attainment_level": ra.level,
            "attainment_ratio": ra.ratio,
            "deviation": ra.deviation,
            "line": ind.source.line if ind.source is not None else None,
            "findings": len(rules),
            "rules": ",".join(sorted(set(rules))) or None,
        }
