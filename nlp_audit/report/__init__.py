"""Report records: what a run hands the formatters (see records.py), built per file (build.py)."""

from .records import FileReport, FormView, GateStats, RuleMeta, RunMeta, RunResult

__all__ = ["FileReport", "FormView", "GateStats", "RuleMeta", "RunMeta", "RunResult"]
