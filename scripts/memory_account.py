#!/usr/bin/env python3
"""What holds the memory of a streamed run: RSS, glibc heap and pymalloc by files done, then each cache's size.

    python scripts/memory_account.py /tmp/nlp-audit-bench-memory/batch-10000 --every 1000
    python scripts/memory_account.py BATCH --import-embedder     # scikit-learn loaded before the first file

Runs a batch as `check -f jsonl` does (streamed, tf-idf embedder, the report thrown away) in this
process, and prints, every ``--every`` files: RSS, the glibc heap (its size and its free part:
fragmentation) and large mappings (mallinfo2), pymalloc's arenas and their free blocks
(sys._debugmallocstats). At the end each memo cache is emptied in turn and the live bytes it
held are printed (glibc + pymalloc in use, before and after), with the embedder's cache. Linux
and glibc only; figures are printed, never asserted. bench_memory.py measures the real command.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import sys
import tempfile
import time
from functools import _lru_cache_wrapper
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_audit import pipeline  # noqa: E402
from nlp_audit.formatters.jsonl import Stream  # noqa: E402
from nlp_audit.heap import keep_large_blocks_apart  # noqa: E402
from nlp_audit.nlp.embedders import make_embedder  # noqa: E402
from nlp_audit.packs import load_pack  # noqa: E402
from nlp_audit.report.records import RunMeta  # noqa: E402


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


_LIBC = ctypes.CDLL("libc.so.6")
_LIBC.mallinfo2.restype = _MallInfo2
MIB = 2**20


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def pymalloc() -> dict[str, int]:
    """pymalloc's own counts, read from sys._debugmallocstats (which writes to the C stderr)."""
    with tempfile.TemporaryFile() as tmp:
        saved = os.dup(2)
        sys.stderr.flush()
        os.dup2(tmp.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read().decode()
    out = {}
    for line in text.splitlines():
        for key in ("# arenas allocated current", "# bytes in allocated blocks", "# bytes in available blocks"):
            if line.startswith(key):
                out[key[2:]] = int(line.split("=")[1].replace(",", ""))
    return out


def live_bytes() -> int:
    """Bytes in use: pymalloc's allocated blocks, glibc's heap in use and its large mappings."""
    gc.collect()
    info = _LIBC.mallinfo2()
    return pymalloc()["bytes in allocated blocks"] + info.uordblks + info.hblkhd


def row(done: int, forms: int, start: float) -> str:
    info, pym = _LIBC.mallinfo2(), pymalloc()
    return (f"{done:>7} {forms:>7} {time.monotonic() - start:>6.0f} {rss_mib():>8.1f} {info.arena / MIB:>9.1f} "
            f"{info.fordblks / MIB:>9.1f} {info.hblkhd / MIB:>8.1f} {pym['arenas allocated current']:>7} "
            f"{pym['bytes in available blocks'] / MIB:>8.1f}")


def caches() -> list[tuple[str, int, float]]:
    """(name, entries, MiB freed when emptied) of every memo cache that holds something, largest first."""
    out = []
    for obj in list(gc.get_objects()):
        if isinstance(obj, _lru_cache_wrapper) and obj.cache_info().currsize:
            name = f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', '?')}"
            entries = obj.cache_info().currsize
            before = live_bytes()
            obj.cache_clear()
            out.append((name, entries, (before - live_bytes()) / MIB))
    return sorted(out, key=lambda r: -r[2])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("batch", type=Path)
    ap.add_argument("--every", type=int, default=1000, help="print a row every N files")
    ap.add_argument("--import-embedder", action="store_true", help="import scikit-learn before the first file")
    ap.add_argument("--glibc-default", action="store_true", help="leave glibc's mmap threshold adjusting itself")
    args = ap.parse_args(argv)
    if not args.glibc_default:
        keep_large_blocks_apart()
    if args.import_embedder:
        import sklearn.feature_extraction.text  # noqa: F401
    pack = load_pack("default")
    embedder = make_embedder("tfidf")
    stream = Stream(RunMeta.for_pack(pack))
    start = time.monotonic()
    print(f"{'files':>7} {'forms':>7} {'s':>6} {'RSS MiB':>8} {'heap MiB':>9} {'free MiB':>9} {'mmap MiB':>8} "
          f"{'arenas':>7} {'pym free':>8}")
    print(row(0, 0, start), flush=True)
    with open(os.devnull, "wb") as sink_file:

        def progress(done: int, total: int, forms: int) -> None:
            if done % args.every == 0 or done == total:
                print(row(done, forms, start), flush=True)

        result = pipeline.run([args.batch], pack, embedder=embedder, progress=progress,
                              sink=lambda report: sink_file.write(stream.file(report)))
        for chunk in stream.tail(result):
            sink_file.write(chunk)
        result.close()
    print(f"after the batch stage: RSS {rss_mib():.1f} MiB")
    print("\ncaches (entries, MiB freed when emptied):")
    total = 0.0
    for name, entries, mib in caches():
        total += mib
        if mib >= 0.05:
            print(f"  {mib:7.2f}  {name} [{entries}]")
    before = live_bytes()
    embedder.clear_cache()
    vectors = (before - live_bytes()) / MIB
    print(f"  {total:7.2f}  all caches\n  {vectors:7.2f}  the embedder's cached vectors")
    print(f"RSS now {rss_mib():.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
