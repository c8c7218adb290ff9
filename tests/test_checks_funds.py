"""F001–F004 on funds blocks built like the seed, Hubei, Sichuan and declaration layouts."""

from __future__ import annotations

from builders import declaration_form, funds, hubei_form, run, seed_form, sichuan_form, standard_funds


def _one(findings, code):
    hits = [f for f in findings if f.rule == code]
    assert len(hits) == 1, [(f.rule, f.message) for f in findings]
    return hits[0]


# --- F001 execution rate ----------------------------------------------------------------------

def test_f001_fires_when_stated_rate_disagrees_with_amounts():
    rows = standard_funds(144.0, 155.17, 155.17)
    rows[0].rate, rows[0].rate_text = 90.0, "90.00"
    f = _one(run(seed_form(funds_rows=rows), "F001"), "F001")
    assert f.expected == 100.0 and f.actual == 90.0
    assert f.evidence.startswith("年度资金总额") and "90.00" in f.evidence
    assert "155.17" in f.formula


def test_f001_accepts_rate_as_fraction_and_rounded_percent():
    frac = [funds("年度资金总额", 36, 36, 34.5, 9, "0.958", 8)]
    assert run(seed_form(funds_rows=frac), "F001") == []
    rounded = [funds("年度资金总额", 280.6, 280.6, 139.96, 10, "50%", 5)]  # 49.88% printed as 50%
    assert run(seed_form(funds_rows=rounded), "F001") == []


def test_f001_skips_zero_budget_rows_and_missing_amounts():
    rows = standard_funds(10, 10, 10) + [funds("彩票公益金", 0, 0, 0, None, "100%")]
    rows.append(funds("部门整体支出总额", None, 938.6, None, 20, "100%", 20))
    assert run(seed_form(funds_rows=rows), "F001") == []


def test_f001_near_miss_within_tolerance():
    rows = [funds("年度资金总额", 41.5, 41.5, 40.59, 10, "97.80%", 10)]  # 97.81%
    assert run(seed_form(funds_rows=rows), "F001") == []
    rows = [funds("年度资金总额", 41.5, 41.5, 40.59, 10, "96.80%", 10)]
    assert [f.rule for f in run(seed_form(funds_rows=rows), "F001")] == ["F001"]


# --- F002 execution score ---------------------------------------------------------------------

def test_f002_rounding_to_form_precision():
    # 97.8% x 10 = 9.78 scored 9 on a whole-point form: wrong (SPEC §2)
    rows = [funds("年度资金总额", 41.5, 41.5, 40.59, 10, "97.80%", 9)]
    f = _one(run(seed_form(funds_rows=rows), "F002"), "F002")
    assert abs(f.expected - 9.78) < 0.01 and f.actual == 9
    # 86.2% x 10 = 8.62 scored 9 on a whole-point form: fine
    rows = [funds("年度资金总额", 52.8, 52.8, 45.51, 10, "86%", 9)]
    assert run(seed_form(funds_rows=rows), "F002") == []


def test_f002_fraction_rate_and_nonstandard_weight():
    rows = [funds("年度资金总额", 36, 36, 34.5, 9, "0.958", 8),
            funds("其中:当年财政拨款", 36, 36, 34.5, 9, "0.958", 8)]
    hits = run(seed_form(funds_rows=rows), "F002")
    assert len(hits) == 1 and abs(hits[0].expected - 8.63) < 0.01  # only the total row is scored


def test_f002_caps_rate_at_100_and_uses_pack_threshold(tmp_path):
    over = [funds("年度资金总额", 100, 100, 120, 10, "120%", 10)]
    assert run(seed_form(funds_rows=over), "F002") == []
    rows = [funds("年度资金总额", 100, 100, 92, 10, "92%", 10)]  # 9.2 rounds to 9, not 10
    assert [f.rule for f in run(seed_form(funds_rows=rows), "F002")] == ["F002"]
    pack = tmp_path / "full90.yaml"
    pack.write_text("extends: default\nname: full90\nparams:\n  execution:\n    full_score_threshold: 90\n",
                    encoding="utf-8")
    assert run(seed_form(funds_rows=rows), "F002", pack=str(pack)) == []


def test_f002_hubei_twenty_point_block_is_checked_against_its_own_weight():
    assert run(hubei_form(), "F002") == []
    low = hubei_form(funds_rows=[funds("年度财政资金总额", None, 5.0, 4.0, 20, "80%", 20)])
    f = _one(run(low, "F002"), "F002")
    assert f.expected == 16.0


# --- F003 sums --------------------------------------------------------------------------------

def test_f003_total_not_sum_of_sources():
    rows = [funds("年度资金总额", 100, 100, 100, 10, "100%", 10), funds("当年财政拨款", 80, 80, 80),
            funds("上年结转资金", 30, 30, 30), funds("其他资金", 0, 0, 0)]
    hits = run(seed_form(funds_rows=rows), "F003")
    assert len(hits) == 3  # 年初 / 全年 / 执行 columns
    assert all(h.expected == 110 and h.actual == 100 for h in hits)


def test_f003_nested_sub_items_and_single_of_which_row():
    nested = [funds("年度资金总额", 10606.75, 10606.75, None), funds("财政拨款", 6923.36, 6923.36, None),
              funds("上级财政资金", 6923.36, 6923.36, None), funds("本级财政", 0, 0, None),
              funds("自有资金", 0, 0, None), funds("其他", 3683.39, 3683.39, None)]
    assert run(declaration_form(funds_rows=nested), "F003") == []
    of_which = [funds("年度资金总额", 8.28, 5.46, 5.46, 10, "100%", 10), funds("其中: 当年财政拨款", 8.0, 5.0, 5.0)]
    assert run(seed_form(funds_rows=of_which), "F003") == []
    bigger = [funds("年度资金总额", 8.28, 5.46, 5.46, 10, "100%", 10), funds("其中: 当年财政拨款", 9.0, 5.0, 5.0)]
    assert [h.rule for h in run(seed_form(funds_rows=bigger), "F003")] == ["F003"]


