#!/usr/bin/env python3
"""Show how the parser reads the indicator table(s) of a file: each cell's content class, the column
order chosen, and the role the decoder gave every cell (a development aid).

    python3 scripts/debug_table.py FILE [--form N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp_audit.layout.decode import _viterbi, infer_order  # noqa: E402
from nlp_audit.layout.forms import split_forms  # noqa: E402
from nlp_audit.layout.scan import Doc, scan_labels  # noqa: E402
from nlp_audit.layout.table import find_table, find_table_by_content, table_stream_of  # noqa: E402
from nlp_audit.readers import read_file  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--form", type=int, default=None)
    ap.add_argument("--no-aliases", action="store_true", help="the header-alias lexicon emptied (eval_perturb's --no-aliases)")
    a = ap.parse_args()
    if a.no_aliases:
        from nlp_audit.layout.lexicon import without_header_aliases

        with without_header_aliases():
            _show(a)
        return
    _show(a)


def _show(a: argparse.Namespace) -> None:
    doc = Doc.of(read_file(a.path))
    for i, seg in enumerate(split_forms(doc)):
        if a.form is not None and i != a.form:
            continue
        labels = scan_labels(doc, seg.start, seg.end)
        t = find_table(doc, labels, seg.start, seg.end, seg.kind or "self_evaluation") \
            or find_table_by_content(doc, labels, seg.start, seg.end)  # (as the parser falls back)
        print(f"== form {i} [{seg.start}:{seg.end}] kind={seg.kind!r}")
        if t is None:
            print("   no table")
            continue
        st = table_stream_of(doc, t)
        order = infer_order(st.cells, st.lines, tuple(t.cols), seg.kind or "self_evaluation")
        labs, starts, pieces = _viterbi(st.cells, order, st.lines)
        print(f"   header={t.cols} mode={st.mode} lines={st.lines} order={order}")
        for t, (c, lab, new) in enumerate(zip(st.cells, labs, starts, strict=True)):
            if t in pieces:
                lab = "+".join(pieces[t][0]) + "=" + "|".join(pieces[t][1])
            print(f"   {'-' if new else ' '}{'^' if c.line_start else ' '} {c.t.cls:7} {lab:7} {c.text[:50]!r}")


if __name__ == "__main__":
    main()
