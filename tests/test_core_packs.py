"""Rule packs load, inherit, and fail with the file, key and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_audit.packs import PackError, builtin_packs, load_pack


def test_default_pack_loads_with_domain_defaults():
    pack = load_pack("default")
    assert pack.param("weights.output") == 50
    assert pack.param("scoring.over_achievement_ratio") == 1.3
    assert pack.param("grade_bands.优") == 90
    assert pack.param("no.such.key", "fallback") == "fallback"


def test_builtin_packs_listed():
    assert "default" in builtin_packs()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pack_extends_and_overrides_only_what_differs(tmp_path):
    path = _write(tmp_path, "local.yaml", "extends: default\nparams:\n  weights:\n    funds: 20\n    output: 40\n")
    pack = load_pack(str(path))
    assert pack.param("weights.funds") == 20
    assert pack.param("weights.output") == 40
    assert pack.param("weights.satisfaction") == 10  # inherited


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
