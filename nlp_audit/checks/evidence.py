"""Exact evidence for findings: the raw text of a row, a cell or a funds line, quoted from the input.

Findings must quote the input as printed (auditors search for it, fingerprints hash it), so the
text is sliced from ``form.text`` by the parser's source offsets; only when a form was built in
code without offsets is the row re-assembled from its cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..findings import Finding
    from ..model import Form, FundsRow, Indicator, Source
    from .registry import FormContext


def span_text(form: Form, source: Source | None) -> str | None:
    """The input text a Source points at, or None when offsets are missing or out of range."""
    if source is None or source.start is None or source.end is None:
        return None
    start = source.start - form.text_offset
    end = source.end - form.text_offset
    if start < 0 or end > len(form.text) or end <= start:
        return None
    text = form.text[start:end].strip()
    return text or None


def row_text(form: Form, ind: Indicator) -> str:
    """The indicator's row as printed (name, target, actual, 分值, 得分 ...)."""
    text = span_text(form, ind.source)
    if text:
        return text
    parts = [ind.name, ind.target.text, ind.actual.text, ind.weight_text or "", ind.score_text or ""]
    return "\t".join(p for p in parts if p)


def row_finding(ctx: FormContext, code: str, ind: Indicator, message: str, **details: Any) -> Finding:
    """A finding about one indicator row, quoting the row as printed (most A, S and D rules)."""
    return ctx.finding(code, message, row_text(ctx.form, ind), indicator=ind, **details)


def reason_text(form: Form, ind: Indicator) -> str:
    """The 偏差原因 cell as printed."""
    return span_text(form, ind.reason_source) or (ind.reason or "").strip()


def funds_text(form: Form, row: FundsRow) -> str:
    """A funds row as printed (label and amounts)."""
    text = span_text(form, row.source)
    if text:
        return text
    cells = [row.budget_initial, row.budget_full_year, row.executed, row.weight, row.rate, row.score]
    nums = ["" if v is None else f"{v:g}" for v in cells]
    if row.rate_text:
        nums[4] = row.rate_text
    if row.score_text:
        nums[5] = row.score_text
    return "\t".join([row.label, *nums]).rstrip()
