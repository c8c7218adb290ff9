"""C003-C008 on synthetic forms built in code: each rule fires, and its near misses do not."""

from __future__ import annotations

import pytest

from nlp_audit.checks.registry import FormContext, get_spec
from nlp_audit.model import CellValue, Form, FundsRow, Indicator, Narrative, Source
from nlp_audit.nlp.texts import analyse_text
from nlp_audit.packs import load_pack


@pytest.fixture(scope="module")
def pack():
    return load_pack("default")


def ind(name, op=None, target=None, actual=None, unit="%", weight=10.0, score=10.0, qual=None, reason=None):
    """One indicator row; ``qual`` makes a qualitative target/actual pair."""
    if qual:
        t = CellValue(text=qual[0], op="qual", qualitative=qual[0])
        a = CellValue(text=qual[1], qualitative=qual[1])
    else:
        t = CellValue(text=f"{op or ''}{target:g}{unit}", op=op, value=target, unit=unit)
        a = CellValue(text=f"{actual:g}{unit}", value=actual, unit=unit)
    return Indicator(name=name, target=t, actual=a, weight=weight, score=score, reason=reason)


def form(goal="", actual="", indicators=(), funds=(), kind="self_evaluation", text=""):
    f = Form(kind=kind, project="测试项目", indicators=list(indicators), funds=list(funds), path="t.txt", text=text)
    f.goal = Narrative(goal, Source("t.txt", 100, 100 + len(goal), 10))
    f.actual = Narrative(actual, Source("t.txt", 500, 500 + len(actual), 12))
    return f


def run(code, f, pack):
    return list(get_spec(code).fn(FormContext(form=f, pack=pack)))


MET = [
    ind("培训班举办完成数", ">=", 6, 6, "期"),
    ind("参训人员合格率", ">=", 95, 98),
    ind("学员满意度", ">=", 90, 93),
]


# ---------------------------------------------------------------------------------- C003


def test_c003_parts_before_total_must_add_up(pack):
    f = form(actual="全年新建村道3公里、改造村道5公里,合计9公里,路面全部硬化。")
    found = run("C003", f, pack)
    assert len(found) == 1
    assert found[0].expected == 9 and found[0].actual == 8
    assert "3公里" in found[0].evidence and "9公里" in found[0].evidence
    assert found[0].severity == "error"


def test_c003_parts_that_add_up_pass(pack):
    f = form(actual="补助种植面积:其中梨树2.5亩、桃树4亩、露地蔬菜12亩、大棚蔬菜6亩,合计24.5亩。")
    assert run("C003", f, pack) == []


def test_c003_parts_after_qizhong_may_not_exceed_total(pack):
    f = form(actual="共培训120人次,其中党员80人次、群众60人次。")
    found = run("C003", f, pack)
    assert len(found) == 1 and found[0].expected == 120 and found[0].actual == 140


def test_c003_subset_after_qizhong_passes(pack):
    assert run("C003", form(actual="共培训120人次,其中党员80人次。"), pack) == []


def test_c003_public_is_not_a_total(pack):
    # 公共 contains 共 but is no total: the three figures are unrelated counts
    f = form(actual="开展公共卫生服务宣传30次,发放资料12次、义诊6次。")
    assert run("C003", f, pack) == []


def test_c003_same_subject_stated_twice_with_two_values(pack):
    f = form(actual="全年组织健康讲座12场,覆盖居民800人。年底前全年组织健康讲座15场,群众反响良好。")
    found = run("C003", f, pack)
    assert len(found) == 1 and {found[0].expected, found[0].actual} == {12, 15}


def test_c003_different_subjects_pass(pack):
    f = form(actual="新建村道2条,改造村道3条,维修桥梁1座。")
    assert run("C003", f, pack) == []


