"""Tables without their header: an excerpt that starts mid-table, a table continued on the next page.

Variants:
- mid_table: the text starts at a row inside the table (a later page of a longer document); the
  truth is the fragment: its rows and values, no project, funds or narratives;
- continuation: the table breaks across pages: a page footer/header, then the rest of its rows with
  no column header, then the totals; still one form;
- no_header_row: the column-header row is missing, the rest of the form is whole.
When the case holds a second form it follows complete, so a fragment must be read and not be glued
to the form after it.
"""

from __future__ import annotations

import random

from ..generator import SynthForm
from .sheet import SEPARATORS, print_matrix, print_sheet, sheet_of
from .truth import Rendered, TruthForm, truth_of

PAGE_BREAKS = ("- {n} -", "第{n}页 共{m}页", "第 {n} 页,共 {m} 页", "{n}/{m}", "— {n} —", "\f")


def page_break(rng: random.Random, n: int) -> str:
    return rng.choice(PAGE_BREAKS).format(n=n, m=n + 1)


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    first, rest = synths[0], synths[1:]
    sep = SEPARATORS[rng.choice(list(SEPARATORS))]
    sheet = sheet_of(first, rng)
    truth = truth_of(first.form)
    body = sheet.table.matrix(with_head=False)
    n = len(body)
    variant = rng.choice(["mid_table", "continuation", "no_header_row"])
    if variant == "mid_table":
        k = rng.randint(1, max(1, n - 2))
        lines = [page_break(rng, rng.randint(2, 5))] if rng.random() < 0.6 else []
        text = "\n".join([*lines, print_matrix(body[k:] + sheet.tail, sep)]) + "\n"
        truth = TruthForm(project=None, kind=truth.kind, rows=truth.rows[k:])
    elif variant == "continuation":
        k = rng.randint(2, max(2, n - 2))
        top = print_matrix([sheet.table.header_cells(), *body[:k]], sep)
        bottom = print_matrix(body[k:], sep)
        table = "\n".join([top, page_break(rng, 1), sheet.title[0] if rng.random() < 0.3 else "", bottom])
        text = print_sheet(sheet, sep, {"table": table})
    else:
        text = print_sheet(sheet, sep, {"table": print_matrix(body, sep)})
    truths = [truth]
    for other in rest:
        text += "\n" + print_sheet(sheet_of(other, rng), sep)
        truths.append(truth_of(other.form))
    return Rendered(text, truths, variant + ("+next_form" if rest else ""))
