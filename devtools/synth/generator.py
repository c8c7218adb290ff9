"""Synthetic performance forms: a realistic, varied ``model.Form`` (the truth) plus planted defects.

Why: the real excerpts are few and may not be copied; the parser and the checks need thousands of
forms whose every number is known. A form is built from specs (``RowSpec``: the numbers the
generator chose), optional defects are planted on the specs (``defects.py``), and only then are
the cell texts, scores, totals and narratives derived (``finalize``) - so a clean form is
consistent by construction and a planted defect is exactly what its label says.

    synth = generate_form(random.Random(7), "self_evaluation", defects=["S004", "C001"])
    synth.form        # model.Form, the truth
    synth.defects     # [PlantedDefect(rule="S004", evidence=..., indicator=...), ...]
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from nlp_audit.model import CellValue, Form, FundsRow, Indicator, Narrative

from .cells import actual_cell, money_text, rate_text, score_text, stated_rate, target_cell
from .numbers import fmt, grade_for, proportional_score, round_half_up
from .style import SELF_FAMILIES, Style, choose_style

DATA_DIR = Path(__file__).resolve().parent / "data"

LEVEL1_OF = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "社会效益指标": "效益指标",
    "经济效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "满意度指标": "满意度指标",
}
# the 二级指标 label printed for the satisfaction block
SATISFACTION_L2 = "服务对象满意度指标"


@lru_cache(maxsize=1)
def vocab() -> dict:
    """The generator's word lists (data/vocab.yaml), parsed once."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(DATA_DIR / "vocab.yaml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


@dataclass(slots=True)
class PlantedDefect:
    """One expected finding: its code, the text it is about, and the indicator row if any."""

    rule: str
    evidence: str = ""
    indicator: str | None = None
    why: str = ""
    key: tuple = ()  # where the evidence comes from, resolved once the texts exist

    def to_json(self, form_index: int) -> dict:
        d = {"form": form_index, "rule": self.rule, "evidence": self.evidence, "indicator": self.indicator}
        if self.why:
            d["why"] = self.why
        return d


@dataclass(slots=True)
class RowSpec:
    """The numbers behind one indicator row, before any text exists."""

    tpl: dict
    level2: str
    kind: str  # count | measure | rate | days | cost | qual
    op: str | None
    target: float | None
    actual: float | None
    unit: str | None
    weight: float | None = None
    qual_target: str | None = None
    qual_actual: str | None = None
    prose: str = ""
    score: float | None = None  # stated score; None = the rule's score
    reason: str | None = None  # None = row on target (style filler), "" = deliberately empty
    actual_unit: str | None = None  # differs from ``unit`` only when A001 is planted
    used: bool = False  # already carries a planted defect
    claimable: bool = True

    @property
    def name(self) -> str:
        return self.tpl["name"]

    @property
    def level1(self) -> str:
        return LEVEL1_OF.get(self.level2, "满意度指标")

    @property
    def numeric(self) -> bool:
        return self.kind != "qual" and self.target is not None

    @property
    def positive(self) -> bool:
        return self.numeric and self.op in (">=", "=")

    def rule_score(self, decimals: int) -> float | None:
        if self.weight is None:
            return None
        if not self.numeric or self.actual is None or self.qual_actual is not None:
            return self.weight
        return round_half_up(proportional_score(self.actual, self.target, self.weight, self.op), decimals)


@dataclass(slots=True)
class NarrativeSpec:
    intro: str = ""
    goal_rows: list[int] = field(default_factory=list)
    closing: str = ""
    opener: str = ""
    actual_rows: list[int] = field(default_factory=list)
    overrides: dict[int, float] = field(default_factory=dict)  # row -> value stated instead (C002)
    extra_claims: list[str] = field(default_factory=list)  # unsupported claims (C001)
    funds_sentence: bool = False
    outcome: str = ""
    restate: bool = False  # 实际完成情况 copies 预期目标 (C005)
    vague: str | None = None  # 实际完成情况 is only this sentence (C006)


@dataclass(slots=True)
class SynthForm:
    """A generated form: the truth, how it is printed, and what a checker should find."""

    form: Form
    style: Style
    defects: list[PlantedDefect] = field(default_factory=list)
    planted: list[str] = field(default_factory=list)
    sector: str = ""
    traditional: bool = False
    meta: dict = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.style.family

    def expected_codes(self) -> list[str]:
        return sorted({d.rule for d in self.defects})


