"""The Finding type, severities, stable fingerprints and the select/ignore/fail-on filters."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
FIELDS = ("header", "funds", "goal", "actual", "indicator", "form", "batch")


@dataclass(slots=True)
class Finding:
    """One thing the checker found, with everything an auditor needs to verify it.

    ``evidence`` is exact text from the input; ``start``/``end`` are its offsets in the file text
    when known. ``expected``/``actual``/``formula`` are filled where numbers are involved.
    ``reasons`` explain how the verdict was reached (Presidio-style explanation).

    ``column``/``end_line``/``end_column`` (1-based, end exclusive, in characters of the extracted
    text) and ``native`` (sheet!cell, table/row/cell or page of .xlsx/.docx/.pdf inputs) are
    filled by the pipeline once the finding is made (``report.locate``); ``anchor`` says where in
    the parsed form the HTML report highlights it and is not part of the JSON contract.
    """

    rule: str
    name: str
    severity: str
    field: str
    message: str
    evidence: str = ""
    path: str = ""
    form: int | None = None
    project: str | None = None
    indicator: str | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None
    expected: Any = None
    actual: Any = None
    formula: str | None = None
    reasons: list[str] = field(default_factory=list)
    fingerprint: str = ""
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    native: dict[str, Any] | None = None
    title_zh: str = ""
    anchor: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.field not in FIELDS:
            raise ValueError(f"unknown field {self.field!r}")

    def seal(self, key: str | None = None) -> Finding:
        """Compute the fingerprint: stable across runs for the same finding in the same file.

        Built from ``key`` (the file's path relative to the run's root, which the pipeline gives;
        the file name alone when None), the rule, the project name (the form's index only when the form has none), the
        indicator and the evidence without whitespace. Never from offsets, line numbers, the form's
        position or the message: rows reordered, whitespace reflowed, forms added before it, other
        files changed or messages reworded all keep a baseline valid; a different rule, indicator
        or evidence is a different finding.
        """
        self.fingerprint = fingerprint(
            self.path.replace("\\", "/").rsplit("/", 1)[-1] if key is None else key,
            self.rule,
            self.project if self.project else ("" if self.form is None else f"#{self.form}"),
            self.indicator or "",
            self.evidence,
        )
        self.expected, self.actual = _finite(self.expected), _finite(self.actual)
        return self

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "form": self.form,
            "project": self.project,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "field": self.field,
            "indicator": self.indicator,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
            "formula": self.formula,
            "reasons": list(self.reasons),
            "fingerprint": self.fingerprint,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "native": self.native,
            "title_zh": self.title_zh,
        }


def fingerprint(path_key: str, rule: str, form_key: str, indicator: str, evidence: str) -> str:
    """16 hex digits of SHA-1 over the identity of a finding (see ``Finding.seal``)."""
    text = "\x1f".join([path_key, rule, "".join(form_key.split()), "".join(indicator.split()), "".join(evidence.split())])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _finite(value: Any) -> Any:
    """``value`` with infinities and NaN (in lists and dicts too) as None: strict JSON has neither,
    spreadsheets refuse them, and a check comparing with one has nothing to say to an auditor."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return type(value)(_finite(v) for v in value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def parse_codes(spec: str | Iterable[str] | None) -> list[str]:
    """'C001,S' or ['C001', 'S'] -> ['C001', 'S'] (a prefix selects a whole family)."""
    if spec is None:
        return []
    items = [spec] if isinstance(spec, str) else list(spec)
    out: list[str] = []
    for item in items:
        out.extend(p.strip().upper() for p in item.split(",") if p.strip())
    return out


def code_matches(code: str, patterns: list[str]) -> bool:
    return any(code.startswith(p) for p in patterns)


def filter_findings(findings: Iterable[Finding], select: list[str], ignore: list[str]) -> list[Finding]:
    out = []
    for f in findings:
        if select and not code_matches(f.rule, select):
            continue
        if ignore and code_matches(f.rule, ignore):
            continue
        out.append(f)
    return out


def at_or_above(findings: Iterable[Finding], level: str) -> bool:
    """True when any finding is at or above ``level`` ('never' is never reached)."""
    if level == "never":
        return False
    threshold = SEVERITY_RANK[level]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
