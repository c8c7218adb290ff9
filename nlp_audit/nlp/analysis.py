"""The shared NLP pass of one form: sentences, quantities and claims, built once, read by checks.

Contract (checks rely on it):
    analyze(form, pack, embedder=None) -> FormAnalysis
Offsets of Sentence/Claim are into the narrative's own text (form.goal.text / form.actual.text);
add ``form.goal.source.start`` (or actual) to get offsets in the file text.
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


@dataclass(slots=True)
class FormAnalysis:
    form: Form
    sentences: list[Sentence] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def analyze(form: Form, pack: RulePack, embedder=None) -> FormAnalysis:  # pragma: no cover - replaced
    """Placeholder until the claims pipeline lands: sentences only."""
    from .sentences import split_sentences

    sentences = split_sentences(form.goal.text, "goal") + split_sentences(form.actual.text, "actual")
    return FormAnalysis(form=form, sentences=sentences)
