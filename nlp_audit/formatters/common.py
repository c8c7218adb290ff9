"""What several formatters share: the run summary, findings grouped per form, per-form rows, and
repeated findings collapsed for people.

One definition of "summary" and of the grouping keeps text, JSON, HTML and the workbook telling
the same story. Order is deterministic: files in the order the run read them, forms by index,
file-level problems (no form) first, batch findings that name no file last, and inside a group
findings in the order of the text they point at. Everything is read from the RunResult's records
(``FileReport``, ``RunMeta``, ``RunTotals``): no formatter reloads a pack or re-reads a file. Run-wide
numbers come from the totals and per-file views from one file at a time, so a run whose records
are spooled on disk renders in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..findings import SEVERITIES, Finding
from ..report.records import FileReport, FormView, RunResult

SEVERITY_ORDER = tuple(reversed(SEVERITIES))  # error, warning, info
SCHEMA_VERSION = 1  # version of the json report shape; bump only on incompatible change


def tool_version(result: RunResult | None = None) -> str:
    if result is not None and result.meta.tool_version:
        return result.meta.tool_version
    from .. import __version__

    return __version__


@dataclass(slots=True)
class FormGroup:
    """Findings of one form (``form`` None: the file itself, e.g. unreadable; path '': the batch)."""

    path: str
    form: int | None
    project: str | None = None
    kind: str | None = None
    view: FormView | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_batch(self) -> bool:
        return self.path == ""

    def counts(self) -> dict[str, int]:
        return severity_counts(self.findings)


@dataclass(slots=True)
class Repeated:
    """Findings of one rule on one form shown together: the first stands for all (people see one
    line with a count and the places; machine formats keep one object per finding)."""

    findings: list[Finding]

    @property
    def first(self) -> Finding:
        return self.findings[0]

    def __len__(self) -> int:
        return len(self.findings)


def collapse(findings: list[Finding]) -> list[Repeated]:
    """Findings of one form, those of a rule that fires more than once merged into one item (at
    the place of its first occurrence); order otherwise kept."""
    by_rule: dict[str, Repeated] = {}
    out: list[Repeated] = []
    for f in findings:
        item = by_rule.get(f.rule)
        if item is None:
            item = by_rule[f.rule] = Repeated([f])
            out.append(item)
        else:
            item.findings.append(f)
    return out


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    c = dict.fromkeys(SEVERITY_ORDER, 0)
    for f in findings:
        c[f.severity] += 1
    return c


def unreadable(result: RunResult) -> list[dict[str, str]]:
    """[{path, reason}] for files that gave no form at all, reason from their first P001."""
    return [{"path": path, "reason": reason or ""} for path, reason in result.totals.unreadable]


def summary(result: RunResult) -> dict[str, Any]:
    """The numbers every format prints: files, forms, findings by severity and rule, unreadable
    files, what was skipped and what the gate (baseline, suppressions) held back."""
    totals = result.totals
    return {
        "files": totals.files,
        "forms": totals.forms,
        "findings": totals.findings,
        "by_severity": {s: totals.by_severity.get(s, 0) for s in SEVERITY_ORDER},
        "by_rule": {code: totals.by_rule[code] for code in sorted(totals.by_rule)},
        "unreadable_files": [{"path": path, "reason": reason or ""} for path, reason in totals.unreadable],
        "skipped": {k: result.skipped[k] for k in sorted(result.skipped) if result.skipped[k]},
        "gate": result.gate.to_json(),
    }


def file_groups(fr: FileReport) -> list[FormGroup]:
    """One file's findings grouped per form, every form present even without findings."""
    table: dict[int | None, FormGroup] = {}
    if fr.unreadable is not None or any(f.form is None for f in fr.findings):
        table[None] = FormGroup(fr.path, None)
    for view in fr.forms:
        table[view.index] = FormGroup(fr.path, view.index, view.project, view.kind, view)
    for f in fr.findings:
        group = table.get(f.form)
        if group is None:
            group = table[f.form] = FormGroup(fr.path, f.form, f.project)
        if group.project is None and f.project:
            group.project = f.project
        group.findings.append(f)
    return sorted(table.values(), key=lambda g: (g.form is not None, g.form or 0))


def batch_group(result: RunResult) -> FormGroup | None:
    """The batch findings as one group (path ''), or None when there are none."""
    return FormGroup("", None, findings=list(result.batch_findings)) if result.batch_findings else None


def iter_groups(result: RunResult) -> Iterator[FormGroup]:
    """Findings grouped per (file, form) in report order, then the batch's; one file read at a time."""
    for fr in result.files:
        yield from file_groups(fr)
    batch = batch_group(result)
    if batch is not None:
        yield batch


def groups(result: RunResult) -> list[FormGroup]:
    """``iter_groups`` as a list."""
    return list(iter_groups(result))


def file_form_rows(fr: FileReport) -> list[dict[str, Any]]:
    """One row per form of a file (and one for the file when it is unreadable or has file-level
    findings): the per-form view auditors sort and filter."""
    rows = []
    for g in file_groups(fr):
        view = g.view
        unread = fr.unreadable is not None
        if g.form is None and not unread and not g.findings:
            continue
        rows.append(
            {
                "path": g.path,
                "form": g.form,
                "project": g.project,
                "kind": (view.kind if view is not None else ("unreadable" if unread else "file")),
                "department": view.department if view is not None else None,
                "unit": view.unit if view is not None else None,
                "year": view.year if view is not None else None,
                "indicators": view.indicators if view is not None else None,
                "total_score": view.total_score if view is not None else None,
                "grade": view.grade if view is not None else None,
                "findings": len(g.findings),
                **g.counts(),
                "rules": sorted({f.rule for f in g.findings}),
                "note": (fr.unreadable or "") if g.form is None and unread else None,
            }
        )
    return rows


def iter_form_rows(result: RunResult) -> Iterator[dict[str, Any]]:
    for fr in result.files:
        yield from file_form_rows(fr)


def form_rows(result: RunResult) -> list[dict[str, Any]]:
    """One row per form (and per unreadable file), in report order."""
    return list(iter_form_rows(result))


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


def position(f: Finding) -> str:
    """'line:column' of a finding in the extracted text ('' when it has none: batch findings)."""
    if f.line is None:
        return ""
    return f"{f.line}:{f.column or 1}"
