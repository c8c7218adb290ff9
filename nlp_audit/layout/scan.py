"""Label scanning: find every known label of a form in one pass over its compact text.

Why compact text: extraction wraps labels ("产出\\n\\n指标", "年度 总体 目标") and the same label must
be found whether it sits in a tab cell, a pipe cell, one cell per line or a fused line. The scan works
on folded text with whitespace and '|' removed; every hit keeps its raw offsets and line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import lex
from .normtext import NText

_SEPS = re.compile(r"[\s|]+")
_BOUND_BEFORE = set(" \t\n\r|:：;；,，。)）】]>")


@dataclass(slots=True)
class Label:
    family: str  # header stop fcol ftotal fpart goal actual tcol tsection tend total grade
    name: str
    key: str
    start: int  # raw offsets
    end: int
    line: int  # 0-based raw line


@dataclass(slots=True)
class Doc:
    """The raw file text with its folded/cleaned views and line starts."""

    raw: str
    nt: NText
    line_starts: list[int]
    labels: list[Label] | None = None  # every label of the file, scanned once
    _compact: NText | None = None

    @classmethod
    def of(cls, raw: str) -> Doc:
        from .normtext import clean

        starts = [0]
        for i, c in enumerate(raw):
            if c == "\n":
                starts.append(i + 1)
        return cls(raw, clean(raw), starts)

    def line_of(self, off: int) -> int:
        return bisect.bisect_right(self.line_starts, off) - 1

    def line_text(self, line: int) -> str:
        a = self.line_starts[line]
        b = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.raw)
        return self.raw[a:b]

    def is_fused_line(self, line: int) -> bool:
        t = self.line_text(line).strip()
        if len(t) < 40:
            return False
        if len(t) < 100:
            return not re.search(r"[\s|]", t)
        seps = t.count("\t") + t.count("|") + len(re.findall(r"\s{2,}", t))
        return seps < len(t) / 40

    def compact(self, a: int, b: int) -> NText:
        """Folded text of raw [a, b) without whitespace and '|'; pos -> raw offsets."""
        if a == 0 and b == len(self.raw):
            if self._compact is None:
                self._compact = self._make_compact(a, b)
            return self._compact
        return self._make_compact(a, b)

    def compact_text(self, a: int, b: int) -> str:
        """The folded, whitespace-free text of raw [a, b) (a slice of the file-wide compact text)."""
        ct = self.compact(0, len(self.raw))
        i = bisect.bisect_left(ct.pos, a, 0, len(ct.text))
        j = bisect.bisect_left(ct.pos, b, 0, len(ct.text))
        return ct.text[i:j]

    def _make_compact(self, a: int, b: int) -> NText:
        nt = self.nt
        i = bisect.bisect_left(nt.pos, a, 0, len(nt.text))
        j = bisect.bisect_left(nt.pos, b, 0, len(nt.text))
        chars: list[str] = []
        pos: list[int] = []
        for k in range(i, j):
            c = nt.text[k]
            if c.isspace() or c == "|":
                continue
            chars.append(c)
            pos.append(nt.pos[k])
        pos.append(b)
        return NText("".join(chars), pos)


def scan_labels(doc: Doc, a: int, b: int) -> list[Label]:
    """Every anchored label in raw [a, b), left to right, longest match first (scanned once per file)."""
    if doc.labels is None:
        doc.labels = _scan(doc, 0, len(doc.raw))
    return [lb for lb in doc.labels if lb.start >= a and lb.end <= b]


def _scan(doc: Doc, a: int, b: int) -> list[Label]:
    lx = lex()
    ct = doc.compact(a, b)
    out: list[Label] = []
    fused_cache: dict[int, bool] = {}
    for m in lx.label_re.finditer(ct.text):
        rs, re_ = ct.span(m.start(), m.end())
        line = doc.line_of(rs)
        fused = fused_cache.get(line)
        if fused is None:
            fused = fused_cache[line] = doc.is_fused_line(line)
        if not fused:
            prev = doc.raw[rs - 1] if rs > 0 else "\n"
            if prev not in _BOUND_BEFORE:
                continue
        family, name = lx.labels[m.group(0)]
        out.append(Label(family, name, m.group(0), rs, re_, line))
    return out
