"""Passes over the quantities of one text, in order: neighbours that are one statement become one span.

- a change: 从20余项增加到100余项 (value 100, base 20);
- a range: 3-5天, 20至30万元 (the first bound takes the second's magnitude: 20万元 to 30万元),
  在10和20之间, 介于10与20之间, and two one-sided bounds written together: 大于10小于20,
  10以上20以下, 不少于5个且不超过10个;
- a relative change: 提升超过50%, 下降22.2% (with its direction), and percentage points;
- a frequency: 每季度开展督导1次.
"3天-5天": a "-" read as a sign right after a quantity is the range's separator, not a negative number.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..model import Quantity
from .lexicon import Lexicon, lexicon

_GAP_MAX = 24  # a change or range is written within a few characters; a longer gap is never scanned
_SCALE = re.compile(r"scale=([0-9.e+-]+)")


@lru_cache(maxsize=1)
def _regexes(lx_id: int) -> dict[str, re.Pattern]:
    lx = lexicon()
    verbs = sorted(set(lx.change_up) | set(lx.change_down), key=len, reverse=True)
    v = "|".join(map(re.escape, verbs))
    to = "|".join(map(re.escape, sorted(lx.change_to, key=len, reverse=True)))
    frm = "|".join(map(re.escape, lx.change_from))
    seps = "|".join(map(re.escape, sorted(lx.range_seps, key=len, reverse=True)))
    joiners = "|".join(map(re.escape, sorted(lx.range_joiners, key=len, reverse=True)))
    bseps = "|".join(map(re.escape, sorted(lx.between_seps, key=len, reverse=True)))
    bopen = "|".join(map(re.escape, sorted(lx.between_open, key=len, reverse=True)))
    bclose = "|".join(map(re.escape, sorted(lx.between_close, key=len, reverse=True)))
    return {
        "gap": re.compile(rf"[ \t,，]{{0,3}}(?:(?:{v})了?)?[ \t]{{0,3}}(?:{to})?[ \t]{{0,3}}"),
        "before": re.compile(rf"(?:{frm})(?:原来|原有|去年|上年|上一年|年初)?的?[ \t]{{0,3}}$"),
        "range": re.compile(rf"[ \t]{{0,3}}(?:{seps})[ \t]{{0,3}}"),
        # one joiner, or a comma and a word ("大于50，并且小于100")
        "joiner": re.compile(rf"[ \t]{{0,3}}(?:[,，][ \t]{{0,3}}(?:{joiners})|{joiners})?[ \t]{{0,3}}"),
        "between": re.compile(rf"[ \t]{{0,3}}(?:{bseps})[ \t]{{0,3}}"),
        "close": re.compile(rf"[ \t]{{0,3}}(?:{bclose})"),
        "open": re.compile(rf"(?:{bopen})[ \t]{{0,3}}$"),
        "period": re.compile(rf"({lx.alts['period_pre']})[^，。；;,\n|:：]{{0,10}}$"),
        "down": re.compile("|".join(map(re.escape, sorted(lx.change_down, key=len, reverse=True)))
                           + "|下滑|回落|降幅|负增长"),
    }


def combine(qs: list[Quantity], text: str, norm: str, lx: Lexicon) -> list[Quantity]:
    """Join neighbours into changes and ranges; mark relative changes, pp and frequencies."""
    rx = _regexes(id(lx))
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        q = qs[i]
        n = qs[i + 1] if i + 1 < len(qs) else None
        if n is not None and q.kind in ("absolute", "pp") and n.kind in ("absolute", "pp"):
            n = _unsigned_after(q, n, text, norm)
            joined = _change(q, n, text, norm, rx) or _range(q, n, text, norm, rx, lx) or _bounds(q, n, text, norm, rx)
            if joined is not None:
                out.append(_between(joined, text, norm, rx))
                i += 2
                continue
        _frequency_and_relative(q, text, norm, rx, lx)
        out.append(q)
        i += 1
    return out


def _gap(q: Quantity, n: Quantity, norm: str) -> str | None:
    return norm[q.end:n.start] if n.start - q.end <= _GAP_MAX else None


def _units_ok(q: Quantity, n: Quantity) -> bool:
    return q.unit is None or n.unit is None or q.unit == n.unit


def _unsigned_after(q: Quantity, n: Quantity, text: str, norm: str) -> Quantity:
    """'3天-5天', '3 -5': a '-' right after a quantity separates a range; the second number is not negative."""
    if (n.value is not None and n.value < 0 and norm[n.start:n.start + 1] == "-" and q.value is not None
            and q.value >= 0 and not norm[q.end:n.start].strip(" \t")):
        v = -n.value
        lo = None if n.low is None else -n.low
        hi = None if n.high is None else -n.high
        return replace(n, text=text[n.start + 1:n.end], start=n.start + 1, value=v, low=lo, high=hi)
    return n


def _change(q: Quantity, n: Quantity, text: str, norm: str, rx) -> Quantity | None:
    """从X增加到Y: a change with base X and value Y."""
    gap = _gap(q, n, norm)
    if gap is None or not _units_ok(q, n):
        return None
    head = norm[max(0, q.start - 8):q.start]
    fm = rx["before"].search(head)
    if not (fm and rx["gap"].fullmatch(gap) and gap.strip(" \t,，")):
        return None
    if gap.strip(" \t,，") in ("到", "至"):
        return None  # 从10到20(不等): with no verb of change, 从…到… spans a range of values
    s = q.start - (len(head) - fm.start())
    direction = "down" if rx["down"].search(gap) else "up" if gap.strip(" \t,，") not in ("到", "至", "为") else None
    if direction is None and q.value is not None and n.value is not None and q.value != n.value:
        direction = "up" if n.value > q.value else "down"
    return Quantity(
        text=text[s:n.end], start=s, end=n.end, value=n.value, low=n.low, high=n.high,
        low_inclusive=n.low_inclusive, high_inclusive=n.high_inclusive, op=n.op, approx=n.approx,
        unit=n.unit or q.unit, period=n.period or q.period, kind="change", base=q.value,
        explanation=f"change from {q.text} to {n.text}", direction=direction,
    )


def _scale(n: Quantity) -> float:
    m = _SCALE.search(n.explanation or "")
    return float(m.group(1)) if m else 1.0


def _first_bound_ok(q: Quantity, norm: str, lx: Lexicon) -> bool:
    """The first bound of a range: a plain number, an approximate one (约300-400人), or one after a
    word that only says where the range lies (控制在50到80人之间: 控制在 is not 'at most' here)."""
    if q.value is None:
        return False
    if q.op == "=" or (q.op is None and q.approx):
        return True
    return q.op == "<=" and any(norm.startswith(w, q.start) for w in lx.range_holders)


def _own_magnitude(q: Quantity) -> bool:
    """1万至2万人, 10万-50万元: the first bound carries its own 万/亿, so it takes no scale from the second."""
    return "mag=" in (q.explanation or "")


def _range(q: Quantity, n: Quantity, text: str, norm: str, rx, lx: Lexicon) -> Quantity | None:
    """X-Y, X到Y, X至Y (and X和Y / X与Y when 之间 follows): one range."""
    gap = _gap(q, n, norm)
    if gap is None or not _units_ok(q, n) or n.op != "=" or n.approx or not _first_bound_ok(q, norm, lx):
        return None
    if not rx["range"].fullmatch(gap):
        # 和/与 make a range only inside 介于…(之间) / 在…之间: "分别为10和20" is a list
        opened = rx["open"].search(norm, max(0, q.start - 5), q.start) is not None and "介于" in norm[max(0, q.start - 5):q.start]
        if not (rx["between"].fullmatch(gap) and (rx["close"].match(norm, n.end) or opened)):
            return None
    lo, hi = q.value, n.value
    if q.unit is None and n.unit is not None and hi is not None:
        if _own_magnitude(q):
            if n.unit in lx.money:  # 10万-50万元: the first bound was read in 元, the second in 万元
                lo = lo * lx.money.get("元", 1.0) / lx.money[n.unit]
        elif n.unit == "%" and norm.find("成", n.start, n.end) >= 0 and "%" not in norm[n.start:n.end]:
            lo = lo * 10  # 四至六成: the first bound counts tenths like the second
        else:
            scale = _scale(n)
            if scale != 1.0:  # 20至30万元, 3-5万人: the first bound is written in the second's magnitude
                if lo >= hi / scale:
                    return None  # 5000-3万元: which magnitude the first bound has is a guess
                lo = lo * scale
    if hi is None or lo >= hi:
        return None
    return Quantity(
        text=text[q.start:n.end], start=q.start, end=n.end, value=None, low=_tidy(lo), high=hi,
        op="range", approx=q.approx, unit=n.unit or q.unit, period=n.period or q.period, kind=n.kind,
        explanation=f"range {q.text} to {n.text}",
    )


def _bounds(q: Quantity, n: Quantity, text: str, norm: str, rx) -> Quantity | None:
    """大于10小于20, 10以上20以下, 不少于5个且不超过10个: a lower and an upper bound of one thing."""
    gap = _gap(q, n, norm)
    if gap is None or not _units_ok(q, n) or not rx["joiner"].fullmatch(gap):
        return None
    lower, upper = (q, n) if q.op in (">", ">=") else (n, q)
    if lower.op not in (">", ">=") or upper.op not in ("<", "<=") or lower.approx or upper.approx:
        return None
    lo, hi = lower.value, upper.value
    if lo is None or hi is None or lo >= hi:
        return None
    return Quantity(
        text=text[q.start:n.end], start=q.start, end=n.end, value=None, low=lo, high=hi,
        low_inclusive=lower.op == ">=", high_inclusive=upper.op == "<=", op="range",
        unit=n.unit or q.unit, period=n.period or q.period, kind=n.kind,
        explanation=f"range: {lower.text} and {upper.text}",
    )


def _between(r: Quantity, text: str, norm: str, rx) -> Quantity:
    """A range followed by 之间 takes the words around it: 在10和20之间, 介于10与20之间."""
    if r.op != "range":
        return r
    close = rx["close"].match(norm, r.end)
    if close is None:
        return r
    head = norm[max(0, r.start - 5):r.start]
    om = rx["open"].search(head)
    s = r.start - (len(head) - om.start()) if om else r.start
    return replace(r, text=text[s:close.end()], start=s, end=close.end(), low_inclusive=False, high_inclusive=False)


def _frequency_and_relative(q: Quantity, text: str, norm: str, rx, lx: Lexicon) -> None:
    if q.period is None and q.unit in lx.event_units and q.kind == "absolute":
        head = norm[max(0, q.start - 14):q.start]
        pm = rx["period"].search(head)
        if pm:
            q.period = lx.period_prefix.get(pm.group(1))
            q.kind = "frequency"
    if q.kind in ("absolute", "pp") and q.unit in ("%", "个百分点"):
        head = norm[max(0, q.start - 8):q.start].rstrip(" \t")
        vm = lx.relative_verbs.search(head)
        if vm:
            s = q.start - (len(norm[max(0, q.start - 8):q.start]) - vm.start())
            q.text, q.start = text[s:q.end], s
            q.direction = "down" if rx["down"].search(vm.group()) else "up"
            if q.unit == "%":
                q.kind = "relative"


def _tidy(v: float) -> float:
    r = round(v, 10)
    return float(int(r)) if r == int(r) else r
