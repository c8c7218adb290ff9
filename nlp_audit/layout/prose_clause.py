"""What one clause of a prose report says: a name, its numbers, and the cue words that say what each number is.

"目标值不少于100人" -> a target ≥100人; "补贴核发准确率100%" -> a name and a value the section decides;
"该指标分值10分" -> a weight for the statement before; "低于控制指标5起" -> only a comparator. Numbers come from the
quantity grammar (``find_quantities``), words from the ``prose`` lexicon; offsets are the caller's text's.
Read by ``prose_statements``, which turns the clauses of a sentence into indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Quantity
from ..quantities import find_quantities
from .lexicon import lex
from .prose_text import Clause, ProseDoc, has_digit, prose_lexicon, words

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]+")
_NAME_TRIM = " \t\u3000、和及与\"'“”"
OK_KINDS = ("absolute", "frequency")  # quantities a statement with no cue word may hold
VALUE_ROLES = ("target", "actual", "weight", "score")
_VALUE_LEAD = " 为是:"  # between a cue word and a qualitative value ("实际完成值为达成指标")


@dataclass(slots=True)
class Slot:
    """One number of a clause and what the words around it say it is."""

    role: str | None  # target | actual | weight | score | total | derived | None (not said)
    start: int
    end: int
    q: Quantity
    at_least: bool = False  # "达到40%": a target read as ≥


@dataclass(slots=True)
class Reading:
    name: tuple[int, int] | None = None  # text offsets of the name, as printed
    name_text: str = ""
    kind: str = "none"  # name | pronoun | none
    lead_role: str | None = None  # "计划培训200人次": the statement's role, said before its name
    slots: list[Slot] = field(default_factory=list)
    multi: bool = False  # several numbers with no cue words
    funds: bool = False  # a funds statement: a funds rate, or money under a funds word
    tail: bool = False  # a noun after the number that is not the name's ("分为6个子项目")
    total: bool = False  # led by a sum word ("合计不少于4次")
    compare: str | None = None  # "低于控制指标…": the target's comparator only
    opener: bool = False


def pat(key: str, anchor: str = "") -> re.Pattern[str]:
    return words(key, anchor)


def read_clause(doc: ProseDoc, c: Clause) -> Reading:
    t = doc.masked[c.start : c.end]
    r = Reading()
    if pat("openers").match(t) and pat("opener_objects").search(t):
        r.opener = True
        return r
    found = find_quantities(t)
    dates = [(q.start, q.end) for q in found if q.kind in ("date", "deadline")]
    head = _strip_leading(t, 0, len(t), dates, r)
    qs: list[Quantity] = []
    for q in found:  # a bare number ("实际完成91", digits whose unit the extraction lost) only after a cue word
        if _usable(q, t) or (_bare(q) and _strip_trailing(t, qs[-1].end if qs else 0, q.start, q)[1]
                             in VALUE_ROLES):
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
    if tail and not pat("value_tails").fullmatch(tail):
        r.tail = not (len(qs) == 1 and _number_first(doc, c, t, head, r))
    money = any(s.q.unit == "万元" for s in r.slots)
    if r.name is not None:
        name = doc.folded[r.name[0] : r.name[1]]
        r.funds = bool(pat("funds_rates").search(name) or (money and pat("funds_words").search(name)))
    return r


def _qualitative_value(doc: ProseDoc, c: Clause, t: str, head: int, r: Reading) -> None:
    """A clause with no number: a name ("慰问困难老人，…"), or a cue word and a qualitative value of the
    lexicon ("目标值及时", "档案规范性年度指标值为规范", "实际完成达成指标", 056)."""
    cues = (("target", pat("target_cues")), ("actual", pat("actual_cues")))
    value_at = head + len(t[head:]) - len(t[head:].lstrip(_VALUE_LEAD))
    if r.lead_role is not None and _is_qualitative(t[value_at:]):
        r.slots.append(_qual_slot(c, t, value_at, r.lead_role))
        return
    for role, cue_re in cues:
        for m in cue_re.finditer(t, head):
            value_at = m.end() + len(t[m.end() :]) - len(t[m.end() :].lstrip(_VALUE_LEAD))
            if _is_qualitative(t[value_at:]):
                _name(doc, c, t, head, m.start(), r)
                r.slots.append(_qual_slot(c, t, value_at, role))
                return
    _name(doc, c, t, head, len(t), r)


def _is_qualitative(text: str) -> bool:
    """A qualitative value of the lexicon ("及时", "达成指标"), not a verb that reads as one ("按计划完成")."""
    key = lex().fold_key(text)
    return bool(key) and key in lex().qual and not pat("actual_cues").fullmatch(key)


def _qual_slot(c: Clause, t: str, a: int, role: str) -> Slot:
    text = t[a:].strip()
    start = c.start + a + (len(t[a:]) - len(t[a:].lstrip()))
    return Slot(role, start, start + len(text), Quantity(text=text, start=start - c.start,
                                                          end=start - c.start + len(text), value=None, kind="qual"))


def _usable(q: Quantity, t: str) -> bool:
    """A number that can be a value: not a date, a range or a bare number with neither unit nor measure word."""
    if q.value is None or q.kind not in (*OK_KINDS, "deadline"):
        return False
    if q.unit is None:
        nxt = t[q.end : q.end + 1]
        return bool(nxt) and nxt in measure_words()
    return True


def measure_words() -> str:
    return str(prose_lexicon().raw.get("measure_words") or "")


def _bare(q: Quantity) -> bool:
    return q.value is not None and q.unit is None and q.kind == "absolute"


def _slot(t: str, c: Clause, q: Quantity, role: str | None, at_least: bool) -> Slot:
    end = q.end
    if q.unit is None and q.kind != "deadline" and t[q.end : q.end + 1] in measure_words():
        end += 1  # the measure word: "10堂"
    return Slot(role, c.start + q.start, c.start + end, q, at_least)


def _strip_leading(t: str, a: int, b: int, dates: list[tuple[int, int]], r: Reading) -> int:
    """Skip subjects, time words and leading cue words ("我市共", "2021年", "计划") before a name."""
    lead_in, cues = pat("lead_ins"), (("target", pat("target_cues")), ("actual", pat("actual_cues")))
    total = pat("total_cues")
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
        for role, cue_re in cues:
            m = cue_re.match(t, a, b)
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
    connectors = pat("connectors", "$")
    cue_keys = ("target_cues", "actual_cues", "weight_cues", "score_cues", "total_cues", "derived_cues")
    ge = pat("target_op_words.>=", "$")
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
                m = pat(key, "$").search(seg)
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
    below, above = pat("compare_below").match(t, head), pat("compare_above").match(t, head)
    m = below or above
    if not m:
        return None
    stop = qs[0].start if qs else len(t)
    if not pat("compare_targets").search(t, m.end(), stop):
        return None
    return "<=" if below else ">="


def _name(doc: ProseDoc, c: Clause, t: str, a: int, b: int, r: Reading) -> None:
    while a < b and t[a] in _NAME_TRIM:
        a += 1
    while b > a and t[b - 1] in _NAME_TRIM:
        b -= 1
    if a >= b:
        return
    text = t[a:b]
    pron = pat("pronouns", "$").search(text)
    if pron and pron.start() == 0:
        r.kind = "pronoun"
        return
    if pron:  # "年度接待人次本项目满分8分": the name before the pointer
        b = a + pron.start()
        text = t[a:b].rstrip(_NAME_TRIM)
    if not valid_name(text):
        return
    r.kind, r.name, r.name_text = "name", (c.start + a, c.start + a + len(text)), doc.raw[c.start + a : c.start + a + len(text)]


def valid_name(text: str) -> bool:
    """Two or more CJK characters, no digits (an unread number), no dangling word at the end ("占计划投资的80%",
    "项目按计划…")."""
    if len(_CJK.findall(text)) < 2 or len(text) > 30 or has_digit(text) or pat("dangling", "$").search(text):
        return False
    if pat("not_names").search(text):
        return False
    generic = pat("generic_names")
    return not generic.fullmatch(text)


def _number_first(doc: ProseDoc, c: Clause, t: str, head: int, r: Reading) -> bool:
    """"编印12册培训教材": an action verb right before the count, the name after its measure word."""
    s = r.slots[0]
    after = s.end - c.start
    rest = t[after:].strip()
    if not (2 <= len(rest) <= 12) or not _ALL_CJK.fullmatch(rest):
        return False
    verb = pat("action_verbs", "$").search(t[head : s.q.start].rstrip())
    if not verb or not valid_name(rest):
        return False
    v0, v1 = c.start + head + verb.start(), c.start + head + verb.end()
    b = c.start + after + t[after:].index(rest) + len(rest)
    r.kind, r.name, r.name_text = "name", (v0, b), doc.raw[v0:v1] + rest
    return True
