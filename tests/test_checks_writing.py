"""G001–G004: vague targets, generic completion rates, misplaced and duplicate indicators."""

from __future__ import annotations

import json

import pytest
from builders import declaration_form, form, hubei_form, row, rules_of, run, seed_form

from nlp_audit.layout import parse_text
from nlp_audit.packs import load_pack

# A self-evaluation in the tabbed layout (synthetic, modelled on the seed layout).
TABBED = """财政项目支出绩效自评表
(2023 年度)
项目名称\t\t社区文体活动经费
主管部门\t\t某街道办事处\t\t实施单位\t\t某社区服务中心
项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分数\t执行率(%)\t得分
\t年度资金总额:\t20.00\t20.00\t20.00\t10.00\t100.00\t10.00
\t其中: 当年财政拨款\t20.00\t20.00\t20.00\t-\t100.00\t-
年度总体目标\t预期目标\t\t\t实际完成情况
\t全年举办文体活动12场。\t\t\t全年举办文体活动12场,参与居民600人次。
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
产出指标\t数量指标\t{r1}
\t质量指标\t活动安全事故发生率\t≤1.00(%)\t0.00(%)\t20.00\t20.00\t
\t时效指标\t{r3}
效益指标\t社会效益指标\t{r4}
满意度指标\t服务对象满意度指标\t参与居民满意度\t≥90.00(%)\t95.00(%)\t10.00\t10.00\t
总分\t\t\t\t\t100.00\t100.00\t
评分等级\t优
"""
CLEAN = {
    "r1": "文体活动举办场次\t≥12.00(场)\t12.00(场)\t20.00\t20.00\t",
    "r3": "活动组织及时率\t≥95.00(%)\t100.00(%)\t10.00\t10.00\t",
    "r4": "居民文化生活改善程度\t良好\t达成指标\t30.00\t30.00\t",
}


def _parsed(**rows: str):
    text = TABBED.format(**{**CLEAN, **rows})
    forms = parse_text(text, "synthetic.txt").forms
    assert len(forms) == 1
    return forms[0], text


def _one(name: str, target: str, level2: str = "社会效益指标", level1: str = "效益指标", **kw):
    """A seed form whose 效益 row is replaced by (name, target)."""
    return seed_form({4: row(name, target, "达成指标", 20, 20, level1=level1, level2=level2, **kw)})


def _g(findings, code: str) -> list[str]:
    return sorted(f.indicator for f in findings if f.rule == code)


# ------------------------------------------------------------------------------------- G001


@pytest.mark.parametrize(
    "target",
    ["提升", "提高", "增强", "展现", "较上年提高", "较上一年度提高", "较上年度提高", "有效改善", "显著提升",
     "服务范围扩大", "服务范围扩 大", "明显提升", "稳步提高", "提升知名度", "較上年提高"],
)
def test_g001_direction_word_as_target(target):
    hits = run(_one("居民文化生活水平", target), "G001")
    assert [h.indicator for h in hits] == ["居民文化生活水平"]
    assert hits[0].evidence.startswith(f"居民文化生活水平\t{target}\t达成指标")
    assert hits[0].severity == "warning" and target.strip() in hits[0].message


@pytest.mark.parametrize(
    "target",
    ["建立健全", "健全", "良好", "有效", "达成指标", "专款专用", "全天候可用", "≥90.00(%)", "较上年提高5个百分点",
     "提升至95%", "加强非遗传承保护,展示传统技艺并提升知名度"],
)
def test_g001_near_miss_levels_numbers_and_sentences(target):
    assert run(_one("居民文化生活水平", target), "G001") == []


@pytest.mark.parametrize("target", ["及时", "全年", "合格", "较高"])
def test_g001_rate_without_a_number(target):
    f = seed_form({2: row("基地维修维护及时率", target, "达成指标", 10, 10), 4: row("居民文化生活改善程度", "良好", "达成指标", 20, 20)})
    hits = run(f, "G001")
    assert [h.indicator for h in hits] == ["基地维修维护及时率"]
    assert "比率" in hits[0].message


@pytest.mark.parametrize(
    ("name", "target"),
    [("补贴发放及时性", "及时"),  # not a rate: 及时 is the standard level of a 及时性 indicator
     ("中心宣传展示及时率", "全年不少于2次"),  # a number in words
     ("服务对象覆盖率", "全覆盖"),  # 100%
     ("党建信息平台维护及时率", "每月1次"),
     ("资金拨付及时率", "")],  # empty: P002's, not G001's
)
def test_g001_near_miss_rates(name, target):
    f = seed_form({2: row(name, target, "达成指标", 10, 10), 4: row("居民文化生活改善程度", "良好", "达成指标", 20, 20)})
    assert run(f, "G001") == []


