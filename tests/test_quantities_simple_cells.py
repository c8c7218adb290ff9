"""The fast path for simple cells ("≥86万元", "95.00(%)", "250人") must read exactly what the grammar
reads: it exists only to skip the grammar's date, mask and numeral machinery on the common shape."""

from __future__ import annotations

import pytest

from nlp_audit.quantities import read_cell
from nlp_audit.quantities.cells import _read_grammar, _simple_cell, simple_unit
from nlp_audit.quantities.lexicon import lexicon

NUMBERS = ["0", "1", "3", "7", "10", "12", "31", "60", "99.9", "100", "100.00", "365", "1000", "2024", "2300.5",
           "10000", "0.5", "0.85", "1.0001", "98765432", "20240101"]
OPS = ["", ">=", "<=", "≥", "≤", ">", "<", "="]


def _grammar(cell: str):
    return _read_grammar(cell, cell.rstrip("。.;；,，、 ").replace(" ", ""), lexicon())


def _simple_cells():
    units = [u for u in lexicon().unit_alias if simple_unit(u)]
    for u in units:
        for op in OPS:
            for n in NUMBERS:
                yield f"{op}{n}{u}"
                yield f"{op}{n}({u})"


def test_most_units_take_the_fast_path() -> None:
    units = [u for u in lexicon().unit_alias if simple_unit(u)]
    assert {"%", "万元", "人", "人次", "个", "亩", "平方米"} <= set(units)
    assert len(units) > 100


def test_fast_path_reads_like_the_grammar_for_every_unit_op_and_number() -> None:
    disagree = []
    for cell in _simple_cells():
        fast = _simple_cell(cell)
        if fast is not None and fast != _grammar(cell):
            disagree.append((cell, fast, _grammar(cell)))
    assert not disagree, disagree[:10]


@pytest.mark.parametrize("cell", ["2024年", "12月", "2024年12月", "≤30日", "第3季度"])
def test_time_words_never_take_the_fast_path(cell: str) -> None:
    assert _simple_cell(cell) is None
    assert not simple_unit(cell.lstrip("0123456789≤第"))


@pytest.mark.parametrize("cell", ["03人", "1,200人", "约300人", "300余人", "3万人次以上", "95%以上", "5G", "13800138000"])
def test_other_shapes_go_through_the_grammar(cell: str) -> None:
    assert _simple_cell(cell) is None


def test_read_cell_results_for_simple_cells() -> None:
    v = read_cell("≥86万元")
    assert (v.op, v.value, v.unit, v.unread) == (">=", 86.0, "万元", False)
    v = read_cell("95.00(%)")
    assert (v.op, v.value, v.unit) == ("unknown", 95.0, "%")
    v = read_cell("250名")
    assert (v.op, v.value, v.unit) == ("unknown", 250.0, "人")


def test_a_reading_lists_the_cell_value_fields_in_order() -> None:
    """read_cell builds CellValue(text, *reading): the tuple order is the dataclass field order."""
    from dataclasses import fields

    from nlp_audit.model import CellValue

    names = [f.name for f in fields(CellValue)]
    assert names[:9] == ["text", "op", "value", "unit", "qualitative", "period", "approx", "garbled", "unread"]
    v = read_cell("约300人")
    assert (v.text, v.value, v.unit, v.approx) == ("约300人", 300.0, "人", True)
