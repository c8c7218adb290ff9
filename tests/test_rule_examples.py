"""Every rule's documented Fires / Passes examples, run: the docs cannot drift from the rules.

The examples are written in each rule's docstring in the notation of nlp_audit/checks/examples.py
(what `nlp-audit explain CODE` prints). A Fires example must give the rule at least one finding with
evidence quoted from the example form; a Passes example (the near miss) must give none.
"""

from __future__ import annotations

import pytest

from nlp_audit.checks.examples import examples
from nlp_audit.checks.registry import BatchContext, FormContext, all_specs, run_batch_checks, run_form_checks
from nlp_audit.packs import load_pack

SPECS = [s for s in all_specs() if s.fn is not None]
CASES = [(s.code, i, ex) for s in SPECS for i, ex in enumerate(examples(s.doc))]


def _run(code: str, ex) -> list:
    pack = load_pack("default")
    only = lambda c: c == code  # noqa: E731
    forms = ex.forms()
    spec = next(s for s in SPECS if s.code == code)
    if spec.scope == "batch":
        return list(run_batch_checks(BatchContext.of_forms(forms, pack, only), only))
    found = []
    for f in forms:
        found.extend(run_form_checks(FormContext(form=f, pack=pack), only))
    return found


@pytest.mark.parametrize("code", [s.code for s in SPECS])
def test_every_rule_documents_an_example_that_fires_and_one_that_passes(code):
    spec = next(s for s in SPECS if s.code == code)
    kinds = {ex.fires for ex in examples(spec.doc)}
    assert kinds == {True, False}, f"{code}: Fires and Passes examples in the docstring, in the examples notation"


@pytest.mark.parametrize(("code", "index", "example"), CASES, ids=[f"{c}-{i}" for c, i, _ in CASES])
def test_documented_example(code, index, example):
    found = _run(code, example)
    if example.fires:
        assert found, f"{code} should fire on: {example}"
        texts = [f.text for f in example.forms()]
        for finding in found:
            if finding.field != "batch":
                assert finding.evidence and any(finding.evidence in t for t in texts), finding
    else:
        assert not found, f"{code} should pass: {example}\n" + "\n".join(f"{f.rule} {f.message}" for f in found)
