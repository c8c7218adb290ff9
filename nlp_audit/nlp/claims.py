"""Claim extraction: every quantity of a narrative, with the clause it belongs to, read as a claim.

A claim is what the narrative asserts about one measured thing: its span (the clause, or the part
of it up to the quantity when a clause holds several), subject (服务内容, 阵地人气, 闲置空间),
direction (增加到, 提升, 盘活, 达), quantity and kind (level / change / relative). Names, dates,
document numbers, phone numbers and money are kept as claims but marked not checkable, with the
reason, so that nothing is silently dropped and C008/C004 can pick up what is theirs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from ..model import Quantity
from ..text import split
from .analysis import Claim, Sentence
from .indicator_types import unit_family
from .lexicon import ClaimsLexicon, load_lexicon
from .texts import TextAnalysis, analyse_text

_CJK_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
_WS = re.compile(r"\s+")
_MARK = "\x00"
_MODIFIER_GAP = re.compile(r"^\s*$")
_NOT_CHECKABLE_KINDS = {"date": "日期", "deadline": "期限或日期", "discount": "折扣"}


def quantities_of(text: str) -> list[Quantity]:
    """The grammar's quantities of a narrative (offsets into ``text``, texts folded); [] if the
    grammar breaks. The same reading the form analysis uses (nlp/texts.py)."""
    return list(analyse_text(text).quantities)


def _moved(q: Quantity, text: str, start: int, end: int) -> Quantity:
    return replace(q, text=text, start=start, end=end)


def extract_claims(text: str | TextAnalysis, field: str, lex: ClaimsLexicon | None = None
                   ) -> tuple[list[Sentence], list[Claim]]:
    """Sentences and claims of one narrative; offsets are into its raw text.

    The lexicon is matched on the folded text (traditional -> simplified, full-width -> ASCII; same
    length), so subject, topic and cues read '滿意度' as 满意度; span texts are the raw input.
    """
    ta = analyse_text(text) if isinstance(text, str) else text
    raw = ta.raw
    sentences, claims = _extract(ta, field, lex or load_lexicon())
    if ta.norm != raw:
        for s in sentences:
            s.text = raw[s.start : s.end]
        for c in claims:
            c.text = raw[c.start : c.end]
            c.quantity = _moved(c.quantity, raw[c.quantity.start : c.quantity.end], c.quantity.start, c.quantity.end)
    return sentences, claims


def _extract(ta: TextAnalysis, field: str, lex: ClaimsLexicon) -> tuple[list[Sentence], list[Claim]]:
    text = ta.norm
    sentences = [Sentence(p.text, p.start, p.end, field) for p in ta.sentences]
    if not ta.quantities:
        return sentences, []
    blocked = _not_checkable_spans(text, lex)
    claims: list[Claim] = []
    for sent, piece in zip(sentences, ta.sentences, strict=True):
        for item in split(piece, "item"):
            inside = ta.quantities_in(item.start, item.end, whole=False)
            if inside:
                clause = Sentence(item.text, item.start, item.end, field)
                claims.extend(_clause_claims(text, sent, clause, list(inside), blocked, field, lex))
    return sentences, claims


@dataclass(frozen=True, slots=True)
class _Blocked:
    """The not-checkable spans of one lexicon pattern: sorted and non-overlapping (finditer), so the
    one span that may overlap a quantity is found by bisection."""

    starts: list[int]
    ends: list[int]
    reason: str

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end) - 1  # the last span starting before the quantity ends
        return k >= 0 and self.ends[k] > start


def _not_checkable_spans(text: str, lex: ClaimsLexicon) -> list[_Blocked]:
    out = []
    for pattern, reason in lex.not_checkable:
        found = [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]
        if found:
            out.append(_Blocked([s for s, _ in found], [e for _, e in found], reason))
    return out


def _is_modifier(q: Quantity, nxt: Quantity | None, text: str, lex: ClaimsLexicon) -> bool:
    """'1间' in '收容所1间200平方米': a count of one right before the real measure."""
    return (
        nxt is not None
        and q.value == 1
        and unit_family(q.unit, lex.tables) == "item"
        and bool(_MODIFIER_GAP.match(text[q.end : nxt.start]))
    )


def _clause_claims(
    text: str,
    sent: Sentence,
    clause: Sentence,
    qs: list[Quantity],
    blocked: list[_Blocked],
    field: str,
    lex: ClaimsLexicon,
) -> list[Claim]:
    out: list[Claim] = []
    free: list[Quantity] = []
    for q in qs:  # names, dates and references: a claim of their own, never a span boundary
        why = _blocked_reason(q, blocked)
        if why is None:
            free.append(q)
            continue
        claim = _make_claim(text, sent, q.start, q.end, q, [q], field, lex)
        _mark_not_checkable(claim, why)
        out.append(claim)
    main = [q for i, q in enumerate(free) if not _is_modifier(q, free[i + 1] if i + 1 < len(free) else None, text, lex)]
    starts = [x.start for x in qs]  # qs in text order: a span's quantities by bisection
    pos = clause.start
    for i, q in enumerate(main):
        start = pos
        end = clause.end if i == len(main) - 1 else max(q.end, start)
        while start < end and (text[start].isspace() or text[start] in "，,、；;：:"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        pos = end
        span_qs = qs[bisect_left(starts, start) : bisect_left(starts, end)] or [q]
        claim = _make_claim(text, sent, start, end, q, span_qs, field, lex)
        _judge_checkable(claim, lex)
        out.append(claim)
    out.sort(key=lambda c: c.quantity.start)
    return out


def _blocked_reason(q: Quantity, blocked: list[_Blocked]) -> str | None:
    if q.kind in _NOT_CHECKABLE_KINDS:
        return _NOT_CHECKABLE_KINDS[q.kind]
    for spans in blocked:  # in lexicon order: the first pattern with an overlapping span gives the reason
        if spans.overlaps(q.start, q.end):
            return spans.reason
    return None


def _mark_not_checkable(claim: Claim, reason: str) -> None:
    claim.checkable = False
    claim.verdict = "not_checkable"
    claim.reasons.append(f"不可核对: {reason}")


def _make_claim(
    text: str, sent: Sentence, start: int, end: int, q: Quantity, span_qs: list[Quantity], field: str,
    lex: ClaimsLexicon,
) -> Claim:
    chunk = list(text[start:end])
    for x in span_qs:  # every quantity of the span becomes a marker: what is left is the wording
        for k in range(max(x.start, start), min(x.end, end)):
            chunk[k - start] = _MARK
    residual = _WS.sub("", "".join(chunk))
    before, _, after = residual.partition(_MARK)
    after = after.replace(_MARK, "")
    pre_words, post_words = _content_pieces(before, lex), _content_pieces(after, lex)
    subject = (pre_words[-1] if pre_words else "") or (max(post_words, key=len) if post_words else "")
    predicate = _predicate(before, after, lex)
    family = unit_family(q.unit, lex.tables)
    kind = _claim_kind(q, before, family, lex)
    cue = next((k for k, words in lex.claim_type_cues.items() if any(w in residual for w in words)), None)
    return Claim(
        field=field,
        text=text[start:end],
        start=start,
        end=end,
        quantity=q,
        sentence=sent,
        subject=subject,
        predicate=predicate,
        claim_kind=kind,
        family=family,
        cue=cue,
        topic=" ".join(_content_pieces(before, lex, False) + _content_pieces(after, lex, False)),
    )


def _keep_protected(m: re.Match[str]) -> str:
    return m.group(1) or " "


def _content_pieces(s: str, lex: ClaimsLexicon, cut_directions: bool = True) -> list[str]:
    """Noun-ish runs left once fillers (and direction words) are cut ('盘活的闲置空间' -> ['闲置空间']);
    remembered per lexicon, since template sentences recur in every form of a batch."""
    key = ("pieces", s, cut_directions)
    found = lex.memo.get(key)
    if found is None:
        t = (lex.cut_re if cut_directions else lex.level_cut_re).sub(_keep_protected, s)
        t = lex.stop_re.sub(" ", t)
        found = tuple(m.group() for m in _CJK_WORD.finditer(t) if len(m.group()) > 1)
        if len(lex.memo) < 50_000:
            lex.memo[key] = found
    return list(found)


def _predicate(before: str, after: str, lex: ClaimsLexicon) -> str:
    found = list(lex.direction_re.finditer(before))
    if found:
        return found[-1].group()
    m = lex.direction_re.search(after)
    return m.group() if m else ""


def _claim_kind(q: Quantity, before: str, family: str | None, lex: ClaimsLexicon) -> str:
    if q.kind == "change" or q.base is not None:
        return "change"
    if q.kind in ("relative", "pp"):
        return "relative"
    if family == "pct":
        tail = before[-6:]
        cue_at = max((tail.rfind(c) + len(c) for c in lex.relative_cues if c in tail), default=-1)
        if cue_at >= 0 and not any(lv in tail[cue_at:] for lv in lex.level_cues):
            qtext = q.text
            if not any(lv in qtext for lv in ("达到", "到", "至")):
                return "relative"
    return "level"


def _judge_checkable(claim: Claim, lex: ClaimsLexicon) -> None:
    """Money, scores, bare numbers, execution rates and overall completion rates are not this check's."""
    q = claim.quantity
    reason = None
    if claim.family == "money" and not any(w in claim.subject or w in claim.topic for w in lex.outcome_money):
        reason = "资金金额, 由资金核对(C008)处理"
    elif claim.family == "score":
        reason = "评分分值, 不是产出或效果的量化表述"
    elif q.unit is None or q.value is None:
        reason = "没有计量单位的数字"
    elif claim.family == "pct" and any(c in claim.text for c in lex.funds_cues):
        reason = "资金执行表述, 由资金核对(C008)处理"
    elif claim.family == "pct" and not lex.generic_re.sub("", claim.topic.replace(" ", "")):
        reason = "笼统的完成情况表述, 由C004处理"
    elif claim.subject in lex.generic_claims:
        reason = "笼统的完成情况表述, 由C004处理"
    if reason is not None:
        _mark_not_checkable(claim, reason)
