"""A prose report as an outline of clauses: headings give each sentence its role, punctuation its clauses.

Why an outline: a 自评报告 prints the same kind of sentence ("……149人") as a goal under 绩效目标, as a
result under 完成情况 and as background under 基本情况; the heading above a sentence says which, not
the sentence. Offsets are kept throughout: every clause is a range of the caller's text, matched on a
1:1 folded copy (traditional -> simplified, full-width -> ASCII) with bracketed asides blanked out.
Shared by the indicator reader (``prose``) and the funds reader (``prose_funds``); the words are the
``prose`` section of rules/lexicons/layout.yaml.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Source
from .lexicon import lex
from .normtext import fold

_OPEN = "(（【〔[《"
_CLOSE = {")": "(", "）": "（", "】": "【", "〕": "〔", "]": "[", "》": "《"}
_SENTENCE_END = "。！？!?\n"
_ITEM_END = "；;"
_CLAUSE_END = "，,:："
_DIGIT = re.compile(r"\d")
_NEWLINE = re.compile("\n")
_BRACKETS = re.compile("[" + re.escape(_OPEN + "".join(_CLOSE)) + "\n]")
_DELIMS = re.compile("[" + re.escape(_SENTENCE_END + _ITEM_END + _CLAUSE_END) + "]")
_SPACES = " \t\u3000\u00a0"


def words_re(words: list[str] | None, anchor: str = "") -> re.Pattern[str]:
    """One regex for a word list, longest first; ``anchor`` "$" pins it to the end of the text searched
    (use ``.match(text, pos)`` for a word starting at ``pos``)."""
    alts = "|".join(re.escape(w) for w in sorted({fold(w) for w in words or [] if w}, key=len, reverse=True))
    body = f"(?:{alts})" if alts else "(?!)"
    return re.compile(f"{body}$" if anchor == "$" else body)


@dataclass(frozen=True, slots=True)
class ProseLexicon:
    """The ``prose`` section of the layout lexicon, compiled once (dropped with the layout caches)."""

    raw: dict
    heading: re.Pattern[str]
    levels: int
    skip: re.Pattern[str]
    indicator: re.Pattern[str]
    actual: re.Pattern[str]
    target: re.Pattern[str]
    funds: re.Pattern[str]


@lru_cache(maxsize=128)
def words(key: str, anchor: str = "") -> re.Pattern[str]:
    """The compiled word list ``key`` of the prose lexicon ("lead_ins", "funds.executed", ...)."""
    d = prose_lexicon().raw
    for part in key.split("."):
        d = d.get(part) or {}
    return words_re(d if isinstance(d, list) else [], anchor)


@lru_cache(maxsize=1)
def prose_lexicon() -> ProseLexicon:
    d = lex().raw.get("prose") or {}
    markers = d.get("heading_markers") or []
    groups = "|".join(f"(?P<L{i}>{p})" for i, p in enumerate(markers)) or "(?!)"
    heading = re.compile(rf"(?:^|(?<=[\n。；;]))[{_SPACES}]*(?:{groups})", re.M)
    return ProseLexicon(
        raw=d, heading=heading, levels=len(markers),
        skip=words_re(d.get("section_skip")), indicator=words_re(d.get("section_indicator")),
        actual=words_re(d.get("section_actual")), target=words_re(d.get("section_target")),
        funds=words_re(d.get("section_funds")),
    )


@dataclass(frozen=True, slots=True)
class Clause:
    """A run of text between commas/colons, inside an item (between semicolons), inside a sentence.

    ``role`` is the section's: "target" (goals), "actual" (results), "funds", "skip" (background,
    problems) or None (not said). ``in_list`` marks a clause of an inline category list
    ("数量指标：A；B；C"); ``heading`` a clause that is a heading's own text; ``colon`` one that ends in
    a colon (a label: "其中：", "数量指标："). ``narrative`` marks the text of a goal or actual narrative: the
    claims of a report, which the reader takes as statements only when the report has no others."""

    start: int
    end: int
    sentence: int
    item: int
    role: str | None = None
    level1: str | None = None
    level2: str | None = None
    section: int = 0
    in_list: bool = False
    heading: bool = False
    colon: bool = False
    narrative: str | None = None  # "goal" / "actual": inside a narrative block ("年度目标：…", "(二)实际完成情况")


@dataclass(slots=True)
class _Heading:
    start: int  # where its line (or sentence) starts
    marker: tuple[int, int]  # the numbering "(一)", "1."
    text_end: int  # end of the heading's own text
    level: int
    role: str | None
    level1: str | None
    level2: str | None
    narrative: str | None = None  # the heading names a narrative ("(一)年度目标。")


@dataclass(slots=True)
class ProseDoc:
    """A prose text ready to read: raw, folded (1:1), masked (asides blanked), clauses, file offsets."""

    raw: str
    folded: str
    masked: str
    offset: int
    line: int
    clauses: list[Clause] = field(default_factory=list)
    headings: list[_Heading] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, offset: int = 0, line: int = 1) -> ProseDoc:
        folded = fold(text)
        headings = _headings(text, folded)
        masked = _mask_asides(folded, {i for h in headings for i in range(*h.marker)})
        starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        doc = cls(text, folded, masked, offset, line, headings=headings, _line_starts=starts)
        doc.clauses = _clauses(masked, headings)
        return doc

    @property
    def has_report_outline(self) -> bool:
        """Numbered sections on goals or results ("三、绩效目标完成情况"): the outline of a report, which
        table forms do not have."""
        return any(h.role in ("target", "actual") for h in self.headings)

    def source(self, start: int, end: int) -> Source:
        """File offsets and 1-based line of text[start:end]."""
        return Source(start=self.offset + start, end=self.offset + end,
                      line=self.line + bisect.bisect_right(self._line_starts, start) - 1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) without surrounding whitespace."""
        while start < end and self.raw[start] in _SPACES + "\n":
            start += 1
        while end > start and self.raw[end - 1] in _SPACES + "\n":
            end -= 1
        return start, end


