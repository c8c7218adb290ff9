#!/usr/bin/env python3
"""Write synthetic forms with their truth (see devtools/synth/corpus.py for the file format).

    python scripts/generate_corpus.py --out corpus/synthetic --per-family 4 --seed 20240601
    python scripts/generate_corpus.py --examples corpus/examples      # the README's demo inputs

The committed corpus/synthetic is small and deterministic; big batches go to a temp folder.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.synth.corpus import CORPUS_FAMILIES, make_file, write_corpus  # noqa: E402

EXAMPLES_SEED = 20240601
# (file name, family, planted defects) of the synthetic examples
EXAMPLES = [
    ("synthetic_tabbed_clean.txt", "tabbed", []),
    ("synthetic_pipe_rows.txt", "pipe_rows", ["S004", "C001"]),
    ("synthetic_pipe_cells.txt", "pipe_cells", ["D002", "A002"]),
    ("synthetic_cell_per_line.txt", "cell_per_line", ["F001", "S008"]),
    ("synthetic_spaced.txt", "spaced", ["C002", "S005"]),
    ("synthetic_declaration.txt", "declaration", ["G001"]),
]
BROKEN = """财政项目支出绩效自评表
(2023年度)
▯▯▯▯ ▯▯▯▯▯▯▯▯ ▯▯▯▯ ▯▯▯
.32 .06 .5 1O0 % ▯▯
■■■■ ■■ ■■■■■■ ■■■ ■■■■
扫描件第2页缺失
"""


def write_examples(out: Path) -> list[str]:
    """Seeds, six synthetic forms (one GBK-encoded), and a broken file that must become P001."""
    from devtools.synth import generate_form, render

    out.mkdir(parents=True, exist_ok=True)
    lines = ["# Example inputs", "", "`nlp-audit check corpus/examples/` runs on these files.", ""]
    seeds = ROOT / "corpus" / "seeds"
    for p in sorted(seeds.glob("*.txt")):
        shutil.copyfile(p, out / f"seed_{p.name}")
        lines.append(f"- `seed_{p.name}`: seed document (copied from corpus/seeds)")
    rng = random.Random(EXAMPLES_SEED)
    for name, family, defects in EXAMPLES:
        kind = "declaration" if family == "declaration" else "self_evaluation"
        s = None
        for _ in range(50):  # retry until every requested defect could be planted
            s = generate_form(rng, kind, defects=defects, family=family)
            if set(s.planted) == set(defects):
                break
        assert s is not None
        (out / name).write_text(render(s), encoding="utf-8")
        codes = ", ".join(s.expected_codes()) or "none (clean)"
        lines.append(f"- `{name}`: {family} layout, planted findings: {codes}")
    s = generate_form(rng, "self_evaluation", defects=["D001"], family="tabbed")
    text = render(s).replace("≥", ">=").replace("≤", "<=")
    (out / "synthetic_gbk.txt").write_bytes(text.encode("gbk"))
    lines.append(f"- `synthetic_gbk.txt`: tabbed layout encoded in GBK, planted: {', '.join(s.expected_codes())}")
    (out / "broken_scan.txt").write_text(BROKEN, encoding="utf-8")
    lines.append("- `broken_scan.txt`: a form title over an unreadable scan: reported as P001, the batch goes on")
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, help="folder for <family>/<nnn>.txt + .expected.json")
    ap.add_argument("--per-family", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--families", default=",".join(CORPUS_FAMILIES), help="comma-separated subset")
    ap.add_argument("--defect-rate", type=float, default=0.65, help="share of forms with planted defects")
    ap.add_argument("--examples", type=Path, help="write the README demo inputs into this folder")
    ap.add_argument("--show", metavar="FAMILY", help="print one generated file of FAMILY and exit")
    args = ap.parse_args(argv)
    if args.show:
        f = make_file(random.Random(args.seed), args.show)
        sys.stdout.write(f.text)
        return 0
    if not args.out and not args.examples:
        ap.error("give --out and/or --examples")
    if args.out:
        families = tuple(x.strip() for x in args.families.split(",") if x.strip())
        paths = write_corpus(args.out, args.per_family, args.seed, families, args.defect_rate)
        print(f"wrote {len(paths)} files under {args.out}")
    if args.examples:
        for line in write_examples(args.examples)[4:]:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
