#!/usr/bin/env python3
"""Benchmark: parse and check speed on two corpora, where the time goes, claims/s, memory, cold start.

    python scripts/bench.py                 # 5,000 forms of each corpus, all layout families
    python scripts/bench.py --quick         # 1,000 forms each, smaller claim sample
    python scripts/bench.py --corpus realistic --forms 2000 --keep /tmp/bench_forms
    python scripts/bench.py --quantities    # only the quantity grammar: phrases/s (target >= 10,000)

Two corpora: "synthetic" (devtools.synth: its narratives come from a few dozen templates, so the
caches hide the cost of reading narratives and of the embedder) and "realistic"
(scripts/realistic_corpus.py: every form its own narratives and indicator names, as on real forms).
Single-process runs are pinned to one core; ``-j 0`` uses every core. Each rate is given on the wall
clock and on CPU time (user + system of the process and its workers): the machine is shared, and
CPU time is the steadier figure. "where the time goes" times each stage of the default pipeline on
one core: read + parse, the form analysis (texts and quantities, claims and matching, the
embedder's share of it, row verdicts), the checks by family, the batch checks. Not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
    os.environ.setdefault(var, "1" if var != "TOKENIZERS_PARALLELISM" else "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_FORMS_PER_S = 1000  # SPEC/brief targets, printed beside the figures
TARGET_PARSE_PER_S = 500  # issue 8: the parse on one core
TARGET_COLD_S = 1.0


def pin_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to cpu {cpu}"
    except (AttributeError, OSError) as exc:
        return f"not pinned ({exc})"


def generate_realistic(folder: Path, n_forms: int, seed: int) -> tuple[int, int, float]:
    """The realistic corpus (scripts/realistic_corpus.py, imported from the checkout)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from realistic_corpus import write_realistic

    t0 = time.perf_counter()
    forms, files = write_realistic(folder, n_forms, seed)
    return forms, files, time.perf_counter() - t0


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished workers."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def generate(folder: Path, n_forms: int, seed: int) -> tuple[int, int, float]:
    """Write files until ``n_forms`` forms exist, cycling through every family; 65% carry defects."""
    from devtools.synth.corpus import CORPUS_FAMILIES, make_file

    rng = random.Random(seed)
    t0 = time.perf_counter()
    forms = files = 0
    while forms < n_forms:
        family = CORPUS_FAMILIES[files % len(CORPUS_FAMILIES)]
        f = make_file(rng, family)
        (folder / f"{files:06d}_{family}.txt").write_text(f.text, encoding="utf-8")
        forms += len(f.forms)
        files += 1
    return forms, files, time.perf_counter() - t0


def clear_caches() -> None:
    """Empty every per-process cache of the package, so each stage is timed cold, not on the
    previous stage's cached cells and narratives (lexicons and models stay loaded)."""
    import functools
    import gc

    for obj in gc.get_objects():
        if isinstance(obj, functools._lru_cache_wrapper) and getattr(obj, "__module__", "").startswith("nlp_audit") \
                and obj.cache_parameters()["maxsize"] != 1:  # maxsize 1: a loader (lexicon, compiled patterns)
            obj.cache_clear()
    try:
        from nlp_audit.layout import clear_caches as clear_layout

        clear_layout()
    except ImportError:
        pass


def fmt_rate(count: float, seconds: float, unit: str) -> str:
    return f"{count / seconds:,.0f} {unit}/s ({count:,.0f} in {seconds:.2f} s)" if seconds > 0 else "n/a"


def na(exc: BaseException) -> str:
    if isinstance(exc, NotImplementedError):
        return "n/a (a module it needs is still a stub)"
    return f"n/a ({type(exc).__name__}: {str(exc)[:120]})"