def _headings(raw: str, folded: str) -> list[_Heading]:
    """Numbered headings and list items; markers are found on the raw text (folding turns "①" into "1")."""
    px = prose_lexicon()
    out: list[_Heading] = []
    for m in px.heading.finditer(raw):
        group = next(k for k, v in m.groupdict().items() if v is not None)
        a = m.end()
        while a < len(folded) and folded[a] in _SPACES:
            a += 1
        b = a
        while b < len(folded) and b - a < 40 and folded[b] not in "。:；;，,\n":
            b += 1
        text = folded[a:b]
        # a heading ends its line, or its sentence, or opens a list ("数量指标："); a numbered item that goes on
        # after a comma ("3.资金使用合规率，计划…") is a statement, whatever its words
        titled = len(text) <= 30 and (b >= len(folded) or folded[b] in "。\n")
        category, narrative = _category(text), narrative_label(text)
        if b < len(folded) and folded[b] == ":":  # "①数量指标：…" opens a list; "3.合规率：目标值…" is a statement
            titled = category != (None, None) or narrative is not None
        role = _classify(text) if titled else None
        out.append(_Heading(m.start(), m.span(group), b, int(group[1:]), role, *category,
                            narrative if titled else None))
    return out


def narrative_label(text: str) -> str | None:
    """"goal" / "actual" when ``text`` is a narrative label of the layout lexicon ("预期目标", "实际完成情况")."""
    hit = lex().labels.get(lex().fold_key(text))
    return hit[0] if hit is not None and hit[0] in ("goal", "actual") else None


def _classify(text: str) -> str | None:
    """The role a heading gives its section (see ``section_*`` in the lexicon)."""
    px = prose_lexicon()
    if px.skip.search(text):
        return "skip"
    if px.indicator.search(text):
        if px.actual.search(text):
            return "actual"
        if px.target.search(text):
            return "target"
        return None
    if px.funds.search(text):
        return "funds"
    return None


def _category(text: str) -> tuple[str | None, str | None]:
    """(一级, 二级) named at the start of ``text`` ("产出指标完成情况", "数量指标"), longest alias first."""
    lx = lex()
    m = lx.cat_re.match(lx.fold_key(text[:16])) if lx.cat_re is not None else None
    if not m or len(m.group()) < 2:
        return None, None
    hit = lx.level2.get(m.group())
    if hit is not None:
        return hit[1], hit[0]
    return lx.level1.get(m.group()), None


