"""G002/G003 lexicon gaps: cost control filed under a benefit block, budget execution under 产出,
按时… under 质量, 及时完成率 as a generic completion rate. Each fires, its near miss does not."""

from __future__ import annotations

import pytest
from builders import form, row, rules_of, run


def _g(code, name, target="=100%", actual="100%", level1="产出指标", level2="数量指标"):
    return rules_of(run(form([row(name, target, actual, 10, 10, level1=level1, level2=level2)]), code))


@pytest.mark.parametrize(
    ("name", "level1", "level2"),
    [
        ("项目成本控制", "效益指标", "生态效益指标"),
        ("建设成本控制率", "效益指标", "社会效益指标"),
        ("预算执行率", "产出指标", "数量指标"),
        ("项目预算执行进度", "效益指标", "经济效益指标"),
        ("按时足额发放", "产出指标", "质量指标"),
        ("资金拨付及时率", "产出指标", "质量指标"),
    ],
)
def test_g003_misplaced(name, level1, level2):
    assert _g("G003", name, level1=level1, level2=level2) == ["G003"]


@pytest.mark.parametrize(
    ("name", "level1", "level2"),
    [
        ("项目成本控制", "产出指标", "成本指标"),
        ("节约成本金额", "效益指标", "经济效益指标"),  # 节约 fits the economic block
        ("预算执行率", "过程", None),  # 部门整体 forms score execution under 过程
        ("按时足额发放", "产出指标", "时效指标"),
        ("发放准确率", "产出指标", "质量指标"),
    ],
)
def test_g003_near_misses(name, level1, level2):
    assert _g("G003", name, level1=level1, level2=level2) == []


def test_g002_timely_completion_rate_is_a_generic_completion_rate():
    assert _g("G002", "项目及时完成率") == ["G002"]
    assert _g("G002", "项目完成及时率") == []  # a timeliness rate, not a completion rate
    assert _g("G002", "项目及时完成率", target="≥95%") == []  # a real level to reach