def test_g001_declaration_and_hubei_layouts():
    decl = declaration_form([row("“两新”党组织覆盖情况", "较上一年度提高", level1="效益指标", level2="社会效益指标"),
                             row("长效机制制度健全性", "健全", level1="效益指标", level2="可持续影响指标")])
    assert _g(run(decl, "G001"), "G001") == ["“两新”党组织覆盖情况"]
    assert _g(run(hubei_form(), "G001", pack="hubei"), "G001") == ["提升出行效率", "改善人居环境"]


def test_g001_through_the_parser():
    f, text = _parsed(r3="活动组织及时率\t及时\t达成指标\t10.00\t10.00\t", r4="居民文化生活水平\t有效提升\t达成指标\t30.00\t30.00\t")
    hits = run(f, "G001")
    assert _g(hits, "G001") == ["居民文化生活水平", "活动组织及时率"]
    for h in hits:
        assert h.evidence in text  # quoted from the input
    clean, _ = _parsed()
    assert run(clean, "G") == []


# ------------------------------------------------------------------------------------- G002


@pytest.mark.parametrize(
    ("name", "target"),
    [("活动举办完成率", "=100.00(%)"), ("指标1工程完工率", "100"), ("运营管理完成率(%)", "=100"),
     ("课程项目实施完成率", "≥100%"), ("是否全部完成绩效目标申报表列明的工程数量", ""), ("完成年度工作任务", "达成")],
)
def test_g002_generic_completion(name, target):
    f = seed_form({0: row(name, target, "100.00(%)", 20, 20)})
    hits = run(f, "G002")
    assert [h.indicator for h in hits] == [name]
    assert hits[0].severity == "info"
    assert hits[0].evidence.startswith(name)


@pytest.mark.parametrize(
    ("name", "target"),
    [("“双报到”“双报告”完成率", "≥90.00(%)"),  # a real threshold below 100
     ("经费发放完成数", "=8.00(人)"),
     ("活动开展完成及时率", "=100.00(%)"),  # timeliness, not completion
     ("资金足额拨付率", "=100.00(%)"),
     ("完成基地日常运行工作", "12个月"),
     ("服务站建设完成数量", "=100.00(%)")],
)
def test_g002_near_miss(name, target):
    assert run(seed_form({0: row(name, target, "100.00(%)", 20, 20)}), "G002") == []


def test_g002_through_the_parser():
    f, text = _parsed(r1="文体活动举办完成率\t=100.00(%)\t100.00(%)\t20.00\t20.00\t")
    hits = run(f, "G002")
    assert [h.indicator for h in hits] == ["文体活动举办完成率"]
    assert hits[0].evidence in text


# ------------------------------------------------------------------------------------- G003


@pytest.mark.parametrize(
    ("name", "target", "level1", "level2"),
    [("群众满意度", "≥90%", "产出指标", "数量指标"),
     ("成本控制", "不超过预算", "产出指标", "数量指标"),
     ("安全率", "100", "效益指标", "经济效益指标"),
     ("整编资料审核", "98%", "满意度指标", "服务对象满意度指标"),
     ("整編資料審核", "98%", "满意度指标", None),  # 一级 only, traditional characters
     ("服务对象满意度", "≥90%", "效益指标", None)],
)
def test_g003_misplaced(name, target, level1, level2):
    f = seed_form({0: row(name, target, target, 20, 20, level1=level1, level2=level2)})
    f.indicators[0].level1, f.indicators[0].level2 = level1, level2
    hits = run(f, "G003")
    assert [h.indicator for h in hits] == [name]
    assert hits[0].evidence.startswith(name)


@pytest.mark.parametrize(
    ("name", "level1", "level2"),
    [("服务站建设成本达标率", "产出指标", "成本指标"),
     ("完成率", "产出指标", "时效指标"),  # a completion rate in 时效: not judged
     ("党群服务阵地服务投诉意见反馈率", "满意度指标", "服务对象满意度指标"),
     ("降低群众就医成本", "效益指标", "社会效益指标"),
     ("公益性服务不产生经济效益", "效益指标", "经济效益指标"),
     ("受益群众满意度", "满意度指标", None),
     ("指标1学校育人能力", "效益指标", "社会效益指标")],
)
def test_g003_near_miss(name, level1, level2):
    f = seed_form({0: row(name, "≥90%", "95%", 20, 20, level1=level1, level2=level2)})
    f.indicators[0].level1, f.indicators[0].level2 = level1, level2
    assert run(f, "G003") == []


