"""Separated cells under unknown names: other column names, extra columns, unknown or typo'd category
labels, and 决策/管理 process blocks whose cells are long scoring criteria.

Variants (at least one per case):
- columns: some column headers renamed to names a lexicon may lack (bare 目标值, 实现值, 标准分…);
- extra_column: one more column (指标解释 prose, 佐证材料, a 完成率 percentage) among the value columns;
- labels: 一级/二级 labels replaced by unknown or misspelt ones (产出数量, 日效性指标, 社会效应指标…);
- process: 决策 and 过程/管理 blocks ahead of the output indicators, their target cell a long criterion,
  their actual a word, with weights and scores of their own (the printed totals include them).
"""

from __future__ import annotations

import random

from ..cells import score_text
from ..generator import SynthForm
from ..numbers import fmt
from ..style import Style
from .sheet import SEPARATORS, Grid, Sheet, print_sheet, sheet_of
from .truth import Rendered, TruthRow, truth_of

COLUMN_NAMES = {
    "name": ("考核内容", "指标项目", "评价要点", "指标描述"),
    "target": ("目标值", "计划值", "预期值", "计划目标", "考核标准", "计划指标", "年度目标", "标准值"),
    "actual": ("实现值", "完成数", "实际值", "执行结果", "完成结果", "实际完成", "执行情况", "年度完成值"),
    "weight": ("满分", "标准分", "配分", "分数", "权重(%)", "指标分值"),
    "score": ("评分", "实得分", "考核得分", "自评分数", "自评得分"),
    "reason": ("问题及原因", "情况说明", "扣分原因", "原因分析"),
    "level1": ("一级", "指标类别"),
    "level2": ("二级", "指标类型"),
}
LEVEL1 = {"产出指标": ("产出类指标", "项目产出", "产出绩效"), "效益指标": ("效益类指标", "项目效果", "效果类"),
          "满意度指标": ("满意程度", "满意度评价")}
LEVEL2 = {
    "数量指标": ("产出数量", "数量类", "数量指示"), "质量指标": ("产出质量", "质量类指标", "质理指标"),
    "时效指标": ("产出时效", "日效性指标", "时限指标"), "成本指标": ("产出成本", "成本控制"),
    "社会效益指标": ("社会效应指标", "社会效益类"), "经济效益指标": ("经济效易指标", "经济效益类"),
    "生态效益指标": ("生态效应指标", "环境影响"), "可持续影响指标": ("可持续发展指标", "长期影响指标"),
    "服务对象满意度指标": ("服务对象满意程度", "满意度类指标"),
}  # fmt: skip
EXTRA_COLUMNS = {
    "指标解释": ("反映项目实施的实际产出与计划的对比情况。", "用以考核资金使用是否符合规定。", "考察服务对象对项目实施效果的满意程度。"),
    "佐证材料": ("详见附件", "工作台账", "验收报告", "统计报表"),
}
# (level1, level2, name, criterion) of the process blocks of an evaluation framework
PROCESS = (
    ("决策", "项目立项", "立项依据充分性", "项目立项是否符合法律法规、相关政策、发展规划以及部门职责,用以反映和考核项目立项依据情况。"),
    ("决策", "项目立项", "立项程序规范性", "项目申请、设立过程是否符合相关要求,用以反映和考核项目立项的规范情况。"),
    ("决策", "绩效目标", "绩效目标合理性", "项目所设定的绩效目标是否依据充分,是否符合客观实际,用以反映和考核项目绩效目标与项目实施的相符情况。"),
    ("决策", "资金投入", "预算编制科学性", "项目预算编制是否经过科学论证、有明确标准,资金额度与年度目标是否相适应。"),
    ("管理", "资金管理", "资金到位率", "实际到位资金与预算资金的比率,用以反映和考核资金落实情况对项目实施的总体保障程度。"),
    ("管理", "资金管理", "资金使用合规性", "项目资金使用是否符合相关的财务管理制度规定,用以反映和考核项目资金的规范运行情况。"),
    ("管理", "组织实施", "管理制度健全性", "项目实施单位的财务和业务管理制度是否健全,用以反映和考核管理制度对项目顺利实施的保障情况。"),
    ("管理", "组织实施", "制度执行有效性", "项目实施是否符合相关管理规定,用以反映和考核相关管理制度的有效执行情况。"),
)
PROCESS_ACTUAL = ("符合", "规范", "合理", "健全", "有效", "是")


