"""B001–B002 and the batch stage of the pipeline: copied narratives and batch statistics."""

from __future__ import annotations

import json

import pytest
from builders import row, seed_form, standard_funds

from nlp_audit import pipeline
from nlp_audit.checks import registry
from nlp_audit.checks.registry import BatchContext, run_batch_checks
from nlp_audit.findings import code_matches
from nlp_audit.packs import load_pack

NARRATIVE = ("全年共开展社区党建主题活动12场,覆盖党员群众860人次;完成党群服务站外立面改造3处,"
             "新增便民服务项目5项,服务站日均接待居民40余人次。")
OTHER = ("完成老旧小区加装电梯可行性调查,走访居民楼栋27幢,召开协调会9次,形成加装意向清单一份,"
         "并对接设计单位完成初步方案。")
REASON = "受施工场地协调影响开工推迟两周,下一步将提前做好场地协调工作"


def _form(path: str, actual: str = OTHER, index: int = 0, project: str = "测试项目", **kw):
    f = seed_form(actual=actual, project=project, **kw)
    f.path, f.index = path, index
    return f


def _batch(forms, codes: str = "B", pack="default"):
    ctx = BatchContext.of_forms(list(forms), load_pack(pack) if isinstance(pack, str) else pack)
    wanted = [c.strip() for c in codes.split(",")]
    return [f.seal() for f in run_batch_checks(ctx, lambda c: code_matches(c, wanted))]


# ------------------------------------------------------------------------------------- B001


def test_b001_same_narrative_in_two_forms_is_one_cluster():
    forms = [_form("a.txt", NARRATIVE, project="甲项目"), _form("b.txt", OTHER), _form("c.txt", NARRATIVE, project="丙项目")]
    hits = _batch(forms, "B001")
    assert len(hits) == 1
    h = hits[0]
    assert h.field == "batch" and h.path == "" and h.form is None and h.severity == "warning"
    assert h.evidence == NARRATIVE  # quoted from the first form's narrative
    assert "a.txt#0《甲项目》" in h.message and "c.txt#0《丙项目》" in h.message and "b.txt" not in h.message
    assert h.actual == 2
    pathless = [seed_form(actual=NARRATIVE), seed_form(actual=NARRATIVE)]  # forms built in code, no file
    assert [x.actual for x in _batch(pathless, "B001")] == [2]


def test_b001_near_copy_with_a_few_words_changed_and_three_forms():
    edited = NARRATIVE.replace("12场", "14场").replace("860人次", "910人次")
    forms = [_form("a.txt", NARRATIVE), _form("b.txt", edited), _form("c.txt", NARRATIVE + "群众反映良好。")]
    hits = _batch(forms, "B001")
    assert len(hits) == 1 and hits[0].actual == 3
    assert all(p in hits[0].message for p in ("a.txt#0", "b.txt#0", "c.txt#0"))


def test_b001_copied_deviation_reason():
    def shortfall(path, reason):
        f = seed_form({2: row("服务站建设及时率", "=100.00(%)", "90.00(%)", 10, 9, reason)})
        f.path = path
        return f

    hits = _batch([shortfall("a.txt", REASON), shortfall("b.txt", REASON), shortfall("c.txt", "建设完成时间比计划时间稍晚")],
                  "B001")
    assert len(hits) == 1
    assert hits[0].indicator == "服务站建设及时率" and hits[0].evidence == REASON
    assert "偏差原因" in hits[0].message


@pytest.mark.parametrize(
    "texts",
    [
        (NARRATIVE, OTHER),  # different narratives
        ("按计划完成年度工作任务。", "按计划完成年度工作任务。"),  # too short to mean anything
        ("对照年度目标,说明相关任务目标的完成情况(100字以内)" * 2,) * 2,  # the template's own prompt
    ],
)
def test_b001_near_miss_narratives(texts):
    assert _batch([_form(f"{i}.txt", t) for i, t in enumerate(texts)], "B001") == []


def test_b001_near_miss_stock_reasons_same_form_and_same_file_twice():
    def with_reason(path, reason, index=0):
        f = seed_form({2: row("服务站建设及时率", "=100.00(%)", "90.00(%)", 10, 9, reason)})
        f.path, f.index = path, index
        return f

    assert _batch([with_reason("a.txt", "基本达标"), with_reason("b.txt", "基本达标")], "B001") == []
    one = seed_form({1: row("服务站建设达标率", "≥90%", "85%", 10, 9, REASON),
                     2: row("服务站建设及时率", "=100.00(%)", "90.00(%)", 10, 9, REASON)})
    one.path = "a.txt"
    assert _batch([one], "B001") == []  # two rows of one form: not a copy across forms
    same = _form("a.txt", NARRATIVE)
    assert _batch([same, same], "B001") == []  # the same file given twice is one form


# ------------------------------------------------------------------------------------- B002


def _on_threshold(path: str, on: bool):
    """A seed form whose two ≥90% rows (达标率, 满意度) land exactly on (or above) the threshold."""
    actual = "90.00(%)" if on else "95.00(%)"
    f = seed_form({1: row("服务站建设达标率", "≥90.00(%)", actual, 10, 10),
                   6: row("党员群众满意度", "≥90.00(%)", actual, 10, 10)})
    f.path = path
    return f


def _on_threshold_hits(hits):
    return [h for h in hits if "恰好等于阈值" in h.message]


def _messages(hits):
    return [h.message for h in hits]


def test_b002_at_threshold_share():
    forms = [_on_threshold(f"{i}.txt", on=i % 4 != 0) for i in range(20)]  # 30 of 40 threshold rows
    hits = _on_threshold_hits(_batch(forms, "B002"))
    assert len(hits) == 1
    h = hits[0]
    assert h.field == "batch" and h.severity == "info" and h.path == ""
    assert "30/40" in h.message and h.actual == pytest.approx(0.75)
    assert h.evidence.startswith("服务站建设达标率\t≥90.00(%)\t90.00(%)")


