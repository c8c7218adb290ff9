"""End to end through the command line: `parse`, `check`, `rules`, `explain`, `quantities`.

The inputs are synthetic forms written here, modelled on the layout families of the seeds
(tab-separated cells; `|`-separated rows; a declaration whose funds are in 元), with numbers
chosen so the domain rules of SPEC §2 decide what must be found:

- FORM_A (tabbed): 补贴发放及时率 ≥95%, actual 90%, 分值 10, 得分 8 — the proportional rule gives
  90/95×10 = 9.47, so S004 (deduction-inconsistent) must fire on that row and nowhere else.
- FORM_B (pipe rows): 化学需氧量削减量 ≥300吨, actual 240吨, full 20 points — S002 (inflated-score).
- FORM_C (declaration, 元): 300,000.00 元 must come out as 30 万元.

Every CLI call uses `--embedder tfidf` (deterministic, no model download).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp_audit.cli import app

runner = CliRunner()
T = "\t"
EMB = ["--embedder", "tfidf"]

SPEC_CODES = (
    [f"P00{i}" for i in range(1, 5)]
    + [f"F00{i}" for i in range(1, 5)]
    + [f"S00{i}" for i in range(1, 9)]
    + [f"A00{i}" for i in range(1, 4)]
    + [f"D00{i}" for i in range(1, 5)]
    + [f"C00{i}" for i in range(1, 9)]
    + [f"G00{i}" for i in range(1, 5)]
    + ["B001", "B002"]
)
JSONL_KEYS = {"path", "form", "project", "rule", "name", "severity", "field", "indicator", "evidence",
              "message", "fingerprint"}
FIELDS = {"header", "funds", "goal", "actual", "indicator", "form", "batch"}
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- synthetic inputs ---------------------------------------------------------------------------

TABLE_HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
FUNDS_HEAD = ["年初预算数", "全年预算数", "全年执行数", "分数", "执行率(%)", "得分"]


def tabbed_form(project: str, year: int, funds: list[list[str]], rows: list[list[str]],
                total: tuple[str, str], grade: str, goal: str, actual: str) -> str:
    """A 自评表 the way a tab-separated extraction prints it (blank cells kept as empty tabs)."""
    lines = ["", "财政项目支出绩效自评表", "", f"({year} 年度)", "",
             T.join(["项目名称", "", project, "", "", "", "", ""]),
             T.join(["主管部门", "", "某某区某某街道办事处", "", "实施单位", "", "某某街道社区事务服务中心", ""]),
             T.join(["项目资金 (万元)", "", *FUNDS_HEAD])]
    lines += [T.join(["", *r]) for r in funds]
    lines.append(T.join(["年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""]))
    lines.append(T.join(["", goal, "", "", actual, "", "", ""]))
    lines.append(T.join(TABLE_HEAD))
    lines += [T.join(r) for r in rows]
    lines.append(T.join(["总分", "", "", "", "", total[0], total[1], ""]))
    lines.append(T.join(["评分等级", grade, "", "", "", "", "", ""]))
    return "\n".join(lines) + "\n"


FORM_A = tabbed_form(
    "社区老年助餐服务补贴", 2023,
    [["年度资金总额:", "50.00", "48.00", "45.60", "10.00", "95.00", "9.50"],
     ["其中: 当年财政拨款", "50.00", "48.00", "45.60", "-", "95.00", "-"],
     ["上年结转资金", "0.00", "0.00", "0.00", "-", "0.00", "-"],
     ["其他资金", "0.00", "0.00", "0.00", "-", "0.00", "-"]],
    [["产出指标", "数量指标", "助餐服务覆盖老人人数", "≥1200(人)", "1260(人)", "20.00", "20.00", ""],
     ["", "质量指标", "餐食抽检合格率", "=100.00(%)", "100.00(%)", "10.00", "10.00", ""],
     ["", "时效指标", "补贴发放及时率", "≥95.00(%)", "90.00(%)", "10.00", "8.00",
      "第四季度补贴审核延后,下一步将按月核对台账"],
     ["", "成本指标", "人均每餐补贴标准", "≤5.00(元)", "4.80(元)", "10.00", "10.00", ""],
     ["效益指标", "社会效益指标", "老年人就餐便利程度", "提升", "达成指标", "20.00", "20.00", ""],
     ["", "可持续影响指标", "助餐点长效运营机制", "建立健全", "达成指标", "10.00", "10.00", ""],
     ["满意度指标", "服务对象满意度指标", "就餐老人满意度", "≥90.00(%)", "93.00(%)", "10.00", "10.00", ""]],
    ("100.00", "97.50"), "优",
    "为辖区老年人提供助餐服务, 新增社区助餐点3个, 服务覆盖老人1200人以上, 餐食抽检合格率100%。",
    "全年新增社区助餐点3个, 累计服务老人1260人, 供餐4.2万人次, 餐食抽检合格率100%, 就餐老人满意度93%。",
)


def pipe_form() -> str:
    """A 自评表 printed as `|`-separated rows, units inside the value cells (≥12座, 96.5%)."""
    rows = [
        ["财政项目支出绩效自评表", ""],
        ["(2022年度)"],
        ["项目名称", "乡镇污水处理设施运维项目", ""],
        ["主管部门", "某某县住房和城乡建设局", "实施单位", "某某县城乡供排水服务站"],
        ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "200.00", "240.00", "216.00", "10", "90.00%", "9"],
        ["其中:当年财政拨款", "200.00", "240.00", "216.00", "", "", ""],
        ["其他资金", "0.00", "0.00", "0.00", "", "", ""],
        ["年度总体目标", "预期目标", "实际完成情况"],
        ["", "完成12座乡镇污水处理站日常运维,出水水质达标率不低于95%。",
         "全年完成12座污水处理站日常运维,出水水质达标率96.5%,处理污水约180万吨。"],
        TABLE_HEAD,
        ["产出指标", "数量指标", "运维污水处理站数量", "≥12座", "12座", "20", "20", ""],
        ["", "质量指标", "出水水质达标率", "≥95%", "96.5%", "20", "20", ""],
        ["", "时效指标", "故障处置时限", "≤48小时", "36小时", "10", "10", ""],
        ["效益指标", "生态效益指标", "化学需氧量削减量", "≥300吨", "240吨", "20", "20", "部分站点进水浓度偏低"],
        ["", "可持续影响指标", "运维管理制度健全性", "健全", "达成指标", "10", "10", ""],
        ["满意度指标", "服务对象满意度指标", "周边群众满意度", "≥90%", "92%", "10", "10", ""],
        ["总分", "100", "99", ""],
        ["评分等级", "优", ""],
    ]
    return "\n".join(" | ".join(r) + " |" for r in rows) + "\n"


FORM_B = pipe_form()

FORM_C = "\n".join(
    T.join(r)
    for r in [
        ["财政项目支出绩效目标申报表"],
        ["(2024年度)"],
        ["项目名称", "社区图书室运行经费"],
        ["主管部门", "某某区文化和旅游局", "实施单位", "某某街道文化活动中心"],
        ["项目资金(元)", "年度资金申请总额", "300,000.00"],
        ["", "其中:当年财政拨款", "300,000.00"],
        ["", "其他资金", "0.00"],
        ["年度总体目标", "保障社区图书室全年开放,新增图书2000册,举办阅读推广活动24场。"],
        TABLE_HEAD[:4],
        ["产出指标", "数量指标", "新增图书册数", "≥2000册"],
        ["", "数量指标", "阅读推广活动场次", "≥24场"],
        ["", "时效指标", "图书室开放天数", "≥300天"],
        ["效益指标", "社会效益指标", "居民阅读参与度", "提升"],
        ["满意度指标", "服务对象满意度指标", "读者满意度", "≥90%"],
    ]
) + "\n"


@pytest.fixture()
def forms_dir(tmp_path: Path) -> Path:
    d = tmp_path / "forms"
    d.mkdir()
    (d / "a_助餐.txt").write_text(FORM_A, encoding="utf-8")
    (d / "b_污水.txt").write_text(FORM_B, encoding="utf-8")
    (d / "c_申报.txt").write_text(FORM_C, encoding="utf-8")
    return d


def invoke(*args: str):
    res = runner.invoke(app, list(args))
    assert "Traceback" not in res.output, res.output
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res


def parse_json(*paths: Path) -> list[dict]:
    res = invoke("parse", *map(str, paths), "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def check_jsonl(*args: str) -> list[dict]:
    res = invoke("check", *args, "--format", "jsonl", "--fail-on", "never", *EMB)
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


# --- parse --------------------------------------------------------------------------------------

def _by_name(form: dict) -> dict[str, dict]:
    return {ind["name"]: ind for ind in form["indicators"]}


def test_parse_json_has_the_spec_shape_for_every_file(forms_dir: Path) -> None:
    data = parse_json(forms_dir)
    assert [Path(f["path"]).name for f in data] == ["a_助餐.txt", "b_污水.txt", "c_申报.txt"]
    for f in data:
        assert set(f) >= {"path", "forms", "errors"}
        assert f["errors"] == [], f["errors"]
        assert len(f["forms"]) == 1
        form = f["forms"][0]
        assert set(form) >= {"kind", "project", "department", "unit", "year", "funds", "goal", "actual",
                             "indicators", "total_score", "grade"}
        assert form["kind"] in ("self_evaluation", "declaration", "other")
        assert form["funds"]["unit"] == "万元"
        for r in form["funds"]["rows"]:
            assert set(r) >= {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"}
            assert all(r[k] is None or isinstance(r[k], (int, float)) for k in FUNDS_HEAD[:3])
        for ind in form["indicators"]:
            assert set(ind) >= {"level1", "level2", "name", "target", "actual", "weight", "score", "reason"}
            assert set(ind["target"]) >= {"op", "value", "unit", "text"}
            assert set(ind["actual"]) >= {"value", "unit", "text"}


def test_parse_reads_the_tabbed_self_evaluation(forms_dir: Path) -> None:
    form = parse_json(forms_dir / "a_助餐.txt")[0]["forms"][0]
    assert (form["kind"], form["project"], form["year"]) == ("self_evaluation", "社区老年助餐服务补贴", 2023)
    assert form["department"] == "某某区某某街道办事处" and form["unit"] == "某某街道社区事务服务中心"
    total = form["funds"]["rows"][0]
    assert [total[k] for k in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")] == [
        50.0, 48.0, 45.6, 10.0, 95.0, 9.5]
    assert "新增社区助餐点3个" in form["goal"] and "供餐4.2万人次" in form["actual"]
    inds = _by_name(form)
    assert len(inds) == 7
    row = inds["补贴发放及时率"]
    assert (row["level1"], row["level2"]) == ("产出指标", "时效指标")  # level1 inherited from the block
    assert row["target"] == {**row["target"], "op": ">=", "value": 95.0, "unit": "%", "text": "≥95.00(%)"}
    assert (row["actual"]["value"], row["actual"]["unit"], row["weight"], row["score"]) == (90.0, "%", 10.0, 8.0)
    assert row["reason"].startswith("第四季度补贴审核延后")
    assert inds["人均每餐补贴标准"]["target"]["op"] == "<="
    assert inds["老年人就餐便利程度"]["target"]["value"] is None
    assert inds["就餐老人满意度"]["level1"] == "满意度指标"
    assert (form["total_score"], form["grade"]) == (97.5, "优")


def test_parse_reads_the_pipe_rows_self_evaluation(forms_dir: Path) -> None:
    form = parse_json(forms_dir / "b_污水.txt")[0]["forms"][0]
    assert (form["project"], form["year"], form["total_score"], form["grade"]) == ("乡镇污水处理设施运维项目", 2022,
                                                                                 99.0, "优")
    assert form["funds"]["rows"][0]["执行率"] == 90.0
    inds = _by_name(form)
    assert inds["运维污水处理站数量"]["target"]["unit"] == "座"
    assert inds["故障处置时限"]["target"]["op"] == "<=" and inds["故障处置时限"]["actual"]["value"] == 36.0
    assert inds["化学需氧量削减量"]["level2"] == "生态效益指标" and inds["化学需氧量削减量"]["score"] == 20.0


def test_parse_declaration_in_yuan_is_normalised_to_wanyuan(forms_dir: Path) -> None:
    form = parse_json(forms_dir / "c_申报.txt")[0]["forms"][0]
    assert form["kind"] == "declaration" and form["project"] == "社区图书室运行经费"
    assert form["funds"]["unit"] == "万元" and form["funds"]["rows"][0]["年初预算数"] == pytest.approx(30.0)
    assert len(form["indicators"]) == 5
    assert all(ind["actual"]["value"] is None for ind in form["indicators"])


def _core(form: dict) -> dict:
    """What must not depend on the container/encoding the form came in."""
    return {k: form[k] for k in ("kind", "project", "department", "unit", "year", "total_score", "grade")} | {
        "funds": [{k: v for k, v in r.items() if k != "label"} for r in form["funds"]["rows"]],
        "indicators": [(i["level1"], i["level2"], i["name"], i["target"]["op"], i["target"]["value"],
                        i["actual"]["value"], i["weight"], i["score"]) for i in form["indicators"]],
    }


def test_same_form_from_every_encoding_and_container(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    docx = pytest.importorskip("docx")
    rows = [line.split(T) for line in FORM_A.split("\n")]
    (tmp_path / "utf8.txt").write_text(FORM_A, encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(FORM_A.encode("utf-8-sig"))
    (tmp_path / "gbk.txt").write_bytes(FORM_A.encode("gb18030"))
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    for xl_row in wb.active.iter_rows():
        for c in xl_row:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"  # a text cell showing "=100.00(%)", as in real exports, not a formula
    wb.save(tmp_path / "sheet.xlsx")
    doc = docx.Document()
    cells = [r for r in rows if any(c.strip() for c in r)]
    table = doc.add_table(rows=len(cells), cols=max(map(len, cells)))
    for i, r in enumerate(cells):
        for j, c in enumerate(r):
            table.cell(i, j).text = c
    doc.save(tmp_path / "word.docx")
    data = {Path(f["path"]).name: f for f in parse_json(tmp_path)}
    assert set(data) == {"utf8.txt", "bom.txt", "gbk.txt", "sheet.xlsx", "word.docx"}
    reference = _core(data["utf8.txt"]["forms"][0])
    for name, f in data.items():
        assert f["errors"] == [] and len(f["forms"]) == 1, name
        assert _core(f["forms"][0]) == reference, name


# --- check --------------------------------------------------------------------------------------

def test_check_jsonl_lines_carry_the_contract_fields(forms_dir: Path) -> None:
    findings = check_jsonl(str(forms_dir))
    assert findings
    texts = {p.name: p.read_text(encoding="utf-8") for p in forms_dir.iterdir()}
    for f in findings:
        assert set(f) >= JSONL_KEYS, f
        assert f["severity"] in ("error", "warning", "info") and f["field"] in FIELDS
        assert re.fullmatch(r"[0-9a-f]{16}", f["fingerprint"])
        assert CJK.search(f["message"]), f["message"]
        name = Path(f["path"]).name
        assert f["form"] == 0 and f["project"] and f["project"] in FORM_A + FORM_B + FORM_C
        if f["evidence"]:
            assert f["evidence"] in texts[name], (f["rule"], f["evidence"])
        if f["field"] == "indicator" and f["indicator"] is not None:
            assert f["indicator"] in texts[name]


def test_check_finds_what_the_domain_rules_say(forms_dir: Path) -> None:
    findings = check_jsonl(str(forms_dir))
    s004 = [(Path(f["path"]).name, f["indicator"]) for f in findings if f["rule"] == "S004"]
    s002 = [(Path(f["path"]).name, f["indicator"]) for f in findings if f["rule"] == "S002"]
    assert s004 == [("a_助餐.txt", "补贴发放及时率")]
    assert s002 == [("b_污水.txt", "化学需氧量削减量")]
    # consistent arithmetic: no funds, total or grade errors on any of the three forms
    assert not [f for f in findings if f["rule"] in ("F001", "F002", "F003", "S001", "S005", "S006", "P001")]


def test_exit_code_follows_fail_on_for_a_form_with_only_warnings(forms_dir: Path) -> None:
    path = str(forms_dir / "a_助餐.txt")
    severities = {f["severity"] for f in check_jsonl(path)}
    assert "warning" in severities and "error" not in severities
    assert invoke("check", path, "--fail-on", "error", *EMB).exit_code == 0
    assert invoke("check", path, "--fail-on", "warning", *EMB).exit_code == 1


def _keys(findings: list[dict]) -> list[tuple]:
    return [(Path(f["path"]).name, f["rule"], f["indicator"], f["evidence"]) for f in findings]


def test_fingerprints_are_stable_across_runs_and_folders(forms_dir: Path, tmp_path: Path) -> None:
    first = check_jsonl(str(forms_dir))
    second = check_jsonl(str(forms_dir))
    assert [f["fingerprint"] for f in first] == [f["fingerprint"] for f in second]
    assert len({f["fingerprint"] for f in first}) == len(first)  # one fingerprint per finding
    moved = tmp_path / "elsewhere" / "deeper"
    shutil.copytree(forms_dir, moved)
    assert sorted(f["fingerprint"] for f in check_jsonl(str(moved))) == sorted(f["fingerprint"] for f in first)


@pytest.mark.parametrize(
    ("options", "keep"),
    [
        (["--select", "S004"], lambda r: r == "S004"),
        (["--select", "s004,d003"], lambda r: r in ("S004", "D003")),
        (["--select", "S"], lambda r: r.startswith("S")),
        (["--select", "S", "--select", "C001"], lambda r: r.startswith("S") or r == "C001"),
        (["--ignore", "C"], lambda r: not r.startswith("C")),
        (["--select", "S", "--ignore", "S002"], lambda r: r.startswith("S") and r != "S002"),
    ],
)
def test_select_and_ignore_by_code_and_family(forms_dir: Path, options: list[str], keep) -> None:
    everything = check_jsonl(str(forms_dir))
    expected = [f for f in everything if keep(f["rule"])]
    assert expected, "the fixture forms must produce findings of the selected codes"
    assert _keys(check_jsonl(str(forms_dir), *options)) == _keys(expected)


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_code_in_select_or_ignore_is_misuse(forms_dir: Path, option: str) -> None:
    res = invoke("check", str(forms_dir), option, "S004,Z999", *EMB)
    assert res.exit_code == 2
    assert "Z999" in res.stderr and res.stdout == ""


def test_unknown_rule_pack_is_misuse_with_a_clear_message(forms_dir: Path) -> None:
    res = invoke("check", str(forms_dir), "--rules", "nosuchprovince", *EMB)
    assert res.exit_code == 2 and res.stdout == ""
    assert "nosuchprovince" in res.stderr and "default" in res.stderr  # names the built-in packs


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("name: x\nrules: [S004, S005\n", "YAML"),
        ("- just\n- a list\n", "mapping"),
        ("extends: default\nrules:\n  S004:\n    severity: fatal\n", "S004"),
        ("extends: default\nrules:\n  Q123:\n    severity: error\n", "Q123"),
        ("extends: default\nparams:\n  scoring:\n    over_achievement_ratio: 1.3O\n", "over_achievement_ratio"),
        ("extends: no_such_parent.yaml\n", "no_such_parent"),
        ("extends: default\nparams:\n  execution:\n    rate_tolrance: 0\n", "params.execution.rate_tolrance"),
        ("extends: default\nrules:\n  D002:\n    params: {min_char: 6}\n", "rules.D002.params.min_char"),
    ],
)
def test_bad_pack_file_is_misuse_naming_file_and_key(forms_dir: Path, tmp_path: Path, body: str, says: str) -> None:
    pack = tmp_path / "local_pack.yaml"
    pack.write_text(body, encoding="utf-8")
    res = invoke("check", str(forms_dir), "--rules", str(pack), *EMB)
    assert res.exit_code == 2 and res.stdout == ""
    assert says in res.stderr, res.stderr
    if "extends: no_such" not in body:  # the missing parent is named, not the child that extends it
        assert "local_pack.yaml" in res.stderr, res.stderr


def test_custom_pack_changes_severity_and_disables_rules(forms_dir: Path, tmp_path: Path) -> None:
    pack = tmp_path / "strict.yaml"
    pack.write_text("extends: default\nrules:\n  S004:\n    severity: error\n  C001:\n    severity: warning\n"
                    "    enabled: false\n", encoding="utf-8")
    findings = check_jsonl(str(forms_dir), "--rules", str(pack))
    assert {f["severity"] for f in findings if f["rule"] == "S004"} == {"error"}
    assert not [f for f in findings if f["rule"] == "C001"]
    res = invoke("check", str(forms_dir / "a_助餐.txt"), "--rules", str(pack), *EMB)
    assert res.exit_code == 1  # the S004 error now reaches the default --fail-on error


def test_missing_input_path_is_misuse(tmp_path: Path) -> None:
    res = invoke("check", str(tmp_path / "nowhere.txt"), *EMB)
    assert res.exit_code == 2 and "nowhere.txt" in res.stderr


# --- rules / explain / quantities ----------------------------------------------------------------

def _implemented() -> set[str]:
    from nlp_audit.checks.registry import all_specs

    return {s.code for s in all_specs() if s.fn is not None or s.code.startswith("P")}


def test_rules_lists_every_implemented_code_of_the_spec() -> None:
    res = invoke("rules", "--format", "json")
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert set(codes) <= set(SPEC_CODES), set(codes) - set(SPEC_CODES)
    assert set(codes) == _implemented()
    assert {c for c in SPEC_CODES if c[0] in "PFSAD"} <= set(codes)  # the core families are all there
    text = invoke("rules", "--lang", "en").stdout
    chinese = invoke("rules").stdout
    for r in rows:
        assert r["severity"] in ("error", "warning", "info") and r["name"] and r["summary"]
        assert CJK.search(r["title_zh"]) and CJK.search(r["summary_zh"]), r["code"]
        assert re.search(rf"^{r['code']}\s+{re.escape(r['name'])}\s", text, re.M), r["code"]
        assert f"{r['code']}  {r['title_zh']} ({r['name']})" in chinese, r["code"]


def test_explain_s004_prints_why_formula_fires_passes() -> None:
    res = invoke("explain", "S004", "--lang", "en")
    assert res.exit_code == 0
    out = res.stdout
    assert out.startswith("S004 deduction-inconsistent")
    for section in ("Why:", "Formula:", "Fires:", "Passes:"):
        assert re.search(rf"^{section}\s*\S", out, re.M), section
    assert "source:" in out and "分值" in out
    assert invoke("explain", "s004", "--lang", "en").stdout == out  # codes are case-insensitive


@pytest.mark.parametrize("code", sorted(_implemented()))
def test_every_rule_explains_why_and_gives_examples(code: str) -> None:
    res = invoke("explain", code, "--lang", "en")
    assert res.exit_code == 0
    for section in ("Why:", "Fires:", "Passes:"):
        assert re.search(rf"^{section}\s*\S", res.stdout, re.M), f"{code} lacks {section}"
    zh = invoke("explain", code).stdout
    for section in ("说明:", "原因:", "触发示例:", "不触发示例:"):
        assert re.search(rf"^{section}\s*\S", zh, re.M), f"{code} lacks {section} in Chinese"


def test_explain_prints_the_effective_parameters_of_the_pack(tmp_path: Path) -> None:
    """Every value the rule reads, its own and the pack-wide ones, as the pack given sets them."""
    out = invoke("explain", "F001").stdout
    assert re.search(r"^  params\.execution\.rate_tolerance\s+= 0\.5\s+\S", out, re.M), out
    pack = tmp_path / "strict.yaml"
    pack.write_text("extends: default\nparams:\n  execution:\n    rate_tolerance: 0\n"
                    "  scoring:\n    over_achievement_ratio: 1.5\nrules:\n  D002:\n    params: {min_chars: 0}\n",
                    encoding="utf-8")
    assert re.search(r"rate_tolerance\s+= 0\s", invoke("explain", "F001", "--rules", str(pack)).stdout)
    d002 = invoke("explain", "D002", "--rules", str(pack)).stdout
    assert re.search(r"rules\.D002\.params\.min_chars\s+= 0\s", d002)
    assert re.search(r"params\.scoring\.over_achievement_ratio\s+= 1\.5\s", d002)
    hubei = invoke("explain", "S007", "--rules", "hubei").stdout
    assert re.search(r"params\.weights\.funds\s+= 20\s", hubei) and re.search(r"weights\.output\s+= null", hubei)


@pytest.mark.parametrize("code", ["Z999", "S999", "G"])
def test_explain_unknown_code_is_misuse(code: str) -> None:
    res = invoke("explain", code)
    assert res.exit_code == 2 and code in res.stderr and res.stdout == ""


SPAN_KEYS = {"text", "start", "end", "value", "low", "high", "low_inclusive", "high_inclusive", "op", "approx",
             "unit", "period", "kind"}


def test_quantities_json_spans_follow_the_spec() -> None:
    texts = ["满意度达90%以上", "资金共计1,500,000元", "没有数字"]
    res = invoke("quantities", *texts, "--format", "json")
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    assert [o["text"] for o in out] == texts
    for item in out:
        for s in item["spans"]:
            assert set(s) >= SPAN_KEYS
            assert item["text"][s["start"]:s["end"]] == s["text"]
            for k in ("value", "low", "high"):
                assert s[k] is None or isinstance(s[k], (int, float))
    (pct,) = out[0]["spans"]
    assert (pct["text"], pct["start"], pct["end"]) == ("90%以上", 4, 9)
    assert (pct["value"], pct["unit"], pct["op"], pct["low"], pct["high"]) == (90, "%", ">=", 90, None)
    assert pct["low_inclusive"] is True and pct["approx"] is False
    (money,) = out[1]["spans"]
    assert (money["value"], money["unit"]) == (150, "万元")
    assert out[2]["spans"] == []
