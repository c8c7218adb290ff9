"""Every cell on its own line ending " |", empty cells as a bare "|" (a web table flattened cell by
cell; cf. the Sichuan layout in SPEC §1, with the comparator, the value and the unit of a target in
three separate columns, then the actual, the weight (权重) and the score)."""

from __future__ import annotations

from nlp_audit.model import Form

from ..cells import score_text
from ..style import Style
from .common import form_rng, funds_rate, money, reason, rows, s_text, split_target, total_text, w_text


def _cell(x: str) -> str:
    return f"{x} |" if x else "|"


def _zero(x: float | None, style: Style) -> str:
    return "0" if x == 0 else money(x, style)


def render(form: Form, style: Style) -> str:
    rng = form_rng(form, "pipe_cells")
    indicator_points = sum(i.weight or 0 for i in form.indicators)
    cells: list[str] = [f"报表编号:51{rng.randint(1000, 9999)}_{rng.randint(10, 99):04d}zp", "", ""]
    cells.append(f"{form.year}年度部门预算项目绩效自评表")
    cells += ["项目名称", form.project or "", "主管部门", form.department or "", "实施单位 (盖章)", form.unit or ""]
    cells += ["一、项目概况", "(一)年度目标及完成情况", "年度目标", "目标实际完成情况", form.goal.text, form.actual.text]
    funds_w = form.funds[0].weight if form.funds else None
    cells += [f"预算执行({score_text(funds_w, style)}分)", "资金(万元)"]
    cells += ["年初预算数", "调整预算数", "执行数", "执行率", "权重", "得分", "偏差说明"]
    for i, f in enumerate(form.funds):
        nums = [_zero(f.budget_initial, style), _zero(f.budget_full_year, style), _zero(f.executed, style)]
        if i == 0:
            cells += [f.label, *nums, funds_rate(f, style), score_text(f.weight, style), f.score_text or "", ""]
        else:
            cells += [f.label, *nums, funds_rate(f, style) if f.budget_full_year else "—", "—", "—"]
    cells += [f"绩效指标情况({indicator_points:g}分)", "一级指标", "二级指标", "具体指标"]
    cells += ["指标性质", "指标值", "计量单位", "实际完成值", "权重", "得分", "偏差原因"]
    for r in rows(form):
        ind = r.ind
        if r.first_l1:
            cells.append(ind.level1 or "")
        if r.first_l2:
            cells.append(ind.level2 or "")
        op, value, unit = split_target(ind, style)
        cells += [ind.name, op, value, unit, ind.actual.text, w_text(ind, style), s_text(ind, style), reason(ind)]
    cells += ["合计", score_text(form.total_weight or 100.0, style), total_text(form, style)]
    cells += ["自评等级", form.grade or "", "项目负责人:", "财务负责人:", ""]
    return "\n".join(_cell(c) for c in cells) + "\n"


SEPARATOR = "\n"
