"""Re-attach indicators to their true 一级/二级指标 when the merged-cell labels slid (seed 003).

Why: PDF/Word extraction prints the label of a merged cell on the middle row of the block it spans,
so reading categories "in place" puts 及时率 rows under 质量指标 and 满意度 rows under 时效指标. When
most rows of a form contradict the cue in their own name, the labels are displaced, not the rows:
each row gets the category its name implies (lexicon ``name_cues``), rows without a cue take the
category of the row before. Forms whose labels mostly agree are left as read, so a genuinely
misplaced indicator can still be reported (G003).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Indicator
from .lexicon import lex

# the canonical category labels (an alias list would bring in 项目/完成/读者..., which start names)
_CORE_LABELS = ("产出指标", "效益指标", "满意度指标", "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标",
                "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标")


@lru_cache(maxsize=1)
def _label_chars() -> tuple[frozenset[str], frozenset[str]]:
    chars = frozenset(ch for k in _CORE_LABELS for ch in k)
    bigrams = frozenset(k[i : i + 2] for k in _CORE_LABELS for i in range(len(k) - 1))
    return chars, bigrams


def scrambled_label_head(key: str) -> int:
    """Length of the head of a name cell made of the characters of a category label printed vertically
    and read out of order (PDF/OCR: "指服务标意度对满象" + "受益群众满意度", "标标质指量" + "资金使用合规率"),
    0 when there is none. Scrambled: some pair of neighbouring characters occurs in no label, and the
    head holds 指 or 标 (labels end in 指标); a head in reading order ("社会效益指标完成率") is left alone,
    and so is a cell whose rest would be under three characters."""
    chars, bigrams = _label_chars()
    n = 0
    while n < len(key) and key[n] in chars:
        n += 1
    if n < 2 or len(key) - n < 3:
        return 0
    head = key[:n]
    if "指" not in head and "标" not in head:
        return 0
    if all(head[i : i + 2] in bigrams for i in range(n - 1)):
        return 0
    return n


_WEIGHT_MARKS = re.compile(r"[\d()（）分.]")


def is_scrambled_label(key: str) -> bool:
    """A whole cell made of a category label printed vertically and read out of order, its block weight
    scattered through it ("益分)标效指0(" for 效益指标(30分)): three or more label characters, 指 or 标 among
    them, some neighbouring pair that occurs in no label."""
    if "指" not in key and "标" not in key:
        return False  # (asked first: most cells hold neither, and the weight marks need not be taken out)
    chars, bigrams = _label_chars()
    core = _WEIGHT_MARKS.sub("", key)
    if len(core) < 3 or any(ch not in chars for ch in core) or ("指" not in core and "标" not in core):
        return False
    return not all(core[i : i + 2] in bigrams for i in range(len(core) - 1))


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
