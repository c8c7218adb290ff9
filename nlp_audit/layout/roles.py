"""How well a cell of each content class fits each role of a table row (hand-weighted log-odds).

Why hand-weighted: the weights encode what every performance form shares (a comparator marks a
target, a bare small number is a weight or a score, a unit alone fills a 度量单位 column, a sentence
with 原因/措施 is a reason); they were set from the forms' structure, not fitted to a file, and the
perturbation suite (``scripts/eval_perturb.py``) measures them on layouts the parser was not tuned
on. Cross-row constraints (score <= weight, block weight sums, units) are applied by ``decode.py``.

Roles: L1/L2 category labels, NAME (first name cell), NAMEC (a wrapped name's next cell), SKIP (a
header, a block marker or a blank between rows), and the value roles of a column order.
"""

from __future__ import annotations

from .celltypes import (
    BIG,
    CAT1,
    CAT2,
    DASH,
    DATE,
    EMPTY,
    FRAG,
    GARBLED,
    HDR,
    NAME,
    OP,
    OPQ,
    PCT,
    PLACE,
    PROJ,
    PROSE,
    QTY,
    QUAL,
    REASON,
    RULE,
    SECT,
    SMALL,
    UNIT,
)

NAME_MEASURE = "NAME_MEASURE"  # a NAME cell ending in what an indicator measures (decode-time refinement)
# a category label that is also a measure ("服务对象满意度": the 二级 label of some templates, the 三级 name of
# others): either, as the row around it says (decode-time refinement)
CAT2_MEASURE = "CAT2_MEASURE"

VALUE_ROLES = ("target", "actual", "weight", "score", "unit", "nature", "extra", "reason")
STRUCT_ROLES = ("L1", "L2", "NAME", "NAMEC", "SKIP")

_NEG = -6.0

# class -> {role: log-odds}; roles not listed get _NEG.
_EMIT: dict[str, dict[str, float]] = {
    EMPTY: {"L1": 0.6, "L2": 0.6, "SKIP": 0.4, "target": 0.0, "actual": 0.2, "weight": 0.0, "score": 0.1,
            "unit": 0.2, "nature": 0.2, "extra": 0.3, "reason": 0.6},
    DASH: {"SKIP": 0.0, "target": 0.2, "actual": 0.4, "weight": 0.0, "score": 0.3, "unit": 0.2, "nature": 0.2,
           "extra": 0.3, "reason": 0.6, "NAME": -3.0},
    SMALL: {"weight": 2.0, "score": 2.0, "target": 0.8, "actual": 0.9, "extra": 0.3, "NAME": -3.0, "NAMEC": -2.5,
            "reason": -2.5, "SKIP": -2.0},
    BIG: {"target": 1.8, "actual": 1.8, "extra": 0.3, "weight": -2.5, "score": -2.5, "NAME": -3.0, "NAMEC": -2.5,
          "reason": -2.5, "SKIP": -2.5},
    PCT: {"target": 1.6, "actual": 1.8, "extra": 0.6, "weight": -0.3, "score": -2.0, "NAME": -3.0, "NAMEC": -2.0,
          "reason": -2.0, "SKIP": -2.5},
    OPQ: {"target": 3.0, "actual": 1.0, "extra": -0.5, "NAME": -2.5, "NAMEC": -1.5, "reason": -2.0, "SKIP": -3.0},
    QTY: {"target": 1.7, "actual": 2.0, "extra": 0.2, "NAME": -2.5, "NAMEC": -1.5, "reason": -1.5, "SKIP": -3.0},
    QUAL: {"target": 1.5, "actual": 1.8, "extra": 0.4, "reason": 0.8, "NAME": -1.0, "NAMEC": -1.0, "SKIP": -2.0},
    DATE: {"target": 1.8, "actual": 1.8, "extra": 0.2, "reason": -1.0, "NAME": -2.0, "NAMEC": -1.0, "SKIP": -2.5},
    GARBLED: {"target": 1.0, "actual": 1.0, "weight": 0.3, "score": 0.3, "extra": 0.3, "NAME": -3.0, "SKIP": -2.0},
    OP: {"nature": 3.0, "target": -0.5, "extra": 0.0, "SKIP": -2.0},
    UNIT: {"unit": 3.0, "extra": 0.0, "target": -1.5, "actual": -1.5, "NAME": -2.5, "NAMEC": 0.0, "SKIP": -1.5},
    CAT1: {"L1": 4.0, "L2": 0.5, "NAME": -1.5, "SKIP": -1.0},
    CAT2: {"L2": 4.0, "L1": 0.5, "NAME": -0.5, "SKIP": -1.0},
    CAT2_MEASURE: {"L2": 2.5, "L1": 0.3, "NAME": 1.8, "NAMEC": -0.5, "SKIP": -1.0},
    HDR: {"SKIP": 2.5, "NAME": -2.5, "NAMEC": -2.0, "extra": -2.0},
    SECT: {"SKIP": 2.0, "L1": 0.5},
    PROJ: {"SKIP": 3.0},
    FRAG: {"SKIP": 1.0, "L1": 0.3, "L2": 0.3, "NAMEC": -0.5, "NAME": -1.5, "target": -0.5, "actual": -0.3,
           "reason": -0.3},
    NAME: {"NAME": 2.0, "NAMEC": 0.6, "reason": 0.4, "target": 0.2, "actual": -0.5, "extra": 0.0, "SKIP": -2.5,
           "L2": -0.5, "L1": -1.0},  # a label the lexicon lacks (资金管理, 项目决策) names a block
    NAME_MEASURE: {"NAME": 2.2, "NAMEC": 0.1, "reason": -0.5, "target": -1.2, "actual": -1.5, "extra": -0.3,
                   "SKIP": -2.5, "L2": -1.2, "L1": -1.5},  # "立项依据充分性": a row's name, not its value
    PROSE: {"NAME": 1.2, "NAMEC": 0.4, "reason": 1.6, "target": 0.6, "actual": 0.3, "extra": 0.2, "SKIP": -2.5},
    REASON: {"reason": 3.0, "NAME": -0.8, "NAMEC": -0.5, "target": -0.5, "actual": -0.5, "extra": 0.5, "SKIP": -2.5},
    # scoring-rule prose (得分计算方法): a column only where the order has an extra one for it; otherwise the
    # decoder passes over it inside the row (decode.RULE_STAY), or between rows
    RULE: {"extra": 1.0, "SKIP": 0.0, "reason": -1.5},  # never a name or a value
    PLACE: {"NAME": 1.0, "target": 0.3, "actual": 0.3, "reason": 0.3, "SKIP": 0.5},
}


def emission(cls: str, role: str) -> float:
    return _EMIT.get(cls, {}).get(role, _NEG)


# The cost of a row leaving a column's cell out entirely (not blank: absent from the text).
SKIP_COST: dict[str, float] = {"target": -1.6, "actual": -1.4, "weight": -1.6, "score": -1.4, "unit": -0.6,
                               "nature": -0.6, "extra": -0.5, "reason": -0.15}