def test_g003_not_for_rows_the_parser_reattached_or_label_rows():
    f = seed_form({0: row("群众满意度", "≥90%", "95%", 20, 20, level1="产出指标", level2="数量指标")})
    f.indicators[0].category_inferred = True
    assert run(f, "G003") == []
    label = seed_form({5: row("社会公众或服务对象满意度指", "", "", None, None, level1="效益指标", level2="可持续影响指标")})
    assert run(label, "G003") == []
    assert run(seed_form(), "G003") == [] and run(hubei_form(), "G003", pack="hubei") == []


def test_g003_through_the_parser():
    f, text = _parsed(r1="参与居民满意度\t≥90.00(%)\t95.00(%)\t20.00\t20.00\t")
    hits = run(f, "G003")
    assert [h.indicator for h in hits] == ["参与居民满意度"] and hits[0].evidence in text
    assert hits[0].expected == "服务对象满意度指标"  # where the name belongs (应为), not where it sits
    # a typo of 时效指标 ('日效性指标') is still 时效: a time limit there fits
    typo = TABBED.format(**CLEAN).replace("\t时效指标\t", "\t日效性指标\t")
    assert run(parse_text(typo, "t.txt").forms[0], "G003") == []


# ------------------------------------------------------------------------------------- G004


def _table(*rows_):
    return form(list(rows_), kind="declaration")


def test_g004_duplicate_rows():
    f = _table(row("活动开展情况", "=12(次)", level1="产出指标", level2="数量指标"),
               row("党员满意度", "≥90%", level1="满意度指标", level2="服务对象满意度指标"),
               row("指标2:活动开展", "=12(次)", level1="产出指标", level2="数量指标"))
    hits = run(f, "G004")
    assert [h.indicator for h in hits] == ["指标2:活动开展"]
    assert "活动开展情况" in hits[0].message and hits[0].evidence.startswith("指标2:活动开展")
    near = _table(row("服务站建设完成数量", "=5(个)"), row("服务站建设完成数", "=5(个)"))
    assert len(run(near, "G004")) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [(("党员满意度", "≥90%"), ("群众满意度", "≥90%")),
     (("新生儿7天访视数", "186人"), ("新生儿28天访视数", "186人")),
     (("社区党校教学培训活动开展完成率", "=100%"), ("社区党校教学培训活动开展及时率", "=100%")),
     (("活动开展次数", "≥12(次)"), ("活动开展次数", "≥20(次)"))],
)
def test_g004_near_miss(a, b):
    assert run(_table(row(*a), row(*b)), "G004") == []


def test_g004_not_for_parent_child_or_long_term_tables():
    child = _table(row("种植面积", "=20(亩)"), row("种植面积", "=20(亩)", parent=0))
    assert run(child, "G004") == []
    f = _table(row("受益群众满意度", "≥90%"), row("受益群众满意度", "≥90%"))
    assert len(run(f, "G004")) == 1
    f.text = f.text.replace("项目支出绩效目标申报表", "项目支出绩效目标申报表\n长期绩效指标")
    assert run(f, "G004") == []


# ------------------------------------------------------------------------------------- real data


def test_g_rules_on_the_seeds_match_the_gold(shared_dir):
    """Seeds 002 (自评表) and 003 (申报表): every gold G001/G002 row and nothing else; no G003."""
    from nlp_audit.pipeline import parse_file

    pack = load_pack("default")
    for stem in ("002_c91b8fbda990f7de", "003_2b2d905bc25c1717"):
        parsed = parse_file(shared_dir / "seeds" / f"{stem}.txt")
        gold = json.loads((shared_dir / "seeds" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        for form_, gform in zip(parsed.forms, gold["forms"], strict=True):
            hits = run(form_, "G", pack=pack)
            for code in ("G001", "G002"):
                want = sorted(e["indicator"] for e in gform.get("expected", []) if e["rule"] == code)
                assert _g(hits, code) == want, (stem, form_.index, code)
            assert "G003" not in rules_of(hits)


@pytest.mark.parametrize("target", ["应改尽改", "应保尽保"])
def test_g001_a_slogan_target_states_no_level(target):
    # "all that should be X are X" says no how many: read as a qualitative target (not a name), it is G001
    hits = run(_one("农房抗震加固户数", target, level2="数量指标", level1="产出指标"), "G001")
    assert [h.indicator for h in hits] == ["农房抗震加固户数"]


def test_g001_a_direction_phrase_cut_from_a_fused_name():
    text = ("财政项目支出绩效自评表\n项目名称社区图书馆运维\n一级指标二级指标三级指标年度指标值实际完成值分值得分\n"
            "产出指标数量指标图书馆开放天数≥300天310天2020\n"
            "效益指标社会效益指标拓展借阅渠道,提升图书借阅量较上年借阅人次明显增加达成指标3030\n")
    f = parse_text(text, "x.txt").forms[0]
    assert _g(run(f, "G001"), "G001") == ["拓展借阅渠道,提升图书借阅量"]
