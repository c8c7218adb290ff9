"""Build a Form from a compact dict: the labelled matching set (corpus/matching) and tests use it.

Why not the parser: the matching set must judge claims against known indicator cells, whatever the
layout parser does; cells are written in one canonical shape ("≥90%", "12.00(次)", "提升") and
read here by a deliberately tiny reader, independent of the quantity grammar.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import CellValue, Form, Indicator, Narrative, Source

_CELL = re.compile(r"^\s*(?P<op>[≥≤=><]|>=|<=)?\s*(?P<num>-?\d+(?:\.\d+)?)\s*[(（]?(?P<unit>[^()（）\d\s]*)[)）]?\s*$")
_OPS = {"≥": ">=", "≤": "<=", "=": "=", ">": ">", "<": "<", ">=": ">=", "<=": "<="}


def read_simple_cell(text: str | None, role: str) -> CellValue:
    """'≥90.00(%)' -> op '>=', 90, '%'; '提升' -> qual; '' -> empty."""
    text = (text or "").strip()
    if not text:
        return CellValue(text="")
    m = _CELL.match(text)
    if not m:
        return CellValue(text=text, op="qual" if role == "target" else None, qualitative=text)
    op = _OPS.get(m["op"] or "", "unknown") if role == "target" else None
    return CellValue(text=text, op=op, value=float(m["num"]), unit=m["unit"] or None)


def form_from_spec(spec: dict[str, Any], path: str = "<spec>") -> Form:
    """{'kind', 'project', 'goal', 'actual', 'indicators': [{'name', 'level1', 'level2', 'target', 'actual'}]}."""
    goal, actual = spec.get("goal", "") or "", spec.get("actual", "") or ""
    header = f"项目名称 {spec.get('project', '')}\n"
    text = header + goal + "\n" + actual + "\n"
    inds = []
    for row in spec.get("indicators", []):
        inds.append(
            Indicator(
                name=row["name"],
                level1=row.get("level1"),
                level2=row.get("level2"),
                target=read_simple_cell(row.get("target"), "target"),
                actual=read_simple_cell(row.get("actual"), "actual"),
                weight=row.get("weight"),
                score=row.get("score"),
            )
        )
    g0 = len(header)
    a0 = g0 + len(goal) + 1
    return Form(
        kind=spec.get("kind", "self_evaluation"),
        project=spec.get("project"),
        goal=Narrative(goal, Source(path, g0, g0 + len(goal), 2)),
        actual=Narrative(actual, Source(path, a0, a0 + len(actual), 2 + goal.count("\n") + 1)),
        indicators=inds,
        path=path,
        text=text,
        index=int(spec.get("index", 0)),
    )
