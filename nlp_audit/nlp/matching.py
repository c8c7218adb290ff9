"""Matching claims to indicators, and the verdict: supported, contradicted, unsupported.

Evidence is taken cheapest first, and similarity last (research §3: every method fails on lexical
distractors such as 完成数量 vs 完成时间, so similarity cannot decide alone):

1. unit family and kind must fit (%, 人, 次, 项, 平方米; rate vs count vs satisfaction vs time;
   a relative change "提升超过50%" needs a growth indicator) - otherwise the indicator cannot
   measure the claim at all;
2. lexical overlap of content (char bigrams of the claim's wording and the indicator name, with
   generic words such as 完成率/数量/情况 removed and synonyms folded) says WHAT is measured;
3. numbers: the claim's value against the indicator's actual (实际完成情况) or target (预期目标),
   within the precision the narrative states ("11万" = 105,000-115,000; "20余" = 20-29);
4. only where 1-3 leave it open: semantic similarity, by rank and margin among the form's
   indicators (never an absolute similarity; e5 scores all sit in 0.82-0.94).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..model import CellValue, Form, Indicator
from ..params import Matching
from ..quantities import to_base
from ..text import fold
from .analysis import Claim
from .embedders import Embedder, EmbedderError
from .indicator_types import IndicatorType, Tables, indicator_type, unit_family
from .lexicon import ClaimsLexicon, load_lexicon

_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
_NUMBER = re.compile(r"(\d[\d,]*)(?:\.(\d+))?\s*(万|亿)?")


@dataclass(slots=True)
class Candidate:
    index: int
    indicator: Indicator
    itype: IndicatorType
    shared: int = 0  # content bigrams shared with the claim
    cover: float = 0.0  # share of the indicator's content bigrams the claim covers
    topic: bool = False  # lexical evidence that both speak of the same thing
    numeric: str = "na"  # agree | disagree | na
    cell: CellValue | None = None
    notes: list[str] = field(default_factory=list)


def content_bigrams(text: str, lex: ClaimsLexicon | None = None) -> frozenset[str]:
    """Char bigrams of what a phrase is about: synonyms folded, generic words cut out (remembered
    per lexicon: indicator names recur in every form of a batch)."""
    lex = lex or load_lexicon()
    key = ("bigrams", text)
    found = lex.memo.get(key)
    if found is not None:
        return found
    t = text
    for src, dst in lex.aliases:
        t = t.replace(src, dst)
    t = lex.generic_re.sub(" ", t)
    grams: set[str] = set()
    for run in _RUN.findall(t):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    found = frozenset(grams)
    if len(lex.memo) < 50_000:
        lex.memo[key] = found
    return found


def _step(qtext: str, unit: str | None = None) -> float:
    """Precision the narrative states, in the units of the quantity's value: '11万' -> 10,000; '98.75' -> 0.01;
    '200' -> 1; '0.3‰' -> 0.01 (in %). Money is valued in 万元: '14.5亿元' -> 1,000 (万元), '300元' -> 0.01."""
    m = _NUMBER.search(fold(qtext))
    if not m:
        return 1.0
    step = 10.0 ** -len(m.group(2) or "")
    if "‰" in qtext or "千分之" in qtext:  # the grammar reports per mille in %
        step /= 10
    scale = {"万": 1e4, "亿": 1e8}.get(m.group(3) or "", 1.0)
    if unit == "万元":
        scale /= 1e4
    return step * scale


def compare(claim: Claim, cell: CellValue, against: str, t: Tables | None = None) -> str:
    """'agree' | 'disagree' | 'na' for the claim's value against one indicator cell."""
    q = claim.quantity
    if q.value is None or cell.value is None:
        return "na"
    cfam = unit_family(cell.unit, t)
    if cfam is not None and claim.family is not None and cfam != claim.family:
        return "na"
    if claim.claim_kind == "relative":
        if cfam not in (None, "pct"):
            return "na"
        return _agree_exact(q.value, to_base(cell.value, cell.unit)[0], _step(q.text, q.unit))
    a, _unit = to_base(cell.value, cell.unit)  # the cell in the claim's units (3万人 -> 30000 人, 0.5‰ -> 0.05 %)
    v, tol = q.value, 0.5 * _step(q.text, q.unit)
    if against == "target":
        if abs(v - a) <= tol:
            return "agree"
        return "agree" if q.approx and _in_approx(q, v, a, tol) else "disagree"
    if q.approx and q.op in (">", ">="):  # 20余项: 20 <= a < 30
        hi = v + 10.0 ** math.floor(math.log10(v)) if v >= 1 else v + 1
        return "agree" if v - tol <= a < hi else "disagree"
    if q.op in (">", ">="):
        return "agree" if a >= v - tol else "disagree"
    if q.op in ("<", "<="):
        return "agree" if a <= v + tol else "disagree"
    if q.approx:
        return "agree" if _in_approx(q, v, a, tol) else "disagree"
    return _agree_exact(v, a, _step(q.text, q.unit))


