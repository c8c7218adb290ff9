"""C001 / C002: quantitative claims of the narratives against the indicator table.

Reads the claims of the form analysis (built once per form by nlp_audit.nlp.analysis); the matching and
its reasons are there, this module only turns verdicts into findings with exact evidence: the claim's
span of the re-joined narrative mapped back to the file by Narrative.quote (the whole claim when it
is contiguous in the file, else its longest contiguous part holding the number).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..model import Source
from .registry import FormContext, check

_FIELD_NAME = {"goal": "预期目标", "actual": "实际完成情况"}


def _narrative_name(ctx: FormContext, field: str) -> str:
    if field == "goal" and ctx.form.kind == "declaration":
        return "项目概述/年度总体目标"
    return _FIELD_NAME.get(field, field)


def _quote(ctx: FormContext, claim) -> tuple[str, Source]:
    """Exact file text of the claim and where it sits (see Narrative.quote)."""
    narrative = ctx.form.goal if claim.field == "goal" else ctx.form.actual
    q = claim.quantity
    evidence, src = narrative.quote(claim.start, claim.end, (q.start, q.end) if q is not None else None, strip=True)
    return evidence, src or Source(path=ctx.form.path)


def _claims(ctx: FormContext, verdict: str):
    claims = [c for c in ctx.claims() if c.verdict == verdict]
    # 预期目标 often repeats a sentence of 实际完成情况 word for word: report it once (the actual).
    actual_texts = {"".join(c.text.split()) for c in claims if c.field == "actual"}
    return [c for c in claims if c.field == "actual" or "".join(c.text.split()) not in actual_texts]


@check("C001", "unsupported-claim", severity="warning", field="actual", uses=("matching",),
       lexicons=("claims", "indicators"))
def unsupported_claim(ctx: FormContext) -> Iterator[Finding]:
    """A quantitative claim in 实际完成情况 (or 预期目标) that no indicator measures.

    Why: a number the narrative puts forward (盘活2500平方米, 服务内容增加到100余项) but no indicator
    measures cannot be verified from the form; either an indicator is missing or the claim is
    unsupported. Dates, document numbers, the year, phone numbers, names in quotes and money
    (C008) are not claims of this kind. Matching uses unit and kind, lexical overlap of what is
    measured, numbers, and only then semantic similarity (by rank and margin).
    Fires:
      - actual 盘活2500平方米的闲置空间,服务群众更加便利。
        row 服务站建设达标率 | ≥90% | 95% | 10 | 10
    Passes:
      - actual 全年开展设备运维12次。
        row 多媒体设备运行维护频次 | ≥12.00(次) | 12.00(次) | 10 | 10
    """
    for claim in _claims(ctx, "unsupported"):
        where = _narrative_name(ctx, claim.field)
        what = claim.subject or claim.topic.replace(" ", "") or "该事项"
        evidence, source = _quote(ctx, claim)
        yield ctx.finding(
            "C001",
            f"{where}中的量化表述“{claim.text.strip()}”({what} {claim.quantity.text.strip()})"
            f"没有对应的绩效指标衡量: {claim.reasons[-1] if claim.reasons else ''}",
            evidence,
            source=source,
            field=claim.field,
            actual=claim.quantity.value,
            reasons=claim.reasons,
        )


@check("C002", "contradicted-claim", severity="error", field="actual", uses=("matching",),
       lexicons=("claims", "indicators"))
def contradicted_claim(ctx: FormContext) -> Iterator[Finding]:
    """A claim matches an indicator but its value disagrees with the table.

    Why: the narrative and the indicator table describe the same thing with different numbers;
    at least one of them is wrong. 实际完成情况 is compared with the 实际完成值, 预期目标 with the
    年度指标值, within the precision the narrative states (11万 covers 105,000-115,000; 20余 covers 20-29).
    Fires:
      - actual 完成护坡挡墙80米。
        row 护坡挡墙 | ≥60米 | 81.5米 | 10 | 10
    Passes:
      - actual 临时救助覆盖13万人次。
        row 临时救助人次 | ≥100000人次 | 128406人次 | 10 | 10
    """
    for claim in _claims(ctx, "contradicted"):
        ind = ctx.form.indicators[claim.indicator] if claim.indicator is not None else None
        where = _narrative_name(ctx, claim.field)
        cell = "实际完成值" if claim.compared_with == "actual" else "年度指标值"
        evidence, source = _quote(ctx, claim)
        yield ctx.finding(
            "C002",
            f"{where}称“{claim.text.strip()}”, 但指标“{ind.name if ind else '?'}”的{cell}为"
            f"{claim.indicator_value}, 与叙述的 {claim.quantity.text.strip()} 不一致",
            evidence,
            indicator=ind,
            source=source,
            field=claim.field,
            expected=claim.indicator_value,
            actual=claim.quantity.text.strip(),
            reasons=claim.reasons,
        )