class Builder:
    """Holds the specs of one form while it is generated and while defects are planted."""

    def __init__(self, rng: random.Random, kind: str, style: Style):
        self.rng = rng
        self.kind = kind
        self.style = style
        self.v = vocab()
        self.sector = rng.choice(sorted(self.v["sectors"]))
        self.sec = self.v["sectors"][self.sector]
        self.rows: list[RowSpec] = []
        self.narr = NarrativeSpec()
        self.defects: list[PlantedDefect] = []
        self.total_override: float | None = None
        self.grade_override: str | None = None
        self.funds_score_override: float | None = None
        self.rate_override: float | None = None  # stated 执行率 in percent (F001)
        self.planted_codes: set[str] = set()
        self._header()
        self._funds()
        self._rows()
        self._narrative()

    # ------------------------------------------------------------------ header and funds
    def _fill(self, template: str) -> str:
        places = self.v["places"]
        return template.format(
            county=self.county,
            district=self.district,
            town=self.rng.choice(places["towns"]),
            street=self.street,
            village=self.rng.choice(places["villages"]),
        )

    def _header(self) -> None:
        rng, places = self.rng, self.v["places"]
        self.county = rng.choice(places["counties"])
        self.district = rng.choice(places["districts"])
        self.street = rng.choice(places["streets"])
        self.year = rng.randint(2019, 2024)
        base = rng.choice(self.sec["projects"])
        r = rng.random()
        self.project = f"{self.year}年{base}" if r < 0.25 else (f"{self.county}{base}" if r < 0.45 else base)
        self.department = self._fill(rng.choice(self.sec["department"]))
        self.unit = self._fill(rng.choice(self.sec["unit"]))
        self.contact = rng.choice(places["people"])

    def _funds(self) -> None:
        rng = self.rng
        low, high = rng.choice([(3, 30), (20, 300), (200, 3000)])
        full = round(rng.uniform(low, high), 2)
        if self.style.trim_money:
            full = float(round(full)) if rng.random() < 0.6 else round(full, 1)
        self.budget = full
        self.initial = full if rng.random() < 0.5 or not self.style.has_initial else round(full * rng.uniform(0.82, 1.2), 2)
        if self.style.trim_money:
            self.initial = round(self.initial, 1)
        self.executed = full if rng.random() < 0.55 else round(full * rng.uniform(0.86, 0.995), 2)
        self.carry_share = 0.0 if rng.random() < 0.7 else rng.uniform(0.05, 0.3)

    # ------------------------------------------------------------------ indicator rows
    def _pick(self, level2: str, n: int, taken: set[str]) -> list[dict]:
        pool = list(self.sec["indicators"].get(level2, [])) + list(self.v["common"].get(level2, []))
        pool = [t for t in pool if t["name"] not in taken]
        self.rng.shuffle(pool)
        out = pool[:n]
        taken.update(t["name"] for t in out)
        return out

    def _rows(self) -> None:
        rng = self.rng
        taken: set[str] = set()
        decl = self.kind == "declaration"
        plan: list[tuple[str, int]] = [("数量指标", rng.randint(1, 3 if decl else 2)), ("质量指标", 1)]
        if rng.random() < 0.6:
            plan.append(("时效指标", 1))
        if rng.random() < 0.35 and not decl:
            plan.append(("成本指标", 1))
        benefit = ["社会效益指标"]
        for l2 in ("经济效益指标", "生态效益指标"):
            if l2 in self.sec["indicators"] and rng.random() < 0.5:
                benefit.append(l2)
        if rng.random() < 0.65:
            benefit.append("可持续影响指标")
        plan += [(b, 1) for b in benefit]
        plan.append(("满意度指标", 1))
        for level2, n in plan:
            for tpl in self._pick(level2, n, taken):
                self.rows.append(self._row(tpl, level2))
        if not decl:
            self._weights()
            if rng.random() < 0.25:
                self._honest_shortfall()

    def _honest_shortfall(self) -> None:
        """A clean form may fall short on one row: proportional score, cause and measure given."""
        cands = self.free_rows(lambda r: r.positive and r.kind in ("count", "rate") and (r.weight or 0) >= 5)
        if not cands:
            return
        r = self.rows[self.rng.choice(cands)]
        ratio = self.rng.uniform(0.8, 0.95)
        short = float(int(r.target * ratio)) if r.kind == "count" else float(round(r.target * ratio))
        if short >= r.target or r.weight - proportional_score(short, r.target, r.weight, r.op) <= 0.75:
            return  # too close to full marks to be an unambiguous deduction: keep the row on target
        r.actual = short
        r.reason = self.good_reason()
        r.used = True

    def _row(self, tpl: dict, level2: str) -> RowSpec:
        rng, kind = self.rng, tpl["kind"]
        unit = "%" if kind == "rate" else tpl.get("unit")
        if kind == "qual":
            actual_word = self.style.qual_actual_word or rng.choice(tpl["actual"])
            return RowSpec(tpl, level2, kind, "qual", None, None, None, qual_target=tpl["target"], qual_actual=actual_word)
        if kind == "rate":
            target = float(rng.choice(tpl["levels"]))
            op = tpl.get("op", "=" if target >= 100 else ">=")
            if op == "=":
                actual = target
            else:
                top = min(100.0, target * 1.25)
                actual = round(rng.uniform(target + 0.5, top), rng.choice([0, 1, 2])) if top > target + 0.5 else 100.0
                actual = max(actual, target + 0.5) if actual <= target else actual
                actual = min(actual, 100.0)
            return RowSpec(tpl, level2, kind, op, target, actual, unit, prose=self._prose(op, unit))
        if kind == "days":
            target = float(rng.randint(*tpl["range"]))
            actual = float(rng.randint(1, int(target) - 1))
            return RowSpec(tpl, level2, kind, "<=", target, actual, unit, prose=self._prose("<=", unit))
        if kind == "cost":
            target = float(math.ceil(self.budget * rng.uniform(1.0, 1.08)) + rng.choice([0, 1, 2]))
            if target <= self.executed:
                target = float(math.floor(self.executed) + 1)
            return RowSpec(tpl, level2, kind, "<=", target, self.executed, "万元", prose=self._prose("<=", "万元"))
        # count / measure: op >= with a modest over-achievement, or "=" exactly met
        low, high = tpl["range"]
        target = float(rng.randint(low, high))
        if target >= 100:
            target = float(round(target, -1 if target < 1000 else -2))
        if target < 4 or rng.random() < 0.15:
            return RowSpec(tpl, level2, kind, "=", target, target, unit)
        top = math.floor(target * 1.25)
        if kind == "measure" and rng.random() < 0.5:
            actual = round(rng.uniform(target * 1.002, target * 1.2), 2)
        else:
            actual = float(rng.randint(int(target) + 1, max(int(target) + 1, top)))
        return RowSpec(tpl, level2, kind, ">=", target, actual, unit, prose=self._prose(">=", unit))

    def _prose(self, op: str, unit: str | None) -> str:
        if op not in (">=", "<=") or unit is None or self.rng.random() >= self.style.prose:
            return ""
        if op == "<=":
            return "within" if unit == "天" else "max"
        if unit == "%":
            return "above"
        if unit == "次":
            return self.rng.choice(["min", "min_year"])
        return self.rng.choice(["min", "above"])

    def _weights(self) -> None:
        rng, fw = self.rng, self.style.funds_weight
        if fw == 20:
            split = {"产出指标": 40, "效益指标": 30, "满意度指标": 10}
        else:
            split = rng.choice([(50, 30, 10), (50, 30, 10), (45, 35, 10), (55, 25, 10)])
            split = dict(zip(("产出指标", "效益指标", "满意度指标"), split, strict=True))
        self.split = {"funds": fw, **split}
        for level1, total in split.items():
            block = [r for r in self.rows if r.level1 == level1]
            units = total // 5
            parts = [1] * len(block)
            for _ in range(units - len(block)):
                parts[rng.randrange(len(block))] += 1
            for row, p in zip(block, parts, strict=True):
                row.weight = float(p * 5)

    # ------------------------------------------------------------------ narratives
    def _narrative(self) -> None:
        rng, n = self.rng, self.narr
        n.intro = rng.choice(self.sec["intro"])
        n.outcome = rng.choice(self.sec["outcome"])
        n.opener = rng.choice(self.sec["opener"])
        claimable = [i for i, r in enumerate(self.rows) if r.numeric and "claim" in r.tpl]
        goalable = [i for i in claimable if "goal" in self.rows[i].tpl]
        rng.shuffle(goalable)
        n.goal_rows = sorted(goalable[: rng.randint(1, 3)])
        if self.kind != "declaration":
            rng.shuffle(claimable)
            n.actual_rows = sorted(set(claimable[: rng.randint(1, 3)]) | set(n.goal_rows[:1]))
            n.funds_sentence = rng.random() < 0.25

    def claim_text(self, i: int, field: str) -> str:
        r = self.rows[i]
        if field == "goal":
            v = r.target
        else:
            v = self.narr.overrides.get(i, r.actual)
        return r.tpl[field].replace("{v}", fmt(v, 2, trim=True))

    def goal_text(self) -> str:
        n, c = self.narr, self.style.comma
        parts = [self.claim_text(i, "goal") for i in n.goal_rows]
        text = n.intro + "。"
        if parts:
            text += f"{self.year}年度计划" + c.join(parts) + "。"
        return text

    def actual_text(self) -> str:
        n, c = self.narr, self.style.comma
        if n.restate:
            return n.intro + "。"
        if n.vague:
            return n.vague
        parts = [self.claim_text(i, "claim") for i in n.actual_rows if self.rows[i].claimable] + n.extra_claims
        text = n.opener + (c + c.join(parts) if parts else "") + "。"
        if n.funds_sentence:
            text += f"全年支出项目资金{money_text(self.executed, self.style)}万元。"
        return text + n.outcome + "。"

    # ------------------------------------------------------------------ helpers for planting
    def free_rows(self, pred) -> list[int]:
        return [i for i, r in enumerate(self.rows) if not r.used and pred(r)]

    def good_reason(self) -> str:
        rs = self.v["reasons"]
        return self.rng.choice(rs["causes"]) + self.style.comma + self.rng.choice(rs["measures"])

    # ------------------------------------------------------------------ the truth
    def finalize(self) -> Form:
        style = self.style
        form = Form(
            kind="declaration" if self.kind == "declaration" else "self_evaluation",
            title="财政项目支出绩效目标申报表" if self.kind == "declaration" else "财政项目支出绩效自评表",
            project=self.project,
            department=self.department,
            unit=self.unit,
            year=self.year,
            funds_unit_in_source="元" if self.kind == "declaration" else "万元",
            layout=style.family,
        )
        form.funds = self._funds_rows()
        for r in self.rows:
            form.indicators.append(self._indicator(r))
        form.goal = Narrative(self.goal_text())
        if self.kind != "declaration":
            form.actual = Narrative(self.actual_text())
            scores = [form.funds[0].score or 0.0] + [i.score or 0.0 for i in form.indicators]
            total = round_half_up(sum(scores), style.score_decimals)
            form.total_score = total if self.total_override is None else self.total_override
            form.total_weight = 100.0
            form.grade = self.grade_override or grade_for(form.total_score, self.grade_bands())
        return form

    def grade_bands(self) -> list[tuple[str, float]]:
        return [(g, float(low)) for g, low in self.v["grades"]]

    def _funds_rows(self) -> list[FundsRow]:
        style, decl = self.style, self.kind == "declaration"
        labels = style.funds_rows
        share = self.carry_share if len(labels) >= 4 and not decl else 0.0
        carry = round(self.budget * share, 2)
        # a carry-over known at the start of the year is in the initial budget too: otherwise the
        # fiscal row would move far from its own initial budget, which a clean form explains (F004)
        fiscal_moves = self.initial > 0 and abs(self.budget - carry - self.initial) / self.initial > 0.25
        cols = {
            "total": (self.initial, self.budget, self.executed),
            "carry": (carry if fiscal_moves else 0.0, carry, min(carry, round(self.executed * share, 2))),
            "other": (0.0, 0.0, 0.0),
        }
        cols["fiscal"] = tuple(round(t - c, 2) for t, c in zip(cols["total"], cols["carry"], strict=True))
        kinds = {1: ["total"], 2: ["total", "fiscal"], 3: ["total", "fiscal", "other"]}.get(
            len(labels), ["total", "fiscal", "carry", "other"]
        )
        rows: list[FundsRow] = []
        for label, kind in zip(labels, kinds, strict=True):
            a0, a1, ae = cols[kind]
            if decl:
                rows.append(FundsRow(label=label, budget_initial=round(a1, 6)))
                continue
            row = FundsRow(label=label, budget_initial=a0 if style.has_initial else None, budget_full_year=a1, executed=ae)
            rate = (ae / a1 * 100) if a1 else 0.0
            if kind == "total":
                stated = self.rate_override if self.rate_override is not None else rate
                row.rate_text = rate_text(stated, style)
                row.rate = round(stated_rate(stated, style), 4)
                row.weight = float(style.funds_weight)
                score = round_half_up(min(rate, 100.0) / 100 * style.funds_weight, style.score_decimals)
                row.score = self.funds_score_override if self.funds_score_override is not None else score
                row.score_text = score_text(row.score, style)
            elif style.family in ("tabbed", "cell_per_line", "pipe_cells"):
                row.rate_text = rate_text(rate, style)
                row.rate = round(stated_rate(rate, style), 4)
            rows.append(row)
        return rows

    def _indicator(self, r: RowSpec) -> Indicator:
        style = self.style
        if r.kind == "qual":
            target = target_cell("qual", None, None, style, qual=r.qual_target)
        else:
            target = target_cell(r.op or "=", r.target, r.unit, style, prose=r.prose)
        ind = Indicator(name=r.name, level1=r.level1, level2=r.level2 if r.level1 != "满意度指标" else SATISFACTION_L2, target=target)
        if self.kind == "declaration":
            ind.actual = CellValue()
            return ind
        if r.qual_actual is not None:
            ind.actual = actual_cell(None, None, style, qual=r.qual_actual)
        else:
            ind.actual = actual_cell(r.actual, r.actual_unit or r.unit, style)
        ind.weight = r.weight
        ind.score = r.score if r.score is not None else r.rule_score(style.score_decimals)
        ind.weight_text = score_text(ind.weight, style)
        ind.score_text = score_text(ind.score, style)
        # "" = deliberately empty (a planted D001); None = the form's usual filler for rows on target
        ind.reason = None if r.reason == "" else (r.reason if r.reason is not None else (style.reason_default or None))
        return ind


