"""Detached value blocks: the values of several rows printed as one run, apart from their names.

Why: PDF and xlsx text dumps print a table column by column (every name, then every value); with one
cell per line, or every tuple on one line, nothing separates one row's values from the next, and the
run reads as one row of twenty-odd columns. An auditor counts instead: k names above, and a run of
values that cuts into k tuples that look alike (a target-like value, an actual, two small numbers...)
is k rows. The column order is then inferred from those tuples (``decode.infer_order``); the rows
themselves are still cut by the decoder, which only needs the right order to do it.
"""

from __future__ import annotations

import bisect
from collections import Counter

from .celltypes import DASH, EMPTY, NAME, OP, PROSE, SMALL, UNIT, VALUE_CLASSES
from .stream import SCell

_NAME_CLASSES = frozenset({NAME, PROSE})
AGREEMENT = 0.8  # share of a cut's cells whose kind is their position's usual kind across the tuples
_MAX_PERIOD = 12  # value columns of a row: far more than any template prints


def split_detached_runs(cells: list[SCell], tuples: list[list[SCell]]) -> list[list[SCell]]:
    """``tuples`` (runs of value cells, in stream order) with every detached block cut into one tuple
    per name. A block opens after k >= 2 names; its runs (up to the next name, a sentence between runs
    being a row's reason, not a name) are cut at one period into tuples that look alike, at most k of
    them, and no shorter than the rows the table prints beside their names (a name wrapped over two
    cells is not two rows)."""
    before = _texts_before(cells, tuples)
    if all(len(texts) < 2 for texts in before):
        return tuples  # (no block of names anywhere: the common table)
    # rows printed beside their names (a sentence before a run is as often the previous row's reason)
    row_lengths = [len(t) for t, texts in zip(tuples, before, strict=True) if len(texts) == 1 and texts[0].t.cls == NAME]
    shortest = max(2, _usual_length(row_lengths) - 1 if row_lengths else 2)  # (a trailing blank is trimmed)
    out: list[list[SCell]] = []
    pending = 0  # names of the open block not yet given a tuple
    for tup, texts in zip(tuples, before, strict=True):
        if len(texts) >= 2:
            pending = len(texts)
        elif texts and pending < 2:
            pending = 0  # a row with its own name (one text inside an open block is a row's reason: the
            #              block's names still wait for their values)
        cut = _cut_run(tup, pending, shortest) if pending >= 2 else None
        got = cut if cut is not None else [tup]
        out.extend(got)
        pending = max(0, pending - len(got))
    return out


def _texts_before(cells: list[SCell], tuples: list[list[SCell]]) -> list[list[SCell]]:
    """For each run, the text cells between it and the run before it that may name a row (found by raw
    offset: the cells are in reading order). A sentence (a text ending in 。 is a reason or an
    explanation column) names none, nor does a text printed after a value on its line (a text column
    of that row)."""
    texts: list[SCell] = []
    after_value = False
    for c in cells:  # (one pass: every table's order inference asks it)
        cls = c.t.cls
        if cls in _NAME_CLASSES and (c.line_start or not after_value) and c.t.key[-1:] not in _SENTENCE_END:
            texts.append(c)
        after_value = cls in VALUE_CLASSES
    if not texts:
        return [[] for _ in tuples]
    starts = [c.start for c in texts]
    before: list[list[SCell]] = []
    lo = 0
    for tup in tuples:
        hi = bisect.bisect_left(starts, tup[0].start, lo)
        before.append(texts[lo:hi])
        lo = bisect.bisect_left(starts, tup[-1].end, hi)
    return before


_SENTENCE_END = frozenset("。;；!！?？")


def _filled(piece: list[SCell]) -> int:
    return sum(1 for c in piece if c.t.cls not in (EMPTY, DASH))


def _usual_length(lengths: list[int]) -> int:
    """The most common length (the longer one on a tie: rows lose cells, they never gain)."""
    counts = Counter(lengths)
    return max(counts, key=lambda n: (counts[n], n))


def _cut_run(run: list[SCell], names: int, shortest: int) -> list[list[SCell]] | None:
    """The run cut at one period into at most ``names`` tuples that agree (``AGREEMENT``): the cut that
    gives every name a tuple first, then the shortest period (two rows taken as one agree as well as
    the rows do)."""
    best: tuple[tuple[bool, int], list[list[SCell]]] | None = None
    for p in range(shortest, min(_MAX_PERIOD, len(run) - 1) + 1):
        pieces = [run[s : s + p] for s in range(0, len(run), p)]
        if len(pieces) > names or len(pieces) < 2 or _filled(pieces[-1]) < min(map(_filled, pieces[:-1])) - 1:
            continue  # (the last tuple lacks its trailing blanks, not its values: rows are cut whole)
        rank = (len(pieces) == names, -p)
        if (best is None or rank > best[0]) and agreement(pieces) >= AGREEMENT:
            best = (rank, pieces)
    return best[1] if best is not None else None


def _kind(c: SCell) -> str | None:
    """What a position of a row holds, coarsely: a small number (weight, score), another value, a unit,
    a comparator; None for a blank (it matches anything)."""
    cls = c.t.cls
    if cls in (EMPTY, DASH):
        return None
    if cls in (SMALL, UNIT, OP):
        return cls
    return "VALUE"


def agreement(pieces: list[list[SCell]]) -> float:
    """The share of the pieces' non-blank cells whose kind is the most common kind at their position."""
    width = max(len(p) for p in pieces)
    hits = total = 0
    for j in range(width):
        kinds = Counter(k for p in pieces if j < len(p) and (k := _kind(p[j])) is not None)
        if kinds:
            hits += max(kinds.values())
            total += sum(kinds.values())
    return hits / total if total else 0.0
