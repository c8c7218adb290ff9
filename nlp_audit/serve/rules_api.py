"""`GET /v1/rules` and `GET /v1/rules/{code}`: the rule registry as JSON, with a pack's severities.

The same facts `nlp-audit rules --format json` and `nlp-audit explain CODE` print (code, name,
severity, enabled, summary; the explanation from the check's docstring, source and params from
the pack), read from the registry and the pack, never from the CLI's text.
"""

from __future__ import annotations

import inspect
from typing import Any


def rule_list(pack: Any) -> list[dict[str, Any]]:
    """The rows of `nlp-audit rules --format json` (one definition: ``RuleMeta.to_json``)."""
    from ..report.records import RunMeta

    return [meta.to_json() for meta in RunMeta.for_pack(pack).rules.values()]


def rule_detail(code: str, pack: Any) -> dict[str, Any] | None:
    """Everything `explain CODE` says about a rule, or None for an unknown code."""
    from ..checks.registry import get_spec
    from ..checks.rule_text import ZH

    spec = get_spec(code)
    if spec is None:
        return None
    settings = pack.rule(spec.code)
    text = ZH.get(spec.code)
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
        "title_zh": text.title if text else "",
        "summary_zh": text.summary if text else "",
        "why_zh": text.why if text else "",
    }
