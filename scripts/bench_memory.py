#!/usr/bin/env python3
"""Peak memory of `nlp-audit check` on generated batches of 1k/10k/50k forms (issue 11: flat with batch size).

    python scripts/bench_memory.py --sizes 1000,10000,50000 --format jsonl
    python scripts/bench_memory.py --sizes 1000,10000 --compare 1914550   # the same runs on an older commit

Forms are generated with devtools.synth (every layout family, 1-3 forms per file, planted defects)
into --work (reused when already there, so repeats measure the same batch). Each run is the real
command in a subprocess, `--embedder tfidf`, output to a file; its peak RSS comes from the kernel's
rusage of that child (os.wait4), its wall time from the clock, and the peak of its RSS in each
quarter of the run (sampled from /proc), to show whether memory levels off while files stream by. `--compare REF` also runs the code of
a git ref (exported with `git archive` into a temporary folder) on the same batches. Figures are
printed, never asserted: the machine is shared and its load varies.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.synth.corpus import CORPUS_FAMILIES, make_file  # noqa: E402

PER_FOLDER = 1000  # files per sub-folder of a generated batch


def generate(folder: Path, forms: int, seed: int = 11) -> tuple[int, int]:
    """At least ``forms`` forms in files under ``folder`` (reused when its marker says so): (files, forms)."""
    marker = folder / ".generated"
    if marker.exists():
        files, made = map(int, marker.read_text().split())
        if made >= forms:
            return files, made
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    families = [f for f in CORPUS_FAMILIES if f != "declaration"] + ["declaration"]
    files = made = 0
    while made < forms:
        family = families[files % len(families)]
        f = make_file(rng, family)
        sub = folder / f"{files // PER_FOLDER:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{files % PER_FOLDER:04d}.txt").write_text(f.text, encoding="utf-8")
        files += 1
        made += len(f.forms)
    marker.write_text(f"{files} {made}\n")
    return files, made


def measure(code: Path, batch: Path, fmt: str, out: Path, extra: list[str]) -> tuple[float, float, int, list[float]]:
    """(peak RSS MiB, seconds, exit code, peak RSS MiB of each quarter of the run) of one `check` run of
    the code in ``code``. The quarters (RSS sampled from /proc every 0.2 s) show whether memory keeps
    growing while files stream by, or levels off once the bounded caches are full."""
    env = dict(os.environ, PYTHONPATH=str(code))
    cmd = [sys.executable, "-m", "nlp_audit.cli", "check", str(batch), "-f", fmt, "-o", str(out),
           "--embedder", "tfidf", "--fail-on", "never", "--quiet", "--isolated", *extra]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL)
    samples: list[tuple[float, float]] = []
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss = _rss_mib(proc.pid)
        if rss is not None:
            samples.append((time.monotonic() - start, rss))
        time.sleep(0.2)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    quarters = [max((r for t, r in samples if q * seconds / 4 <= t < (q + 1) * seconds / 4), default=0.0)
                for q in range(4)]
    return usage.ru_maxrss / 1024, seconds, proc.returncode, quarters


def _rss_mib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def export(ref: str, into: Path) -> Path:
    """The tree of git ``ref`` in ``into`` (for --compare)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,50000", help="forms per batch, comma-separated")
    ap.add_argument("--format", default="jsonl")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "nlp-audit-bench-memory")
    ap.add_argument("--compare", metavar="REF", help="also run the code of this git ref")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", type=int, help="pass --jobs N")
    ap.add_argument("--ignore", help="pass --ignore CODES (e.g. B: the streamed part without the batch rules)")
    args = ap.parse_args(argv)
    extra = ["--jobs", str(args.jobs)] if args.jobs is not None else []
    extra += ["--ignore", args.ignore] if args.ignore else []
    codes = [("this", ROOT)]
    if args.compare:
        codes.append((args.compare, export(args.compare, args.work / f"code-{args.compare}")))
    print(f"{'forms':>7} {'files':>7} {'code':>9} {'format':>6} {'peak RSS MiB':>13} {'seconds':>8} {'forms/s':>8}"
          "  RSS MiB by quarter of the run")
    for size in (int(s) for s in args.sizes.split(",")):
        batch = args.work / f"batch-{size}"
        files, forms = generate(batch, size)
        for label, code in codes:
            for _ in range(args.repeat):
                out = args.work / f"report-{size}-{label}.{args.format}"
                rss, seconds, rc, quarters = measure(code, batch, args.format, out, extra)
                flag = "" if rc == 0 else f"  exit {rc}"
                print(f"{forms:>7} {files:>7} {label:>9} {args.format:>6} {rss:>13.0f} {seconds:>8.0f} "
                      f"{forms / seconds:>8.0f}  {' / '.join(f'{q:.0f}' for q in quarters)}{flag}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
