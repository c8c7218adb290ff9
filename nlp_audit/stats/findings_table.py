"""The findings table: the jsonl contract (SPEC §4) as rows, expected/actual kept lossless as JSON text."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..findings import Finding


def finding_rows(findings: Iterable[Finding]) -> Iterator[dict[str, Any]]:
    for f in findings:
        row = f.to_json()
        row["family"] = f.rule[:1]
        row["native"] = f.native["text"] if f.native else None
        row["expected"], row["expected_number"] = _value(f.expected)
        row["actual"], row["actual_number"] = _value(f.actual)
        yield row


def _value(value: Any) -> tuple[str | None, float | None]:
    """(JSON text, number): a column has one type, while expected/actual hold numbers, texts or lists."""
    if value is None:
        return None, None
    number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    return json.dumps(value, ensure_ascii=False, default=str), number
