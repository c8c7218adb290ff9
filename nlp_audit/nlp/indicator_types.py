"""What an indicator measures, read from its name, category and cells: type and unit family.

Why: similarity alone cannot tell 服务站建设完成数量 from 服务站建设完成时间 (research §3, lexical
distractors); the type (satisfaction / timeliness / cost / growth / rate / count / qualitative) and
the unit family decide which claims an indicator can support at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..model import Indicator
from .fold import fold
from .lexicon import load_lexicon, unit_family


@dataclass(frozen=True, slots=True)
class IndicatorType:
    kind: str  # satisfaction | timeliness | cost | growth | rate | count | other
    family: str | None  # unit family of its values (pct, person, item, money ...), None if unknown
    qualitative: bool  # target is a word (提升, 及时, 健全), no number to compare


@lru_cache(maxsize=4096)
def type_from_name(name: str) -> str:
    """'党员群众满意度' -> 'satisfaction'; '服务站建设完成数量' -> 'count' (first lexicon match)."""
    name = fold(name)
    for kind, cues in load_lexicon().indicator_types:
        if any(c in name for c in cues):
            return kind
    return "other"


def indicator_type(ind: Indicator) -> IndicatorType:
    """Type and unit family of one indicator row (cells first, then what the name implies)."""
    kind = type_from_name(ind.name)
    if kind == "other" and ind.level2:
        level2 = fold(ind.level2)
        if "满意" in level2:
            kind = "satisfaction"
        elif "时效" in level2:
            kind = "timeliness"
        elif "成本" in level2:
            kind = "cost"
    unit = ind.target.unit or ind.actual.unit
    family = unit_family(unit)
    if family is None and kind in ("satisfaction", "rate", "growth"):
        family = "pct"
    if family is None and kind == "cost":
        family = "money"
    qualitative = ind.target.op == "qual" or (ind.target.value is None and ind.actual.value is None)
    return IndicatorType(kind, family, qualitative)
