"""Rule packs load, inherit, and fail with the file, key and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_audit.packs import PackError, builtin_packs, load_pack


def test_default_pack_loads_with_domain_defaults():
    pack = load_pack("default")
    assert pack.settings.weights.output == 50
    assert pack.settings.scoring.over_achievement_ratio == 1.3
    assert pack.settings.grade_bands["优"] == 90
    assert pack.rule_params("D002").min_chars == 4
    assert pack.rule_params("F001") is None  # a rule without parameters of its own


def test_builtin_packs_listed():
    assert "default" in builtin_packs()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pack_extends_and_overrides_only_what_differs(tmp_path):
    path = _write(tmp_path, "local.yaml", "extends: default\nparams:\n  weights:\n    funds: 20\n    output: 40\n")
    pack = load_pack(str(path))
    assert pack.settings.weights.funds == 20
    assert pack.settings.weights.output == 40
    assert pack.settings.weights.satisfaction == 10  # inherited


def test_unknown_rule_code_is_a_clear_error(tmp_path):
    path = _write(tmp_path, "bad.yaml", "extends: default\nrules:\n  Z999:\n    severity: error\n")
    with pytest.raises(PackError, match=r"bad\.yaml.*rules\.Z999.*unknown rule code"):
        load_pack(str(path))


def test_bad_severity_is_a_clear_error(tmp_path):
    path = _write(tmp_path, "sev.yaml", "rules:\n  P001:\n    severity: fatal\n")
    with pytest.raises(PackError, match=r"rules\.P001\.severity"):
        load_pack(str(path))


def test_non_numeric_threshold_is_rejected(tmp_path):
    path = _write(tmp_path, "num.yaml", "params:\n  scoring:\n    over_achievement_ratio: 1.3O\n")
    with pytest.raises(PackError, match="over_achievement_ratio"):
        load_pack(str(path))


def test_invalid_yaml_and_missing_pack(tmp_path):
    path = _write(tmp_path, "broken.yaml", "params: [unclosed\n")
    with pytest.raises(PackError, match="not valid YAML"):
        load_pack(str(path))
    with pytest.raises(PackError, match="no such rule pack"):
        load_pack("atlantis")


def test_extends_cycle_detected(tmp_path):
    _write(tmp_path, "a.yaml", "extends: b.yaml\n")
    b = _write(tmp_path, "b.yaml", "extends: a.yaml\n")
    with pytest.raises(PackError, match="cycle"):
        load_pack(str(b))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("extends: default\nparams:\n  execution:\n    rate_tolrance: 1\n", r"params\.execution\.rate_tolrance"),
        ("extends: default\nparms:\n  weights: {}\n", r"parms: unknown key"),
        ("extends: default\nrules:\n  D002:\n    params: {min_char: 6}\n", r"rules\.D002\.params\.min_char"),
        ("extends: default\nrules:\n  F001:\n    params: {tolerance: 1}\n", r"rules\.F001\.params\.tolerance"),
        ("extends: default\nrules:\n  D002:\n    severty: error\n", r"rules\.D002\.severty"),
        ("extends: default\nlexicons:\n  reason_boilerplat: [无]\n", r"lexicons\.reason_boilerplat"),
        ("extends: default\nlexicons:\n  narrative: {completion_phrase: [全面完成]}\n",
         r"lexicons\.narrative\.completion_phrase"),
    ],
)
def test_unknown_keys_name_the_file_and_the_key(tmp_path, text, key):
    path = _write(tmp_path, "typo.yaml", text)
    with pytest.raises(PackError, match=r"typo\.yaml: " + key):
        load_pack(str(path))


def test_unknown_key_in_a_parent_pack_names_the_parent(tmp_path):
    _write(tmp_path, "parent.yaml", "extends: default\nparams:\n  scoring:\n    over_ratio: 1.5\n")
    child = _write(tmp_path, "child.yaml", "extends: parent.yaml\n")
    with pytest.raises(PackError, match=r"parent\.yaml: params\.scoring\.over_ratio"):
        load_pack(str(child))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("params:\n  scoring:\n    over_achievement_ratio: 0.9\n", "over_achievement_ratio: 0.9 is below"),
        ("params:\n  qualitative_bands:\n    partial: [0.8, 0.6]\n", "qualitative_bands.partial"),
        ("params:\n  scoring:\n    reverse_rule: quadratic\n", "reverse_rule"),
        ("rules:\n  B002:\n    params: {grade_share: 2}\n", r"rules\.B002\.params\.grade_share"),
        ("rules:\n  D002:\n    enabled: maybe\n", r"rules\.D002\.enabled"),
    ],
)
def test_values_out_of_type_or_bounds_are_refused(tmp_path, text, key):
    path = _write(tmp_path, "bounds.yaml", "extends: default\n" + text)
    with pytest.raises(PackError, match=key):
        load_pack(str(path))


def test_zero_is_a_value_not_a_missing_one(tmp_path):
    path = _write(tmp_path, "zero.yaml", "extends: default\nparams:\n  execution:\n    rate_tolerance: 0\n"
                  "  funds:\n    sum_tolerance: 0\n  budget_adjustment_ratio: 0\n"
                  "rules:\n  D002:\n    params: {min_chars: 0}\n")
    pack = load_pack(str(path))
    assert pack.settings.execution.rate_tolerance == 0
    assert pack.settings.funds.sum_tolerance == 0
    assert pack.settings.budget_adjustment_ratio == 0
    assert pack.rule_params("D002").min_chars == 0


def test_the_over_achievement_ratio_is_one_value_read_by_every_rule(tmp_path):
    """S008 (and D001 through the row verdict) read the same typed value: raising it to 2.0 makes a
    150% row no longer far over target for both."""
    from builders import row, rules_of, run, seed_form

    over = seed_form({1: row("多媒体设备运行维护频次", "≥4.00(次)", "6.00(次)", 10, 10)})
    assert rules_of(run(over, "S008,D001")) == ["D001", "S008"]
    path = _write(tmp_path, "ratio.yaml", "extends: default\nparams:\n  scoring:\n    over_achievement_ratio: 2.0\n")
    assert run(over, "S008,D001", pack=load_pack(str(path))) == []


def test_a_pack_can_override_the_checks_lexicons(tmp_path):
    """The narrative, claims and writing lexicons are the pack's to tune (the layout's are not)."""
    from builders import row, rules_of, run, seed_form

    f = seed_form(actual="各项任务顺利收官。",
                  replace={2: row("服务站建设及时率", "=100.00(%)", "90.00(%)", 10, 9, "因雨延期,下一步将提前开工")})
    assert "C004" not in rules_of(run(f, "C004"))
    path = _write(tmp_path, "lex.yaml", "extends: default\nlexicons:\n  narrative:\n"
                  "    completion_phrases: [顺利收官]\n")
    assert rules_of(run(f, "C004", pack=load_pack(str(path)))) == ["C004"]


def test_a_pack_can_override_the_claims_and_indicator_lexicons(tmp_path):
    from builders import row, rules_of, run, seed_form

    f = seed_form(actual="居民认可度达到95%。")
    f.indicators = [row("居民认可指数", "≥90%", "92%", 20, 20)]
    assert rules_of(run(f, "C001,C002")) == ["C001"]  # not a satisfaction indicator by its name
    types = "satisfaction: [满意, 认可]\n      rate: [率, 指数]"
    path = _write(tmp_path, "types.yaml", "extends: default\nlexicons:\n  indicators:\n    indicator_types:\n      "
                  + types + "\n")
    assert rules_of(run(f, "C001,C002", pack=load_pack(str(path)))) == ["C002"]
    g = seed_form(actual="建设一支高素质的社区干部队伍。")
    assert run(g, "C001") == []
    path = _write(tmp_path, "nums.yaml", "extends: default\nlexicons:\n  claims:\n    not_quantities: []\n")
    assert rules_of(run(g, "C001", pack=load_pack(str(path)))) == ["C001"]
