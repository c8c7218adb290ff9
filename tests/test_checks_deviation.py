"""D001–D004: the deviation reason of rows that fall short, lose points or far exceed target."""

from __future__ import annotations

import pytest
from builders import declaration_form, hubei_form, row, rules_of, run, seed_form


def _shortfall(reason, score=9):
    return seed_form({2: row("服务站建设及时率", "=100.00(%)", "90.00(%)", 10, score, reason)})


def test_no_deviation_no_d_findings_even_with_boilerplate():
    rows = {i: r for i, r in enumerate(seed_form().indicators)}
    for r in rows.values():
        r.reason = "无"
    assert run(seed_form(rows), "D") == []
    assert run(hubei_form(), "D", pack="hubei") == []
    assert run(declaration_form(), "D") == []


@pytest.mark.parametrize("reason", [None, "", "  ", "/", "-", "0"])
def test_d001_empty_reason_on_shortfall(reason):
    hits = run(_shortfall(reason), "D")
    assert rules_of(hits) == ["D001"]
    assert hits[0].evidence.startswith("服务站建设及时率\t=100.00(%)\t90.00(%)")


def test_d001_deduction_and_over_achievement_are_deviations():
    met_but_deducted = seed_form({1: row("服务站建设达标率", "≥90%", "95%", 10, 8)})
    assert rules_of(run(met_but_deducted, "D")) == ["D001"]
    over = seed_form({1: row("多媒体设备运行维护频次", "≥4.00(次)", "12.00(次)", 10, 10)})
    assert rules_of(run(over, "D")) == ["D001"]
    qual = seed_form({4: row("运营服务及时性", "及时", "部分达成指标并具有一定效果", 20, 16)})
    assert rules_of(run(qual, "D")) == ["D001"]


@pytest.mark.parametrize("reason", ["基本达标", "无", "暂无", "已完成", "正常", "無", "暫無", "基本達標"])
def test_d002_boilerplate(reason):
    hits = run(_shortfall(reason), "D002")
    assert len(hits) == 1 and hits[0].evidence == reason


def test_d002_vague_marker_inside_a_longer_reason_also_gets_d003():
    hits = run(_shortfall("活动中人数较多, 服务偶有疏漏"), "D")
    assert rules_of(hits) == ["D002", "D003"]
    assert all(h.evidence == "活动中人数较多, 服务偶有疏漏" for h in hits)


def test_d002_near_miss_specific_reason():
    assert run(_shortfall("建设完成时间比计划时间稍晚"), "D002") == []


@pytest.mark.parametrize(
    ("reason", "fires"),
    [
        ("建设完成时间比计划时间稍晚", True),  # cause only
        ("部分党员因工作原因未参加党员活动", True),  # cause only
        ("人流多时服务偶有不及时", True),  # problem only
        ("下一步将加强管理,确保按时完成", True),  # measure only, no cause
        ("受疫情影响活动延期,下一步将合理安排活动时间", False),
        ("因施工单位进场晚导致延期,今后将提前招标", False),
        ("基本达标", False),  # boilerplate is D002's
        ("無", False),  # traditional boilerplate too
        ("项目招标环节耗时较长,实施周期压缩,下一步将加强政策宣传", False),  # 耗时较长 is the cause
        ("項目招標環節耗時較長,實施周期壓縮,今後將提前謀劃項目", False),
    ],
)
def test_d003_cause_and_measure(reason, fires):
    assert bool(run(_shortfall(reason), "D003")) is fires


def test_d004_reason_claims_completion_on_shortfall():
    hits = run(_shortfall("已全部完成"), "D004")
    assert len(hits) == 1 and "已全部完成" in hits[0].message
    assert run(_shortfall("工程已完工,但3%尾款未付"), "D004") == []
    met = seed_form({1: row("服务站建设达标率", "≥90%", "95%", 10, 8, "已全部完成")})
    assert run(met, "D004") == []  # deduction, not a shortfall: S003 / D002 say it


def test_d_rules_read_lexicons_from_the_pack(tmp_path):
    pack = tmp_path / "lex.yaml"
    pack.write_text("extends: default\nname: lex\nlexicons:\n  reason_vague_markers: [稍晚]\n", encoding="utf-8")
    assert run(_shortfall("建设完成时间比计划时间稍晚"), "D002", pack=str(pack))
    assert not run(_shortfall("建设完成时间比计划时间稍晚"), "D002")


@pytest.mark.parametrize(
    "reason",
    ["未完成的原因是完成率未达到目标", "原因是实际完成值为90%", "实际完成值低于年度指标值", "服务站建设及时率未达到100%",
     "未完成原因:完成率只有90%,未达到预期目标"],
)
def test_d002_circular_reason_only_restates_the_gap(reason):
    hits = run(_shortfall(reason), "D")
    assert rules_of(hits) == ["D002"] and "复述" in hits[0].message


def test_d002_circular_money_reason():
    f = seed_form({2: row("项目资金支出", "≥50万元", "48万元", 10, 9.6, "原因是实际支出为48万元")})
    assert rules_of(run(f, "D")) == ["D002"]


@pytest.mark.parametrize(
    "reason",
    ["未完成的原因是雨季施工受阻,下一步将提前安排", "实际支出低于预算,因部分工程尚未结算,下一步将加快结算",
     "原因是招标流程较长,今后将提前招标"],
)
def test_d002_near_miss_reason_that_names_a_cause(reason):
    assert run(_shortfall(reason), "D") == []
