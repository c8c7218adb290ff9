"""What the checker concluded about one form, for the tables: row verdicts, categories, claims.

The run result keeps the forms and the findings but not the per-form intermediate answers the
checks worked from (the row assessment, the NLP claims). They are asked again here through the
checks' own form analysis (nlp/analysis.py: its row verdicts and claims) and categories, with the
run's pack and embedder, so a table says exactly what the checker saw and no verdict is re-implemented.
The claims pass costs about a millisecond per form and runs only for the forms table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..checks import indicator_kinds as kinds
from ..checks.assess import RowAssessment
from ..nlp.analysis import FormAnalysis

if TYPE_CHECKING:
    from ..model import Form
    from ..packs import RulePack

CLAIM_VERDICTS = ("supported", "contradicted", "unsupported")


@dataclass(slots=True)
class FormView:
    form: Form
    rows: list[RowAssessment]  # every indicator row but the 合计/总分 lines, in table order
    categories: list[str | None]  # the 一级 block each row counts toward: output | benefit | satisfaction
    claims: list[Any] = field(default_factory=list)  # judged claims of both narratives (nlp.analysis.Claim)


def view_form(form: Form, pack: RulePack, embedder: Any = None, with_claims: bool = False) -> FormView:
    """The checker's reading of ``form`` under ``pack`` (claims only when asked: they need the NLP pass)."""
    analysis = FormAnalysis(form, pack, embedder)
    rows = analysis.rows.rows
    view = FormView(form, rows, kinds.categories([ra.ind for ra in rows], pack))
    if with_claims:
        view.claims = [c for c in analysis.claims if c.verdict in CLAIM_VERDICTS]
    return view
