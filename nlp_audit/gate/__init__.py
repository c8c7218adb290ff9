"""The gate: filters between the checks and the report that let a team adopt the tool step by step.

A baseline (``--write-baseline`` / ``--baseline``) holds back the findings a batch already had; a
suppressions file holds back findings an auditor has judged, each with its reason and perhaps an
expiry date. Both match on what a finding *is* (fingerprint, rule, root-relative path, project,
indicator), never on where it sits, and the summary says how many were held back and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..report.records import RunResult
from .baseline import Baseline, BaselineError, read_baseline, write_baseline
from .suppressions import SuppressionError, Suppressions, read_suppressions

__all__ = ["Baseline", "BaselineError", "Gate", "SuppressionError", "Suppressions", "read_baseline",
           "read_suppressions", "write_baseline"]


@dataclass(slots=True)
class Gate:
    """Applies a baseline and suppressions to a finished run (``pipeline.run(gate=...)``)."""

    baseline: Baseline | None = None
    suppressions: Suppressions | None = None
    today: dt.date | None = None

    def __call__(self, result: RunResult) -> None:
        held = self.baseline.matcher() if self.baseline is not None else None
        today = self.today or dt.date.today()
        active = self.suppressions.active(today) if self.suppressions is not None else None
        if self.suppressions is not None:
            result.gate.expired.extend(self.suppressions.expired(today))

        def keep(f, key: str) -> bool:
            if held is not None and held(f):
                result.gate.baselined += 1
                return False
            if active is not None:
                entry = active.match(f, key)
                if entry is not None:
                    result.gate.suppressed[entry.reason] += 1
                    return False
            return True

        for fr in result.files:
            fr.findings = [f for f in fr.findings if keep(f, fr.key)]
        result.batch_findings = [f for f in result.batch_findings if keep(f, "")]
