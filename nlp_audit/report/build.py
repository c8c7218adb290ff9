"""ParsedFile + its findings -> FileReport: locate, anchor, fingerprint and order, then drop the text."""

from __future__ import annotations

from ..findings import SEVERITY_RANK, Finding
from ..model import ParsedFile
from .locate import LineIndex, locate_findings
from .records import FileReport, RunMeta
from .views import anchor, form_view


def _order_key(f: Finding) -> tuple:
    """Forms in order, the file's own findings first; inside a form, findings in text order,
    those with no place of their own (a total, a missing part) last."""
    placed = f.start is not None or f.line is not None
    return (f.form is not None, f.form or 0, not placed, f.line or 0, f.start or 0,
            -SEVERITY_RANK[f.severity], f.rule)


def file_report(parsed: ParsedFile, findings: list[Finding], key: str, meta: RunMeta | None = None) -> FileReport:
    """The report record of one file; ``findings`` are this file's (any order)."""
    ordered = sorted(findings, key=_order_key)
    locate_findings(parsed, ordered)
    forms = {form.index: form for form in parsed.forms}
    for f in ordered:
        form = forms.get(f.form) if f.form is not None else None
        if form is not None:
            f.anchor = anchor(f, form)
        if meta is not None and not f.title_zh:
            f.title_zh = meta.rule(f.rule, f).title_zh
        f.seal(key)
    index = LineIndex(parsed.text) if parsed.text and parsed.forms else None
    unreadable = None
    if not parsed.forms:
        unreadable = parsed.errors[0].message if parsed.errors else ""
    return FileReport(
        path=parsed.path,
        key=key,
        forms=[form_view(form, index) for form in parsed.forms],
        findings=ordered,
        unreadable=unreadable,
        source_map=parsed.source_map,
    )


def batch_findings(findings: list[Finding], meta: RunMeta | None = None) -> list[Finding]:
    """Batch findings (no file) with their titles and fingerprints (keyed on no path)."""
    for f in findings:
        if meta is not None and not f.title_zh:
            f.title_zh = meta.rule(f.rule, f).title_zh
        f.seal("")
    return findings
