"""Folding text for matching: full-width -> ASCII (NFKC per character) and traditional -> simplified.

Why: the lexicons (cues, units, generic words, boilerplate reasons) are written once, in simplified
characters, while real forms also come in traditional characters (满意度 / 滿意度) and full-width
forms. Every consumer matches on the folded copy and keeps the raw text for evidence; folding is
one character to one character, so offsets into the folded copy are offsets into the raw text.
The character table is rules/lexicons/traditional.yaml (built from OpenCC, see
scripts/build_traditional_table.py).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

TABLE_FILE = "traditional.yaml"


@lru_cache(maxsize=1)
def traditional() -> dict[int, str]:
    """str.translate table traditional -> simplified only: the one table every module folds with
    (quantities lays its own width rules and a few pairs of its own over it)."""
    from ..packs import load_lexicon_file

    out: dict[int, str] = {}
    for pair in str(load_lexicon_file(TABLE_FILE).get("pairs", "")).split():
        if len(pair) == 2:
            out[ord(pair[0])] = pair[1]
    return out


@lru_cache(maxsize=1)
def table() -> dict[int, str]:
    """str.translate table: traditional -> simplified, plus full-width ASCII -> ASCII."""
    out: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    out[0x3000] = " "
    out.update(traditional())
    return out


def extend(pairs: str) -> dict[int, str]:
    """The table with extra 'tradsimp' pairs laid over it (a pack's own additions)."""
    out = dict(table())
    for i in range(0, len(pairs) - 1, 2):
        out[ord(pairs[i])] = pairs[i + 1]
    return out


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Folded copy of ``text``, same length: '受益群眾滿意度達到９０％' -> '受益群众满意度达到90%'."""
    if not text or text.isascii():
        return text
    return fold_with(text, table())


def fold_with(text: str, trans: dict[int, str]) -> str:
    """NFKC per character (never changing the length), then ``trans`` (table() or an extend())."""
    whole = unicodedata.normalize("NFKC", text)
    if len(whole) != len(text):  # NFKC expanded something ('㎡' -> 'm2'): per character, keeping those
        whole = "".join(_nfkc_char(c) for c in text)
    return whole.translate(trans)


@lru_cache(maxsize=4096)
def _nfkc_char(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch
