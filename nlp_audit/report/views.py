"""A parsed form as the reports show it, and where in it each finding belongs (its anchor).

The HTML per-form view draws the parsed form (funds, narratives, indicator table) and highlights
each finding in place - the cell, the sentence - instead of a window of raw extracted text. The
mapping from a finding's file offsets to "indicator row 3, target cell" or "实际完成情况 chars
40-52" needs the parsed form, so it is done here, once, while the form is still in memory; the
view keeps plain JSON only (no text of the file, no model objects).
"""

from __future__ import annotations

import re
from typing import Any

from ..findings import Finding
from ..model import Form, Narrative, Source
from .locate import LineIndex, title_offset
from .records import FormView

_PIECES = re.compile(r"[\t\n|]+")
_NUM = re.compile(r"[-+]?\d+(?:\.\d+)?")


def form_view(form: Form, index: LineIndex | None = None) -> FormView:
    line = column = None
    if index is not None and form.text:
        line, column = index.line_col(title_offset(form))
    return FormView(
        index=form.index,
        kind=form.kind,
        project=form.project,
        department=form.department,
        unit=form.unit,
        year=form.year,
        layout=form.layout,
        indicators=len(form.indicators),
        total_score=form.total_score,
        grade=form.grade,
        title_line=line,
        title_column=column,
        detail=_detail(form),
    )


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.4f}".rstrip("0").rstrip(".") if not float(value).is_integer() else str(int(value))


def _detail(form: Form) -> dict[str, Any]:
    """Compact JSON of the form for the HTML view: rows as arrays, empty values as ''."""
    return {
        "title": form.title or "",
        "funds_unit": form.funds_unit_in_source,
        "funds": [
            [r.label, _num(r.budget_initial), _num(r.budget_full_year), _num(r.executed), _num(r.weight),
             r.rate_text or _num(r.rate), r.score_text or _num(r.score)]
            for r in form.funds
        ],
        "goal": form.goal.text,
        "actual": form.actual.text,
        "ind": [
            [i.level1 or "", i.level2 or "", i.name, i.target.text, i.actual.text,
             i.weight_text or _num(i.weight), i.score_text or _num(i.score), i.reason or "", i.parent]
            for i in form.indicators
        ],
        "total": [_num(form.total_weight), _num(form.total_score), form.grade or ""],
    }


# Cells of an indicator row in the order ``_detail`` writes them (after level1, level2).
IND_CELLS = ("name", "target", "actual", "weight", "score", "reason")
FUNDS_CELLS = ("label", "budget_initial", "budget_full_year", "executed", "weight", "rate", "score")


def _overlaps(src: Source | None, start: int, end: int) -> bool:
    if src is None or src.start is None or src.end is None:
        return False
    return src.start < max(end, start + 1) and start < src.end


def _pieces(evidence: str) -> list[str]:
    return [p.strip() for p in _PIECES.split(evidence) if p.strip()]


def anchor(f: Finding, form: Form) -> dict[str, Any] | None:
    """Where ``f`` sits in the form view: {"part": "ind", "row", "cells"}, {"part": "funds", "row",
    "cells"}, {"part": "goal"|"actual", "start", "end"} (narrative text offsets), {"part": "total"}
    or {"part": "grade"}; None when it has no place in the parsed form."""
    start, end = f.start, f.end if f.end is not None else f.start
    if start is not None and end is not None:
        for part, narrative in (("goal", form.goal), ("actual", form.actual)):
            span = _narrative_span(narrative, start, end)
            if span is not None:
                return {"part": part, "start": span[0], "end": span[1]}
        for i, ind in enumerate(form.indicators):
            if _overlaps(ind.source, start, end) or _overlaps(ind.name_source, start, end):
                return {"part": "ind", "row": i, "cells": _ind_cells(ind, f.evidence, start, end)}
        for i, row in enumerate(form.funds):
            if _overlaps(row.source, start, end):
                return {"part": "funds", "row": i, "cells": _funds_cells(row, f.evidence)}
        if _overlaps(form.total_source, start, end):
            return {"part": "total"}
        if _overlaps(form.grade_source, start, end):
            return {"part": "grade"}
    if f.indicator:
        for i, ind in enumerate(form.indicators):
            if ind.name == f.indicator:
                return {"part": "ind", "row": i, "cells": _ind_cells(ind, f.evidence, None, None)}
    return None


def _ind_cells(ind, evidence: str, start: int | None, end: int | None) -> list[str]:
    marked = []
    if start is not None and end is not None:
        for name, src in (("name", ind.name_source), ("target", ind.target.source),
                          ("actual", ind.actual.source), ("reason", ind.reason_source)):
            if _overlaps(src, start, end):
                marked.append(name)
    pieces = _pieces(evidence)
    texts = {"name": ind.name, "target": ind.target.text, "actual": ind.actual.text,
             "weight": ind.weight_text or _num(ind.weight), "score": ind.score_text or _num(ind.score),
             "reason": ind.reason or ""}
    rest = list(pieces)
    for name in marked:
        if texts[name].strip() in rest:
            rest.remove(texts[name].strip())
    for name in ("name", "target", "actual", "weight", "score", "reason"):
        text = texts[name].strip()
        if name not in marked and text and text in rest:
            marked.append(name)
            rest.remove(text)
    return [c for c in IND_CELLS if c in marked]


def _funds_cells(row, evidence: str) -> list[str]:
    values = {"budget_initial": row.budget_initial, "budget_full_year": row.budget_full_year,
              "executed": row.executed, "weight": row.weight, "rate": row.rate, "score": row.score}
    marked = []
    for piece in _pieces(evidence):
        m = _NUM.search(piece.replace(",", ""))
        if m is None:
            if row.label and piece in row.label:
                marked.append("label")
            continue
        number = float(m.group())
        for name, value in values.items():
            if value is not None and name not in marked and abs(value - number) < 1e-9:
                marked.append(name)
                break
    return [c for c in FUNDS_CELLS if c in marked]


def _narrative_span(narrative: Narrative, start: int, end: int) -> tuple[int, int] | None:
    """Text offsets of the file range [start, end) inside the narrative, when it lies there."""
    if not narrative.text:
        return None
    pieces = narrative.pieces
    if not pieces:
        src = narrative.source
        if src is None or src.start is None:
            return None
        a, b = start - src.start, end - src.start
        if 0 <= a < len(narrative.text) and a < b:
            return a, min(b, len(narrative.text))
        return None
    first = last = None
    n = len(pieces)
    for k, (t0, f0, _line) in enumerate(pieces):
        if f0 < 0:
            continue
        t1 = pieces[k + 1][0] if k + 1 < n else len(narrative.text)
        f1 = f0 + (t1 - t0)
        lo, hi = max(start, f0), min(max(end, start + 1), f1)
        if lo < hi:
            if first is None:
                first = t0 + lo - f0
            last = t0 + hi - f0
    if first is None or last is None:
        return None
    return first, last
