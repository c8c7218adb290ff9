"""The formatters and readers through the command line: exit codes, --output, format errors.

An unreadable input (random bytes named .pdf) always yields one P001 error whatever the parser
does, so the exit-code contract is tested on it; the full-form round trip waits for the parser.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp_audit.cli import app

runner = CliRunner()


@pytest.fixture()
def broken_pdf(tmp_path: Path) -> Path:
    rng = random.Random(3)
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(2000)))
    return path


@pytest.fixture()
def empty_txt(tmp_path: Path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_exit_code_follows_fail_on(broken_pdf: Path, fail_on: str, code: int) -> None:
    res = runner.invoke(
        app, ["check", str(broken_pdf), "--format", "jsonl", "--fail-on", fail_on, "--embedder", "tfidf"]
    )
    assert res.exit_code == code, res.output
    finding = json.loads(res.stdout.splitlines()[0])
    assert finding["rule"] == "P001" and finding["severity"] == "error"
    assert "PDF" in finding["message"]


def test_ignoring_the_only_finding_exits_zero(broken_pdf: Path) -> None:
    res = runner.invoke(
        app, ["check", str(broken_pdf), "--format", "json", "--ignore", "P001", "--embedder", "tfidf"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["findings"] == [] and data["summary"]["files"] == 1


def test_output_file_is_written_in_each_format(tmp_path: Path, broken_pdf: Path, empty_txt: Path) -> None:
    for fmt, name in [("csv", "out.csv"), ("xlsx", "out.xlsx"), ("html", "out.html"), ("sarif", "out.sarif")]:
        out = tmp_path / name
        res = runner.invoke(
            app,
            [
                "check",
                str(broken_pdf),
                str(empty_txt),
                "--format",
                fmt,
                "--output",
                str(out),
                "--embedder",
                "tfidf",
            ],
        )
        assert res.exit_code == 1, (fmt, res.output)
        assert res.stdout == ""
        assert out.stat().st_size > 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_bytes().decode("utf-8-sig"))))
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in rows) == ["empty.txt", "扫描件.pdf"]
    assert {r["rule"] for r in rows} == {"P001"}
    assert any("empty file" in r["message"] for r in rows)
    sarif = json.loads((tmp_path / "out.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == 2


def test_text_format_summary_on_stdout(broken_pdf: Path) -> None:
    res = runner.invoke(app, ["check", str(broken_pdf), "--embedder", "tfidf"])
    assert res.exit_code == 1
    assert res.stdout.rstrip().endswith("共 1 个文件、0 张表、1 个问题(错误 1,警告 0,提示 0);1 个文件无法读取")
    assert "\x1b[" not in res.stdout
    en = runner.invoke(app, ["check", str(broken_pdf), "--embedder", "tfidf", "--lang", "en"])
    assert en.stdout.rstrip().endswith("1 file, 0 forms, 1 finding (error 1, warning 0, info 0), 1 unreadable file")
    quiet = runner.invoke(app, ["check", str(broken_pdf), "--embedder", "tfidf", "--quiet"])
    assert quiet.exit_code == 1 and "共 1 个文件" not in quiet.stdout and "P001" in quiet.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "yaml"],
        ["--format", "xlsx"],  # binary output needs --output
        ["--fail-on", "sometimes"],
    ],
)
def test_misuse_exits_two(broken_pdf: Path, args: list[str]) -> None:
    res = runner.invoke(app, ["check", str(broken_pdf), *args, "--embedder", "tfidf"])
    assert res.exit_code == 2, res.output


def test_parsed_form_round_trip(tmp_path: Path) -> None:
    """A readable synthetic form gives at least one form once the layout parser is in place."""
    import openpyxl

    from nlp_audit.layout import parse_text

    try:
        parse_text("项目名称\t测试", "probe.txt")
    except NotImplementedError:
        pytest.skip("layout parser not written yet")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [
        ["财政项目支出绩效自评表"],
        ["项目名称", "社区老年助餐点运营补助"],
        ["主管部门", "某区民政局", "实施单位", "某街道社区服务中心"],
        ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", 120, 120, 118.5, 10, "98.75%", 9.9],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        ["产出指标", "数量指标", "助餐服务人次", "≥3000人次", "3120人次", 50, 50, ""],
        ["效益指标", "社会效益指标", "老人就餐便利度", "提升", "提升", 30, 30, ""],
        ["满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", "93%", 10, 10, ""],
        ["总分", "", "", "", "", 100, 99.9],
    ]:
        ws.append(row)
    path = tmp_path / "form.xlsx"
    wb.save(path)
    out = tmp_path / "report.json"
    res = runner.invoke(
        app,
        [
            "check",
            str(path),
            "--format",
            "json",
            "--output",
            str(out),
            "--fail-on",
            "never",
            "--embedder",
            "tfidf",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text("utf-8"))
    assert data["summary"]["forms"] >= 1
    assert data["forms"][0]["project"] == "社区老年助餐点运营补助"
