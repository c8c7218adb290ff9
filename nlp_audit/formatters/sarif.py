"""`--format sarif`: SARIF 2.1.0, so findings land in code-scanning dashboards and editors.

rules come from the run result's rule metadata (code, name, summary, Chinese title, and the
default level the run's pack gave them - the pack is never reloaded here); each result carries
ruleId/ruleIndex, level (error|warning|note), the Chinese message, the file (relative paths stay
relative, with uriBaseId %SRCROOT%), a region with start/end line and column for every finding
with a file (form-level findings point at the form's title; character offset and length too when
known; columns in Unicode code points - columnKind says so), the native location (sheet!cell,
table/row/cell, page) as a logical location and in properties, and the finding fingerprint as a
partial fingerprint so dashboards track a finding across runs.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import quote

from .common import tool_version

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> tuple[str, bool]:
    """(uri, is_relative): percent-encoded, '/'-separated; absolute paths as file:// URIs."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri(), False
    return quote(PurePosixPath(*p.parts).as_posix() if p.parts else path, safe="/"), True


def _rules(result: Any) -> list[dict]:
    """rules[] from the run's own metadata: the effective severity of the pack the run used."""
    first = result.totals.first
    rules = []
    for code in sorted(set(result.meta.rules) | set(first)):
        meta = result.meta.rule(code, first.get(code))
        rules.append(
            {
                "id": code,
                "name": meta.name,
                "shortDescription": {"text": meta.summary or meta.name},
                "fullDescription": {"text": meta.summary_zh or meta.summary or meta.name},
                "defaultConfiguration": {"level": LEVELS[meta.severity], "enabled": meta.enabled},
                "properties": {"field": meta.field, "title_zh": meta.title_zh, "severity": meta.severity},
            }
        )
    return rules


def _result(f, index: dict[str, int]) -> dict:
    res: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": LEVELS[f.severity],
        "message": {"text": f.message or f.name},
    }
    if f.path:
        uri, relative = _uri(f.path)
        artifact: dict[str, Any] = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact}}
        region: dict[str, Any] = {}
        if f.line is not None and f.line >= 1:
            region["startLine"] = f.line
            region["startColumn"] = f.column or 1
            region["endLine"] = max(f.end_line or f.line, f.line)
            end_col = f.end_column or region["startColumn"]
            if region["endLine"] == f.line:
                end_col = max(end_col, region["startColumn"])
            region["endColumn"] = end_col
        if f.start is not None and f.start >= 0:
            region["charOffset"] = f.start
            if f.end is not None and f.end >= f.start:
                region["charLength"] = f.end - f.start
        if f.evidence:
            region["snippet"] = {"text": f.evidence}
        if "startLine" in region or "charOffset" in region:
            location["physicalLocation"]["region"] = region
        logical = []
        if f.form is not None:
            logical.append(
                {
                    "name": f.project or f"form {f.form}",
                    "fullyQualifiedName": f"{f.path}#form{f.form}",
                    "kind": "module",
                }
            )
        if f.native:
            logical.append({"name": f.native["text"], "fullyQualifiedName": f"{f.path}!{f.native['text']}",
                            "kind": "element"})
        if logical:
            location["logicalLocations"] = logical
        res["locations"] = [location]
    if f.fingerprint:
        res["partialFingerprints"] = {"nlpAudit/v1": f.fingerprint}
    props = {
        "severity": f.severity,
        "field": f.field,
        "form": f.form,
        "project": f.project,
        "indicator": f.indicator,
        "evidence": f.evidence,
        "expected": f.expected,
        "actual": f.actual,
        "formula": f.formula,
        "reasons": list(f.reasons),
        "native": f.native,
        "title_zh": f.title_zh,
    }
    res["properties"] = {k: v for k, v in props.items() if v not in (None, [], "")}
    return res


def _run(result: Any, rules: list[dict], results: Any) -> dict:
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nlp-audit",
                        "version": tool_version(result),
                        "semanticVersion": tool_version(result),
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True}],
                "properties": {"pack": result.pack, "forms": result.form_count},
                "results": results,
            }
        ],
    }


def report(result: Any) -> dict:
    rules = _rules(result)
    index = {r["id"]: i for i, r in enumerate(rules)}
    return _run(result, rules, [_result(f, index) for f in result.findings])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


_TAIL = "]}]}"  # what closes "results" (the last key of the run), "runs" and the log


def write(result: Any, out: IO[bytes], **_: Any) -> None:
    """Compact JSON (SARIF is read by tools, and json's C encoder only runs without ``indent``);
    the results written one file at a time from the run's records, never held as one list."""
    rules = _rules(result)
    index = {r["id"]: i for i, r in enumerate(rules)}
    head = _dumps(_run(result, rules, []))
    assert head.endswith("[" + _TAIL)
    out.write(head[: -len(_TAIL)].encode("utf-8"))
    for i, f in enumerate(result.iter_findings()):
        out.write((b"," if i else b"") + _dumps(_result(f, index)).encode("utf-8"))
    out.write((_TAIL + "\n").encode())