def _agree_exact(v: float, a: float, step: float) -> str:
    return "agree" if abs(v - a) <= 0.5 * step + 1e-9 else "disagree"


def _in_approx(q, v: float, a: float, tol: float) -> bool:
    if q.text.lstrip().startswith("近"):
        return 0.8 * v - tol <= a <= v + tol
    return abs(a - v) <= max(0.1 * v, tol)


def _incompatible(claim: Claim, it: IndicatorType) -> str | None:
    """Why the indicator cannot measure the claim (unit family, kind), or None."""
    if it.family is not None and claim.family is not None and it.family != claim.family:
        return "单位不同类"
    if claim.family == "pct" or it.family == "pct":
        if claim.claim_kind == "relative" and it.kind != "growth" and not it.qualitative:
            return "声称增幅, 指标不是增幅"
        if claim.claim_kind == "level" and it.kind == "growth":
            return "声称水平, 指标是增幅"
    if (claim.cue == "satisfaction") != (it.kind == "satisfaction") and not (it.qualitative and it.family is None):
        return "满意度与非满意度"
    if claim.family == "pct" and (claim.cue == "timeliness") != (it.kind == "timeliness"):
        return "及时性与非及时性"
    return None


def _cell_for(claim: Claim, ind: Indicator) -> tuple[CellValue, str]:
    if claim.field == "actual":
        return ind.actual, "actual"
    return ind.target, "target"


def _candidates(form: Form, claim: Claim, lex: ClaimsLexicon, params: Matching) -> tuple[list[Candidate], list[str]]:
    cbig = content_bigrams(claim.topic, lex)
    out: list[Candidate] = []
    rejected: list[str] = []
    for i, ind in enumerate(form.indicators):
        if not ind.name.strip():
            continue
        it = indicator_type(ind, lex.tables)
        why = _incompatible(claim, it)
        if why:
            rejected.append(f"{ind.name}: {why}")
            continue
        ibig = content_bigrams(fold(ind.name), lex)
        shared = len(cbig & ibig)
        cover = shared / len(ibig) if ibig else 0.0
        claim_cover = shared / len(cbig) if cbig else 0.0
        need = params.min_shared_bigrams + (1 if it.qualitative else 0)
        topic = shared >= need or (
            not it.qualitative and shared >= 1 and (cover >= params.min_cover_single or claim_cover >= 1.0)
        )
        cell, against = _cell_for(claim, ind)
        if cell.unit is None and cell.value is not None:  # '91320' under a target of '≥40000人次'
            cell = CellValue(text=cell.text, op=cell.op, value=cell.value, unit=ind.target.unit)
        numeric = compare(claim, cell, against, lex.tables) if not it.qualitative else "na"
        out.append(Candidate(i, ind, it, shared, cover, topic, numeric, cell))
    return out, rejected


