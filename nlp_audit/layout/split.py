"""Cutting fused digits back into cells: the one search both the indicator table and the funds block use.

Why: text extracted without separators glues neighbouring numbers ("20100%" is a 20-point weight
and a 100% target, "280.6139.961050%5" a whole funds row). Which cut is right depends on what the
pieces must be (a weight, a target...), so callers pass the roles and a scorer; this module only
enumerates the cuts, within a fixed budget: a digit run longer than ``MAX_DIGITS`` or with more
than ``MAX_CUTS`` candidate cuts is not searched (the cell is reported unread rather than guessed,
and a long digit run can never make the parse slow).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

MAX_DIGITS = 40
MAX_CUTS = 3000
MAX_PARTS = 6

_FUSED = re.compile(r"^((?:>=|<=|≥|≤|>|<|=|不低于|不少于|不高于|不超过)?)(\d[\d.]*\d)(\D{0,6})$")


def fused_parts(key: str) -> tuple[str, str, str] | None:
    """(comparator, digits, suffix) of a cell that may hide several numbers, else None."""
    m = _FUSED.match(key)
    if m is None or len(m.group(2)) > MAX_DIGITS or len(m.group(2)) < 2:
        return None
    return m.group(1), m.group(2), m.group(3)


def numeral_ok(p: str) -> bool:
    """A printed numeral: no leading zero (except "0" and "0.x"), one dot at most, <= 4 decimals."""
    if not p or p[0] == "." or p[-1] == "." or p.count(".") > 1:
        return False
    if len(p) > 1 and p[0] == "0" and p[1] != ".":
        return False
    return "." not in p or len(p.split(".")[1]) <= 4


@lru_cache(maxsize=4096)
def cuts(digits: str, k: int) -> tuple[tuple[str, ...], ...]:
    """Every way to cut ``digits`` (may hold dots) into ``k`` numerals, at most ``MAX_CUTS`` of them."""
    if k < 1 or k > MAX_PARTS or len(digits) > MAX_DIGITS:
        return ()
    out: list[tuple[str, ...]] = []

    def walk(rest: str, left: int, acc: tuple[str, ...]) -> None:
        if len(out) >= MAX_CUTS:
            return
        if left == 1:
            if numeral_ok(rest):
                out.append((*acc, rest))
            return
        for i in range(1, len(rest) - left + 2):
            head = rest[:i]
            if not numeral_ok(head):
                if head.count(".") > 1 or len(head) > 1 and head[0] == "0" and head[1] != "." \
                        or "." in head and len(head.split(".")[1]) > 4:
                    break  # a longer head only gets worse
                continue
            walk(rest[i:], left - 1, (*acc, head))

    walk(digits, k, ())
    return tuple(out)


def best_cut(key: str, k: int, score: Callable[[Sequence[str]], float]) -> tuple[float, tuple[str, ...]] | None:
    """The best way to read a fused cell as ``k`` cells, by ``score`` (None when it cannot be cut so).

    The comparator stays on the first piece and the suffix (a unit, "%") on the last."""
    parts = fused_parts(key)
    if parts is None:
        return None
    op, digits, suffix = parts
    best: tuple[float, tuple[str, ...]] | None = None
    for cut in cuts(digits, k):
        pieces = (op + cut[0], *cut[1:-1], cut[-1] + suffix) if k > 1 else (op + cut[0] + suffix,)
        s = score(pieces)
        if best is None or s > best[0]:
            best = (s, pieces)
    return best
