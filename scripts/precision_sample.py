#!/usr/bin/env python3
"""The precision sample: findings drawn at random on ../shared/real-dev, each judged by hand.

    python scripts/precision_sample.py draw  [--n 50] [--seed 9]   # print a fresh sample to judge
    python scripts/precision_sample.py show                         # the committed sample, with evidence
    python scripts/precision_sample.py score                        # precision of the committed sample

corpus/precision_sample.jsonl keeps, per finding, where it is (file, form, rule, offsets, line,
fingerprint) and the verdict ("true": an auditor would act on it; "false": they would dismiss it)
with the reason, in the judge's words. It quotes no real-dev text (the repository carries none):
``show`` reads the evidence and the message from a fresh run on ../shared, so a reader can re-judge
each line. A finding of the sample that the checker no longer reports is shown as gone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "corpus" / "precision_sample.jsonl"


def _findings() -> list[dict]:
    from nlp_audit.pipeline import run

    if not (SHARED / "real-dev").is_dir():
        raise SystemExit("../shared/real-dev not found")
    result = run([SHARED / "real-dev"], "default")
    return [f.to_json() if hasattr(f, "to_json") else f.__dict__ for f in result.findings]


def _key(f: dict) -> tuple:
    return (Path(f["path"]).name, f["form"], f["rule"], f["fingerprint"])


def _rank(f: dict, seed: int) -> str:
    """A random but stable place for a finding: a fix that removes one finding leaves the rest of the
    sample where it was (only the next one in line joins)."""
    return hashlib.sha256(f"{seed}:{Path(f['path']).name}:{f['fingerprint']}".encode()).hexdigest()


def draw(n: int, seed: int) -> None:
    found = sorted((f for f in _findings() if f["field"] != "batch"), key=lambda f: _rank(f, seed))
    for f in found[:n]:
        print(json.dumps({"path": Path(f["path"]).name, "form": f["form"], "rule": f["rule"], "line": f["line"],
                          "start": f["start"], "end": f["end"], "fingerprint": f["fingerprint"],
                          "verdict": None, "reason": ""}, ensure_ascii=False))
        print("   evidence:", repr(f["evidence"][:160]))
        print("   message :", f["message"][:240])


def _sample() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def show() -> None:
    now = {_key(f): f for f in _findings()}
    for item in _sample():
        f = now.get((item["path"], item["form"], item["rule"], item["fingerprint"]))
        print(f"{item['verdict']:>5}  {item['rule']}  {item['path']}#{item['form']} line {item['line']}: {item['reason']}")
        if f is None:
            print("       (no longer reported)")
        else:
            print("       evidence:", repr(f["evidence"][:160]))
            print("       message :", f["message"][:240])


def score() -> None:
    items = _sample()
    judged = [i for i in items if i["verdict"] in (True, False)]
    true = sum(1 for i in judged if i["verdict"])
    print(f"{true}/{len(judged)} judged findings true: precision {true / len(judged):.2f}")
    by_rule: dict[str, list[bool]] = {}
    for i in judged:
        by_rule.setdefault(i["rule"], []).append(i["verdict"])
    print("  " + ", ".join(f"{r} {sum(v)}/{len(v)}" for r, v in sorted(by_rule.items())))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("draw", "show", "score"))
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args(argv)
    {"draw": lambda: draw(args.n, args.seed), "show": show, "score": score}[args.what]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
