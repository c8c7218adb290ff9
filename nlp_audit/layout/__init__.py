"""Layout: turn the text of one input file into Forms. The only place that knows column orders.

Public API:
    parse_text(text: str, path: str = "") -> ParsedFile
"""

from __future__ import annotations

from ..model import ParsedFile


def parse_text(text: str, path: str = "") -> ParsedFile:  # pragma: no cover - replaced by the parser
    raise NotImplementedError
