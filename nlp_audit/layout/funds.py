"""The funds block: column order from its header, one FundsRow per labelled row, amounts in 万元.

Why plausibility instead of position: rows lose cells ("880 880 880 10 10" without 执行率,
"32.4 | 31.69 | 10 | 97.80% | 9" without 年初预算数) or fuse them ("310.2154.741050%5"). Among the
ways to put the numbers into the columns, the one where 执行数/预算数 agrees with the stated 执行率
and 得分 ≤ 分值 wins.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from functools import lru_cache

from ..model import FundsRow, ParseProblem, Source
from .columns import _splits
from .scan import Doc, Label

_TOK = re.compile(r"[^\s\t|:：]+")
_NUMTOK = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:万元|万|元)?%?$|^\d*\.\d+%?$")
_DASH = re.compile(r"^[-/—–]+$")
_GARBLED = re.compile(r"^\.\d|\d\.\d+\.\d")
_DIGITS_ONLY = re.compile(r"[\d.%]+")
_LEAD_DIGITS = re.compile(r"^([\d.,%]+)")
_WS = re.compile(r"\s+")
_FUSED_DIGITS = re.compile(r"\d[\d.]{3,}%?\d*")
_BLOCK_W = re.compile(r"(?:\([^()\d]{1,4}\))?\((\d+(?:\.\d+)?)分\)")
_SCORE_W = re.compile(r"\((\d+(?:\.\d+)?)分[*×xX]")


@lru_cache(maxsize=4096)
def _num(tok: str) -> float | None:
    t = tok.replace(",", "").rstrip("%").replace("万元", "").replace("万", "").replace("元", "")
    try:
        return float(t)
    except ValueError:
        return None


def _row_tokens(text: str) -> tuple[list[str], str | None]:
    """Numeric tokens at the start of a row's text; stops at the first word after a number.

    The second value is a token with two decimal points in a row ("184.52184.52"): cells fused
    without a separator, or digits lost by OCR; the caller decides which."""
    toks: list[str] = []
    garbled = None
    for m in _TOK.finditer(text):
        t = m.group().strip("()（）")
        if not t:
            continue
        kind = _token_kind(t)
        if kind == "num":
            toks.append(t)
        elif kind == "dash":
            toks.append("-")
        elif kind == "garbled":
            garbled = t
            break
        else:
            m2 = _LEAD_DIGITS.match(t)
            if m2 and toks == [] and len(m2.group(1)) > 3:
                toks.append(m2.group(1))
            break
    return toks, garbled


@lru_cache(maxsize=4096)
def _token_kind(t: str) -> str:
    """"num" (an amount, rate or score), "dash" (an empty cell), "garbled" (two decimal points in a
    row: fused cells or lost digits) or "word" (the row's amounts end here). Cached: tokens repeat."""
    if _NUMTOK.match(t) and not _GARBLED.search(t):
        return "num"
    if _DASH.match(t):
        return "dash"
    if _GARBLED.search(t) and _DIGITS_ONLY.fullmatch(t):
        return "garbled"
    return "word"


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
    return dict(_assign_cached(tuple(cols), tuple(toks)))


@lru_cache(maxsize=4096)
def _assign_cached(cols: tuple[str, ...], toks: tuple[str, ...]) -> dict[str, str]:
    """The most plausible columns for the tokens of a funds row (pure; cached, do not mutate)."""
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
    return list(_unfuse_one(tuple(cols), toks[0]))


@lru_cache(maxsize=1024)
def _unfuse_one(cols: tuple[str, ...], tok: str) -> tuple[str, ...]:
    toks = [tok]
    t = toks[0]
    pct_at = t.find("%")
    if pct_at == -1:
        pieces = [(t, "")]
    else:
        pieces = [(t[:pct_at], "%"), (t[pct_at + 1 :], "")]
    best = None
    for k in range(2, len(cols) + 1):
        for parts in _cuts(pieces, k):
            got = _assign_cached.__wrapped__(cols, tuple(parts))  # uncached: thousands of one-off cuts
            vals = {kk: _num(v) for kk, v in got.items()}
            sc = _score(list(cols), vals, got) + (2 if len(parts) == len(cols) else 0)
            if best is None or sc > best[0]:
                best = (sc, parts)
    return tuple(best[1] if best else toks)


_AMOUNT_COLS = ("budget_initial", "budget_full_year", "executed")


def _repeats_total(cols: list[str], toks: list[str], out: list[FundsRow]) -> bool:
    """A part row printing only amounts that equal the total row's, column by column ("其中:当年财政拨款
    43.2 43.2 37.24" under 年初/全年/执行): they go to the amount columns, not to 执行率/得分."""
    amount_cols = [c for c in cols if c in _AMOUNT_COLS]
    if not out or not toks or len(toks) > len(amount_cols) or len(toks) == len(cols):
        return False
    ref = dict(_amounts(out[0]))
    nums = [_num(t) for t in toks]
    return all(c in ref and v is not None and abs(v - ref[c]) < 1e-6 for c, v in zip(amount_cols, nums, strict=False))


def _amounts(row: FundsRow) -> tuple[tuple[str, float], ...]:
    return tuple((c, getattr(row, c)) for c in _AMOUNT_COLS if getattr(row, c) is not None)


@lru_cache(maxsize=1024)
def _unfuse_fused_amounts(cols: tuple[str, ...], tok: str, ref: tuple[tuple[str, float], ...]) -> tuple[str, ...] | None:
    """Cut a token with several decimal points ("184.52184.5210100.00%10", real-dev 027
    "310.2154.741050%5") into the columns, but only when the cut proves itself: 执行数/预算数 equals
    the stated 执行率, or the amounts repeat those of the total row (``ref``). Otherwise the digits
    may be lost (OCR: ".32.06.5") and the row stays unread."""
    pct_at = tok.find("%")
    pieces = [(tok, "")] if pct_at == -1 else [(tok[:pct_at], "%"), (tok[pct_at + 1 :], "")]
    best: tuple[float, tuple[str, ...]] | None = None
    refd = dict(ref)
    amount_cols = [c for c in cols if c in _AMOUNT_COLS]
    has_pct = pct_at != -1
    for k in range(len(cols), 1, -1):  # a full row first: when it proves itself, fewer cells need not be tried
        part_row = bool(refd) and k <= len(amount_cols)
        if not has_pct and not part_row:
            continue  # no cut of this size can prove itself (no 执行率, not a part row): skip building them
        if k == len(cols) and has_pct and not part_row and "%" not in pieces[1][0]:
            # a full row goes into the columns in order, and only the cut whose "…%" piece lands in
            # 执行率 can prove itself: build that block of cuts only (same cuts, same order)
            cuts = _full_row_cuts(cols, pieces, k)
        else:
            cuts = _cuts(pieces, k)
        may_prove = _rate_test(cols) if k == len(cols) and not part_row else None
        for parts in cuts:
            if may_prove is not None and not may_prove(parts):
                continue
            sc = _proof(cols, tuple(parts), refd, amount_cols)
            if sc is not None and (best is None or sc > best[0]):
                best = (sc, tuple(parts))
        if best is not None and k == len(cols):
            break
    return best[1] if best else None


@lru_cache(maxsize=64)
def _rate_test(cols: tuple[str, ...]) -> Callable[[list[str]], bool]:
    """A cheap necessary condition of ``_proof`` for a full row (one token per column, not a part row):
    the amounts and the "…%" 执行率 agree, or are printed alike. Thousands of cuts of a fused row fail
    it; only the others pay for the whole proof (which decides, so the result is unchanged)."""
    last = {c: i for i, c in enumerate(cols)}  # a dict by column keeps the last, as ``_proof`` reads it
    i_full, i_init, i_exec, i_rate = (last.get(c) for c in ("budget_full_year", "budget_initial", "executed", "rate"))
    amount_idx = [last[c] for c in cols if c in _AMOUNT_COLS]
    if i_rate is None or i_exec is None or (i_full is None and i_init is None):
        return lambda parts: False

    def may_prove(parts: list[str]) -> bool:
        rtok = parts[i_rate]
        if not rtok.endswith("%"):
            return False
        full = (_num(parts[i_full]) if i_full is not None else None) or (
            _num(parts[i_init]) if i_init is not None else None)
        ex, rate = _num(parts[i_exec]), _num(rtok)
        if not full or ex is None or rate is None:
            return False
        return _rate_agrees(full, ex, rate, rtok) or _printed_alike([parts[i] for i in amount_idx], rate)

    return may_prove


def _rate_agrees(full: float, ex: float, rate: float, rate_token: str) -> bool:
    """执行数 / 预算数 equals the stated 执行率 to the decimals it is printed with."""
    dec = len(rate_token[:-1].partition(".")[2])
    return abs(ex / full * 100 - rate) <= 0.5 * 10 ** -dec + 0.05


def _printed_alike(amounts: list[str], rate: float) -> bool:
    """Two or more amounts printed with the same (non-zero) decimals and a plausible 执行率: a cut
    that reads as a row even when the stated rate disagrees (a finding for F001, not a parse failure)."""
    decs = {len(t.partition(".")[2]) for t in amounts}
    return len(amounts) >= 2 and len(decs) == 1 and decs != {0} and rate <= 200


def _proof(cols: tuple[str, ...], parts: tuple[str, ...], refd: dict[str, float], amount_cols: list[str]) -> float | None:
    """How well a cut proves itself (None: not at all)."""
    if refd and len(parts) <= len(amount_cols):
        # a part row: only amounts, equal to the total row's, column by column
        nums = [_num(p) for p in parts]
        if all(c in refd and v is not None and abs(v - refd[c]) < 1e-6 for c, v in zip(amount_cols, nums, strict=False)):
            return 4.0
    if "%" not in "".join(parts):
        return None
    got = _assign_cached.__wrapped__(cols, parts)
    rtok = got.get("rate", "")
    if not rtok.endswith("%"):
        return None  # only a stated 执行率 proves a cut (checked before reading the other amounts)
    vals = {c: _num(v) for c, v in got.items()}
    full = vals.get("budget_full_year") or vals.get("budget_initial")
    ex, rate = vals.get("executed"), vals.get("rate")
    if full and ex is not None and rate is not None:
        w, s = vals.get("weight"), vals.get("score")
        sane = (w is None or w <= 100) and (w is None or s is None or s <= w) and (rate > 0 or ex == 0)
        if not sane:
            return None  # both ways of proving below need a sane row
        if _rate_agrees(full, ex, rate, rtok):
            return 5.0 + _score(list(cols), vals, got) + len(parts) * 0.1
        if _printed_alike([got[c] for c in cols if c in _AMOUNT_COLS and c in got], rate):
            return 2.0 + _score(list(cols), vals, got) * 0.1 + len(parts) * 0.1
    return None


def _full_row_cuts(cols: tuple[str, ...], pieces: list[tuple[str, str]], k: int) -> list[list[str]]:
    """The cuts of ``_cuts(pieces, k)`` (two pieces, the first ending in "%") whose "%" part is the
    執行率 column of a full row, in the same order and under the same 3000 cap; the other cuts put a
    non-"%" token into 执行率 and ``_proof`` rejects them all."""
    rate = max((i for i, c in enumerate(cols) if c == "rate"), default=-1)  # a dict by column keeps the last
    keep = rate + 1  # the number of parts cut from the digits before "%"
    (d1, s1), (d2, _s2) = pieces
    if not d2 or not 1 <= keep < k:
        return []
    offset = 0
    for k1 in range(1, keep):
        offset += len(_splits(d1, k1)) * len(_splits(d2, k - k1))
    room = 3000 - offset
    out: list[list[str]] = []
    if room <= 0:
        return out
    tails = _splits(d2, k - keep)
    for p1 in _splits(d1, keep):
        p1 = p1[:-1] + [p1[-1] + s1]
        for p2 in tails:
            out.append(p1 + p2)
            if len(out) >= room:
                return out
    return out


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
    first_row = min((r.start for r in fl if r.family in ("ftotal", "fpart")), default=None)
    for lb in fl:
        if lb.family == "fcol" and lb.name not in cols:
            if cols and first_row is not None and first_row < lb.start:
                break  # a column label after the first row label starts another block
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
    starts = [x.start for x in fl]  # labels come in file order
    for lb in rows_lb:
        k = bisect.bisect_left(starts, lb.end)
        end = starts[k] if k < len(starts) else min(stop_at, lb.end + 200)
        text = doc.raw[lb.end : end]
        toks, garbled = _row_tokens(text)
        garbled_ref = False
        if garbled and not toks and cols:
            split = _unfuse_fused_amounts(tuple(cols), garbled, _amounts(out[0]) if out else ())
            if split:
                toks, garbled = list(split), None
                garbled_ref = not any("%" in t for t in split) and len(split) <= len(
                    [c for c in cols if c in _AMOUNT_COLS])
        if garbled:
            ev = (doc.raw[lb.start : lb.end] + text).strip()[:60]
            problems.append(ParseProblem("P003", "资金金额无法读取(数字缺失或错乱)", evidence=ev.split("\n")[0].strip(),
                                         field="funds", source=Source(start=lb.start, end=end, line=lb.line + 1)))
            continue
        if not toks or all(t == "-" for t in toks):
            continue
        row = FundsRow(label=_WS.sub("", doc.raw[lb.start : lb.end]), source=Source(start=lb.start, end=end, line=lb.line + 1))
        use_cols = cols or (["budget_initial"] if kind == "declaration" else ["budget_full_year"])
        proven = None
        if len(toks) == 1 and len(use_cols) >= 2 and _FUSED_DIGITS.fullmatch(toks[0]):
            proven = _unfuse_fused_amounts(tuple(use_cols), toks[0], _amounts(out[0]) if out else ())
        toks = list(proven) if proven else _unfuse(use_cols, toks)
        if garbled_ref or (proven and len(proven) <= len([c for c in use_cols if c in _AMOUNT_COLS])
                           and not any("%" in t for t in proven)) or _repeats_total(use_cols, toks, out):
            got = dict(zip([c for c in use_cols if c in _AMOUNT_COLS], toks, strict=False))  # proven by the total row
        else:
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
    if out and out[0].weight is None and "weight" not in cols:
        out[0].weight = _block_weight(doc, fl, rows_lb[0].start)
    return out, unit, problems


def _block_weight(doc: Doc, fl: list[Label], first_row: int) -> float | None:
    """The printed weight of a funds block without a 分值 column: "预算执行情况(万元)(20分)" or
    "得分(20分*执行率)" (Hubei 20+80 forms); None when the block states none."""
    for lb in fl:
        if lb.start >= first_row:
            break
        if lb.key == "预算执行情况":
            m = _BLOCK_W.match(doc.compact_text(lb.end, min(first_row, lb.end + 40)))
        elif lb.family == "fcol" and lb.name == "score":
            m = _SCORE_W.search(lb.key)
        else:
            continue
        if m:
            return float(m.group(1))
    return None
