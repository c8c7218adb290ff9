"""The long fuzz campaign of issue 11: N hostile inputs of every type through every output format.

    python scripts/fuzz.py --n 10000 [--batch 100] [--max-seconds 10] [--seed 0] [--save DIR] [--report FILE]

Inputs come from the mutators of tests/fuzzkit.py (mutated seeds, examples and generated forms as
.txt in every supported encoding, .xlsx, .xlsm, .docx and .pdf, some with damaged bytes), drawn by a
plain generator: input i of seed S is ``random_input(Random("S:i"))``, so any one can be made again.
The container bombs and special files come on top. Each batch is written to a folder and checked in
a process forked from this one (`check` in every format, then `parse`), so a crash, a hang or a
memory peak of one batch is measured on its own and cannot take the campaign down; forking after the
imports saves the seconds of a fresh interpreter per batch. Every input of a batch that broke the
contract (an escaped exception, a lost file, a report a strict parser rejects, a file over the time
limit, a process that died or hung) is copied to --save (the whole batch when the culprit cannot be
named, in a folder of its own); inputs that only produced a caught-crash P001 go to --save/caught.

Prints one line per batch and the totals: inputs per type and per output format, tracebacks, hangs,
lost files, rejected reports, caught crashes, peak RSS of the worst batch process (a forked child's
peak counts the pages it shares with this process). --report is rewritten after every batch, so a
campaign still running can be read.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _child(folder: str, max_seconds: float, conn) -> None:
    import fuzzkit

    from nlp_audit.limits import Limits

    o = fuzzkit.check_folder(Path(folder), Limits(max_seconds=max_seconds))
    conn.send({"cpu_seconds": time.process_time(), "inputs": o.inputs, "escaped": o.escaped, "lost": o.lost,
               "rejected": o.rejected, "slow": o.slow, "caught": o.caught, "peak_rss_mb": o.peak_rss_mb, "seconds": o.seconds})
    conn.close()


def run_batch(folder: Path, max_seconds: float, n_files: int) -> dict:
    """Check ``folder`` in a forked process; its outcome, or what went wrong with the process."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(str(folder), max_seconds, send), daemon=True)
    budget = 120 + 2 * n_files * (max_seconds + 5)  # check and parse, each file at most its limit
    started = time.monotonic()
    proc.start()
    send.close()
    outcome = None
    if recv.poll(budget):
        try:
            outcome = recv.recv()
        except EOFError:  # the child died before it could answer
            pass
    proc.join(5 if outcome is not None else 0.1)
    if proc.is_alive():
        proc.kill()
        proc.join()
        if outcome is None:
            return {"inputs": n_files, "hung": True, "escaped": [], "lost": [], "rejected": [], "slow": [],
                    "caught": [], "peak_rss_mb": 0.0, "seconds": time.monotonic() - started}
    if outcome is None:
        return {"inputs": n_files, "escaped": [f"batch process died: exit {proc.exitcode}"], "lost": [],
                "rejected": [], "slow": [], "caught": [], "peak_rss_mb": 0.0, "seconds": time.monotonic() - started}
    return outcome


def _warm_up() -> None:
    """Import what every batch needs once, before the forks."""
    import fuzzkit  # noqa: F401
    import openpyxl  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401

    from nlp_audit import formatters, pipeline  # noqa: F401
    from nlp_audit.readers import pdf  # noqa: F401


