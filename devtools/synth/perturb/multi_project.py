"""Several projects in one table: a 项目名称 column whose cell is printed only on each block's first row.

A department's summary sheet (汇总表) of two or three projects: one indicator table with the project
as its first column, and in most cases a funds table with one row per project. The truth is one form
per project, with its own rows and funds.
"""

from __future__ import annotations

import random

from ..cells import money_text
from ..generator import SynthForm
from .sheet import SEPARATORS, Grid, print_matrix, sheet_of
from .truth import Rendered, truth_of

TITLES = ("{department}{year}年度项目支出绩效自评汇总表", "{year}年度项目绩效自评情况汇总表", "项目支出绩效自评表({year}年度)")


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    sep = SEPARATORS[rng.choice(["tab", "pipe", "space"])]
    first = synths[0].form
    out = [rng.choice(TITLES).format(department=first.department, year=first.year)]
    truths = [truth_of(s.form) for s in synths]
    if rng.random() < 0.7:
        funds = Grid(["project", "full", "executed", "rate", "score"],
                     {"project": "项目名称", "full": "全年预算数(万元)", "executed": "全年执行数(万元)", "rate": "执行率",
                      "score": "得分"})
        for s in synths:
            f = s.form.funds[0]
            funds.rows.append({"project": s.form.project or "", "full": money_text(f.budget_full_year, s.style),
                               "executed": money_text(f.executed, s.style), "rate": f.rate_text or "",
                               "score": f.score_text or ""})
        out.append(print_matrix(funds.matrix(), sep))
        for t in truths:
            t.funds["budget_initial"] = None
    else:
        for t in truths:
            t.funds = {}
    table = None
    for s, t in zip(synths, truths, strict=True):
        sheet = sheet_of(s, rng, roles=table.roles[1:] if table else None)
        if table is None:
            table = Grid(["project", *sheet.table.roles], {"project": "项目名称", **sheet.table.head})
        for i, row in enumerate(sheet.table.rows):
            table.rows.append({"project": s.form.project if i == 0 else "", **row})
        t.goal = t.actual = None
    out.append(print_matrix(table.matrix(), sep))
    return Rendered("\n".join(out) + "\n", truths, f"{len(synths)}_projects")