def rename_columns(table: Grid, rng: random.Random) -> None:
    roles = [r for r in table.roles if r in COLUMN_NAMES]
    for role in rng.sample(roles, rng.randint(1, max(1, len(roles) // 2))):
        table.head[role] = rng.choice(COLUMN_NAMES[role])


def add_extra_column(table: Grid, rng: random.Random) -> str:
    kind = rng.choice(["指标解释", "佐证材料", "完成率"])
    role = f"extra:{kind}"
    table.roles.insert(rng.randint(table.roles.index("name") + 1, len(table.roles)), role)
    table.head[role] = kind
    for row in table.rows:
        row[role] = rng.choice(EXTRA_COLUMNS[kind]) if kind in EXTRA_COLUMNS else _rate(row, rng)
    return kind


def _rate(row: dict[str, str], rng: random.Random) -> str:
    return f"{rng.choice([100, 100, 95, 103, 110, 98])}%" if any(ch.isdigit() for ch in row.get("target", "")) else "100%"


def relabel(table: Grid, rng: random.Random) -> None:
    for row in table.rows:
        for role, table_ in (("level1", LEVEL1), ("level2", LEVEL2)):
            base = row.get(role, "").split("(")[0]
            if base in table_ and rng.random() < 0.7:
                row[role] = row[role].replace(base, rng.choice(table_[base]), 1)


def add_process(sheet: Sheet, style: Style, rng: random.Random) -> list[TruthRow]:
    """决策 and 管理 rows put ahead of the output blocks; returns their truth."""
    picked = [p for p in PROCESS if rng.random() < 0.5] or list(PROCESS[:2])
    rows, truth, seen = [], [], set()
    for level1, level2, name, criterion in picked:
        weight = float(rng.choice([2, 3, 4, 5]))
        score = weight if rng.random() < 0.7 else weight - rng.choice([0.5, 1.0])
        rows.append({"level1": level1 if level1 not in seen else "", "level2": level2 if (level1, level2) not in seen else "",
                     "name": name, "target": criterion, "actual": rng.choice(PROCESS_ACTUAL),
                     "weight": score_text(weight, style), "score": score_text(score, style)})
        seen.update({level1, (level1, level2)})
        truth.append(TruthRow(name=name, weight=weight, score=score))
    sheet.table.rows[:0] = rows
    if sheet.tail:
        extra_w, extra_s = sum(t.weight for t in truth), sum(t.score for t in truth)
        tw, ts = float(sheet.tail[0][1] or 100), float(sheet.tail[0][2] or 0)
        sheet.tail[0] = ["总分", fmt(tw + extra_w, style.score_decimals, trim=True), fmt(ts + extra_s, 2, trim=True)]
    return truth


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    sheet = sheet_of(synth, rng)
    truth = truth_of(synth.form)
    decl = sheet.kind == "declaration"
    options = ["columns", "extra_column", "labels"] + ([] if decl else ["process"])
    picks = [v for v in options if rng.random() < 0.4] or [rng.choice(options)]
    if "columns" in picks:
        rename_columns(sheet.table, rng)
    if "extra_column" in picks:
        picks[picks.index("extra_column")] = "extra_column:" + add_extra_column(sheet.table, rng)
    if "labels" in picks:
        relabel(sheet.table, rng)
    if "process" in picks:
        truth.rows[:0] = add_process(sheet, synth.style, rng)
    text = print_sheet(sheet, SEPARATORS[rng.choice(["tab", "pipe", "cell"])])
    return Rendered(text, [truth], "+".join(picks))
