"""The quantity grammar: every quantity in a string, and the reading of target/actual cells.

Public API (used by layout, checks and nlp alike):
    find_quantities(text: str) -> list[Quantity]
    read_cell(text: str, role: str = "target") -> CellValue
"""

from __future__ import annotations

from ..model import CellValue, Quantity


def find_quantities(text: str) -> list[Quantity]:  # pragma: no cover - replaced by the grammar
    raise NotImplementedError


def read_cell(text: str, role: str = "target") -> CellValue:  # pragma: no cover - replaced by the grammar
    raise NotImplementedError