def _margin(embedder: Embedder, params: Matching) -> float:
    return params.margin(embedder.margin_key)


def _semantic_rank(form: Form, claim: Claim, embedder: Embedder,
                   among: list[int] | None = None) -> list[tuple[float, int]] | None:
    """(similarity, indicator index), best first, over ``among`` (default: every indicator of the
    form). Only the names asked about are encoded: the embedder is the costliest step of a form."""
    idx = among if among is not None else list(range(len(form.indicators)))
    names = [fold(form.indicators[i].name) for i in idx]
    try:
        sims = embedder.similarities(_claim_query(claim), names)
    except EmbedderError:
        return None
    return sorted(((float(s), i) for s, i in zip(sims, idx, strict=True)), reverse=True)


def _claim_query(claim: Claim) -> str:
    return fold("".join(claim.text.split()))


def judge_claim(form: Form, claim: Claim, embedder: Embedder | None, lex: ClaimsLexicon | None = None,
                params: Matching | None = None) -> None:
    """Set claim.verdict / indicator / score / reasons (checkable claims only)."""
    if not claim.checkable:
        return
    lex = lex or load_lexicon()
    unit = claim.quantity.unit or "?"
    params = params or Matching()
    cands, rejected = _candidates(form, claim, lex, params)
    claim.reasons.append(f"计量单位 {unit} ({claim.family}), 类型 {claim.claim_kind}" + (f", {claim.cue}" if claim.cue else ""))
    topical = [c for c in cands if c.topic]
    chosen: Candidate | None = None
    how = ""
    if topical:
        topical.sort(key=lambda c: (-c.shared, -c.cover, c.numeric != "agree", c.itype.qualitative, c.index))
        tied = [c for c in topical if (c.shared, c.cover) == (topical[0].shared, topical[0].cover)]
        chosen, how = topical[0], f"字面重合 {topical[0].shared} 个双字"
        agreeing = [c for c in tied if c.numeric == "agree"]
        if len(tied) > 1 and len(agreeing) == 1:
            chosen = agreeing[0]  # the words tie, the number decides: no need to ask the embedder
            how += f", 数值一致者胜出 (并列 {len(tied)} 个)"
        elif len(tied) > 1 and embedder is not None:
            ranked = _semantic_rank(form, claim, embedder, [c.index for c in tied])
            if ranked:
                order = {i: r for r, (_, i) in enumerate(ranked)}
                chosen = min(tied, key=lambda c: order.get(c.index, 1 << 30))
                how += f", 语义排序决出 (并列 {len(tied)} 个)"
    else:
        chosen, how = _rescue(form, claim, cands, embedder, params)
    if chosen is not None and chosen.numeric == "disagree" and not chosen.itype.qualitative \
            and not same_thing(claim, chosen.indicator, lex):
        # the numbers disagree and the words shared are only verbs or the unit: nothing says the
        # indicator measures what the claim counts, so the claim is unsupported, not contradicted
        how = f"与“{chosen.indicator.name}”仅单位或动作相同, 计量的事项不同"
        chosen = None
    if chosen is None:
        claim.verdict = "unsupported"
        claim.reasons.append(how or "没有同类单位且字面相关的指标")
        if rejected:
            claim.reasons.append("排除: " + "; ".join(rejected[:4]))
        near = [c.indicator.name for c in cands]
        if near:
            claim.reasons.append("单位相符但事项不同: " + ", ".join(near[:4]))
        return
    claim.indicator = chosen.index
    claim.score = float(chosen.shared)
    claim.compared_with = "actual" if claim.field == "actual" else "target"
    claim.indicator_value = chosen.cell.text if chosen.cell is not None else None
    claim.reasons.append(f"匹配指标 {chosen.indicator.name} ({how})")
    if chosen.itype.qualitative:
        claim.verdict = "supported"
        claim.reasons.append("指标为定性指标, 无数值可比")
    elif chosen.numeric == "disagree":
        claim.verdict = "contradicted"
        claim.reasons.append(f"数值不符: 叙述 {claim.quantity.text.strip()}, 指标{_cell_label(claim)} {claim.indicator_value}")
    else:
        claim.verdict = "supported"
        claim.reasons.append("数值一致" if chosen.numeric == "agree" else "指标无可比数值")


