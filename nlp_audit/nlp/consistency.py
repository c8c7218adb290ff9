"""Helpers of the narrative consistency checks (C003-C008): text normalisation, facts, overlap.

Kept apart from checks/narrative.py so that each check stays a few lines of policy while the
text handling (n-gram overlap, facts, money roles) is written once and tested once. The narratives
themselves (folded text, sentences, clauses, quantities) come from the form analysis
(nlp/analysis.py, nlp/texts.py); nothing here reads text a second way. Everything is pure and
cached; nothing imports heavy libraries (scikit-learn's import alone costs ~0.9 s, more than the
whole cold-start budget), so overlap is plain char n-grams.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..caching import text_cache
from ..model import Form, Quantity
from ..text import PUNCT as _PUNCT
from ..text import squeeze

if TYPE_CHECKING:
    from ..packs import RulePack
    from .texts import TextAnalysis

LEXICON_FILE = "narrative.yaml"

_DATE = re.compile(r"(?:\d{4}\s*[年./-]\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{4}[./-]\d{1,2}[./-]\d{1,2}")
_YEAR_ONLY = re.compile(r"^\s*\d{4}\s*年度?\s*$")
_QUOTED = re.compile(r"[“\"《「『]([^”\"》」』]{2,40})[”\"》」』]")
_ENUM_PREFIX = re.compile(r"^\s*(?:目标\s*\d+\s*[:：]?|[一二三四五六七八九十]+是|\d+\s*[.、．)）]|[（(]\s*\d+\s*[)）])\s*")
_NUM = re.compile(r"\d+(?:\.(\d+))?")
_HAN = re.compile(r"[\u4e00-\u9fff]")

# ---------------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The narrative lexicon, compiled once per pack (see rules/lexicons/narrative.yaml)."""

    raw: dict
    completion: re.Pattern
    negations: tuple[str, ...]
    plan: re.Pattern
    plan_exclusions: re.Pattern
    result: re.Pattern
    deliverable: re.Pattern
    place: re.Pattern
    boilerplate: tuple[str, ...]
    actions: re.Pattern
    leading: re.Pattern
    background: tuple[str, ...]
    purpose: tuple[str, ...]
    commitment: re.Pattern
    generic: frozenset[str]
    generic_re: re.Pattern
    total: re.Pattern
    exact_total: frozenset[str]
    total_exclusions: tuple[str, ...]
    part: re.Pattern
    part_exclusions: tuple[str, ...]
    clause_part: re.Pattern  # '…118.45万元，为A 30万元、B 80万元': a marker that opens a list only after an amount
    partial: re.Pattern
    product_marks: tuple[str, ...]
    exhaustive: re.Pattern
    subject_strip: re.Pattern
    comparison: re.Pattern
    role_cues: re.Pattern
    role_of: dict
    blockers: tuple[str, ...]
    memo: dict = field(default_factory=dict, compare=False)  # per-text results (normalize, facts)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted({str(w) for w in words if w}, key=len, reverse=True)) or "(?!)"


def lexicon(pack: RulePack | None) -> Lexicon:
    """The compiled lexicon: rules/lexicons/narrative.yaml overlaid with ``lexicons.narrative``."""
    over = (pack.lexicons.get("narrative", {}) or {}) if pack is not None else {}
    key = repr(sorted(over.items())) if over else ""
    lex = _CACHE.get(key)
    if lex is None:
        lex = _CACHE[key] = _compile(over)
    return lex


_CACHE: dict[str, Lexicon] = {}


def _compile(over: dict | None = None) -> Lexicon:
    from ..packs import load_lexicon_file

    raw = dict(load_lexicon_file(LEXICON_FILE))
    if over:
        raw.update(over)
    roles = raw.get("funds_roles", {}) or {}
    role_of = {}
    for role, cues in roles.items():
        for cue in cues:
            role_of.setdefault(cue, role)
    return Lexicon(
        raw=raw,
        completion=re.compile(_alt(raw.get("completion_phrases", []))),
        negations=tuple(raw.get("negations", [])),
        plan=re.compile(_alt(raw.get("plan_words", []))),
        plan_exclusions=re.compile(_alt(raw.get("plan_exclusions", []))),
        result=re.compile(_alt(raw.get("result_words", []))),
        deliverable=re.compile(
            f"(?:{_alt(raw.get('deliverable_verbs', []))})了?[^，,。；;]{{0,24}}?(?:{_alt(raw.get('deliverable_nouns', []))})"
        ),
        place=re.compile(f"[\u4e00-\u9fff]{{2,10}}?(?:{_alt(raw.get('named_place_suffixes', []))})"),
        boilerplate=tuple(raw.get("boilerplate", [])),
        actions=re.compile(_alt(raw.get("goal_action_verbs", []))),
        leading=re.compile(f"(?:{_alt(raw.get('goal_leading_adverbs', []))})*"),
        background=tuple(raw.get("goal_background_openers", [])),
        purpose=tuple(raw.get("goal_purpose_openers", [])),
        commitment=re.compile(
            f"(?:{_alt(raw.get('goal_commitment_verbs', []))})[^，,。；;]{{0,16}}?"
            f"(?:{_alt(raw.get('goal_commitment_objects', []))})"
        ),
        generic=frozenset(raw.get("generic_bigrams", [])),
        generic_re=re.compile(_alt(raw.get("generic_bigrams", []))),
        total=re.compile(_alt(raw.get("total_markers", []))),
        exact_total=frozenset(raw.get("exact_total_markers", [])),
        total_exclusions=tuple(raw.get("total_marker_exclusions", [])),
        part=re.compile(_alt(raw.get("part_markers", []))),
        part_exclusions=tuple(raw.get("part_marker_exclusions", [])),
        clause_part=re.compile(f"(?<=[,，:：])\\s*(?:{_alt(raw.get('clause_part_markers', []))})"),
        partial=re.compile(_alt(raw.get("partial_list_markers", []))),
        product_marks=tuple(raw.get("product_marks", [])),
        exhaustive=re.compile(_alt(raw.get("exhaustive_markers", []))),
        subject_strip=re.compile(f"(?:{_alt(raw.get('subject_strip', []))})+$"),
        comparison=re.compile(_alt(raw.get("comparison_words", []))),
        role_cues=re.compile(_alt(role_of)),
        role_of=role_of,
        blockers=tuple(raw.get("funds_role_blockers", [])),
    )


