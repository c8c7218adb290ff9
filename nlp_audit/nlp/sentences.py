"""Sentence and clause splitting on Chinese punctuation, keeping offsets (decimals stay whole)."""

from __future__ import annotations

import re

from .analysis import Sentence

# A line break inside a narrative is usually a wrapped cell (seed 004: "设备运\n\n维 12次", blank lines
# included), not a sentence end: it breaks only where the next line opens a list item (1、 一是 （2）).
_SENTENCE_END = re.compile(
    r"[。！？!?；;]+"
    r"|\n(?=\s*(?:\d{1,2}\s*[、.．)）]|[（(]\s*\d{1,2}\s*[)）]|[一二三四五六七八九十]+\s*[、是]|[①-⑳]))"
)
_CLAUSE_SEP = re.compile(r"[，,、：:]")


def split_sentences(text: str, field: str) -> list[Sentence]:
    """Split a narrative into sentences at 。！？； and newlines; empty pieces are dropped."""
    out: list[Sentence] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        _append(out, text, pos, m.start(), field)
        pos = m.end()
    _append(out, text, pos, len(text), field)
    return out


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """Split a sentence at commas and colons (a decimal comma such as 4,483,000 is kept whole)."""
    out: list[Sentence] = []
    pos = 0
    text = sentence.text
    for m in _CLAUSE_SEP.finditer(text):
        i = m.start()
        if text[i] == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue
        _append(out, text, pos, i, sentence.field, sentence.start)
        pos = m.end()
    _append(out, text, pos, len(text), sentence.field, sentence.start)
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, field: str, base: int = 0) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], base + start, base + end, field))
