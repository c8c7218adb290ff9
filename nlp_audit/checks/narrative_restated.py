"""C003, one amount stated twice: a report that restates its money disagrees with itself.

Three ways a report (自评报告, or a long 实际完成情况) names the same money twice, each an identity that
holds without knowing the project:
- the same allocation document (文号 "某财农〔2023〕41号") allocating a different amount in two sentences;
- a breakdown (其中 中央级 118.45万元, 省级 301.27万元) restated in a paragraph that repeats its total,
  with a share under the same name carrying another amount;
- an amount said to be paid in full ("1968万元已全部拨付") while another sentence of the same money states
  a different paid amount ("已完成拨付1846.20万元").
The words are the ``restated`` section of rules/lexicons/narrative.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..nlp import consistency as cs
from ..nlp.texts import NarrativeText
from ..text import Piece
from .narrative import _evidence, _subject, _usable
from .registry import FormContext

# 文号: issuer abbreviation, year in brackets, serial number (某财农〔2023〕41号, 呼财农指【2023】10号)
_DOC_ID = re.compile(r"([\u4e00-\u9fff]{1,10})\s*[〔\[【(（]\s*((?:19|20)\d{2})\s*[〕\]】)）]\s*(\d{1,5})\s*号")


def restatements(ctx: FormContext, text: NarrativeText, lex: cs.Lexicon, lists: list) -> Iterator[Finding]:
    words = lex.raw.get("restated") or {}
    yield from _same_document(ctx, text, lex, words)
    yield from _restated_breakdown(ctx, text, lex, lists)
    yield from _paid_in_full(ctx, text, lex, words)


def _same(a, b) -> bool:
    """Two printed amounts that can be one value: their rounding intervals (half-open) overlap; '5万元' and
    '6万元' cannot both be 5.5万元 rounded."""
    return abs(a.value - b.value) < cs.rounding_tolerance(a) + cs.rounding_tolerance(b) - 1e-6


def _plain(q) -> bool:
    return _usable(q) and q.op in (None, "=") and not q.approx


def _same_document(ctx, text: NarrativeText, lex: cs.Lexicon, words: dict) -> Iterator[Finding]:
    """One 文号, one amount: the money a document allocates is stated once per sentence that cites it."""
    verbs = tuple(words.get("allocation_verbs") or ())
    seen: dict[tuple, tuple] = {}
    for sent, qs in text.text.pieces("sentence"):
        ids = list(_DOC_ID.finditer(sent.text))
        if len(ids) != 1 or lex.part.search(sent.text, ids[0].end()):
            continue  # several documents, or a breakdown: which amount is whose is not said
        doc = ids[0]
        money = [q for q in qs if q.start >= doc.end() and _plain(q) and q.unit == "万元"]
        if len(money) != 1 or not any(v in sent.text[doc.end() : money[0].start] for v in verbs):
            continue
        q = money[0]
        key = (doc.group(1)[-3:], *doc.groups()[1:])  # the issuer's abbreviation, without what leads into it
        if key not in seen:
            seen[key] = (q, sent)
            continue
        first, first_sent = seen[key]
        if _same(first, q):
            continue
        del seen[key]
        evidence, source = _evidence(text, sent.start + doc.end(), sent.start + q.end, number=_abs(sent, q))
        first_ev, _src = _evidence(text, first_sent.start, first_sent.start + first.end,
                                   number=_abs(first_sent, first))
        yield ctx.finding(
            "C003", f"同一文件{doc.group(0)}下达的资金前后两处不一致：{first.text} 与 {q.text}", evidence,
            source=source, field=text.field, expected=first.value, actual=q.value,
            reasons=[f"第一次: {first_ev}", f"第二次: {evidence}"])


def _restated_breakdown(ctx, text: NarrativeText, lex: cs.Lexicon, lists: list) -> Iterator[Finding]:
    """A 其中 list's total repeated in another paragraph, whose shares named like the list's differ."""
    min_len = ctx.params("C003").min_subject_chars
    sentences = text.text.pieces("sentence")
    for list_sent, total, parts in lists:
        shares = {}
        for p in parts:
            name = _subject(list_sent.text, p, lex)
            if len(name) >= min_len:
                shares.setdefault(name, p)
        if len(parts) < 2 or len(shares) < 2:
            continue
        for para in _paragraphs(text, sentences, list_sent):
            conflicts = []
            restates = False
            for sent, qs in para:
                for q in qs:
                    if not _plain(q) or q.unit != total.unit:
                        continue
                    restates = restates or _same(q, total)
                    share = shares.get(_subject(sent.text, q, lex))
                    if share is not None and not _same(share, q):
                        conflicts.append((sent, q, share))
            if not restates or not conflicts:
                continue
            sent, q, share = conflicts[0]
            last_sent, last_q, _share = conflicts[-1]
            start = max(sent.start, sent.start + q.start - len(_subject(sent.text, q, lex)) - 2)
            evidence, source = _evidence(text, start, last_sent.start + last_q.end, number=_abs(sent, q))
            yield ctx.finding(
                "C003", "叙述重述同一笔资金的构成时，分项金额与前文不一致："
                + "；".join(f"{_subject(s.text, x, lex)} 前文 {sh.text}、此处 {x.text}" for s, x, sh in conflicts),
                evidence, source=source, field=text.field, expected=share.value, actual=q.value,
                reasons=[f"前文合计 {total.text}: " + "、".join(f"{n} {p.text}" for n, p in shares.items())])
            break


def _paragraphs(text: NarrativeText, sentences, skip: Piece) -> list[list]:
    """The sentences of each line of the narrative, without the lines that hold ``skip``."""
    out: dict[int, list] = {}
    for sent, qs in sentences:
        if sent.start < skip.end and skip.start < sent.end:
            continue
        out.setdefault(text.norm.count("\n", 0, sent.start), []).append((sent, qs))
    lines_of_skip = {text.norm.count("\n", 0, skip.start), text.norm.count("\n", 0, skip.end)}
    return [v for k, v in out.items() if k not in lines_of_skip]


def _paid_in_full(ctx, text: NarrativeText, lex: cs.Lexicon, words: dict) -> Iterator[Finding]:
    """'A万元…已全部拨付' and, elsewhere, '已拨付B万元' with B ≠ A: the full amount was not paid."""
    verbs = [v for v in words.get("payment_verbs") or () if v]
    whole = [w for w in words.get("whole_words") or () if w]
    if not verbs or not whole:
        return
    verb_alt = "|".join(sorted(map(re.escape, verbs), key=len, reverse=True))
    in_full = re.compile(rf"[^,，;；。]{{0,8}}?(?:{'|'.join(map(re.escape, whole))})\s*(?:已)?\s*({verb_alt})")
    stated = re.compile(rf"({verb_alt})\s*(?:了|资金|金额|为|共|共计|:|：)?\s*$")
    sentences = text.text.pieces("sentence")
    claims = []
    for sent, qs in sentences:
        for q in qs:
            m = in_full.match(sent.text, q.end) if _plain(q) and q.unit == "万元" else None
            if m:
                claims.append((sent, q, m))
    for sent, q, m in claims:
        verb = m.group(1)
        for other, qs in sentences:
            if other is sent:
                continue
            money = [x for x in qs if _plain(x) and x.unit == "万元"]
            for x in money:
                head = stated.search(other.text, 0, x.start)
                if head is None or head.group(1) != verb or _same(x, q):
                    continue
                if any(y is not x and not _same(y, q) for y in money):
                    continue  # the sentence speaks of other money too: not surely the same amount
                evidence, source = _evidence(text, sent.start + q.start, sent.start + m.end(),
                                             number=_abs(sent, q))
                other_ev, _src = _evidence(text, other.start, other.end, number=_abs(other, x))
                yield ctx.finding(
                    "C003", f"叙述称 {q.text}已全部{verb}，另一处又称{verb} {x.text}，两处不一致", evidence,
                    source=source, field=text.field, expected=q.value, actual=x.value,
                    reasons=[f"全部{verb}: {evidence}", f"另称: {other_ev}"])
                return


def _abs(piece: Piece, q) -> tuple[int, int]:
    return piece.start + q.start, piece.start + q.end
