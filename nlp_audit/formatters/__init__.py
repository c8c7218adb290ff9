"""Formatters, a registry keyed by format name; each turns a RunResult into bytes.

Public API (the CLI relies on it):
    available() -> list[str]
    render(name: str, result: RunResult) -> bytes
"""

from __future__ import annotations


def available() -> list[str]:  # pragma: no cover - replaced by the registry
    return ["json", "jsonl"]


def render(name: str, result) -> bytes:  # pragma: no cover - replaced by the registry
    import json

    if name == "jsonl":
        return "".join(json.dumps(f.to_json(), ensure_ascii=False) + "\n" for f in result.findings).encode()
    return json.dumps([f.to_json() for f in result.findings], ensure_ascii=False, indent=1).encode()
