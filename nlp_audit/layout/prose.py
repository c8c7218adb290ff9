"""Indicators and funds stated in sentences (自评报告-style documents), read the way an auditor reads them.

Public API (called by the form builder for prose reports and forms with no indicator table):
    read_prose_indicators(text, offset) -> list[Indicator]
    read_prose_funds(text, offset) -> list[FundsRow]        (see prose_funds)
    fill_from_prose(form, text, offset, line)               both, into a Form that lacks them
    prints_table(text, offset, labels)                      a table, read by the table reader or not

How a statement is read (each wording occurs in more than one unrelated source: the real-dev excerpts
named by number; the examples below are made up in their image):
- explicit: a cue word names the value — "目标值不少于100人，实际完成111人", "绩效目标值是3个，实际完成值
  为2个" (056), "目标为…，完成…", "计划培训200人次，实际培训180人次"; "该指标分值10分，得9分" /
  "本项目满分10分，得8分" (056) give 分值 and 得分. Read in any section but background and funds.
- implicit: a name and its number, "补贴核发准确率100%" (202, 212, 216, 231), "教材更新率达到30%"; a
  verb, a count and the name, "编印12册培训教材" (216; the same wording fills the narratives of table
  forms, 013, 033). Read only where the outline says what the numbers are — under a goal heading (targets:
  "绩效目标设定情况", 204, 231) or a result heading (actuals: "完成情况", "实施情况", "评价结果", 202, 212,
  216) — or in a category list ("数量指标：A；B；C", 231, 056). Comparators come from the grammar
  (不少于/以上 -> ≥, 不超过/以内/控制在 -> ≤) and "达到" before a target (≥); normative wording ("不少于",
  "控制在") makes a value the target even under a result heading.
- not read: background sections (基本情况, 人员情况: staff counts, 212, 216), funds sections and money
  sentences (``prose_funds`` reads those), a sentence restating a rule ("按照相关规定，…标准为每人每月…",
  202, 204), clauses with several numbers and no cue word (pairs of counts, beneficiaries by village and
  household: 204, 216), meta text (how many indicators were set, 204; "该项指标…" with nothing before it,
  212), changes on the year before (206), and the number in "低于控制指标N起" (212: it may be the margin,
  not the limit; only the comparator is kept).
Every value keeps its exact offsets in the file (``Source``); names are quoted as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import CellValue, Form, FundsRow, Indicator, Quantity, Source
from ..quantities import find_quantities, read_cell
from .lexicon import lex
from .prose_funds import read_funds_doc
from .prose_text import Clause, ProseDoc, has_digit, prose_lexicon, words

__all__ = ["fill_from_prose", "prints_table", "read_prose_funds", "read_prose_indicators"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]+")
_NAME_TRIM = " \t\u3000、和及与\"'“”"
_OK_KINDS = ("absolute", "frequency")
_VALUE_ROLES = ("target", "actual", "weight", "score")
_VALUE_LEAD = " 为是:"  # between a cue word and a qualitative value ("实际完成值为达成指标")
_NAME_START = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_SENTENCE_MARK = re.compile(r"[，,。；;]")
_CELL_SPLIT = re.compile(r"[|\t\n \u3000]+")
_BARE_NUMBER = re.compile(r"[-+=≥≤<>]?\d+(?:\.\d+)?%?")
_HEADER_GAP = re.compile(r"[\s|:：()（）/、]{0,6}")  # what separates the labels of a header row


def read_prose_indicators(text: str, offset: int = 0, *, line: int = 1) -> list[Indicator]:
    """Indicator statements of a prose text; ``offset``/``line`` place ``text`` in the file."""
    return _indicators(ProseDoc.of(text, offset, line))


def _indicators(doc: ProseDoc) -> list[Indicator]:
    """The statements outside the goal/actual narratives ("预期目标：…": the claims the C rules check against
    the indicators; read as indicators they would support themselves), or, when a report states nothing
    else, those of its narratives (a goal narrative states targets)."""
    clauses = doc.clauses
    found = _read(doc, [c for c in clauses if c.narrative is None])
    if found:
        return found
    narrated = [replace(c, role=c.role or ("target" if c.narrative == "goal" else "actual")) if c.narrative else c
                for c in clauses]
    return _read(doc, narrated)


def _read(doc: ProseDoc, clauses: list[Clause]) -> list[Indicator]:
    reader = _Reader(doc)
    for sentence in _sentences(clauses):
        reader.read_sentence(sentence)
    return reader.indicators()


def read_prose_funds(text: str, offset: int = 0, *, line: int = 1) -> list[FundsRow]:
    """The funds a prose text states (a total row, and its parts), amounts in 万元."""
    return read_funds_doc(ProseDoc.of(text, offset, line))


def fill_from_prose(form: Form, text: str, offset: int, line: int = 1) -> bool:
    """Fill a prose report from its sentences (a form of kind "other", or one whose text has a report's
    outline, "三、绩效目标完成情况", and prints no indicator table): indicators when the sentences give more
    plausible rows than the table reader found (it cuts sentences into "rows" when it takes prose for a fused
    table: ",全年实际", "(二)效益指标。"), funds when it has none, or a report's sentences state as many of them
    as the funds reader found (it reads a rate out of a sentence, 106). The table reader's indicator
    problems go with its rows. True when the sentences gave either."""
    doc = ProseDoc.of(text, offset, line)
    if form.kind != "other" and not doc.has_report_outline:
        return False
    filled = False
    stated = _indicators(doc)
    if sum(map(_plausible, stated)) > sum(map(_plausible, form.indicators)):
        form.indicators, form.layout = stated, "prose"
        form.problems = [p for p in form.problems if p.field != "indicator"]
        filled = True
    if not form.funds or form.kind == "other":
        rows = read_funds_doc(doc)
        if rows and _amounts(rows[0]) >= max(map(_amounts, form.funds), default=0):  # a report's own reading first
            form.funds, form.funds_unit_in_source = rows, "万元"
            filled = True
    return filled


def prints_table(text: str, offset: int, labels: list) -> bool:
    """Whether the text prints a table: a header of three or more column labels back to back ("三级指标 年度指标值
    实际完成值 分值 得分", fused or not), or three or more bare numbers as cells of their own ("182.93 | 175.59 |
    95.99% | 10", known labels or not). A report uses the column words one at a time, each before its value
    ("…完成值297万元，该指标分值15分"), and its numbers sit in sentences. ``text`` is the form's, at ``offset``
    in the file (the labels' offsets)."""
    return _header_run(text, offset, labels) or _numeric_cells(text)


def _numeric_cells(raw: str) -> bool:
    run = 0
    for cell in _CELL_SPLIT.split(raw):
        if not cell:
            continue
        run = run + 1 if _BARE_NUMBER.fullmatch(cell) else 0
        if run >= 3:
            return True
    return False


def _header_run(text: str, offset: int, labels: list) -> bool:
    run = 0
    prev_end = -1
    for lb in labels:
        if lb.family != "tcol":
            continue
        gap = text[prev_end - offset : lb.start - offset] if prev_end >= 0 else ""
        run = run + 1 if prev_end >= 0 and _HEADER_GAP.fullmatch(gap) else 1
        if run >= 3:
            return True
        prev_end = lb.end
    return False


def _plausible(ind: Indicator) -> bool:
    """A row with a value whose name reads as a name (not a piece of a sentence cut at a number)."""
    name = ind.name.strip()
    return bool(name) and _NAME_START.match(name) is not None and not _SENTENCE_MARK.search(name) and (
        _has_value(ind))


def _amounts(row: FundsRow) -> int:
    return sum(v is not None for v in (row.budget_initial, row.budget_full_year, row.executed, row.rate))


def _sentences(clauses: list[Clause]) -> list[list[Clause]]:
    out: list[list[Clause]] = []
    for c in clauses:
        if out and out[-1][0].sentence == c.sentence:
            out[-1].append(c)
        else:
            out.append([c])
    return out


# ------------------------------------------------------------------------------------------- one clause


@dataclass(slots=True)
class _Slot:
    """One number of a clause and what the words around it say it is."""

    role: str | None  # target | actual | weight | score | total | derived | None (not said)
    start: int
    end: int
    q: Quantity
    at_least: bool = False  # "达到40%": a target read as ≥


@dataclass(slots=True)
class _Reading:
    name: tuple[int, int] | None = None  # text offsets of the name, as printed
    name_text: str = ""
    kind: str = "none"  # name | pronoun | none
    lead_role: str | None = None  # "计划培训200人次": the statement's role, said before its name
    slots: list[_Slot] = field(default_factory=list)
    multi: bool = False  # several numbers with no cue words
    funds: bool = False  # a funds statement: a funds rate, or money under a funds word
    tail: bool = False  # a noun after the number that is not the name's ("分为6个子项目")
    total: bool = False  # led by a sum word ("合计不少于4次")
    compare: str | None = None  # "低于控制指标…": the target's comparator only
    opener: bool = False


def _pat(key: str, anchor: str = "") -> re.Pattern[str]:
    return words(key, anchor)


def _read_clause(doc: ProseDoc, c: Clause) -> _Reading:
    t = doc.masked[c.start : c.end]
    r = _Reading()
    if _pat("openers").match(t) and _pat("opener_objects").search(t):
        r.opener = True
        return r
    found = find_quantities(t)
    dates = [(q.start, q.end) for q in found if q.kind in ("date", "deadline")]
    head = _strip_leading(t, 0, len(t), dates, r)
    qs: list[Quantity] = []
    for q in found:  # a bare number ("实际完成91", digits whose unit the extraction lost) only after a cue word
        if _usable(q, t) or (_bare(q) and _strip_trailing(t, qs[-1].end if qs else 0, q.start, q)[1]
                             in _VALUE_ROLES):
            qs.append(q)
    cmp_op = _comparison(t, head, qs)
    if cmp_op is not None:
        r.compare = cmp_op
        return r
    if not qs:
        _qualitative_value(doc, c, t, head, r)
        return r
    first = qs[0]
    end, role, at_least = _strip_trailing(t, head, first.start, first)
    if role == "derived" or (role in ("weight", "score") and first.unit not in (None, "分")):
        role, end = None, _strip_trailing(t, head, first.start, None)[0]
    _name(doc, c, t, head, end, r)
    if role == "derived" and r.kind == "name":
        role = None
    r.slots.append(_slot(t, c, first, role, at_least))
    for prev, q in zip(qs, qs[1:], strict=False):
        _e, role, at_least = _strip_trailing(t, prev.end, q.start, q)
        if role is None:
            r.multi = True
        r.slots.append(_slot(t, c, q, role, at_least))
    tail = t[r.slots[-1].end - c.start :].strip(" ()（）")
    if tail and not _pat("value_tails").fullmatch(tail):
        r.tail = not (len(qs) == 1 and _number_first(doc, c, t, head, r))
    money = any(s.q.unit == "万元" for s in r.slots)
    if r.name is not None:
        name = doc.folded[r.name[0] : r.name[1]]
        r.funds = bool(_pat("funds_rates").search(name) or (money and _pat("funds_words").search(name)))
    return r


def _qualitative_value(doc: ProseDoc, c: Clause, t: str, head: int, r: _Reading) -> None:
    """A clause with no number: a name ("慰问困难老人，…"), or a cue word and a qualitative value of the
    lexicon ("目标值及时", "档案规范性年度指标值为规范", "实际完成达成指标", 056)."""
    cues = (("target", _pat("target_cues")), ("actual", _pat("actual_cues")))
    value_at = head + len(t[head:]) - len(t[head:].lstrip(_VALUE_LEAD))
    if r.lead_role is not None and _is_qualitative(t[value_at:]):
        r.slots.append(_qual_slot(c, t, value_at, r.lead_role))
        return
    for role, pat in cues:
        for m in pat.finditer(t, head):
            value_at = m.end() + len(t[m.end() :]) - len(t[m.end() :].lstrip(_VALUE_LEAD))
            if _is_qualitative(t[value_at:]):
                _name(doc, c, t, head, m.start(), r)
                r.slots.append(_qual_slot(c, t, value_at, role))
                return
    _name(doc, c, t, head, len(t), r)


def _is_qualitative(text: str) -> bool:
    """A qualitative value of the lexicon ("及时", "达成指标"), not a verb that reads as one ("按计划完成")."""
    key = lex().fold_key(text)
    return bool(key) and key in lex().qual and not _pat("actual_cues").fullmatch(key)


def _qual_slot(c: Clause, t: str, a: int, role: str) -> _Slot:
    text = t[a:].strip()
    start = c.start + a + (len(t[a:]) - len(t[a:].lstrip()))
    return _Slot(role, start, start + len(text), Quantity(text=text, start=start - c.start,
                                                          end=start - c.start + len(text), value=None, kind="qual"))


def _usable(q: Quantity, t: str) -> bool:
    """A number that can be a value: not a date, a range or a bare number with neither unit nor measure word."""
    if q.value is None or q.kind not in (*_OK_KINDS, "deadline"):
        return False
    if q.unit is None:
        nxt = t[q.end : q.end + 1]
        return bool(nxt) and nxt in _measure_words()
    return True


def _measure_words() -> str:
    return str(prose_lexicon().raw.get("measure_words") or "")


def _bare(q: Quantity) -> bool:
    return q.value is not None and q.unit is None and q.kind == "absolute"


def _slot(t: str, c: Clause, q: Quantity, role: str | None, at_least: bool) -> _Slot:
    end = q.end
    if q.unit is None and q.kind != "deadline" and t[q.end : q.end + 1] in _measure_words():
        end += 1  # the measure word: "10堂"
    return _Slot(role, c.start + q.start, c.start + end, q, at_least)


def _strip_leading(t: str, a: int, b: int, dates: list[tuple[int, int]], r: _Reading) -> int:
    """Skip subjects, time words and leading cue words ("我市共", "2021年", "计划") before a name."""
    lead_in, cues = _pat("lead_ins"), (("target", _pat("target_cues")), ("actual", _pat("actual_cues")))
    total = _pat("total_cues")
    while a < b:
        if t[a] in " \t、，,":
            a += 1
            continue
        d = next((e for s, e in dates if s == a), None)
        if d is not None:
            a = d
            continue
        m = total.match(t, a, b)
        if m:
            r.total = True
            a = m.end()
            continue
        m = lead_in.match(t, a, b)
        if m:
            a = m.end()
            continue
        for role, pat in cues:
            m = pat.match(t, a, b)
            if m:
                r.lead_role = r.lead_role or role
                a = m.end()
                break
        else:
            return a
    return a


def _strip_trailing(t: str, a: int, b: int, q: Quantity | None) -> tuple[int, str | None, bool]:
    """Connectors and the cue word right before a number: "目标值为" -> target, "达到" -> at least."""
    role: str | None = None
    at_least = False
    connectors = _pat("connectors", "$")
    cue_keys = ("target_cues", "actual_cues", "weight_cues", "score_cues", "total_cues", "derived_cues")
    ge = _pat("target_op_words.>=", "$")
    for _ in range(4):
        while b > a and t[b - 1] in " \t:":
            b -= 1
        seg = t[a:b]
        if ge.search(seg):
            at_least = True
        m = connectors.search(seg)
        if m and m.start() < m.end():
            b = a + m.start()
            continue
        if role is None and q is not None:
            for key in cue_keys:
                m = _pat(key, "$").search(seg)
                if m:
                    role = key.split("_")[0]
                    b = a + m.start()
                    break
            else:
                break
            continue
        break
    return b, role, at_least


def _comparison(t: str, head: int, qs: list[Quantity]) -> str | None:
    """"低于控制指标5起" -> "<=": a comparison with the target, whose number is not the target."""
    below, above = _pat("compare_below").match(t, head), _pat("compare_above").match(t, head)
    m = below or above
    if not m:
        return None
    stop = qs[0].start if qs else len(t)
    if not _pat("compare_targets").search(t, m.end(), stop):
        return None
    return "<=" if below else ">="


def _name(doc: ProseDoc, c: Clause, t: str, a: int, b: int, r: _Reading) -> None:
    while a < b and t[a] in _NAME_TRIM:
        a += 1
    while b > a and t[b - 1] in _NAME_TRIM:
        b -= 1
    if a >= b:
        return
    text = t[a:b]
    pron = _pat("pronouns", "$").search(text)
    if pron and pron.start() == 0:
        r.kind = "pronoun"
        return
    if pron:  # "年度服务人次本项目满分10分": the name before the pointer
        b = a + pron.start()
        text = t[a:b].rstrip(_NAME_TRIM)
    if not _valid_name(text):
        return
    r.kind, r.name, r.name_text = "name", (c.start + a, c.start + a + len(text)), doc.raw[c.start + a : c.start + a + len(text)]


def _valid_name(text: str) -> bool:
    """Two or more CJK characters, no digits (an unread number), no dangling word at the end ("占计划投资的80%",
    "项目按计划…")."""
    if len(_CJK.findall(text)) < 2 or len(text) > 30 or has_digit(text) or _pat("dangling", "$").search(text):
        return False
    if _pat("not_names").search(text):
        return False
    generic = _pat("generic_names")
    return not generic.fullmatch(text)


def _number_first(doc: ProseDoc, c: Clause, t: str, head: int, r: _Reading) -> bool:
    """"编印12册培训教材": an action verb right before the count, the name after its measure word."""
    s = r.slots[0]
    after = s.end - c.start
    rest = t[after:].strip()
    if not (2 <= len(rest) <= 12) or not _ALL_CJK.fullmatch(rest):
        return False
    verb = _pat("action_verbs", "$").search(t[head : s.q.start].rstrip())
    if not verb or not _valid_name(rest):
        return False
    v0, v1 = c.start + head + verb.start(), c.start + head + verb.end()
    b = c.start + after + t[after:].index(rest) + len(rest)
    r.kind, r.name, r.name_text = "name", (v0, b), doc.raw[v0:v1] + rest
    return True


# ------------------------------------------------------------------------------------------- statements


@dataclass(slots=True)
class _Draft:
    ind: Indicator
    section: int
    sentence: int
    lead_role: str | None = None


class _Reader:
    """Turns the clauses of each sentence into indicators (see the module docstring)."""

    def __init__(self, doc: ProseDoc) -> None:
        self.doc = doc
        self.drafts: list[_Draft] = []
        self.by_name: dict[str, _Draft] = {}
        self.last: _Draft | None = None  # the last statement of the current section (for "该指标…")

    def indicators(self) -> list[Indicator]:
        return [d.ind for d in self.drafts if _has_value(d.ind)]

    def read_sentence(self, clauses: list[Clause]) -> None:
        current: _Draft | None = None
        pending: _Reading | None = None
        item_clauses: list[tuple[Clause, _Reading]] = []
        if not clauses:
            return
        if self.last is not None and self.last.section != clauses[0].section:
            self.last = None
        for c in clauses:
            if c.role in ("skip", "funds") or c.heading:
                continue
            if item_clauses and item_clauses[-1][0].item != c.item:
                self._qualitative(item_clauses)
                item_clauses = []
            r = _read_clause(self.doc, c)
            if r.opener:
                break
            item_clauses.append((c, r))
            if r.compare is not None:
                if current is not None and current.ind.target.op is None:
                    current.ind.target = CellValue(text=self.doc.raw[c.start : c.end], op=r.compare,
                                                   source=self.doc.source(c.start, c.end))
                continue
            if not r.slots:
                pending = r if r.kind == "name" else None
                continue
            current = self._statement(c, r, current, pending)
            pending = None
        if item_clauses:
            self._qualitative(item_clauses)

    def _statement(self, c: Clause, r: _Reading, current: _Draft | None, pending: _Reading | None) -> _Draft | None:
        explicit = r.lead_role is not None or any(s.role in _VALUE_ROLES for s in r.slots)
        implicit_ok = (c.role in ("target", "actual") or c.in_list) and not (r.multi or r.funds or r.tail)
        implicit_ok = implicit_ok and all(s.q.kind in _OK_KINDS for s in r.slots)
        if r.kind == "pronoun":
            target = self.last if explicit else None
        elif r.kind == "name" and r.lead_role and current is not None and current.sentence == c.sentence \
                and _empty(current.ind, r.lead_role):
            target = current  # "…控制在50万元以内，实际支出48万元": the same statement goes on
        elif r.kind == "name":
            if not (explicit or implicit_ok):
                return current
            target = self._draft(c, r.name, r.name_text)
        elif explicit and pending is not None and pending.name is not None:
            target = self._draft(c, pending.name, pending.name_text)
        elif r.total or (r.slots and r.slots[0].role == "total"):
            target = current
        else:
            target = current if explicit else None
        if target is None:
            return current
        if r.lead_role:
            target.lead_role = r.lead_role
        for s in r.slots:
            self._assign(c, target, s, r.lead_role, r.total and r.kind == "none")
        self.last = target
        return target

    def _draft(self, c: Clause, span: tuple[int, int], text: str) -> _Draft:
        key = lex().fold_key(text)
        old = self.by_name.get(key)
        if old is not None:
            return old
        # a sentence's categories are those of the section it sits in, not a cell of its own: G003 (misplaced)
        # judges only the items of a category list ("数量指标：A；B")
        ind = Indicator(name=text, level1=c.level1, level2=c.level2, source=self.doc.source(*span),
                        name_source=self.doc.source(*span), category_inferred=not c.in_list)
        d = _Draft(ind, c.section, c.sentence)
        self.drafts.append(d)
        self.by_name[key] = d
        return d

    def _assign(self, c: Clause, d: _Draft, s: _Slot, lead_role: str | None, total: bool = False) -> None:
        role = s.role or lead_role or ("total" if total else _default_role(c, s, self.doc))
        ind = d.ind
        raw = self.doc.raw[s.start : s.end]
        if role == "total":
            _replace_total(ind, s, self.doc)
            return
        if role in ("weight", "score"):
            if s.q.value is None or s.q.value > 100:
                return
            if role == "weight" and ind.weight is None:
                ind.weight, ind.weight_text = s.q.value, raw
            elif role == "score" and ind.score is None:
                ind.score, ind.score_text = s.q.value, raw
            self._extend(c, d, s)
            return
        if role not in ("target", "actual") or not _empty(ind, role):
            return
        if s.role is None and lead_role is None and not _same_unit(ind, s):  # a cue word may say another unit (A001)
            return
        cell = _cell(raw, s, self.doc)
        if role == "target" and s.at_least and cell.op in ("=", "unknown"):
            cell.op = ">="
        setattr(ind, role, cell)
        self._extend(c, d, s)

    def _extend(self, c: Clause, d: _Draft, s: _Slot) -> None:
        """The row's source runs from its name to its last value in the statement's own sentence."""
        src = d.ind.source
        if src is not None and src.start is not None and c.sentence == d.sentence \
                and s.end + self.doc.offset > (src.end or 0):
            d.ind.source = Source(start=src.start, end=s.end + self.doc.offset, line=src.line)

    def _qualitative(self, item: list[tuple[Clause, _Reading]]) -> None:
        """"数量指标：A 100人；完善长效管护机制；…": a list item with no number is a qualitative target."""
        if len(item) != 1:
            return
        c, r = item[0]
        if not c.in_list or c.role != "target" or r.kind != "name" or r.slots or r.name is None:
            return
        d = self._draft(c, r.name, r.name_text)
        if d.ind.target.op is None:
            cell = read_cell(r.name_text)
            cell.source = self.doc.source(*r.name)
            if cell.op == "qual":
                d.ind.target = cell


def _default_role(c: Clause, s: _Slot, doc: ProseDoc) -> str | None:
    """A value with no cue word: normative wording ("不少于", "控制在") is a target; else the section's role;
    in a category list outside any goal/result section, a value with a comparator is a target."""
    text = doc.folded[s.start : s.end]
    if _pat("target_phrasing").match(text):
        return "target"
    if c.role in ("target", "actual"):
        return c.role
    if c.in_list:
        return "target" if s.q.op not in (None, "=", "unknown") else "actual"
    return None


def _cell(raw: str, s: _Slot, doc: ProseDoc) -> CellValue:
    cell = read_cell(raw)
    if cell.unit is None and cell.value is not None and raw[-1:] and raw[-1:] in _measure_words():
        cell.unit = raw[-1]
    cell.source = doc.source(s.start, s.end)
    return cell


def _replace_total(ind: Indicator, s: _Slot, doc: ProseDoc) -> None:
    """"每季度不少于1次，合计不少于4次": the total replaces a per-period value in the same unit."""
    for role in ("target", "actual"):
        cell: CellValue = getattr(ind, role)
        if cell.value is not None and cell.period and cell.unit == s.q.unit:
            setattr(ind, role, _cell(doc.raw[s.start : s.end], s, doc))
            return


def _same_unit(ind: Indicator, s: _Slot) -> bool:
    """A value joins a statement only in the unit of the value it already has ("…126人，完成年度目标100%": no)."""
    units = {cv.unit for cv in (ind.target, ind.actual) if cv.value is not None and cv.unit}
    unit = read_cell(s.q.text).unit or s.q.unit
    return not units or unit is None or unit in units


def _empty(ind: Indicator, role: str) -> bool:
    cell: CellValue = getattr(ind, role)
    return cell.op is None and cell.value is None


def _has_value(ind: Indicator) -> bool:
    return any(cv.value is not None or cv.op == "qual" for cv in (ind.target, ind.actual))
