"""PDF text: labels of merged cells broken every two characters, long cells wrapped, blank lines
between most lines, numbers of one row on one line (cf. seed 004)."""

from __future__ import annotations

from nlp_audit.model import Form

from ..style import Style
from .common import (
    dash,
    form_rng,
    funds_rate,
    money,
    reason,
    rows,
    s_text,
    total_text,
    total_weight_text,
    w_text,
    wrap,
)

NAME_WIDTH = 15
TEXT_WIDTH = 24


def _cut2(label: str) -> str:
    return "\n\n".join(wrap(label, 2))


def render(form: Form, style: Style) -> str:
    rng = form_rng(form, "cpl")
    out: list[str] = ["", "财政项目支出绩效自评表", "", f"（{form.year}年度）", "", f"项目名称 {form.project}", ""]
    unit_lines = "\n\n".join(wrap(form.unit or "", 14))
    out += [f"主管部门 {form.department} 实施单位", unit_lines, "", "项目资金", "", "（万元）", ""]
    out += ["年初预算数 全年预算数 全年执行数 分数 执行率(%) 得分", ""]
    for i, f in enumerate(form.funds):
        nums = [money(f.budget_initial, style), money(f.budget_full_year, style), money(f.executed, style)]
        w = money(f.weight, style) if f.weight is not None else "-"
        s = f.score_text if f.score_text is not None else "-"
        tail = " ".join([*nums, w, funds_rate(f, style), dash(s)])
        label = f.label.replace(":", "：")
        if i == 0:
            out += [f"{label}： {tail}", ""]
        elif len(label) > 7:  # "其中：当年财政拨款" wraps inside its cell
            out += [label[:7], "", label[7:], tail, ""]
        else:
            out += [f"{label} {tail}", ""]
    out += ["年度", "", "总体", "", "目标", "", "预期目标 实际完成情况", ""]
    indent = "   " if rng.random() < 0.5 else ""
    for text in (form.goal.text, form.actual.text):
        lines = wrap(text, TEXT_WIDTH)
        lines[0] = indent + lines[0]
        out += ["\n\n".join(lines), ""]
    out += ["一级", "", "指标", "", "二级", "", "指标", "三级指标 年度指标值 实际完成值 分值 得分", ""]
    out += ["偏差原因分析", "", "及改进措施", ""]
    for r in rows(form):
        ind = r.ind
        if r.first_l1:
            out += [_cut2(ind.level1 or ""), ""]
        if r.first_l2:
            out.append(_cut2(ind.level2 or ""))
        values = " ".join(x for x in [ind.target.text, ind.actual.text, w_text(ind, style), s_text(ind, style), reason(ind)] if x)
        parts = wrap(ind.name, NAME_WIDTH)
        if len(parts) == 1:
            out += [f"{ind.name} {values}", ""]
        else:
            out += ["\n\n".join(parts), values, ""]
    out += [f"总分 {total_weight_text(form, style)} {total_text(form, style)}", "", f"评分等级 {form.grade or ''}", "", ""]
    return "\n".join(out)


SEPARATOR = "\n\n"
