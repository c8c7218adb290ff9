#!/usr/bin/env python3
"""Run an nlp-audit command with the header-alias lexicon emptied: the parser then knows no column or
funds-column name, as with a form from a county whose template names them differently (a development
measure of how much the parse leans on the lexicon; scripts/score_gold.sh --no-aliases uses it).

    python3 scripts/no_aliases.py parse FILE... --format json
    python3 scripts/no_aliases.py check FILE... --format jsonl --fail-on never

Files run in this process (the override does not reach --jobs workers)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp_audit.cli import main  # noqa: E402
from nlp_audit.layout.lexicon import without_header_aliases  # noqa: E402

if __name__ == "__main__":
    if any(a == "--jobs" or a.startswith("--jobs=") or a == "-j" for a in sys.argv[1:]):
        sys.exit("no_aliases.py: --jobs workers would parse with the full lexicon; run without it")
    sys.argv[0] = "nlp-audit"
    with without_header_aliases():
        main()
