"""`nlp-audit stats`: the forms, indicators and findings tables on synthetic forms whose content the
test chose (so every count is known), written as parquet/CSV/JSON and read back (DuckDB, csv, json)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from form_texts import GOOD_REASON, VAGUE_REASON, tabbed_form, with_shortfall
from typer.testing import CliRunner

from nlp_audit import pipeline
from nlp_audit.cli import app
from nlp_audit.nlp.embedders import make_embedder
from nlp_audit.packs import load_pack
from nlp_audit.stats import schema
from nlp_audit.stats.build import build_tables
from nlp_audit.stats.writer import render

runner = CliRunner()
GOAL = "落实社会救助政策, 保障困难群众基本生活。"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tfidf():
    return make_embedder("tfidf")


def _tables(folder: Path, embedder, names=("forms", "indicators", "findings")):
    pack = load_pack("default")
    result = pipeline.run([folder], pack, embedder=embedder)
    return result, build_tables(result.parsed, result.findings, pack, embedder, names)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Five forms over two years: 2021 has a vague and a good reason, 2022 a vague one and a met form."""
    root = tmp_path_factory.mktemp("stats_corpus")
    (root / "a_2021_vague.txt").write_text(with_shortfall(VAGUE_REASON, year=2021), encoding="utf-8")
    (root / "b_2021_good.txt").write_text(
        with_shortfall(GOOD_REASON, year=2021, department="湖北省民政厅", unit="武汉市江岸区民政局"), encoding="utf-8")
    (root / "c_2022_vague.txt").write_text(
        with_shortfall(VAGUE_REASON, year=2022, department="广西壮族自治区民政厅", unit="南宁市青秀区民政局"),
        encoding="utf-8")
    (root / "d_2022_met.txt").write_text(
        tabbed_form(year=2022, goal=GOAL, actual="全年提供居家养老上门服务9714人次,开展政策宣传活动12场。"),
        encoding="utf-8")
    (root / "e_2022_contradicted.txt").write_text(
        tabbed_form(year=2022, actual="全年提供居家养老上门服务9000人次。"), encoding="utf-8")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    return root


@pytest.fixture(scope="module")
def tables(corpus: Path, tfidf):
    return _tables(corpus, tfidf)


def _by_file(rows: list[dict]) -> dict[str, dict]:
    return {Path(r["path"]).name: r for r in rows}


def test_forms_table_has_one_row_per_form_and_the_chosen_facts(tables) -> None:
    result, t = tables
    forms = _by_file(t["forms"])
    assert len(t["forms"]) == result.form_count == 5  # the broken file has no form, so no row
    vague, good = forms["a_2021_vague.txt"], forms["b_2021_good.txt"]
    assert (vague["year"], vague["kind"], vague["layout"]) == (2021, "self_evaluation", "tabbed")
    assert vague["rows_not_met"] == vague["deviations"] == 1
    assert (vague["deviations_vague_reason"], vague["deviations_no_reason"]) == (1, 0)
    assert good["deviations"] == 1 and good["deviations_vague_reason"] == 0
    met = forms["d_2022_met.txt"]
    assert met["rows_not_met"] == met["deviations"] == 0
    assert (met["indicators"], met["indicators_output"], met["indicators_benefit"], met["indicators_satisfaction"]) == (5, 3, 1, 1)
    assert met["share_numeric_target"] == pytest.approx(3 / 5)
    assert (met["funds_budget"], met["funds_executed"]) == (293.04, 265.33)
    assert met["funds_execution_rate_computed"] == pytest.approx(265.33 / 293.04 * 100)
    assert met["goal_chars"] == len("".join(GOAL.split()))


def test_claim_shares_follow_the_claims_checks(tables) -> None:
    result, t = tables
    forms = _by_file(t["forms"])
    met, contra = forms["d_2022_met.txt"], forms["e_2022_contradicted.txt"]
    # 9714人次 is the indicator's value; 12场 of 宣传活动 is measured by no indicator
    assert (met["claims_supported"], met["claims_unsupported"], met["claims_contradicted"]) == (met["claims"] - 1, 1, 0)
    assert met["share_unsupported"] == pytest.approx(1 / met["claims"])
    # 9000人次 against an actual of 9714
    assert contra["claims_contradicted"] == 1
    for name, row in forms.items():
        rules = [f.rule for f in result.findings if Path(f.path).name == name]
        # C001 reports every unsupported claim, once when 预期目标 repeats 实际完成情况 word for word
        assert row["claims_unsupported"] >= rules.count("C001")
        assert row["findings"] == len(rules)
        assert row["findings_c"] == sum(r.startswith("C") for r in rules)
        assert row["findings_warning"] == sum(f.severity == "warning" for f in result.findings if Path(f.path).name == name)


def test_province_and_county_come_from_the_units(tables) -> None:
    forms = _by_file(tables[1]["forms"])
    assert (forms["b_2021_good.txt"]["province"], forms["b_2021_good.txt"]["county"]) == ("湖北省", "江岸区")
    assert (forms["c_2022_vague.txt"]["province"], forms["c_2022_vague.txt"]["county"]) == ("广西壮族自治区", "青秀区")
    # a county unit that never names its province: the county only
    assert (forms["a_2021_vague.txt"]["province"], forms["a_2021_vague.txt"]["county"]) == (None, "金沙县")


