"""Perturbations: generated forms rendered through each real-form phenomenon of issue 8, truth kept.

    from devtools.synth.perturb import PHENOMENA, make_case, perturb
    case = make_case("fused", seed=3)        # generate the form(s) and render them through one phenomenon
    case.text                                # what the parser reads
    case.truth                               # what it must read back (rows, values, funds, narratives)
    perturb("ocr", [synth], random.Random(1))  # any generated form(s) through a phenomenon

One module per phenomenon; each draws its sub-variants (``case.variant`` names those applied) from
the seeded rng, so a (phenomenon, seed) pair always gives the same text and truth. The cell texts come
from the generator's forms (their wording, values and formats), so nothing is tuned to one template.
Scoring: ``score.score_case(case, nlp_audit.layout.parse_text(case.text))``.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from dataclasses import dataclass

from ..defects import random_defects
from ..generator import SynthForm, generate_form
from ..style import SELF_FAMILIES
from . import (
    boilerplate,
    flat_header,
    funds_variants,
    fuse,
    glossed,
    headless,
    interleave,
    multi_project,
    narrative_layout,
    ocr,
    one_line,
    prose_report,
    unknown_labels,
    value_formats,
)
from .truth import Case, Rendered

Renderer = Callable[[list[SynthForm], random.Random], Rendered]


@dataclass(frozen=True, slots=True)
class Phenomenon:
    name: str
    render: Renderer
    forms: tuple[int, int] = (1, 1)  # how many generated forms one case prints
    declarations: float = 0.0  # share of cases drawn as 申报表
    families: tuple[str, ...] = SELF_FAMILIES  # layout families (cell formats) the forms are drawn in

    @property
    def summary(self) -> str:
        """The first line of the phenomenon module's docstring."""
        doc = (sys.modules[self.render.__module__].__doc__ or self.name).strip()
        return doc.splitlines()[0]


_ALL = (
    Phenomenon("fused", fuse.render, declarations=0.15),
    Phenomenon("interleaved", interleave.render),
    Phenomenon("headless", headless.render, forms=(1, 2)),
    Phenomenon("prose_report", prose_report.render),
    Phenomenon("unknown_labels", unknown_labels.render, declarations=0.15),
    Phenomenon("glossed", glossed.render, families=("pipe_rows", "pipe_cells")),
    Phenomenon("one_line", one_line.render, declarations=0.15),
    Phenomenon("multi_project", multi_project.render, forms=(2, 3)),
    Phenomenon("flat_header", flat_header.render),
    Phenomenon("value_formats", value_formats.render),
    Phenomenon("funds_variants", funds_variants.render),
    Phenomenon("boilerplate", boilerplate.render, declarations=0.2),
    Phenomenon("ocr", ocr.render, families=ocr.FAMILIES),
    Phenomenon("narrative_layout", narrative_layout.render),
)
PHENOMENA: dict[str, Phenomenon] = {p.name: p for p in _ALL}
DEFECT_RATE = 0.3  # share of forms with planted defects (scores above weights, wrong rates...): real forms are not clean


def generate(rng: random.Random, phenomenon: str) -> list[SynthForm]:
    """The forms of one case: one family for all of them (one document), some with planted defects."""
    p = PHENOMENA[phenomenon]
    kind = "declaration" if rng.random() < p.declarations else "self_evaluation"
    family = rng.choice(p.families)
    out = []
    for _ in range(rng.randint(*p.forms)):
        defects = random_defects(rng, kind) if rng.random() < DEFECT_RATE else []
        out.append(generate_form(rng, kind, defects=defects, family=None if kind == "declaration" else family))
    return out


def perturb(phenomenon: str, synths: list[SynthForm], rng: random.Random, seed: int = 0) -> Case:
    """Render ``synths`` through ``phenomenon``; the truth is derived from their forms."""
    if phenomenon not in PHENOMENA:
        raise ValueError(f"unknown phenomenon {phenomenon!r}; choose from {', '.join(PHENOMENA)}")
    text, truth, variant = PHENOMENA[phenomenon].render(synths, rng)
    return Case(phenomenon, variant, seed, text, truth)


def make_case(phenomenon: str, seed: int) -> Case:
    """A deterministic case: the same (phenomenon, seed) always gives the same text and truth."""
    if phenomenon not in PHENOMENA:
        raise ValueError(f"unknown phenomenon {phenomenon!r}; choose from {', '.join(PHENOMENA)}")
    rng = random.Random(f"{phenomenon}:{seed}")
    return perturb(phenomenon, generate(rng, phenomenon), rng, seed)


__all__ = ["PHENOMENA", "Case", "Phenomenon", "generate", "make_case", "perturb"]
