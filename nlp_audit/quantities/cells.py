"""Reading one target (年度指标值) or actual (实际完成值) cell as printed.

Cells keep the magnitude they were printed with ("5亿元" -> 5 亿元, "8400元" -> 8400 元): the gold
and the form's own arithmetic are in the cell's unit, and ``to_wan`` converts when a check needs
to compare money across units. A bare "5万" in a cell is money (5 万元): in these tables 万 without
a unit only ever means 万元. Anything with digits the grammar cannot place is ``unread`` (P003),
never a guessed value.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..caching import text_cache
from ..model import CellValue
from ..text import translate
from .grammar import RawMatch, _dates, _mask, _masks, op_of, raw_matches
from .lexicon import lexicon

_SPACE = re.compile(r"\s+")
_SPLIT_DECIMAL = re.compile(r"(\d)\.[ \t\u3000]+(?=\d)")
_SPACED_GROUP = re.compile(r"[^\d\s]{0,3}(?<![\d.])\d{1,3}(?P<gap> )\d{3}(?:\.\d+)?\(?(?P<unit>[^\d\s()]{1,4})\)?$")
_BARE_UNIT = re.compile(r"^\(?([^\d()]{1,6})\)?$")
_TRAIL = "。.;；,，、 "

# (op, value, unit, qualitative, period, approx, garbled, unread)
_Reading = tuple[str | None, float | None, str | None, str | None, str | None, bool, bool, bool]


def read_cell(text: str | None, role: str = "target") -> CellValue:
    """A target/actual cell -> CellValue (op, value, unit, qualitative...). Never raises.

    ``role`` is accepted for the callers' clarity; targets and actuals are read with one grammar
    (an actual may repeat the comparator: "≥266米").
    """
    if text is None:
        return CellValue(text="", op=None)
    cell = str(text).strip()
    if not cell:
        return CellValue(text="", op=None)
    try:
        reading = _read(cell)
    except Exception:  # bad input must never escape as a traceback: it is an unread cell
        reading = _UNREAD
    # a _Reading lists CellValue's fields after ``text``, in order (a fresh object: callers edit it)
    return CellValue(cell, *reading)


_UNREAD: _Reading = (None, None, None, None, None, False, False, True)


def to_base(value: float | None, unit: str | None) -> tuple[float | None, str | None]:
    """A cell's printed value in the unit ``find_quantities`` reports for the same text: money in 万元,
    3万人 as 30000 人, 0.5‰ as 0.05 %. What a narrative states is compared with a cell through this."""
    if value is None or unit is None:
        return value, unit
    lx = lexicon()
    if unit in lx.money:
        return to_wan(value, unit)
    if unit in lx.scaled:
        factor, base = lx.scaled[unit]
        return round(value * factor, 10), base
    if unit == "‰":
        return round(value / 10, 12), "%"
    return value, unit


def to_wan(value: float | None, unit: str | None) -> tuple[float | None, str | None]:
    """Money in 元/千元/亿元 -> 万元 (for comparing a cell with the funds block); other units unchanged."""
    if value is None or unit is None:
        return value, unit
    factor = lexicon().money.get(unit)
    if factor is None:
        return value, unit
    return round(value * factor, 10), "万元"


def join_split_decimals(text: str) -> str:
    """``text`` with the space after a decimal point taken out ("97. 7" -> "97.7"): PDF extraction puts one
    there, and no number ends in a point, so what follows is its decimals."""
    if "." not in text:
        return text  # (no decimal point, nothing to join: most cells, and the regex's substitution is not free)
    return _SPLIT_DECIMAL.sub(r"\1.", text)


@text_cache(maxsize=8192, max_chars=500)
def _read(s: str) -> _Reading:
    lx = lexicon()
    # whitespace collapses but stays a separator: "10 10" is two numbers, never 1010; a decimal point
    # followed by a space ("97. 7", PDF extraction) is inside one number, since no number ends in a point
    c = _SPACE.sub(" ", join_split_decimals(translate(s, lx.table))).strip()
    g = _SPACED_GROUP.match(c)
    if g is not None and g.group("unit") in lx.unit_alias and lx.unit_alias[g.group("unit")] != "%":
        # "3 104人", "≥2 500人": one three-digit group after a space, then a unit, in one cell is one
        # number (PDF extraction spaces thousands); "10 100%" and "10 100" stay two numbers
        c = c[: g.start("gap")] + c[g.end("gap") :]
    core = c.rstrip(_TRAIL).replace(" ", "")
    if core in lx.placeholders:
        return None, None, None, None, None, False, False, False
    if core in lx.qualitative:
        return "qual", None, None, lx.qualitative[core], None, False, False, False
    if core in lx.symbol_ops or core in lx.prefix_ops:
        # a comparator column on its own (指标性质 "≥"): the comparator, no value
        return lx.symbol_ops.get(core) or lx.prefix_ops.get(core), None, None, None, None, False, False, False
    bu = _BARE_UNIT.match(core)
    if bu and bu.group(1) in lx.unit_alias:
        # a unit column on its own (度量单位 "%", "(人)"): the unit, no value
        return None, None, lx.unit_alias[bu.group(1)], None, None, False, False, False
    simple = _simple_cell(c)
    if simple is not None:
        return simple
    return _read_grammar(c, core, lx)


def _read_grammar(c: str, core: str, lx) -> _Reading:
    """The cell through the whole quantity grammar (dates, masks, every numeral form)."""
    has_digit = any(map(str.isdigit, c))
    dates, dspans = _dates(c, c, lx)
    work = _mask(c, dspans)
    work = _mask(work, _masks(work, lx))
    rms = [r for r in raw_matches(work) if not r.prose]  # a lone numeral of prose is never a cell's value
    if not rms:
        if dates:
            d = dates[0]
            if d.kind == "deadline":
                return "<=", d.value, d.unit, None, None, False, False, False
            return "unknown", None, None, None, None, False, False, False
        if (has_digit and not _only_ordinals(c, dspans)) or _has_cn_number(core):
            return None, None, None, None, None, False, False, True
        return "qual", None, None, _qual_word(core, lx), None, False, False, False
    if len(rms) > 1:
        # two amounts in one cell (98%/96%, "3#5%"): which one is the value is a guess -> P003
        return None, None, None, None, None, False, False, True
    rm = rms[0]
    covered = [(rm.start, rm.end)] + dspans
    if _digit_outside(c, covered) and not _only_ordinals(c, covered):
        return None, None, None, None, None, False, False, True
    if rm.pre is None and rm.start > 0:
        rm.pre = _comparator_before(c[:rm.start], lx)  # 不超过预算的100%: the word is not adjacent
    op, approx = op_of(rm, lx)
    garbled = bool(rm.pre and rm.pre in lx.garbled_ops)
    value, unit = _printed(rm, lx)
    if op == "range":  # 数十人: a vague order of magnitude, no single value to check against
        return "unknown", None, unit, None, rm.period, True, False, False
    if op is None:
        op = "unknown"
    return op, value, unit, None, rm.period, approx, garbled, False


# The printed shape of most cells: a comparator, an Arabic number, a unit ("≥86万元", "95.00(%)",
# "250人"). The grammar reads them the same way every time, so they skip it — but only for the
# units for which the grammar was seen to agree (``_simple_units``); anything else goes through it.
_SIMPLE = re.compile(r"^(>=|<=|≥|≤|>|<|=)?([1-9]\d{0,7}(?:\.\d{1,4})?|0\.\d{1,4}|0)(?:\(([^()\d]{1,6})\)|([^()\d]{1,6}))?$")
# One probe per shape feature (bare, comparator, decimals, parentheses); the tests compare the fast
# path with the grammar for every unit, comparator and many numbers.
_SIMPLE_PROBES = ("86{u}", "≥95.5{u}", "0.85({u})", "<100.00({u})")


def _simple_cell(c: str) -> _Reading | None:
    m = _SIMPLE.match(c)
    if m is None:
        return None
    op_text, num, unit_p, unit = m.groups()
    u = unit_p if unit_p is not None else unit
    if u is not None and not simple_unit(u):
        return None
    lx = lexicon()
    op = lx.symbol_ops[op_text] if op_text else "unknown"
    return op, _tidy(float(num)), (lx.unit_alias.get(u, u) if u else None), None, None, False, False, False


@lru_cache(maxsize=1024)
def simple_unit(u: str) -> bool:
    """Does the grammar read every simple cell with this unit as comparator + number + canonical
    unit? Checked on probe cells the first time the unit is seen (a lexicon change that makes a
    unit special is noticed here). Time words (年, 月, 日...) never qualify: "2024年" and "12月" are
    dates, not amounts."""
    lx = lexicon()
    if u not in lx.unit_alias or any(ch in u for ch in "年月日号时分秒季周旬"):
        return False
    return all(_grammar_agrees(probe.format(u=u), lx) for probe in _SIMPLE_PROBES)


def _grammar_agrees(cell: str, lx) -> bool:
    c = _SPACE.sub(" ", translate(cell, lx.table)).strip()
    if c != cell:
        return False
    m = _SIMPLE.match(c)
    if m is None:
        return False
    op_text, num, unit_p, unit = m.groups()
    u = unit_p if unit_p is not None else unit
    want = (lx.symbol_ops[op_text] if op_text else "unknown", _tidy(float(num)), lx.unit_alias.get(u, u),
            None, None, False, False, False)
    return _read_grammar(c, c.rstrip(_TRAIL).replace(" ", ""), lx) == want


def _digit_outside(c: str, covered: list[tuple[int, int]]) -> bool:
    """Is any character of ``c`` outside every span a digit (str.isdigit)?"""
    chars = list(c)
    n = len(chars)
    for s, e in covered:
        for i in range(max(s, 0), min(e, n)):
            chars[i] = ""
    return any(map(str.isdigit, chars))


def _comparator_before(head: str, lx) -> str | None:
    """The last comparator word/symbol in the text before a cell's number, if any."""
    best: tuple[int, int, str] | None = None
    for w in list(lx.prefix_ops) + list(lx.symbol_ops):
        i = head.rfind(w)
        if i >= 0 and (best is None or (i + len(w), len(w)) > (best[0], best[1])):
            best = (i + len(w), len(w), w)
    return best[2] if best else None


