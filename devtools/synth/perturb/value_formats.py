"""Value formats: weights printed as %, thousands separators, spaces inside numbers, "150万" in a cell.

Variants (at least one per case):
- weight_pct: every 分值 printed as a percentage ("10%"; the weight is still 10 points);
- thousands: numbers of 1,000 and more in targets, actuals and funds with "," separators;
- spaced_digits: a space inside numbers ("1 234", "98. 5"), as PDF kerning prints them;
- wan: funds amounts written with 万 in the cell ("155.17万"), money targets "≤156万".
The truth is unchanged: the values are the same numbers.
"""

from __future__ import annotations

import random
import re

from ..generator import SynthForm
from .sheet import SEPARATORS, print_sheet, sheet_of
from .truth import Rendered, truth_of

_NUMBER = re.compile(r"(?<![\d.])(\d{4,})(\.\d+)?(?![\d.])")
_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
_WAN_YUAN = re.compile(r"(\d)万元")
FUNDS_AMOUNTS = ("initial", "full", "executed")


def thousands(text: str) -> str:
    return _NUMBER.sub(lambda m: f"{int(m.group(1)):,}{m.group(2) or ''}", text)


def spaced(text: str, rng: random.Random) -> str:
    if _NUMBER.search(text) and rng.random() < 0.5:
        return _NUMBER.sub(lambda m: f"{int(m.group(1)):,}".replace(",", " ") + (m.group(2) or ""), text)
    return _DECIMAL.sub(lambda m: f"{m.group(1)}. {m.group(2)}", text, count=1)


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    sheet = sheet_of(synth, rng)
    options = ["weight_pct", "thousands", "spaced_digits", "wan"]
    picks = [v for v in options if rng.random() < 0.4] or [rng.choice(options)]
    if "thousands" in picks and "spaced_digits" in picks:
        picks.remove(rng.choice(["thousands", "spaced_digits"]))
    table, funds = sheet.table, sheet.funds
    for row in table.rows:
        if "weight_pct" in picks and row.get("weight"):
            row["weight"] += "%"
        for role in ("target", "actual"):
            if "thousands" in picks:
                row[role] = thousands(row.get(role, ""))
            if "spaced_digits" in picks and rng.random() < 0.5:
                row[role] = spaced(row.get(role, ""), rng)
            if "wan" in picks:
                row[role] = _WAN_YUAN.sub(r"\1万", row.get(role, ""))
    for row in funds.rows:
        for role in FUNDS_AMOUNTS:
            if not row.get(role):
                continue
            if "thousands" in picks:
                row[role] = thousands(row[role])
            if "spaced_digits" in picks and rng.random() < 0.5:
                row[role] = spaced(row[role], rng)
            if "wan" in picks:
                row[role] += "万"
    # a space inside a number is only a number's space where cells are delimited otherwise
    seps = ["tab", "pipe", "cell"] if "spaced_digits" in picks else list(SEPARATORS)
    text = print_sheet(sheet, SEPARATORS[rng.choice(seps)])
    return Rendered(text, [truth_of(synth.form)], "+".join(picks))
