"""Property tests: rendered quantities read back, offsets always slice to the span text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_audit.quantities import find_quantities, read_cell

UNITS = ["项", "次", "人", "个", "人次", "平方米", "天", "亩"]


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(UNITS))
def test_integer_with_unit_reads_back(n, unit):
    (q,) = find_quantities(f"完成{n}{unit}")
    assert q.value == n and q.unit == unit and q.op == "="


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**7))
def test_at_least_cell_reads_back(n):
    c = read_cell(f"不少于{n}次")
    assert (c.op, c.value, c.unit) == (">=", n, "次")


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_rendering_reads_back(n):
    cn2an = __import__("pytest").importorskip("cn2an")
    text = cn2an.an2cn(n)
    (q,) = find_quantities(f"共{text}人")
    assert q.value == n


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["≥", "≤", ">=", "<=", "＞", "＜", "="]))
def test_percent_cell_with_comparator(d, sym):
    c = read_cell(f"{sym}{d}%")
    expected = {"≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", "＞": ">", "＜": "<", "=": "="}[sym]
    assert c.op == expected and c.unit == "%" and abs(c.value - float(d)) < 1e-9


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789一二两十百千万亿元%人次项余多以上下不少于超过约近年月前,.，。-~/第是统") + [" "]),
               max_size=40))
def test_offsets_slice_to_span_text_and_never_raise(text):
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        assert q.text and not q.text[0].isspace()
    read_cell(text)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_change_keeps_base_and_end(a, b):
    (q,) = find_quantities(f"从{a}项增加到{b}项")
    assert q.kind == "change" and q.base == a and q.value == b
