"""Put the value cells of a row into the table's columns when cells are missing or fused.

Why: extraction drops empty cells ("指标1:工程质量合格 10 10" under 年度指标值|实际完成值|分值|得分) and
fuses neighbours ("20100%100%20"). The assignment is chosen by plausibility: 分值/得分 are bare
numbers, 得分 ≤ 分值, a comparator sits in 指标性质, text does not go into a number column.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from .cells import EMPTY, TEXT, VALUE, Cell

_BARE = re.compile(r"^\d+(?:\.\d+)?$")
_NUMFUSED = re.compile(r"^([<>=≥≤+]?)(\d+(?:\.\d+)?)(.*)$")
_OPONLY = re.compile(r"^(?:>=|<=|≥|≤|>|<|=|定性|定量)$")  # 指标性质: a comparator, or 定性/定量
_UNITONLY = re.compile(r"^[%‰]?(?:\(?[^\d\s()]{1,6}\)?)?$")


# What the plausibility of a cell in a column depends on, and nothing more: (is a VALUE, is a
# TEXT, bare number, its value, a comparator/定性, unit-like). Rows are scored on these features so
# that "≥95.00(%)" and "≥90%" share one cached assignment instead of one per printed value.
_Features = tuple[bool, bool, bool, "float | None", bool, bool]


@lru_cache(maxsize=8192)
def _features(k: str, kind: str) -> _Features:
    bare = bool(_BARE.match(k))
    return (kind == VALUE, kind == TEXT, bare, float(k) if bare else None, bool(_OPONLY.match(k)),
            not any(ch.isdigit() for ch in k) and len(k) <= 8)


def _fit(col: str, f: _Features) -> float:
    is_value, is_text, bare, v, oponly, unitlike = f
    if col in ("weight", "score"):
        if bare:
            return 2.0 if v <= 100 else 0.0
        return -10.0
    if col == "nature":
        return 3.0 if oponly else -10.0
    if col == "unit":
        return 3.0 if unitlike else -10.0
    if col in ("target", "actual"):
        if is_value:
            return 1.0 if bare else 2.0
        return 0.5
    if col == "reason":
        return 1.0 if is_text else -1.0
    return 0.0


_SKIP = {"target": 1.0, "actual": 1.0, "weight": 1.5, "score": 1.5, "reason": 0.1, "nature": 0.5, "unit": 0.5}


def assign(cols: list[str], cells: list[Cell]) -> dict[int, Cell]:
    """Column index -> cell. Positional when the counts agree, else the most plausible subsequence."""
    n = len(cols)
    if len(cells) == n:
        return {i: c for i, c in enumerate(cells) if c.kind != EMPTY}
    if len(cells) > n and all(c.kind == EMPTY for c in cells[n:]):
        return {i: c for i, c in enumerate(cells[:n]) if c.kind != EMPTY}
    vals = [c for c in cells if c.kind != EMPTY]
    if not vals:
        return {}
    if len(vals) >= n:
        return dict(enumerate(vals[:n]))
    combo = _best_combo(tuple(cols), tuple(_features(c.key, c.kind) for c in vals))
    return dict(zip(combo, vals, strict=False))


@lru_cache(maxsize=4096)
def _best_combo(cols: tuple[str, ...], feats: tuple[_Features, ...]) -> tuple[int, ...]:
    """The most plausible columns for the value cells (their ``_features``); cached: rows repeat in a batch."""
    n = len(cols)
    # every (column, cell) fit and every skip penalty once, not once per combination; the sums
    # below add the same terms in the same order, so the scores are bit-identical
    fit = [[_fit(col, f) for f in feats] for col in cols]
    skip = [_SKIP.get(col, 0.2) for col in cols]
    role = [1 if col == "weight" else 2 if col == "score" else 0 for col in cols]
    best: tuple[float, tuple[int, ...]] | None = None
    for combo in itertools.combinations(range(n), len(feats)):
        s = sum(fit[ci][vi] for vi, ci in enumerate(combo))
        s -= sum(skip[ci] for ci in range(n) if ci not in combo)
        w = sc = -1  # the cell that lands in 分值 / 得分 (the last one, as a dict by column would keep)
        for vi, ci in enumerate(combo):
            r = role[ci]
            if r == 1:
                w = vi
            elif r == 2:
                sc = vi
        if w >= 0 and sc >= 0 and feats[w][2] and feats[sc][2]:
            s += 0.5 if feats[sc][3] <= feats[w][3] else -1.0
        if best is None or s > best[0]:
            best = (s, combo)
    assert best is not None
    return best[1]


@lru_cache(maxsize=4096)
def _splits(digits: str, k: int) -> list[list[str]]:
    """Ways to cut a digit string (may contain '.') into k numerals without leading zeros.

    Built part by part with the suffixes cached, pruning a first part that can only get worse as it
    grows (two dots, more than four decimals, a leading zero); same order as enumerating the cut
    positions. Cached; callers must not mutate the lists returned."""
    n = len(digits)
    if k == 1:
        return [[digits]] if _numeral_ok(digits) else []
    out: list[list[str]] = []
    for cut in range(1, n - k + 2):
        p = digits[:cut]
        if not _numeral_ok(p):
            if p.count(".") > 1 or (len(p) > 1 and p[0] == "0" and p[1] != ".") \
                    or ("." in p and len(p.split(".")[1]) > 4):
                break
            continue
        for rest in _splits(digits[cut:], k - 1):
            out.append([p, *rest])
    return out


def _numeral_ok(p: str) -> bool:
    if not p or p[0] == "." or p[-1] == "." or p.count(".") > 1:
        return False
    if len(p) > 1 and p[0] == "0" and p[1] != ".":
        return False
    if "." in p and len(p.split(".")[1]) > 4:
        return False
    return True


def unfuse(cells: list[Cell], numeric_cols: list[str], plaus) -> list[list[str]]:
    """Candidate token lists for fused value cells ("1010100%20" -> 10|10|100%|20), best first.

    ``plaus(tokens) -> float`` scores a candidate (the caller knows the column meaning).
    """
    target = len(numeric_cols)
    texts = [c.key for c in cells]
    if len(texts) >= target:
        return [texts]
    cands: list[list[str]] = []

    def expand(i: int, acc: list[str]) -> None:
        if len(cands) > 400:
            return
        if i == len(texts):
            if len(acc) == target:
                cands.append(acc)
            return
        t = texts[i]
        m = _NUMFUSED.match(t)
        left = target - len(acc) - (len(texts) - i - 1)
        if m and left > 1 and len(m.group(2)) > 1:
            op, digits, tail = m.groups()
            for k in range(1, left + 1):
                for parts in _splits(digits, k):
                    parts = parts[:]
                    parts[0] = op + parts[0]
                    parts[-1] = parts[-1] + tail
                    expand(i + 1, acc + parts)
        else:
            expand(i + 1, acc + [t])

    expand(0, [])
    if not cands:
        return [texts]
    cands.sort(key=lambda c: -plaus(c))
    return cands