def bench_parse(paths: list[Path]) -> tuple[str, list]:
    from nlp_audit import pipeline

    try:
        clear_caches()
        with pipeline.batch_gc():  # as pipeline.run does for a batch
            c0, t0 = cpu_seconds(), time.perf_counter()
            parsed = [pipeline.parse_file(p) for p in paths]
            dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    except Exception as exc:  # noqa: BLE001 - report, do not crash the benchmark
        return na(exc), []
    n = sum(len(p.forms) for p in parsed)
    stub = sum(1 for p in parsed if p.errors and any("NotImplementedError" in e.message for e in p.errors))
    if stub == len(parsed):
        return "n/a (readers/layout still stubs: every file became P001)", parsed
    unread = sum(1 for p in parsed if not p.forms)
    # CPU time as well as wall time: on a shared machine the wall clock also counts other people's work
    return (fmt_rate(n, dt, "forms") + f"; {n / cpu:,.0f} forms per CPU-s ({cpu * 1000 / n:.2f} ms/form)"
            + f"; {unread} files without a form" + _vs_target(max(n / dt, n / cpu), TARGET_PARSE_PER_S)), parsed


def _vs_target(rate: float, target: int = TARGET_FORMS_PER_S) -> str:
    return f"  [target >= {target:,}/s: {'ok' if rate >= target else 'BELOW'}]"


def bench_check(paths: list[Path], embedder_spec: str, select: list[str] | None = None, jobs: int = 1,
                target: int | None = TARGET_FORMS_PER_S) -> str:
    """Parse + check through ``pipeline.run`` (batch rules included), caches cold."""
    from nlp_audit import pipeline
    from nlp_audit.packs import load_pack

    try:
        pack = load_pack("default")
        emb = _embedder(embedder_spec)
        clear_caches()
        c0, t0 = cpu_seconds(), time.perf_counter()
        # as `nlp-audit check` runs: the parsed files are not kept (with -j they would be pickled back
        # to this process: 8-12 MB and 1.1-1.5 CPU-s of pickling per 1,000 forms that no check pays)
        result = pipeline.run(paths, pack, select=select, embedder=emb, jobs=jobs, keep_parsed=False)
        dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    except Exception as exc:  # noqa: BLE001
        return na(exc)
    forms = result.form_count
    if not forms:
        return "n/a (no form parsed)"
    rate = forms / dt
    flag = f"  [target >= {target:,}/s: {'ok' if rate >= target else 'BELOW'}]" if target else ""
    return (fmt_rate(forms, dt, "forms") + f"; {forms / cpu:,.0f} forms per CPU-s ({cpu:.2f} CPU-s)"
            + f", {len(result.findings):,} findings, embedder {embedder_spec}" + flag)


def where_the_time_goes(paths: list[Path], embedder_spec: str) -> list[str]:
    """Each stage of the default pipeline timed on one core, in CPU time (see the module docstring)."""
    from collections import defaultdict

    from nlp_audit import pipeline
    from nlp_audit.checks.registry import FormContext, _plan
    from nlp_audit.nlp.analysis import FormAnalysis
    from nlp_audit.packs import load_pack

    pack = load_pack("default")
    emb = _embedder(embedder_spec)
    if emb is not None:
        emb.embed(["warm up"])  # the model's load is the cold start's business, not the batch's
    clear_caches()
    spent: dict[str, float] = defaultdict(float)
    encode = getattr(emb, "_encode", None)
    if encode is not None:
        def timed_encode(texts):
            t = time.process_time()
            try:
                return encode(texts)
            finally:
                spent["  embedder (encode)"] += time.process_time() - t
        emb._encode = timed_encode
    specs = _plan("form", pack, None)
    forms = narratives = 0
    files = []
    readings = _count_readings()  # one NLP pass per form: the grammar reads each narrative once
    encoded0 = getattr(emb, "calls", 0)
    with pipeline.batch_gc():
        for path in paths:
            t = time.process_time()
            with readings.paused():
                parsed = pipeline.parse_file(path)
            spent["read + parse"] += time.process_time() - t
            files.append(parsed)
            for form in parsed.forms:
                forms += 1
                narratives += sum(1 for nar in (form.goal, form.actual) if nar and nar.text)
                analysis = FormAnalysis(form, pack, emb)
                for part, label in (("texts", "analysis: texts + quantities"), ("rows", "analysis: row verdicts"),
                                    ("claims", "analysis: claims + matching")):
                    t = time.process_time()
                    getattr(analysis, part)
                    spent[label] += time.process_time() - t
                ctx = FormContext(form=form, pack=pack, analysis=analysis)
                for spec in specs:
                    t = time.process_time()
                    list(spec.fn(ctx))
                    spent[f"checks {spec.code[0]}"] += time.process_time() - t
        t = time.process_time()
        pipeline.check_batch(files, pack)
        spent["batch checks (B)"] += time.process_time() - t
    if encode is not None:
        emb._encode = encode
    readings.restore()
    encoded = getattr(emb, "calls", 0) - encoded0
    total = sum(v for k, v in spent.items() if not k.startswith("  "))
    lines = [f"{forms:,} forms, {total:.2f} CPU-s on one core ({forms / total:,.0f} forms per CPU-s), embedder {embedder_spec}"]
    order = ["read + parse", "analysis: texts + quantities", "analysis: row verdicts", "analysis: claims + matching",
             "  embedder (encode)"] + sorted(k for k in spent if k.startswith("checks ")) + ["batch checks (B)"]
    for key in order:
        if key in spent:
            lines.append(f"  {key:<30} {spent[key]:7.2f} s  {spent[key] / total * 100:5.1f} %  "
                         f"{spent[key] / max(forms, 1) * 1000:6.2f} ms/form")
    lines.append(f"one NLP pass: {narratives:,} narratives, {readings.count:,} read by the quantity grammar after "
                 f"the parse ({readings.count / max(narratives, 1):.2f} per narrative; <1 where a text recurs and "
                 f"its reading is cached), {encoded:,} texts encoded by the embedder ({encoded / max(forms, 1):.2f} per form)")
    return lines


