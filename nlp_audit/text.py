"""Text for matching: one way to fold it and one way to cut it, offsets always kept.

Folding: the lexicons (cues, units, boilerplate reasons, category words) are written once, in
simplified characters, while real forms also come in traditional characters (满意度 / 滿意度) and in
full-width forms (９０％). Every consumer matches on the folded copy and quotes the raw text as
evidence; folding maps one character to one character, so an offset into the folded copy is an
offset into the raw text. The character table is rules/lexicons/traditional.yaml (built from
OpenCC, see scripts/build_traditional_table.py); a pack may lay a few pairs of its own over it.

Cutting: a narrative is cut into sentences (。！？；, and a line break only where the next line opens
a list item: a PDF wraps cells mid-word, '设备运\\n维 12次'), sentences into clauses (，), clauses into
items (、 ：, what one claim is about). Every piece keeps its offsets into the text it was cut from.

Used by the checks and the NLP analysis; the layout parser folds with its own look-alike table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .caching import text_cache

TABLE_FILE = "traditional.yaml"

# ------------------------------------------------------------------------------------------ folding


@lru_cache(maxsize=1)
def traditional() -> dict[int, str]:
    """str.translate table traditional -> simplified only (the quantity grammar lays its own width
    rules over it)."""
    from .packs import load_lexicon_file

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


@text_cache(maxsize=2048, max_chars=1000)  # realistic batches: 90% hits (92.5% with 8192 entries, 3.6 MiB)
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
    return translate(whole, trans)


_TRANSLATORS: dict[int, tuple[dict, re.Pattern[str]]] = {}  # id(table) -> (the table, its changing chars)


def translate(text: str, trans: dict[int, str]) -> str:
    """``text.translate(trans)``, done by substituting only the characters ``trans`` changes.

    Why: str.translate looks every character up in the table, and a character the table lacks (most
    hanzi) costs a raised and cleared KeyError; a regex scan of the few that change runs in C."""
    hit = _TRANSLATORS.get(id(trans))
    if hit is None or hit[0] is not trans:
        if len(_TRANSLATORS) >= 16:  # a table per pack at most: bounded all the same
            _TRANSLATORS.clear()
        changing = sorted(k for k, v in trans.items() if isinstance(k, int) and v != chr(k))
        hit = _TRANSLATORS[id(trans)] = (trans, re.compile(_char_class(changing)) if changing else re.compile("(?!)"))
    table = hit[0]

    def one(m: re.Match[str]) -> str:
        v = table[ord(m.group())]
        return v if isinstance(v, str) else ("" if v is None else chr(v))

    return hit[1].sub(one, text)


def _char_class(codepoints: list[int]) -> str:
    """A regex class of sorted ``codepoints``, consecutive ones written as ranges (half the compile time)."""
    runs: list[list[int]] = []
    for cp in codepoints:
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in runs) + "]"


@lru_cache(maxsize=4096)
def _nfkc_char(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


_SPACE = re.compile(r"\s+")
PUNCT = re.compile(r"[\s\u3000,，.。;；:：!！?？、()（）\[\]【】<>《》“”\"'‘’|/\\—\-…·_]+")


def key(text: str | None) -> str:
    """Folded text without whitespace: what a lexicon entry or a cell is compared as."""
    return _SPACE.sub("", fold(text or ""))


def bare(text: str | None) -> str:
    """Folded text without whitespace and punctuation: what two wordings are compared as
    ('基本达标。' and '基本達標' are the same reason)."""
    return PUNCT.sub("", fold(text or ""))


def squeeze(text: str) -> str:
    """``text`` without whitespace and punctuation, not folded (for overlap of folded texts)."""
    return PUNCT.sub("", text)


def compact(text: str) -> tuple[str, list[int]]:
    """``text`` without the whitespace that PDF extraction and cell wrapping put inside phrases
    ("20 余项", "90% 以上", "设备运\\n维 12次"), and the index of each kept character in ``text``.

    One blank is kept between two digits or two Latin letters ("1 234", "APP 系统" stays apart);
    an empty map means nothing was removed."""
    if not _SPACE.search(text):
        return text, []
    keep: list[str] = []
    where: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            prev = keep[-1] if keep else ""
            nxt = text[j] if j < n else ""
            if not (prev.isdigit() and nxt.isdigit()) and not (
                prev.isascii() and prev.isalpha() and nxt.isascii() and nxt.isalpha()
            ):
                continue
            if keep and keep[-1] == " ":
                continue
            ch = " "
        keep.append(ch)
        where.append(i)
    return "".join(keep), where


# ------------------------------------------------------------------------------------------ cutting


@dataclass(frozen=True, slots=True)
class Piece:
    """A sentence, clause or item: its text and its offsets [start, end) in the text it was cut from."""

    text: str
    start: int
    end: int


# A line break inside a narrative is usually a wrapped cell, not a sentence end: it breaks only where
# the next line opens a list item (1、 一是 （2） ①).
_SENTENCE_END = re.compile(
    r"[。！？!?；;]+"
    r"|\n(?=\s*(?:\d{1,2}\s*[、.．)）]|[（(]\s*\d{1,2}\s*[)）]|[一二三四五六七八九十]+\s*[、是]|[①-⑳]))"
)
_CLAUSE_SEP = re.compile(r"[，,]")
_ITEM_SEP = re.compile(r"[，,、：:]")


def _cut(text: str, sep: re.Pattern[str], base: int, out: list[Piece]) -> None:
    """Pieces of ``text`` between separators, trimmed of blanks; a comma between two digits
    (4,483,000) is part of a number, not a separator."""
    pos = 0
    for m in sep.finditer(text):
        i = m.start()
        if text[i] == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue
        _piece(text, pos, i, base, out)
        pos = m.end()
    _piece(text, pos, len(text), base, out)


def _piece(text: str, start: int, end: int, base: int, out: list[Piece]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Piece(text[start:end], base + start, base + end))


@text_cache(maxsize=32, max_chars=5000)  # a narrative's cuts, asked for by the checks of its form (not across forms)
def sentences(text: str) -> tuple[Piece, ...]:
    """The sentences of ``text`` (see the module docstring); empty pieces are dropped."""
    out: list[Piece] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        _piece(text, pos, m.start(), 0, out)
        pos = m.end()
    _piece(text, pos, len(text), 0, out)
    return tuple(out)


def _within(pieces: tuple[Piece, ...], sep: re.Pattern[str]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for p in pieces:
        _cut(p.text, sep, p.start, out)
    return tuple(out)


@text_cache(maxsize=32, max_chars=5000)
def clauses(text: str) -> tuple[Piece, ...]:
    """Sentences cut at commas: '人工智能、大数据等新技术应用' stays one clause (one goal)."""
    return _within(sentences(text), _CLAUSE_SEP)


@text_cache(maxsize=32, max_chars=5000)
def items(text: str) -> tuple[Piece, ...]:
    """Sentences cut at commas, 、 and colons: '开展活动12次、培训200人次' is two things claimed."""
    return _within(sentences(text), _ITEM_SEP)


def split(piece: Piece, level: str) -> tuple[Piece, ...]:
    """One sentence cut into its clauses ('clause') or items ('item'), offsets kept."""
    out: list[Piece] = []
    _cut(piece.text, _CLAUSE_SEP if level == "clause" else _ITEM_SEP, piece.start, out)
    return tuple(out)