def test_c003_planned_and_spent_contradict_stated_rate(pack):
    f = form(actual="成本目标:项目经费计划投入12万元,实际支出为0万元,完成比例为0%。经费执行情况得满分,资金使用率超过96%。")
    found = run("C003", f, pack)
    assert len(found) == 1
    assert "0万元" in found[0].evidence and found[0].actual == 0


def test_c003_planned_and_spent_matching_rate_pass(pack):
    f = form(actual="经费计划投入12万元,实际支出为11.76万元,资金使用率为98%。")
    assert run("C003", f, pack) == []


# ---------------------------------------------------------------------------------- C004


SHORT = [
    ind("培训班举办完成数", ">=", 6, 6, "期"),
    ind("培训及时率", "=", 100, 90, score=9.0, reason="部分课程延期"),
    ind("学员满意度", ">=", 90, 93),
]


def test_c004_full_completion_with_shortfall(pack):
    f = form(actual="本年度培训任务全面完成,举办培训班6期。", indicators=SHORT)
    found = run("C004", f, pack)
    assert len(found) == 1
    assert "全面完成" in found[0].evidence
    assert any("培训及时率" in r for r in found[0].reasons)


def test_c004_full_completion_all_met_passes(pack):
    assert run("C004", form(actual="本年度培训任务全面完成,举办培训班6期。", indicators=MET), pack) == []


def test_c004_negated_or_honest_wording_passes(pack):
    for actual in ("受疫情影响未能全面完成,举办培训班6期。", "基本完成年度任务,举办培训班6期。"):
        assert run("C004", form(actual=actual, indicators=SHORT), pack) == [], actual


def test_c004_reverse_and_qualitative_shortfalls(pack):
    rows = [
        ind("单位培训成本", "<=", 800, 950, "元/人"),
        ind("服务及时性", qual=("及时", "部分达成指标并具有一定效果"), score=8.0),
    ]
    found = run("C004", form(actual="各项工作均已完成。", indicators=rows), pack)
    assert len(found) == 1 and len(found[0].reasons) == 2


def test_c004_traditional_characters(pack):
    f = form(actual="本年度培訓任務圓滿完成。", indicators=SHORT)
    assert len(run("C004", f, pack)) == 1


# ---------------------------------------------------------------------------------- C005


GOAL = "新建村卫生室1所120平方米,配备诊疗设备20台,为周边三个村的群众提供基本医疗服务。"


def test_c005_copied_goal_fires_even_with_numbers(pack):
    f = form(goal=GOAL, actual="完成村卫生室1所120平方米,配备诊疗设备20台,为周边三个村的群众提供基本医疗服务。")
    found = run("C005", f, pack)
    assert len(found) == 1 and found[0].field == "actual"
    assert found[0].evidence in f.actual.text
    assert found[0].start is not None and found[0].start >= 500


def test_c005_reworded_goal_without_results_fires(pack):
    goal = "坚持统筹兼顾原则,在场馆运行平稳的基础上,做好全年保洁管理,保障活动正常开展。"
    actual = "能按照统筹兼顾原则,在场馆运行实际情况的基础上,把管理做细做实,更好地服务群众。"
    assert len(run("C005", form(goal=goal, actual=actual), pack)) == 1


def test_c005_actual_with_plan_words_fires(pack):
    goal = "开展老年人健康体检,建立健康档案,提高慢病管理水平。"
    actual = "计划开展老年人健康体检,确保建立健康档案,力争提高慢病管理水平。"
    assert len(run("C005", form(goal=goal, actual=actual), pack)) == 1


def test_c005_shared_project_words_but_results_pass(pack):
    actual = "村卫生室于9月建成投用,面积126平方米,购置诊疗设备22台,全年接诊1850人次。"
    assert run("C005", form(goal=GOAL, actual=actual), pack) == []


def test_c005_declaration_has_no_actual_to_judge(pack):
    assert run("C005", form(goal=GOAL, actual=GOAL, kind="declaration"), pack) == []


