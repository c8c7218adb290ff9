"""Cells fused with no separators (OCR, docx/xlsx text dumps): numbers merge, vertical labels scatter.

Variants (``rows`` always, the others drawn per case):
- rows: every row of cells printed with nothing between the cells, so neighbouring numbers merge
  ("1010" = weight then score, "10≥266米" = weight then target);
- vertical: a category label printed vertically in a merged cell comes out one or two characters per
  row, in order or scrambled, glued to the next cell of each row of its block;
- garbled_head: column-header names with OCR look-alike characters;
- digits: the extractor drops the integer digits of the funds amounts (".17") and of a decimal value
  cell or two ("≥.00(座)"): those values are UNREADABLE (the rows must still be found by name);
- page: the whole form runs together, cut into a few long lines at arbitrary places ("2、" page
  markers of doc-sharing previews).
"""

from __future__ import annotations

import random
import re

from ..generator import SynthForm
from .ocr import look_alike
from .sheet import Grid, print_sheet, sheet_of
from .truth import UNREADABLE, Rendered, TruthForm, truth_of

_CJK = re.compile(r"[\u4e00-\u9fff]")
_AMOUNT = re.compile(r"^(\d+)(\.\d+)$")
_DECIMAL = re.compile(r"\d+(\.\d+)")


def spread_vertically(table: Grid, role: str, rng: random.Random) -> None:
    """Print each label of ``role`` down its block: its characters shared out over the block's rows."""
    starts = [i for i, row in enumerate(table.rows) if row.get(role)]
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(table.rows)
        chars = list(table.rows[start][role])
        if rng.random() < 0.5:
            rng.shuffle(chars)
        size = end - start
        per = max(1, -(-len(chars) // size))
        for j in range(size):
            chunk = chars[j * per : (j + 1) * per] if j < size - 1 else chars[j * per :]
            table.rows[start + j][role] = "".join(chunk)


def garble_head(table: Grid, rng: random.Random) -> None:
    for role in table.roles:
        if rng.random() < 0.6:
            table.head[role] = look_alike(table.head.get(role, ""), rng)


def strip_digits(funds: Grid, truth: TruthForm) -> bool:
    """Drop the integer part of every amount of the funds block; the total's become UNREADABLE."""
    damaged = False
    for i, row in enumerate(funds.rows):
        for role, key in (("initial", "budget_initial"), ("full", "budget_full_year"), ("executed", "executed")):
            m = _AMOUNT.match(row.get(role, ""))
            if not m:
                continue
            row[role] = m.group(2)
            if i == 0 and truth.funds.get(key) is not None:
                truth.funds[key] = UNREADABLE
                truth.funds_misread[key] = float("0" + m.group(2))
                damaged = True
    return damaged


def strip_cell_digits(table: Grid, truth: TruthForm, rng: random.Random) -> None:
    """Drop the integer digits of one or two decimal target/actual cells; those values become UNREADABLE."""
    cells = [(i, role) for i, row in enumerate(table.rows) for role in ("target", "actual")
             if _DECIMAL.search(row.get(role, "")) and truth.rows[i].value(role) is not None]
    for i, role in rng.sample(cells, min(len(cells), rng.randint(1, 2))):
        m = _DECIMAL.search(table.rows[i][role])
        table.rows[i][role] = table.rows[i][role][: m.start()] + m.group(1) + table.rows[i][role][m.end() :]
        setattr(truth.rows[i], role, UNREADABLE)
        truth.rows[i].misread[role] = float("0" + m.group(1))


def run_together(text: str, rng: random.Random) -> str:
    """The lines joined and cut again every few hundred characters, between two CJK characters."""
    flat = text.replace("\n", "")
    out, pos, page = [], 0, 1
    while pos < len(flat):
        cut = pos + rng.randint(250, 700)
        while cut < len(flat) and not (_CJK.match(flat[cut - 1]) and _CJK.match(flat[cut])):
            cut += 1
        marker = f"{page}、" if rng.random() < 0.6 else ""
        out.append(marker + flat[pos:cut])
        pos, page = cut, page + 1
    return "\n".join(out) + "\n"


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    sheet = sheet_of(synth, rng)
    truth = truth_of(synth.form)
    variants = ["rows"]
    if rng.random() < 0.4:
        spread_vertically(sheet.table, "level1", rng)
        if rng.random() < 0.5:
            spread_vertically(sheet.table, "level2", rng)
        variants.append("vertical")
    if rng.random() < 0.3:
        garble_head(sheet.table, rng)
        variants.append("garbled_head")
    if sheet.kind != "declaration" and rng.random() < 0.25 and strip_digits(sheet.funds, truth):
        strip_cell_digits(sheet.table, truth, rng)
        variants.append("digits")
    text = print_sheet(sheet, "")
    if rng.random() < 0.4:
        text = run_together(text, rng)
        variants.append("page")
    return Rendered(text, [truth], "+".join(variants))
