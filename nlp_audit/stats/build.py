"""The research tables of one run: rows per table, built from the parsed files and the findings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..checks import indicator_kinds as kinds
from ..checks.assess import RowAssessment
from .checker_view import FormView, view_form
from .findings_table import finding_rows
from .forms_table import form_row
from .indicators_table import indicator_rows
from .schema import TABLES

if TYPE_CHECKING:
    from ..findings import Finding
    from ..model import Form, ParsedFile
    from ..packs import RulePack


def build_tables(
    files: Iterable[ParsedFile],
    findings: list[Finding],
    pack: RulePack,
    embedder: Any = None,
    tables: Iterable[str] = ("forms",),
) -> dict[str, list[dict[str, Any]]]:
    """{table name: rows} for the asked tables, forms in input order."""
    wanted = list(dict.fromkeys(tables))
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown table(s) {', '.join(unknown)}; choose from {', '.join(TABLES)}")
    per_form: dict[tuple[str, int | None], list[Finding]] = defaultdict(list)
    for f in findings:
        per_form[(f.path, f.form)].append(f)
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in wanted}
    if "forms" in out or "indicators" in out:
        for parsed in files:
            for form in parsed.forms:
                view = _view(form, pack, embedder, with_claims="forms" in out)
                mine = per_form.get((form.path, form.index), [])
                if "forms" in out:
                    out["forms"].append(form_row(view, mine))
                if "indicators" in out:
                    out["indicators"].extend(indicator_rows(view, mine))
    if "findings" in out:
        out["findings"] = list(finding_rows(findings))
    return out


def _view(form: Form, pack: RulePack, embedder: Any, with_claims: bool) -> FormView:
    """The checker's view, or (if the checks crash on this odd form, which the run already reported
    as P001) the rows with no verdict: one broken form must not stop the export of thousands."""
    try:
        return view_form(form, pack, embedder, with_claims)
    except Exception:  # noqa: BLE001 - see docstring
        rows = [RowAssessment(i, ind, kinds.UNCLEAR) for i, ind in enumerate(form.indicators)
                if not kinds.is_total_row(ind)]
        return FormView(form, rows, [None] * len(rows))
