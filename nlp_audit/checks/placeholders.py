"""P004: template text left in the form, beyond what the parser reports while reading it.

The parser reports the template rows it drops ('指标1', 'XX' rows with nothing filled) and the
prompts it knows word for word (P004 parse problems). This check reads the form's text and its
indicator names for the rest: date placeholders ('(-年-月-日)', '××××年××月××日'), instructions in
any wording ('对照年度目标,说明各项任务完成情况(100字以内)'), and '≥**' left inside an indicator
name. The patterns are the pack's (rules/lexicons/writing.yaml ``template_text``,
``name_placeholders``); what the parser already reported is not reported twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Source
from .registry import check
from .writing_lex import writing_lexicon

if TYPE_CHECKING:
    from ..findings import Finding
    from .registry import FormContext


@check("P004", "template-placeholder", severity="warning", field="form", lexicons=("writing",))
def template_placeholder(ctx: FormContext) -> Iterator[Finding]:
    """Unfilled template text left in the form (指标1, XX, ××××年××月, (100字以内), ≥**).

    Why: template prompts and placeholders left in place show the form was not completed: the field
    means nothing, and an indicator whose name still reads '(≥**%)' states no target.
    Formula: the parser's P004 (template rows, known prompts), plus: a template_text pattern in the
    form's text (date placeholders, instructions such as 对照年度目标,说明…, 结合自评情况,…, (N字以内)),
    or a name_placeholders pattern inside an indicator name (**, ××, XX); text the parser already
    reported is not reported again.
    Fires:
      - actual 对照年度目标,说明各项任务完成情况(100字以内)
      - row 项目总成本(≤**万元) | ≤20万元 | 20万元 | 20 | 20
      - notes 单位负责人签字: ××××年××月××日
    Passes:
      - actual 全年开展文化活动12场,对照年度目标,完成率100%。
      - row 项目总成本 | ≤20万元 | 20万元 | 20 | 20
    """
    form = ctx.form
    lex = writing_lexicon(ctx.pack)
    taken = _reported(ctx)
    for pattern in lex.template_text:
        for m in pattern.finditer(form.text):
            span = (form.text_offset + m.start(), form.text_offset + m.end())
            seen = _overlaps(span, taken)
            taken.append(span)  # what a reported prompt runs on into is that prompt too
            if seen:
                continue
            yield ctx.finding(
                "P004", f"模板提示或占位文字未替换: {m.group(0).strip()}", m.group(0),
                source=Source(form.path, span[0], span[1], _line(form, span[0])),
                reasons=["与模板提示或占位格式相符"],
            )
    for ind in form.indicators:
        name = ind.name or ""
        if not any(p.search(name) for p in lex.name_placeholders):
            continue
        src = ind.name_source
        span = (src.start, src.end) if src is not None and src.start is not None and src.end is not None else None
        if span is not None and _overlaps(span, taken):
            continue
        yield ctx.finding(
            "P004", f"指标名称中留有模板占位符: {name.strip()}", name.strip(), indicator=ind,
            source=src, field="indicator", reasons=["指标名称含 **、××、XX 等占位符,目标值未填写"],
        )


def _reported(ctx: FormContext) -> list[tuple[int, int]]:
    """File spans of the P004 problems the parser reported for this form (located by their evidence
    when they carry no offsets)."""
    form = ctx.form
    spans: list[tuple[int, int]] = []
    for p in form.problems:
        if p.code != "P004":
            continue
        src = p.source
        if src is not None and src.start is not None and src.end is not None:
            spans.append((src.start, src.end))
        elif p.evidence:
            at = form.text.find(p.evidence)
            if at < 0:  # a prompt matched on the folded text: find its first characters
                at = form.text.find(re.sub(r"\W", "", p.evidence)[:4])
            if at >= 0:
                spans.append((form.text_offset + at, form.text_offset + at + len(p.evidence)))
    return spans


_NEAR = 6  # '(100字以内)' a few characters after a prompt the parser reported is part of that prompt


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a - _NEAR < span[1] and span[0] < b + _NEAR for a, b in taken)


def _line(form, at: int) -> int | None:
    """1-based file line of file offset ``at``, from any Source of the form that knows its line."""
    refs = [ind.source for ind in form.indicators] + [form.goal.source, form.actual.source, form.total_source]
    ref = next((r for r in refs if r is not None and r.start is not None and r.line), None)
    if ref is None:
        return None if form.text_offset else form.text.count("\n", 0, at) + 1
    a, b = sorted((ref.start - form.text_offset, at - form.text_offset))
    moved = form.text.count("\n", max(0, a), max(0, b))
    return ref.line + moved if at >= ref.start else ref.line - moved
