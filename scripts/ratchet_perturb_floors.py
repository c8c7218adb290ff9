#!/usr/bin/env python3
"""Re-measure the per-phenomenon floors of tests/test_perturbations.py and rewrite its FLOORS table.

    python3 scripts/ratchet_perturb_floors.py [--check]

Each floor is the figure the test itself measures (the same hypothesis-drawn cases), rounded down to
two decimals. ``--check`` only prints the figures beside the floors in force. A development aid: run it
after a parser change that moves the figures, and review the diff (a floor that goes down is a
regression to explain, not to accept silently).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    import test_perturbations as tp

    lines = []
    new: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}
    for name in tp.FLOORS:
        figs = []
        for aliases in (True, False):
            t = tp.recovery(name, aliases)
            figs.append((tp._down(t.rows or 0.0), tp._down(t.values or 0.0)))
        new[name] = (figs[0], figs[1])
        old = tp.FLOORS[name]
        flag = "  DOWN" if any(n < o for n, o in zip((*figs[0], *figs[1]), (*old[0], *old[1]), strict=True)) else ""
        lines.append(f"{name:18} aliases {figs[0]}  none {figs[1]}   (floors {old[0]} {old[1]}){flag}")
    print("\n".join(lines))
    if a.check:
        return
    path = ROOT / "tests" / "test_perturbations.py"
    text = path.read_text(encoding="utf-8")
    body = "".join(f'    "{k}": (({v[0][0]:.2f}, {v[0][1]:.2f}), ({v[1][0]:.2f}, {v[1][1]:.2f})),\n' for k, v in new.items())
    text = re.sub(r"(FLOORS: dict\[.*?\] = \{\n)(.*?)(\n\})", lambda m: m.group(1) + body.rstrip("\n") + m.group(3),
                  text, count=1, flags=re.S)
    path.write_text(text, encoding="utf-8")
    print(f"rewrote {path}")


if __name__ == "__main__":
    main()
