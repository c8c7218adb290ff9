"""Score a parse of a perturbed case against its truth, the way ``../shared/tools/score_gold.py`` does.

The same rules, re-implemented here because tests must run without ``../shared`` (a test checks both
agree where ``../shared`` is present): forms aligned by project then indicator overlap; rows matched
one-to-one by name (normalised equality, difflib ratio >= 0.8, or containment), inside the aligned
form first, then anywhere in the file; values equal within 0.01 (a "%" value also as a fraction); the
funds total row of aligned forms. Two rules score_gold has no need for, because its gold never asks:

- a row the parser reports unreadable (a P003 naming it) counts as lost, unless the truth itself
  says one of its cells is unreadable;
- a value the truth marks UNREADABLE (an OCR'd "≥90%" printed "290%") is right only when the parser
  flags it (a garbled/unread cell or a P003) and does not take the misread number as the value.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from nlp_audit.model import Form, Indicator, ParsedFile

from .truth import FUNDS_FIELDS, ROW_FIELDS, UNREADABLE, Case, TruthForm, TruthRow, Value

TOL = 0.01
VALUE_KEYS = ROW_FIELDS + FUNDS_FIELDS
TEXT_KEYS = ("project", "kind", "goal", "actual_text", "form_count")

_PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,8}\)")
_WS = re.compile(r"[\s|\u3000]+")
_NUMPREFIX = re.compile(
    r"^(指标\s*[0-9一二三四五六七八九十lLI]+\s*[:：.、]?|[0-9]+\s*[、.．]|[一二三四五六七八九十]+\s*、"
    r"|\(\s*[0-9一二三四五六七八九十]+\s*\))"
)
_CODEPREFIX = re.compile(r"^[0-9A-Za-z]{10,}\s*[-—_]\s*")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")


def _nfkc(s: str | None) -> str:
    return unicodedata.normalize("NFKC", s) if s else ""


def name_key(s: str | None) -> str:
    t = _QUOTES.sub("", _WS.sub("", _PINYIN.sub("", _nfkc(s))))
    prev = None
    while prev != t:
        prev, t = t, _NUMPREFIX.sub("", t)
    return t.lower()


def project_key(s: str | None) -> str:
    return _CODEPREFIX.sub("", _WS.sub("", _PINYIN.sub("", _nfkc(s))))


def text_key(s: str | None) -> str:
    """Narratives: NFKC, glosses, whitespace and '|' removed."""
    return _WS.sub("", _PINYIN.sub("", _nfkc(s)))


def names_similar(a: str | None, b: str | None) -> float:
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    r = difflib.SequenceMatcher(None, ka, kb, autojunk=False).ratio()
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if len(short) >= 4 and short in long_ and len(short) / len(long_) >= 0.5:
        r = max(r, 0.8 + 0.2 * len(short) / len(long_) - 0.001)
    return r


def num_eq(gold: float, tool: float | None, percent: bool = False) -> bool:
    if tool is None:
        return False
    cands = [gold, gold / 100.0] if percent else [gold]
    return any(abs(c - tool) <= TOL for c in cands)


def match_rows(gold: list[TruthRow], tool: list[Indicator], used: set[int]) -> dict[int, int]:
    """Greedy one-to-one by name similarity (>= 0.8); ``used`` tool rows are skipped and filled in."""
    pairs = []
    for gi, g in enumerate(gold):
        for ti, t in enumerate(tool):
            if ti not in used:
                s = names_similar(g.name, t.name)
                if s >= 0.8:
                    pairs.append((s, gi, ti))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    out: dict[int, int] = {}
    for _s, gi, ti in pairs:
        if gi not in out and ti not in used:
            out[gi] = ti
            used.add(ti)
    return out


def align_forms(gold: list[TruthForm], tool: list[Form]) -> dict[int, int]:
    scores = []
    for gi, g in enumerate(gold):
        gk = project_key(g.project)
        for ti, t in enumerate(tool):
            s = 0.0
            tk = project_key(t.project)
            if gk and tk and (gk == tk or difflib.SequenceMatcher(None, gk, tk).ratio() >= 0.8):
                s += 2.0
            if g.rows and t.indicators:
                s += len(match_rows(g.rows, t.indicators, set())) / len(g.rows)
            if s > 0:
                scores.append((s, gi, ti))
    scores.sort(key=lambda x: (-x[0], x[1], x[2]))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _s, gi, ti in scores:
        if gi not in out and ti not in used:
            out[gi] = ti
            used.add(ti)
    for gi in range(len(gold)):
        if gi not in out and gi < len(tool) and gi not in used:
            out[gi] = gi
            used.add(gi)
    return out


@dataclass(slots=True)
class Tally:
    """Counts right / compared per key: rows, each value field, and the form-level texts."""

    ok: Counter = field(default_factory=Counter)
    n: Counter = field(default_factory=Counter)
    cases: int = 0

    def add(self, other: Tally) -> Tally:
        self.ok.update(other.ok)
        self.n.update(other.n)
        self.cases += other.cases
        return self

    def mark(self, key: str, right: bool) -> None:
        self.n[key] += 1
        self.ok[key] += int(right)

    def ratio(self, *keys: str) -> float | None:
        n = sum(self.n[k] for k in keys)
        return sum(self.ok[k] for k in keys) / n if n else None

    @property
    def rows(self) -> float | None:
        return self.ratio("rows")

    @property
    def values(self) -> float | None:
        return self.ratio(*VALUE_KEYS)


def _row_flagged(form: Form, ind: Indicator) -> bool:
    return any(p.code == "P003" and p.indicator == ind.name for p in form.problems)


def _cell(ind: Indicator, key: str) -> tuple[float | None, bool]:
    """The parsed value of ``key`` and whether the parser flagged that very cell."""
    if key in ("target", "actual"):
        cv = getattr(ind, key)
        return cv.value, cv.garbled or cv.unread
    return getattr(ind, key), False


def _value_right(truth: Value, tool: float | None, flagged: bool, misread: float | None, percent: bool) -> bool:
    if truth is UNREADABLE:
        return flagged and not (misread is not None and num_eq(misread, tool))
    return num_eq(float(truth), tool, percent)


def _score_row(t: Tally, g: TruthRow, form: Form, ind: Indicator, notes: list[str] | None) -> None:
    row_flag = _row_flagged(form, ind)
    if row_flag and not g.damaged:
        t.mark("rows", False)  # reported unreadable: lost
        _note(notes, f"row reported unreadable: {g.name}")
        return
    t.mark("rows", True)
    pct_t = (g.target_unit or "") in ("%", "百分比")
    pct_a = pct_t or (g.actual_unit or "") == "%"
    for key in ROW_FIELDS:
        truth = g.value(key)
        if truth is None:
            continue
        tool, cell_flag = _cell(ind, key)
        percent = pct_t if key == "target" else pct_a if key == "actual" else False
        right = _value_right(truth, tool, cell_flag or row_flag, g.misread.get(key), percent)
        t.mark(key, right)
        if not right:
            _note(notes, f"{key} of {g.name}: truth {truth} parsed {tool}")


def _note(notes: list[str] | None, message: str) -> None:
    if notes is not None:
        notes.append(message)


def _score_funds(t: Tally, g: TruthForm, form: Form | None, notes: list[str] | None) -> None:
    row = form.funds_total if form is not None else None
    flagged = form is not None and any(p.code == "P003" and p.field == "funds" for p in form.problems)
    for key in FUNDS_FIELDS:
        truth = g.funds.get(key)
        if truth is None:
            continue
        tool = getattr(row, key) if row is not None else None
        ok = _value_right(truth, tool, flagged, g.funds_misread.get(key), False)
        if not ok and truth is not UNREADABLE and key != "executed" and g.kind == "declaration" and row is not None:
            other = "budget_full_year" if key == "budget_initial" else "budget_initial"
            ok = num_eq(float(truth), getattr(row, other))
        t.mark(key, ok)
        if not ok:
            _note(notes, f"funds {key}: truth {truth} parsed {tool}")


def _narrative_right(truth: str, tool: str) -> bool:
    a, b = text_key(truth), text_key(tool)
    return a == b or (bool(a) and bool(b) and difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.95)


def match_file(gforms: list[TruthForm], tforms: list[Form], al: dict[int, int]) -> dict[tuple[int, int], tuple[int, int]]:
    """(truth form, truth row) -> (parsed form, parsed row): inside the aligned form first, then anywhere."""
    used: dict[int, set[int]] = {i: set() for i in range(len(tforms))}
    matched: dict[tuple[int, int], tuple[int, int]] = {}
    for gi, g in enumerate(gforms):
        if gi in al:
            for gr, tr in match_rows(g.rows, tforms[al[gi]].indicators, used[al[gi]]).items():
                matched[(gi, gr)] = (al[gi], tr)
    for gi, g in enumerate(gforms):
        for ti, tf in enumerate(tforms):
            rest = [k for k in range(len(g.rows)) if (gi, k) not in matched]
            if not rest:
                break
            for k, tr in match_rows([g.rows[k] for k in rest], tf.indicators, used[ti]).items():
                matched[(gi, rest[k])] = (ti, tr)
    return matched


def score_case(case: Case, parsed: ParsedFile, notes: list[str] | None = None) -> Tally:
    """Rows recovered, values right, project / kind / narratives of one case; what went wrong is appended
    to ``notes`` when given."""
    t = Tally(cases=1)
    gforms, tforms = case.truth, parsed.forms
    t.mark("form_count", len(gforms) == len(tforms))
    al = align_forms(gforms, tforms)
    matched = match_file(gforms, tforms, al)
    for gi, g in enumerate(gforms):
        for gr, row in enumerate(g.rows):
            if (gi, gr) not in matched:
                t.mark("rows", False)
                _note(notes, f"row missed: {row.name}")
                continue
            ti, tr = matched[(gi, gr)]
            _score_row(t, row, tforms[ti], tforms[ti].indicators[tr], notes)
        tf = tforms[al[gi]] if gi in al else None
        if g.project:
            right = tf is not None and project_key(tf.project) == project_key(g.project)
            t.mark("project", right)
            if not right:
                _note(notes, f"project: truth {g.project} parsed {tf.project if tf else None}")
        t.mark("kind", tf is not None and tf.kind == g.kind)
        _score_funds(t, g, tf, notes)
        if g.goal is not None:
            t.mark("goal", tf is not None and _narrative_right(g.goal, tf.goal.text))
        if g.actual is not None:
            t.mark("actual_text", tf is not None and _narrative_right(g.actual, tf.actual.text))
    return t
