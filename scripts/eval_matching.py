"""Evaluate claim matching on the labelled set (corpus/matching/claims.jsonl), per embedder backend.

Prints, for each backend and split (dev / heldout): precision and recall of C001 (unsupported) and
C002 (contradicted), matching accuracy (the right indicator for claims an indicator measures), and
speed (checkable claims judged per second, embedder cache cold at the start of each backend).

    python scripts/eval_matching.py [--backends tfidf,e5,st:PATH] [--split dev|heldout|all] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_audit.nlp.analysis import analyze  # noqa: E402
from nlp_audit.nlp.embedders import EmbedderError, make_embedder  # noqa: E402
from nlp_audit.nlp.formspec import form_from_spec  # noqa: E402
from nlp_audit.packs import load_pack  # noqa: E402

DATA = ROOT / "corpus" / "matching" / "claims.jsonl"


def _norm(s: str) -> str:
    return "".join(s.split())


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _align(label: dict, claims: list) -> object | None:
    ev = _norm(label["evidence"])
    best, best_len = None, 0
    for c in claims:
        if c.field != label["field"]:
            continue
        ct = _norm(c.text)
        if ev in ct or ct in ev:
            overlap = min(len(ev), len(ct))
            if overlap > best_len:
                best, best_len = c, overlap
    return best


def evaluate(records: list[dict], embedder, verbose: bool = False) -> dict:
    pack = load_pack("default")
    tp = {"C001": 0, "C002": 0}
    fp = {"C001": 0, "C002": 0}
    fn = {"C001": 0, "C002": 0}
    match_ok = match_n = 0
    checkable = 0
    seconds = 0.0
    code_of = {"unsupported": "C001", "contradicted": "C002"}
    for rec in records:
        form = form_from_spec(rec["form"], rec["id"])
        t0 = time.perf_counter()
        analysis = analyze(form, pack, embedder)
        seconds += time.perf_counter() - t0
        checkable += sum(1 for c in analysis.claims if c.checkable)
        used = set()
        for label in rec["claims"]:
            c = _align(label, analysis.claims)
            # a not-checkable item the grammar does not even read as a quantity yields no claim: fine
            pred = c.verdict if c is not None else ("not_checkable" if label["verdict"] == "not_checkable" else "missing")
            if c is not None:
                used.add(id(c))
            gold_code, pred_code = code_of.get(label["verdict"]), code_of.get(pred)
            for code in ("C001", "C002"):
                if gold_code == code and pred_code == code:
                    tp[code] += 1
                elif gold_code == code:
                    fn[code] += 1
                elif pred_code == code:
                    fp[code] += 1
            if label["indicator"]:
                match_n += 1
                got = form.indicators[c.indicator].name if c is not None and c.indicator is not None else None
                match_ok += got == label["indicator"]
            if verbose and (pred != label["verdict"] or (label["indicator"] and got != label["indicator"])):
                print(f"  {rec['id']}: {label['evidence']!r} gold={label['verdict']}/{label['indicator']} "
                      f"pred={pred}/{got if label['indicator'] else ''} {c.reasons[-2:] if c else ''}")
        actual_texts = {_norm(c.text) for c in analysis.claims if c.field == "actual"}
        for c in analysis.claims:  # findings on claims nobody labelled are false alarms
            code = code_of.get(c.verdict or "")
            repeated = c.field == "goal" and _norm(c.text) in actual_texts  # C001/C002 report it once
            if code and id(c) not in used and not repeated:
                fp[code] += 1
                if verbose:
                    print(f"  {rec['id']}: unlabelled {c.verdict} {c.text!r}")

    def pr(code: str) -> tuple[float, float]:
        p = tp[code] / (tp[code] + fp[code]) if tp[code] + fp[code] else 1.0
        r = tp[code] / (tp[code] + fn[code]) if tp[code] + fn[code] else 1.0
        return p, r

    return {
        "C001": pr("C001"), "C002": pr("C002"),
        "support": {k: tp[k] + fn[k] for k in tp},
        "match_acc": match_ok / match_n if match_n else 1.0, "match_n": match_n,
        "claims_per_s": checkable / seconds if seconds else 0.0, "checkable": checkable,
        "embedded_texts": getattr(embedder, "calls", 0),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backends", default="none,tfidf,e5")
    ap.add_argument("--split", default="all", choices=["dev", "heldout", "all"])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    records = load()
    splits = ["dev", "heldout"] if args.split == "all" else [args.split]
    n = sum(len(r["claims"]) for r in records)
    print(f"{len(records)} forms, {n} labelled decisions ({DATA.relative_to(ROOT)})")
    print(f"{'backend':<22} {'split':<8} {'C001 P':>7} {'C001 R':>7} {'C002 P':>7} {'C002 R':>7} "
          f"{'match':>6} {'claims/s':>9} {'embedded':>8}")
    for spec in args.backends.split(","):
        try:
            emb = make_embedder(spec)
        except EmbedderError as exc:
            print(f"{spec:<22} skipped: {exc}")
            continue
        for split in splits:
            subset = [r for r in records if r["split"] == split]
            m = evaluate(subset, emb, args.verbose)
            print(f"{spec[:22]:<22} {split:<8} {m['C001'][0]:7.3f} {m['C001'][1]:7.3f} {m['C002'][0]:7.3f} "
                  f"{m['C002'][1]:7.3f} {m['match_acc']:6.3f} {m['claims_per_s']:9.0f} {m['embedded_texts']:8d}"
                  f"   (C001 n={m['support']['C001']}, C002 n={m['support']['C002']}, match n={m['match_n']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
