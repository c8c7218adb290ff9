"""The long fuzz campaign of issue 11: N hostile inputs of every type through every output format.

    python scripts/fuzz.py --n 10000 [--batch 100] [--max-seconds 10] [--save tests/data/hostile]

Inputs come from the hypothesis strategy of tests/fuzzkit.py (mutated seeds, examples and generated
forms as .txt in every supported encoding, .xlsx, .xlsm, .docx and .pdf, some with damaged bytes),
plus one folder of container bombs and special files. Each batch is written to a folder and checked
in a fresh subprocess (`check` in every format, then `parse`), so a crash, a hang or a memory peak
of one batch is measured on its own and cannot take the campaign down. Every input of a batch that
broke the contract (an escaped exception, a lost file, a report a strict parser rejects, a file over
the time limit, a subprocess that died or hung) is copied to --save as a regression fixture;
inputs that only produced a caught-crash P001 are listed and saved under --save/caught.

Prints one line per batch and the totals: inputs, tracebacks, hangs, lost files, rejected reports,
caught crashes, peak RSS of the worst batch process.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

_CHILD = r"""
import json, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
import fuzzkit
from nlp_audit.limits import Limits
o = fuzzkit.check_folder(Path({folder!r}), Limits(max_seconds={max_seconds!r}))
print(json.dumps({{"inputs": o.inputs, "escaped": o.escaped, "lost": o.lost, "rejected": o.rejected,
                  "slow": o.slow, "caught": o.caught, "peak_rss_mb": o.peak_rss_mb, "seconds": o.seconds}}))
"""


def run_batch(folder: Path, max_seconds: float, n_files: int) -> dict:
    code = _CHILD.format(tests=str(ROOT / "tests"), folder=str(folder), max_seconds=max_seconds)
    budget = 120 + 2 * n_files * (max_seconds + 5)  # check and parse, each file at most its limit
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=budget)
    except subprocess.TimeoutExpired:
        return {"inputs": n_files, "hung": True, "escaped": [], "lost": [], "rejected": [], "slow": [],
                "caught": [], "peak_rss_mb": 0.0, "seconds": budget}
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"inputs": n_files, "escaped": [f"exit {proc.returncode}: {proc.stderr[-2000:]}"], "lost": [],
                "rejected": [], "slow": [], "caught": [], "peak_rss_mb": 0.0, "seconds": 0.0}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="fuzzed inputs (the bombs come on top)")
    ap.add_argument("--batch", type=int, default=100, help="inputs per checked folder")
    ap.add_argument("--max-seconds", type=float, default=10.0, help="per-file wall-time limit of the runs")
    ap.add_argument("--seed", type=int, default=0, help="hypothesis seed (reproducible campaigns)")
    ap.add_argument("--save", type=Path, default=ROOT / "tests" / "data" / "hostile", help="regression fixtures")
    ap.add_argument("--report", type=Path, help="write the totals and every failure as JSON here")
    args = ap.parse_args()

    import fuzzkit
    from hypothesis import HealthCheck, Phase, given, seed, settings

    work = Path(tempfile.mkdtemp(prefix="nlp-audit-fuzz-"))
    totals = {"inputs": 0, "tracebacks": 0, "hangs": 0, "lost": 0, "rejected": 0, "caught": 0,
              "peak_rss_mb": 0.0, "batches": 0, "seconds": 0.0}
    failures: list[dict] = []
    started = time.monotonic()

    def account(folder: Path, outcome: dict) -> None:
        totals["batches"] += 1
        totals["inputs"] += outcome["inputs"]
        totals["tracebacks"] += len(outcome["escaped"])
        totals["hangs"] += len(outcome["slow"]) + (1 if outcome.get("hung") else 0)
        totals["lost"] += len(outcome["lost"])
        totals["rejected"] += len(outcome["rejected"])
        totals["caught"] += len(outcome["caught"])
        totals["peak_rss_mb"] = max(totals["peak_rss_mb"], outcome["peak_rss_mb"])
        broken = outcome["escaped"] or outcome["slow"] or outcome["lost"] or outcome["rejected"] or outcome.get("hung")
        if broken:
            failures.append({"batch": folder.name, **outcome})
            _keep(folder, args.save, None)
        elif outcome["caught"]:
            failures.append({"batch": folder.name, "caught": outcome["caught"]})
            _keep(folder, args.save / "caught", {Path(p).name for p, _ in outcome["caught"]})
        print(f"batch {totals['batches']:4d}: {outcome['inputs']:4d} inputs in {outcome['seconds']:6.1f}s, "
              f"rss {outcome['peak_rss_mb']:6.0f} MB, escaped {len(outcome['escaped'])}, slow {len(outcome['slow'])}, "
              f"lost {len(outcome['lost'])}, rejected {len(outcome['rejected'])}, caught {len(outcome['caught'])}"
              + (" HUNG" if outcome.get("hung") else ""), flush=True)

    bomb_dir = work / "bombs"
    fuzzkit.bombs(bomb_dir)
    account(bomb_dir, run_batch(bomb_dir, args.max_seconds, 12))

    # one hypothesis example per input (a list of a hundred per example overruns hypothesis's budget and
    # is retried for minutes); inputs gather in a folder, checked every --batch inputs
    pending: list[tuple[str, bytes]] = []

    def flush() -> None:
        folder = work / f"batch{totals['batches']:05d}"
        folder.mkdir()
        for name, data in pending:
            (folder / name).write_bytes(data)
        account(folder, run_batch(folder, args.max_seconds, len({name for name, _ in pending})))
        shutil.rmtree(folder, ignore_errors=True)
        pending.clear()

    @seed(args.seed)
    @settings(max_examples=args.n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(fuzzkit.fuzz_input())
    def campaign(item: tuple[str, bytes]) -> None:
        if item[0] not in {name for name, _ in pending}:
            pending.append(item)
        if len(pending) >= args.batch:
            flush()

    campaign()
    if pending:
        flush()
    totals["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(totals))
    if args.report:
        args.report.write_text(json.dumps({"totals": totals, "failures": failures}, ensure_ascii=False, indent=1))
    shutil.rmtree(work, ignore_errors=True)
    broken = totals["tracebacks"] + totals["hangs"] + totals["lost"] + totals["rejected"]
    return 1 if broken else 0


def _keep(folder: Path, dest: Path, only: set[str] | None) -> None:
    """Copy the inputs of a failing batch (or just ``only``) into the fixtures folder."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        if path.is_file() and not path.is_symlink() and (only is None or path.name in only):
            if path.stat().st_size <= 2 * 1024 * 1024:
                shutil.copyfile(path, dest / path.name)


if __name__ == "__main__":
    raise SystemExit(main())
