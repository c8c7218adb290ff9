"""The quantity grammar: every quantity in a string, and the reading of target/actual cells.

Public API (used by layout, checks and nlp alike):
    find_quantities(text: str) -> list[Quantity]
    read_cell(text: str, role: str = "target") -> CellValue
    to_wan(value, unit) -> (value, unit)   money in a cell's own unit -> 万元
    to_base(value, unit) -> (value, unit)  a cell's value in the unit find_quantities reports (万元, 人, %)

Lexicons are in rules/lexicons/quantities.yaml; they are read on first use, not at import.
"""

from __future__ import annotations

from .cells import read_cell, to_base, to_wan
from .grammar import find_quantities

__all__ = ["find_quantities", "read_cell", "to_base", "to_wan"]