def _mask_asides(folded: str, markers: set[int]) -> str:
    """Bracketed asides (document numbers, units of a standard, sub-totals) blanked to spaces, same length.

    Why: "(某财〔2021〕12号)", "(150mm/24h)", "(在职20人,退休15人)" carry numbers that belong to no
    statement. Brackets of heading markers "(一)" are not asides, nor is a bracket led by a cue word
    ("(分值10分)"); an unclosed bracket runs to the end of its line (an excerpt cut inside an aside)."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _BRACKETS.finditer(folded):
        i, c = m.start(), m.group()
        if i in markers:
            continue
        if c in _OPEN:
            stack.append(i)
        elif c in _CLOSE and stack and folded[stack[-1]] == _CLOSE[c]:
            a = stack.pop()
            if not stack and not _cue_led(folded, a + 1, i):
                spans.append((a, i + 1))
        elif c == "\n" and stack:
            spans.append((stack[0], i))
            stack.clear()
    if stack:
        spans.append((stack[0], len(folded)))
    if not spans:
        return folded
    parts, last = [], 0
    for a, b in spans:
        parts += [folded[last:a], " " * (b - a)]
        last = b
    parts.append(folded[last:])
    return "".join(parts)


def _cue_led(folded: str, a: int, b: int) -> bool:
    """"(分值10分)", "(目标值≥90%)": a bracket that goes on with the statement, not an aside."""
    while a < b and folded[a] in _SPACES:
        a += 1
    return any(words(key).match(folded, a, b) for key in ("weight_cues", "score_cues", "target_cues", "actual_cues"))


def _clauses(masked: str, headings: list[_Heading]) -> list[Clause]:
    """Clauses of the masked text, each with the role and categories of the outline above it."""
    out: list[Clause] = []
    stack: list[_Heading] = []
    hi = sentence = item = section = start = 0
    list_cat: tuple[str | None, str | None] | None = None  # an inline "数量指标：" list in force
    inline_narrative: str | None = None  # an inline "预期目标：" in force, to the end of its line
    n = len(masked)
    ends = [m.start() for m in _DELIMS.finditer(masked)]
    ends.append(n)
    for i in ends:
        while hi < len(headings) and headings[hi].start <= i:
            h = headings[hi]
            stack = [s for s in stack if s.level < h.level] + [h]
            section += 1
            list_cat = inline_narrative = None
            hi += 1
        c = masked[i] if i < n else "\n"
        if c in ",:：" and 0 < i < n - 1 and masked[i - 1].isdigit() and masked[i + 1].isdigit():
            continue  # 1,000 / 16:25
        a, b = _trim(masked, start, i)
        start = i + 1
        top = stack[-1] if stack else None
        if top is not None and a <= top.marker[0] < b:  # "2.奖补农户数量": the numbering is no part of the name
            a, b = _trim(masked, top.marker[1], b)
        if a < b:
            role, l1, l2 = _context(stack)
            colon = c in ":："
            # a heading's own text (a numbered list item that names no section or category is read as text)
            is_heading = top is not None and top.start <= a and b <= top.text_end and bool(
                top.role or top.level1 or top.level2 or top.narrative)
            if colon and not is_heading and narrative_label(masked[a:b]):
                inline_narrative = narrative_label(masked[a:b])
                continue
            narrative = inline_narrative or next((h.narrative for h in reversed(stack) if h.narrative), None)
            label = _category_label(masked[a:b]) if colon and not is_heading else None
            if is_heading and colon and top is not None and (top.level1 or top.level2):
                label = (top.level1, top.level2)
            if label is not None:
                list_cat = label
                out.append(Clause(a, b, sentence, item, role, *label, section, True, True, True))
                continue
            if list_cat is not None:
                l1, l2 = list_cat[0] or l1, list_cat[1] or l2
            out.append(Clause(a, b, sentence, item, role, l1, l2, section, list_cat is not None, is_heading, colon,
                              narrative))
        if c in _ITEM_END or c in _SENTENCE_END:
            item += 1
        if c in _SENTENCE_END:
            sentence += 1
            if c == "\n":
                list_cat = inline_narrative = None
    return out


def _category_label(text: str) -> tuple[str | None, str | None] | None:
    """The categories of a clause that is only a category name ("数量指标" before a colon), else None."""
    key = lex().fold_key(text)
    hit = lex().level2.get(key)
    if hit is not None:
        return hit[1], hit[0]
    one = lex().level1.get(key)
    return (one, None) if one is not None else None


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _SPACES + "\n":
        a += 1
    while b > a and text[b - 1] in _SPACES + "\n":
        b -= 1
    return a, b


def _context(stack: list[_Heading]) -> tuple[str | None, str | None, str | None]:
    """Innermost role, and the categories of the innermost heading that names one."""
    role = next((h.role for h in reversed(stack) if h.role is not None), None)
    cat = next(((h.level1, h.level2) for h in reversed(stack) if h.level1 or h.level2), (None, None))
    return role, *cat


def has_digit(text: str) -> bool:
    return bool(_DIGIT.search(text))
