#!/usr/bin/env python3
"""Score the checker against synthetic forms with planted, labelled defects.

Generates about N forms (fixed seed, every corpus family, a mix of clean forms and forms with 1-3
planted defects) with the generator's own writer (devtools.synth.corpus.write_corpus) into a temp
folder, runs the full checker (nlp_audit.pipeline.run) on them, and prints per rule:

- planted / found / matched, precision and recall, for the rules the generator can plant
  (a finding matches a label when file + form + rule agree and the evidence texts overlap -
  whitespace and "|" aside - or both name the same indicator);
- false alarms on CLEAN forms (no planted defect at all), for every rule the checker reports, and
  how many of them are on forms the parser read exactly as generated (parseOK: header narratives,
  funds row, totals and every indicator cell equal to the truth); the rest may be parse errors.

    python scripts/eval_synthetic.py [-n 600] [--seed 7] [--embedder e5|tfidf|none] [-v] [--keep DIR]

``-v`` lists examples of misses, unmatched findings and clean-form false alarms (file, form, evidence).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.synth.corpus import CORPUS_FAMILIES, write_corpus  # noqa: E402
from devtools.synth.defects import DECLARATION_DEFECTS, SELF_DEFECTS  # noqa: E402

_STRIP = re.compile(r"[\s|｜]+")


def _norm(s: str | None) -> str:
    return _STRIP.sub("", s or "")


@dataclass(slots=True)
class Label:
    path: str
    form: int
    rule: str
    evidence: str
    indicator: str | None
    matched: bool = False


def generate(out: Path, n: int, seed: int, families: tuple[str, ...], defect_rate: float) -> list[Path]:
    """Write files with the generator's writer, then keep files round-robin over families until ~n forms."""
    per_family = max(1, -(-n // len(families)))  # every file holds >= 1 form: an upper bound
    paths = write_corpus(out, per_family, seed, families, defect_rate)
    by_family: dict[str, list[Path]] = defaultdict(list)
    for p in paths:
        by_family[p.parent.name].append(p)
    kept: list[Path] = []
    count = 0
    for i in range(per_family):
        for fam in families:
            if count >= n:
                break
            p = by_family[fam][i]
            kept.append(p)
            count += len(json.loads(p.with_suffix(".expected.json").read_text(encoding="utf-8"))["forms"])
    keep = set(kept)
    for p in paths:  # drop the surplus so the checker sees exactly the kept files
        if p not in keep:
            p.unlink()
            p.with_suffix(".expected.json").unlink()
    return kept


# Rules that fire at most once per form on no indicator: file + form + rule identify the finding,
# whether the evidence quotes the value ("99.00") or its label ("总分").
FORM_LEVEL = {"F001", "F002", "F003", "F004", "S005", "S006", "S007", "C004", "C005", "C006"}


def _matches(label: Label, f) -> bool:
    if f.rule != label.rule or f.form != label.form:
        return False
    le, fe = _norm(label.evidence), _norm(f.evidence)
    if le and fe and (le in fe or fe in le):
        return True
    if label.indicator is None and f.indicator is None:
        return label.rule in FORM_LEVEL
    return bool(label.indicator and f.indicator and _norm(label.indicator) == _norm(f.indicator))


_GRADE = {"優": "优", "較好": "较好", "較差": "较差"}  # traditional forms print 優; the parser normalises


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def _num_differs(a, b) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(float(a) - float(b)) > 1e-6


def parse_diff(truth: dict, parsed: dict | None) -> list[str]:
    """Fields where the parser's form differs from the generator's truth (why a finding may be a parse error)."""
    if parsed is None:
        return ["form missing"]
    out: list[str] = []
    for key in ("goal", "actual"):
        if _norm(truth.get(key)) != _norm(parsed.get(key)):
            out.append(key)
    for key in ("total_score",):
        if _num_differs(truth.get(key), parsed.get(key)):
            out.append(key)
    if _GRADE.get(truth.get("grade"), truth.get("grade")) != _GRADE.get(parsed.get("grade"), parsed.get("grade")):
        out.append("grade")
    t_rows, p_rows = truth["funds"]["rows"], parsed.get("funds", {}).get("rows", [])
    if t_rows and p_rows:
        for col in ("年初预算数", "全年预算数", "全年执行数", "执行率", "得分"):
            if _num_differs(t_rows[0].get(col), p_rows[0].get(col)):
                out.append(f"funds.{col}")
    elif t_rows:
        out.append("funds missing")
    t_ind, p_ind = truth["indicators"], parsed.get("indicators", [])
    if len(t_ind) != len(p_ind):
        out.append(f"indicators {len(t_ind)}->{len(p_ind)}")
    by_name = {_norm(q["name"]): q for q in p_ind}
    for i, t in enumerate(t_ind):
        q = by_name.get(_norm(t["name"]))
        if q is None:
            out.append(f"ind{i}.name")
            continue
        bad = []
        for cell in ("target", "actual"):
            if _num_differs(t[cell]["value"], q[cell]["value"]) or (t[cell].get("op") != q[cell].get("op")):
                bad.append(cell)
        for col in ("weight", "score"):
            if _num_differs(t[col], q[col]):
                bad.append(col)
        if _norm(t["reason"]) != _norm(q["reason"]):
            bad.append("reason")
        if bad:
            out.append(f"ind{i}." + "/".join(bad))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=600, help="number of forms (about: files hold 1-3 forms)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--families", default=",".join(CORPUS_FAMILIES))
    ap.add_argument("--defect-rate", type=float, default=0.65, help="share of forms with planted defects")
    ap.add_argument("--embedder", default="e5", help="e5 | tfidf | none (the CLI's default is e5)")
    ap.add_argument("--pack", default="default")
    ap.add_argument("--keep", type=Path, help="write the forms here instead of a temp folder (kept)")
    ap.add_argument("-v", "--verbose", action="count", default=0, help="list examples (-vv: more)")
    ap.add_argument("--rule", action="append", default=[], help="with -v: only list examples of these rules")
    args = ap.parse_args(argv)

    from nlp_audit import pipeline

    embedder = None
    if args.embedder != "none":
        from nlp_audit.nlp.embedders import make_embedder

        embedder = make_embedder(args.embedder)
    families = tuple(x.strip() for x in args.families.split(",") if x.strip())

    with tempfile.TemporaryDirectory(prefix="eval_synth_") as tmp:
        out = args.keep or Path(tmp)
        files = generate(out, args.n, args.seed, families, args.defect_rate)
        labels: list[Label] = []
        clean: set[tuple[str, int]] = set()
        forms_expected: dict[str, int] = {}
        truth: dict[tuple[str, int], dict] = {}
        for p in files:
            exp = json.loads(p.with_suffix(".expected.json").read_text(encoding="utf-8"))
            forms_expected[str(p)] = len(exp["forms"])
            truth.update({(str(p), i): form for i, form in enumerate(exp["forms"])})
            for i in range(len(exp["forms"])):
                if not any(d["form"] == i for d in exp["defects"]):
                    clean.add((str(p), i))
            for d in exp["defects"]:
                labels.append(Label(str(p), d["form"], d["rule"], d["evidence"], d.get("indicator")))
        t0 = time.perf_counter()
        result = pipeline.run(files, args.pack, embedder=embedder)
        seconds = time.perf_counter() - t0
        # A form-level finding of a file whose forms did not parse is attributed to form 0.
        findings = list(result.findings)
        parsed_forms = {pf.path: len(pf.forms) for pf in result.parsed}
        parsed_json = {(pf.path, i): form.to_json() for pf in result.parsed for i, form in enumerate(pf.forms)}
        pdiff = {key: parse_diff(t, parsed_json.get(key)) for key, t in truth.items()}

        by_key: dict[tuple[str, int | None], list] = defaultdict(list)
        for f in findings:
            by_key[(f.path, f.form)].append(f)
        tp_find: set[int] = set()
        for lab in labels:
            for f in by_key.get((lab.path, lab.form), []):
                if _matches(lab, f):
                    lab.matched = True
                    tp_find.add(id(f))

        plantable = set(SELF_DEFECTS) | set(DECLARATION_DEFECTS) | {lab.rule for lab in labels}
        planted = Counter(lab.rule for lab in labels)
        hit = Counter(lab.rule for lab in labels if lab.matched)
        found = Counter(f.rule for f in findings)
        found_tp = Counter(f.rule for f in findings if id(f) in tp_find)
        clean_fa = [f for f in findings if (f.path, 0 if f.form is None else f.form) in clean]
        clean_count = Counter(f.rule for f in clean_fa)
        ok_form = {k for k, v in pdiff.items() if not v}
        planted_ok = Counter(lab.rule for lab in labels if (lab.path, lab.form) in ok_form)
        hit_ok = Counter(lab.rule for lab in labels if lab.matched and (lab.path, lab.form) in ok_form)
        found_ok = Counter(f.rule for f in findings if (f.path, f.form) in ok_form)
        tp_ok = Counter(f.rule for f in findings if id(f) in tp_find and (f.path, f.form) in ok_form)
        clean_ok = Counter(f.rule for f in clean_fa if not pdiff.get((f.path, 0 if f.form is None else f.form)))

        n_forms = sum(forms_expected.values())
        mism = [p for p in forms_expected if parsed_forms.get(p, 0) != forms_expected[p]]
        print(
            f"{n_forms} forms in {len(files)} files ({len(clean)} clean), seed {args.seed}, "
            f"embedder {args.embedder}, pack {args.pack}; checked in {seconds:.1f}s"
        )
        bad_parse = [k for k, v in pdiff.items() if v]
        print(f"{len(bad_parse)} of {len(pdiff)} forms parse differently from the truth ({len([k for k in bad_parse if k in clean])} clean)")
        if mism:
            print(f"form count differs from the truth in {len(mism)} files: {', '.join(sorted(mism)[:5])}")
        print()
        print(f"{'rule':6} {'planted':>7} {'hit':>5} {'recall':>7} {'found':>6} {'match':>6} {'prec':>6} {'cleanFA':>8} {'parseOK':>7} | parse-ok forms: {'rec':>5} {'prec':>5}")
        tot = Counter()
        for rule in sorted(plantable):
            p, h, fnd, ftp = planted[rule], hit[rule], found[rule], found_tp[rule]
            rec = f"{h / p:.3f}" if p else "  -"
            prec = f"{ftp / fnd:.3f}" if fnd else "  -"
            print(f"{rule:6} {p:7d} {h:5d} {rec:>7} {fnd:6d} {ftp:6d} {prec:>6} {clean_count[rule]:8d} {clean_ok[rule]:7d} | {_ratio(hit_ok[rule], planted_ok[rule]):>20} {_ratio(tp_ok[rule], found_ok[rule]):>5}")
            tot.update({"po": planted_ok[rule], "ho": hit_ok[rule], "fo": found_ok[rule], "to": tp_ok[rule]})
            tot.update({"p": p, "h": h, "f": fnd, "t": ftp, "c": clean_count[rule], "o": clean_ok[rule]})
        print(
            f"{'all':6} {tot['p']:7d} {tot['h']:5d} {tot['h'] / max(1, tot['p']):7.3f} {tot['f']:6d} "
            f"{tot['t']:6d} {tot['t'] / max(1, tot['f']):6.3f} {tot['c']:8d} {tot['o']:7d} | "
            f"{_ratio(tot['ho'], tot['po']):>20} {_ratio(tot['to'], tot['fo']):>5}"
        )
        others = sorted(set(found) - plantable)
        if others:
            print("\nnot plantable (false alarms on clean forms / found on all forms):")
            for rule in others:
                print(f"  {rule:6} clean {clean_count[rule]:4d} (parse ok {clean_ok[rule]:4d})   all {found[rule]:4d}")
        print(f"\nfalse alarms on clean forms: {len(clean_fa)} on {len({(f.path, f.form) for f in clean_fa})} of {len(clean)} clean forms")

        if args.verbose:
            limit = 5 if args.verbose == 1 else 50
            want = set(args.rule)

            def show(title: str, items: list[str]) -> None:
                if items:
                    print(f"\n-- {title} ({len(items)})")
                    for s in items[:limit]:
                        print("   " + s)

            def rel(path: str, form: int | None = None) -> str:
                name = str(Path(path).relative_to(out)) if path.startswith(str(out)) else path
                if form is None:
                    return name
                diff = pdiff.get((path, form))
                return f"{name}#{form}" + (f" [parse≠ {','.join(diff[:4])}]" if diff else "")

            for rule in sorted(set(planted) | set(found)):
                if want and rule not in want:
                    continue
                miss = [
                    f"{rel(lab.path, lab.form)} ind={lab.indicator!r} ev={lab.evidence[:60]!r}"
                    for lab in labels
                    if lab.rule == rule and not lab.matched
                ]
                show(f"{rule} missed", miss)
                unm = [
                    f"{rel(f.path, f.form)} ind={f.indicator!r} ev={f.evidence[:60]!r} :: {f.message[:80]}"
                    for f in findings
                    if f.rule == rule and id(f) not in tp_find and (f.path, 0 if f.form is None else f.form) not in clean
                ]
                show(f"{rule} unmatched on defective forms", unm)
                fa = [
                    f"{rel(f.path, f.form)} ind={f.indicator!r} ev={f.evidence[:60]!r} :: {f.message[:80]}"
                    for f in clean_fa
                    if f.rule == rule
                ]
                show(f"{rule} false alarms on clean forms", fa)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
