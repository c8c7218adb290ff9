"""One table row per line, cells closed by " | ", padding "||||" for merged columns; the 分值
column comes BEFORE the target (cf. the Anhui layout described in SPEC §1)."""

from __future__ import annotations

from nlp_audit.model import Form

from ..style import Style
from .common import form_rng, funds_rate, money, reason, rows, s_text, total_text, total_weight_text, w_text

WIDTH = 9  # cells of the widest row; shorter rows are padded with "|"


def _row(*cells: str) -> str:
    line = " | ".join(cells) + " |"
    pad = WIDTH - len(cells)
    return line + (" " + "|" * pad if pad > 0 else "")


def render(form: Form, style: Style) -> str:
    rng = form_rng(form, "pipe_rows")
    phone = f"{rng.randint(130, 189)}{rng.randint(10000000, 99999999)}"
    out = [_row(rng.choice(["绩效目标自评表", "项目支出绩效自评表"])), f"({form.year}年度) |"]
    out.append(_row("项目名称", form.project or "", "项目负责人及电话", f"{rng.choice(['周', '吴', '郑', '王'])}某{phone}"))
    out.append(_row("主管部门", form.department or "", "实施单位", form.unit or ""))
    out.append("项目资金(万元) |")
    out.append(_row("预算数(A)", "执行数(B)", "分值", "执行率", "得分"))
    for i, f in enumerate(form.funds):
        label = f.label + ":" if i == 0 else f.label
        if i == 0:
            out.append(" | ".join([label, money(f.budget_full_year, style), money(f.executed, style), w_text_f(f, style), funds_rate(f, style), f.score_text or ""]) + " |")
        else:
            out.append(_row(label, money(f.budget_full_year, style), money(f.executed, style)))
    out.append(_row("年度总体目标", "年初目标", "全年完成情况"))
    out.append(_row(form.goal.text, form.actual.text))
    out.append("绩效指标 | 一级指标 |")
    out.append(_row("二级指标", "具体指标", "指标分值", "年度指标值", "全年实际完成值", "得分", "偏差原因及改进措施"))
    own_line = rng.random() < 0.5  # 二级 labels on their own line (merged cell above the rows)
    for r in rows(form):
        ind = r.ind
        if r.first_l1:
            out.append(f"{ind.level1} ({r.l1_weight:g}分) |")
        cells = [ind.name, w_text(ind, style), ind.target.text, ind.actual.text, s_text(ind, style), reason(ind)]
        if r.first_l2 and own_line:
            out.append(_row(ind.level2 or ""))
            out.append(_row(*cells))
        elif r.first_l2:
            out.append(_row(ind.level2 or "", *cells))
        else:
            out.append(_row(*cells))
    out.append(_row("总分", total_weight_text(form, style), total_text(form, style)))
    out.append(_row("评分等级", form.grade or ""))
    return "\n".join(out) + "\n"


def w_text_f(f, style: Style) -> str:
    from ..cells import score_text

    return score_text(f.weight, style)


SEPARATOR = "\n\n"
