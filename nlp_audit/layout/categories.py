"""Re-attach indicators to their true 一级/二级指标 when the merged-cell labels slid (seed 003).

Why: PDF/Word extraction prints the label of a merged cell on the middle row of the block it spans,
so reading categories "in place" puts 及时率 rows under 质量指标 and 满意度 rows under 时效指标. When
most rows of a form contradict the cue in their own name, the labels are displaced, not the rows:
each row gets the category its name implies (lexicon ``name_cues``), rows without a cue take the
category of the row before. Forms whose labels mostly agree are left as read, so a genuinely
misplaced indicator can still be reported (G003).
"""

from __future__ import annotations

from ..model import Indicator
from .lexicon import lex


def cue_of(name: str) -> str | None:
    key = lex().fold_key(name)
    for cue, l2 in lex().name_cues:
        if cue in key:
            return l2
    return None


def _l1_of(l2: str) -> str | None:
    hit = lex().level2.get(l2)
    return hit[1] if hit else None


def reattach(inds: list[Indicator], min_rows: int = 5, ratio: float = 0.4) -> bool:
    """Fix categories in place when the labels are displaced; returns True if it did."""
    cues = [cue_of(i.name) for i in inds]
    judged = [(i, c) for i, c in zip(inds, cues, strict=False) if c is not None and i.level2 is not None]
    if len(judged) < min_rows:
        return False
    wrong = sum(1 for i, c in judged if i.level2 != c)
    if wrong / len(judged) < ratio:
        return False
    prev: str | None = None
    for ind, cue in zip(inds, cues, strict=False):
        l2 = cue or prev
        if l2 is None:
            continue
        if ind.level2 != l2:
            ind.category_inferred = True
        ind.level2 = l2
        ind.level1 = _l1_of(l2) or ind.level1
        prev = l2
    return True
