"""Parse quality on the real excerpts in ../shared, scored with the project's gold tool."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

from builders import load_module

from nlp_audit.layout import parse_text


def _score(shared_dir, gold_dir, files, only=None):
    sg = load_module(shared_dir / "tools" / "score_gold.py")
    parse = {}
    for p in files:
        pf = parse_text(p.read_text(encoding="utf-8-sig"), str(p))
        parse[p.name] = json.loads(json.dumps([f.to_json() for f in pf.forms], ensure_ascii=False))
    with redirect_stdout(io.StringIO()):
        gold = sg.load_gold(str(gold_dir))
        if only is not None:
            gold = {k: v for k, v in gold.items() if k in set(only)}
        res = sg.score(gold, parse, {})
    return res["metrics"]


def _manifest(shared_dir) -> list[str]:
    lines = (shared_dir / "real-dev" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [ln.split("\t")[0] for ln in lines if ln.strip()]


# The excerpts added after the parser was first tuned (the last rows of MANIFEST.tsv) are scored on
# their own as well: they are the best estimate of how the parser does on forms nobody has looked at.
NEW_EXCERPTS = 23


def test_real_dev_rows_and_values(shared_dir) -> None:
    names = _manifest(shared_dir)
    files = [shared_dir / "real-dev" / n for n in names]
    gold = shared_dir / "real-dev" / "gold"
    first = _score(shared_dir, gold, files[: len(files) - NEW_EXCERPTS], names[: len(files) - NEW_EXCERPTS])
    assert first["parse_rows_recall"] >= 0.90
    assert first["value_acc"] >= 0.95
    whole = _score(shared_dir, gold, files, names)
    assert whole["parse_rows_recall"] >= 0.80
    assert whole["value_acc"] >= 0.85


def test_seeds_rows_and_values(shared_dir) -> None:
    files = sorted((shared_dir / "seeds").glob("*.txt"))
    m = _score(shared_dir, shared_dir / "seeds" / "gold", files)
    assert m["parse_rows_recall"] == 1.0
    assert m["value_acc"] == 1.0


def test_real_dev_never_raises_and_finds_forms(shared_dir) -> None:
    for p in sorted((shared_dir / "real-dev").glob("*.txt")):
        pf = parse_text(p.read_text(encoding="utf-8-sig"), str(p))
        assert pf.forms, p.name
