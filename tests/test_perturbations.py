"""Property: a form rendered through any perturbation of issue 8 parses to the same rows and values.

Hypothesis draws the cases (devtools.synth.perturb.make_case: a generated form, or several, through one
real-form phenomenon); each is parsed with nlp_audit.layout.parse_text and scored as
../shared/tools/score_gold.py scores (a row the parser reports unreadable counts as lost; an OCR-damaged
cell must be flagged, not read). Every case must parse without raising and quote only text of the file.

The parser does not read every phenomenon yet, so recovery is asserted per phenomenon at or above a
floor: today's measured level rounded down (FLOORS). Ratchet the floors up as the parser improves,
to the targets of issue 8: TARGET with the lexicon in force, TARGET_NO_ALIASES with its column-header
aliases emptied (nlp_audit.layout.lexicon.without_header_aliases). ``pytest tests/test_perturbations.py -s``
prints the figures and their floors (rounded down); scripts/eval_perturb.py measures on more cases.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from devtools.synth.perturb import PHENOMENA, make_case
from devtools.synth.perturb.evaluate import header_aliases
from devtools.synth.perturb.score import Tally, score_case
from nlp_audit.layout import parse_text

TARGET, TARGET_NO_ALIASES = 0.95, 0.90
# phenomenon: (rows, values) with the header aliases in force, (rows, values) with them emptied; measured
# on the default parser and rounded down to two decimals by scripts/ratchet_perturb_floors.py.
FLOORS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "fused": ((0.96, 0.98), (0.96, 0.97)),
    "interleaved": ((1.00, 1.00), (1.00, 1.00)),
    "headless": ((1.00, 1.00), (1.00, 1.00)),
    "prose_report": ((1.00, 0.99), (1.00, 0.99)),
    "unknown_labels": ((0.91, 0.98), (0.94, 0.99)),
    "glossed": ((1.00, 0.99), (1.00, 1.00)),
    "one_line": ((0.97, 0.98), (0.97, 0.98)),
    "multi_project": ((1.00, 0.99), (1.00, 0.99)),
    "flat_header": ((1.00, 1.00), (1.00, 1.00)),
    "value_formats": ((0.95, 0.98), (0.97, 0.99)),
    "funds_variants": ((1.00, 1.00), (1.00, 1.00)),
    "boilerplate": ((1.00, 1.00), (1.00, 1.00)),
    "ocr": ((1.00, 0.99), (1.00, 0.99)),
    "narrative_layout": ((1.00, 1.00), (1.00, 1.00)),
}
EXAMPLES = 12  # cases per phenomenon and lexicon (about 80 rows): the whole file stays under ~20 s


def recovery(phenomenon: str, aliases: bool) -> Tally:
    """Parse EXAMPLES hypothesis-drawn cases of ``phenomenon`` and tally what was read back."""
    tally = Tally()

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(seed=st.integers(min_value=0, max_value=2**31 - 1))
    def read_back(seed: int) -> None:
        case = make_case(phenomenon, seed)
        parsed = parse_text(case.text, f"{phenomenon}-{seed}.txt")  # never raises
        for form in parsed.forms:
            for problem in form.problems:  # evidence is quoted from the file, never made up
                assert problem.evidence in case.text, (seed, problem.code, problem.evidence)
        tally.add(score_case(case, parsed))

    with header_aliases(aliases):
        read_back()
    return tally


def _down(x: float) -> float:
    return math.floor(x * 100 + 1e-9) / 100


def test_floors_cover_every_phenomenon():
    assert set(FLOORS) == set(PHENOMENA)
    assert all(0.0 <= x <= 1.0 for pair in FLOORS.values() for x in (*pair[0], *pair[1]))


@pytest.mark.parametrize("aliases", [True, False], ids=["aliases", "no_aliases"])
@pytest.mark.parametrize("phenomenon", list(PHENOMENA))
def test_perturbed_forms_parse_to_their_rows_and_values(phenomenon: str, aliases: bool):
    tally = recovery(phenomenon, aliases)
    rows_floor, values_floor = FLOORS[phenomenon][0 if aliases else 1]
    target = TARGET if aliases else TARGET_NO_ALIASES
    rows, values = tally.rows or 0.0, tally.values or 0.0
    figures = f"{phenomenon} ({'aliases' if aliases else 'no aliases'}): rows {rows:.3f}, values {values:.3f}"
    print(f"{figures}  -> floors ({_down(rows):.2f}, {_down(values):.2f})")
    assert tally.n["rows"] >= EXAMPLES  # every case has rows to find
    assert rows >= rows_floor, f"{figures}: rows below the floor {rows_floor} (target {target})"
    assert values >= values_floor, f"{figures}: values below the floor {values_floor} (target {target})"

