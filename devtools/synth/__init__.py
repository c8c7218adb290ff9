"""Synthetic forms: a generator of realistic, varied forms with planted, labelled defects, and
renderers that print them in each layout family real text extraction produces.

    import random
    from devtools.synth import generate_form, render
    s = generate_form(random.Random(1), "self_evaluation", defects=["S004"], family="pipe_rows")
    text = render(s)          # what the parser reads
    s.form                    # the truth (model.Form)
    s.defects                 # what a checker must find
"""

from __future__ import annotations

from .defects import DECLARATION_DEFECTS, SELF_DEFECTS, random_defects
from .generator import PlantedDefect, SynthForm, generate_form
from .render import render, render_file
from .style import FAMILIES, SELF_FAMILIES

__all__ = [
    "generate_form",
    "random_defects",
    "render",
    "render_file",
    "SynthForm",
    "PlantedDefect",
    "FAMILIES",
    "SELF_FAMILIES",
    "SELF_DEFECTS",
    "DECLARATION_DEFECTS",
]
