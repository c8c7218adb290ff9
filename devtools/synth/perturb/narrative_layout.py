"""Goal and actual narratives laid out as real extraction leaves them: side by side, interleaved line by
line, under a bare 完成情况 label, or separated from their labels by padding rows.

Variants (one per case):
- side_by_side: both cells wrapped to a column width and printed on the same lines, joined by spaces or
  by nothing (a PDF whose two columns were read across);
- interleaved: the wrapped lines of the two cells alternate, one per line;
- bare_label: the labels are a bare 目标 / 完成情况 (or 绩效目标 / 完成情况), each text beside its label;
- padding: the label row, then empty padding rows, then the texts;
- named: a heading and two labels as counties name them, which a lexicon may half know or lack
  (绩效目标 / 计划目标 / 实际执行情况…), side by side, each label on the line before its text, or before a colon.
"""

from __future__ import annotations

import random

from ..generator import SynthForm
from ..render.common import wrap
from .sheet import SEPARATORS, line, print_sheet, sheet_of
from .truth import Rendered, truth_of

LABELS = (("预期目标", "实际完成情况"), ("年初设定目标", "全年完成情况"), ("年度目标", "完成情况"))
BARE = (("目标", "完成情况"), ("绩效目标", "完成情况"), ("目标", "执行情况"))
HEADINGS = ("绩效目标", "项目绩效目标", "年度绩效目标", "总体目标", "年度总体目标")
GOAL_NAMES = ("计划目标", "目标", "年度目标", "绩效目标", "预期目标")
ACTUAL_NAMES = ("完成情况", "执行情况", "实际执行情况", "年终完成情况", "实际完成")


def columns(goal: str, actual: str, width: int, gap: str, alternate: bool) -> list[str]:
    a, b = wrap(goal, width), wrap(actual, width)
    out = []
    for i in range(max(len(a), len(b))):
        left = a[i] if i < len(a) else ""
        right = b[i] if i < len(b) else ""
        if alternate:
            out += [x for x in (left, right) if x]
        else:
            out.append(left + (gap if left and right else "") + right)
    return out


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    sheet = sheet_of(synth, rng)
    goal, actual = sheet.narr_texts
    key = rng.choice(["tab", "pipe", "space", "cell"])
    sep = SEPARATORS[key]
    variant = rng.choice(["side_by_side", "interleaved", "bare_label", "padding", "named"])
    head = ["年度总体目标", *rng.choice(LABELS)]
    if variant in ("side_by_side", "interleaved"):
        width = rng.randint(12, 24)
        body = columns(goal, actual, width, rng.choice(["", "  ", "    "]), variant == "interleaved")
        block = "\n".join([line(head, sep), *body])
    elif variant == "bare_label":
        g, a = rng.choice(BARE)
        block = "\n".join([line(["年度总体目标"], sep), line([g, goal], sep), line([a, actual], sep)])
    elif variant == "named":
        h, g, a = rng.choice(HEADINGS), rng.choice(GOAL_NAMES), rng.choice(ACTUAL_NAMES)
        shape = rng.choice(["cells", "lines", "colon"])
        if shape == "cells":
            block = "\n".join([line([h, g, a], sep), line(["", goal, actual], sep)])
        elif shape == "lines":
            block = "\n".join([h, g, goal, a, actual])
        else:
            block = "\n".join([h, f"{g}：{goal}", f"{a}：{actual}"])
    else:
        pad = {"tab": "\t\t\t", "pipe": "| | | |", "space": "", "cell": "|"}[key]
        texts = [line(["", goal, actual], sep)] if rng.random() < 0.5 else [line([goal], sep), line([actual], sep)]
        block = "\n".join([line(head, sep), *([pad] * rng.randint(2, 4)), *texts])
    text = print_sheet(sheet, sep, {"narratives": block})
    return Rendered(text, [truth_of(synth.form)], variant)
