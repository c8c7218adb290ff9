"""Baselines: the findings a batch had when the gate was adopted, recorded by fingerprint.

``write_baseline`` stores every finding of a run (fingerprint and, for people reviewing the
file's diff, rule, path, project and indicator); ``--baseline FILE`` then reports only findings
not in it. Matching is by fingerprint with counts: a baseline that holds a fingerprint twice
absorbs two such findings, a third one is new.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..report.records import RunResult

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be used (names the file and the reason)."""


@dataclass(slots=True)
class Baseline:
    counts: Counter[str] = field(default_factory=Counter)

    def matcher(self) -> Callable[[Finding], bool]:
        """A predicate that absorbs each baselined fingerprint as many times as it was recorded."""
        left = Counter(self.counts)

        def held(f: Finding) -> bool:
            if left[f.fingerprint] > 0:
                left[f.fingerprint] -= 1
                return True
            return False

        return held


class BaselineRecorder:
    """Baseline entries added up as file reports go by (a streamed run holds no files at the end):
    one entry per fingerprint with its count. A fingerprint includes the file's key, so one file's
    findings never share an entry with another's."""

    def __init__(self) -> None:
        self._grouped: dict[str, dict] = {}

    def add(self, findings: Iterable[Finding], key: str) -> None:
        for f in findings:
            entry = self._grouped.get(f.fingerprint)
            if entry is None:
                self._grouped[f.fingerprint] = {"fingerprint": f.fingerprint, "rule": f.rule, "path": key,
                                                "project": f.project, "indicator": f.indicator, "count": 1}
            else:
                entry["count"] += 1

    def entries(self) -> list[dict]:
        return sorted(self._grouped.values(), key=lambda e: (e["path"], e["rule"], e["fingerprint"]))


def baseline_of(result: RunResult) -> list[dict]:
    """The baseline entries of a run's findings (files', then the batch's)."""
    recorder = BaselineRecorder()
    for fr in result.files:
        recorder.add(fr.findings, fr.key)
    recorder.add(result.batch_findings, "")
    return recorder.entries()


def write_baseline(path: str | Path, result: RunResult, recorder: BaselineRecorder | None = None) -> int:
    """Write the baseline of every finding of ``result`` (of ``recorder`` when the run streamed and
    recorded its findings as they went); returns how many findings it holds."""
    entries = recorder.entries() if recorder is not None else baseline_of(result)
    tool = f"nlp-audit {result.meta.tool_version}"
    doc = {"version": BASELINE_VERSION, "tool": tool, "findings": entries}
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return sum(e["count"] for e in entries)


def read_baseline(path: str | Path) -> Baseline:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: no such file (write one with --write-baseline)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not JSON: {exc.msg} (line {exc.lineno})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"{path}: not an nlp-audit baseline (no 'findings' list)")
    if doc.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {doc.get('version')!r}, expected {BASELINE_VERSION}")
    counts: Counter[str] = Counter()
    for i, entry in enumerate(doc["findings"]):
        fp = entry.get("fingerprint") if isinstance(entry, dict) else None
        count = entry.get("count", 1) if isinstance(entry, dict) else None
        if not isinstance(fp, str) or not fp or not isinstance(count, int) or count < 1:
            raise BaselineError(f"{path}: findings[{i}]: needs a 'fingerprint' string and a positive 'count'")
        counts[fp] += count
    return Baseline(counts)
