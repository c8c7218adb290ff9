#!/usr/bin/env python3
"""Layout parser speed: forms/s of ``parse_text`` (read_cell included) on one core. Not a test.

    python scripts/bench_parse.py                # seeds, corpus/synthetic, ../shared/real-dev
    python scripts/bench_parse.py --seconds 5    # longer runs per set
    python scripts/bench_parse.py --profile seeds   # cProfile the named set, top 25 by tottime

Each set is parsed once to warm the caches (lexicon, regexes), then in rounds for ``--seconds``;
the figure is forms / CPU seconds of a round (process time; median and best round, since other jobs
share the machine). "warm" keeps the per-text caches (cells, read_cell) across rounds, as a batch of
similar forms does; "cold caches" clears them before every round, as if every round read new files.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET = 1000


def _sets() -> dict[str, list[Path]]:
    shared = ROOT.parent / "shared"
    return {
        "seeds": sorted((ROOT / "corpus" / "seeds").glob("*.txt")),
        "synthetic": sorted((ROOT / "corpus" / "synthetic").rglob("*.txt")),
        "real-dev": sorted((shared / "real-dev").glob("*.txt")),
    }


def _clear_caches() -> None:
    """Forget every per-text cache (layout cells, quantities), as if each pass read new files.

    Per-character tables (folding) stay warm: a batch of real files sees the same few thousand chars.
    """

    for modname, mod in list(sys.modules.items()):
        if not modname.startswith(("nlp_audit.layout", "nlp_audit.quantities")):
            continue
        for k, v in list(vars(mod).items()):
            if hasattr(v, "cache_clear") and hasattr(v, "cache_info") and v.cache_info().maxsize not in (1, None) \
                    and "char" not in k:
                v.cache_clear()
    clear = getattr(sys.modules.get("nlp_audit.layout"), "clear_caches", None)
    if clear is not None:
        clear()


def _run(texts: list[tuple[str, str]], seconds: float, cold: bool = False) -> tuple[int, list[float]]:
    """Parse every text once per round until ``seconds`` of CPU; -> (forms per round, round times)."""
    from nlp_audit.layout import parse_text

    times: list[float] = []
    forms = 0
    t_end = time.process_time() + seconds
    while time.process_time() < t_end or len(times) < 3:
        if cold:
            _clear_caches()
        forms = 0
        t0 = time.process_time()
        for name, text in texts:
            forms += len(parse_text(text, name).forms)
        times.append(time.process_time() - t0)
    return forms, times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--profile", metavar="SET", help="cProfile one set instead of timing")
    ap.add_argument("--cold", action="store_true", help="with --profile: clear per-text caches every pass")
    a = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    t0 = time.perf_counter()
    from nlp_audit.layout import parse_text

    parse_text("财政项目支出绩效自评表\n项目名称\t冷启动\n", "warm")
    print(f"first parse (imports + lexicon): {time.perf_counter() - t0:.3f} s")
    for name, paths in _sets().items():
        if not paths or (a.profile and name != a.profile):
            continue
        texts = [(p.name, p.read_text(encoding="utf-8-sig")) for p in paths]
        for n, t in texts:  # warm caches once
            parse_text(t, n)
        if a.profile:
            import cProfile
            import pstats

            pr = cProfile.Profile()
            pr.enable()
            _run(texts, a.seconds, cold=a.cold)
            pr.disable()
            pstats.Stats(pr).sort_stats(os.environ.get("SORT", "tottime")).print_stats(int(os.environ.get("TOP", "25")))
            continue
        forms, warm = _run(texts, a.seconds)
        _, cold = _run(texts, a.seconds, cold=True)
        w, c = statistics.median(warm), statistics.median(cold)
        print(f"{name:10s} {len(paths):3d} files {forms:4d} forms  warm {forms / w:6.0f} forms/s "
              f"(best {forms / min(warm):6.0f})  cold caches {forms / c:6.0f} forms/s (best {forms / min(cold):6.0f})"
              f"  target {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
