"""Golden files: the parse of each seed file equals corpus/seeds/<name>.expected.json.

The golden files were checked by hand against the seed text and ../shared/seeds/gold (every
indicator name, comparator, value, unit, 分值, 得分, reason, the funds and 总分/评分等级 agree).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp_audit.layout import parse_text

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "seeds").glob("*.txt"))


def _parse(path: Path) -> dict:
    pf = parse_text(path.read_text(encoding="utf-8-sig"), path.name)
    return {
        "forms": [f.to_json() for f in pf.forms],
        "problems": [
            {"form": f.index, "rule": p.code, "evidence": p.evidence, "indicator": p.indicator}
            for f in pf.forms
            for p in f.problems
        ],
    }


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_matches_golden(path: Path) -> None:
    expected = json.loads((path.parent / f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    assert _parse(path) == expected


def test_seed_003_sixty_indicators_with_true_categories() -> None:
    path = next(p for p in SEEDS if p.name.startswith("003_"))
    form = parse_text(path.read_text(encoding="utf-8"), path.name).forms[0]
    assert form.kind == "declaration" and form.project is None
    assert len(form.indicators) == 60
    by_name = {i.name: i for i in form.indicators}
    # labels slid mid-block in the text; the names decide
    assert by_name["“双报到”“双报告”质量达标率"].level2 == "质量指标"
    assert by_name["社区党校教学培训活动开展及时率"].level2 == "时效指标"
    assert by_name["中心服务活动完成及时率"].level2 == "时效指标"
    assert by_name["党员满意度"].level2 == "服务对象满意度指标"
    assert by_name["党员满意度"].level1 == "满意度指标"
    assert by_name["中心设备及环境维护完成数"].level2 == "数量指标"
    assert by_name["基层党组的党员参与率"].level1 == "效益指标"
    assert by_name["长效机制制度健全性"].level2 == "可持续影响指标"
    # 元 normalised to 万元; '+' garbled comparators are P003 with the raw text as evidence
    assert form.funds[0].budget_initial == pytest.approx(448.3)
    p003 = [p for p in form.problems if p.code == "P003"]
    assert len(p003) == 31 and all("+" in p.evidence for p in p003)
    assert any(p.code == "P002" and p.evidence.startswith("项目名称\t项目实施") for p in form.problems)


def test_seed_004_wrapped_cells() -> None:
    path = next(p for p in SEEDS if p.name.startswith("004_"))
    forms = parse_text(path.read_text(encoding="utf-8"), path.name).forms
    assert [f.project for f in forms] == ["党群阵地设备运行维护", "场地租赁费"]
    assert forms[0].unit == "上海市宝山区友谊路街道社区党群服务中心"
    ind = forms[0].indicators[-1]
    assert ind.name == "党员群众使用阵地设施满意度"
    assert (ind.level1, ind.level2) == ("满意度指标", "服务对象满意度指标")
    assert forms[0].goal.text.endswith("作用。") and forms[0].actual.text.startswith("在互动多媒体软件")
