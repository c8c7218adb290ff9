#!/usr/bin/env python3
"""Score the quantity grammar on the project's own range / dimension / currency cases.

The cases (corpus/quantities/*.json) are written for nlp-audit in the shape of Recognizers-Text's
spec files, so the shared scorer reads them as they are. Two figures per file:

* ``scorer``: exactly the rule of ../shared/tools/score_quantities.py (run through the CLI when
  ../shared is beside the clone): every expected value is among the spans, numbers within 1e-6, a
  money span in 万元 also compared x10000, a range by its bounds (inclusivity ignored);
* ``strict``: the same, and the span's unit must be the expected one (the unit a claim is compared
  in: "港币1000元" read as 1000 yuan passes the scorer by value but is the wrong money). Money ranges
  are compared in 元 here too (the scorer compares a range's bounds as printed, and the project
  reports money in 万元).

Near misses (near_miss.json: ``"Results": []`` with ``"Forbid"``) must not produce the forbidden
readings ("*": no span other than a date). Usage:

    python scripts/score_quantity_cases.py [-v] [--no-shared] [--cases DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = ROOT / "corpus" / "quantities"
SHARED_SCORER = ROOT.parent / "shared" / "tools" / "score_quantities.py"
_RANGE = re.compile(r"[\[(]\s*([^,]*)\s*,\s*([^\])]*)\s*[\])]")
WAN = 10_000


def expected(value: str) -> tuple[str, float | None, float | None]:
    """('range', low, high) or ('value', v, None), as the shared scorer parses a resolution value."""
    m = _RANGE.fullmatch(value)
    if m:
        return "range", float(m.group(1)) if m.group(1) else None, float(m.group(2)) if m.group(2) else None
    return "value", float(value), None


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _money_scales(span: dict, strict: bool, unit: str | None) -> tuple[float, ...]:
    """Scales under which a span's numbers may equal the expected ones (万元 spans also x10000)."""
    if span.get("unit") == "万元" and (not strict or unit in ("元", "万元", None)):
        return (1.0, WAN) if not strict or unit is None else ((WAN,) if unit == "元" else (1.0,))
    return (1.0,)


def _unit_ok(span: dict, unit: str | None) -> bool:
    if unit is None:
        return True
    su = span.get("unit")
    return su == unit or (unit == "元" and su == "万元")


def found(exp: tuple, spans: list[dict], unit: str | None, strict: bool) -> bool:
    kind, a, b = exp
    for s in spans:
        if strict and not _unit_ok(s, unit):
            continue
        if kind == "value":
            scales = _money_scales(s, strict, unit) if s.get("value") is not None else ()
            if any(_close(s["value"] * k, a) for k in scales):
                return True
            continue
        if a is None and b is None:
            continue
        # the scorer compares a range's bounds as printed; strict compares money in 元 and wants an
        # open side left open ("以上" is no upper bound, not the number itself)
        scales = _money_scales(s, True, unit) if strict else (1.0,)
        for k in scales:
            lo = None if s.get("low") is None else s["low"] * k
            hi = None if s.get("high") is None else s["high"] * k
            if strict and ((a is None) != (lo is None) or (b is None) != (hi is None)):
                continue
            if (a is None or _close(lo, a)) and (b is None or _close(hi, b)):
                return True
    return False


def forbidden_hits(case: dict, spans: list[dict]) -> list[str]:
    hits = []
    for f in case.get("Forbid") or []:
        if f == "*":
            hits += [s["text"] for s in spans if s.get("kind") != "date"]
        elif found(expected(f), [s for s in spans if s.get("kind") != "date"], None, True):
            hits.append(f)
    return hits


def load(folder: Path = CASES) -> dict[str, list[dict]]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def score(files: dict[str, list[dict]], find, verbose: bool = False) -> dict[str, tuple[int, int, int]]:
    """Per file (scorer passes, strict passes, cases); near misses count as passes when nothing forbidden shows."""
    out = {}
    for name, cases in files.items():
        ok = strict_ok = n = 0
        for case in cases:
            spans = [q.to_json() for q in find(case["Input"])]
            if not case["Results"]:
                hits = forbidden_hits(case, spans)
                n += 1
                ok += not hits
                strict_ok += not hits
                if hits and verbose:
                    print(f"  NEAR-MISS READ {case['Input']!r}: {hits}")
                continue
            exps = [(expected(r["Resolution"]["value"]), r["Resolution"].get("unit")) for r in case["Results"]]
            good = all(found(e, spans, u, False) for e, u in exps)
            good_strict = all(found(e, spans, u, True) for e, u in exps)
            n += 1
            ok += good
            strict_ok += good_strict
            if verbose and not (good and good_strict):
                got = [(s["text"], s["value"], s["low"], s["high"], s["unit"]) for s in spans]
                print(f"  {'FAIL' if not good else 'UNIT'} {case['Input']!r} want {[r['Resolution'] for r in case['Results']]} got {got}")
        out[name] = (ok, strict_ok, n)
    return out


def shared_figure(files: list[Path]) -> str | None:
    """The shared scorer's own last line over the case files (None without ../shared)."""
    if not SHARED_SCORER.exists():
        return None
    exe = Path(sys.executable).with_name("nlp-audit")
    cmd = [sys.executable, str(SHARED_SCORER), "project", *map(str, files)]
    if exe.exists():
        cmd += ["--cmd", str(exe)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return (p.stdout.strip() or p.stderr.strip()).replace("\n", "; ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case that fails")
    ap.add_argument("--no-shared", action="store_true", help="do not run ../shared/tools/score_quantities.py")
    ap.add_argument("--cases", type=Path, default=CASES, help="folder of case files (default corpus/quantities)")
    args = ap.parse_args(argv)
    from nlp_audit.quantities import find_quantities

    files = load(args.cases)
    res = score(files, find_quantities, args.verbose)
    tot = [0, 0, 0]
    for name, (ok, st, n) in res.items():
        print(f"{name:16s} scorer {ok}/{n} = {ok / max(1, n):.3f}   strict {st}/{n} = {st / max(1, n):.3f}")
        tot = [tot[0] + ok, tot[1] + st, tot[2] + n]
    print(f"{'all':16s} scorer {tot[0]}/{tot[2]} = {tot[0] / max(1, tot[2]):.3f}   strict {tot[1]}/{tot[2]} = {tot[1] / max(1, tot[2]):.3f}")
    if not args.no_shared:
        fig = shared_figure(sorted(args.cases.glob("*.json")))
        print(f"shared scorer (near misses skipped): {fig}" if fig else "shared scorer: ../shared not beside the clone")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