# ---------------------------------------------------------------------------------- text


_MEMO_LIMIT = 2_048  # entries: the checks of one form share a narrative's facts, later forms rarely do
_MEMO_CHARS = 5_000  # a longer narrative is computed, never kept (its facts weigh kilobytes)


def _memo(lex: Lexicon, kind: str, text: Any, fn):
    """Per-lexicon cache of pure per-text results: several checks read the same narratives.

    Bounded in entries and in the length of a text kept: at 50,000 entries (one per form) it held
    every narrative of a long batch and their facts, the largest part of a run's growth."""
    if isinstance(text, str) and len(text) > _MEMO_CHARS:
        return fn()
    key = (kind, text)
    hit = lex.memo.get(key)
    if hit is None:
        if len(lex.memo) > _MEMO_LIMIT:
            lex.memo.clear()
        hit = lex.memo[key] = fn()
    return hit


# a bigram set weighs ~30 bytes a character; on realistic batches 23% of the calls repeat one of the
# last 8 texts and no more with 512 (7 MiB when full): the last 32 are kept
@text_cache(maxsize=32, max_chars=2000)
def bigrams(text: str) -> frozenset[str]:
    t = squeeze(text)
    return frozenset(map(str.__add__, t, t[1:]))


def content_bigrams(text: str, lex: Lexicon) -> set[str]:
    """Han bigrams that can show coverage: generic words cut out first, no function characters.

    Cutting the generic words before pairing keeps '防汛工作' from yielding the junk pair '汛工'.
    """
    out = set()
    for part in _PUNCT.split(lex.generic_re.sub(" ", text)):
        for i in range(len(part) - 1):
            bg = part[i : i + 2]
            if (
                _HAN.fullmatch(bg[0])
                and _HAN.fullmatch(bg[1])
                and not any(c in "的和与及等了在对为是将把被或并其之 " for c in bg)
            ):
                out.add(bg)
    return out


def containment(actual: str, goal: str) -> float:
    """Share of the actual's char bigrams found in the goal (cheap; gates the costlier overlap)."""
    ab = bigrams(actual)
    return len(ab & bigrams(goal)) / len(ab) if ab else 0.0


@lru_cache(maxsize=16)  # keyed by two whole narratives; no text was asked twice on realistic batches
def overlap(actual: str, goal: str, min_block: int = 4) -> tuple[float, float, str]:
    """How much of ``actual`` is taken from ``goal``.

    Returns (copied share: characters of the actual inside common runs of >= min_block chars,
    bigram containment: share of the actual's bigrams found in the goal, longest copied run).
    """
    import difflib

    a, g = squeeze(actual), squeeze(goal)
    if not a or not g:
        return 0.0, 0.0, ""
    sm = difflib.SequenceMatcher(None, g, a, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size >= min_block]
    copied = sum(b.size for b in blocks) / len(a)
    longest = max(blocks, key=lambda b: b.size) if blocks else None
    ab, gb = bigrams(a), bigrams(g)
    contained = len(ab & gb) / len(ab) if ab else 0.0
    return copied, contained, a[longest.b : longest.b + longest.size] if longest else ""


def locate(narrative: str, squeezed_run: str) -> tuple[int, int] | None:
    """Offsets in ``narrative`` of a run found in its squeezed form (punctuation skipped)."""
    if not squeezed_run:
        return None
    idx = [i for i, c in enumerate(narrative) if not _PUNCT.fullmatch(c)]
    flat = "".join(narrative[i] for i in idx)
    pos = flat.find(squeezed_run)
    if pos < 0:
        return None
    return idx[pos], idx[pos + len(squeezed_run) - 1] + 1


# ---------------------------------------------------------------------------------- quantities


