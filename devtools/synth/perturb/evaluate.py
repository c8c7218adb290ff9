"""Run the layout parser on perturbed cases and tally the scores (scripts/eval_perturb.py, the tests).

``header_aliases(False)`` parses with the layout lexicon's column-header aliases emptied
(``nlp_audit.layout.lexicon.without_header_aliases``): what the parser reads from cell content alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from . import make_case
from .score import Tally, score_case
from .truth import Case


@contextlib.contextmanager
def header_aliases(enabled: bool) -> Iterator[None]:
    if enabled:
        yield
        return
    from nlp_audit.layout.lexicon import without_header_aliases

    with without_header_aliases():
        yield


def score_text(case: Case, notes: list[str] | None = None) -> Tally:
    """Parse one case with the lexicon in force and score it."""
    from nlp_audit.layout import parse_text

    return score_case(case, parse_text(case.text, f"{case.phenomenon}-{case.seed}.txt"), notes)


def evaluate(
    phenomenon: str,
    seeds: Iterable[int],
    aliases: bool = True,
    notes: dict[int, list[str]] | None = None,
    by_variant: dict[str, Tally] | None = None,
) -> Tally:
    """The tally of ``phenomenon`` over ``seeds``; ``notes`` (seed -> what was wrong) and ``by_variant``
    are filled in when given."""
    total = Tally()
    with header_aliases(aliases):
        for seed in seeds:
            case = make_case(phenomenon, seed)
            wrong: list[str] | None = [] if notes is not None else None
            tally = score_text(case, wrong)
            total.add(tally)
            if notes is not None and wrong:
                notes[seed] = wrong
            if by_variant is not None:
                by_variant.setdefault(case.variant, Tally()).add(tally)
    return total
