"""What the formatters read: per-file records that hold no parsed text, and run-level metadata.

A run produces one ``FileReport`` per input file (display path, root-relative key, source map,
a slim view of each form, the file's findings) plus ``RunMeta`` (tool version, pack name and the
effective rule metadata of that pack), the batch findings, the skip counts and what the gate
filters removed. Formatters are fed by ``RunResult`` alone and never reload a pack or re-read a
file; the records are small and independent per file so a later step can stream them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..findings import Finding
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
class RunResult:
    """Everything one run produced, as the formatters read it.

    ``parsed`` keeps the parsed files for in-process consumers (batch checks, research exports,
    benchmarks); no formatter reads it, and a result built without it renders the same.
    """

    files: list[FileReport] = field(default_factory=list)
    batch_findings: list[Finding] = field(default_factory=list)
    meta: RunMeta = field(default_factory=RunMeta)
    skipped: Counter[str] = field(default_factory=Counter)
    gate: GateStats = field(default_factory=GateStats)
    root: str = ""
    parsed: list[ParsedFile] = field(default_factory=list)

    @property
    def pack(self) -> str:
        return self.meta.pack

    @property
    def findings(self) -> list[Finding]:
        """Every finding in report order: per file (file-level, then forms), then the batch's."""
        out = [f for fr in self.files for f in fr.findings]
        out.extend(self.batch_findings)
        return out

    @property
    def form_count(self) -> int:
        return sum(len(fr.forms) for fr in self.files)

    @property
    def unreadable_files(self) -> list[FileReport]:
        return [fr for fr in self.files if fr.unreadable is not None]