class _count_readings:
    """Counts the quantity grammar's readings of narratives (nlp_audit.quantities.find_quantities as
    the form analysis calls it, cache misses included), paused while a file is parsed."""

    def __init__(self) -> None:
        import nlp_audit.quantities as q

        self._module, self._real, self.count, self._on = q, q.find_quantities, 0, True

        def counted(text):
            if self._on:
                self.count += 1
            return self._real(text)

        q.find_quantities = counted

    def paused(self):
        from contextlib import contextmanager

        @contextmanager
        def cm():
            self._on = False
            try:
                yield
            finally:
                self._on = True
        return cm()

    def restore(self) -> None:
        self._module.find_quantities = self._real


def _embedder(spec: str):
    try:
        from nlp_audit.nlp.embedders import make_embedder
    except ImportError:
        return None
    return make_embedder(spec)


def st_spec() -> str | None:
    """A sentence-transformers model usable offline: models/st-* in the repo, if any."""
    for p in sorted((ROOT / "models").glob("st*")):
        if p.is_dir() and any(p.glob("*.json")):
            return f"st:{p}"
    return None


def bench_claims(parsed: list, n_forms: int) -> list[tuple[str, str]]:
    """Claims judged per second by the NLP pass, per embedder backend."""
    try:
        from nlp_audit.nlp.embedders import make_embedder  # noqa: F401
    except ImportError:
        return [("all", "n/a (nlp_audit.nlp.embedders.make_embedder does not exist yet)")]
    from nlp_audit.packs import load_pack
    from nlp_audit.pipeline import analyze_form

    pack = load_pack("default")
    forms = [f for p in parsed for f in p.forms][:n_forms]
    if not forms:
        return [("all", "n/a (no parsed forms)")]
    specs = ["tfidf", "e5"]
    st = st_spec()
    out: list[tuple[str, str]] = []
    for spec in specs + ([st] if st else []):
        try:
            emb = _embedder(spec)
            analyze_form(forms[0], pack, emb)  # load the model outside the timing
            clear_caches()
            t0 = time.perf_counter()
            claims = sum(len(getattr(analyze_form(f, pack, emb), "claims", []) or []) for f in forms)
            dt = time.perf_counter() - t0
            out.append((spec, fmt_rate(claims, dt, "claims") + f" over {len(forms)} forms"))
        except Exception as exc:  # noqa: BLE001
            out.append((spec, na(exc)))
    if not st:
        out.append(("st", "n/a (no sentence-transformers model under models/st*)"))
    return out


