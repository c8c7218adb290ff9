"""Label scanning: find every known label of a form in one pass over its compact text.

Why compact text: extraction wraps labels ("产出\\n\\n指标", "年度 总体 目标") and the same label must
be found whether it sits in a tab cell, a pipe cell, one cell per line or a fused line. The scan works
on folded text with whitespace and '|' removed; every hit keeps its raw offsets and line.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from .lexicon import lex
from .normtext import NText, RunPos

_SEPS = re.compile(r"[\s|]+")
_SPLIT_RUNS = re.compile(r"([\s|]+)")  # cuts the kept runs of the compact text (str.isspace() == regex \s)
_CELL_BREAK = re.compile(r"[|\t]")
_SEP1 = re.compile(r"[\s|]")
_WIDE = re.compile(r"\s{2,}")
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
    _fused: frozenset[int] | None = None  # numbers of the fused lines
    _starts: list[int] | None = None

    @classmethod
    def of(cls, raw: str) -> Doc:
        from .normtext import clean

        # line k starts after the k earlier lines and their newlines (all in C: no per-line Python)
        starts = list(itertools.accumulate(map((1).__add__, map(len, raw.split("\n"))), initial=0))
        starts.pop()
        return cls(raw, clean(raw), starts)

    def line_of(self, off: int) -> int:
        return bisect.bisect_right(self.line_starts, off) - 1

    def line_text(self, line: int) -> str:
        a = self.line_starts[line]
        b = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.raw)
        return self.raw[a:b]

    def is_fused_line(self, line: int) -> bool:
        """A long line with (almost) no separators: cells glued together by the extraction.

        Every line is judged once, on the first question (most are short and cost one len())."""
        fused = self._fused
        if fused is None:
            lines = self.raw.split("\n")
            long_lines = itertools.compress(range(len(lines)), map((12).__le__, map(len, lines)))  # in C
            fused = self._fused = frozenset(i for i in long_lines if _is_fused(lines[i]))
        return line in fused

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
        i = _bisect_pos(ct.pos, a, len(ct.text))
        j = _bisect_pos(ct.pos, b, len(ct.text))
        return ct.text[i:j]

    def compact_find(self, a: int, b: int, key: str) -> tuple[int, int] | None:
        """Raw [start, end) of the first occurrence of folded ``key`` in the compact text of raw [a, b)."""
        ct = self.compact(0, len(self.raw))
        i = _bisect_pos(ct.pos, a, len(ct.text))
        j = _bisect_pos(ct.pos, b, len(ct.text))
        k = ct.text.find(key, i, j)
        if k < 0 or not key:
            return None
        return ct.span(k, k + len(key))

    def _make_compact(self, a: int, b: int) -> NText:
        nt = self.nt
        i = bisect.bisect_left(nt.pos, a, 0, len(nt.text))
        j = bisect.bisect_left(nt.pos, b, 0, len(nt.text))
        npos = nt.pos
        # [run, separators, run, ..., run] in one C call; only the first and last run can be empty
        parts = _SPLIT_RUNS.split(nt.text[i:j])
        starts = list(itertools.accumulate(map(len, parts), initial=i))  # text index of each part
        chars = parts[0::2]
        run_starts = starts[0:-1:2]
        if not chars[0]:
            del chars[0], run_starts[0]
        if chars and not chars[-1]:
            del chars[-1], run_starts[-1]
        if isinstance(npos, range):  # nothing dropped: runs of consecutive raw offsets
            rs = run_starts if npos.start == 0 and npos.step == 1 else [npos[k] for k in run_starts]
            cs = list(itertools.accumulate(map(len, chars), initial=0))
            n = cs.pop()
            return NText("".join(chars), RunPos(cs, rs, n, b))
        pos: list[int] = []
        for k, run in zip(run_starts, chars, strict=True):
            pos.extend(npos[k : k + len(run)])
        pos.append(b)
        return NText("".join(chars), pos)


_SENTENCE_MARK = re.compile(r"[，。；、“”‘’,;!?！？]")
_GLUED_VALUE = re.compile(r"(?<=[\u4e00-\u9fff%％)）])[≥≤<>=]?\d[\d.,]*(?:[%％]|[\u4e00-\u9fff]{1,2})?")


def _is_fused(line: str) -> bool:
    if len(line) < 40:  # before strip(): a short line cannot be long once stripped
        return len(line) >= 12 and _short_fused(line.strip())
    t = line.strip()
    if len(t) < 40:
        return _short_fused(t)
    if len(t) < 100:
        return not _SEP1.search(t)
    seps = t.count("\t") + t.count("|") + len(_WIDE.findall(t))
    return seps < len(t) / 40


def _short_fused(t: str) -> bool:
    """A short line with no separator that still holds several cells: a value glued to its name
    ("验收合格率100%100%"), or two labels back to back ("一级指标二级指标三级指标")."""
    if len(t) < 12 or _SEP1.search(t):
        return False
    lx = lex()
    key = lx.fold_key(t)
    head = lx.cat_re.match(key)
    if head is not None and len(head.group()) >= 4 and head.end() < len(key):
        return True  # a category label glued to the row after it ("社会效益指标扩大服务覆盖面,…")
    if _SENTENCE_MARK.search(t):
        return False  # a sentence ("街道“15分钟社区生活圈”建设，持续…") is prose, not glued cells
    values = [m.end() for m in _GLUED_VALUE.finditer(t)]
    if len(values) >= 2 or values and values[-1] >= len(t) - 3:
        return True  # two values, or a value closing the line: cells, not a number inside a phrase
    return sum(1 for _ in itertools.islice(lx.label_re.finditer(key), 2)) >= 2 \
        or sum(1 for _ in itertools.islice(lx.cat_re.finditer(key), 2)) >= 2


def _bisect_pos(pos, x: int, hi: int) -> int:
    """``bisect.bisect_left(pos, x, 0, hi)`` for any offset map (fast path for a RunPos)."""
    if isinstance(pos, RunPos):
        return pos.bisect_left(x, hi)
    return bisect.bisect_left(pos, x, 0, hi)


def scan_labels(doc: Doc, a: int, b: int) -> list[Label]:
    """Every anchored label in raw [a, b), left to right, longest match first (scanned once per file)."""
    if doc.labels is None:
        doc.labels = _scan(doc, 0, len(doc.raw))
        doc._starts = [lb.start for lb in doc.labels]
    i = bisect.bisect_left(doc._starts, a)
    j = bisect.bisect_left(doc._starts, b, i)
    return [lb for lb in doc.labels[i:j] if lb.end <= b]


def _scan(doc: Doc, a: int, b: int) -> list[Label]:
    lx = lex()
    ct = doc.compact(a, b)
    out: list[Label] = []
    text = ct.text
    raw = doc.raw
    span = ct.span
    finditer = lx.label_re.finditer
    labels = lx.labels
    line_starts = doc.line_starts
    fused = doc.is_fused_line
    runs = ct.pos if isinstance(ct.pos, RunPos) else None
    if runs is not None:  # the raw span of a label inside one run, inline (the common case, one bisect)
        run_cs, run_rs = runs.cs, runs.rs
        run_ends = [*run_cs[1:], runs.n]
    pos = 0
    while pos is not None:
        start, pos = pos, None
        for m in finditer(text, start):
            key = m.group()
            s, e = m.span()
            if runs is not None:
                k = bisect.bisect_right(run_cs, s) - 1
                if e <= run_ends[k]:
                    rs = run_rs[k] + s - run_cs[k]
                    re_ = rs + e - s
                else:
                    rs, re_ = span(s, e)
            else:
                rs, re_ = span(s, e)
            # the raw span can only hold a '|' or a tab when it is longer than the label (compact text drops them)
            if re_ - rs != e - s and _CELL_BREAK.search(raw, rs, re_):
                # a label never spans a cell boundary: "执行率 |\n权重" is two labels, not 执行率权重; the
                # scan goes on right after the shorter label (or the first character), so it restarts
                key = _prefix_label(lx, doc, ct, s, e)
                if key is None:
                    pos = s + 1
                    break
                pos = e = s + len(key)
                rs, re_ = span(s, e)
            line = bisect.bisect_right(line_starts, rs) - 1  # doc.line_of(rs)
            if (rs == 0 or raw[rs - 1] in _BOUND_BEFORE) or fused(line):
                family, name = labels[key]
                out.append(Label(family, name, key, rs, re_, line))
            if pos is not None:
                break
    return out


def _prefix_label(lx, doc: Doc, ct: NText, s: int, e: int) -> str | None:
    """The longest label that starts at compact ``s`` and ends before the first cell boundary."""
    for k in range(e - 1, s, -1):
        key = ct.text[s:k]
        if key in lx.labels and not _CELL_BREAK.search(doc.raw, *ct.span(s, k)):
            return key
    return None
