#!/usr/bin/env python3
"""How much of a form the layout parser reads back through each real-form phenomenon of issue 8.

Generates N forms per phenomenon (devtools.synth.perturb: fused cells, interleaved columns, headless
tables, prose reports, unknown labels, glossed traditional text, one-line tables, several projects,
a flattened two-level header, value formats, funds variants, boilerplate, OCR confusions, narrative
layouts), parses each with nlp_audit.layout.parse_text and prints per phenomenon the rows recovered
and the values right (target, actual, weight, score, funds amounts; compared as
../shared/tools/score_gold.py compares them; a row the parser reports unreadable counts as lost), plus
project / kind / narratives recovered and forms counted right.

    python scripts/eval_perturb.py [--n 40] [--seed 0] [--no-aliases] [--phenomena fused,ocr] [-v]
    python scripts/eval_perturb.py --show fused --seed 3      # one case: text, truth, what went wrong

--no-aliases parses with the layout lexicon's column-header aliases emptied (reading from content only);
the parser is the one in the checkout.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.synth.perturb import PHENOMENA, make_case  # noqa: E402
from devtools.synth.perturb.evaluate import evaluate, header_aliases, score_text  # noqa: E402
from devtools.synth.perturb.score import VALUE_KEYS, Tally  # noqa: E402

COLUMNS = (("target", "target"), ("actual", "actual"), ("weight", "weight"), ("score", "score"),
           ("funds", ("budget_initial", "budget_full_year", "executed")), ("project", "project"), ("kind", "kind"),
           ("goal", "goal"), ("actual_t", "actual_text"), ("forms", "form_count"))


def _cell(t: Tally, *keys: str) -> str:
    r = t.ratio(*keys)
    return "   -" if r is None else f"{r:4.2f}"


def _line(label: str, t: Tally, seconds: float | None = None) -> str:
    rows = f"{t.ok['rows']:4d}/{t.n['rows']:<4d} {_cell(t, 'rows')}"
    nv, okv = sum(t.n[k] for k in VALUE_KEYS), sum(t.ok[k] for k in VALUE_KEYS)
    values = f"{okv:4d}/{nv:<4d} {_cell(t, *VALUE_KEYS)}"
    rest = " ".join(f"{_cell(t, *(k if isinstance(k, tuple) else (k,))):>{max(4, len(h))}}" for h, k in COLUMNS)
    tail = f"  {seconds:5.1f}s" if seconds is not None else ""
    return f"{label:26s} {t.cases:5d}  {rows}  {values}  {rest}{tail}"


def show(name: str, seed: int, aliases: bool) -> None:
    case = make_case(name, seed)
    print(f"# {name} seed {seed} variant {case.variant}\n")
    print(case.text)
    for i, form in enumerate(case.truth):
        print(f"# truth form {i}: project={form.project!r} kind={form.kind} funds={form.funds}")
        for r in form.rows:
            print(f"#   {r.name}: target={r.target} actual={r.actual} weight={r.weight} score={r.score}")
    notes: list[str] = []
    with header_aliases(aliases):
        t = score_text(case, notes)
    print(f"# rows {t.ok['rows']}/{t.n['rows']}, values {t.values}")
    for n in notes:
        print(f"#   {n}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=40, help="forms (cases) per phenomenon")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-aliases", action="store_true", help="parse with the header-alias lexicon emptied")
    ap.add_argument("--phenomena", default=",".join(PHENOMENA), help="comma-separated subset")
    ap.add_argument("--show", metavar="PHENOMENON", help="print one case (--seed) with its truth and misses")
    ap.add_argument("-v", "--verbose", action="store_true", help="per variant, and the first misses of each phenomenon")
    args = ap.parse_args(argv)
    if args.show:
        show(args.show, args.seed, not args.no_aliases)
        return 0
    names = [x.strip() for x in args.phenomena.split(",") if x.strip()]
    unknown = [x for x in names if x not in PHENOMENA]
    if unknown:
        ap.error(f"unknown phenomena {unknown}; choose from {', '.join(PHENOMENA)}")
    aliases = "emptied" if args.no_aliases else "in force"
    print(f"{args.n} cases per phenomenon, seed {args.seed}, header aliases {aliases}\n")
    head = " ".join(f"{h:>4}" for h, _k in COLUMNS)
    print(f"{'phenomenon':26s} {'cases':>5}  {'rows found':>14}  {'values right':>14}  {head}")
    total = Tally()
    seeds = range(args.seed * 100_000, args.seed * 100_000 + args.n)
    for name in names:
        notes: dict[int, list[str]] = {}
        variants: dict[str, Tally] = {}
        t0 = time.perf_counter()
        t = evaluate(name, seeds, aliases=not args.no_aliases, notes=notes, by_variant=variants)
        print(_line(name, t, time.perf_counter() - t0))
        total.add(t)
        if args.verbose:
            for variant, vt in sorted(variants.items(), key=lambda kv: -kv[1].cases):
                print(_line(f"  {variant}"[:26], vt))
            for seed, wrong in list(notes.items())[:3]:
                print(f"    seed {seed}: " + "; ".join(wrong[:4]) + (" …" if len(wrong) > 4 else ""))
    print(_line("all", total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
