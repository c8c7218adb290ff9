"""Tab-separated cells, one table row per line (a system export pasted as text; cf. seed 002)."""

from __future__ import annotations

from nlp_audit.model import Form

from ..style import Style
from .common import dash, funds_rate, money, reason, rows, s_text, total_text, total_weight_text, w_text


def render(form: Form, style: Style) -> str:
    T = "\t"
    out = ["", "", "财政项目支出绩效自评表", "", f"({form.year} 年度)", ""]
    out.append(T.join(["项目名称", "", form.project or "", "", "", "", "", ""]))
    out.append(T.join(["主管部门", "", form.department or "", "", "实施单位", "", form.unit or "", ""]))
    out.append(T.join(["项目资金 (万元)", "", "年初预算数", "全年预算数", "全年执行数", "分数", "执行率(%)", "得分"]))
    for i, f in enumerate(form.funds):
        label = f.label + ":" if i == 0 else f.label.replace("其中:", "其中: ")
        cells = [money(f.budget_initial, style), money(f.budget_full_year, style), money(f.executed, style)]
        w = money(f.weight, style) if f.weight is not None else "-"
        s = f.score_text if f.score_text is not None else "-"
        out.append(T.join(["", label, *cells, w, funds_rate(f, style), dash(s)]))
    out.append(T.join(["年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""]))
    out.append(T.join(["", form.goal.text, "", "", form.actual.text, "", "", ""]))
    out.append(T.join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]))
    for r in rows(form):
        ind = r.ind
        l1 = ind.level1 if r.first_l1 else ""
        l2 = ind.level2 if r.first_l2 else ""
        out.append(
            T.join([l1 or "", l2 or "", ind.name, ind.target.text, ind.actual.text, w_text(ind, style), s_text(ind, style), reason(ind)])
        )
    out.append(T.join(["总分", "", "", "", "", total_weight_text(form, style), total_text(form, style), ""]))
    out.append(T.join(["评分等级", form.grade or "", "", "", "", "", "", ""]))
    out.append("")
    return "\n".join(out)


SEPARATOR = "\n------\t---\n"
