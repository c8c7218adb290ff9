"""The whole form on one line with no separators at all, 分值 before the target (a web page whose
table cells were concatenated; cf. the fused layout in SPEC §1)."""

from __future__ import annotations

from nlp_audit.model import Form

from ..cells import score_text
from ..style import Style
from .common import form_rng, funds_rate, money, reason, rows, s_text, total_text, total_weight_text, w_text


def render(form: Form, style: Style) -> str:
    rng = form_rng(form, "fused")
    parts: list[str] = []
    if rng.random() < 0.7:
        parts.append(f"{form.department}{form.year}年度项目绩效自评结果公开如下,联系人:{rng.choice(['周', '吴', '郑'])}某。附件:")
    parts.append(f"绩效目标自评表({form.year}年度)项目名称{form.project}")
    parts.append(f"项目负责人及电话{rng.choice(['周', '吴', '郑'])}某{rng.randint(130, 189)}{rng.randint(10000000, 99999999)}")
    parts.append(f"主管部门{form.department}实施单位{form.unit}")
    parts.append("资金情况(万元)预算数(A)执行数(B)分值执行率得分")
    for i, f in enumerate(form.funds):
        if i == 0:
            parts.append(f"{f.label}:{money(f.budget_full_year, style)}{money(f.executed, style)}{score_text(f.weight, style)}{funds_rate(f, style)}{f.score_text or ''}")
        else:
            parts.append(f"{f.label}{money(f.budget_full_year, style)}{money(f.executed, style)}")
    parts.append("其他资金年度总体目标年初目标全年完成情况")
    parts.append(form.goal.text + form.actual.text)
    parts.append("绩效指标一级指标二级指标具体指标指标分值年度指标值全年实际完成值得分偏差原因及改进措施")
    for r in rows(form):
        ind = r.ind
        if r.first_l1:
            parts.append(f"{ind.level1}({r.l1_weight:g}分)")
        if r.first_l2:
            parts.append(ind.level2 or "")
        parts.append(f"{ind.name}{w_text(ind, style)}{ind.target.text}{ind.actual.text}{s_text(ind, style)}{reason(ind)}")
    parts.append(f"总分{total_weight_text(form, style)}{total_text(form, style)}评分等级{form.grade or ''}")
    parts.append("注:一级指标分值按预算执行率、产出、效益、满意度分别设置,得分不超过该指标分值。")
    return "".join(parts) + "\n"


SEPARATOR = ""
