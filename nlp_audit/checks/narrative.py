"""C003-C008: the narratives (预期目标 / 实际完成情况) against themselves, the table and the funds.

Each check is policy only; text handling lives in nlp_audit/nlp/consistency.py and every word list
in rules/lexicons/narrative.yaml. Evidence is exact file text: the parser's map of each narrative
(Narrative.pieces) turns a span of the re-joined text into the file slice it came from, or into its
longest contiguous part (the one holding the finding's number) when the span crosses a wrapped cell
or the other column; start/end/line point at exactly that text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..findings import Finding
from ..nlp import consistency as cs
from ..nlp.texts import NarrativeText
from ..params import param
from ..text import Piece, fold
from .registry import FormContext, check

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+$")


def _evidence(text: NarrativeText, start: int, end: int, limit: int = 120,
              number: tuple[int, int] | None = None) -> tuple[str, object]:
    """File text and Source for text.raw[start:end] (at most ``limit`` chars; see NarrativeText.quote)."""
    return text.quote(start, min(end, start + limit), number)


def _quoting(ctx: FormContext, code: str, text: NarrativeText, start: int, end: int, message: str,
             number: tuple[int, int] | None = None, **details) -> Finding:
    """A finding on ``text`` quoting text.raw[start:end] (see _evidence) with its file offsets."""
    evidence, source = _evidence(text, start, end, number=number)
    return ctx.finding(code, message, evidence, source=source, field=text.field, **details)


def _at(piece: Piece, q) -> tuple[int, int]:
    """Narrative offsets of quantity ``q`` of ``piece`` (its offsets are relative to the piece)."""
    return piece.start + q.start, piece.start + q.end


def _usable(q) -> bool:
    return q.value is not None and bool(q.unit) and q.unit != "%" and not cs.is_year(q) and (
        q.kind in (None, "absolute", "frequency")  # '全年…12场' reads as a frequency per year
    )


# ---------------------------------------------------------------------------------- C003


@dataclass(frozen=True)
class C003Params:
    min_subject_chars: int = param(4, "two statements are of the same quantity only when the words before "
                                      "the number (its subject) are this long and equal", ge=1)
    max_part_gap: int = param(24, "characters between two parts of a 其中 list (or the marker and the first "
                                  "part) beyond which the list has ended", ge=1)


@check("C003", "narrative-arithmetic", severity="error", field="actual", params=C003Params, lexicons=("narrative",))
def narrative_arithmetic(ctx: FormContext) -> Iterator[Finding]:
    """Numbers in the narrative disagree with each other: parts vs total, or two statements of one quantity.

    Why: a narrative whose own figures do not add up cannot be true as written; one of the
    figures is wrong, and the auditor must ask which (财预〔2020〕10号: the self-evaluation must be
    true and accurate).
    Formula: parts listed before 合计/共计 must sum to the total (within the rounding of the text);
    parts after 其中 may not exceed the total; one subject stated twice (same words, same unit)
    must carry one value; a planned and an actual amount imply a rate that a stated 执行率/使用率
    must fit; one allocation document (文号), a restated 其中 breakdown and an amount paid in full
    each carry one amount (checks/narrative_restated.py).
    Fires:
      - actual 新建道路3公里、改造道路5公里,合计9公里。
      - actual 共培训120人次,其中党员80人次、群众60人次。
    Passes:
      - actual 其中梨树2.5亩、桃树4亩、露地蔬菜12亩、大棚蔬菜6亩,合计24.5亩。
      - actual 共培训120人次,其中党员80人次。
    """
    from .narrative_restated import restatements

    lex = cs.lexicon(ctx.pack)
    for text in ctx.analysis.texts.values():
        lists: list[tuple[Piece, object, list]] = []
        if lex.total.search(text.norm) or lex.part.search(text.norm) or lex.clause_part.search(text.norm):
            # no list marker, no parts to add up
            for sent, qs in _sentences_with_lists(text, lex):
                yield from _parts_vs_total(ctx, text, sent, qs, lex, lists)
        yield from _same_quantity(ctx, text, lex)
        yield from restatements(ctx, text, lex, lists)
        if "%" in text.norm and lex.role_cues.search(text.norm):
            yield from _spending_vs_rate(ctx, text, lex)


def _sentences_with_lists(text: NarrativeText, lex: cs.Lexicon) -> list[tuple[Piece, tuple]]:
    """The sentences of a narrative with their quantities; a sentence that opens with a part marker
    ('…下达资金642.08万元。其中:中央级118.45万元, …') is read with the sentence before it, which
    states its total."""
    out: list[tuple[Piece, tuple]] = []
    for sent, qs in text.text.pieces("sentence"):
        m = lex.part.match(sent.text)
        if m and out and out[-1][1] and not any(q.start < m.end() for q in qs):
            prev, prev_qs = out.pop()
            shift = sent.start - prev.start
            joined = Piece(text.norm[prev.start : sent.end], prev.start, sent.end)
            moved = tuple(replace(q, start=q.start + shift, end=q.end + shift) for q in qs)
            out.append((joined, prev_qs + moved))
            continue
        out.append((sent, qs))
    return out


def _is_total(sent: str, q, lex: cs.Lexicon) -> str | None:
    """The total marker right before a quantity (共培训120人次 -> 共), or None."""
    window_start = max(0, q.start - 6)
    window = sent[window_start : q.start]
    cut = max(window.rfind(c) for c in "，,；;、")
    if cut >= 0:
        window, window_start = window[cut + 1 :], window_start + cut + 1
    found = None
    for m in lex.total.finditer(window):
        if not _excluded(sent, window_start + m.start(), len(m.group(0)), lex.total_exclusions):
            found = m.group(0)
    return found


def _excluded(sent: str, pos: int, length: int, exclusions: tuple[str, ...]) -> bool:
    """The marker at ``pos`` is part of a longer word that is no total (公共, 共同, 累计完成率)."""
    for ex in exclusions:
        for i in range(max(0, pos + length - len(ex)), pos + 1):
            if sent.startswith(ex, i):
                return True
    return False


def _parts_vs_total(ctx: FormContext, text: NarrativeText, sent: Piece, found, lex: cs.Lexicon,
                    lists: list | None = None) -> Iterator[Finding]:
    """Two kinds of list in one sentence: parts after 其中 / 含 (the total is the quantity right before
    the marker), and parts before 合计 / 共计 / 共 (the whole list). The 其中 lists read are added to
    ``lists`` as (sentence, total, parts)."""
    qs = [q for q in found if _usable(q) and not _is_product(sent.text, q, lex)]
    if len(qs) < 2:
        return
    markers = [_is_total(sent.text, q, lex) for q in qs]
    listed: set[int] = set()  # quantities already read as parts of a 其中 list
    gap = ctx.params("C003").max_part_gap
    for total, parts, exact in _part_lists(sent.text, qs, markers, lex, gap):
        listed.update(id(p) for p in parts)
        if lists is not None:
            lists.append((sent, total, parts))
        yield from _judge(ctx, text, sent, total, parts, exact, lex)
    prev = -1  # the last marked quantity not in a 其中 list before i: one walk, linear on run-on sentences
    for i, (total, marker) in enumerate(zip(qs, markers, strict=True)):
        if marker in lex.exact_total and total.op in (None, "=") and id(total) not in listed:
            parts = [q for q in qs[prev + 1 : i] if q.unit == total.unit and id(q) not in listed]
            if len(parts) >= 2:
                yield from _judge(ctx, text, sent, total, parts, True, lex)
        if marker is not None and id(total) not in listed:
            prev = i


def _part_lists(sent: str, qs: list, markers: list, lex: cs.Lexicon, gap: int) -> Iterator[tuple]:
    """(total, parts, exact) of every list a part marker opens (其中, 含, 包括).

    The total is the last quantity before the marker; the parts are the quantities of its unit after
    it, up to the next part marker, a quantity of another unit (a new topic: '…其中党员80人次, 发放
    资料500份'), a change ('调减40万元', '同比增加…'), a total marker that opens a clause ('，合计10个'; '城区共4个' is a part), or more
    than ``gap`` characters without a part (a report without full stops runs on). A list with an item
    whose number is missing ('退耕还林 点击查看>> 万元') cannot be added up. Two parts or more must add
    up to the total unless the list says it is partial (等, 主要); one part is a subset of it."""
    opens = [m for m in lex.part.finditer(sent)
             if not _excluded(sent, m.start(), len(m.group(0)), lex.part_exclusions)]
    led = _amount_led(sent, qs, lex)
    if led:
        opens = sorted([*opens, *led], key=lambda m: m.start())
    changes = [_is_change(sent, q, lex) for q in qs]
    i = 0  # one walk over the quantities for all the lists of the sentence (qs are in text order)
    total = None
    for k, m in enumerate(opens):
        end = opens[k + 1].start() if k + 1 < len(opens) else len(sent)
        while i < len(qs) and qs[i].end <= m.start():
            if not changes[i]:
                total = qs[i]
            i += 1
        while i < len(qs) and qs[i].start < m.end():
            i += 1
        if total is None or total.op not in (None, "="):
            continue
        parts = []
        last = m.end()
        j = i
        while j < len(qs) and qs[j].start < end:
            q, marker = qs[j], markers[j]
            j += 1
            if changes[j - 1]:
                break  # '同比增加151.06万元', '调减40万元': the list of shares has ended, a change follows
            if q.unit != total.unit or _gap(sent, last, q.start) > gap or (
                    marker is not None and _opens_clause(sent, q, marker)):
                break
            parts.append(q)
            last = q.end
        if not parts or (m in led and len(parts) < 2):
            continue
        region = sent[m.end() : parts[-1].end + 2]
        if total.unit and sent.count(total.unit, m.end(), parts[-1].end) > len(parts):
            continue  # an item of the list has lost its number
        partial = bool(lex.partial.search(region)) and not lex.exhaustive.search(region)
        yield total, parts, len(parts) >= 2 and not partial


def _amount_led(sent: str, qs: list, lex: cs.Lexicon) -> list[re.Match]:
    """Clause-opening list markers ('，为…', '，用于…') right after an amount of the sentence."""
    ends = {q.end for q in qs}
    out = []
    for m in lex.clause_part.finditer(sent):
        k = m.start() - 1  # the comma
        while k > 0 and sent[k - 1] == " ":
            k -= 1
        if k in ends:
            out.append(m)
    return out


_ASIDE = re.compile(r"[(（〔【\[][^()（）〔〕【】\[\]]*[)）〕】\]]")


def _gap(sent: str, a: int, b: int) -> int:
    """Characters between two parts of a list, bracketed asides (a document number) not counted."""
    between = sent[a:b]
    prev = None
    while prev != between:
        prev, between = between, _ASIDE.sub("", between)
    return len(between)


def _is_change(sent: str, q, lex: cs.Lexicon) -> bool:
    """A change of something ('同比增加132.40万元', '较上年减少3个'), not an amount of it."""
    head = sent[max(0, q.start - 6) : q.start]
    cut = max(head.rfind(c) for c in "，,；;、")
    return bool(lex.comparison.search(head[cut + 1 :] if cut >= 0 else head))


def _opens_clause(sent: str, q, marker: str) -> bool:
    """The total marker before ``q`` starts its clause ('，合计10个'), rather than following the name
    of one part ('城区共4个')."""
    at = sent.rfind(marker, 0, q.start)
    head = sent[max(0, at - 6) : at]
    cut = max(head.rfind(c) for c in "，,；;、")
    head = head[cut + 1 :] if cut >= 0 else head
    return not any("\u4e00" <= ch <= "\u9fff" for ch in head)


def _is_product(sent: str, q, lex: cs.Lexicon) -> bool:
    """A factor of a product or a rate ('12人×0.35万元', '0.35万元/人'), not a part of a total."""
    after = sent[q.end : q.end + 2]
    before = sent[max(0, q.start - 1) : q.start]
    return any(t in after or t in before for t in lex.product_marks) or after.startswith(("/", "每"))


def _judge(ctx, text, sent, total, parts, exact: bool, lex) -> Iterator[Finding]:
    if not parts or total.approx or any(p.approx or p.op not in (None, "=") for p in parts):
        return
    s = sum(p.value for p in parts)
    tol = cs.rounding_tolerance(total) + sum(cs.rounding_tolerance(p) for p in parts)
    wrong = abs(s - total.value) > tol if exact else s > total.value + tol
    if not wrong:
        return
    lo, hi = min([total.start] + [p.start for p in parts]), max([total.end] + [p.end for p in parts])
    detail = " + ".join(f"{p.value:g}" for p in parts)
    relation = "不等于" if exact else "超过"
    yield _quoting(
        ctx, "C003", text, sent.start + lo, sent.start + hi,
        number=_at(sent, total),
        message=f"叙述中分项之和 {detail} = {s:g}{total.unit} {relation}合计 {total.value:g}{total.unit}",
        expected=total.value,
        actual=round(s, 6),
        formula="Σ 分项 = 合计" if exact else "Σ 其中各项 ≤ 合计",
        reasons=[f"合计: {total.text}", *[f"分项: {p.text}" for p in parts]],
    )


_SUBJECT_WINDOW = 64  # characters before a quantity its subject is read from (a run-on sentence stays linear)


def _subject(clause: str, q, lex: cs.Lexicon) -> str:
    """The last eight Han characters before ``q`` once trailing function words (subject_strip) are cut.

    Read from the last _SUBJECT_WINDOW characters, so that every quantity of a 100 KB sentence does
    not rescan the sentence; from the whole prefix when the window's edge could change the answer
    (the Han run reaches it, or the stripped words fill most of it).
    """
    start = max(0, q.start - _SUBJECT_WINDOW)
    if start > 0:
        found = _subject_in(clause[start : q.start], lex, cut=True)
        if found is not None:
            return found
    return _subject_in(clause[: q.start], lex, cut=False) or ""


def _subject_in(pre: str, lex: cs.Lexicon, cut: bool) -> str | None:
    """The subject read from ``pre``; None when ``pre`` is a window (``cut``) too short to be sure."""
    size = len(pre)
    prev = lex.subject_strip.sub("", pre)
    while prev != pre:
        pre, prev = prev, lex.subject_strip.sub("", prev)
    if cut and 2 * (size - len(pre)) > size:
        return None  # a run of stripped words this long may have begun before the window
    m = _HAN_RUN.search(pre)
    if m is None:
        return ""
    if cut and m.start() == 0 and len(m.group(0)) < 8:
        return None  # the Han run may go on before the window
    return m.group(0)[-8:]


def _listed_spans(text: NarrativeText, lex: cs.Lexicon) -> list[tuple[int, int]]:
    """Narrative offsets from each part marker (其中, 含) to the end of its sentence."""
    out = []
    for sent in text.text.sentences:
        m = lex.part.search(sent.text)
        if m:
            out.append((sent.start + m.start(), sent.end))
    return out


def _same_quantity(ctx: FormContext, text: NarrativeText, lex: cs.Lexicon) -> Iterator[Finding]:
    min_len = ctx.params("C003").min_subject_chars
    seen: dict[tuple, tuple] = {}
    reported: set[tuple] = set()
    listed = _listed_spans(text, lex)  # in text order, one per sentence: looked up by bisection
    starts = [a for a, _b in listed]
    for clause, found in text.text.pieces("clause"):
        if not found or lex.part.search(clause.text) or lex.total.search(clause.text):
            continue
        k = bisect_right(starts, clause.start) - 1
        if k >= 0 and clause.start < listed[k][1]:
            continue  # an item of a 其中 list is a share of its own total: two lists may share a name
        for q in found:
            if not _usable(q) or q.op not in (None, "=") or q.approx:
                continue
            subject = _subject(clause.text, q, lex)
            if len(lex.comparison.sub("", subject)) < min_len:
                continue  # '同比上年度增加' says how it changed, not what changed
            key = (subject, q.unit, q.kind, q.period)
            if key not in seen:
                seen[key] = (q, clause)
                continue
            first, first_clause = seen[key]
            tol = cs.rounding_tolerance(first) + cs.rounding_tolerance(q)
            if abs(first.value - q.value) <= tol or key in reported:
                continue
            reported.add(key)
            evidence, source = _evidence(text, clause.start, clause.end, number=_at(clause, q))
            first_ev, _src = _evidence(text, first_clause.start, first_clause.end, number=_at(first_clause, first))
            yield ctx.finding(
                "C003",
                f"叙述两次说明“{subject}”，数值不一致：{first.text} 与 {q.text}",
                evidence,
                source=source,
                field=text.field,
                expected=first.value,
                actual=q.value,
                reasons=[f"第一次: {first_ev}", f"第二次: {evidence}"],
            )


def _spending_vs_rate(ctx: FormContext, text: NarrativeText, lex: cs.Lexicon) -> Iterator[Finding]:
    plan_cues = tuple(lex.raw.get("spend_plan_cues", []))
    actual_cues = tuple(lex.raw.get("spend_actual_cues", []))
    cue_distance = ctx.params("C008").max_cue_distance
    cls = text.text.pieces("clause")
    rates, pairs = [], []
    for i, (clause, found) in enumerate(cls):
        for q in found:
            if q.unit == "%" and q.value is not None and cs.money_role(clause.text, q, lex, cue_distance) == "rate":
                rates.append((q, clause))
        money = [q for q in found if q.unit == "万元" and q.value is not None]
        if not money or not any(c in clause.text for c in plan_cues):
            continue
        for nxt, nxt_found in cls[i + 1 : i + 3]:
            spent = [q for q in nxt_found if q.unit == "万元" and q.value is not None]
            if spent and any(c in nxt.text for c in actual_cues):
                pairs.append((money[-1], spent[0], nxt))
                break
    for planned, spent, clause in pairs:
        if not planned.value:
            continue
        implied = spent.value / planned.value * 100
        for rate, rate_clause in rates:
            if cs.agrees(rate, implied, table_tol=0.5):
                continue
            yield _quoting(
                ctx, "C003", text, clause.start, clause.end,
                number=_at(clause, spent),
                message=f"叙述称计划 {planned.text}、实际 {spent.text}(即 {implied:.1f}%)，"
                f"又称“{text.raw[rate_clause.start:rate_clause.end]}”，两处说法不一致",
                expected=rate.value,
                actual=round(implied, 2),
                formula="实际 / 计划 × 100% = 所称执行率",
                reasons=[f"计划: {planned.text}", f"实际: {spent.text}", f"所称比率: {rate.text}"],
            )
            return


# ---------------------------------------------------------------------------------- C004


@check("C004", "overstated-completion", severity="warning", field="actual", uses=("scoring", "qualitative_bands"),
       lexicons=("narrative",))
def overstated_completion(ctx: FormContext) -> Iterator[Finding]:
    """The narrative says 全面完成/圆满完成/100%完成/均已完成 while indicators show shortfalls.

    Why: a self-evaluation must report the result as it is; claiming full completion next to rows
    that missed their targets or lost points overstates performance (财预〔2020〕10号 第二十四条:
    evaluation results must be true).
    Formula: completion phrase in 实际完成情况 and at least one row with actual < target (positive),
    actual > target (reverse: ≤ / 成本 / 时限), 得分 < 分值, or a qualitative 部分达成/未达成.
    Fires:
      - actual 各项任务全面完成。
        row 服务站建设及时率 | =100% | 90% | 10 | 9 | 建设完成时间比计划稍晚,下一步将提前开工
    Passes:
      - actual 各项任务全面完成。
        row 服务站建设及时率 | =100% | 100% | 10 | 10
      - actual 基本完成年度任务。
        row 服务站建设及时率 | =100% | 90% | 10 | 9 | 建设完成时间比计划稍晚,下一步将提前开工
    """
    lex = cs.lexicon(ctx.pack)
    text = ctx.analysis.texts.get("actual")
    if text is None:
        return
    claims = cs.completion_claims(text.norm, lex)
    if not claims:
        return
    shorts = [(ra.ind, _shortfall(ra)) for ra in ctx.analysis.rows.rows if ra.short or ra.deducted]
    if not shorts:
        return
    phrase = claims[0]
    clause = next((c for c in text.text.clauses if c.start <= phrase.start() < c.end), None)
    start, end = (clause.start, clause.end) if clause else phrase.span()
    names = "、".join(ind.name for ind, _ in shorts[:3]) + ("等" if len(shorts) > 3 else "")
    yield _quoting(
        ctx, "C004", text, start, end,
        number=phrase.span(),
        message=f"实际完成情况称“{text.raw[phrase.start() : phrase.end()]}”，但 {len(shorts)} 项指标未完全达标：{names}",
        expected="全部指标达标",
        actual=f"{len(shorts)} 项未达标",
        reasons=[f"{ind.name}: {why}" for ind, why in shorts],
    )


def _shortfall(ra) -> str:
    """Why a row counts against a claim of full completion (the row verdict of the form analysis)."""
    ind = ra.ind
    if ra.short:
        return f"实际 {ind.actual.text.strip() or '—'} 未达到目标 {ind.target.text.strip() or '—'}"
    return f"得分 {ind.score:g} 低于分值 {ind.weight:g}"


# ---------------------------------------------------------------------------------- C005


@dataclass(frozen=True)
class C005Params:
    copy_share: float = param(0.8, "share of the actual's characters inside runs copied from the goal that "
                                   "makes it a copy", ge=0, le=1)
    reword_share: float = param(0.3, "share of the actual's character pairs found in the goal that makes a "
                                     "fact-less actual a rewording", ge=0, le=1)
    min_chars: int = param(4, "an actual shorter than this (characters) is left to C006", ge=0)
    min_copied_chars: int = param(8, "characters a copy must take from the goal", ge=0)
    min_copied_run: int = param(5, "the longest run a rewording must share with the goal", ge=0)


@check("C005", "restated-goal", severity="warning", field="actual", params=C005Params, lexicons=("narrative",))
def restated_goal(ctx: FormContext) -> Iterator[Finding]:
    """实际完成情况 restates 预期目标 instead of reporting results.

    Why: the 实际完成情况 must say what was achieved against the goal; copying or rewording the
    goal (often with 计划/将/确保 left in) reports nothing and hides whether the goal was met.
    Formula: characters of the actual inside runs (≥ 4 chars) shared with the goal ≥ copy_share
    (default 0.8, and ≥ 8 chars copied) even when the copy carries numbers; or share of the
    actual's char bigrams found in the goal ≥ reword_share (default 0.3, with a shared run of ≥ 5
    chars) while the actual speaks only of plans, or has no concrete fact (number, date, name) and
    no word of a result (完成, 建成, 开展了…: a vague report of completion is C006's, not a restatement).
    Fires:
      - goal 新建村卫生室1所120平方米,配备诊疗设备20台。
        actual 完成村卫生室1所120平方米,配备诊疗设备20台。
    Passes:
      - goal 新建村卫生室1所120平方米,配备诊疗设备20台。
        actual 完成培训120人次,建成站点3个。
    """
    lex = cs.lexicon(ctx.pack)
    texts = ctx.analysis.texts
    goal, actual = texts.get("goal"), texts.get("actual")
    if goal is None or actual is None or ctx.form.kind == "declaration":
        return
    p = ctx.params("C005")
    if len(cs.squeeze(actual.norm)) < p.min_chars:
        return
    reword_share = p.reword_share
    if cs.containment(actual.norm, goal.norm) < min(reword_share, 0.5):
        return  # a copy of >= 80% shares far more bigrams than this; skip the costlier alignment
    copied, contained, run = cs.overlap(actual.norm, goal.norm)
    copy_share, min_copied, min_copied_run = p.copy_share, p.min_copied_chars, p.min_copied_run
    facts = cs.concrete_facts(actual.text, lex)
    plan = cs.plan_without_result(actual.norm, lex)
    if copied >= copy_share and copied * len(cs.squeeze(actual.norm)) >= min_copied:
        how = f"{copied:.0%} 的文字照搬预期目标"
    elif contained >= reword_share and (plan or (not facts and not lex.result.search(actual.norm))) \
            and len(run) >= min_copied_run:
        # a rewording that reports completion in words ('各项工作均按要求完成') is no restatement: it
        # lacks facts (C006's matter), not results
        how = f"{contained:.0%} 的字串取自预期目标，且" + ("只讲计划" if plan else "没有具体完成数据")
    else:
        return
    span = cs.locate(actual.norm, run) or (0, len(actual.raw))
    yield _quoting(
        ctx, "C005", actual, *span,
        f"实际完成情况复述预期目标而非报告结果：{how}",
        expected="报告实际完成的结果",
        actual=round(max(copied, contained), 3),
        formula=f"照搬比例 {copied:.2f} (阈值 {copy_share}); 二元字重合 {contained:.2f} (阈值 {reword_share})",
        reasons=[f"longest shared run: {run}"] + ([f"plan words without result: {plan}"] if plan else []),
    )


# ---------------------------------------------------------------------------------- C006


@check("C006", "no-evidence-narrative", severity="warning", field="actual", lexicons=("narrative",))
def no_evidence_narrative(ctx: FormContext) -> Iterator[Finding]:
    """实际完成情况 has no concrete, checkable fact (no number, no date, no named deliverable).

    Why: a result nobody can verify ('完成年度目标', '把工作做好') is not a result; the auditor needs
    at least one figure, date or named output to check the self-evaluation against.
    Formula: no quantity (other than a bare year), no month/day date, no quoted or 《》 name, no
    produced document (制定了…导则), no named place (志愿者广场) in 实际完成情况.
    Fires:
      - actual 完成年度目标。
      - actual 能按照时间节点发放补贴,让离休干部安享晚年。
    Passes:
      - actual 组织覆盖率达90%以上。
      - actual 3月3日,在志愿者广场开展了学雷锋主题活动。
    """
    lex = cs.lexicon(ctx.pack)
    actual = ctx.analysis.texts.get("actual")
    if actual is None or ctx.form.kind == "declaration":
        return
    if cs.concrete_facts(actual.text, lex):
        return
    evidence, source = _evidence(actual, 0, len(actual.raw))
    boiler = [b for b in lex.boilerplate if b in actual.norm]
    yield ctx.finding(
        "C006",
        "实际完成情况没有可核对的具体事实(数量、日期或具名成果)",
        evidence,
        source=source,
        field="actual",
        reasons=[f"boilerplate: {b}" for b in boiler],
    )


# ---------------------------------------------------------------------------------- C007


@dataclass(frozen=True)
class C007Params:
    min_specific_bigrams: int = param(2, "specific character pairs a goal clause needs to be judged", ge=1)
    max_verb_offset: int = param(6, "characters (adverbs only) allowed before a goal clause's action verb", ge=0)


@check("C007", "unreported-goal", severity="warning", field="goal", params=C007Params, uses=("matching",),
       lexicons=("narrative", "claims"))
def unreported_goal(ctx: FormContext) -> Iterator[Finding]:
    """A goal in 预期目标 / 项目概述 with neither an indicator nor a reported result.

    Why: every goal the unit set itself must be measured by an indicator or reported in the
    实际完成情况; a goal that is neither was either dropped silently or never meant (财预〔2020〕10号:
    indicators must cover the goal).
    Formula: a goal clause led by an action verb (开展, 建设, 探索…; only adverbs such as 继续
    before it), not background (根据…), a purpose (为/提升…) or a bare commitment to a policy or
    duty (落实…政策, 落实…责任), without a number (numbers are C001), whose specific char bigrams
    appear in no indicator name/value and not in 实际完成情况. With claims: a goal claim with no
    indicator whose subject the actual narrative never mentions.
    Fires:
      - goal 继续探索人工智能、大数据等新技术应用。
        actual 全年完成培训120人次。
        row 培训人次 | ≥100人次 | 120人次 | 10 | 10
    Passes:
      - goal 对外提供志愿服务。
        actual 全年完成培训120人次。
        row 进楼党员志愿服务项目完成率 | =100% | 100% | 10 | 10
    """
    lex = cs.lexicon(ctx.pack)
    texts = ctx.analysis.texts
    goal = texts.get("goal")
    if goal is None:
        return
    actual = texts.get("actual")
    covered = cs.bigrams(fold(cs.indicator_text(ctx.form)))
    reported = cs.bigrams(actual.norm) if actual is not None else set()
    min_keys, max_verb_offset = ctx.params("C007").min_specific_bigrams, ctx.params("C007").max_verb_offset
    for clause, found in goal.text.pieces("clause"):
        body = cs.strip_enum(clause.text)
        if body.startswith(lex.background + lex.purpose):
            continue
        skip = len(clause.text) - len(body)
        if any(
            q.value is not None and not cs.is_year(q) and q.start >= skip
            for q in found
        ):
            continue
        verb = lex.actions.search(body)
        if verb is None or verb.start() > max_verb_offset or not lex.leading.fullmatch(body[: verb.start()]):
            continue
        if lex.commitment.fullmatch(body, verb.start()):  # '落实…政策': a mandate, not a deliverable
            continue
        keys = cs.content_bigrams(body[: verb.start()] + " " + body[verb.end() :], lex)
        if len(keys) < min_keys or keys & covered or keys & reported:
            continue
        evidence, source = _evidence(goal, clause.start, clause.end)
        yield ctx.finding(
            "C007",
            "目标“" + evidence + "”既没有对应的绩效指标，也未在实际完成情况中报告",
            evidence,
            source=source,
            field="goal",
            reasons=[f"specific bigrams not covered: {' '.join(sorted(keys))}"],
        )
    yield from _unreported_goal_claims(ctx, goal, actual, lex, reported)


def _unreported_goal_claims(ctx, goal, actual, lex, reported) -> Iterator[Finding]:
    """Goal claims the matcher left without indicator, and that the actual never reports."""
    if actual is None:
        return
    for claim in ctx.claims():
        if claim.field != "goal" or claim.indicator is not None or claim.verdict not in ("unsupported", None):
            continue
        keys = cs.content_bigrams(fold(claim.subject or ""), lex)
        if not keys or keys & reported:
            continue
        yield _quoting(
            ctx, "C007", goal, claim.start, claim.end,
            number=(claim.quantity.start, claim.quantity.end) if claim.quantity is not None else None,
            message=f"目标“{claim.text}”没有对应的绩效指标，实际完成情况也未报告“{claim.subject}”",
            reasons=[f"claim subject: {claim.subject}", f"verdict: {claim.verdict}"],
        )


# ---------------------------------------------------------------------------------- C008


@dataclass(frozen=True)
class C008Params:
    max_cue_distance: int = param(12, "characters between a funds cue (实际支出, 预算…) and the amount it "
                                      "speaks of", ge=0)


@check("C008", "narrative-vs-funds", severity="error", field="actual", params=C008Params,
       uses=("execution.rate_tolerance",), lexicons=("narrative",))
def narrative_vs_funds(ctx: FormContext) -> Iterator[Finding]:
    """Amounts, splits or the execution rate stated in the narrative disagree with the funds block.

    Why: the narrative and the funds table report the same money; when they differ one of them
    is wrong, and the auditor must know which figure the unit stands by.
    Formula: an amount after an execution cue (实际支出, 执行, 拨付…) must equal some row's 全年执行数;
    after a budget cue (预算, 安排, 到位…) some row's 年初/全年预算数; a rate after 执行率/支出进度
    must equal the stated 执行率 or 执行数/全年预算数 — all in 万元, within the rounding of the
    narrative's own figure (155.2万元 fits 155.17; 约/余 allow 5%).
    Funds read from the report's own sentences (a prose report: ``FundsRow.sources`` set) are no second
    source to compare with: the narrative against itself is C003's.
    Fires:
      - actual 实际支出118.5万元,执行率98.75%。
        funds 年度资金总额 | 125 | 125 | 120 | 10 | 96% | 9.6
    Passes:
      - actual 实际支出155.2万元。
        funds 年度资金总额 | 155.17 | 155.17 | 155.17 | 10 | 100% | 10
      - actual 全年实际支出1,551,700元。
        funds 年度资金总额 | 155.17 | 155.17 | 155.17 | 10 | 100% | 10
    """
    form = ctx.form
    if not form.funds or any(row.sources for row in form.funds):
        return
    lex = cs.lexicon(ctx.pack)
    total = form.funds_total
    rate_tol = ctx.settings.execution.rate_tolerance
    max_cue_distance = ctx.params("C008").max_cue_distance
    columns = {
        "executed": [r.executed for r in form.funds],
        "budget": [v for r in form.funds for v in (r.budget_full_year, r.budget_initial)],
    }
    rates = []
    if total is not None:
        if total.rate is not None:
            rates.append(total.rate)
            if total.rate <= 1.0:
                rates.append(total.rate * 100)
        if total.executed is not None and total.budget_full_year:
            rates.append(total.executed / total.budget_full_year * 100)
    for name, text in ctx.analysis.texts.items():
        if not lex.role_cues.search(text.norm):
            continue
        for clause, found in text.text.pieces("clause"):
            for q in found:
                if q.value is None:
                    continue
                role = cs.money_role(clause.text, q, lex, max_cue_distance)
                if role is None or (name == "goal" and role != "budget"):
                    continue
                if role == "rate" and q.unit == "%":
                    candidates, tol, label = rates, rate_tol, "执行率"
                elif role in columns and q.unit == "万元":
                    candidates, tol = [c for c in columns[role] if c is not None], 0.005
                    label = "全年执行数" if role == "executed" else "预算数"
                else:
                    continue
                if not candidates or any(cs.agrees(q, c, table_tol=tol) for c in candidates):
                    continue
                shown = candidates[0]
                unit = "%" if role == "rate" else "万元"
                yield _quoting(
                    ctx, "C008", text, clause.start, clause.end,
                    number=_at(clause, q),
                    message=f"叙述中的{label} {q.text} 与资金表不一致(资金表 {shown:g}{unit})",
                    expected=round(shown, 4),
                    actual=q.value,
                    formula=f"叙述{label} = 资金表{label}",
                    reasons=[f"资金表候选值: {', '.join(f'{c:g}' for c in candidates)}"],
                )
