"""Parse quality on the real excerpts in ../shared, scored with the project's gold tool."""

from __future__ import annotations

import importlib.util
import io
import json
from contextlib import redirect_stdout

from nlp_audit.layout import parse_text


def _score(shared_dir, gold_dir, files):
    spec = importlib.util.spec_from_file_location("score_gold", shared_dir / "tools" / "score_gold.py")
    sg = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sg)
    parse = {}
    for p in files:
        pf = parse_text(p.read_text(encoding="utf-8-sig"), str(p))
        parse[p.name] = json.loads(json.dumps([f.to_json() for f in pf.forms], ensure_ascii=False))
    with redirect_stdout(io.StringIO()):
        res = sg.score(sg.load_gold(str(gold_dir)), parse, {})
    return res["metrics"]


def test_real_dev_rows_and_values(shared_dir) -> None:
    files = sorted((shared_dir / "real-dev").glob("*.txt"))
    m = _score(shared_dir, shared_dir / "real-dev" / "gold", files)
    assert m["parse_rows_recall"] >= 0.90
    assert m["value_acc"] >= 0.95
    assert m["project_exact"] >= 0.95


def test_seeds_rows_and_values(shared_dir) -> None:
    files = sorted((shared_dir / "seeds").glob("*.txt"))
    m = _score(shared_dir, shared_dir / "seeds" / "gold", files)
    assert m["parse_rows_recall"] == 1.0
    assert m["value_acc"] == 1.0


def test_real_dev_never_raises_and_finds_forms(shared_dir) -> None:
    for p in sorted((shared_dir / "real-dev").glob("*.txt")):
        pf = parse_text(p.read_text(encoding="utf-8-sig"), str(p))
        assert pf.forms, p.name
