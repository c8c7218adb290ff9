"""B001–B002: what only shows across the forms of a batch: copied text and suspicious statistics.

Both run once per run (scope="batch") in the parent process, on the signature of every form
(``FormSignature``): what each rule's ``collect`` kept of a form as its file finished - the folded
texts worth comparing for B001, a handful of counts and short quotes for B002 - never the parsed
form, so memory does not grow with the forms' size. B001 finds near-identical 实际完成情况
narratives and deviation reasons with character 3-gram shingles: an inverted index proposes
candidate pairs, exact Jaccard / containment confirms them, and a union-find groups them so each
cluster is reported once. B002 reports batch shares (rows exactly on their threshold, forms with
full marks everywhere, one grade for nearly everyone) when the batch is large enough for a share
to mean something.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..params import param
from ..text import bare
from .attainment import at_threshold
from .evidence import reason_text, span_text
from .lexicon import words
from .registry import FormContext, check
from .writing_lex import writing_lexicon

if TYPE_CHECKING:
    from ..findings import Finding
    from ..model import Form
    from .registry import BatchContext, FormSignature

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SHINGLE = 3
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


@dataclass(slots=True)
class _Doc:
    form: FormSignature
    text: str
    norm: str
    indicator: str | None = None


def _form_key(form: FormSignature) -> tuple[str, int]:
    """One form of the batch: its file and index (a form built in code without a path is itself)."""
    return (form.path, form.index) if form.path else ("", id(form))


def _norm(text: str) -> str:
    """Folded, no punctuation or spaces, every number as '#': a copy with its figures changed is a copy."""
    return _NUMBER.sub("#", bare(text))


def _shingles(norm: str) -> frozenset[str]:
    return frozenset(norm[i:i + _SHINGLE] for i in range(len(norm) - _SHINGLE + 1))


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


def _docs(ctx: BatchContext, kind: str) -> list[_Doc]:
    """The narratives ('actual') or deviation reasons ('reason') worth comparing, one per form/row."""
    seen: set[tuple[str, int]] = set()
    out: list[_Doc] = []
    for form in ctx.forms:
        if _form_key(form) in seen:
            continue  # the same file given twice is one form, not a copy of itself
        seen.add(_form_key(form))
        for t in form.parts.get("B001") or ():
            if t.kind == kind:
                out.append(_Doc(form, t.text, t.norm, t.indicator))
    return out


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_TWIN = 0.95  # Jaccard above which a text is not indexed again (its twin already is)
_FULL_INDEX_BELOW = 40  # shingles; shorter texts (reasons) are indexed whole, sampling would lose them


def _sampled(sh: str) -> bool:
    return (ord(sh[0]) + 3 * ord(sh[-1])) % 4 == 0


def _index_keys(shingles: frozenset[str]) -> tuple[list[str], int, bool]:
    """(keys, sampled count, whole): about one shingle in four, chosen by content (stable across
    runs and processes), enough to propose every near-identical pair of long texts at a quarter of
    the index work; short texts are indexed whole."""
    sampled = [sh for sh in shingles if (ord(sh[0]) + 3 * ord(sh[-1])) % 4 == 0]  # _sampled, inlined
    if len(shingles) < _FULL_INDEX_BELOW:
        return list(shingles), len(sampled), True
    return sampled, len(sampled), False


def similar_pairs(docs: list[_Doc], jaccard: float, containment: float,
                  max_postings: int) -> Iterator[tuple[int, int, float]]:
    """(i, j, similarity) for docs of different forms that are near-identical.

    Exact copies are grouped by text first (so a text pasted into hundreds of forms costs one
    index entry); the rest go through an index of sampled shingles whose very common entries
    (template phrases) are skipped, and every candidate is confirmed on the full shingle sets.
    A text's full set is built when it is indexed and again when it is a candidate, never kept
    for the whole batch: the index and a few counts per text are what grows with the batch
    (about a fifth of the memory of every text's set, at 50,000 forms).
    """
    first: dict[str, int] = {}
    reps: list[int] = []
    for i, doc in enumerate(docs):
        j = first.get(doc.norm)
        if j is None:
            first[doc.norm] = i
            reps.append(i)
        elif docs[j].form is not doc.form:
            yield j, i, 1.0
    postings: dict[str, list[int]] = {}
    sizes: dict[int, tuple[int, int, bool]] = {}
    half = 0.5 * containment
    candidate_shingles = lru_cache(maxsize=256)(_shingles)  # a text near many others is asked for often
    for i in reps:
        a = _shingles(docs[i].norm)
        keys, n_sampled, whole = _index_keys(a)
        sizes[i] = (len(keys), n_sampled, whole)
        counts: Counter[int] = Counter()  # counted in C; same insertion order as a dict loop
        for sh in keys:
            plist = postings.get(sh)
            if plist is not None and len(plist) <= max_postings:
                counts.update(plist)
        twin = False
        n_keys = len(keys)
        for j, shared in counts.items():
            nj, sj, whole_j = sizes[j]
            if whole and whole_j:
                common = n_keys if n_keys < nj else nj
            else:
                common = n_sampled if n_sampled < sj else sj
            if shared < half * common or docs[j].form is docs[i].form:
                continue  # too few shared keys for either text to be (nearly) inside the other
            b = candidate_shingles(docs[j].norm)
            inter = len(a & b)
            jac = inter / (len(a) + len(b) - inter)
            con = inter / min(len(a), len(b))
            if jac >= jaccard or con >= containment:
                twin = twin or jac >= _TWIN
                yield j, i, max(jac, con)
        if not twin:  # a near-twin of an indexed text adds nothing to the index but work
            for sh in keys:
                plist = postings.setdefault(sh, [])
                if len(plist) <= max_postings:  # past the cap a shingle is never asked again: stop growing
                    plist.append(i)


def _where(doc: _Doc) -> str:
    project = f"《{doc.form.project}》" if doc.form.project else ""
    row = f"[{doc.indicator}]" if doc.indicator is not None else ""
    return f"{doc.form.path}#{doc.form.index}{project}{row}"


def _clusters(docs: list[_Doc], ctx: BatchContext) -> list[tuple[list[int], float]]:
    p = ctx.params("B001")
    jaccard, containment, max_postings = p.jaccard, p.containment, p.max_postings
    union = _Union(len(docs))
    low: dict[int, float] = {}
    for i, j, sim in similar_pairs(docs, jaccard, containment, max_postings):
        union.join(i, j)
        low[i] = min(low.get(i, 1.0), sim)
        low[j] = min(low.get(j, 1.0), sim)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in low:
        groups[union.find(i)].append(i)
    out = []
    for members in groups.values():
        members.sort()
        if len({_form_key(docs[m].form) for m in members}) >= 2:
            out.append((members, min(low[m] for m in members)))
    out.sort(key=lambda c: c[0][0])
    return out


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
    shown_max = ctx.params("B001").max_listed_forms
    for kind, label in (("actual", "实际完成情况"), ("reason", "偏差原因")):
        docs = _docs(ctx, kind)
        if len(docs) < 2:
            continue
        for members, sim in _clusters(docs, ctx):
            first = docs[members[0]]
            places = [_where(docs[m]) for m in members]
            n_forms = len({_form_key(docs[m].form) for m in members})
            listed = "、".join(places[:shown_max]) + (f" 等 {len(places)} 处" if len(places) > shown_max else "")
            yield ctx.finding(
                "B001",
                f"{n_forms} 张表的{label}几乎相同(相似度 ≥ {sim:.0%},数字不计),疑为复制粘贴,"
                f"未按各项目实际情况填写:{listed}。",
                first.text[:_EVIDENCE],
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


def _examples(forms: list[FormStats], part: str, limit: int = 3) -> str:
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
    forms: list[FormStats] = [st for f in ctx.forms if f.kind == "self_evaluation"
                              and (st := f.parts.get("B002")) is not None]
    p = ctx.params("B002")
    min_forms = p.min_forms
    if len(forms) < min_forms:
        return
    n = len(forms)
    # rows exactly on their threshold (A002's own test, so the two never disagree)
    examples: list[str] = []
    hits = eligible = 0
    for stats in forms:
        eligible += stats.threshold_rows
        hits += stats.at_threshold
        examples.extend(stats.examples[: 3 - len(examples)])
    share = hits / eligible if eligible else 0.0
    limit = p.at_threshold_share
    if eligible >= p.min_threshold_rows and share >= limit:
        yield ctx.finding(
            "B002",
            f"本批 {n} 张自评表中,{hits}/{eligible} 个“≥/≤”指标的实际完成值恰好等于阈值({share:.0%},"
            f"提示阈值 {limit:.0%}),实际值可能照抄目标值而非实测,请抽查原始记录。",
            "\n".join(examples),
            expected=f"< {limit:.0%}",
            actual=round(share, 4),
            formula="A002 行数 / 有“≥/≤”数值目标且有实际数值的行数",
            reasons=[f"{hits} of {eligible} threshold rows"],
        )
    # forms with full marks everywhere
    judged = [(stats, stats.full_marks) for stats in forms if stats.full_marks is not None]
    full = [form for form, v in judged if v]
    limit = p.full_marks_share
    if len(judged) >= min_forms and len(full) / len(judged) >= limit:
        share = len(full) / len(judged)
        yield ctx.finding(
            "B002",
            f"本批 {len(judged)} 张已评分的自评表中,{len(full)} 张所有指标均得满分({share:.0%},提示阈值 {limit:.0%}),"
            "自评打分可能未按实际完成情况计算。",
            _examples(full, "total"),
            expected=f"< {limit:.0%}",
            actual=round(share, 4),
            formula="全部指标 得分 = 分值 的表数 / 已评分表数",
        )
    # one grade for (nearly) everyone
    bands = ctx.settings.grade_bands
    grades = [g for g in (_grade_of(f, bands) for f in forms) if g]
    limit = p.grade_share
    if len(grades) >= min_forms:
        top, count = Counter(grades).most_common(1)[0]
        share = count / len(grades)
        if share >= limit:
            import statistics  # only here: its import costs milliseconds of cold start

            totals = [float(st.total_score) for st in forms if st.total_score is not None]
            spread = statistics.pstdev(totals) if len(totals) > 1 else 0.0
            dist = "、".join(f"{g} {c}" for g, c in Counter(grades).most_common())
            yield ctx.finding(
                "B002",
                f"本批 {len(grades)} 张自评表的评分等级几乎全部为“{top}”({share:.0%},分布:{dist};"
                f"总分标准差 {spread:.1f} 分),等级区分度低,请关注自评是否从严。",
                _examples([f for f in forms if _grade_of(f, bands) == top], "grade"),
                expected=f"< {limit:.0%}",
                actual=round(share, 4),
                formula="最常见等级的表数 / 有等级的表数",
            )
