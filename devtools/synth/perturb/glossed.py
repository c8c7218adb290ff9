"""Traditional characters with pinyin glosses in a pipe table ("項(xiàng)目名稱", doc-sharing mirrors).

The form is printed as a pipe table (its own pipe family, or the grid with " | " cells), converted to
traditional characters, and a share of the converted characters (labels, names and narratives alike)
get their toned pinyin in parentheses. The truth is the converted form, glosses aside (score_gold's
name and project keys drop them).
"""

from __future__ import annotations

import random
from functools import lru_cache

from ..generator import SynthForm
from ..render import render as render_family
from ..traditional import form_to_traditional, to_traditional
from .sheet import print_sheet, sheet_of
from .truth import Rendered, truth_of


@lru_cache(maxsize=4096)
def pinyin_of(char: str) -> str:
    from pypinyin import Style, pinyin  # a development dependency (the test extra)

    return pinyin(char, style=Style.TONE)[0][0]


def gloss(simplified: str, traditional: str, rng: random.Random, share: float) -> str:
    """``traditional`` with "(pinyin)" after a ``share`` of the characters the conversion changed."""
    out = []
    for s, t in zip(simplified, traditional, strict=True):
        out.append(t)
        if s != t and rng.random() < share:
            out.append(f"({pinyin_of(s)})")
    return "".join(out)


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    own = rng.random() < 0.5
    text = render_family(synth) if own else print_sheet(sheet_of(synth, rng), " | ")
    share = rng.choice([0.3, 0.6, 1.0])
    glossed = gloss(text, to_traditional(text), rng, share)
    return Rendered(glossed, [truth_of(form_to_traditional(synth.form))], f"{'family' if own else 'grid'}+gloss{share:g}")
