"""The spaCy view: jieba segmenter with the domain dictionary, claims and quantities as Spans."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")


def test_doc_carries_claims_as_spans_with_the_same_offsets_as_the_extractor():
    from nlp_audit.nlp.claims import extract_claims
    from nlp_audit.nlp.pipeline import doc_for

    text = "建成后, 盘活 2500 平方米的闲置空间; 阵地人气提升超过 50%。"
    doc = doc_for(text, "actual")
    assert "阵地人气" in [t.text for t in doc] and "闲置空间" in [t.text for t in doc]  # user dictionary
    spans = doc.spans["claims"]
    expected = extract_claims(text, "actual")[1]
    assert [(s.start_char, s.end_char) for s in spans] == [(c.start, c.end) for c in expected]
    assert spans[0]._.claim.subject == "闲置空间"
    assert [s.text for s in doc.spans["quantities"]] == ["2500 平方米", "提升超过 50%"]
    assert len(list(doc.sents)) == 2
