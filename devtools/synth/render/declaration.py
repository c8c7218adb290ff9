"""A 绩效目标申报表 as tab-separated text: money in 元, targets only, and the labels of merged
一级/二级 cells on the MIDDLE row of the block they span (cf. seed 003). The ``slide`` variant also
drops one leading empty cell from the later rows, as that extraction did."""

from __future__ import annotations

from nlp_audit.model import Form

from ..numbers import fmt_thousands
from ..style import Style
from .common import form_rng, rows


def _yuan(x: float | None) -> str:
    return "" if x is None else fmt_thousands(x * 10000)


def render(form: Form, style: Style) -> str:
    rng = form_rng(form, "decl")
    T = "\t"
    amounts = [f.budget_initial for f in form.funds] + [0.0] * 4
    total, fiscal, carry, other = amounts[:4]
    y = form.year
    out = ["", "", "财政项目支出绩效目标申报表" + T * 4, f"({y}年度)" + T * 4]
    out.append(T.join(["项目名称", form.project or "", "项目性质", rng.choice(["经常性项目", "一次性项目"]), ""]))
    out.append(T.join(["主管部门", form.department or "", "实施单位", form.unit or "", ""]))
    out.append(T.join(["计划开始日期", f"{y}-01-01", "计划完成日期", f"{y}-12-31", ""]))
    out.append(T.join(["项目资金(元)", "项目资金总额", _yuan(total), "年度资金申请总额", _yuan(total)]))
    out.append(T.join(["", "其中:财政拨款", _yuan(total - other), "其中:当年财政拨款", _yuan(fiscal)]))
    out.append(T.join(["", "其他资金", _yuan(other), "上年结转资金", _yuan(carry)]))
    out.append(T.join(["", "", "", "其他资金", _yuan(other)]))
    out.append(T.join([f"项目总体目标 ({y}年-{y}年)", "", "", "年度总体目标", ""]))
    out.append(T.join(["项目概述", form.goal.text, "", "", ""]))
    out.append(T.join(["绩效目标", "一级指标", "二级指标", "三级指标", "年度(项目)指标值"]))
    all_rows = list(rows(form))
    slide_from = len(all_rows) // 2 + rng.randint(0, max(0, len(all_rows) // 2 - 1)) if style.variant == "slide" else None
    for k, r in enumerate(all_rows):
        ind = r.ind
        l1 = ind.level1 if r.l1_pos == (r.l1_size - 1) // 2 else ""
        l2 = ind.level2 if r.l2_pos == (r.l2_size - 1) // 2 else ""
        cells = ["", l1 or "", l2 or "", ind.name, ind.target.text]
        if slide_from is not None and k >= slide_from and not l1:
            cells = cells[1:] + [""]
        out.append(T.join(cells))
    return "\n".join(out) + "\n"


SEPARATOR = "\n\n"
