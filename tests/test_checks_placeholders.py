"""P004 beyond the parser: date placeholders, template instructions in any wording, '≥**' inside an
indicator name; what the parser already reported is not reported twice. Synthetic forms."""

from __future__ import annotations

import pytest
from builders import parse_one

from nlp_audit.checks.registry import FormContext, run_form_checks
from nlp_audit.packs import load_pack

BASE = (
    "项目支出绩效自评表\n项目名称\t社区文化活动项目\n填报日期\t{date}\n"
    "年度资金总额\t20\t20\t20\t10\t100%\t10\n预期目标\t全年开展文化活动12场。\n实际完成情况\t{actual}\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
    "产出指标\t数量指标\t开展文化活动场次\t≥12场\t12场\t30\t30\t\n"
    "产出指标\t成本指标\t{name}\t≤20万元\t20万元\t20\t20\t\n"
    "效益指标\t社会效益指标\t居民参与率\t≥80%\t85%\t30\t30\t\n"
    "满意度指标\t服务对象满意度指标\t居民满意度\t≥90%\t95%\t10\t10\t\n总分\t100\t100\n"
)
CLEAN = {"date": "2023年12月30日", "actual": "全年开展文化活动12场,对照年度目标完成率100%。", "name": "项目总成本"}


def _p004(**changes):
    f = parse_one(BASE.format(**{**CLEAN, **changes}))
    mine = list(run_form_checks(FormContext(form=f, pack=load_pack()), lambda c: c == "P004"))
    parser = [p for p in f.problems if p.code == "P004"]
    for x in mine:  # exact evidence, at its offsets
        assert f.text[x.start - f.text_offset : x.end - f.text_offset] == x.evidence
    return [x.evidence for x in mine], [p.evidence for p in parser]


@pytest.mark.parametrize(
    ("changes", "evidence"),
    [
        ({"date": "(-年-月-日)"}, "(-年-月-日)"),
        ({"date": "××××年××月××日"}, "××××年××月××日"),
        ({"date": "2023年×月×日"}, "2023年×月×日"),
        ({"actual": "对照年度目标，说明各项任务完成情况(100字以内)"}, "对照年度目标，说明各项任务完成情况(100字以内)"),
        ({"name": "项目总成本(≤**万元)"}, "项目总成本(≤**万元)"),
        ({"name": "项目总成本≤XX万元"}, "项目总成本≤XX万元"),
    ],
)
def test_template_text_left_in_fires(changes, evidence):
    mine, _ = _p004(**changes)
    assert mine == [evidence]


def test_near_misses_pass():
    assert _p004() == ([], [])
    assert _p004(actual="按照年度目标,完成文化活动12场。") == ([], [])


def test_a_prompt_the_parser_reported_is_not_reported_twice():
    mine, parser = _p004(actual="对照年度目标,说明相关任务目标的完成情况(100字以内)")
    assert parser and mine == []
