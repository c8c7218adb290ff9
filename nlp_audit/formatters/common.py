"""What several formatters share: the run summary, findings grouped per form, per-form rows.

One definition of "summary" and of the grouping keeps text, JSON, HTML and the workbook telling
the same story. Order is deterministic: files in the order the run read them, forms by index,
file-level problems (no form) first, batch findings that name no file last, and inside
a group findings in the order of the text they point at.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..findings import SEVERITIES, SEVERITY_RANK, Finding

SEVERITY_ORDER = tuple(reversed(SEVERITIES))  # error, warning, info
SCHEMA_VERSION = 1  # version of the json report shape; bump only on incompatible change


def tool_version() -> str:
    from .. import __version__

    return __version__


@dataclass(slots=True)
class FormGroup:
    """Findings of one form (``form`` None: the file itself, e.g. unreadable; path '': the batch)."""

    path: str
    form: int | None
    project: str | None = None
    kind: str | None = None
    form_obj: Any = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_batch(self) -> bool:
        return self.path == ""

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in SEVERITY_ORDER}


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {s: c.get(s, 0) for s in SEVERITY_ORDER}


def unreadable(result: Any) -> list[dict[str, str]]:
    """[{path, reason}] for files that gave no form at all, reason from their first P001."""
    out = []
    for pf in result.unreadable_files:
        reason = pf.errors[0].message if pf.errors else ""
        out.append({"path": pf.path, "reason": reason})
    return out


def summary(result: Any) -> dict[str, Any]:
    """The numbers every format prints: files, forms, findings by severity and rule, unreadable."""
    findings = result.findings
    by_rule = Counter(f.rule for f in findings)
    return {
        "files": len(result.files),
        "forms": result.form_count,
        "findings": len(findings),
        "by_severity": severity_counts(findings),
        "by_rule": {code: by_rule[code] for code in sorted(by_rule)},
        "unreadable_files": unreadable(result),
        "skipped_files": [{"path": s.path, "reason": s.reason} for s in getattr(result, "skipped", [])],
    }


def _order_key(f: Finding) -> tuple:
    return (f.start is None and f.line is None, f.line or 0, f.start or 0, -SEVERITY_RANK[f.severity], f.rule)


def groups(result: Any) -> list[FormGroup]:
    """Findings grouped per (file, form), every form present even without findings."""
    table: dict[tuple[str, int | None], FormGroup] = {}
    for pf in result.files:
        if pf.errors or not pf.forms:
            table[(pf.path, None)] = FormGroup(pf.path, None)
        for form in pf.forms:
            table[(pf.path, form.index)] = FormGroup(pf.path, form.index, form.project, form.kind, form)
    batch = FormGroup("", None)
    for f in result.findings:
        if not f.path:  # batch statistics about no file in particular
            batch.findings.append(f)
            continue
        key = (f.path, f.form)
        group = table.get(key)
        if group is None:
            group = table[key] = FormGroup(f.path, f.form, f.project)
        if group.project is None and f.project:
            group.project = f.project
        group.findings.append(f)
    rank = {pf.path: i for i, pf in enumerate(result.files)}
    ordered = sorted(
        table.values(), key=lambda g: (rank.get(g.path, len(rank)), g.path, g.form is not None, g.form or 0)
    )
    for g in ordered:
        g.findings.sort(key=_order_key)
    if batch.findings:
        ordered.append(batch)
    return ordered


def form_rows(result: Any) -> list[dict[str, Any]]:
    """One row per form (and per unreadable file): the per-form view auditors sort and filter."""
    rows = []
    reasons = {u["path"]: u["reason"] for u in unreadable(result)}
    for g in groups(result):
        if g.path == "":
            continue
        form = g.form_obj
        if g.form is None and g.path not in reasons and not g.findings:
            continue
        counts = g.counts()
        total_indicators = len(form.indicators) if form is not None else None
        rows.append(
            {
                "path": g.path,
                "form": g.form,
                "project": g.project,
                "kind": (form.kind if form is not None else ("unreadable" if g.path in reasons else "file")),
                "department": form.department if form is not None else None,
                "unit": form.unit if form is not None else None,
                "year": form.year if form is not None else None,
                "indicators": total_indicators,
                "total_score": form.total_score if form is not None else None,
                "grade": form.grade if form is not None else None,
                "findings": len(g.findings),
                **counts,
                "rules": sorted({f.rule for f in g.findings}),
                "note": reasons.get(g.path) if g.form is None else None,
            }
        )
    return rows


def scalar(value: Any) -> str:
    """expected/actual as short text for tables: numbers without float noise, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(scalar(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={scalar(v)}" for k, v in value.items())
    return str(value)


def numbers(f: Finding) -> list[tuple[str, str]]:
    """('expected' | 'actual' | 'formula', text) for those a finding has, in that order (text, html)."""
    out = [(key, scalar(value)) for key, value in (("expected", f.expected), ("actual", f.actual)) if value is not None]
    if f.formula:
        out.append(("formula", f.formula))
    return out
