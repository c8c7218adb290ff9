"""Files of synthetic forms with their truth: what scripts/generate_corpus.py and the benchmark write.

Each file ``<family>/<nnn>.txt`` has a sibling ``<nnn>.expected.json``::

    {"family": "pipe_rows", "traditional": false,
     "forms": [Form.to_json(), ...],                      # the truth, in file order
     "defects": [{"form", "rule", "evidence", "indicator", "why"}, ...],
     "planted": [["S004", "C001"], ...],                   # defect codes asked and planted, per form
     "meta": [{"sector", "split"}, ...]}                   # split = the form's own weight split

``evidence`` is text of the file (whitespace and "|" aside, as score_gold compares it).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from .defects import random_defects
from .generator import SynthForm, generate_form
from .render import render_file
from .style import FAMILIES, SELF_FAMILIES

CORPUS_FAMILIES = FAMILIES + ("traditional",)
# how many forms one file holds, per family (real pages hold several forms in these layouts)
FORMS_PER_FILE = {"tabbed": (1, 3), "cell_per_line": (1, 2)}


@dataclass(slots=True)
class SynthFile:
    family: str
    forms: list[SynthForm]
    text: str
    traditional: bool = False

    def expected(self) -> dict:
        from .traditional import form_to_traditional, to_traditional

        conv = to_traditional if self.traditional else (lambda s: s)
        forms = [form_to_traditional(s.form) if self.traditional else s.form for s in self.forms]
        defects = []
        for i, s in enumerate(self.forms):
            for d in s.defects:
                j = d.to_json(i)
                j["evidence"] = conv(j["evidence"])
                if j["indicator"]:
                    j["indicator"] = conv(j["indicator"])
                defects.append(j)
        return {
            "family": self.family,
            "layout": self.forms[0].family if self.forms else self.family,
            "traditional": self.traditional,
            "forms": [f.to_json() for f in forms],
            "defects": defects,
            "planted": [list(s.planted) for s in self.forms],
            "meta": [s.meta for s in self.forms],
        }


def make_file(rng: random.Random, family: str, defect_rate: float = 0.65) -> SynthFile:
    """One file of ``family`` ("traditional" = any self-evaluation layout, converted)."""
    traditional = family == "traditional"
    layout = rng.choice(SELF_FAMILIES) if traditional else family
    kind = "declaration" if layout == "declaration" else "self_evaluation"
    lo, hi = FORMS_PER_FILE.get(layout, (1, 1))
    forms = []
    for _ in range(rng.randint(lo, hi)):
        defects = random_defects(rng, kind) if rng.random() < defect_rate else []
        s = generate_form(rng, kind, defects=defects, family=layout)
        s.traditional = traditional
        forms.append(s)
    return SynthFile(family=family, forms=forms, text=render_file(forms), traditional=traditional)


def write_corpus(
    out: str | Path,
    per_family: int,
    seed: int = 0,
    families: tuple[str, ...] = CORPUS_FAMILIES,
    defect_rate: float = 0.65,
    with_expected: bool = True,
) -> list[Path]:
    """Write ``per_family`` files per family under ``out``; returns the text files written."""
    out = Path(out)
    written: list[Path] = []
    for family in families:
        if family not in CORPUS_FAMILIES:
            raise ValueError(f"unknown family {family!r}; choose from {', '.join(CORPUS_FAMILIES)}")
        rng = random.Random(f"{seed}:{family}")
        folder = out / family
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(per_family):
            f = make_file(rng, family, defect_rate)
            path = folder / f"{n:03d}.txt"
            path.write_text(f.text, encoding="utf-8")
            if with_expected:
                exp = json.dumps(f.expected(), ensure_ascii=False, indent=1)
                (folder / f"{n:03d}.expected.json").write_text(exp + "\n", encoding="utf-8")
            written.append(path)
    return written
