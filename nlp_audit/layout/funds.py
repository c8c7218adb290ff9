"""The funds block: column order from its header, one FundsRow per labelled row, amounts in 万元.

Why plausibility instead of position: rows lose cells ("880 880 880 10 10" without 执行率,
"32.4 | 31.69 | 10 | 97.80% | 9" without 年初预算数) or fuse them ("310.2154.741050%5"). Among the
ways to put the numbers into the columns, the one where 执行数/预算数 agrees with the stated 执行率
and 得分 ≤ 分值 wins.
"""

from __future__ import annotations

import itertools
import re

from ..model import FundsRow, ParseProblem, Source
from .columns import _splits
from .scan import Doc, Label

_TOK = re.compile(r"[^\s\t|:：]+")
_NUMTOK = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:万元|万|元)?%?$|^\d*\.\d+%?$")
_DASH = re.compile(r"^[-/—–]+$")
_GARBLED = re.compile(r"^\.\d|\d\.\d+\.\d")


def _num(tok: str) -> float | None:
    t = tok.replace(",", "").rstrip("%").replace("万元", "").replace("万", "").replace("元", "")
    try:
        return float(t)
    except ValueError:
        return None


def _row_tokens(text: str) -> tuple[list[str], bool]:
    """Numeric tokens at the start of a row's text; stops at the first word after a number."""
    toks: list[str] = []
    garbled = False
    for m in _TOK.finditer(text):
        t = m.group().strip("()（）")
        if not t:
            continue
        if _NUMTOK.match(t) and not _GARBLED.search(t):
            toks.append(t)
        elif _DASH.match(t):
            toks.append("-")
        elif _GARBLED.search(t) and re.fullmatch(r"[\d.%]+", t):
            garbled = True
            break
        else:
            m2 = re.match(r"^([\d.,%]+)", t)
            if m2 and toks == [] and len(m2.group(1)) > 3:
                toks.append(m2.group(1))
            break
    return toks, garbled


def _score(cols: list[str], vals: dict[str, float | None], rate_tok: dict[str, str]) -> float:
    s = 0.0
    full = vals.get("budget_full_year") or vals.get("budget_initial")
    ex = vals.get("executed")
    rate = vals.get("rate")
    if rate is not None:
        if "%" in rate_tok.get("rate", "") or 0 < rate <= 1.2 or rate <= 100.5:
            s += 1
        else:
            s -= 3
        r = rate * 100 if rate <= 1.2 and "%" not in rate_tok.get("rate", "") else rate
        if full and ex is not None:
            s += 4 if abs(ex / full * 100 - r) <= 1.0 else -2
    for k in ("weight", "score"):
        v = vals.get(k)
        if v is not None:
            s += 1 if v <= 30 else -3
    if vals.get("weight") is not None and vals.get("score") is not None:
        s += 1 if vals["score"] <= vals["weight"] else -3
    for k, tok in rate_tok.items():
        if "%" in tok and k != "rate":
            s -= 5
    return s


def _assign(cols: list[str], toks: list[str]) -> dict[str, str]:
    if not cols:
        return {}
    if len(toks) >= len(cols):
        return dict(zip(cols, toks, strict=False))
    best = None
    for combo in itertools.combinations(range(len(cols)), len(toks)):
        got = {cols[ci]: t for ci, t in zip(combo, toks, strict=False)}
        vals = {k: (_num(v) if v != "-" else None) for k, v in got.items()}
        sc = _score(cols, vals, got)
        # missing cells: prefer losing 年初预算数 or 执行率 over the amounts that define the rate
        for ci, c in enumerate(cols):
            if ci not in combo:
                sc -= {"budget_initial": 0.5, "rate": 0.6, "executed": 1.0, "budget_full_year": 1.1}.get(c, 1.5)
        if best is None or sc > best[0]:
            best = (sc, got)
    assert best is not None
    return best[1]


