"""Synthetic self-evaluation forms as tab-separated text, written for the tests (no real form copied).

``tabbed_form`` lays out a complete 自评表 the way the tabbed layout family prints it, with the
header, funds, narratives and indicator rows the caller chooses, so a test knows exactly which
deviations, reasons and claims the form holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Row:
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: float
    score: float
    reason: str = ""


MET_ROWS = (
    Row("产出指标", "数量指标", "居家养老上门服务人次", "≥8200.00(人次)", "9714.00(人次)", 20, 20),
    Row("产出指标", "质量指标", "档案资料规范性", "规范", "达成指标", 15, 15),
    Row("产出指标", "时效指标", "问题整改完成时限", "≤4.00(天)", "2.00(天)", 15, 15),
    Row("效益指标", "社会效益指标", "困难群众基本生活保障水平", "有保障", "达成指标", 30, 30),
    Row("满意度指标", "服务对象满意度指标", "服务对象综合满意度", "≥85.00(%)", "91.50(%)", 10, 10),
)

# a shortfall scored proportionally (8 / 10 of the target, 16 of 20 points): it needs a reason
SHORT_ROW = Row("产出指标", "数量指标", "居家养老上门服务人次", "≥10000.00(人次)", "8000.00(人次)", 20, 16)
VAGUE_REASON = "基本达标"
GOOD_REASON = "因部分老人入院治疗,上门服务暂停;下一年度加强回访,及时恢复服务"


def tabbed_form(
    project: str = "临时救助资金",
    department: str = "金沙县民政局",
    unit: str = "金沙县民政局",
    year: int = 2021,
    rows: tuple[Row, ...] = MET_ROWS,
    goal: str = "落实社会救助和福利政策,保障困难群众基本生活。计划提供上门服务8200人次。",
    actual: str = "全年提供居家养老上门服务9714人次,问题平均2天内整改到位。",
    budget: tuple[float, float, float] = (332.28, 293.04, 265.33),
) -> str:
    initial, full, executed = budget
    rate = executed / full * 100
    score = round(min(rate, 100) / 10, 2)
    total = score + sum(r.score for r in rows)
    lines = [
        "财政项目支出绩效自评表",
        f"({year} 年度)",
        f"项目名称\t\t{project}",
        f"主管部门\t\t{department}\t\t实施单位\t\t{unit}",
        "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分数\t执行率(%)\t得分",
        f"\t年度资金总额:\t{initial:.2f}\t{full:.2f}\t{executed:.2f}\t10.00\t{rate:.2f}\t{score:.2f}",
        f"\t其中: 当年财政拨款\t{initial:.2f}\t{full:.2f}\t{executed:.2f}\t-\t{rate:.2f}\t-",
        "年度总体目标\t预期目标\t\t\t实际完成情况",
        f"\t{goal}\t\t\t{actual}",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    ]
    last = None
    for r in rows:
        first = r.level1 if r.level1 != last else ""
        last = r.level1
        lines.append(f"{first}\t{r.level2}\t{r.name}\t{r.target}\t{r.actual}\t{r.weight:.2f}\t{r.score:.2f}\t{r.reason}")
    lines.append(f"总分\t\t\t\t\t100.00\t{total:.2f}\t")
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    lines.append(f"评分等级\t{grade}")
    return "\n".join(lines) + "\n"


def with_shortfall(reason: str, **kw) -> str:
    """A form whose first row falls short of its target, explained by ``reason``; narratives agree."""
    kw.setdefault("goal", "落实社会救助和福利政策,计划提供上门服务10000人次。")
    kw.setdefault("actual", "全年提供居家养老上门服务8000人次,问题平均2天内整改到位。")
    return tabbed_form(rows=(replace(SHORT_ROW, reason=reason), *MET_ROWS[1:]), **kw)