def _only_ordinals(c: str, covered: list[tuple[int, int]]) -> bool:
    """Digits outside every span are fine when they were masked as codes/ordinals, not amounts."""
    lx = lexicon()
    masked = _masks(c, lx)
    for i, ch in enumerate(c):
        if ch.isdigit() and not any(s <= i < e for s, e in covered):
            if not any(s <= i < e for s, e in masked):
                return False
    return True


def _has_cn_number(s: str) -> bool:
    return bool(re.search(r"[一二两三四五六七八九十][十百千万亿]", s))


def _printed(rm: RawMatch, lx) -> tuple[float, str | None]:
    value = rm.number
    unit = rm.unit
    if rm.mag:
        if unit is None and rm.mag in ("万", "亿"):
            unit = rm.mag + "元"  # "5万" in a cell: 5 万元
        else:
            value = value * lx.magnitudes.get(rm.mag, 1.0)
    return _tidy(value), unit


def _tidy(v: float) -> float:
    if type(v) is float and v.is_integer():
        return float(int(v))  # (what the rounding below gives a whole number, without its cost; -0.0 -> 0.0)
    r = round(v, 10)
    return float(int(r)) if r == int(r) else r


def _qual_word(core: str, lx) -> str:
    """Canonical qualitative word when the cell is (a variant of) one, else the cell text itself."""
    return lx.qualitative.get(core, core)  # (one lookup: only the word equal to the cell can match)


__all__ = ["read_cell", "to_base", "to_wan"]
