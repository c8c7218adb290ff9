"""OCR confusions: "≥" read as the digit 2 ("≥90%" printed "290%"), look-alike characters in names and labels.

The form is printed by its own family renderer (the layouts the parser already reads), so the damage is
the only difference. A target whose "≥" became "2" states no trustworthy number: its truth is
UNREADABLE (the parser must report P003 with the raw text, not take 290); a name with a look-alike
character is, as in the gold of real OCR'd forms, the name as printed.
"""

from __future__ import annotations

import random
import re

from ..generator import SynthForm
from ..render import render as render_family
from .truth import UNREADABLE, Rendered, truth_of

# families whose target is one cell (pipe_cells prints the comparator in a cell of its own)
FAMILIES = ("tabbed", "pipe_rows", "spaced", "cell_per_line", "fused")
# visually close characters an OCR engine swaps (simplified forms)
LOOKALIKES = {
    "提": "捉", "彩": "形", "值": "植", "际": "标", "完": "宗", "成": "戍", "指": "措", "标": "杯", "预": "顶",
    "满": "蒲", "意": "竟", "得": "淂", "率": "孪", "量": "景", "数": "敖", "效": "郊", "益": "盎", "务": "条",
    "度": "庋", "质": "贡", "服": "眼", "设": "没", "施": "旋", "人": "入", "培": "倍", "训": "川",
}  # fmt: skip
LABEL_DAMAGE = {"主管部门": ("主管部n", "主管部门"), "实施单位": ("实旋单位", "实施单往"), "项目名称": ("项日名称", "项目名秾")}
_GE = re.compile(r"^(?:≥|>=|≧)")
_NUM = re.compile(r"\d+(?:\.\d+)?")


def look_alike(text: str, rng: random.Random, count: int = 1) -> str:
    """``text`` with up to ``count`` characters swapped for a look-alike."""
    spots = [i for i, c in enumerate(text) if LOOKALIKES.get(c, c) != c]
    for i in rng.sample(spots, min(count, len(spots))):
        text = text[:i] + LOOKALIKES[text[i]] + text[i + 1 :]
    return text


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    form = synth.form
    truth = truth_of(form)
    variants = []
    numeric = [i for i, ind in enumerate(form.indicators) if _GE.match(ind.target.text)]
    hit = [i for i in numeric if rng.random() < 0.6] or numeric[:1]
    for i in hit:
        ind = form.indicators[i]
        damaged = _GE.sub("2", ind.target.text)
        ind.target.text = damaged
        truth.rows[i].target = UNREADABLE
        truth.rows[i].misread["target"] = float(_NUM.search(damaged).group(0))
    if hit:
        variants.append("ge_as_2")
    if rng.random() < 0.5 or not hit:
        for i in rng.sample(range(len(form.indicators)), min(2, len(form.indicators))):
            form.indicators[i].name = look_alike(form.indicators[i].name, rng)
            truth.rows[i].name = form.indicators[i].name
        variants.append("names")
    text = render_family(synth)
    if rng.random() < 0.3:
        label = rng.choice([k for k in LABEL_DAMAGE if k in text] or ["项目名称"])
        text = text.replace(label, rng.choice(LABEL_DAMAGE[label]), 1)
        variants.append("labels")
    return Rendered(text, [truth], "+".join(variants))