def test_indicators_table_carries_cells_and_the_checkers_reading(tables) -> None:
    rows = [r for r in tables[1]["indicators"] if Path(r["path"]).name == "a_2021_vague.txt"]
    assert [r["row"] for r in rows] == list(range(5))  # the 总分 line is not an indicator
    short = rows[0]
    assert (short["target_op"], short["target_value"], short["target_unit"]) == (">=", 10000.0, "人次")
    assert (short["actual_value"], short["weight"], short["score"]) == (8000.0, 20.0, 16.0)
    assert (short["status"], short["direction"], short["deviation"]) == ("shortfall", "positive", True)
    assert short["attainment_ratio"] == pytest.approx(0.8)
    assert short["reason"] == VAGUE_REASON and short["rules"] == "D002" and short["findings"] == 1
    assert short["indicator_type"] == "count" and short["category"] == "output"
    quality = rows[1]
    assert (quality["target_op"], quality["status"], quality["attainment_level"]) == ("qual", "met", "achieved")
    assert quality["attainment_ratio"] is None and quality["rules"] is None
    assert rows[4]["indicator_type"] == "satisfaction" and rows[4]["category"] == "satisfaction"


def test_findings_table_is_the_jsonl_contract(tables) -> None:
    result, t = tables
    assert len(t["findings"]) == len(result.findings)
    for row, f in zip(t["findings"], result.findings, strict=True):
        expected = f.to_json()
        for key in ("path", "form", "rule", "severity", "evidence", "message", "fingerprint", "reasons"):
            assert row[key] == expected[key]
        assert row["family"] == f.rule[0]
    p001 = next(r for r in t["findings"] if r["rule"] == "P001")
    assert p001["form"] is None and Path(p001["path"]).name == "broken.pdf"


def test_parquet_reads_back_in_duckdb_share_of_vague_reasons_per_year(tables, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "forms.parquet"
    path.write_bytes(render("forms", tables[1]["forms"], "parquet"))
    rows = duckdb.sql(
        f"""select year, sum(deviations_vague_reason) / sum(deviations) as vague_share, count(*) as forms
            from read_parquet('{path}') group by year order by year"""
    ).fetchall()
    # 2021: two deviations, one vague; 2022: one deviation (vague) among three forms
    assert rows == [(2021, 0.5, 2), (2022, 1.0, 3)]
    types = {r[0]: r[1] for r in duckdb.sql(f"describe select * from read_parquet('{path}')").fetchall()}
    assert types["year"] == "BIGINT" and types["share_supported"] == "DOUBLE" and types["province"] == "VARCHAR"


def test_every_table_has_its_documented_columns_and_types(tables) -> None:
    pa = pytest.importorskip("pyarrow")
    from nlp_audit.stats.writer import to_arrow

    for name, columns in schema.TABLES.items():
        table = to_arrow(name, tables[1][name])
        assert table.column_names == [c.name for c in columns]
        assert table.num_rows == len(tables[1][name]) > 0
        for rows in tables[1][name]:
            assert set(rows) == {c.name for c in columns}, f"{name} rows and schema disagree"
        assert pa.types.is_int64(table.schema.field("form").type)


def test_csv_and_json_hold_the_same_rows(tables) -> None:
    findings = tables[1]["findings"]
    text = render("findings", findings, "csv").decode("utf-8")
    assert not text.startswith("\ufeff")
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert len(parsed) == len(findings)
    assert json.loads(parsed[0]["reasons"]) == findings[0]["reasons"]  # a list column is a JSON array in CSV
    as_json = json.loads(render("findings", findings, "json"))
    assert [r["fingerprint"] for r in as_json] == [r["fingerprint"] for r in findings]
    assert json.loads(render("forms", [], "json")) == []


def test_readme_documents_every_column() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in schema.TABLES:
        assert schema.markdown(name) in readme, f"README's {name} column table is out of date (stats.schema.markdown)"


def test_cli_writes_the_forms_table_and_the_three_tables(corpus: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "forms.parquet"
    res = runner.invoke(app, ["stats", str(corpus), "--format", "parquet", "-o", str(out), "--embedder", "tfidf"])
    assert res.exit_code == 0, res.output
    assert duckdb.sql(f"select count(*) from read_parquet('{out}')").fetchall() == [(5,)]
    folder = tmp_path / "tables"
    res = runner.invoke(app, ["stats", str(corpus), "--tables", "forms,indicators", "--tables", "findings",
                              "-f", "csv", "-o", str(folder), "--embedder", "tfidf"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in folder.iterdir()) == ["findings.csv", "forms.csv", "indicators.csv"]
    res = runner.invoke(app, ["stats", str(corpus), "-f", "json", "--embedder", "tfidf"])
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "xml", "-o", "x.xml"], "unknown --format"),
        (["-f", "parquet"], "give -o FILE.parquet"),
        (["--tables", "forms,rows", "-o", "d"], "unknown table"),
        (["--tables", "forms"], "give -o DIR"),
    ],
)
def test_cli_misuse_exits_2_with_a_reason(corpus: Path, args: list[str], message: str) -> None:
    res = runner.invoke(app, ["stats", str(corpus), *args])
    assert res.exit_code == 2
    assert re.search(re.escape(message), res.output)
