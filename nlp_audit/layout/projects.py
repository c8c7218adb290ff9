"""One table shared by several projects (a 项目名称 column, the name printed on each project's first
row) becomes one form per project, each with its own funds row when the funds block lists them too.

Why: county bureaus publish several small projects in one table; checking them as one form would sum
weights across projects (false S005/S007) and compare claims against the wrong rows.
"""

from __future__ import annotations

import copy

from ..model import Form, FundsRow, Indicator, Source
from .funds import assign_row, row_atoms
from .scan import Doc, Label


def split_by_project(doc: Doc, form: Form, groups: list[tuple[str, list[Indicator]]], labels: list[Label],
                     stop: int) -> list[Form]:
    """One form per (project name, indicators) group; the shared header, kind and narratives are kept,
    the funds row is the funds block's row whose label is the project's name."""
    cols = tuple(lb.name for lb in labels if lb.family == "fcol" and lb.start < stop)
    cols = tuple(dict.fromkeys(cols))
    out: list[Form] = []
    for name, inds in groups:
        f = copy.copy(form)
        f.project = name or form.project
        f.indicators = inds
        f.problems = [p for p in form.problems if p.indicator is None or any(p.indicator == i.name for i in inds)]
        f.funds = _funds_row(doc, name, form.text_offset, stop, cols) if name else list(form.funds)
        out.append(f)
    return out


def _funds_row(doc: Doc, name: str, a: int, stop: int, cols: tuple[str, ...]) -> list[FundsRow]:
    """The row of the funds block that starts with the project's name ("森林防火建设 | 2022.14 | …")."""
    at = doc.raw.find(name, a, stop)
    if at < 0:
        return []
    end = doc.raw.find("\n", at)
    end = stop if end < 0 else min(end, stop)
    atoms = row_atoms(doc.raw[at + len(name) : end])
    if not atoms:
        return []
    got = assign_row(cols, tuple(atoms), (), "self_evaluation")
    if got is None:
        return []
    row = FundsRow(label=name, source=Source(start=at, end=end, line=doc.line_of(at) + 1))
    from .funds import _fill

    _fill(row, {c: t for c, t in got if c}, "万元")
    return [row]