def test_c005_short_boilerplate_is_c006_not_c005(pack):
    f = form(goal=GOAL, actual="基本完成年度目标。")
    assert run("C005", f, pack) == []
    assert len(run("C006", f, pack)) == 1


# ---------------------------------------------------------------------------------- C006


@pytest.mark.parametrize(
    "actual",
    ["完成年度目标。", "能按照时间节点发放补贴,让老同志安享晚年,提升幸福感。", "把工作做好、做实,更好地发挥阵地作用。"],
)
def test_c006_no_checkable_fact_fires(pack, actual):
    found = run("C006", form(goal=GOAL, actual=actual), pack)
    assert len(found) == 1 and found[0].evidence == actual.strip()


@pytest.mark.parametrize(
    "actual",
    [
        "实现规模以上企业组织覆盖率达85%以上。",
        "5月12日,在滨河文化广场开展了主题宣传活动。",
        "研究制定了社区活动中心运维导则,规范日常管理。",
        "开展“邻里守望”系列活动,居民参与积极。",
        "2023年度共开展巡河十余次。",
    ],
)
def test_c006_concrete_fact_passes(pack, actual):
    assert run("C006", form(goal=GOAL, actual=actual), pack) == []


def test_c006_bare_year_is_not_a_fact(pack):
    assert len(run("C006", form(goal=GOAL, actual="2023年度工作圆满完成。"), pack)) == 1


def test_c006_empty_actual_is_left_to_p002(pack):
    assert run("C006", form(goal=GOAL, actual=""), pack) == []


# ---------------------------------------------------------------------------------- C007


DECL = [
    ind("志愿服务项目完成率", "=", 100, 100),
    ind("书记带教教师数量", ">=", 50, 50, "人"),
    ind("党建阵地维护完成数", "=", 2, 2, "项"),
]


def test_c007_goal_without_indicator_or_result(pack):
    goal = "根据年度工作安排,开展常态化志愿服务,继续探索区块链、物联网等新技术应用,提升阵地智能化水平。"
    found = run("C007", form(goal=goal, indicators=DECL, kind="declaration"), pack)
    assert [f.evidence for f in found] == ["继续探索区块链、物联网等新技术应用"]
    assert found[0].field == "goal" and found[0].start == 100 + goal.index("继续")


def test_c007_goal_reported_in_actual_passes(pack):
    goal = "继续探索区块链、物联网等新技术应用。"
    actual = "上线物联网门禁系统1套,接入设备40台。"
    assert run("C007", form(goal=goal, actual=actual, indicators=DECL), pack) == []


def test_c007_background_purpose_and_numeric_clauses_pass(pack):
    goal = "按照上级要求开展工作,推动解决重点群体就业难题,新建口袋公园3个。"
    assert run("C007", form(goal=goal, indicators=DECL, kind="declaration"), pack) == []


# ---------------------------------------------------------------------------------- C008


FUNDS = [
    FundsRow("年度资金总额", 120.0, 120.0, 115.2, 10.0, 96.0, 9.6),
    FundsRow("其中:当年财政拨款", 100.0, 100.0, 95.2),
    FundsRow("上年结转资金", 20.0, 20.0, 20.0),
]


def test_c008_spent_and_rate_disagree_with_table(pack):
    found = run("C008", form(actual="项目实际支出118.5万元,执行率98.75%。", funds=FUNDS), pack)
    assert len(found) == 2
    assert {f.actual for f in found} == {118.5, 98.75}
    assert all(f.severity == "error" for f in found)


def test_c008_agreeing_amounts_pass(pack):
    for actual in (
        "全年实际支出115.2万元,预算执行率96%。",
        "年度预算120万元,当年财政拨款到位100万元。",
        "实际支出1,152,000元。",
        "实际支出约115万元。",
    ):
        assert run("C008", form(actual=actual, funds=FUNDS), pack) == [], actual


