"""`--format jsonl`: one Finding.to_json() per line (SPEC §4), nothing else - written as files finish.

Each file's findings are written when the file is done; the batch findings (B rules, which need
every form) come last, a line at a time (at 50,000 forms they are megabytes of quoted places, and
one joined block of them was two more copies in memory). A run killed midway leaves whole lines
for the files it finished.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..findings import Finding
from ..report.records import FileReport, RunMeta, RunResult


def _lines(findings: Iterable[Finding]) -> bytes:
    return "".join(json.dumps(f.to_json(), ensure_ascii=False, default=str) + "\n" for f in findings).encode("utf-8")


class Stream:
    def __init__(self, meta: RunMeta, **_: Any) -> None:
        self.meta = meta

    def head(self) -> bytes:
        return b""

    def file(self, report: FileReport) -> bytes:
        return _lines(report.findings)

    def tail(self, result: RunResult) -> Iterator[bytes]:
        return (_lines([f]) for f in result.batch_findings)
