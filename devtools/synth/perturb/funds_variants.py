"""Funds-block variants: amount + 万 + breakdown in one cell, "label: amount" lines, unknown sub-rows.

Variants (one per case):
- one_cell: the full-year budget cell holds the amount, 万 and its breakdown
  ("155.17万(其中:财政拨款144万,上年结转11.17万)");
- label_amount: no funds table: one "label: amount" statement per figure, a line each or joined by ";";
- sub_rows: the part rows carry unknown labels (省级专项资金, 县级自筹资金…) whose amounts add up to the
  total, and the total row itself may be called 资金总额 / 总计 or be a 合计 printed last.
The truth is the total row of the generated form.
"""

from __future__ import annotations

import random

from ..cells import money_text, score_text
from ..generator import SynthForm
from .sheet import SEPARATORS, Sheet, print_sheet, sheet_of
from .truth import Rendered, truth_of

SUB_ROWS = ("省级专项资金", "市级配套资金", "县级自筹资金", "上级转移支付资金", "社会捐赠资金", "其中:中央直达资金",
            "其中:债券资金", "部门自有资金")
TOTAL_LABELS = ("资金总额", "总计", "年度资金总额", "合计")
STATEMENTS = (("initial", "年初预算数"), ("full", "全年预算数"), ("executed", "全年执行数"), ("weight", "分值"),
              ("rate", "执行率"), ("score", "得分"))


def one_cell(sheet: Sheet, synth: SynthForm) -> None:
    style = synth.style
    total = sheet.funds.rows[0]
    parts = [f"{f.label.replace('其中:', '')}{money_text(f.budget_full_year, style)}万" for f in synth.form.funds[1:]
             if f.budget_full_year]
    breakdown = f"(其中:{','.join(parts)})" if parts else ""
    total["full"] = f"{total['full']}万{breakdown}"
    sheet.funds.rows[1:] = []


def label_amount(sheet: Sheet, rng: random.Random) -> str:
    total = sheet.funds.rows[0]
    unit = rng.choice(["万元", ""])
    items = [f"{label}:{total[role]}{unit if role in ('initial', 'full', 'executed') else ''}"
             for role, label in STATEMENTS if total.get(role)]
    head = "项目资金情况(万元)" if not unit else "项目资金情况"
    return head + "\n" + (";".join(items) + "。" if rng.random() < 0.4 else "\n".join(items))


def sub_rows(sheet: Sheet, synth: SynthForm, rng: random.Random) -> None:
    style, funds = synth.style, sheet.funds
    f = synth.form.funds[0]
    labels = rng.sample(SUB_ROWS, rng.randint(2, 3))
    shares = [rng.uniform(0.2, 1.0) for _ in labels]
    rows = []
    for label, share in zip(labels, shares, strict=True):
        row = {"label": label}
        for role, amount in (("initial", f.budget_initial), ("full", f.budget_full_year), ("executed", f.executed)):
            if amount is not None and role in funds.roles:
                row[role] = money_text(round(amount * share / sum(shares), 2), style) if amount else score_text(0.0, style)
        rows.append(row)
    total = dict(funds.rows[0], label=rng.choice(TOTAL_LABELS))
    funds.rows[:] = [*rows, total] if total["label"] == "合计" else [total, *rows]


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    sheet = sheet_of(synth, rng)
    variant = rng.choice(["one_cell", "label_amount", "sub_rows"])
    override = {}
    if variant == "one_cell":
        one_cell(sheet, synth)
    elif variant == "label_amount":
        override["funds"] = label_amount(sheet, rng)
    else:
        sub_rows(sheet, synth, rng)
    text = print_sheet(sheet, SEPARATORS[rng.choice(list(SEPARATORS))], override)
    return Rendered(text, [truth_of(synth.form)], variant)
