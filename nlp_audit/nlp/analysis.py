"""The shared NLP pass of one form: sentences, quantities and claims, built once, read by checks.

Contract (checks rely on it):
    analyze(form, pack, embedder=None) -> FormAnalysis
Offsets of Sentence/Claim are into the narrative's own text (form.goal.text / form.actual.text);
the narrative may be joined from pieces of the file (wrapped cells, one of two columns), so map them
with ``form.goal.file_span`` / ``quote`` (or actual), never by adding ``source.start``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Form, Quantity

if TYPE_CHECKING:
    from ..packs import RulePack


@dataclass(slots=True)
class Sentence:
    text: str
    start: int
    end: int
    field: str  # "goal" | "actual"


@dataclass(slots=True)
class Claim:
    """One quantitative claim of a narrative and, once judged, its verdict against the indicators."""

    field: str  # "goal" | "actual"
    text: str  # the claim span (evidence), e.g. "服务内容从原来20余项增加到100余项"
    start: int  # offsets of ``text`` in the narrative
    end: int
    quantity: Quantity
    sentence: Sentence
    subject: str = ""  # what is measured: 服务内容, 阵地人气, 闲置空间, 覆盖率
    predicate: str = ""  # direction: 增加到, 提升, 盘活, 达
    checkable: bool = True
    verdict: str | None = None  # supported | contradicted | unsupported | not_checkable
    indicator: int | None = None  # index in form.indicators of the matched indicator
    score: float = 0.0  # match score of that indicator
    reasons: list[str] = field(default_factory=list)
    # Added by the claims pipeline (additive): how the claim reads and what it was compared with.
    claim_kind: str = "level"  # level | change | relative
    family: str | None = None  # unit family of the quantity (pct, person, item, area ...)
    cue: str | None = None  # satisfaction | timeliness when the claim says so
    topic: str = ""  # content words of the claim span, what lexical overlap is computed on
    compared_with: str | None = None  # "actual" | "target": the indicator cell the value was compared with
    indicator_value: str | None = None  # that cell's text, for messages


@dataclass(slots=True)
class FormAnalysis:
    form: Form
    sentences: list[Sentence] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # added: what went wrong in the NLP pass, if anything


def analyze(form: Form, pack: RulePack, embedder=None) -> FormAnalysis:
    """Sentences and claims of the form's narratives, each claim judged against the indicators.

    Never raises on bad input: a failure in the claims pass leaves the sentences and an empty
    claim list (the checks then have nothing to report rather than a traceback).
    """
    from .claims import extract_claims
    from .matching import match_claims
    from .sentences import split_sentences

    result = FormAnalysis(form=form)
    try:
        for narrative, fld in ((form.goal, "goal"), (form.actual, "actual")):
            sentences, claims = extract_claims(narrative.text or "", fld)
            result.sentences.extend(sentences)
            result.claims.extend(claims)
        match_claims(form, result.claims, embedder)
    except Exception as exc:  # noqa: BLE001 - one odd narrative must not stop a batch
        result.errors.append(f"claims: {type(exc).__name__}: {exc}")
        result.sentences = split_sentences(form.goal.text, "goal") + split_sentences(form.actual.text, "actual")
        result.claims = []
    return result
