"""A flattened two-level header: 年度指标值 over 指标性质 / 指标值 / 度量单位, rows with split target cells.

Each row prints the target in three cells (comparator or 定性, value, unit). The header is printed as
its two rows (the parent's sub-cells empty), as the parent followed by its children on one line, as
the children only, or as joined names ("年度指标值-指标值"); the 实际完成值 may be split the same way.
"""

from __future__ import annotations

import random
import re

from ..generator import SynthForm
from ..render.common import split_target
from .sheet import SEPARATORS, line, print_sheet, sheet_of
from .truth import Rendered, truth_of

CHILDREN = {"nature": "指标性质", "value": "指标值", "unit": "度量单位"}
_VALUE_UNIT = re.compile(r"^(\d+(?:\.\d+)?)\(?([^\d()]*)\)?$")


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    sheet = sheet_of(synth, rng)
    table = sheet.table
    split_actual = rng.random() < 0.3
    at = table.roles.index("target")
    table.roles[at : at + 1] = ["nature", "value", "unit"]
    if split_actual:
        a = table.roles.index("actual")
        table.roles[a : a + 1] = ["actual", "actual_unit"]
    for ind, row in zip(synth.form.indicators, table.rows, strict=True):
        row["nature"], row["value"], row["unit"] = split_target(ind, synth.style)
        m = _VALUE_UNIT.match(row.get("actual", ""))
        if split_actual and m:
            row["actual"], row["actual_unit"] = m.group(1), m.group(2)
    parent = table.head.pop("target")
    style = rng.choice(["two_rows", "parent_then_children", "children_only", "joined"])
    top, sub = [], []
    for role in table.roles:
        if role in CHILDREN:
            top.append(parent if role == "nature" else "")
            sub.append(CHILDREN[role])
        elif role == "actual_unit":
            top.append("")
            sub.append("度量单位")
        else:
            top.append(table.head.get(role, ""))
            sub.append("完成值" if role == "actual" and split_actual else "")
    sep = SEPARATORS[rng.choice(["tab", "pipe", "space"])]
    if style == "two_rows":
        head = [line(top, sep), line(sub, sep)]
    elif style == "parent_then_children":
        head = [line([c for c in top if c] + [c for c in sub if c], sep)]
    elif style == "children_only":
        head = [line([s or t for t, s in zip(top, sub, strict=True)], sep)]
    else:  # an xlsx export that joined the two header rows into one name per column
        owner = {r: parent if r in CHILDREN else table.head.get("actual", "") for r in table.roles}
        head = [line([f"{owner[r]}-{s}" if s else t for r, t, s in zip(table.roles, top, sub, strict=True)], sep)]
    body = [line(table.cells(r), sep) for r in table.rows]
    text = print_sheet(sheet, sep, {"table": "\n".join(head + body)})
    return Rendered(text, [truth_of(synth.form)], style + ("+split_actual" if split_actual else ""))
