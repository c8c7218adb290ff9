"""Spaces that PDF and OCR extraction leave inside numerals, and full-width thousands separators.

Why a separate pass: "一百 五 十 二", "7 万5 千4 百", "六 点 五 成" and "1 234.5 6" are one number each,
but "10 100%" in a table row is two. ``join_spaced`` removes a space only where the pieces on both sides
read as one quantity once joined, and between two Arabic digits only for the shapes OCR produces
(single letter-spaced digits, a split decimal part, three-digit groups with a decimal part or at least
two groups). The caller runs the grammar on the joined text and maps offsets back with ``where``.

``fullwidth_grouping``: "，" separates list items in Chinese ("分别为120，150人"), so it is a thousands
separator only between full-width digits grouped by three ("４，５６５"): typed in one full-width run.
"""

from __future__ import annotations

import re

_NUMERALISH = "0-9零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点.余几又分之成折个%‰"
# a run of numeral-ish pieces separated by 1-3 spaces; starts only where a run starts (linear scan)
_REGION = re.compile(rf"(?<![{_NUMERALISH}])[{_NUMERALISH}]++(?:[ ]{{1,3}}[{_NUMERALISH}]++)+")
_PIECE = re.compile(rf"[{_NUMERALISH}]++")
_CN_OR_DIGIT = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]")
_FW_GROUPS = re.compile(r"(?<![０-９])[０-９]{1,3}(?:，[０-９]{3})++(?![０-９])")


def fullwidth_grouping(text: str, norm: str) -> str:
    """``norm`` with "，" read as "," inside full-width digit groups of ``text`` (same length)."""
    if "，" not in text:
        return norm
    spans = [m.span() for m in _FW_GROUPS.finditer(text)]
    if not spans:
        return norm
    chars = list(norm)
    for s, e in spans:
        for i in range(s, e):
            if text[i] == "，":
                chars[i] = ","
    return "".join(chars)


_LONGEST = 40  # no numeral phrase is longer; a longer spaced run is a table or noise, left as it is
_HEAD = re.compile(r"\d{1,3}")
_GROUP = re.compile(r"\d{3}(?:\.\d+)?")


def _si_gaps(pieces: list[str]) -> set[int]:
    """Gaps inside three-digit grouping: "1 234 567" or "1 234.5" (a head of 1-3 digits, then groups of
    three; two groups at least, or one with a decimal part: "10 100" stays two numbers)."""
    ok: set[int] = set()
    k = 0
    while k < len(pieces):
        if _HEAD.fullmatch(pieces[k]):
            j = k + 1
            while j < len(pieces) and _GROUP.fullmatch(pieces[j]) and "." not in pieces[j - 1]:
                j += 1
            groups = j - k - 1
            if groups >= 2 or (groups == 1 and "." in pieces[k + 1]):
                ok.update(range(k, j - 1))
                k = j
                continue
        k += 1
    return ok


def _digit_gap_ok(pieces: list[str], i: int, si: set[int]) -> bool:
    """May the space between Arabic-digit pieces i and i+1 go? Only in the shapes OCR makes."""
    left, right = pieces[i], pieces[i + 1]
    if len(left) == 1 and len(right) == 1:
        return True  # letter-spaced digits: "7 2 折"
    if "." in left and left[-1].isdigit() and "." not in right:
        return True  # a split decimal part: "234.5 6"
    return i in si


def _gaps(region: str) -> tuple[list[str], list[tuple[int, int]]]:
    spans = [(m.start(), m.end()) for m in _PIECE.finditer(region)]
    pieces = [region[s:e] for s, e in spans]
    return pieces, [(spans[i][1], spans[i + 1][0]) for i in range(len(spans) - 1)]


def join_spaced(norm: str, reads_as_one) -> tuple[str, list[int] | None]:
    """``norm`` without the spaces inside spaced numerals, and the index map back (None: unchanged).

    ``reads_as_one(s)`` says whether the grammar reads ``s`` as a single quantity covering it.
    """
    if " " not in norm:
        return norm, None
    drop: list[tuple[int, int]] = []
    for m in _REGION.finditer(norm):
        region = m.group()
        if not _CN_OR_DIGIT.search(region):
            continue
        pieces, gaps = _gaps(region)
        si = _si_gaps(pieces)
        # "1 4/3", "4 6/3": a whole number before a fraction (or after one) is never joined to it
        ratio = norm[m.end():m.end() + 1] == "/" or norm[m.start() - 1:m.start()] == "/" if m.start() else False
        ratio = ratio or norm[m.end():m.end() + 1] == "/"
        # cut the region at digit-digit gaps that OCR would not make: each part is judged alone
        groups: list[list[tuple[int, int]]] = [[]]
        for i, (gs, ge) in enumerate(gaps):
            if pieces[i][-1].isdigit() and pieces[i + 1][0].isdigit() and (ratio or not _digit_gap_ok(pieces, i, si)):
                groups.append([])
            else:
                groups[-1].append((gs, ge))
        for grp in groups:
            if not grp:
                continue
            # the joined text of this part: from the piece before its first gap to the piece after its last
            first = region.rfind(" ", 0, grp[0][0]) + 1
            last_end = _PIECE.match(region, grp[-1][1]).end()
            part = region[first:last_end]
            joined = part.replace(" ", "")
            if len(joined) <= _LONGEST and reads_as_one(joined):
                drop.extend((m.start() + gs, m.start() + ge) for gs, ge in grp)
    if not drop:
        return norm, None
    keep: list[str] = []
    where: list[int] = []
    di = 0
    i = 0
    n = len(norm)
    while i < n:
        if di < len(drop) and i == drop[di][0]:
            i = drop[di][1]
            di += 1
            continue
        keep.append(norm[i])
        where.append(i)
        i += 1
    return "".join(keep), where
