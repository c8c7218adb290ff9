"""A whole table on one space-separated line: multi-word cells stick to names, units written as words.

The column header and every row of the indicator table run on one line, cells separated by single
spaces (empty cells vanish); some multi-character cells carry a space inside (a reason, a category
label, a name), so a space no longer tells one cell from the next; "%" may be written as the word
百分比. In a third of the cases the whole form is that one line.
"""

from __future__ import annotations

import random
import re

from ..generator import SynthForm
from .sheet import print_sheet, sheet_of
from .truth import Rendered, truth_of

_PERCENT = re.compile(r"\(?%\)?")


def split_word(text: str, rng: random.Random) -> str:
    """A space inside a cell of several characters."""
    if len(text) < 4:
        return text
    at = rng.randint(2, len(text) - 2)
    return text[:at] + " " + text[at:]


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    sheet = sheet_of(synth, rng)
    variants = ["table_line"]
    words = rng.random() < 0.5
    for row in sheet.table.rows:
        for role in ("reason", "level2", "name"):
            if row.get(role) and rng.random() < (0.5 if role != "name" else 0.2):
                row[role] = split_word(row[role], rng)
        if words:
            for role in ("target", "actual"):
                row[role] = _PERCENT.sub(" 百分比", row.get(role, ""))
    if words:
        variants.append("unit_words")
    cells = [c for r in sheet.table.matrix() for c in r if c]
    table = " ".join(cells)
    text = print_sheet(sheet, " ", {"table": table})
    if rng.random() < 0.33:
        text = " ".join(x for x in text.split("\n") if x.strip()) + "\n"
        variants.append("whole_form")
    return Rendered(text, [truth_of(synth.form)], "+".join(variants))
