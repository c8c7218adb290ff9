"""PDF/xlsx column interleaving: names detached from their values, units wrapped, scoring prose mixed in.

Variants (at least one per case):
- detached: a run of rows printed as the run of their names (with their category cells) followed by
  the run of their value tuples, one tuple a line or all on one line (an xlsx dump read column by
  column, a PDF whose name column was extracted before the value columns);
- unit_split: a value and its unit on different lines (a narrow cell wrapped: "≥266" / "米",
  "90.00" / "(%)");
- rule_prose: a 得分计算方法 column of scoring-rule prose (merged down the table or on every row),
  rule sentences after the funds row and between the blocks of the table.
"""

from __future__ import annotations

import random
import re

from ..generator import SynthForm
from .sheet import Grid, Sheet, line, print_matrix, print_sheet, sheet_of
from .truth import Rendered, truth_of

VALUE_ROLES = ("target", "actual", "weight", "score", "reason", "rule")
# a number (with comparator) then its unit: the unit is what a narrow cell wraps onto the next line
_VALUE_UNIT = re.compile(r"^(.*\d)(\(?[^\d()]{1,4}\)?)$")
RULES = (
    "实际值不低于目标值记满分;低于目标值的,按B/A(反向指标A/B)乘以分值计分。",
    "全部完成得满分,每降低10%扣1分,扣完为止。",
    "正向指标得分=分值×实际完成值/目标值,反向指标得分=分值×目标值/实际完成值。",
    "达成年度指标得满分,部分达成按完成比例计分,未达成不得分。",
    "定性指标分三档:达成100%、部分达成80%-50%、未达成50%-0。",
    "按时完成得满分,每延期1个月扣0.5分。",
)
FUNDS_RULES = ("以执行率乘以本项分值计分,得分以本项分值为限。", "预算执行率得分=执行率×10分,超过100%按100%计。")


def detach(table: Grid, rng: random.Random, sep: str) -> str:
    """The table with a run of rows printed names first, then their value tuples."""
    n = len(table.rows)
    if n >= 3 and rng.random() < 0.6:
        start = rng.randrange(0, n - 1)
        end = rng.randint(start + 2, n)
    else:
        start, end = 0, n
    name_roles = [r for r in table.roles if r not in VALUE_ROLES]
    value_roles = [r for r in table.roles if r in VALUE_ROLES]
    before = [table.header_cells(), *(table.cells(r) for r in table.rows[:start])]
    names = [[row.get(r, "") for r in name_roles] for row in table.rows[start:end]]
    values = [[row.get(r, "") for r in value_roles] for row in table.rows[start:end]]
    if rng.random() < 0.3:
        values = [[c for v in values for c in v]]  # every tuple on one line
    after = [table.cells(r) for r in table.rows[end:]]
    return "\n".join(x for x in (print_matrix(before, sep), print_matrix(names, sep), print_matrix(values, sep),
                                 print_matrix(after, sep)) if x)


def split_units(table: Grid, rng: random.Random) -> bool:
    done = False
    for row in table.rows:
        for role in ("target", "actual"):
            m = _VALUE_UNIT.match(row.get(role, ""))
            if m and rng.random() < 0.6:
                row[role] = f"{m.group(1)}\n{m.group(2)}"
                done = True
    return done


def add_rules(sheet: Sheet, rng: random.Random) -> None:
    table = sheet.table
    at = table.roles.index("score") if rng.random() < 0.5 else len(table.roles) - 1
    table.roles.insert(at, "rule")
    table.head["rule"] = "得分计算方法"
    merged = rng.random() < 0.5
    for i, row in enumerate(table.rows):
        row["rule"] = rng.choice(RULES) if (not merged or i == len(table.rows) // 2) else ""
    if sheet.funds.rows:
        sheet.funds.roles.append("rule")
        sheet.funds.head["rule"] = "得分计算方法"
        sheet.funds.rows[0]["rule"] = rng.choice(FUNDS_RULES)


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    sheet = sheet_of(synth, rng)
    sep = rng.choice([" ", "\t", "\n"])
    picks = [v for v in ("detached", "unit_split", "rule_prose") if rng.random() < 0.5] or [rng.choice(
        ["detached", "unit_split", "rule_prose"])]
    if "rule_prose" in picks:
        add_rules(sheet, rng)
    if "unit_split" in picks and not split_units(sheet.table, rng):
        picks.remove("unit_split")
        picks = picks or ["detached"]  # no cell with a unit: detach instead
    override = {}
    if "detached" in picks:
        override["table"] = detach(sheet.table, rng, sep)
    elif "rule_prose" in picks and rng.random() < 0.5:
        rows = [line(c, sep) for c in sheet.table.matrix()]
        rows.insert(rng.randint(2, len(rows)), rng.choice(RULES))
        override["table"] = "\n".join(r for r in rows if r.strip())
    text = print_sheet(sheet, sep, override)
    return Rendered(text, [truth_of(synth.form)], "+".join(picks))
