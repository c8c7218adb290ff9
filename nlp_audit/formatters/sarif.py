"""`--format sarif`: SARIF 2.1.0, so findings land in code-scanning dashboards and editors.

rules come from the check registry (code, name, summary, default level from the run's pack);
each result carries ruleId/ruleIndex, level (error|warning|note), the Chinese message, the file
(relative paths stay relative, with uriBaseId %SRCROOT%), the region (line; character offset and
length in Unicode code points when known - columnKind says so) and the finding fingerprint as a
partial fingerprint so dashboards track a finding across runs.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any
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


def _pack_severity(pack_name: str):
    try:
        from ..packs import load_pack

        pack = load_pack(pack_name)
    except Exception:  # noqa: BLE001 - a pack given by path may not reload by name; defaults then
        return lambda code, default: default

    def severity(code: str, default: str) -> str:
        settings = pack.rule(code)
        return settings.severity if settings is not None else default

    return severity


def _rules(result: Any) -> list[dict]:
    from ..checks.registry import all_specs

    severity = _pack_severity(result.pack)
    specs = {s.code: s for s in all_specs()}
    rules = []
    for code in sorted(set(specs) | {f.rule for f in result.findings}):
        spec = specs.get(code)
        name = spec.name if spec else next(f.name for f in result.findings if f.rule == code)
        summary = spec.summary if spec else name
        rules.append(
            {
                "id": code,
                "name": name,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": (spec.doc.strip() if spec and spec.doc.strip() else summary)},
                "defaultConfiguration": {
                    "level": LEVELS[severity(code, spec.severity if spec else "warning")]
                },
                "properties": {"field": spec.field if spec else None},
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
        if f.start is not None and f.start >= 0:
            region["charOffset"] = f.start
            if f.end is not None and f.end >= f.start:
                region["charLength"] = f.end - f.start
        if f.evidence:
            region["snippet"] = {"text": f.evidence}
        if "startLine" in region or "charOffset" in region:
            location["physicalLocation"]["region"] = region
        if f.form is not None:
            location["logicalLocations"] = [
                {
                    "name": f.project or f"form {f.form}",
                    "fullyQualifiedName": f"{f.path}#form{f.form}",
                    "kind": "module",
                }
            ]
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
    }
    res["properties"] = {k: v for k, v in props.items() if v not in (None, [], "")}
    return res


def report(result: Any) -> dict:
    rules = _rules(result)
    index = {r["id"]: i for i, r in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nlp-audit",
                        "version": tool_version(),
                        "semanticVersion": tool_version(),
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True}],
                "properties": {"pack": result.pack, "forms": result.form_count},
                "results": [_result(f, index) for f in result.findings],
            }
        ],
    }


def render(result: Any, **_: Any) -> bytes:
    """Compact JSON: SARIF is read by tools, and json's C encoder only runs without ``indent``."""
    return (json.dumps(report(result), ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode(
        "utf-8"
    )
