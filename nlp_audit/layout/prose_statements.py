"""From clauses to indicators: the statements of each sentence, merged by name across the report.

A statement starts at a name and takes the values of its clauses ("慰问困难老人，目标值不少于300户，实际完成
320户；该指标分值10分，得9分"); a value without a cue word takes the role of the section ("完成情况": actual),
of its wording ("不少于", "控制在": target) or of its category list; the same name later in the report fills
what is still empty (targets listed under 绩效目标, results under 完成情况). Only rows with a value are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import CellValue, Indicator, Source
from ..quantities import read_cell
from .lexicon import lex
from .prose_clause import OK_KINDS, VALUE_ROLES, Reading, Slot, measure_words, pat, read_clause
from .prose_text import Clause, ProseDoc


def read_statements(doc: ProseDoc) -> list[Indicator]:
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


def _sentences(clauses: list[Clause]) -> list[list[Clause]]:
    out: list[list[Clause]] = []
    for c in clauses:
        if out and out[-1][0].sentence == c.sentence:
            out[-1].append(c)
        else:
            out.append([c])
    return out


@dataclass(slots=True)
class _Draft:
    """An indicator being read, with the section and sentence of the statement that named it."""

    ind: Indicator
    section: int
    sentence: int


class _Reader:
    """Turns the clauses of each sentence into indicators (see the module docstring)."""

    def __init__(self, doc: ProseDoc) -> None:
        self.doc = doc
        self.drafts: list[_Draft] = []
        self.by_name: dict[str, _Draft] = {}
        self.last: _Draft | None = None  # the last statement of the current section (for "该指标…")

    def indicators(self) -> list[Indicator]:
        return [d.ind for d in self.drafts if has_value(d.ind)]

    def read_sentence(self, clauses: list[Clause]) -> None:
        current: _Draft | None = None
        pending: Reading | None = None
        item_clauses: list[tuple[Clause, Reading]] = []
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
            r = read_clause(self.doc, c)
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

    def _statement(self, c: Clause, r: Reading, current: _Draft | None, pending: Reading | None) -> _Draft | None:
        explicit = r.lead_role is not None or any(s.role in VALUE_ROLES for s in r.slots)
        implicit_ok = (c.role in ("target", "actual") or c.in_list) and not (r.multi or r.funds or r.tail)
        implicit_ok = implicit_ok and all(s.q.kind in OK_KINDS for s in r.slots)
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

    def _assign(self, c: Clause, d: _Draft, s: Slot, lead_role: str | None, total: bool = False) -> None:
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

    def _extend(self, c: Clause, d: _Draft, s: Slot) -> None:
        """The row's source runs from its name to its last value in the statement's own sentence."""
        src = d.ind.source
        if src is not None and src.start is not None and c.sentence == d.sentence \
                and s.end + self.doc.offset > (src.end or 0):
            d.ind.source = Source(start=src.start, end=s.end + self.doc.offset, line=src.line)

    def _qualitative(self, item: list[tuple[Clause, Reading]]) -> None:
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


def _default_role(c: Clause, s: Slot, doc: ProseDoc) -> str | None:
    """A value with no cue word: normative wording ("不少于", "控制在") is a target; else the section's role;
    in a category list outside any goal/result section, a value with a comparator is a target."""
    text = doc.folded[s.start : s.end]
    if pat("target_phrasing").match(text):
        return "target"
    if c.role in ("target", "actual"):
        return c.role
    if c.in_list:
        return "target" if s.q.op not in (None, "=", "unknown") else "actual"
    return None


def _cell(raw: str, s: Slot, doc: ProseDoc) -> CellValue:
    cell = read_cell(raw)
    if cell.unit is None and cell.value is not None and raw[-1:] and raw[-1:] in measure_words():
        cell.unit = raw[-1]
    cell.source = doc.source(s.start, s.end)
    return cell


def _replace_total(ind: Indicator, s: Slot, doc: ProseDoc) -> None:
    """"每月不少于2次，全年不少于24次": the total replaces a per-period value in the same unit."""
    for role in ("target", "actual"):
        cell: CellValue = getattr(ind, role)
        if cell.value is not None and cell.period and cell.unit == s.q.unit:
            setattr(ind, role, _cell(doc.raw[s.start : s.end], s, doc))
            return


def _same_unit(ind: Indicator, s: Slot) -> bool:
    """A value joins a statement only in the unit of the value it already has ("…126人，完成年度目标100%": no)."""
    units = {cv.unit for cv in (ind.target, ind.actual) if cv.value is not None and cv.unit}
    unit = read_cell(s.q.text).unit or s.q.unit
    return not units or unit is None or unit in units


def _empty(ind: Indicator, role: str) -> bool:
    cell: CellValue = getattr(ind, role)
    return cell.op is None and cell.value is None


def has_value(ind: Indicator) -> bool:
    return any(cv.value is not None or cv.op == "qual" for cv in (ind.target, ind.actual))
