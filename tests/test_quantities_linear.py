"""The quantity grammar is linear in its input (issue 11: 40k digits took 15 s, 1 MB of digits > 60 s).

Growing inputs, the best of five runs each (CPU time only grows with interference, so the minimum is the
cost): doubling the input may at most triple the time. A generous bound that holds on a busy shared
machine; a quadratic pattern quadruples and fails it. Times below a
floor are raised to it, so that two tiny timings never make a ratio of noise.
"""

from __future__ import annotations

import gc
import time

import pytest

from nlp_audit.quantities import cells, find_quantities, grammar, read_cell

FLOOR = 0.05  # seconds: below this a timing on a shared machine is noise


def _median_time(fn, text: str) -> float:
    times = []
    for _ in range(5):
        grammar._find_cached.cache_clear()  # short texts and cells are cached: time the reading, not the cache
        cells._read.cache_clear()
        gc.collect()
        gc.disable()  # a collection of the whole suite's heap landing in one run is not the reading's cost
        try:
            t0 = time.process_time()  # this process's CPU time: other people's work on the machine does not count
            fn(text)
            times.append(time.process_time() - t0)
        finally:
            gc.enable()
    return max(min(times), FLOOR)


NARRATIVE = ("项目资金120万元，实际支出118.5万元，预算执行率98.75%；全年开展培训不少于12次，"
             "服务群众近3000人，群众满意度达95%以上，新增服务项目20余项，负责3个村的 1 234.5 6 平方米。")

RUNS = (10_000, 20_000, 40_000)  # one long run: where a pattern retried from every character went quadratic
DENSE = (2_500, 5_000, 10_000)  # a quantity every few characters: each one is read, so smaller inputs
SHAPES = {
    "digits": (lambda n: "7" * n, RUNS),
    "digits in prose": (lambda n: "资金" + "1" * n + "元", RUNS),
    "chinese numerals": (lambda n: "一" * n, RUNS),
    "spaces before a number": (lambda n: "1" + " " * n + "x", RUNS),
    "spaced chinese digits": (lambda n: ("一 " * n)[:n], DENSE),
    "spaced digits": (lambda n: ("1 " * n)[:n], DENSE),
    "grouped digits": (lambda n: ("1,234" * n)[:n], DENSE),
    "mixed magnitudes": (lambda n: ("一百二十三万" * n)[:n], DENSE),
    "dashes": (lambda n: ("1-" * n)[:n], DENSE),
    # the code mask (digits, letters, a digit: G20, 43000017R0): "\d+[A-Za-z]+\d" tried from every digit
    # of a run that ends in letters and no digit was quadratic before its look-behind
    "digits then letters": (lambda n: "编号" + "1" * n + "ab", RUNS),
    "letters and digits": (lambda n: ("1a" * n)[:n] + "b", DENSE),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_find_quantities_grows_linearly(shape):
    make, sizes = SHAPES[shape]
    find_quantities(make(100))  # compile outside the timing
    t = [_median_time(find_quantities, make(n)) for n in sizes]
    assert t[1] <= 3 * t[0] and t[2] <= 3 * t[1], f"{shape}: {[round(x, 3) for x in t]} s for {sizes}"


def test_read_cell_grows_linearly_on_digit_runs():
    t = [_median_time(read_cell, "≥" + "9" * n + "%") for n in (10_000, 20_000, 40_000)]
    assert t[1] <= 3 * t[0] and t[2] <= 3 * t[1], [round(x, 3) for x in t]


def test_a_200_kb_narrative_grows_linearly():
    unit = len(NARRATIVE.encode("utf-8"))
    half = NARRATIVE * (100_000 // unit)
    t = [_median_time(find_quantities, half), _median_time(find_quantities, half + half)]
    assert t[1] <= 3 * t[0], [round(x, 3) for x in t]
    assert len(find_quantities(half + half)) > 1000  # and it is read, not skipped
