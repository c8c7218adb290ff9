"""`GET /v1/rules` and `GET /v1/rules/{code}`: the rule registry as JSON, with a pack's severities.

The same facts `nlp-audit rules --format json` and `nlp-audit explain CODE` print (code, name,
severity, enabled, summary; the explanation from the check's docstring, source and params from
the pack), read from the registry and the pack, never from the CLI's text.
"""

from __future__ import annotations

import inspect
from typing import Any


def rule_list(pack: Any) -> list[dict[str, Any]]:
    from ..checks.registry import all_specs

    out = []
    for spec in all_specs():
        settings = pack.rule(spec.code)
        out.append({
            "code": spec.code,
            "name": spec.name,
            "severity": settings.severity if settings else spec.severity,
            "enabled": settings.enabled if settings else True,
            "summary": spec.summary,
        })
    return out


def rule_detail(code: str, pack: Any) -> dict[str, Any] | None:
    """Everything `explain CODE` says about a rule, or None for an unknown code."""
    from ..checks.registry import get_spec

    spec = get_spec(code)
    if spec is None:
        return None
    settings = pack.rule(spec.code)
    return {
        "code": spec.code,
        "name": spec.name,
        "severity": settings.severity if settings else spec.severity,
        "enabled": settings.enabled if settings else True,
        "field": spec.field,
        "scope": spec.scope,
        "summary": spec.summary,
        "source": (settings.source if settings else "") or None,
        "params": dict(settings.params) if settings and settings.params else {},
        "explain": inspect.cleandoc(spec.doc),
    }
