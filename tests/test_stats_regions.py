"""Province and county of a form from its header fields (stats/regions.py, rules/lexicons/regions.yaml)."""

from __future__ import annotations

import pytest

from nlp_audit.packs import load_lexicon_file
from nlp_audit.stats.regions import county_of, province_of


def test_the_lexicon_lists_the_34_provincial_level_divisions() -> None:
    provinces = load_lexicon_file("regions.yaml")["provinces"]
    assert len(provinces) == 34
    assert {"北京市", "新疆维吾尔自治区", "香港特别行政区", "台湾省"} <= set(provinces)


@pytest.mark.parametrize(
    ("fields", "province"),
    [
        ((None, "湖北省乡村振兴补助", "湖北省民政厅", None), "湖北省"),  # an official name anywhere
        ((None, None, "中国体育彩票管理中心宁夏回族自治区分中心", None), "宁夏回族自治区"),
        ((None, None, "廣東省財政廳", None), "广东省"),  # traditional characters fold to simplified
        ((None, None, "四川乐山市财政局", None), "四川省"),  # a short name leading a unit
        ((None, None, "中共湖南省委组织部", None), "湖南省"),
        ((None, "居村党群服务站建设", "上海市闵行区浦锦街道办事处", None), "上海市"),
    ],
)
def test_province_named_by_the_form(fields, province) -> None:
    assert province_of(*fields) == province


@pytest.mark.parametrize(
    "fields",
    [
        (None, None, "金沙县民政局", "金沙县民政局"),  # a county that never names its province
        (None, None, "海南藏族自治州共和县教育局", None),  # 海南 here is a prefecture of 青海, not 海南省
        (None, "推动河北雄安新区建设宣传", "县委宣传部", None),  # a short name inside a project is not a source
        (None, None, None, None),
    ],
)
def test_no_province_when_none_is_named(fields) -> None:
    assert province_of(*fields) is None


@pytest.mark.parametrize(
    ("unit", "county"),
    [
        ("金沙县民政局", "金沙县"),
        ("毕节市金沙县民政局", "金沙县"),  # the last county link of the chain
        ("武汉市江岸区财政局", "江岸区"),
        ("湖北省武汉市江岸区财政局", "江岸区"),
        ("巴里坤哈萨克自治县教育局", "巴里坤哈萨克自治县"),
        ("黔南州都匀市财政局", "都匀市"),  # a county-level city under a prefecture
        ("明光市水利局", "明光市"),
        ("中共金沙县委组织部", "金沙县"),
        ("414003-柘城县民政局机关", "柘城县"),  # codes and brackets before the name
        ("(盖章):灵璧县民政局", "灵璧县"),
        ("臨澧縣交通運輸局", "临澧县"),
    ],
)
def test_county_from_the_administrative_chain(unit: str, county: str) -> None:
    assert county_of(unit) == county


@pytest.mark.parametrize(
    "unit",
    ["湖北省民政厅", "县农业农村局", "坝塘镇人民政府", "丰收社区居委会", "农产品市场服务中心", "苏州工业园区管委会", "", None],
)
def test_no_county_where_none_leads_the_name(unit) -> None:
    assert county_of(unit) is None


def test_unit_is_read_before_department() -> None:
    assert county_of("青秀区民政局", "南宁市民政局") == "青秀区"
    assert county_of("民政局", "南宁市青秀区民政局") == "青秀区"
