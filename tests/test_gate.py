"""Fingerprints, baselines and suppressions: adopting the checker as a gate step by step.

A fingerprint must survive what happens to a batch between two runs (rows reordered, whitespace
reflowed, other files edited, a form added before it in its file, the folder moved) and change
when the finding does (another rule, indicator or evidence); same-named files in different
folders must not collide. Inputs are the synthetic forms of the end-to-end tests.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from test_e2e_cli import FORM_A, FORM_B
from typer.testing import CliRunner

from nlp_audit import pipeline
from nlp_audit.cli import app
from nlp_audit.findings import Finding
from nlp_audit.gate import Gate, SuppressionError, read_suppressions

runner = CliRunner()
EMB = ["--embedder", "tfidf"]
SELECT = ["S", "D", "A", "F", "G", "P"]  # table rules: deterministic and fast


def prints(folder: Path | list[Path], **kw) -> dict[tuple[str, str, str | None], str]:
    paths = folder if isinstance(folder, list) else [folder]
    result = pipeline.run(paths, select=SELECT, **kw)
    out = {}
    for fr in result.files:
        for f in fr.findings:
            out[(fr.key, f.rule, f.indicator, " ".join(f.evidence.split()))] = f.fingerprint
    return out


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _swap_rows(text: str, a: str, b: str) -> str:
    lines = text.split("\n")
    i = next(k for k, ln in enumerate(lines) if a in ln)
    j = next(k for k, ln in enumerate(lines) if b in ln)
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def test_fingerprint_recipe() -> None:
    def f(**kw) -> Finding:
        base = dict(rule="S004", name="n", severity="warning", field="indicator", message="m", path="x/a.txt",
                    form=0, project="助餐", indicator="及时率", evidence="≥95%\t90%")
        base.update(kw)
        return Finding(**base).seal("2023/a.txt")

    same = {f().fingerprint, f(form=3).fingerprint, f(message="reworded").fingerprint,
            f(evidence=" ≥95%  \n 90% ").fingerprint, f(path="/elsewhere/a.txt").fingerprint,
            f(start=10, end=20, line=7).fingerprint}
    assert len(same) == 1
    different = [f(rule="S002"), f(indicator="达标率"), f(evidence="≥95%\t91%"), f(project="另一项目")]
    assert all(g.fingerprint not in same for g in different)
    assert Finding(**{**f().to_json(), "fingerprint": ""} | {"reasons": []}).seal("2024/a.txt").fingerprint not in same
    no_name = Finding(rule="P002", name="n", severity="error", field="form", message="m", form=1)
    assert no_name.seal("a.txt").fingerprint != Finding(**{**no_name.to_json(), "form": 2}).seal("a.txt").fingerprint


def test_fingerprints_survive_reordering_whitespace_and_other_files(tmp_path: Path) -> None:
    before = prints(_write(tmp_path / "v1", {"a.txt": FORM_A, "b.txt": FORM_B}))
    assert any(rule == "S004" for _, rule, _, _ in before)
    reordered = _swap_rows(FORM_A, "\t餐食抽检合格率\t", "\t补贴发放及时率\t")
    spaced = reordered.replace("\n", "  \n\n").replace("\t", " \t")
    edited_b = FORM_B.replace("≥12座", "≥14座")
    after = prints(_write(tmp_path / "v2", {"a.txt": spaced, "b.txt": edited_b}))
    a_before = {k: v for k, v in before.items() if k[0] == "a.txt"}
    a_after = {k: v for k, v in after.items() if k[0] == "a.txt"}
    assert set(a_before.values()) == set(a_after.values())
    b_before = {v for k, v in before.items() if k[0] == "b.txt"}
    assert {v for k, v in after.items() if k[0] == "b.txt"} != b_before  # b really changed


def test_fingerprints_survive_a_form_added_before_in_the_same_file(tmp_path: Path) -> None:
    alone = prints(_write(tmp_path / "v1", {"a.txt": FORM_A}))
    both = prints(_write(tmp_path / "v2", {"a.txt": FORM_B + "\n\n" + FORM_A}))
    assert set(alone.values()) <= set(both.values())


def test_same_named_files_in_different_folders_do_not_collide(tmp_path: Path) -> None:
    folder = _write(tmp_path / "batch", {"2023/a.txt": FORM_A, "2024/a.txt": FORM_A})
    fps = prints(folder)
    y23 = {v for k, v in fps.items() if k[0] == "2023/a.txt"}
    y24 = {v for k, v in fps.items() if k[0] == "2024/a.txt"}
    assert y23 and y24 and not (y23 & y24)
    moved = tmp_path / "elsewhere" / "deeper"
    shutil.copytree(folder, moved)
    assert prints(moved) == fps


def _check(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, ["check", *args, *EMB])
    return res.exit_code, res.stdout, res.stderr


def test_write_baseline_then_report_only_new_findings(tmp_path: Path) -> None:
    folder = _write(tmp_path / "forms", {"a.txt": FORM_A, "b.txt": FORM_B})
    base = tmp_path / "baseline.json"
    code, out, err = _check(str(folder), "--write-baseline", str(base), "--fail-on", "warning")
    assert code == 0 and "baseline:" in err and base.exists()
    doc = json.loads(base.read_text("utf-8"))
    total = sum(e["count"] for e in doc["findings"])
    assert doc["version"] == 1 and total > 0 and {e["path"] for e in doc["findings"]} <= {"a.txt", "b.txt", ""}
    assert f"{total} finding(s) written" in err

    code, out, err = _check(str(folder), "--baseline", str(base), "--format", "json", "--fail-on", "warning")
    data = json.loads(out)
    assert code == 0 and data["findings"] == [] and data["summary"]["gate"]["baselined"] == total

    # a new deviation on a row that had none: only it is reported, and it fails the gate
    worse = FORM_A.replace("\t就餐老人满意度\t≥90.00(%)\t93.00(%)\t10.00\t10.00\t", "\t就餐老人满意度\t≥90.00(%)\t80.00(%)\t10.00\t10.00\t")
    (folder / "a.txt").write_text(worse, encoding="utf-8")
    code, out, _ = _check(str(folder), "--baseline", str(base), "--format", "jsonl", "--fail-on", "warning")
    new = [json.loads(x) for x in out.splitlines()]
    assert code == 1 and new and all(f["indicator"] == "就餐老人满意度" for f in new if f["path"])
    text = _check(str(folder), "--baseline", str(base), "--fail-on", "never")[1]
    assert "基线中已有" in text.splitlines()[-1]


def test_baseline_absorbs_each_fingerprint_as_often_as_recorded(tmp_path: Path) -> None:
    folder = _write(tmp_path / "forms", {"a.txt": FORM_A})
    result = pipeline.run([folder], select=SELECT)
    first = result.files[0].findings[0]
    from nlp_audit.gate import Baseline

    baseline = Baseline()
    baseline.counts[first.fingerprint] = 1
    twin = Finding(**{**first.to_json(), "reasons": []})
    twin.fingerprint = first.fingerprint
    result.files[0].findings.append(twin)
    n = len(result.files[0].findings)
    Gate(baseline=baseline)(result)
    assert len(result.files[0].findings) == n - 1 and result.gate.baselined == 1


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{", "not JSON"),
        ('{"version": 1}', "no 'findings' list"),
        ('{"version": 9, "findings": []}', "version 9"),
        ('{"version": 1, "findings": [{"count": 1}]}', "findings[0]"),
    ],
)
def test_a_bad_baseline_is_misuse_naming_the_file(tmp_path: Path, body: str, says: str) -> None:
    folder = _write(tmp_path / "forms", {"a.txt": FORM_A})
    base = tmp_path / "my-baseline.json"
    base.write_text(body, encoding="utf-8")
    code, out, err = _check(str(folder), "--baseline", str(base))
    assert code == 2 and out == "" and "my-baseline.json" in err and says in err, err


SUPPRESS = """
[[suppress]]
rule = "G"
path = "*.txt"
reason = "指标设置问题已在年初申报时统一整改"