def same_thing(claim: Claim, ind: Indicator, lex: ClaimsLexicon) -> bool:
    """The claim and the indicator name share a word of what is measured, not only a light verb
    ('新建停车位300个' and '新建公厕数量' share 新建: two different things, both built)."""
    shared = content_bigrams(claim.topic, lex) & content_bigrams(fold(ind.name), lex)
    return bool(shared - lex.light_bigrams)


def _cell_label(claim: Claim) -> str:
    return "实际完成值" if claim.compared_with == "actual" else "年度指标值"


def _rescue(
    form: Form, claim: Claim, cands: list[Candidate], embedder: Embedder | None, params: Matching
) -> tuple[Candidate | None, str]:
    """No lexical evidence: accept an indicator only if unit, number AND (rank) all point to it."""
    quantitative = [c for c in cands if not c.itype.qualitative]
    if len(quantitative) == 1 and claim.family not in ("pct", None):
        only = quantitative[0]
        if only.numeric == "agree":
            return only, "唯一同单位指标且数值一致"
        # numbers disagree: a partial overlap ('岗位') is enough only when the very unit is the same
        # ('提供岗位信息78条' is not measured by '开发公益性岗位数量 208个': 条 vs 个)
        if only.shared >= 1 and _same_unit(claim, only):
            return only, f"唯一同单位指标且字面部分重合 ({only.shared} 个双字)"
    agreeing = [c for c in quantitative if c.numeric == "agree"]
    if not agreeing:
        return None, "没有同类单位且字面相关的指标" if cands else "没有同类单位的指标"
    overlapping = [c for c in agreeing if c.shared >= 1]
    if len(overlapping) == 1 and not any(c.shared for c in quantitative if c is not overlapping[0]):
        # unit family, the number and the only lexical overlap of the form all point to one row
        # ('培训农户500人次' and '开展技术培训人次 =500人次')
        return overlapping[0], f"数值一致且唯一字面部分重合的指标 ({overlapping[0].shared} 个双字)"
    if embedder is None or len(form.indicators) < 2:
        return None, "仅数值相同, 字面不相关"
    # ranked among the indicators that can measure the claim (unit and kind fit): another unit's
    # indicator cannot be the match, and leaving it out spares the embedder its name
    among = [c.index for c in cands] if len(cands) >= 2 else None
    ranked = _semantic_rank(form, claim, embedder, among)
    if not ranked:
        return None, "语义模型不可用"
    (s1, top), (s2, _) = ranked[0], ranked[1]
    margin = _margin(embedder, params)
    pick = next((c for c in agreeing if c.index == top), None)
    if pick is not None and s1 - s2 >= margin:
        return pick, f"语义相似度第1 (领先 {s1 - s2:.3f} ≥ {margin}) 且单位、数值一致"
    return None, f"数值相同但语义未明确指向 (第1名领先 {s1 - s2:.3f})"


def _same_unit(claim: Claim, cand: Candidate) -> bool:
    """The claim and the indicator state the same unit (or the indicator states none)."""
    unit = (cand.cell.unit if cand.cell is not None else None) or cand.indicator.target.unit
    if not unit or not claim.quantity.unit:
        return True
    return fold(unit.strip()) == fold(claim.quantity.unit.strip())


def match_claims(form: Form, claims: list[Claim], embedder: Embedder | None = None,
                 lex: ClaimsLexicon | None = None, params: Matching | None = None) -> None:
    """Judge every checkable claim of a form in place (``params``: the pack's ``matching`` group)."""
    lex = lex or load_lexicon()
    for claim in claims:
        judge_claim(form, claim, embedder, lex, params)
