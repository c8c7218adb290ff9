#!/usr/bin/env python3
"""The batch phase alone (B001/B002 over every form's signature): wall and CPU time, store size, memory.

    python scripts/bench_batch.py /tmp/nlp-audit-bench-memory/batch-10000 --repeat 3
    python scripts/bench_batch.py FOLDER --signatures /tmp/sigs.pickle   # reuse the signatures next time

The signatures are made once (each form parsed, its batch parts collected, as a run does) and
then checked from a store in memory and from a store in a temporary file (the path of a run of
more than ``SPOOL_ABOVE`` files), ``--repeat`` times each. Printed: the range of wall and CPU
seconds, the B findings (the two stores must agree), the store's size on disk, and the Python
heap the check allocated at its peak (tracemalloc, one extra run: it slows the run down). Figures
are printed, never asserted: the machine is shared.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_audit import pipeline  # noqa: E402
from nlp_audit.checks.registry import FormContext, form_signature  # noqa: E402
from nlp_audit.checks.store import SignatureStore  # noqa: E402
from nlp_audit.packs import load_pack  # noqa: E402


def signatures_of(folder: Path, pack, enabled) -> list:
    """Every form's signature, in input order (as ``pipeline.run`` keeps them)."""
    out = []
    for parsed in pipeline.parse_files(pipeline.iter_inputs([folder])):
        out.extend(form_signature(FormContext(form=form, pack=pack), enabled) for form in parsed.forms)
    return out


def store_of(kind: str, signatures: list) -> SignatureStore:
    store = SignatureStore.in_memory() if kind == "memory" else SignatureStore.temporary()
    for sig in signatures:
        store.add(sig)
    store.flush()
    return store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--signatures", type=Path, help="pickle of the signatures: read when it exists, else written")
    args = ap.parse_args(argv)
    pack = load_pack("default")
    enabled = pipeline._code_filter(["B"], [])
    if args.signatures and args.signatures.exists():
        signatures = pickle.loads(args.signatures.read_bytes())
    else:
        start = time.monotonic()
        signatures = signatures_of(args.folder, pack, enabled)
        print(f"signatures of {len(signatures):,} forms made in {time.monotonic() - start:.0f} s")
        if args.signatures:
            args.signatures.write_bytes(pickle.dumps(signatures, pickle.HIGHEST_PROTOCOL))
    found: dict[str, list] = {}
    for kind in ("memory", "disk"):
        walls, cpus = [], []
        with store_of(kind, signatures) as store:
            for _ in range(args.repeat):
                wall, cpu = time.monotonic(), time.process_time()
                findings = pipeline.check_signatures(store, pack, enabled)
                walls.append(time.monotonic() - wall)
                cpus.append(time.process_time() - cpu)
            pages = store.db.execute("PRAGMA page_count").fetchone()[0]
            page = store.db.execute("PRAGMA page_size").fetchone()[0]
            tracemalloc.start()
            pipeline.check_signatures(store, pack, enabled)
            heap = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        found[kind] = [f.to_json() for f in findings]
        b001 = sum(f.rule == "B001" for f in findings)
        print(f"{kind:>6}: {len(signatures):,} forms, wall {min(walls):.1f}-{max(walls):.1f} s, "
              f"CPU {min(cpus):.1f}-{max(cpus):.1f} s, {b001} B001 + {len(findings) - b001} other findings, "
              f"store {pages * page / 2**20:.0f} MiB, peak heap of the check {heap / 2**20:.1f} MiB")
    print("same findings from both stores:", found["memory"] == found["disk"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
