"""Normalised text that remembers where each character came from.

Labels are matched on a folded copy of the input (full-width -> ASCII, traditional -> simplified,
extraction noise removed, optionally whitespace removed), but evidence must quote the raw input.
``NText`` keeps, for every character of the folded string, its offset in the raw file text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import lex

_KEEP = set("，：；。、“”‘’")


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _KEEP and c not in "：":
        return c
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        n = c
    return lex().trad.get(n, n)


class FoldTable(dict):
    """ord -> folded char for ``str.translate``, filled on first sight of a character.

    Why: folding char by char in Python was the parser's top cost; with ``__missing__`` the table
    grows once per distinct character and ``str.translate`` does everything else in C.
    """

    def __init__(self, fold_char) -> None:
        super().__init__()
        self._fold_char = fold_char

    def __missing__(self, o: int) -> str:
        r = self[o] = self._fold_char(chr(o))
        return r


_TABLE = FoldTable(_fold_char)


@lru_cache(maxsize=1)
def _changing() -> re.Pattern[str]:
    """The characters that folding changes (NFKC-unstable or traditional; any astral char is checked).

    Why: in real forms only a handful of characters per file fold, so substituting just those (the
    regex scan runs in C) is several times faster than translating every character.
    """
    cand = {chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000
            and not unicodedata.is_normalized("NFKC", chr(cp))}
    cand |= set(lex().trad)
    chars = sorted(c for c in cand if _fold_char(c) != c)
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "\U00010000-\U0010FFFF]")


def _fold_match(m: re.Match[str]) -> str:
    return _TABLE[ord(m.group())]


def fold(text: str) -> str:
    """1:1 character folding (same length as ``text``)."""
    return _changing().sub(_fold_match, text)


class RunPos(Sequence[int]):
    """Offsets of a text made of runs copied from a contiguous source: ``pos[i] = rs[k] + i - cs[k]``.

    Why: the compact text of a file keeps thousands of characters; storing one (start, start) pair
    per run instead of one int per character makes building it cheap. Indexing is O(log runs).
    """

    __slots__ = ("cs", "rs", "n", "end")

    def __init__(self, cs: list[int], rs: list[int], n: int, end: int) -> None:
        self.cs, self.rs, self.n, self.end = cs, rs, n, end

    def __len__(self) -> int:
        return self.n + 1

    def __getitem__(self, i):  # type: ignore[override]
        if i.__class__ is int and 0 <= i < self.n:  # the common case first: one C bisect
            cs = self.cs
            k = bisect.bisect_right(cs, i) - 1
            return self.rs[k] + i - cs[k]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.n + 1))]
        if i < 0:
            i += self.n + 1
        if i == self.n:
            return self.end
        if not 0 <= i < self.n:
            raise IndexError(i)
        k = bisect.bisect_right(self.cs, i) - 1
        return self.rs[k] + i - self.cs[k]


    def span(self, a: int, b: int) -> tuple[int, int]:
        """(self[a], self[b - 1] + 1) for 0 <= a < b <= n in one call (the label scan asks it per label)."""
        cs, rs = self.cs, self.rs
        k = bisect.bisect_right(cs, a) - 1
        start = rs[k] + a - cs[k]
        if b - 1 < (cs[k + 1] if k + 1 < len(cs) else self.n):  # the same run: most labels
            return start, start + (b - a)
        k = bisect.bisect_right(cs, b - 1) - 1
        return start, rs[k] + b - 1 - cs[k] + 1

    def bisect_left(self, x: int, hi: int) -> int:
        """``bisect.bisect_left(self, x, 0, hi)`` in O(log runs): bisecting item by item would
        compute every probed item in Python (the offsets increase: runs are disjoint and in order)."""
        n, cs, rs = self.n, self.cs, self.rs
        k = bisect.bisect_right(rs, x) - 1  # the last run starting at or before x
        if k < 0:
            g = 0 if n or self.end >= x else 1
        else:
            nxt = cs[k + 1] if k + 1 < len(cs) else n
            if x - rs[k] < nxt - cs[k]:
                g = cs[k] + (x - rs[k])
            elif k + 1 < len(cs):
                g = nxt
            else:
                g = n if self.end >= x else n + 1
        return min(g, hi)


@dataclass(slots=True)
class NText:
    """A folded string; ``pos[i]`` is the raw offset of ``text[i]`` (``pos`` has one extra end entry)."""

    text: str
    pos: Sequence[int]  # a list, a range (nothing dropped) or a RunPos (compact text)

    @classmethod
    def of(cls, raw: str, base: int = 0) -> NText:
        t = fold(raw)
        return cls(t, range(base, base + len(raw) + 1))

    def drop(self, pattern: re.Pattern[str]) -> NText:
        """Remove every match of ``pattern`` (noise), keeping the offset map."""
        if pattern.search(self.text) is None:
            return self
        keep_text: list[str] = []
        keep_pos: list[int] = []
        last = 0
        for m in pattern.finditer(self.text):
            keep_text.append(self.text[last : m.start()])
            keep_pos.extend(self.pos[last : m.start()])
            last = m.end()
        keep_text.append(self.text[last:])
        keep_pos.extend(self.pos[last : len(self.text)])
        keep_pos.append(self.pos[len(self.text)])
        return NText("".join(keep_text), keep_pos)

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Raw [start, end) of folded [a, b)."""
        pos = self.pos
        if b <= a:
            return pos[a], pos[a]
        if pos.__class__ is RunPos and 0 <= a and b <= pos.n:  # type: ignore[attr-defined]
            return pos.span(a, b)  # type: ignore[attr-defined]
        return pos[a], pos[b - 1] + 1

    def raw(self, raw_text: str, a: int, b: int, base: int = 0) -> str:
        """The raw characters behind folded [a, b), noise left out (pinyin glosses, page markers)."""
        return "".join(raw_text[self.pos[i] - base] for i in range(a, b))


_WS = re.compile(r"\s+")


def clean(text: str) -> NText:
    """Fold and drop the lexicon's noise patterns."""
    nt = NText.of(text)
    for noise in lex().noise:
        if noise.may_occur(nt.text):
            nt = nt.drop(noise.pattern)
    return nt


def compact_key(s: str) -> str:
    """Matching key of a short label: folded, whitespace and separators removed."""
    return _WS.sub("", fold(s)).replace("|", "").replace("\u3000", "")
