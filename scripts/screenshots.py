#!/usr/bin/env python3
"""Screenshots of an HTML report in headless Chromium: overview, filtered findings table, one form.

    nlp-audit check corpus/ --format html -o report.html
    python3 scripts/screenshots.py report.html --out /tmp/shots

Writes 1_overview.png, 2_filtered_table.png, 3_form_view.png (the window) and 4_form_view_full.png
(the whole form: its findings highlighted in the cells and the narrative) into --out, and prints the
page size and the load/draw times of that one load.
The page is driven exactly as scripts/bench_report.py drives its generated batches (same clicks,
same timings), so the two agree; this one takes any report, such as the README's. Needs Debian's
chromium and chromedriver (scripts/install_browser.sh) and selenium (the test extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", type=Path, help="an HTML report written by `nlp-audit check --format html`")
    ap.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    args = ap.parse_args(argv)
    from bench_report import measure
    from browser import NoBrowser

    if not args.report.is_file():
        print(f"no report at {args.report}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        times = measure(args.report.resolve(), args.out)
    except NoBrowser as exc:
        print(f"no browser: {exc}", file=sys.stderr)
        return 2
    print(f"{args.report}: {args.report.stat().st_size / 1e6:.2f} MB")
    for key, value in times.items():
        if value is not None:
            print(f"  {key:<16} {value:8.0f} ms")
    for png in sorted(args.out.glob("*.png")):
        print(f"  {png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