def test_b002_needs_a_big_enough_batch_and_a_high_share():
    few = [_on_threshold(f"{i}.txt", on=True) for i in range(19)]
    assert _batch(few, "B002") == []
    low = [_on_threshold(f"{i}.txt", on=i % 4 == 0) for i in range(24)]  # 12 of 48 rows
    assert _on_threshold_hits(_batch(low, "B002")) == []
    assert len(_on_threshold_hits(_batch(low, "B002", pack=_strict_pack()))) == 1  # a pack may lower the share


def _strict_pack():
    from nlp_audit.packs import RulePack, RuleSettings

    base = load_pack("default")
    rules = dict(base.rules)
    rules["B002"] = RuleSettings("B002", "info", params={**base.rules["B002"].params, "at_threshold_share": 0.2})
    return RulePack(base.name, base.path, base.description, base.params, base.lexicons, rules)


def test_b002_full_marks_and_one_grade():
    full = [_on_threshold(f"{i}.txt", on=False) for i in range(20)]
    hits = _batch(full, "B002")
    msgs = _messages(hits)
    assert any("均得满分" in m for m in msgs) and any("评分等级几乎全部为“优”" in m for m in msgs)
    assert len({h.fingerprint for h in hits}) == len(hits) == 2
    mixed = []
    for i in range(20):
        if i % 5 >= 3:
            mixed.append(_on_threshold(f"{i}.txt", on=False))
        else:  # a shortfall scored down, 总分 85: not full marks, grade 良
            f = seed_form({0: row("服务站建设完成数量", "=100.00(%)", "50.00(%)", 20, 5, "资金未到位,下一步将加快拨付")},
                          funds_rows=standard_funds(100, 100, 100))
            f.path = f"{i}.txt"
            mixed.append(f)
    assert _batch(mixed, "B002") == []  # 8 of 20 full marks, 8 of 20 优


# ------------------------------------------------------------------------------------- pipeline

TABBED = """财政项目支出绩效自评表
项目名称\t\t{project}
主管部门\t\t某街道办事处\t\t实施单位\t\t某社区服务中心
项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分数\t执行率(%)\t得分
\t年度资金总额:\t20.00\t20.00\t20.00\t10.00\t100.00\t10.00
年度总体目标\t预期目标\t\t\t实际完成情况
\t全年举办主题活动12场。\t\t\t{actual}
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
产出指标\t数量指标\t主题活动举办场次\t≥12.00(场)\t12.00(场)\t50.00\t50.00\t
效益指标\t社会效益指标\t居民参与人次\t≥800.00(人次)\t860.00(人次)\t30.00\t30.00\t
满意度指标\t服务对象满意度指标\t参与居民满意度\t≥90.00(%)\t95.00(%)\t10.00\t10.00\t
总分\t\t\t\t\t100.00\t100.00\t
评分等级\t优
"""


@pytest.fixture()
def batch_dir(tmp_path):
    for name, project, actual in (("a.txt", "甲社区活动经费", NARRATIVE), ("b.txt", "乙社区活动经费", OTHER),
                                  ("c.txt", "丙社区活动经费", NARRATIVE)):
        (tmp_path / name).write_text(TABBED.format(project=project, actual=actual), encoding="utf-8")
    return tmp_path


def test_pipeline_runs_batch_checks_once_after_all_files(batch_dir):
    result = pipeline.run([batch_dir])
    b001 = [f for f in result.findings if f.rule == "B001"]
    assert len(b001) == 1
    assert "甲社区活动经费" in b001[0].message and "丙社区活动经费" in b001[0].message
    assert b001[0].evidence in (batch_dir / "a.txt").read_text(encoding="utf-8")
    assert b001[0].fingerprint
    parallel = pipeline.run([batch_dir], jobs=2)
    assert [f.fingerprint for f in parallel.findings if f.rule.startswith("B")] == [b001[0].fingerprint]


def test_pipeline_batch_checks_respect_select_ignore_and_pack(batch_dir, tmp_path_factory):
    assert not [f for f in pipeline.run([batch_dir], select=["G"]).findings if f.rule.startswith("B")]
    assert not [f for f in pipeline.run([batch_dir], ignore=["B001"]).findings if f.rule == "B001"]
    assert [f.rule for f in pipeline.run([batch_dir], select=["B001"]).findings] == ["B001"]
    pack = tmp_path_factory.mktemp("pack") / "quiet.yaml"
    pack.write_text("extends: default\nrules:\n  B001:\n    enabled: false\n", encoding="utf-8")
    assert not [f for f in pipeline.run([batch_dir], pack=str(pack)).findings if f.rule == "B001"]


def test_pipeline_batch_check_crash_becomes_p001(batch_dir, monkeypatch):
    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setattr(registry.get_spec("B001"), "fn", broken)
    result = pipeline.run([batch_dir])
    crashed = [f for f in result.findings if f.rule == "P001" and f.field == "batch"]
    assert len(crashed) == 1 and "B001" in crashed[0].message and "boom" in crashed[0].message


def test_cli_jsonl_carries_batch_findings(batch_dir):
    from typer.testing import CliRunner

    from nlp_audit.cli import app

    out = CliRunner().invoke(app, ["check", str(batch_dir), "--format", "jsonl", "--fail-on", "never", "--select", "B"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines() if line.strip()]
    assert [(r["rule"], r["field"], r["path"], r["form"]) for r in rows] == [("B001", "batch", "", None)]
