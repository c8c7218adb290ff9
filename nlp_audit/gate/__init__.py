"""The gate: filters between the checks and the report that let a team adopt the tool step by step.

A baseline (``--write-baseline`` / ``--baseline``) holds back the findings a batch already had; a
suppressions file holds back findings an auditor has judged, each with its reason and perhaps an
expiry date. Both match on what a finding *is* (fingerprint, rule, root-relative path, project,
indicator), never on where it sits, and the summary says how many were held back and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..findings import Finding
from ..report.records import GateStats, RunResult
from .baseline import Baseline, BaselineError, BaselineRecorder, read_baseline, write_baseline
from .suppressions import SuppressionError, Suppressions, read_suppressions

__all__ = ["Baseline", "BaselineError", "BaselineRecorder", "Gate", "SuppressionError", "Suppressions", "read_baseline",
           "read_suppressions", "write_baseline"]


@dataclass(slots=True)
class Gate:
    """Applies a baseline and suppressions to a run: file by file as the run goes (``session``),
    or to a finished run (``Gate(...)(result)``); both hold back the same findings."""

    baseline: Baseline | None = None
    suppressions: Suppressions | None = None
    today: dt.date | None = None

    def session(self, stats: GateStats) -> Callable[[list[Finding], str], list[Finding]]:
        """A filter for one run: (a file's findings, its root-relative key; '' for the batch) -> the
        findings to report; what it holds back is counted in ``stats``. A baselined fingerprint is
        absorbed as many times as the baseline holds it, in report order."""
        held = self.baseline.matcher() if self.baseline is not None else None
        today = self.today or dt.date.today()
        active = self.suppressions.active(today) if self.suppressions is not None else None
        if self.suppressions is not None:
            stats.expired.extend(self.suppressions.expired(today))

        def keep(f: Finding, key: str) -> bool:
            if held is not None and held(f):
                stats.baselined += 1
                return False
            if active is not None:
                entry = active.match(f, key)
                if entry is not None:
                    stats.suppressed[entry.reason] += 1
                    return False
            return True

        return lambda findings, key: [f for f in findings if keep(f, key)]

    def __call__(self, result: RunResult) -> None:
        apply = self.session(result.gate)
        for fr in result.files:
            fr.findings = apply(fr.findings, fr.key)
        result.batch_findings = apply(result.batch_findings, "")