def quantity_phrases(n: int, seed: int = 11) -> list[str]:
    """``n`` varied narrative phrases for the quantity grammar (every phenomenon it reads, random numbers,
    so no two phrases share a cache entry): counts, money, percentages, modifiers, ranges, changes,
    Chinese numerals, spaces from PDF text, dates, codes and plain prose."""
    rng = random.Random(seed)
    cn = "一二三四五六七八九"

    def num() -> str:
        r = rng.random()
        if r < 0.5:
            return str(rng.randint(1, 99999))
        if r < 0.75:
            return f"{rng.uniform(0, 1000):.{rng.randint(1, 2)}f}"
        return rng.choice(cn) + rng.choice(["十", "百", "千", "万"]) + rng.choice(["", rng.choice(cn)])

    units = ["人", "人次", "项", "个", "场", "次", "户", "万元", "元", "平方米", "公里", "吨", "亩", "%", "天", "美元"]
    templates = [
        lambda: f"全年开展培训{num()}{rng.choice(units)}，群众满意度达{rng.randint(80, 100)}%以上",
        lambda: f"项目资金{num()}万元，实际支出{num()}万元，预算执行率{rng.uniform(60, 100):.2f}%",
        lambda: f"服务内容从{rng.randint(1, 50)}余项增加到{rng.randint(51, 200)}余项",
        lambda: f"受害率控制在{rng.uniform(0, 5):.1f}‰以下，成本较上年下降{rng.uniform(0, 30):.1f}%",
        lambda: f"新增岗位不少于{rng.randint(1, 50)}个且不超过{rng.randint(51, 99)}个",
        lambda: f"每户补助{rng.randint(2, 9)}千元，惠及{rng.randint(1, 9)}万{rng.randint(1, 9)}千{rng.randint(1, 9)}百人",
        lambda: f"建成 {rng.choice(cn)}百 {rng.choice(cn)} 十 {rng.choice(cn)} 个站点",
        lambda: f"完成率为-{rng.uniform(0, 30):.1f}%，负{rng.randint(1, 9)}个百分点",
        lambda: f"{rng.randint(2019, 2024)}年{rng.randint(1, 12)}月底前完成{rng.randint(1, 9)}成以上",
        lambda: f"依据财预〔{rng.randint(2018, 2024)}〕{rng.randint(1, 99)}号文件，联系电话028-8{rng.randint(1000000, 9999999)}",
        lambda: f"在{rng.randint(1, 50)}和{rng.randint(51, 100)}之间，大于{rng.randint(1, 9)}小于{rng.randint(10, 99)}",
        lambda: f"一是加强领导，二是统一思想，进一步提升服务质量{rng.randint(1, 9)}次",
        lambda: f"门票{rng.randint(1, 9)}折优惠，售价{rng.randint(1, 99)}块{rng.randint(1, 9)}，折合{num()}欧元",
        lambda: f"绿化面积{num()}平方米，道路{rng.uniform(1, 20):.1f}公里，时速{rng.randint(20, 120)}公里/小时",
    ]
    return [rng.choice(templates)() for _ in range(n)]


def bench_quantities(n: int = 5000, repeats: int = 3) -> str:
    """Phrases per second of find_quantities on fresh phrases (caches cleared before each repeat)."""
    from nlp_audit.quantities import find_quantities

    phrases = quantity_phrases(n)
    find_quantities("预热 1 次")  # lexicon and regex compilation outside the timing
    rates, cpu = [], []
    for _ in range(repeats):
        clear_caches()
        t0, c0 = time.perf_counter(), time.process_time()
        spans = sum(len(find_quantities(p)) for p in phrases)
        rates.append(n / (time.perf_counter() - t0))
        cpu.append(n / (time.process_time() - c0))
    # CPU time as well as wall time: on a shared 2-core machine the wall clock also counts other people's work
    best = max(statistics.median(rates), statistics.median(cpu))
    return (f"{statistics.median(rates):,.0f} phrases/s wall ({min(rates):,.0f}-{max(rates):,.0f}), "
            f"{statistics.median(cpu):,.0f}/s CPU ({min(cpu):,.0f}-{max(cpu):,.0f}) over {repeats} runs of {n:,} phrases, "
            f"{spans:,} spans  [target >= 10,000/s: {'ok' if best >= 10_000 else 'BELOW'}]")