def test_f003_siblings_equal_to_each_other_are_not_mistaken_for_nesting():
    rows = [funds("年度资金总额", 100, 100, 100, 10, "100%", 10), funds("当年财政拨款", 50, 50, 50),
            funds("上年结转资金", 50, 50, 50), funds("其他资金", 0, 0, 0)]
    assert run(seed_form(funds_rows=rows), "F003") == []


def test_f003_execution_above_budget():
    rows = [funds("年度资金总额", 20, 20, 23, 10, "115%", 10), funds("当年财政拨款", 20, 20, 23)]
    hits = run(seed_form(funds_rows=rows), "F003")
    assert {h.evidence.split("\t")[0] for h in hits} == {"年度资金总额", "当年财政拨款"}
    assert all("大于全年预算数" in h.message for h in hits)


def test_f003_sichuan_sources_pass():
    assert run(sichuan_form(), "F003") == []


# --- F004 budget adjustment -------------------------------------------------------------------

def test_f004_large_cut_without_explanation():
    rows = standard_funds(8.28, 5.46, 5.46)
    f = _one(run(seed_form(funds_rows=rows), "F004"), "F004")
    assert "-34" in f.actual and f.evidence.startswith("年度资金总额\t8.28\t5.46")


def test_f004_explained_or_small_change_passes():
    rows = standard_funds(8.28, 5.46, 5.46)
    said = seed_form(funds_rows=rows, actual="因上级调减补助资金,全年预算调整为5.46万元,补贴全部发放。")
    assert run(said, "F004") == []
    assert run(seed_form(funds_rows=standard_funds(155.63, 151.77, 151.77)), "F004") == []


def test_f004_all_money_added_during_year():
    rows = [funds("年度资金总额", 0.0, 3.36, 3.36, 10, "100.00%", 10), funds("财政资金", 0.0, 3.36, 3.36)]
    f = _one(run(seed_form(funds_rows=rows), "F004"), "F004")
    assert "年初为 0" in f.actual


def test_f004_threshold_comes_from_pack(tmp_path):
    rows = standard_funds(100, 125, 125)
    assert run(seed_form(funds_rows=rows), "F004") == []
    pack = tmp_path / "strict.yaml"
    pack.write_text("extends: default\nname: strict\nparams:\n  budget_adjustment_ratio: 0.2\n", encoding="utf-8")
    assert [f.rule for f in run(seed_form(funds_rows=rows), "F004", pack=str(pack))] == ["F004"]


# --- misread columns are not judged -----------------------------------------------------------

def test_slid_funds_columns_are_not_reported_as_arithmetic_errors():
    # 年初 cell missing: 41.5 | 40.59 | 10 | 97.80% | 9 read one column to the left
    slid = [funds("年度资金总额", 41.5, 40.59, 10, 97.8, None, 9)]
    assert run(seed_form(funds_rows=slid), "F002") == []
    pct = [funds("年度资金总额", 52.8, 52.8, 45.51, 10, None, 86)]
    pct[0].score_text = "86%"
    assert run(seed_form(funds_rows=pct), "F002,S001") == []
    rate_is_amount = [funds("总额", None, 216.47, 229.35, 10, 229.35, 10)]
    assert run(seed_form(funds_rows=rate_is_amount), "F001") == []
    no_initial = [funds("总额", None, 216.47, 229.35, 10, "100.00%", 10)]
    assert run(seed_form(funds_rows=no_initial), "F003") == []


def test_f004_sources_moved_while_the_total_stayed():
    rows = [funds("年度资金总额", 100, 100, 100, 10, "100.00%", 10), funds("当年财政拨款", 80, 40, 40),
            funds("上年结转资金", 20, 60, 60)]
    hits = run(seed_form(funds_rows=rows), "F004")
    assert [h.evidence.split("\t")[0] for h in hits] == ["当年财政拨款", "上年结转资金"]


def test_f004_one_adjustment_is_one_finding_naming_the_sources():
    rows = [funds("年度资金总额", 100, 150, 150, 10, "100.00%", 10), funds("当年财政拨款", 100, 150, 150)]
    hits = run(seed_form(funds_rows=rows), "F004")
    assert len(hits) == 1 and hits[0].evidence.startswith("年度资金总额")
    assert any("当年财政拨款" in r for r in hits[0].reasons)


def test_f004_near_misses_for_sources():
    carry_over = [funds("年度资金总额", 100, 110, 110, 10, "100.00%", 10), funds("当年财政拨款", 100, 100, 100),
                  funds("上年结转资金", 0, 10, 10)]
    assert run(seed_form(funds_rows=carry_over), "F004") == []  # carry-over fixed after the year began
    small = [funds("年度资金总额", 100, 100, 100, 10, "100.00%", 10), funds("当年财政拨款", 80, 75, 75),
             funds("上年结转资金", 20, 25, 25)]
    assert run(seed_form(funds_rows=small), "F004") == []
    moved = [funds("年度资金总额", 100, 100, 100, 10, "100.00%", 10), funds("当年财政拨款", 80, 40, 40),
             funds("上年结转资金", 20, 60, 60)]
    said = seed_form(funds_rows=moved, actual="年中财政拨款调减40万元,由上年结转资金补足,补贴全部发放。")
    assert run(said, "F004") == []
