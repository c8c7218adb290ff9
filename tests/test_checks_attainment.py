"""A001–A003: units, thresholds and worded actuals."""

from __future__ import annotations

from builders import declaration_form, row, rules_of, run, seed_form


def test_a001_rate_name_counted_in_people():
    f = seed_form({0: row("志愿者队伍建设完成率", "≥20.00(人)", "20.00(人)", 20, 20)})
    hits = run(f, "A001")
    assert len(hits) == 1 and hits[0].indicator == "志愿者队伍建设完成率"
    assert "志愿者队伍建设完成率\t≥20.00(人)" in hits[0].evidence
    assert hits[0].evidence in f.text


def test_a001_target_and_actual_units_differ():
    f = seed_form({0: row("培训人数", "≥200人", "180人次", 20, 18, "因疫情停办一期,下一步将补办")})
    hits = run(f, "A001")
    assert len(hits) == 1 and "人次" in hits[0].message
    # not comparable, so no proportional verdict either
    assert rules_of(run(f, "S002,S003,S004")) == []


def test_a001_near_misses():
    same = seed_form({0: row("活动知晓率", "≥85.00(%)", "85.00(%)", 20, 20)})
    assert run(same, "A001") == []
    count_name = seed_form({0: row("经费发放完成数", "=8.00(人)", "8.00(人)", 20, 20)})
    assert run(count_name, "A001") == []
    no_unit_actual = seed_form({0: row("存储备份器容量", "25TB", "25", 20, 20)})
    assert run(no_unit_actual, "A001") == []


def test_a001_on_declaration_checks_the_target_only():
    hits = run(declaration_form(), "A001")
    assert [h.indicator for h in hits] == ["中心宣传展示及时率"]


def test_a002_exact_threshold_only_for_ge_le():
    f = seed_form({6: row("党员群众满意度", "≥90.00(%)", "90.00(%)", 10, 10)})
    hits = run(f, "A002")
    assert len(hits) == 1 and hits[0].severity == "info"
    eq = seed_form({0: row("服务站建设完成数量", "=100.00(%)", "100.00(%)", 20, 20)})
    assert run(eq, "A002") == []
    above = seed_form({6: row("党员群众满意度", "≥90.00(%)", "90.50(%)", 10, 10)})
    assert run(above, "A002") == []
    le = seed_form({3: row("单位成本", "≤7600元", "7600元", 10, 10)})
    assert len(run(le, "A002")) == 1


def test_a002_not_when_actual_repeats_the_comparator_or_on_declarations():
    f = seed_form({1: row("护栏安装长度", "≥312米", "≥312米", 10, 10)})
    assert run(f, "A002") == []
    assert run(declaration_form(), "A002") == []


def test_a003_numeric_target_worded_actual():
    f = seed_form({3: row("成本控制数", "≤30万元", "完成", 10, 10)})
    hits = run(f, "A003")
    assert len(hits) == 1 and hits[0].actual == "完成"
    assert run(seed_form({3: row("成本控制数", "≤30万元", "28.6万元", 10, 10)}), "A003") == []
    assert run(seed_form(), "A003") == []  # 提升 / 达成指标: qualitative target, fine


def test_a003_not_for_admitted_shortfall():
    f = seed_form({3: row("成本控制数", "≤30万元", "未完成", 10, 5, "因材料涨价超支,下一步将严格控制")})
    assert run(f, "A003") == []


def test_a003_reads_traditional_characters():
    f = seed_form({3: row("成本控制數", "≤30萬元", "達成指標", 10, 10)})
    hits = run(f, "A003")
    assert len(hits) == 1 and hits[0].actual == "達成指標"  # the raw text is quoted
    admitted = seed_form({3: row("成本控制數", "≤30萬元", "部分達成", 10, 6, "因材料漲價超支,下一步將嚴格控制")})
    assert run(admitted, "A003") == []
