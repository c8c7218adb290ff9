"""Space-separated rows (a PDF whose cells lost their borders). Two variants: the usual
self-evaluation columns, and the Hubei 20+80 form with 年初目标值(A) / 实际完成值(B)."""

from __future__ import annotations

from nlp_audit.model import Form

from ..cells import score_text
from ..style import Style
from .common import form_rng, funds_rate, money, reason, rows, s_text, total_text, total_weight_text, w_text


def _line(*cells: str) -> str:
    return " ".join(c for c in cells if c != "")


def render(form: Form, style: Style) -> str:
    return _hubei(form, style) if style.variant == "hubei" else _generic(form, style)


def _generic(form: Form, style: Style) -> str:
    out = [f"{form.project}绩效自评表", "", f"项目名称 {form.project}", f"主管部门 {form.department} 实施单位 {form.unit}"]
    head = ["项目资金(万元)"] + (["年初预算"] if style.has_initial else []) + ["全年预算", "全年执行", "分值", "执行率", "得分"]
    out.append(_line(*head))
    for i, f in enumerate(form.funds):
        nums = ([money(f.budget_initial, style)] if style.has_initial else []) + [money(f.budget_full_year, style), money(f.executed, style)]
        if i == 0:
            out.append(_line(f.label, *nums, score_text(f.weight, style), funds_rate(f, style), f.score_text or ""))
        else:
            out.append(_line(f.label, *nums))
    out.append("年度总体目标 预期目标 实际完成情况")
    out.append(_line(form.goal.text, form.actual.text))
    out.append("一级指标 二级指标 三级指标 指标值 完成值 分值 得分 偏差原因及改进措施")
    for r in rows(form):
        ind = r.ind
        out.append(
            _line(
                ind.level1 if r.first_l1 else "",
                ind.level2 if r.first_l2 else "",
                ind.name,
                ind.target.text,
                ind.actual.text,
                w_text(ind, style),
                s_text(ind, style),
                reason(ind),
            )
        )
    out.append(_line("总分", total_weight_text(form, style), total_text(form, style)))
    out.append(_line("评分等级", form.grade or ""))
    return "\n".join(out) + "\n"


def _hubei(form: Form, style: Style) -> str:
    rng = form_rng(form, "hubei")
    f = form.funds[0]
    fw = score_text(f.weight, style)
    out = [
        f"单位名称:{form.unit} 填报日期:{(form.year or 2000) + 1}.{rng.randint(3, 6)}.{rng.randint(1, 28)}",
        f"{form.year}年度{form.project}绩效自评表",
        f"项目名称 {form.project}",
        f"主管部门 {form.department} 项目实施单位 {form.unit}",
        f"预算执行情况({fw}分) 全年预算数(A) 全年执行数(B) 执行率(B/A) 得分 (万元)",
        _line(f.label, money(f.budget_full_year, style), money(f.executed, style), funds_rate(f, style), f.score_text or ""),
        f"年度绩效目标({100 - (f.weight or 0):g}分) {form.goal.text}",
        f"年度目标完成情况 {form.actual.text}",
        "一级指标 二级指标 指标名称 年初目标值(A) 实际完成值(B) 分值 得分 偏差原因",
    ]
    for r in rows(form):
        ind = r.ind
        l1 = f"{ind.level1}({r.l1_weight:g}分)" if r.first_l1 else ""
        out.append(
            _line(l1, ind.level2 if r.first_l2 else "", ind.name, ind.target.text, ind.actual.text, w_text(ind, style), s_text(ind, style), reason(ind))
        )
    out.append(_line("总分", total_weight_text(form, style), total_text(form, style)))
    out.append(_line("评分等级", form.grade or ""))
    return "\n".join(out) + "\n"


SEPARATOR = "\n\n"