def _kind(name: str) -> str:
    """The input type a generated file name starts with (txt_gb18030, xlsx, ...)."""
    import fuzzkit

    for kind in sorted(fuzzkit.KINDS, key=len, reverse=True):  # txt_utf-8-sig before txt_utf-8
        if name.startswith(kind.replace(":", "_") + "-"):
            return kind
    return "bomb/special"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="fuzzed inputs (the bombs come on top)")
    ap.add_argument("--batch", type=int, default=100, help="inputs per checked folder")
    ap.add_argument("--max-seconds", type=float, default=10.0, help="per-file wall-time limit of the runs")
    ap.add_argument("--seed", type=int, default=0, help="campaign seed (input i is made from 'seed:i')")
    ap.add_argument("--start", type=int, default=0, help="first input index (resume a campaign)")
    ap.add_argument("--no-bombs", action="store_true", help="skip the container bombs and special files")
    ap.add_argument("--save", type=Path, default=ROOT / "tests" / "data" / "hostile", help="regression fixtures")
    ap.add_argument("--report", type=Path, help="write the totals and every failure as JSON here (after each batch)")
    args = ap.parse_args()

    import fuzzkit

    from nlp_audit import formatters

    _warm_up()
    work = Path(tempfile.mkdtemp(prefix="nlp-audit-fuzz-"))
    totals = {"inputs": 0, "tracebacks": 0, "hangs": 0, "lost": 0, "rejected": 0, "caught": 0,
              "peak_rss_mb": 0.0, "batches": 0, "seconds": 0.0, "generate_cpu_seconds": 0.0, "check_seconds": 0.0,
              "check_cpu_seconds": 0.0, "next_index": args.start}
    per_type: Counter[str] = Counter()
    per_format = {name: {"inputs": 0, "rejected": 0} for name in formatters.available()}
    per_format["parse"] = {"inputs": 0, "rejected": 0}
    failures: list[dict] = []
    started = time.monotonic()

    def write_report() -> None:
        if args.report:
            body = {"totals": totals, "per_type": dict(sorted(per_type.items())), "per_format": per_format,
                    "failures": failures}
            args.report.write_text(json.dumps(body, ensure_ascii=False, indent=1))

    def account(folder: Path, names: list[str], outcome: dict) -> None:
        totals["batches"] += 1
        totals["inputs"] += outcome["inputs"]
        totals["tracebacks"] += len(outcome["escaped"])
        totals["hangs"] += len(outcome["slow"]) + (1 if outcome.get("hung") else 0)
        totals["lost"] += len(outcome["lost"])
        totals["rejected"] += len(outcome["rejected"])
        totals["caught"] += len(outcome["caught"])
        totals["peak_rss_mb"] = max(totals["peak_rss_mb"], outcome["peak_rss_mb"])
        totals["check_seconds"] += outcome["seconds"]
        totals["check_cpu_seconds"] += outcome.get("cpu_seconds", 0.0)
        per_type.update(_kind(name) for name in names)
        for counts in per_format.values():
            counts["inputs"] += outcome["inputs"]
        for line in outcome["rejected"]:
            fmt = line.split(":", 1)[0]
            if fmt in per_format:
                per_format[fmt]["rejected"] += 1
        broken = outcome["escaped"] or outcome["slow"] or outcome["lost"] or outcome["rejected"] or outcome.get("hung")
        if broken:
            failures.append({"batch": folder.name, **outcome})
            named = {Path(p).name for p in outcome["lost"]} | {Path(p).name for p, _ in outcome["slow"]}
            whole = outcome["escaped"] or outcome["rejected"] or outcome.get("hung")
            _keep(folder, args.save / folder.name if whole else args.save, None if whole else named)
        elif outcome["caught"]:
            failures.append({"batch": folder.name, "caught": outcome["caught"]})
            _keep(folder, args.save / "caught", {Path(p).name for p, _ in outcome["caught"]})
        elapsed = time.monotonic() - started
        print(f"batch {totals['batches']:4d}: {outcome['inputs']:4d} inputs in {outcome['seconds']:6.1f}s "
              f"({outcome.get('cpu_seconds', 0.0):5.1f}s CPU), "
              f"rss {outcome['peak_rss_mb']:6.0f} MB, escaped {len(outcome['escaped'])}, slow {len(outcome['slow'])}, "
              f"lost {len(outcome['lost'])}, rejected {len(outcome['rejected'])}, caught {len(outcome['caught'])}"
              + (" HUNG" if outcome.get("hung") else "")
              + f" | total {totals['inputs']} in {elapsed / 60:.1f} min ({60 * totals['inputs'] / elapsed:.0f}/min)",
              flush=True)
        write_report()

    if not args.no_bombs:
        bomb_dir = work / "bombs"
        fuzzkit.bombs(bomb_dir)
        names = [p.name for p in bomb_dir.iterdir()]
        account(bomb_dir, names, run_batch(bomb_dir, args.max_seconds, len(names)))

    made: set[str] = set()
    pending: list[str] = []  # names of the inputs written to the batch folder, not their bytes: the batch
    #                          process is forked, and bytes held here (a 1 GB input) would count in its RSS

    def folder_of_batch() -> Path:
        return work / f"batch{totals['batches']:05d}"

    def flush() -> None:
        folder = folder_of_batch()
        account(folder, list(pending), run_batch(folder, args.max_seconds, len(pending)))
        shutil.rmtree(folder, ignore_errors=True)
        pending.clear()

    for i in range(args.start, args.start + args.n):
        t = time.process_time()
        name, data = fuzzkit.random_input(random.Random(f"{args.seed}:{i}"))
        totals["generate_cpu_seconds"] += time.process_time() - t
        totals["next_index"] = i + 1
        if name in made:  # the same mutation seed drawn twice: one file
            continue
        made.add(name)
        folder_of_batch().mkdir(exist_ok=True)
        (folder_of_batch() / name).write_bytes(data)
        del data
        pending.append(name)
        if len(pending) >= args.batch:
            flush()
    if pending:
        flush()
    totals["seconds"] = round(time.monotonic() - started, 1)
    totals["generate_cpu_seconds"] = round(totals["generate_cpu_seconds"], 1)
    totals["check_seconds"] = round(totals["check_seconds"], 1)
    totals["check_cpu_seconds"] = round(totals["check_cpu_seconds"], 1)
    print(json.dumps({"totals": totals, "per_type": dict(sorted(per_type.items())), "per_format": per_format}))
    write_report()
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
