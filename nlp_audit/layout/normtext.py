"""Normalised text that remembers where each character came from.

Labels are matched on a folded copy of the input (full-width -> ASCII, traditional -> simplified,
extraction noise removed, optionally whitespace removed), but evidence must quote the raw input.
``NText`` keeps, for every character of the folded string, its offset in the raw file text.
"""

from __future__ import annotations

import re
import unicodedata
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


def fold(text: str) -> str:
    """1:1 character folding (same length as ``text``)."""
    return "".join(_fold_char(c) for c in text)


@dataclass(slots=True)
class NText:
    """A folded string; ``pos[i]`` is the raw offset of ``text[i]`` (``pos`` has one extra end entry)."""

    text: str
    pos: list[int]

    @classmethod
    def of(cls, raw: str, base: int = 0) -> NText:
        t = fold(raw)
        return cls(t, list(range(base, base + len(raw) + 1)))

    def drop(self, pattern: re.Pattern[str]) -> NText:
        """Remove every match of ``pattern`` (noise), keeping the offset map."""
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
        if b <= a:
            return self.pos[a], self.pos[a]
        return self.pos[a], self.pos[b - 1] + 1

    def raw(self, raw_text: str, a: int, b: int, base: int = 0) -> str:
        """The raw characters behind folded [a, b), noise left out (pinyin glosses, page markers)."""
        return "".join(raw_text[self.pos[i] - base] for i in range(a, b))


_WS = re.compile(r"\s+")


def clean(text: str) -> NText:
    """Fold and drop the lexicon's noise patterns."""
    nt = NText.of(text)
    for pat in lex().noise:
        nt = nt.drop(pat)
    return nt


def compact_key(s: str) -> str:
    """Matching key of a short label: folded, whitespace and separators removed."""
    return _WS.sub("", fold(s)).replace("|", "").replace("\u3000", "")
