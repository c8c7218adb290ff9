"""B001–B002: what only shows across the forms of a batch: copied text and suspicious statistics.

Both run once per run (scope="batch") in the parent process, on the signature of every form
(``FormSignature``): what each rule's ``collect`` kept of a form as its file finished - the folded
texts worth comparing for B001, a handful of counts and short quotes for B002 - never the parsed
form. The signatures wait in the run's store (``checks/store.py``: in memory for a small batch,
in a temporary file for a large one) and both rules read them back in streaming passes, so memory
does not grow with the batch either. B001 finds near-identical 实际完成情况 narratives and deviation
reasons with character 3-gram shingles (``checks/copy_search.py``: an inverted index kept in the
store proposes candidate pairs, exact Jaccard / containment confirms them, and a union-find groups
them so each cluster is reported once). B002 reports batch shares (rows exactly on their
threshold, forms with full marks everywhere, one grade for nearly everyone) when the batch is large
enough for a share to mean something.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..params import param
from ..text import bare
from . import copy_search
from .attainment import at_threshold
from .evidence import reason_text, span_text
from .lexicon import words
from .registry import FormContext, check
from .writing_lex import writing_lexicon

if TYPE_CHECKING:
    from ..findings import Finding
    from ..model import Form
    from .registry import BatchContext
    from .store import FormRef

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_EPS = 1e-6
_EVIDENCE = 200  # characters of a copied text quoted as the finding's evidence


# ---------------------------------------------------------------------------------------- B001


@dataclass(frozen=True, slots=True)
class CopyText:
    """A narrative or deviation reason of one form worth comparing across the batch (B001's part)."""

    kind: str  # "actual" | "reason"
    norm: str  # folded, without punctuation or spaces, numbers as '#'
    text: str  # as printed (stripped, first _EVIDENCE characters), for evidence
    indicator: str | None = None


def _norm(text: str) -> str:
    """Folded, no punctuation or spaces, every number as '#': a copy with its figures changed is a copy."""
    return _NUMBER.sub("#", bare(text))


def copy_texts(ctx: FormContext) -> tuple[CopyText, ...]:
    """B001's part of a form: its 实际完成情况 and deviation reasons worth comparing, folded.

    Texts shorter than min_narrative_chars / min_reason_chars, stock reasons (reason_boilerplate)
    and template prompts (copy_ignore) are left out here, once per form, with the run's pack.
    """
    form = ctx.form
    lex = writing_lexicon(ctx.pack)
    stock = ctx.pack.memo.get("B001:stock")
    if stock is None:
        stock = ctx.pack.memo["B001:stock"] = frozenset(_norm(w) for w in words(ctx.pack, "reason_boilerplate"))
    p = ctx.params("B001")
    min_chars = {"actual": p.min_narrative_chars, "reason": p.min_reason_chars}
    items = [("actual", form.actual.text, lambda: form.actual.quote(0, len(form.actual.text), strip=True)[0], None)]
    items.extend(("reason", ind.reason or "", lambda ind=ind: reason_text(form, ind), ind.name)
                 for ind in form.indicators)
    out: list[CopyText] = []
    for kind, raw, printed, indicator in items:
        norm = _norm(raw)
        if len(norm) < min_chars[kind] or norm in stock or any(m in norm for m in lex.copy_ignore):
            continue
        out.append(CopyText(kind, norm, ((printed() or raw).strip())[:_EVIDENCE], indicator))
    return tuple(out)


def _where(form: FormRef, indicator: str | None) -> str:
    project = f"《{form.project}》" if form.project else ""
    row = f"[{indicator}]" if indicator is not None else ""
    return f"{form.path}#{form.index}{project}{row}"


@dataclass(frozen=True)
class B001Params:
    min_narrative_chars: int = param(30, "a 实际完成情况 shorter than this (characters) is not compared", ge=0)
    min_reason_chars: int = param(12, "a 偏差原因 shorter than this (characters) is not compared", ge=0)
    jaccard: float = param(0.8, "shingle Jaccard similarity at or above which two texts are copies", ge=0, le=1)
    containment: float = param(0.9, "... or the share of the shorter text's shingles found in the longer", ge=0, le=1)
    max_postings: int = param(200, "a shingle shared by more texts than this is template text, not evidence", ge=1)
    max_listed_forms: int = param(10, "forms named in one finding's message", ge=1)


@check("B001", "copied-narrative", severity="warning", field="batch", scope="batch", params=B001Params,
       lexicons=("writing", "reason_boilerplate"), collect=copy_texts)
def copied_narrative(ctx: BatchContext) -> Iterator[Finding]:
    """Near-identical 实际完成情况 narratives or deviation reasons across different forms of a batch.

    Why: each project's self-evaluation must report its own results and its own causes
    (财预〔2020〕10号: 自评结果应真实准确); the same paragraph or the same 偏差原因 pasted into
    several forms shows the text was not written from the project's facts.
    Formula: texts folded, without punctuation, every number read as '#'; shorter than min_narrative_chars /
    min_reason_chars, stock reasons (reason_boilerplate) and template prompts (copy_ignore) are
    skipped; character 3-gram sets compared, near-identical when Jaccard ≥ jaccard (0.8) or
    containment ≥ containment (0.9); pairs joined into clusters, one finding per cluster.
    Fires:
      - copies 2
        actual 全年共开展党建活动12场,覆盖党员300余人,组织志愿服务队伍开展便民服务45次,群众满意度明显提升。
    Passes:
      - copies 1
        actual 全年共开展党建活动12场,覆盖党员300余人,组织志愿服务队伍开展便民服务45次,群众满意度明显提升。
    """
    p = ctx.params("B001")
    counts = copy_search.load_texts(ctx.signatures)
    for kind, label in (("actual", "实际完成情况"), ("reason", "偏差原因")):
        if counts[kind] < 2:
            continue
        for cluster in copy_search.search(ctx.signatures, kind, counts[kind], p.jaccard, p.containment,
                                          p.max_postings):
            first = cluster.members[0]
            places = [_where(m.form, m.indicator) for m in cluster.members]
            n_forms = cluster.forms
            shown = p.max_listed_forms
            listed = "、".join(places[:shown]) + (f" 等 {len(places)} 处" if len(places) > shown else "")
            yield ctx.finding(
                "B001",
                f"{n_forms} 张表的{label}几乎相同(相似度 ≥ {cluster.similarity:.0%},数字不计),疑为复制粘贴,"
                f"未按各项目实际情况填写:{listed}。",
                cluster.text[:_EVIDENCE],
                indicator=first.indicator,
                actual=n_forms,
                reasons=places,
            )


# ---------------------------------------------------------------------------------------- B002


@dataclass(frozen=True, slots=True)
class FormStats:
    """B002's part of a self-evaluation form: the few numbers and quotes the batch shares need."""

    threshold_rows: int  # rows with a ≥/≤ numeric target and a numeric actual
    at_threshold: int  # of them, exactly on the threshold (A002's own test)
    examples: tuple[str, ...]  # the first three A002 evidences
    full_marks: bool | None  # every scored row (and the funds row) got its 分值; None: nothing scored
    total_score: float | None
    grade: str | None  # as stated
    total_text: str  # the 总分 line as printed (else the project name), for evidence
    grade_text: str  # the 评分等级 cell as printed (else the project name)


def _all_full_marks(form: Form) -> bool | None:
    """True when every scored row (and the funds row) got its full 分值; None when nothing is scored."""
    scored = [(i.weight, i.score) for i in form.indicators if i.weight is not None and i.score is not None]
    total = form.funds_total
    if total is not None and total.weight is not None and total.score is not None:
        scored.append((total.weight, total.score))
    if len(scored) < 2:
        return None
    return all(abs(float(s) - float(w)) <= _EPS for w, s in scored)


def form_stats(ctx: FormContext) -> FormStats | None:
    """B002's part of a form (None for forms that are not self-evaluations)."""
    form = ctx.form
    if form.kind != "self_evaluation":
        return None
    eligible = sum(1 for i in form.indicators
                   if i.target.op in (">=", "<=") and i.target.value is not None and i.actual.value is not None)
    hits = list(at_threshold(FormContext(form=form, pack=ctx.pack)))
    return FormStats(
        threshold_rows=eligible,
        at_threshold=len(hits),
        examples=tuple(f.evidence for f in hits[:3]),
        full_marks=_all_full_marks(form),
        total_score=form.total_score,
        grade=form.grade,
        total_text=span_text(form, form.total_source) or form.project or "",
        grade_text=span_text(form, form.grade_source) or form.project or "",
    )


def _grade_of(stats: FormStats, bands: dict) -> str | None:
    """The grade the total earns (pack grade_bands), else the stated grade."""
    if stats.total_score is not None and bands:
        for grade, low in sorted(bands.items(), key=lambda kv: -float(kv[1])):
            if stats.total_score >= float(low) - _EPS:
                return str(grade)
    return stats.grade


def _examples(forms: Iterable[FormStats], part: str, limit: int = 3) -> str:
    """Up to ``limit`` lines as printed (the 总分 line, or the 评分等级 cell), else project names."""
    out: list[str] = []
    for stats in forms:
        text = stats.total_text if part == "total" else stats.grade_text
        if text and text not in out:
            out.append(text)
        if len(out) >= limit:
            break
    return "\n".join(out)


@dataclass(frozen=True)
class B002Params:
    min_forms: int = param(20, "self-evaluations a batch needs before its statistics mean anything", ge=1)
    min_threshold_rows: int = param(20, "rows with a ≥/≤ target and a numeric actual needed for the "
                                        "at-threshold share", ge=1)
    at_threshold_share: float = param(0.5, "share of those rows exactly on their threshold that is reported",
                                      ge=0, le=1)
    full_marks_share: float = param(0.5, "share of forms with every score full that is reported", ge=0, le=1)
    grade_share: float = param(0.9, "share of forms in the most common grade that is reported", ge=0, le=1)


@check("B002", "batch-pattern", severity="info", field="batch", scope="batch", params=B002Params,
       uses=("grade_bands",), collect=form_stats)
def batch_pattern(ctx: BatchContext) -> Iterator[Finding]:
    """Batch statistics worth a look: rows exactly on their threshold, all-full-marks forms, one grade for all.

    Why: one result exactly on its ≥ threshold, one form with full marks, one 优 are unremarkable;
    when they are the rule across a batch, the actuals were probably copied from the targets and
    the scores given rather than computed (审计实务: 实际值恰等于阈值、满分比例异常).
    Formula: over the self-evaluation forms, only when there are ≥ min_forms of them:
    at-threshold share = A002 rows / rows with a ≥/≤ numeric target and a numeric actual
    (≥ min_threshold_rows rows) ≥ at_threshold_share; full-marks share = forms where every scored
    row and the funds row have 得分 = 分值 ≥ full_marks_share; top grade share = forms of the most
    common grade (from 总分 by grade_bands) ≥ grade_share.
    Fires:
      - copies 20
        row 党员群众满意度 | ≥90% | 90% | 10 | 9
    Passes:
      - copies 19
        row 党员群众满意度 | ≥90% | 90% | 10 | 9
      - copies 20
        row 党员群众满意度 | ≥90% | 96% | 10 | 9
    """
    p = ctx.params("B002")
    bands = ctx.settings.grade_bands
    tally = _Tally.of(_self_evaluations(ctx), bands)
    min_forms, n = p.min_forms, tally.forms
    if n < min_forms:
        return
    # rows exactly on their threshold (A002's own test, so the two never disagree)
    hits, eligible = tally.at_threshold, tally.threshold_rows
    share = hits / eligible if eligible else 0.0
    limit = p.at_threshold_share
    if eligible >= p.min_threshold_rows and share >= limit:
        yield ctx.finding(
            "B002",
            f"本批 {n} 张自评表中,{hits}/{eligible} 个“≥/≤”指标的实际完成值恰好等于阈值({share:.0%},"
            f"提示阈值 {limit:.0%}),实际值可能照抄目标值而非实测,请抽查原始记录。",
            "\n".join(tally.examples),
            expected=f"< {limit:.0%}",
            actual=round(share, 4),
            formula="A002 行数 / 有“≥/≤”数值目标且有实际数值的行数",
            reasons=[f"{hits} of {eligible} threshold rows"],
        )
    # forms with full marks everywhere
    judged, full = tally.judged, tally.full_marks
    limit = p.full_marks_share
    if judged >= min_forms and full / judged >= limit:
        share = full / judged
        yield ctx.finding(
            "B002",
            f"本批 {judged} 张已评分的自评表中,{full} 张所有指标均得满分({share:.0%},提示阈值 {limit:.0%}),"
            "自评打分可能未按实际完成情况计算。",
            _examples((st for st in _self_evaluations(ctx) if st.full_marks), "total"),
            expected=f"< {limit:.0%}",
            actual=round(share, 4),
            formula="全部指标 得分 = 分值 的表数 / 已评分表数",
        )
    # one grade for (nearly) everyone
    graded = sum(tally.grades.values())
    limit = p.grade_share
    if graded >= min_forms:
        top, count = tally.grades.most_common(1)[0]
        share = count / graded
        if share >= limit:
            import statistics  # only here: its import costs milliseconds of cold start

            totals = tally.totals
            spread = statistics.pstdev(totals) if len(totals) > 1 else 0.0
            dist = "、".join(f"{g} {c}" for g, c in tally.grades.most_common())
            yield ctx.finding(
                "B002",
                f"本批 {graded} 张自评表的评分等级几乎全部为“{top}”({share:.0%},分布:{dist};"
                f"总分标准差 {spread:.1f} 分),等级区分度低,请关注自评是否从严。",
                _examples((st for st in _self_evaluations(ctx) if _grade_of(st, bands) == top), "grade"),
                expected=f"< {limit:.0%}",
                actual=round(share, 4),
                formula="最常见等级的表数 / 有等级的表数",
            )


def _self_evaluations(ctx: BatchContext) -> Iterator[FormStats]:
    """B002's parts of the batch's self-evaluations, in input order (one streaming pass of the store)."""
    return (st for form, st in ctx.signatures.parts("B002") if form.kind == "self_evaluation")


@dataclass(slots=True)
class _Tally:
    """What B002 adds up in one pass over the batch: counts, the first A002 examples, the grades, and
    the totals as a compact array (the spread of the totals needs them all: 8 bytes a form)."""

    forms: int = 0
    threshold_rows: int = 0
    at_threshold: int = 0
    examples: list[str] = field(default_factory=list)
    judged: int = 0  # forms with a scored row or more (full_marks not None)
    full_marks: int = 0
    grades: Counter[str] = field(default_factory=Counter)  # in order of first appearance, as most_common breaks ties
    totals: array = field(default_factory=lambda: array("d"))

    @classmethod
    def of(cls, forms: Iterable[FormStats], bands: dict) -> _Tally:
        t = cls()
        for st in forms:
            t.forms += 1
            t.threshold_rows += st.threshold_rows
            t.at_threshold += st.at_threshold
            t.examples.extend(st.examples[: 3 - len(t.examples)])
            if st.full_marks is not None:
                t.judged += 1
                t.full_marks += bool(st.full_marks)
            grade = _grade_of(st, bands)
            if grade:
                t.grades[grade] += 1
            if st.total_score is not None:
                t.totals.append(float(st.total_score))
        return t