def _unfuse(cols: list[str], toks: list[str]) -> list[str]:
    """'310.2154.741050%5' -> 310.2 | 154.74 | 10 | 50% | 5 by the same plausibility."""
    if len(toks) != 1 or len(cols) < 2:
        return toks
    t = toks[0]
    pct_at = t.find("%")
    if pct_at == -1:
        pieces = [(t, "")]
    else:
        pieces = [(t[:pct_at], "%"), (t[pct_at + 1 :], "")]
    best = None
    for k in range(2, len(cols) + 1):
        for parts in _cuts(pieces, k):
            got = _assign(cols, parts)
            vals = {kk: _num(v) for kk, v in got.items()}
            sc = _score(cols, vals, got) + (2 if len(parts) == len(cols) else 0)
            if best is None or sc > best[0]:
                best = (sc, parts)
    return best[1] if best else toks


def _cuts(pieces: list[tuple[str, str]], k: int) -> list[list[str]]:
    out: list[list[str]] = []
    if len(pieces) == 1:
        digits, suf = pieces[0]
        for p in _splits(digits, k):
            out.append(p[:-1] + [p[-1] + suf])
        return out
    (d1, s1), (d2, s2) = pieces
    for k1 in range(1, k):
        for p1 in _splits(d1, k1):
            p1 = p1[:-1] + [p1[-1] + s1]
            if not d2:
                if k1 == k:
                    out.append(p1)
                continue
            for p2 in _splits(d2, k - k1):
                out.append(p1 + p2)
    return out[:3000]


def read_funds(doc: Doc, labels: list[Label], stop_at: int, kind: str) -> tuple[list[FundsRow], str, list[ParseProblem]]:
    fl = [lb for lb in labels if lb.start < stop_at]
    cols: list[str] = []
    for lb in fl:
        if lb.family == "fcol" and lb.name not in cols:
            if any(r.family in ("ftotal", "fpart") and r.start < lb.start for r in fl) and cols:
                break
            cols.append(lb.name)
    rows_lb = [lb for lb in fl if lb.family in ("ftotal", "fpart")]
    problems: list[ParseProblem] = []
    unit = "万元"
    if rows_lb:
        zone_a = max(0, rows_lb[0].start - 300)
        zone = doc.raw[zone_a : rows_lb[0].start]
        zf = zone.replace("（", "(").replace("）", ")").replace(" ", "")
        if "(元)" in zf and zf.rfind("(元)") > zf.rfind("(万元)"):
            unit = "元"
    out: list[FundsRow] = []
    for _i, lb in enumerate(rows_lb):
        later = [x for x in fl if x.start >= lb.end]
        end = later[0].start if later else min(stop_at, lb.end + 200)
        text = doc.raw[lb.end : end]
        toks, garbled = _row_tokens(text)
        ev = (doc.raw[lb.start : lb.end] + text).strip()[:60]
        if garbled:
            problems.append(ParseProblem("P003", "资金金额无法读取(数字缺失或错乱)", evidence=ev.split("\n")[0].strip(),
                                         field="funds", source=Source(start=lb.start, end=end, line=lb.line + 1)))
            continue
        if not toks or all(t == "-" for t in toks):
            continue
        row = FundsRow(label=re.sub(r"\s+", "", doc.raw[lb.start : lb.end]), source=Source(start=lb.start, end=end, line=lb.line + 1))
        use_cols = cols or (["budget_initial"] if kind == "declaration" else ["budget_full_year"])
        toks = _unfuse(use_cols, toks)
        got = _assign(use_cols, toks)
        scale = 0.0001 if unit == "元" else 1.0
        for col, tok in got.items():
            v = _num(tok) if tok != "-" else None
            if v is None:
                continue
            if col in ("budget_initial", "budget_full_year", "executed"):
                if "万" in tok:
                    setattr(row, col, v)
                else:
                    setattr(row, col, round(v * scale, 6))
            elif col == "rate":
                row.rate_text = tok
                row.rate = round(v * 100, 4) if (v <= 1.2 and "%" not in tok and "." in tok) else v
            elif col == "weight":
                row.weight = v
            elif col == "score":
                row.score_text = tok
                row.score = v
        out.append(row)
    return out, unit, problems
