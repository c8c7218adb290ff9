"""What kind of indicator this is: its type (from the name) and the unit family of its values.

The one owner of these answers (data: rules/lexicons/indicators.yaml). Why: similarity alone
cannot tell 服务站建设完成数量 from 服务站建设完成时间 (research §3, lexical distractors); the type
(satisfaction / timeliness / cost / growth / rate / count) and the unit family decide which claims
an indicator can support at all, and the checks engine reads the same type and money family
(checks/assess.py, checks/indicator_kinds.py) instead of keeping lists of its own. How an indicator
*scores* (positive / reverse direction, '…率' names measured in heads) is a different question, tuned
per province in the rule pack: that stays in checks/indicator_kinds.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Indicator
from ..text import fold

if TYPE_CHECKING:
    from ..packs import RulePack

LEXICON_FILE = "indicators.yaml"


@dataclass(frozen=True, slots=True)
class IndicatorType:
    kind: str  # satisfaction | timeliness | cost | growth | rate | count | other
    family: str | None  # unit family of its values (pct, person, item, money ...), None if unknown
    qualitative: bool  # target is a word (提升, 及时, 健全), no number to compare


@dataclass(frozen=True, slots=True, eq=False)
class Tables:
    """indicators.yaml compiled (one per overlay; hashed by identity, so answers can be cached by it)."""

    families: dict[str, str]  # unit -> family
    types: tuple[tuple[str, tuple[str, ...]], ...]  # kind -> name cues, in matching order


def _compile(data: dict) -> Tables:
    families = {str(u): str(fam) for fam, units in (data.get("unit_families") or {}).items() for u in units}
    types = tuple((str(k), tuple(str(c) for c in v)) for k, v in (data.get("indicator_types") or {}).items())
    return Tables(families, types)


@lru_cache(maxsize=1)
def _builtin() -> Tables:
    from ..packs import load_lexicon_file

    return _compile(load_lexicon_file(LEXICON_FILE))


_BY_OVERLAY: dict[str, Tables] = {}


def tables(pack: RulePack | None = None) -> Tables:
    """rules/lexicons/indicators.yaml overlaid with the pack's ``lexicons: {indicators: {...}}``."""
    over = (pack.lexicons.get("indicators") or {}) if pack is not None else {}
    if not over:
        return _builtin()
    key = repr(sorted(over.items()))
    found = _BY_OVERLAY.get(key)
    if found is None:
        from ..packs import load_lexicon_file

        found = _BY_OVERLAY[key] = _compile({**load_lexicon_file(LEXICON_FILE), **over})
    return found


def unit_family(unit: str | None, t: Tables | None = None) -> str | None:
    """'人次' -> 'person', '%' -> 'pct'; unknown units are their own family."""
    if not unit:
        return None
    families = (t or _builtin()).families
    u = unit.strip()
    if u in families:
        return families[u]
    for suffix_len in range(len(u) - 1, 0, -1):  # '万平方米' -> '平方米'
        tail = u[-suffix_len:]
        if tail in families:
            return families[tail]
    return "other:" + u


def is_money_unit(unit: str | None, t: Tables | None = None) -> bool:
    """万元 / 元 / 亿元 / 千元 exactly (folded, so 萬元 too): an amount, whose direction is unclear."""
    return bool(unit) and (t or _builtin()).families.get(fold(unit)) == "money"


def type_from_name(name: str, t: Tables | None = None) -> str:
    """'党员群众满意度' -> 'satisfaction'; '服务站建设完成数量' -> 'count' (first lexicon match)."""
    return _type_from_name(name, t or _builtin())


@lru_cache(maxsize=256)  # behind _indicator_type's cache: 3% hits with 4096 entries
def _type_from_name(name: str, t: Tables) -> str:
    name = fold(name)
    for kind, cues in t.types:
        if any(c in name for c in cues):
            return kind
    return "other"


def indicator_type(ind: Indicator, t: Tables | None = None) -> IndicatorType:
    """Type and unit family of one indicator row (cells first, then what the name implies)."""
    return _indicator_type(ind.name, ind.level2, ind.target.unit or ind.actual.unit,
                           ind.target.op == "qual" or (ind.target.value is None and ind.actual.value is None),
                           t or _builtin())


@lru_cache(maxsize=4096)  # realistic batches: as many hits as with 8192 (4,079 distinct rows in 3,000 forms)
def _indicator_type(name: str, level2: str | None, unit: str | None, qualitative: bool, t: Tables) -> IndicatorType:
    """The answer from the only fields it depends on; cached: the checks and the NLP pass ask it of
    every row several times per form (IndicatorType is frozen, so the shared object is safe)."""
    kind = type_from_name(name, t)
    if kind == "other" and level2:
        level2 = fold(level2)
        if "满意" in level2:
            kind = "satisfaction"
        elif "时效" in level2:
            kind = "timeliness"
        elif "成本" in level2:
            kind = "cost"
    family = unit_family(unit, t)
    if family is None and kind in ("satisfaction", "rate", "growth"):
        family = "pct"
    if family is None and kind == "cost":
        family = "money"
    return IndicatorType(kind, family, qualitative)
