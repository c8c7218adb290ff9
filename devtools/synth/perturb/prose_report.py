"""Prose reports (自评报告) that list the indicators in sentences and state the funds in sentences.

"数量指标：党员教育培训场次，目标值≥12场次，实际完成15场次，得10分（分值10分）。" The wording of the
sections, the funds sentence and each indicator sentence is drawn from several templates; a template
that does not state the weight or the score leaves those out of the truth (nothing to read back).
"""

from __future__ import annotations

import random
import re

from nlp_audit.model import Indicator

from ..cells import money_text, score_text
from ..generator import SynthForm
from .truth import Rendered, truth_of

TITLES = ("{year}年度{project}绩效自评报告", "关于{project}项目支出绩效自评情况的报告", "{project}项目绩效自评报告")
INTRO = ("{project}由{department}主管,{unit}负责实施。", "项目名称:{project}。主管部门:{department};实施单位:{unit}。",
         "本项目({project})的主管部门为{department},实施单位为{unit}。")
# {i} 年初预算, {f} 全年预算, {e} 全年执行, {r} 执行率, {s} 得分; templates without {i} drop it from the truth
FUNDS = (
    "项目年初预算{i}万元,全年预算{f}万元,全年执行{e}万元,预算执行率{r},得{s}分。",
    "{year}年度项目资金全年预算数为{f}万元,实际支出{e}万元,执行率{r}。",
    "全年预算数{f}万元,全年执行数{e}万元,资金执行率为{r}。",
    "年初预算安排{i}万元,调整后预算{f}万元,截至年底已支出{e}万元,执行率{r}。",
)
GOAL_LABELS = (("年度绩效目标:", "目标完成情况:"), ("(一)年度目标。", "(二)完成情况。"), ("预期目标:", "实际完成情况:"))
# {n} name, {t} target, {a} actual, {w} weight, {s} score
ROW_FULL = (
    "{n},目标值{t},实际完成{a},得{s}分(分值{w}分)",
    "{n}:年度目标{t},完成值{a},该指标分值{w}分,得{s}分",
    "{n}年初目标{t},全年实际完成{a},分值{w}分,自评得分{s}分",
)
ROW_SCORE_ONLY = ("{n},目标{t},实际完成{a},得{s}分", "{n}年度指标值为{t},实际完成值为{a},得分{s}分")
ROW_BARE = ("{n},计划{t},实际{a}", "{n}:目标值{t},完成{a}")
_PCT_PAREN = re.compile(r"\((%|[^()]{1,4})\)$")


def _cell(text: str) -> str:
    """A table cell as prose writes it: "≥90.00(%)" -> "≥90.00%"."""
    return _PCT_PAREN.sub(r"\1", text)


def row_sentence(ind: Indicator, style, rng: random.Random) -> tuple[str, bool, bool]:
    """The sentence of one row and whether it states the weight and the score."""
    pool = rng.choice([ROW_FULL, ROW_FULL, ROW_SCORE_ONLY, ROW_BARE])
    tpl = rng.choice(pool)
    text = tpl.format(n=ind.name, t=_cell(ind.target.text), a=_cell(ind.actual.text),
                      w=score_text(ind.weight, style), s=score_text(ind.score, style))
    return text, "{w}" in tpl, "{s}" in tpl


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    form, style = synth.form, synth.style
    truth = truth_of(form)
    fmt = {"project": form.project, "department": form.department, "unit": form.unit, "year": form.year}
    out = [rng.choice(TITLES).format(**fmt), "一、项目基本情况", rng.choice(INTRO).format(**fmt), "二、项目资金情况"]
    f = form.funds[0]
    tpl = rng.choice(FUNDS if f.budget_initial is not None else [t for t in FUNDS if "{i}" not in t])
    out.append(tpl.format(i=money_text(f.budget_initial, style), f=money_text(f.budget_full_year, style),
                          e=money_text(f.executed, style), r=f.rate_text or "", s=f.score_text or "", year=form.year))
    if "{i}" not in tpl:
        truth.funds["budget_initial"] = None
    goal_label, actual_label = rng.choice(GOAL_LABELS)
    out += ["三、绩效目标完成情况", goal_label + form.goal.text, actual_label + form.actual.text, "四、绩效指标完成情况"]
    block, level, k = [], None, 0
    for i, ind in enumerate(form.indicators):
        if ind.level1 != level:
            level = ind.level1
            k += 1
            out.append(f"({'一二三四五六'[k - 1]}){level}。")
        sentence, has_w, has_s = row_sentence(ind, style, rng)
        if not has_w:
            truth.rows[i].weight = None
        if not has_s:
            truth.rows[i].score = None
        block.append(f"{ind.level2}:{sentence}" if rng.random() < 0.5 else sentence)
        if i + 1 == len(form.indicators) or form.indicators[i + 1].level1 != level:
            sep = rng.choice([";", "。"])
            out.append(sep.join(f"{j + 1}.{s}" for j, s in enumerate(block)) + "。")
            block = []
    out += ["五、存在的问题及改进措施", "项目实施过程中未发现重大问题,下一步将继续加强项目管理。"]
    return Rendered("\n".join(out) + "\n", [truth], "report")
