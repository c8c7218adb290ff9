"""False alarms found by scripts/eval_synthetic.py, pinned on whole forms in the tabbed layout.

Each form is text as the tabbed extraction prints it (header, funds block, the two narratives
side by side, the indicator table), parsed by the real layout parser and checked by every check,
so a regression anywhere on the way (folding, claim matching, C007, D002/D003) shows up here.
"""

from __future__ import annotations

import pytest

from nlp_audit.layout import parse_text
from nlp_audit.packs import load_pack
from nlp_audit.pipeline import check_parsed

PACK = load_pack("default")

HEADER = (
    "财政项目支出绩效自评表\n\n(2022 年度)\n\n"
    "项目名称\t\t{project}\t\t\t\t\t\n"
    "主管部门\t\t青河县民政局\t\t实施单位\t\t青河县社会福利中心\t\n"
    "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率(%)\t得分\n"
    "\t年度资金总额:\t86.40\t86.40\t86.40\t10.00\t100.00\t10.00\n"
    "\t其中: 当年财政拨款\t86.40\t86.40\t86.40\t-\t100.00\t-\n"
    "年度总体目标\t预期目标\t\t\t实际完成情况\t\t\t\n"
    "\t{goal}\t\t\t{actual}\t\t\t\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
)
FOOTER = "总分\t\t\t\t\t100.00\t{total}\t\n评分等级\t优\t\t\t\t\t\t\n"


def tabbed(goal: str, actual: str, rows: list[tuple], project: str = "困难群众救助补助项目") -> str:
    """One form as tabbed text; rows are (level1, level2, name, target, actual, weight, score, reason)."""
    lines = [HEADER.format(project=project, goal=goal, actual=actual)]
    for level1, level2, name, target, act, weight, score, reason in rows:
        lines.append(f"{level1}\t{level2}\t{name}\t{target}\t{act}\t{weight:.2f}\t{score:.2f}\t{reason}\n")
    total = 10 + sum(r[6] for r in rows)
    lines.append(FOOTER.format(total=f"{total:.2f}"))
    return "".join(lines)


def check(text: str, embedder=None):
    """The parsed form (asserted to be read as written) and every finding on it."""
    parsed = parse_text(text, "synthetic.txt")
    assert len(parsed.forms) == 1, parsed.errors
    return parsed.forms[0], check_parsed(parsed, PACK, embedder)


def rules(findings, *codes) -> list[str]:
    return sorted(f.rule for f in findings if f.rule.startswith(codes))


RESCUE_ROWS = [
    ("产出指标", "数量指标", "开展技术培训人次", "=500.00(人次)", "512.00(人次)", 30, 30, ""),
    ("产出指标", "质量指标", "种植作物成活率", "≥90.00(%)", "96.00(%)", 20, 20, ""),
    ("效益指标", "社会效益指标", "受益对象覆盖人数", "≥3600.00(人)", "3710.00(人)", 30, 30, ""),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥85.00(%)", "91.00(%)", 10, 10, ""),
]


# ---------------------------------------------------------------------------------- traditional


TRAD_ROWS = [
    ("產出指標", "數量指標", "發放臨時救助人次", "≥300.00(人次)", "318.00(人次)", 30, 30, ""),
    ("產出指標", "質量指標", "救助對象識別準確率", "=100.00(%)", "92.00(%)", 20, 18, "無"),
    ("效益指標", "社會效益指標", "政策知曉率", "≥90.00(%)", "81.00(%)", 30, 27,
     "項目招標環節耗時較長,實施周期壓縮，下一步將提前謀劃項目"),
    ("滿意度指標", "服務對象滿意度指標", "受益群眾滿意度", "≥85.00(%)", "88.00(%)", 10, 10, ""),
]
TRAD_GOAL = "保障困難群眾基本生活。2022年度計劃發放臨時救助300人次, 受益群眾滿意度達到85%以上。"
TRAD_ACTUAL = "全年按月發放救助資金, 發放臨時救助318人次, 受益群眾滿意度為88%。"


def test_traditional_satisfaction_claims_match_their_indicator():
    """滿意度 is 满意度: before folding, both statements were C001 and the goal also C007."""
    form, found = check(tabbed(TRAD_GOAL, TRAD_ACTUAL, TRAD_ROWS))
    assert form.goal.text == TRAD_GOAL and form.actual.text == TRAD_ACTUAL
    assert rules(found, "C001", "C002", "C007") == []


def test_traditional_claim_that_disagrees_is_still_contradicted():
    form, found = check(tabbed(TRAD_GOAL, TRAD_ACTUAL.replace("滿意度為88%", "滿意度為95%"), TRAD_ROWS))
    c002 = [f for f in found if f.rule == "C002"]
    assert [f.evidence for f in c002] == ["受益群眾滿意度為95%"]  # the raw (traditional) text
    assert c002[0].indicator == "受益群眾滿意度"


