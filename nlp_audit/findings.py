"""The Finding type, severities, stable fingerprints and the select/ignore/fail-on filters."""

from __future__ import annotations

import hashlib
import math
import os
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

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.field not in FIELDS:
            raise ValueError(f"unknown field {self.field!r}")

    def seal(self) -> Finding:
        """Compute the fingerprint: stable across runs for the same finding in the same file.

        Built from the file name, form index, rule, indicator and evidence, never from offsets or
        messages, so rewording a message or reflowing a file keeps baselines valid.
        """
        key = "\x1f".join(
            [
                os.path.basename(self.path),
                str(self.form),
                self.rule,
                self.indicator or "",
                "".join(self.evidence.split()),
            ]
        )
        self.fingerprint = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
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
        }


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
