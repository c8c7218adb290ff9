"""Config files found like ruff's, overridden by the command line; unknown keys are errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_e2e_cli import FORM_A
from typer.testing import CliRunner

from nlp_audit.cli import app
from nlp_audit.settings import KEYS, Settings, SettingsError, find_config, resolve

runner = CliRunner()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    forms = tmp_path / "proj" / "forms" / "2023"
    forms.mkdir(parents=True)
    (forms / "a.txt").write_text(FORM_A, encoding="utf-8")
    return tmp_path / "proj"


def test_defaults_without_any_config(tmp_path: Path) -> None:
    r = resolve([tmp_path], isolated=True)
    assert r.settings == Settings() and r.config_file is None
    assert r.settings.fail_on == "error" and r.settings.lang == "zh"
    assert r.settings.jobs is None  # not set: files run in this process (set, even to 1: in killable workers)


def test_pyproject_table_found_in_a_parent_folder(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.nlp-audit]\nselect = ["S", "D"]\n'
                                            'fail-on = "warning"\njobs = 2\n', encoding="utf-8")
    r = resolve([project / "forms" / "2023"])
    assert r.config_file == project / "pyproject.toml"
    assert (r.settings.select, r.settings.fail_on, r.settings.jobs) == (["S", "D"], "warning", 2)
    assert r.sources["select"] == str(project / "pyproject.toml") and "lang" not in r.sources


def test_nearest_file_wins_and_pyproject_without_table_is_passed_over(project: Path) -> None:
    (project / "nlp-audit.toml").write_text('select = "F"\n', encoding="utf-8")
    (project / "forms" / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")
    (project / "forms" / "2023" / ".nlp-audit.toml").write_text('ignore = "C,G"\n', encoding="utf-8")
    r = resolve([project / "forms" / "2023" / "a.txt"])
    assert r.config_file == project / "forms" / "2023" / ".nlp-audit.toml"
    assert r.settings.ignore == ["C", "G"] and r.settings.select == []  # the nearest file alone, like ruff
    assert find_config(project / "forms") == (project / "nlp-audit.toml", {"select": "F"})


def test_command_line_overrides_config_and_config_key_value(project: Path) -> None:
    (project / "nlp-audit.toml").write_text('fail-on = "info"\nlang = "en"\nformat = "json"\n', encoding="utf-8")
    r = resolve([project / "forms"], cli={"fail_on": "never", "format": None}, config=["lang = 'zh'", "jobs = 0"])
    assert (r.settings.fail_on, r.settings.lang, r.settings.format, r.settings.jobs) == ("never", "zh", "json", 0)
    assert r.sources == {"fail_on": "command line", "lang": "--config", "format": str(project / "nlp-audit.toml"),
                         "jobs": "--config"}


def test_paths_in_a_config_file_are_relative_to_it(project: Path) -> None:
    (project / "nlp-audit.toml").write_text('baseline = "gate/baseline.json"\nrules = "packs/local.yaml"\n'
                                            'suppressions = "gate/s.toml"\n', encoding="utf-8")
    r = resolve([project / "forms"])
    assert r.settings.baseline == str(project / "gate" / "baseline.json")
    assert r.settings.suppressions == str(project / "gate" / "s.toml")
    assert r.settings.rules == str(project / "packs" / "local.yaml")
    assert resolve([project / "forms"], cli={"rules": "hubei"}).settings.rules == "hubei"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("selct = ['S']\n", "unknown key 'selct'"),
        ("fail-on = 'sometimes'\n", "fail-on"),
        ("jobs = -1\n", "jobs"),
        ("format = 'yaml'\n", "unknown format 'yaml'"),
        ("lang = 'fr'\n", "lang"),
        ("select = [\n", "not TOML"),
    ],
)
def test_a_bad_config_file_exits_2_naming_file_and_key(project: Path, body: str, says: str) -> None:
    cfg = project / "nlp-audit.toml"
    cfg.write_text(body, encoding="utf-8")
    with pytest.raises(SettingsError, match="nlp-audit.toml"):
        resolve([project / "forms"])
    res = runner.invoke(app, ["check", str(project / "forms"), "--embedder", "tfidf"])
    assert res.exit_code == 2 and res.stdout == "" and str(cfg) in res.stderr and says in res.stderr, res.stderr


def test_pyproject_unknown_key_and_config_override_errors(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.nlp-audit]\nfail_on = 'error'\nbogus = 1\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(project / "forms")])
    assert res.exit_code == 2 and "pyproject.toml: unknown key 'bogus'" in res.stderr
    res = runner.invoke(app, ["check", str(project / "forms"), "--isolated", "--config", "nope = 1"])
    assert res.exit_code == 2 and "--config 'nope = 1': unknown key 'nope'" in res.stderr


def test_show_settings_prints_every_key_with_its_source(project: Path) -> None:
    (project / "nlp-audit.toml").write_text('select = ["S"]\nexclude = ["草稿"]\n', encoding="utf-8")
    res = runner.invoke(app, ["check", str(project / "forms"), "--show-settings", "--fail-on", "warning"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == f"# config file: {project / 'nlp-audit.toml'}"
    shown = {ln.split(" = ")[0]: ln for ln in lines[1:]}
    assert set(shown) == set(KEYS)
    assert shown["select"].startswith('select = ["S"]') and shown["select"].endswith(str(project / "nlp-audit.toml"))
    assert shown["fail-on"].startswith('fail-on = "warning"') and shown["fail-on"].endswith("# command line")
    assert shown["lang"].endswith("# default") and shown["baseline"].startswith("baseline = none")


def test_config_drives_a_real_run(project: Path) -> None:
    (project / "nlp-audit.toml").write_text('select = ["S004"]\nformat = "jsonl"\nembedder = "tfidf"\n'
                                            'fail-on = "never"\n', encoding="utf-8")
    res = runner.invoke(app, ["check", str(project / "forms")])
    assert res.exit_code == 0, res.output
    rules = {json.loads(line)["rule"] for line in res.stdout.splitlines()}
    assert rules == {"S004"}
    isolated = runner.invoke(app, ["check", str(project / "forms"), "--isolated", "--embedder", "tfidf",
                                   "--fail-on", "never"])
    assert "共 1 个文件" in isolated.stdout  # text: the config's format is not used


def test_adding_a_setting_is_one_field(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field on Settings is a config key, a --config override and a --show-settings line at once."""
    from pydantic import Field, create_model

    import nlp_audit.settings as settings_module

    extended = create_model("Extended", __base__=Settings,
                            max_bytes_per_file=(int, Field(50_000_000, ge=1, description="bytes per input file")))
    monkeypatch.setattr(settings_module, "Settings", extended)
    monkeypatch.setattr(settings_module, "KEYS", {k.replace("_", "-"): k for k in extended.model_fields})
    r = settings_module.resolve([], config=["max-bytes-per-file = 1000"], isolated=True)
    assert r.settings.max_bytes_per_file == 1000 and "max-bytes-per-file = 1000" in r.show()