def test_c008_rounding_of_the_narrative(pack):
    funds = [FundsRow("年度资金总额", 155.17, 155.17, 155.17, 10.0, 100.0, 10.0)]
    assert run("C008", form(actual="全年支出155.2万元。", funds=funds), pack) == []
    assert len(run("C008", form(actual="全年支出155.3万元。", funds=funds), pack)) == 1


def test_c008_amounts_that_are_not_funds_pass(pack):
    for actual in ("带动农户增收12万元。", "发放创业担保贷款4000万元。", "其中用于设备购置20万元。", "43.2"):
        assert run("C008", form(actual=actual, funds=FUNDS), pack) == [], actual


def test_c008_goal_budget_statement_is_checked(pack):
    found = run("C008", form(goal="项目资金150万元,用于村道硬化。", actual="", funds=FUNDS), pack)
    assert len(found) == 1 and found[0].field == "goal"


# ---------------------------------------------------------------------------------- shared


def test_normalize_keeps_offsets_and_maps_traditional(pack):
    raw = "實際支出為0萬元，資金使用率"
    norm = analyse_text(raw).norm
    assert len(norm) == len(raw)
    assert norm.startswith("实际支出为0万元") and norm[8] == ","


@pytest.mark.parametrize("code", ["C003", "C004", "C005", "C006", "C007", "C008"])
def test_explain_docstrings_have_sections(code):
    doc = get_spec(code).doc
    for section in ("Why:", "Formula:", "Fires:", "Passes:"):
        assert section in doc, (code, section)


# ---------------------------------------------------------------------------------- other inputs


def test_prose_report_is_read_whole_as_its_narrative(pack):
    text = "(2)成本目标:项目经费计划投入25万元,实际支出为2.5万元,完成比例为10%。经费执行得分理由:资金使用率超过96%即得满分。"
    f = Form(kind="other", text=text, path="r.txt", text_offset=40)
    found = run("C003", f, pack)
    assert len(found) == 1 and found[0].evidence == "实际支出为2.5万元"
    assert found[0].start == 40 + text.index("实际支出为2.5万元")


def test_c007_goal_claim_without_indicator_nor_report(pack):
    from nlp_audit.nlp.analysis import Claim, FormAnalysis, Sentence

    goal = "新建智慧停车泊位300个。"
    f = form(goal=goal, actual="完成老旧小区改造2个,惠及居民600户。", indicators=MET)
    sent = Sentence(goal, 0, len(goal), "goal")
    claim = Claim("goal", "新建智慧停车泊位300个", 0, 12, None, sent, subject="智慧停车泊位", verdict="unsupported")
    analysis = FormAnalysis(f, pack)
    analysis.claims = [claim]
    ctx = FormContext(form=f, pack=pack, analysis=analysis)
    found = list(get_spec("C007").fn(ctx))
    assert [x.evidence for x in found] == ["新建智慧停车泊位300个"]
    # the same claim reported in the actual narrative passes
    f.actual = Narrative("建成智慧停车泊位280个。")
    analysis = FormAnalysis(f, pack)
    analysis.claims = [claim]
    ctx = FormContext(form=f, pack=pack, analysis=analysis)
    assert list(get_spec("C007").fn(ctx)) == []


def test_odd_input_never_raises(pack):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("0123456789.,，。;；%万元亩人次其中合计共全面完成计划将执行率支出预算《》“”\n 年月日"))

    @settings(max_examples=60, deadline=None)
    @given(st.text(alphabet, max_size=80), st.text(alphabet, max_size=80))
    def prop(goal, actual):
        f = form(goal=goal, actual=actual, indicators=SHORT, funds=[FundsRow("年度资金总额", None, 0.0, None)])
        for code in ("C003", "C004", "C005", "C006", "C007", "C008"):
            for finding in run(code, f, pack):
                assert finding.evidence.strip() == "" or finding.evidence in goal + "\x00" + actual

    prop()
