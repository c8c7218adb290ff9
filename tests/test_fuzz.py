"""The short fuzz campaign (the long one is scripts/fuzz.py): mutated forms of every input type, and
every input that once broke the contract (tests/data/hostile/), through every output format.

Derandomized, so CI sees the same inputs on every run; the campaign holds the pipeline to the
contract of issue 11: no exception escapes, no input is lost from the results, every report parses
strictly, no file runs past the time limit. Caught crashes (a P001 naming a reader, parser or check
error) are reported in the failure message of the fixtures test, where they are known inputs.
"""

from __future__ import annotations

from pathlib import Path

from fuzzkit import check_folder, fuzz_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_audit.limits import Limits

HOSTILE = Path(__file__).parent / "data" / "hostile"
LIMITS = Limits(max_seconds=10.0)


def _assert_kept(outcome) -> None:
    assert not outcome.escaped, outcome.escaped
    assert not outcome.lost, outcome.lost
    assert not outcome.rejected, outcome.rejected
    assert not outcome.slow, outcome.slow


@settings(max_examples=4, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(st.lists(fuzz_input(), min_size=6, max_size=6, unique_by=lambda item: item[0]))
def test_mutated_inputs_of_every_type_keep_the_contract(tmp_path_factory, batch) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for name, data in batch:
        (folder / name).write_bytes(data)
    outcome = check_folder(folder, LIMITS)
    assert outcome.inputs == len(batch)
    _assert_kept(outcome)


def test_every_input_that_once_failed_keeps_the_contract() -> None:
    """In worker processes: some of these stall inside C code (a regex on a long digit run), which only
    a worker's replacement can bound; each such file must come out as a time-limit P001."""
    files = [p for p in HOSTILE.rglob("*") if p.is_file() and p.name != "README.md"]
    assert files, "the fixtures folder is empty"
    limits = Limits(max_seconds=3.0)
    outcome = check_folder(HOSTILE, limits, jobs=2)
    assert outcome.inputs == len(files)
    _assert_kept(outcome)
    crashes = {Path(path).name: why for path, why in outcome.caught}
    unknown = {name: why for name, why in crashes.items() if name not in KNOWN_CRASHES}
    assert not unknown, unknown


# Fixtures whose caught crash (a P001 'parser error', the batch going on) belongs to code this test does
# not own; listed so a new crash is still caught, and to be removed once fixed there.
KNOWN_CRASHES: dict[str, str] = {}  # (none left: the recursion_* fixtures now parse)
