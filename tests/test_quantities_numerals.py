"""The numeral converter (own code, cross-checked against cn2an on the forms it accepts)."""

from __future__ import annotations

import pytest

from nlp_audit.quantities.numerals import parse_arabic, parse_chinese, parse_digit_run, parse_number

CN = [
    ("零", 0), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99), ("一百", 100), ("一百零二", 102),
    ("一百二", 120), ("一百二十", 120), ("两千", 2000), ("两千零五", 2005), ("一千零五十", 1050),
    ("一千零十二", 1012), ("三千四百五十六", 3456), ("一万", 10000), ("一万二", 12000), ("一万零二百五十", 10250),
    ("三万五千", 35000), ("一百二十万", 1_200_000), ("一千二百万", 12_000_000), ("一亿", 100_000_000),
    ("一亿二千万", 120_000_000), ("四亿五千六百四十二万零一十五", 456_420_015), ("壹佰伍拾", 150),
    ("叁仟", 3000), ("二〇二三", 2023), ("三点五", 3.5), ("零点五", 0.5), ("九十八点七五", 98.75),
    ("两千万点五", 20_000_000.5), ("一万五千亿", 1_500_000_000_000),
]
BAD = ["", "百", "十十", "二二十", "九九", "两两", "点五", "三点", "一百万万万", "abc", "二十三四"]


@pytest.mark.parametrize("text,value", CN)
def test_chinese_numerals(text, value):
    assert parse_chinese(text) == pytest.approx(value)


@pytest.mark.parametrize("text", BAD)
def test_malformed_numerals_are_none(text):
    assert parse_chinese(text) is None


@pytest.mark.parametrize("text,value", [("1,185,000", 1185000), ("1,185,000.50", 1185000.5), ("118.5", 118.5),
                                        ("007", 7), ("0.958", 0.958)])
def test_arabic(text, value):
    assert parse_arabic(text) == value


@pytest.mark.parametrize("text", ["1,2", "1,2345", "12,34,567", "1.2.3", ""])
def test_arabic_bad_grouping(text):
    assert parse_arabic(text) is None


def test_digit_runs_and_dispatch():
    assert parse_digit_run("一九九一") == 1991
    assert parse_digit_run("2023") == 2023
    assert parse_number("118.5") == 118.5 and parse_number("一百") == 100


@pytest.mark.parametrize("text", ["二十", "一百二十", "三千四百五十六", "一万零二百五十", "四亿五千六百四十二万零一十五",
                                  "三点五", "九十八点七五", "两千", "一千零五十"])
def test_agrees_with_cn2an(text):
    cn2an = pytest.importorskip("cn2an")
    assert parse_chinese(text) == pytest.approx(float(cn2an.cn2an(text, "smart")))
