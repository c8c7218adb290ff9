"""What the formatters read: per-file records that hold no parsed text, and run-level metadata.

A run produces one ``FileReport`` per input file (display path, root-relative key, source map,
a slim view of each form, the file's findings) plus ``RunMeta`` (tool version, pack name and the
effective rule metadata of that pack), the batch findings, the skip counts and what the gate
filters removed. Formatters are fed by ``RunResult`` alone and never reload a pack or re-read a
file; the records are small and independent per file so a later step can stream them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from ..findings import SEVERITY_RANK, Finding
from ..sourcemap import SourceMap

if TYPE_CHECKING:
    from ..model import ParsedFile
    from ..packs import RulePack


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """One rule as this run's pack configured it (severity and enabled are the pack's)."""

    code: str
    name: str
    title_zh: str
    summary: str  # English, the docstring's first line
    summary_zh: str
    why_zh: str
    severity: str
    field: str
    enabled: bool = True
    source: str = ""

    def title(self, lang: str) -> str:
        from ..checks.rule_text import title_en

        return self.title_zh if lang == "zh" and self.title_zh else title_en(self.name)

    def summary_in(self, lang: str) -> str:
        return self.summary_zh if lang == "zh" and self.summary_zh else self.summary

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "title_zh": self.title_zh, "severity": self.severity,
                "enabled": self.enabled, "field": self.field, "summary": self.summary,
                "summary_zh": self.summary_zh}


@dataclass(slots=True)
class RunMeta:
    tool_version: str = ""
    pack: str = "default"
    rules: dict[str, RuleMeta] = field(default_factory=dict)

    def rule(self, code: str, finding: Finding | None = None) -> RuleMeta:
        """The rule's metadata; a code the pack and registry do not know (a plug-in's) from its finding."""
        meta = self.rules.get(code)
        if meta is not None:
            return meta
        name = finding.name if finding is not None else code
        severity = finding.severity if finding is not None else "warning"
        return RuleMeta(code, name, "", name, "", "", severity, finding.field if finding is not None else "form")

    @classmethod
    def for_pack(cls, pack: RulePack) -> RunMeta:
        """The effective metadata of every registered rule under ``pack``."""
        from .. import __version__
        from ..checks.registry import all_specs
        from ..checks.rule_text import ZH

        rules = {}
        for spec in all_specs():
            settings = pack.rule(spec.code)
            text = ZH.get(spec.code)
            rules[spec.code] = RuleMeta(
                code=spec.code,
                name=spec.name,
                title_zh=text.title if text else "",
                summary=spec.summary,
                summary_zh=text.summary if text else "",
                why_zh=text.why if text else "",
                severity=settings.severity if settings is not None else spec.severity,
                field=spec.field,
                enabled=settings.enabled if settings is not None else True,
                source=settings.source if settings is not None else "",
            )
        return cls(tool_version=__version__, pack=pack.name, rules=rules)


@dataclass(slots=True)
class FormView:
    """A form as the reports show it: header facts, counts, where its title is, and ``detail``
    (funds rows, narratives, indicator table as plain JSON) for the HTML per-form view."""

    index: int
    kind: str
    project: str | None = None
    department: str | None = None
    unit: str | None = None
    year: int | None = None
    layout: str = ""
    indicators: int = 0
    total_score: float | None = None
    grade: str | None = None
    title_line: int | None = None
    title_column: int | None = None
    detail: dict[str, Any] | None = None


@dataclass(slots=True)
class FileReport:
    """One input file after the run: what the formatters need and nothing of its text."""

    path: str  # as given or found by the walk (what the user sees)
    key: str = ""  # relative to the run's root, '/'-separated (fingerprints, suppressions)
    forms: list[FormView] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # file-level first, then per form
    unreadable: str | None = None  # why no form was read, when none was
    source_map: SourceMap | None = None  # native places (.xlsx/.docx/.pdf), None for text

    def to_record(self) -> dict[str, Any]:
        """Plain JSON for a spool (the source map is not kept: findings already carry their places)."""
        return {"path": self.path, "key": self.key, "unreadable": self.unreadable,
                "forms": [asdict(v) for v in self.forms],
                "findings": [{f.name: getattr(x, f.name) for f in _FINDING_FIELDS} for x in self.findings]}

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> FileReport:
        return cls(path=data["path"], key=data["key"], unreadable=data["unreadable"],
                   forms=[FormView(**v) for v in data["forms"]], findings=[Finding(**f) for f in data["findings"]])


_FINDING_FIELDS = fields(Finding)


@dataclass(slots=True)
class GateStats:
    """What the gate filters removed from the report (baseline, suppressions)."""

    baselined: int = 0
    suppressed: Counter[str] = field(default_factory=Counter)  # reason -> count
    expired: list[str] = field(default_factory=list)  # suppressions past their date (not applied)

    def to_json(self) -> dict[str, Any]:
        return {
            "baselined": self.baselined,
            "suppressed": sum(self.suppressed.values()),
            "suppressed_by_reason": dict(sorted(self.suppressed.items(), key=lambda kv: (-kv[1], kv[0]))),
            "expired_suppressions": list(self.expired),
        }


@dataclass(slots=True)
class RunTotals:
    """The numbers of a run's summary, added up as file reports go by.

    A streamed run hands each file's report to its writer and keeps only these; a run held in
    memory computes them from its files (``RunResult.totals``), so both summaries are the same.
    """

    files: int = 0
    forms: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_rule_severity: Counter[tuple[str, str]] = field(default_factory=Counter)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    first: dict[str, Finding] = field(default_factory=dict)  # the first finding of each rule

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def add_file(self, fr: FileReport) -> None:
        self.files += 1
        self.forms += len(fr.forms)
        if fr.unreadable is not None:
            self.unreadable.append((fr.path, fr.unreadable))
        self.add_findings(fr.findings)

    def add_findings(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self.by_severity[f.severity] += 1
            self.by_rule[f.rule] += 1
            self.by_rule_severity[(f.rule, f.severity)] += 1
            self.first.setdefault(f.rule, f)

    def at_or_above(self, level: str) -> bool:
        """True when a finding at or above ``level`` was reported ('never' is never reached)."""
        if level == "never":
            return False
        return any(n and SEVERITY_RANK[sev] >= SEVERITY_RANK[level] for sev, n in self.by_severity.items())

    @classmethod
    def of(cls, files: Iterable[FileReport], batch: Iterable[Finding] = ()) -> RunTotals:
        out = cls()
        for fr in files:
            out.add_file(fr)
        out.add_findings(batch)
        return out


@dataclass(slots=True)
class RunResult:
    """Everything one run produced, as the formatters read it.

    ``files`` is a list, or a re-readable sequence on disk (``report.spool.Spool``) when the run
    streamed its reports; ``streamed`` then holds the totals the run added up as it went, and
    ``batch_findings`` wait on disk too (``report.spool.FindingSpool``) until ``close``.
    ``parsed`` keeps the parsed files for in-process consumers (research exports, benchmarks);
    no formatter reads it, and a result built without it renders the same.
    """

    files: Sequence[FileReport] = field(default_factory=list)
    batch_findings: Sequence[Finding] = field(default_factory=list)
    meta: RunMeta = field(default_factory=RunMeta)
    skipped: Counter[str] = field(default_factory=Counter)
    gate: GateStats = field(default_factory=GateStats)
    root: str = ""
    parsed: list[ParsedFile] = field(default_factory=list)
    streamed: RunTotals | None = None

    @property
    def pack(self) -> str:
        return self.meta.pack

    def close(self) -> None:
        """Release what a streamed result keeps on disk (its batch findings); nothing for one held in memory."""
        close = getattr(self.batch_findings, "close", None)
        if close is not None:
            close()

    @property
    def totals(self) -> RunTotals:
        """The summary's numbers: as the streamed run added them up, else from the files held."""
        if self.streamed is not None:
            return self.streamed
        return RunTotals.of(self.files, self.batch_findings)

    def iter_findings(self) -> Iterable[Finding]:
        """Every finding in report order, one file at a time (a spooled run is read, never held)."""
        for fr in self.files:
            yield from fr.findings
        yield from self.batch_findings

    @property
    def findings(self) -> list[Finding]:
        """Every finding in report order: per file (file-level, then forms), then the batch's."""
        out = [f for fr in self.files for f in fr.findings]
        out.extend(self.batch_findings)
        return out

    @property
    def form_count(self) -> int:
        return self.totals.forms

    @property
    def unreadable_files(self) -> list[FileReport]:
        return [fr for fr in self.files if fr.unreadable is not None]
