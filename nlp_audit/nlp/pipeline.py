"""A spaCy view of a narrative: blank ``zh`` with the jieba segmenter, the domain user dictionary,
and the quantity recogniser and claim extractor as pipeline components (evidence as Spans).

An optional extra (``pip install '.[spacy]'``): the checker never imports this module. Why it is
not on the checker's path: spaCy + jieba cost ~2.8 s to import and initialise on
the project's machines (measured), against a 1.0 s cold-start budget for a one-form check, and
claim extraction needs neither tokens nor tags (it reads characters and the lexicon). The same
extraction code runs inside the components, so Doc users (notebooks, explain tooling, future
token-level rules) get identical claims with token-aligned Spans. Loaded once per process, lazily.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SENTENCE_PUNCT = ["。", "！", "？", "!", "?", "；", ";"]


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built on first use and shared by the whole process."""
    import jieba
    import spacy
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .lexicon import load_lexicon

    jieba.setLogLevel(logging.WARNING)
    for word in load_lexicon().user_dict:
        jieba.add_word(word, 100000, "n")
    for name, default in (("field", "actual"), ("claims", None), ("quantities", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in ("quantity", "claim"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)

    if "nlp_audit_quantities" not in Language.factories:
        Language.component("nlp_audit_quantities", func=_quantities_component)
        Language.component("nlp_audit_claims", func=_claims_component)

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_PUNCT})
    nlp.add_pipe("nlp_audit_quantities")
    nlp.add_pipe("nlp_audit_claims")
    return nlp


def _span(doc: Doc, start: int, end: int, label: str):
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def _quantities_component(doc: Doc) -> Doc:
    from .claims import quantities_of

    qs = quantities_of(doc.text)
    doc._.quantities = qs
    spans = []
    for q in qs:
        span = _span(doc, q.start, q.end, q.unit or q.kind)
        if span is not None:
            span._.quantity = q
            spans.append(span)
    doc.spans["quantities"] = spans
    return doc


def _claims_component(doc: Doc) -> Doc:
    from .claims import extract_claims

    _, claims = extract_claims(doc.text, doc._.field)
    doc._.claims = claims
    spans = []
    for c in claims:
        span = _span(doc, c.start, c.end, c.verdict or ("claim" if c.checkable else "not_checkable"))
        if span is not None:
            span._.claim = c
            spans.append(span)
    doc.spans["claims"] = spans
    return doc


def doc_for(text: str, field: str = "actual") -> Doc:
    """Run the pipeline on one narrative; ``doc.spans['claims']`` carries the claims."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc._.field = field
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
