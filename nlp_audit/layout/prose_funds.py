"""Funds stated in sentences: one total row (budget, execution, rate) and the parts it is split into.

How an auditor reads them (each wording occurs in more than one unrelated source: the real-dev excerpts
named by number; the examples are made up in their image):
- an amount's role is said by the nearest cue word before it in its clause — "下达…60万元" (202, 212, 231),
  "项目资金共850万元" (204, 216), "全年实际下达50万元" / "全年应执行数为9.6万元" (202, 220: the budget
  after adjustment), "已完成拨付812万元" / "支出共计41.5万元" (204, 203: executed), "执行率96%" (204,
  212, 220); a sum word ("合计150万元") takes the cue of the clause before it (203); per-head standards,
  changes and income are not the project's funds ("人均600元", 203; "同比增加", 206);
- the first statement of the money given to the project is the total; a later different allocation is
  another document or a sub-project (103, 102). An adjustment after it (调减/追加, 202) makes it the 年初
  budget. A first allocation whose amount is unreadable (a masked "×× 万元", 106) leaves the budget
  unknown rather than promoting a later figure;
- parts: the amounts after "其中" / "包括" (102, 103, 202, 203, 206), and a run of amounts each led by a
  funding level beside the total ("省级下拨…4.8万元；市级下拨…4.8万元；全年应执行数为9.6万元", 220; the
  same levels follow 其中 in 102 and 203). Parts are rows labelled "其中:…", in the total's column; only the
  parts of the total are kept (those of another allocation are not, 103).
Amounts are in 万元 (the grammar normalises 元 and 亿元); every value keeps its offsets (``FundsRow.sources``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import FundsRow, Quantity, Source
from ..quantities import find_quantities
from .prose_text import Clause, ProseDoc, prose_lexicon, words

_ROLES = ("initial", "full_year", "allocated", "adjusted", "executed", "rate", "sums", "not_amounts")
_BUDGET = ("initial", "full_year", "allocated")
_COLUMN = {"initial": "budget_initial", "full_year": "budget_full_year", "executed": "executed"}
_TRIM = " \t\u3000、:，,为是了共计"
_NO_PARENT = -1
_NEAR = 3  # clauses: how far a row's printed source stretches over its other values


def _pat(key: str, anchor: str = "") -> re.Pattern[str]:
    return words(key, anchor)


@dataclass(slots=True)
class _Amount:
    """A money amount (or an execution rate) of a clause, with the role its cue words give it."""

    role: str | None
    value: float | None  # None: a money unit printed with no readable number
    start: int
    end: int
    clause: Clause
    index: int  # position of its clause
    label: tuple[int, int] = (0, 0)  # the words before it in its clause (a part's label)
    level_led: bool = False  # the clause starts with a funding level (中央/省级/市级…)
    part_of: int | None = None  # index in the amount list of the total it is a part of
    parts: list[int] = field(default_factory=list)
    said_at: int = -1  # start of the clause whose cue gave the role ("支出：640万元": "支出"), if earlier


def read_funds_doc(doc: ProseDoc) -> list[FundsRow]:
    """The funds rows of a prose text (see the module docstring); [] when it states none."""
    amounts = _amounts(doc)
    if not amounts:
        return []
    _group_parts(doc, amounts)
    return _rows(doc, amounts)


def _amounts(doc: ProseDoc) -> list[_Amount]:
    out: list[_Amount] = []
    units = _pat("funds.money_units")
    for k, c in enumerate(doc.clauses):
        t = doc.masked[c.start : c.end]
        qs = [q for q in find_quantities(t) if q.value is not None and q.unit in ("万元", "%")]
        money = [q for q in qs if q.unit == "万元"]
        for q in qs:
            role, said_at = _role(doc, k, t, q)
            if q.unit == "%":
                if role == "rate":
                    out.append(_Amount("rate", q.value, c.start + q.start, c.start + q.end, c, k))
                continue
            if role == "not_amounts":
                continue
            out.append(_amount(doc, c, k, t, q, role))
            out[-1].said_at = said_at
        if not money and units.search(t):
            role, _said = _role(doc, k, t, None)
            if role in _BUDGET or role == "executed":  # "下达资金 ×× 万元": stated, unreadable
                m = units.search(t)
                assert m is not None
                out.append(_Amount(role, None, c.start + m.start(), c.start + m.end(), c, k))
    return out


def _amount(doc: ProseDoc, c: Clause, k: int, t: str, q: Quantity, role: str | None) -> _Amount:
    cue = _pat("funds.part_cues").search(t, 0, q.start)
    a = cue.end() if cue else 0
    lead = _pat("lead_ins")
    for _ in range(3):
        for d in find_quantities(t[a : q.start]):
            if d.kind == "date" and d.start == 0:
                a += d.end
        while a < q.start and t[a] in _TRIM:
            a += 1
        m = _pat("funds.part_cues").match(t, a) or lead.match(t, a)
        if m:
            a = m.end()
    b = q.start
    while b > a and t[b - 1] in _TRIM:
        b -= 1
    level = bool(_pat("funds.source_levels").match(t, a))
    return _Amount(role, q.value, c.start + q.start, c.start + q.end, c, k, (c.start + a, c.start + b), level)


def _role(doc: ProseDoc, k: int, t: str, q: Quantity | None) -> tuple[str | None, int]:
    """The role of the nearest cue before the amount in its clause; a clause with only a sum word
    ("合计150万元") or none ("支出：640万元") takes the nearest cue of the clauses before it in the sentence.
    Also where the clause that said it starts (-1: the amount's own clause)."""
    stop = q.start if q is not None else len(t)
    if q is not None and q.unit == "%":
        m = _pat("funds.rate", "$").search(t[:stop].rstrip(" 为是达到:"))
        return ("rate" if m else None), -1
    role, bare = _nearest(t[:stop])
    j = k
    while role is None and bare and j > 0 and doc.clauses[j - 1].sentence == doc.clauses[k].sentence:
        j -= 1
        prev = doc.clauses[j]
        role, bare = _nearest(doc.masked[prev.start : prev.end])
        if role == "not_amounts":  # "按人均600元，" qualifies its own amount, not the next clause's
            role, bare = None, True
    return (None if role == "rate" else role), (doc.clauses[j].start if j < k else -1)


def _nearest(text: str) -> tuple[str | None, bool]:
    """(role of the nearest cue that is not a sum word, whether the text has no such cue at all).

    A word that makes an amount not the project's ("生均", "增加", "收入") counts only right before the
    amount: "低收入家庭生活补贴120万元" is an allocation."""
    best: tuple[int, int, str] | None = None
    budget: str | None = None  # a budget cue that says which budget ("年初预算安排983万元": the initial one)
    for role in _ROLES:
        if role == "sums":
            continue
        for m in _pat(f"funds.{role}").finditer(text):
            if role == "not_amounts" and len(text[m.end() :].strip(_TRIM)) > 2:
                continue
            if role in ("initial", "full_year"):
                budget = role
            key = (m.end(), m.end() - m.start(), role)
            if best is None or key[:2] > best[:2]:
                best = key
    if best is not None and best[2] == "allocated" and budget is not None:
        return budget, False
    return (best[2], False) if best else (None, True)


def _group_parts(doc: ProseDoc, amounts: list[_Amount]) -> None:
    """Mark the parts of each amount: the amounts after "其中", and runs of funding-level amounts."""
    part_cue = _pat("funds.part_cues")
    i = 0
    while i < len(amounts):
        a = amounts[i]
        t = doc.masked[a.clause.start : a.clause.end]
        first_of_clause = i == 0 or amounts[i - 1].index != a.index
        cue_here = part_cue.search(t, 0, a.start - a.clause.start) is not None or (
            a.index > 0 and part_cue.fullmatch(doc.masked[doc.clauses[a.index - 1].start : doc.clauses[a.index - 1].end])
            is not None and doc.clauses[a.index - 1].colon)
        if first_of_clause and cue_here and a.value is not None:
            parent = _parent(doc, amounts, i)
            j = i
            while j < len(amounts) and _plain_part(amounts, j, i):
                # parts of an amount not stated ("项目支出包括会议经费12万元，…") are no one's total either
                amounts[j].part_of = _NO_PARENT if parent is None else parent
                if parent is not None:
                    amounts[parent].parts.append(j)
                j += 1
            i = max(j, i + 1)
            continue
        i += 1
    _level_runs(amounts)


def _parent(doc: ProseDoc, amounts: list[_Amount], i: int) -> int | None:
    """The amount a "其中" clause breaks down: the last amount before it, in its sentence or the one before."""
    s = amounts[i].clause.sentence
    for j in range(i - 1, -1, -1):
        b = amounts[j]
        if b.clause.sentence < s - 1:
            return None
        if b.value is not None and b.role != "rate" and b.part_of is None:
            return j
    return None


def _plain_part(amounts: list[_Amount], j: int, first: int) -> bool:
    """One amount per clause, in consecutive clauses of one sentence, with no adjustment or total cue."""
    a = amounts[j]
    if a.value is None or a.role in ("adjusted", "full_year", "initial", "rate"):
        return False
    if j > first and (a.index != amounts[j - 1].index + 1 or a.clause.sentence != amounts[first].clause.sentence):
        return False
    return j + 1 >= len(amounts) or amounts[j + 1].index != a.index


def _level_runs(amounts: list[_Amount]) -> None:
    """"省级下拨4.8万元；市级下拨4.8万元；全年应执行数为9.6万元": a run of two or more funding-level
    amounts in one sentence, with a total right before or after it, are that total's parts."""
    i = 0
    while i < len(amounts):
        j = i
        while (j < len(amounts) and amounts[j].level_led and amounts[j].part_of is None and amounts[j].value is not None
               and amounts[j].role != "rate" and amounts[j].clause.sentence == amounts[i].clause.sentence):
            j += 1
        if j - i >= 2:
            total = _beside(amounts, i, j)
            if total is not None:
                for k in range(i, j):
                    amounts[k].part_of = total
                    amounts[total].parts.append(k)
        i = max(j, i + 1)


def _beside(amounts: list[_Amount], i: int, j: int) -> int | None:
    s = amounts[i].clause.sentence
    for k in (j, i - 1):
        if 0 <= k < len(amounts):
            b = amounts[k]
            if b.clause.sentence == s and b.value is not None and b.part_of is None and not b.level_led \
                    and b.role in (*_BUDGET, "executed", None):
                return k
    return None


def _rows(doc: ProseDoc, amounts: list[_Amount]) -> list[FundsRow]:
    """The total row from the first statement of each role, and the parts of the total."""
    lx = prose_lexicon().raw.get("funds") or {}
    top = [a for a in amounts if a.part_of is None]
    first_budget = next((k for k, a in enumerate(amounts) if a.part_of is None and a.role in _BUDGET), None)
    row = FundsRow(label=str(lx.get("total_label", "年度资金总额")))
    used: list[_Amount] = []
    defining: _Amount | None = None
    if first_budget is not None:
        defining = amounts[first_budget]
        adjusted_later = any(a.role == "adjusted" and a.start > defining.start for a in top)
        col = _COLUMN.get(defining.role or "", "budget_full_year")
        if defining.role == "allocated":
            col = "budget_initial" if adjusted_later else "budget_full_year"
        if defining.value is not None:
            _set(doc, row, col, defining, used)
        if col != "budget_full_year":
            full = next((a for a in top if a.role == "full_year" and a.start > defining.start), None)
            if full is not None and full.value is not None:
                _set(doc, row, "budget_full_year", full, used)
    executed = next((a for a in top if a.role == "executed"), None)
    if executed is not None and executed.value is not None:
        _set(doc, row, "executed", executed, used)
        defining = defining or executed
    rate = next((a for a in top if a.role == "rate"), None)
    if rate is not None:
        row.rate, row.rate_text = rate.value, doc.raw[rate.start : rate.end]
        row.sources["rate"] = doc.source(rate.start, rate.end)
        used.append(rate)
    if not used:
        return []
    row.source = _row_source(doc, defining if defining in used else used[0], used)
    rows = [row]
    if defining is not None and defining.value is not None:
        rows.extend(_part_rows(doc, amounts, defining, row, str(lx.get("part_prefix", "其中:"))))
    return rows


def _set(doc: ProseDoc, row: FundsRow, col: str, a: _Amount, used: list[_Amount]) -> None:
    setattr(row, col, a.value)
    row.sources[col] = doc.source(a.start, a.end)
    used.append(a)


def _row_source(doc: ProseDoc, defining: _Amount, used: list[_Amount]) -> Source:
    """The defining clause up to its amount, stretched over the row's other values in the same sentence."""
    same = [a for a in used if a.clause.sentence == defining.clause.sentence and abs(a.index - defining.index) <= _NEAR]
    start = min(a.said_at if a.said_at >= 0 else a.clause.start for a in same)
    end = max(a.end for a in same)
    return doc.source(*doc.span(start, end))


def _part_rows(doc: ProseDoc, amounts: list[_Amount], defining: _Amount, total: FundsRow, prefix: str) -> list[FundsRow]:
    """Rows of the first group of parts that breaks down the total (its own statement, or a restatement
    of the same amount: "下达…600万元。其中：…")."""
    col = next((c for c, v in (("budget_initial", total.budget_initial), ("budget_full_year", total.budget_full_year),
                               ("executed", total.executed)) if v == defining.value), None)
    if col is None:
        return []
    for a in amounts:
        if not a.parts or a.value != defining.value or a.role == "rate":
            continue
        out = []
        for k in a.parts:
            p = amounts[k]
            label = doc.raw[p.label[0] : p.label[1]].strip() or doc.raw[p.start : p.end]
            row = FundsRow(label=prefix + label, source=doc.source(*doc.span(p.label[0], p.end)))
            setattr(row, col, p.value)
            row.sources[col] = doc.source(p.start, p.end)
            out.append(row)
        return out
    return []
