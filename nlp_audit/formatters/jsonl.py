"""`--format jsonl`: one Finding.to_json() per line (SPEC §4), nothing else - stream-friendly."""

from __future__ import annotations

import json
from typing import Any


def render(result: Any, **_: Any) -> bytes:
    return "".join(
        json.dumps(f.to_json(), ensure_ascii=False, default=str) + "\n" for f in result.findings
    ).encode("utf-8")