[[suppress]]
rule = "A002"
reason = "满意度调查结果恰为 90%,已核对原始问卷"
expires = {expires}
"""


def test_suppressions_hold_findings_back_with_their_reason(tmp_path: Path) -> None:
    folder = _write(tmp_path / "forms", {"a.txt": FORM_A, "b.txt": FORM_B})
    plain = json.loads(_check(str(folder), "--format", "json", "--fail-on", "never")[1])
    counts = plain["summary"]["by_rule"]
    g = sum(n for code, n in counts.items() if code.startswith("G"))
    a002 = counts.get("A002", 0)
    assert g and a002, counts
    rules = tmp_path / "suppress.toml"
    rules.write_text(SUPPRESS.format(expires="2999-12-31"), encoding="utf-8")
    data = json.loads(_check(str(folder), "--suppressions", str(rules), "--format", "json", "--fail-on", "never")[1])
    assert not [f for f in data["findings"] if f["rule"].startswith("G") or f["rule"] == "A002"]
    assert data["summary"]["gate"]["suppressed"] == g + a002
    assert data["summary"]["gate"]["suppressed_by_reason"] == {
        "指标设置问题已在年初申报时统一整改": g, "满意度调查结果恰为 90%,已核对原始问卷": a002}
    text = _check(str(folder), "--suppressions", str(rules), "--fail-on", "never")[1].splitlines()[-1]
    assert f"已抑制 {g + a002} 个(" in text and "已核对原始问卷" in text

    rules.write_text(SUPPRESS.format(expires="2020-01-31"), encoding="utf-8")  # the second entry expired
    code, out, err = _check(str(folder), "--suppressions", str(rules), "--format", "json", "--fail-on", "never")
    data = json.loads(out)
    assert len([f for f in data["findings"] if f["rule"] == "A002"]) == a002
    assert "expired 2020-01-31" in err and "A002" in err
    assert data["summary"]["gate"]["expired_suppressions"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('[[suppress]]\nrule = "S004"\n', "reason"),
        ('[[suppress]]\nrule = "S004"\nreason = "  "\n', "reason is empty"),
        ('[[suppress]]\nreason = "why"\n', "at least one of"),
        ('[[suppress]]\nrule = "Z999"\nreason = "why"\n', "Z999"),
        ('[[suppress]]\nrule = "S004"\nreason = "why"\nwhen = 1\n', "when: unknown key"),
        ('[[suppress]]\nrule = "S004"\nreason = "why"\nexpires = "soon"\n', "expires"),
        ('[[suppres]]\nrule = "S004"\n', "unknown key 'suppres'"),
        ("rule = ", "not TOML"),
    ],
)
def test_a_bad_suppressions_file_is_misuse_naming_entry_and_key(tmp_path: Path, body: str, says: str) -> None:
    folder = _write(tmp_path / "forms", {"a.txt": FORM_A})
    rules = tmp_path / "my-suppress.toml"
    rules.write_text(body, encoding="utf-8")
    with pytest.raises(SuppressionError, match="my-suppress.toml"):
        read_suppressions(rules)
    code, out, err = _check(str(folder), "--suppressions", str(rules))
    assert code == 2 and out == "" and "my-suppress.toml" in err and says in err, err


def test_suppression_by_fingerprint_project_and_indicator(tmp_path: Path) -> None:
    folder = _write(tmp_path / "forms", {"a.txt": FORM_A})
    result = pipeline.run([folder], select=SELECT)
    target = next(f for fr in result.files for f in fr.findings if f.rule == "S004")
    rules = tmp_path / "s.toml"
    rules.write_text(f'[[suppress]]\nfingerprint = "{target.fingerprint}"\nproject = "{target.project}"\n'
                     f'indicator = "{target.indicator}"\nreason = "已复核"\n', encoding="utf-8")
    gated = pipeline.run([folder], select=SELECT, gate=Gate(suppressions=read_suppressions(rules),
                                                              today=dt.date(2024, 1, 1)))
    assert target.fingerprint not in {f.fingerprint for f in gated.findings}
    assert len(gated.findings) == len(result.findings) - 1 and gated.gate.suppressed == {"已复核": 1}