def decimals(q: Quantity) -> int:
    m = _NUM.search(q.text or "")
    return len(m.group(1)) if m and m.group(1) else 0


def in_yuan(q: Quantity) -> bool:
    """The amount was written in 元 (so its precision is in 元, not 万元)."""
    t = q.text or ""
    return "元" in t and "万元" not in t and "亿元" not in t


def rounding_tolerance(q: Quantity) -> float:
    """Half a unit of the last digit the text states, in the quantity's (normalised) unit.

    Whole counts (3公里, 120人次) are taken as exact; whole amounts and rates (155万元, 96%) may
    be rounded.
    """
    d = decimals(q)
    if d == 0 and q.unit not in ("万元", "%"):
        return 1e-9
    tol = 0.5 * 10**-d
    if in_yuan(q):
        tol /= 10000
    return tol + 1e-9


def agrees(q: Quantity, value: float, table_tol: float = 0.005) -> bool:
    """A stated quantity agrees with a table value: within rounding, approximation or its range."""
    if q.value is None:
        return True
    tol = rounding_tolerance(q) + table_tol
    if q.op in (">=", ">"):
        low = q.low if q.low is not None else q.value
        return value >= low - tol
    if q.op in ("<=", "<"):
        high = q.high if q.high is not None else q.value
        return value <= high + tol
    if q.approx:
        return abs(value - q.value) <= max(0.05 * abs(value), 10 ** -decimals(q)) + tol
    return abs(value - q.value) <= tol


def is_year(q: Quantity) -> bool:
    return bool(_YEAR_ONLY.match(q.text or "")) or (
        q.unit in ("年", "年度") and q.value is not None and 1900 <= q.value <= 2100 and "月" not in (q.text or "")
    )


# ---------------------------------------------------------------------------------- facts


def concrete_facts(ta: TextAnalysis, lex: Lexicon) -> list[tuple[str, str]]:
    """Checkable facts of a narrative: (kind, text) for numbers, dates, names, places."""
    return _memo(lex, "facts", ta.norm, lambda: _facts(ta, lex))


def _facts(ta: TextAnalysis, lex: Lexicon) -> list[tuple[str, str]]:
    text = ta.norm
    facts: list[tuple[str, str]] = []
    for m in _DATE.finditer(text):
        facts.append(("date", m.group(0)))
    for q in ta.quantities:
        # a number needs a unit to be checkable: a stray '100.00' is a table cell, not a fact
        if q.value is not None and q.unit and not is_year(q) and (q.kind or "absolute") != "date":
            facts.append(("number", q.text))
        elif q.kind == "date" and "月" in (q.text or ""):
            facts.append(("date", q.text))
    for m in _QUOTED.finditer(text):
        facts.append(("name", m.group(0)))
    for m in lex.deliverable.finditer(text):
        facts.append(("deliverable", m.group(0)))
    for m in lex.place.finditer(text):
        facts.append(("place", m.group(0)))
    return facts


def plan_without_result(text: str, lex: Lexicon) -> bool:
    """The text speaks of plans (计划/将/拟/确保) and reports no result (已/完成/建成).

    '按计划推进' is no plan, and the 完成 of '计划完成' / '确保完成' is no result.
    """
    text = lex.plan_exclusions.sub("", text)
    plans = list(lex.plan.finditer(text))
    if not plans:
        return False
    for m in lex.result.finditer(text):
        if not any(p.end() <= m.start() <= p.end() + 1 for p in plans):
            return False
    return True


def completion_claims(text: str, lex: Lexicon) -> list[re.Match]:
    """Completion phrases (全面完成, 100%完成...) that are not negated (未能全面完成)."""
    out = []
    for m in lex.completion.finditer(text):
        before = text[max(0, m.start() - 3) : m.start()]
        if any(before.endswith(n) or n in before[-2:] for n in lex.negations):
            continue
        out.append(m)
    return out


# ---------------------------------------------------------------------------------- indicators


def indicator_text(form: Form) -> str:
    """All indicator names and target/actual texts of a form, normalised once per check call."""
    parts = []
    for ind in form.indicators:
        parts.extend((ind.name or "", ind.target.text or "", ind.actual.text or ""))
    return "\n".join(parts)


# ---------------------------------------------------------------------------------- narratives


def strip_enum(text: str) -> str:
    return _ENUM_PREFIX.sub("", text, count=1)


def money_role(clause: str, q: Quantity, lex: Lexicon, max_cue_distance: int = 12) -> str | None:
    """Which funds column an amount/rate speaks of: the nearest cue before it in its clause, at
    most ``max_cue_distance`` characters away (C008's parameter)."""
    window_start = max(0, q.start - max_cue_distance - 8)
    before = clause[window_start : q.start]
    if any(b in clause[: q.start] for b in lex.blockers):
        return None
    cues = list(lex.role_cues.finditer(before))
    if not cues or len(before) - cues[-1].end() > max_cue_distance:
        return None
    for m in reversed(cues):
        role = lex.role_of.get(m.group(0))
        if role != "neutral":
            return role
    return "budget"  # only a neutral noun: '项目资金112万元' states the budget
