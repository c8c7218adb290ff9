"""`--format json`: one JSON object for the whole run.

Shape (additive changes only; ``version`` changes when a key changes meaning or disappears)::

    {
      "version": 1,                          # report schema version
      "tool": {"name": "nlp-audit", "version": "0.1.0"},
      "pack": "default",                     # rule pack the run used
      "summary": {
        "files": 3, "forms": 4, "findings": 12,
        "by_severity": {"error": 3, "warning": 7, "info": 2},
        "by_rule": {"C001": 2, "S002": 1, ...},          # sorted by code
        "unreadable_files": [{"path": "...", "reason": "无法读取文件: ..."}],
        "skipped": {"lock": 1, "special": 0, "excluded": 2},   # files not read (only non-zero counts)
        "gate": {"baselined": 4, "suppressed": 2, "suppressed_by_reason": {"reason": 2},
                 "expired_suppressions": []}
      },
      "rules": [{"code", "name", "title_zh", "severity", "enabled", "field", "summary", "summary_zh"}],
                                             # the pack's effective rule metadata
      "forms": [                             # one entry per form (and per unreadable file)
        {"path", "form", "project", "kind", "department", "unit", "year", "indicators",
         "total_score", "grade", "findings", "error", "warning", "info", "rules", "note"}
      ],
      "findings": [ Finding.to_json(), ... ]  # SPEC §4 fields, the same objects as jsonl
    }
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .common import SCHEMA_VERSION, form_rows, iter_form_rows, summary, tool_version


def _parts(result: Any, rows: Iterable[dict], findings: Iterable[dict]) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "nlp-audit", "version": tool_version(result)},
        "pack": result.pack,
        "summary": summary(result),
        "rules": [meta.to_json() for meta in result.meta.rules.values()],
        "forms": rows,
        "findings": findings,
    }


def report(result: Any) -> dict:
    """The report as one dict (a run held in memory: the gate service's answer)."""
    return _parts(result, form_rows(result), [f.to_json() for f in result.findings])


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def write(result: Any, out: IO[bytes], **_: Any) -> None:
    """Indented head and summary, then one compact object per line for forms and findings.

    Still one JSON document, but diffable line by line and ~5x faster than indenting 10,000
    findings (json's C encoder only runs without ``indent``). Forms and findings are written one
    file at a time from the run's records, never held as one list.
    """
    data = _parts(result, iter_form_rows(result), (f.to_json() for f in result.iter_findings()))
    out.write(b"{\n")
    keys = list(data)
    for i, key in enumerate(keys):
        value = data[key]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(value, (list, Iterator)):
            _array(out, key, iter(value), comma)
        else:
            body = _dumps(value, indent=1).replace("\n", "\n ")
            out.write(f' "{key}": {body}{comma}\n'.encode())
    out.write(b"}\n")


def _array(out: IO[bytes], key: str, items: Iterator[Any], comma: str) -> None:
    first = next(items, _NONE)
    if first is _NONE:
        out.write(f' "{key}": []{comma}\n'.encode())
        return
    out.write(f' "{key}": [\n  '.encode() + _dumps(first).encode())
    for item in items:
        out.write(b",\n  " + _dumps(item).encode())
    out.write(f"\n ]{comma}\n".encode())


_NONE = object()
