"""A generated form as a neutral grid of cells, which the structural perturbations edit and print.

Why a grid and not the family renderers: the phenomena of issue 8 act on cells (fuse them, detach
values from names, rename columns, glue labels), the renderers print finished text. Every cell text
comes from the truth Form in its own style ("≥90.00(%)" or "不少于12次", "10.00" or "9.5"), so the
generator's variety of wording and formats carries over to every perturbation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..cells import money_text, rate_text, score_text
from ..generator import SynthForm
from ..numbers import fmt_thousands
from ..render.common import rows as table_rows

TABLE_HEAD = {
    "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值", "actual": "实际完成值",
    "weight": "分值", "score": "得分", "reason": "偏差原因分析及改进措施",
}  # fmt: skip
SELF_ROLES = ["level1", "level2", "name", "target", "actual", "weight", "score", "reason"]
WEIGHT_FIRST_ROLES = ["level1", "level2", "name", "weight", "target", "actual", "score", "reason"]
DECLARATION_ROLES = ["level1", "level2", "name", "target"]
FUNDS_HEAD = {"label": "项目资金(万元)", "initial": "年初预算数", "full": "全年预算数", "executed": "全年执行数",
              "weight": "分值", "rate": "执行率", "score": "得分"}
# how a cell-joining separator prints a row of cells
SEPARATORS = {"tab": "\t", "pipe": " | ", "space": " ", "cell": "\n"}


@dataclass(slots=True)
class Grid:
    """A block of cells: column roles in print order, their header names, and one dict per row."""

    roles: list[str]
    head: dict[str, str]
    rows: list[dict[str, str]] = field(default_factory=list)

    def header_cells(self) -> list[str]:
        return [self.head.get(r, "") for r in self.roles]

    def cells(self, row: dict[str, str]) -> list[str]:
        return [row.get(r, "") for r in self.roles]

    def matrix(self, with_head: bool = True) -> list[list[str]]:
        body = [self.cells(r) for r in self.rows]
        return [self.header_cells(), *body] if with_head else body


@dataclass(slots=True)
class Sheet:
    kind: str
    title: list[str]
    header: list[list[str]]
    funds: Grid
    narr_labels: list[str]
    narr_texts: list[str]
    table: Grid
    tail: list[list[str]]

    def blocks(self) -> list[tuple[str, list[list[str]]]]:
        """The form top to bottom, one (name, rows of cells) per block."""
        narr = [self.narr_labels, ["", *self.narr_texts]] if self.narr_texts else []
        return [("title", [[t] for t in self.title]), ("header", self.header), ("funds", self.funds.matrix()),
                ("narratives", narr), ("table", self.table.matrix()), ("tail", self.tail)]


def line(cells: list[str], sep: str) -> str:
    """One row of cells as extraction prints it: tabs keep empty cells, pipes close each cell, spaces and
    line breaks drop empty cells, "" fuses them."""
    if sep == "\t":
        return "\t".join(cells)
    if sep == " | ":
        return " | ".join(cells) + " |"
    if sep == "":
        return "".join(cells)
    return sep.join(c for c in cells if c)


def print_matrix(rows: list[list[str]], sep: str) -> str:
    return "\n".join(x for x in (line(r, sep) for r in rows) if x.strip())


def print_sheet(sheet: Sheet, sep: str, override: dict[str, str] | None = None) -> str:
    """The whole form; ``override`` gives the printed text of some blocks (a perturbation's own)."""
    override = override or {}
    parts = [override[name] if name in override else print_matrix(m, sep) for name, m in sheet.blocks()]
    return "\n".join(p for p in parts if p.strip()) + "\n"


def sheet_of(synth: SynthForm, rng: random.Random, roles: list[str] | None = None) -> Sheet:
    """The grid of a generated form; column order drawn (分值 before the target in a third of the forms)."""
    form, style = synth.form, synth.style
    decl = form.kind == "declaration"
    if roles is None:
        roles = DECLARATION_ROLES if decl else (WEIGHT_FIRST_ROLES if rng.random() < 0.3 else SELF_ROLES)
    title = [form.title or "", f"({form.year}年度)"] if rng.random() < 0.6 else [f"{form.year}年度{form.project}{form.title}"]
    header = [["项目名称", form.project or ""], ["主管部门", form.department or "", "实施单位", form.unit or ""]]
    l1_points = rng.random() < 0.3
    table = Grid(list(roles), dict(TABLE_HEAD))
    for r in table_rows(form):
        ind = r.ind
        l1 = ind.level1 or ""
        if r.first_l1 and l1_points and not decl:
            l1 = f"{l1}({r.l1_weight:g}分)"
        table.rows.append({
            "level1": l1 if r.first_l1 else "", "level2": (ind.level2 or "") if r.first_l2 else "", "name": ind.name,
            "target": ind.target.text, "actual": ind.actual.text, "weight": ind.weight_text or "",
            "score": ind.score_text or "", "reason": ind.reason or "",
        })  # fmt: skip
    if decl:
        return Sheet(form.kind, title, header, _declaration_funds(synth), ["年度总体目标"], [form.goal.text], table, [])
    tail = [["总分", score_text(form.total_weight or 100.0, style), score_text(form.total_score, style)],
            ["评分等级", form.grade or ""]]
    return Sheet(form.kind, title, header, _funds(synth), ["年度总体目标", "预期目标", "实际完成情况"],
                 [form.goal.text, form.actual.text], table, tail)


def _funds(synth: SynthForm) -> Grid:
    form, style = synth.form, synth.style
    roles = ["label", "initial", "full", "executed", "weight", "rate", "score"]
    if not style.has_initial:
        roles.remove("initial")
    grid = Grid(roles, dict(FUNDS_HEAD))
    for f in form.funds:
        grid.rows.append({
            "label": f.label, "initial": money_text(f.budget_initial, style), "full": money_text(f.budget_full_year, style),
            "executed": money_text(f.executed, style), "weight": score_text(f.weight, style),
            "rate": f.rate_text or (rate_text(f.rate, style) if f.rate is not None else ""), "score": f.score_text or "",
        })  # fmt: skip
    return grid


def _declaration_funds(synth: SynthForm) -> Grid:
    grid = Grid(["label", "amount"], {"label": "项目资金(元)", "amount": "金额"})
    for f in synth.form.funds:
        grid.rows.append({"label": f.label, "amount": fmt_thousands((f.budget_initial or 0.0) * 10000)})
    return grid