def bench_cold(one_file: Path, runs: int = 3) -> str:
    exe = shutil.which("nlp-audit")
    cmd = [exe] if exe else [sys.executable, "-m", "nlp_audit.cli"]
    cmd += ["check", str(one_file), "--format", "json", "--fail-on", "never"]
    times, last = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        last = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        times.append(time.perf_counter() - t0)
    if last is None or last.returncode not in (0, 1) or not _is_report(last.stdout):
        err = (last.stderr or "").strip().splitlines()[-1:] if last else ["?"]
        return f"n/a (exit {last.returncode if last else '?'}: {err[0][:120] if err else 'no JSON report'})"
    best = min(times)
    return f"{best:.2f} s best of {runs} (median {statistics.median(times):.2f} s)  [target <= {TARGET_COLD_S:.0f} s: {'ok' if best <= TARGET_COLD_S else 'ABOVE'}]"


def _is_report(stdout: str) -> bool:
    """A cold start only counts if the run printed a report (exit 1 also means "crashed")."""
    import json

    try:
        return "summary" in json.loads(stdout)
    except ValueError:
        return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forms", type=int, default=None, help="forms per corpus (default 5000, quick 1000)")
    ap.add_argument("--quick", action="store_true", help="fewer forms and a smaller claim sample")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", choices=("synthetic", "realistic", "both"), default="both")
    ap.add_argument("--check-embedder", default="e5", help="embedder of the parse+check run (CLI default e5)")
    ap.add_argument("--claims-forms", type=int, default=None, help="forms in the claims/s sample (default 500, quick 100)")
    ap.add_argument("--no-jobs", action="store_true", help="skip the multi-process run")
    ap.add_argument("--keep", type=Path, help="write the forms here and keep them (default: temp folder)")
    ap.add_argument("--quantities", action="store_true", help="only the quantity grammar's phrases/s")
    ap.add_argument("--rates-only", action="store_true",
                    help="only the parse and check rates (no breakdown, claims/s, cold start, quantities): "
                         "for repeated before/after runs on a busy machine")
    args = ap.parse_args(argv)
    if args.quantities:
        print(f"quantities      : {bench_quantities()}  ({pin_one_core()})")
        return 0
    n_forms = args.forms or (1000 if args.quick else 5000)
    n_claims = args.claims_forms or (100 if args.quick else 500)
    corpora = ("synthetic", "realistic") if args.corpus == "both" else (args.corpus,)

    print(f"nlp-audit benchmark: {n_forms:,} forms per corpus, {pin_one_core()}, python {sys.version.split()[0]}, "
          f"NLP_AUDIT_THREADS={os.environ.get('NLP_AUDIT_THREADS', '1 (default)')}")
    tmp = None
    if args.keep:
        root = args.keep
        root.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="nlp_audit_bench_")
        root = Path(tmp.name)
    try:
        first = None
        for name in corpora:
            folder = root / name
            folder.mkdir(parents=True, exist_ok=True)
            make = generate if name == "synthetic" else generate_realistic
            forms, files, dt = make(folder, n_forms, args.seed)
            print(f"\n== {name}: {forms:,} forms in {files:,} files, generated in {dt:.1f} s ({folder})")
            paths = sorted(folder.glob("*.txt"))
            first = first or paths[0]
            parse_line, parsed = bench_parse(paths)
            print(f"parse           : {parse_line}")
            print(f"check F,S,A,D,P : {bench_check(paths, args.check_embedder, select=['F', 'S', 'A', 'D', 'P'])}"
                  "  (issue 3: these rules, parse included, one core)")
            print(f"check all rules : {bench_check(paths, args.check_embedder, target=None)}  (one core, no target)")
            if not args.no_jobs:
                os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
                line = bench_check(paths, args.check_embedder, jobs=0, target=300)
                print(f"check all, -j 0 : {line}  (issue 9: default pipeline, every core)")
                pin_one_core()
            if args.rates_only:
                continue
            print("where the time goes (default pipeline, one core):")
            for line in where_the_time_goes(paths, args.check_embedder):
                print("  " + line)
            for spec, line in bench_claims(parsed, n_claims):
                print(f"claims [{spec:>5}] : {line}")
        if args.rates_only:
            return 0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"\npeak memory     : {rss / 1024:,.0f} MB (ru_maxrss of this process)")
        print(f"cold start      : {bench_cold(first)}")
        print(f"quantities      : {bench_quantities()}")
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