def test_traditional_boilerplate_reason_is_vague_not_a_cause():
    """'無' is '无': D002 (not a reason); it was read as a cause without measure (D003)."""
    _, found = check(tabbed(TRAD_GOAL, TRAD_ACTUAL, TRAD_ROWS))
    on_row = [f.rule for f in found if f.indicator == "救助對象識別準確率" and f.rule.startswith("D")]
    assert on_row == ["D002"]


def test_time_consuming_tender_is_a_cause():
    """'招标环节耗时较长,实施周期压缩' states the cause: no D003 'measure without cause'."""
    _, found = check(tabbed(TRAD_GOAL, TRAD_ACTUAL, TRAD_ROWS))
    assert [f.rule for f in found if f.indicator == "政策知曉率" and f.rule.startswith("D")] == []
    measure_only = [r if r[2] != "政策知曉率" else (*r[:7], "下一步將提前謀劃項目") for r in TRAD_ROWS]
    _, found = check(tabbed(TRAD_GOAL, TRAD_ACTUAL, measure_only))
    assert [f.rule for f in found if f.indicator == "政策知曉率" and f.rule.startswith("D")] == ["D003"]


# ---------------------------------------------------------------------------------- claims


def test_plan_matched_by_unit_number_and_its_only_word_overlap():
    """'计划培训农户500人次' is the 开展技术培训人次 =500 row even without an embedder."""
    goal = "推进农业产业结构调整,促进农民持续增收。2022年度计划培训农户500人次, 受益群众满意度达到85%以上。"
    actual = "开展技术培训512人次, 受益群众满意度为91%。农户收入稳步增长。"
    _, found = check(tabbed(goal, actual, RESCUE_ROWS, project="农业技术推广项目"))
    assert rules(found, "C001", "C002", "C007") == []


def test_plan_with_a_number_no_row_has_stays_unsupported():
    goal = "推进农业产业结构调整。2022年度计划培训农户500人次, 开展巡山44次。"
    actual = "开展技术培训512人次, 受益群众满意度为91%。"
    _, found = check(tabbed(goal, actual, RESCUE_ROWS, project="农业技术推广项目"))
    assert [f.evidence for f in found if f.rule == "C001"] == ["开展巡山44次"]


def test_word_overlap_with_another_unit_is_no_contradiction():
    """'提供岗位信息78条' vs the only count row '开发公益性岗位数量 208个': unmeasured (C001), not C002."""
    rows = [
        ("产出指标", "数量指标", "开发公益性岗位数量", "≥180.00(个)", "208.00(个)", 40, 40, ""),
        ("产出指标", "质量指标", "项目验收合格率", "≥98.00(%)", "99.00(%)", 40, 40, ""),
        ("满意度指标", "服务对象满意度指标", "服务对象综合满意度", "≥95.00(%)", "97.00(%)", 10, 10, ""),
    ]
    goal = "稳定和扩大就业。2022年度计划开发公益性岗位180个。"
    actual = "开发公益性岗位208个, 提供岗位信息78条。就业局势保持稳定。"
    _, found = check(tabbed(goal, actual, rows, project="就业补助资金项目"))
    assert [(f.rule, f.evidence) for f in found if f.rule in ("C001", "C002")] == [("C001", "提供岗位信息78条")]


@pytest.mark.parametrize("phrase", ["预算执行(10分)资金(万元)", "项目自评得分98分"])
def test_score_points_are_not_claims(phrase):
    """Points of the evaluation itself are not a result an indicator should measure (C001)."""
    goal = "推进农业产业结构调整。2022年度计划培训农户500人次。"
    actual = f"开展技术培训512人次, {phrase}。"
    _, found = check(tabbed(goal, actual, RESCUE_ROWS, project="农业技术推广项目"))
    assert rules(found, "C001", "C002") == []


# ---------------------------------------------------------------------------------- C007


def test_policy_commitment_is_not_an_unreported_goal():
    goal = "落实社会救助和福利政策,保障困难群众基本生活。2022年度计划发放临时补助300人次。"
    actual = "全年按月足额发放各类补贴, 发放临时补助318人次。"
    rows = [
        ("产出指标", "数量指标", "发放临时补助人次", "≥300.00(人次)", "318.00(人次)", 50, 50, ""),
        ("产出指标", "质量指标", "补贴发放准确率", "=100.00(%)", "100.00(%)", 30, 30, ""),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥85.00(%)", "88.00(%)", 10, 10, ""),
    ]
    _, found = check(tabbed(goal, actual, rows))
    assert rules(found, "C007") == []
    # a concrete goal nobody measures or reports is still one
    _, found = check(tabbed(goal.replace("保障困难群众基本生活", "建设社区养老服务驿站"), actual, rows))
    assert [f.evidence for f in found if f.rule == "C007"] == ["建设社区养老服务驿站"]