def _resolve(d: PlantedDefect, b: Builder, form: Form) -> None:
    """Turn a defect's evidence key into the exact text the form prints."""
    if d.evidence or not d.key:
        return
    what, *rest = d.key
    if what in ("name", "reason", "target", "actual"):
        ind = form.indicators[rest[0]]
        d.evidence = {"name": ind.name, "reason": ind.reason or "", "target": ind.target.text, "actual": ind.actual.text}[what]
    elif what == "claim":
        d.evidence = b.claim_text(rest[0], rest[1])
    elif what == "rate":
        d.evidence = form.funds[0].rate_text or ""
    elif what == "initial":
        d.evidence = money_text(form.funds[0].budget_initial, b.style)
    elif what == "total":
        d.evidence = score_text(form.total_score, b.style)
    elif what == "grade":
        d.evidence = form.grade or ""
    elif what == "actual_narr":
        d.evidence = form.actual.text[: rest[0]]


def generate_form(
    rng: random.Random,
    kind: str = "self_evaluation",
    defects: Iterable[str] = (),
    family: str | None = None,
) -> SynthForm:
    """A realistic synthetic form of ``kind`` in a layout ``family``, with ``defects`` planted.

    Defect codes that cannot be planted on this particular form (no suitable row, or a conflict
    with another requested defect) are skipped; ``SynthForm.planted`` lists those that were.
    """
    from .defects import plant

    if kind not in ("self_evaluation", "declaration"):
        raise ValueError(f"kind must be self_evaluation or declaration, not {kind!r}")
    if kind == "declaration":
        family = "declaration"
    elif family is None:
        family = rng.choice(SELF_FAMILIES)
    elif family == "declaration":
        raise ValueError("the declaration layout prints declarations only")
    style = choose_style(rng, family)
    b = Builder(rng, kind, style)
    planted = [code for code in _ordered(defects) if plant(b, code)]
    form = b.finalize()
    for d in b.defects:
        _resolve(d, b, form)
    meta = {"sector": b.sector}
    if kind != "declaration":
        meta["split"] = dict(b.split)
    return SynthForm(form=form, style=style, defects=b.defects, planted=planted, sector=b.sector, meta=meta)


# totals and grades are planted last: they are computed from everything else
_LAST = ("S005", "S006")


def _ordered(codes: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for c in codes:
        if c not in seen:
            seen.append(c)
    return [c for c in seen if c not in _LAST] + [c for c in _LAST if c in seen]


def round_total(x: float, decimals: int) -> float:
    return round_half_up(x, decimals)
