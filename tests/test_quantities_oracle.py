"""Outside checks: Recognizers-Text's Chinese specs and the gold cells of the real excerpts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import load_module

from nlp_audit.quantities import read_cell

ROOT = Path(__file__).resolve().parent.parent


def _scorer():
    return load_module(ROOT / "scripts" / "score_recognizers.py")


def test_recognizers_selection_accuracy(shared_dir):
    mod = _scorer()
    from nlp_audit.quantities import find_quantities
    from nlp_audit.quantities.lexicon import lexicon

    unit_chars = {a[0] for a in lexicon().unit_alias if a}
    oracle = shared_dir / "oracle" / "recognizers-text-zh"
    sel = ok = 0
    for model, fname in mod.FILES.items():
        for case in json.loads((oracle / fname).read_text(encoding="utf-8")):
            if mod.selected(case, unit_chars):
                sel += 1
                ok += mod.passes(case, model, find_quantities)[0]
    assert sel >= 400, "the selection rule dropped too much"
    assert ok / sel >= 0.95


def test_scorer_skips_without_oracle(tmp_path, capsys):
    assert _scorer().main(["--oracle", str(tmp_path)]) == 0
    assert "skipped" in capsys.readouterr().out


def test_gold_actual_cells(shared_dir):
    """Every gold actual cell with a value reads to that value (the gold keeps the printed unit)."""
    checked = bad = 0
    misses = []
    for f in sorted((shared_dir / "real-dev" / "gold").glob("*.json")) + sorted((shared_dir / "seeds" / "gold").glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        for form in data.get("forms", []):
            for ind in form.get("indicators", []):
                text, value = ind.get("actual_text"), ind.get("actual_value")
                if not text:
                    continue
                c = read_cell(text, role="actual")
                checked += 1
                if value is None:
                    if c.value is not None and c.unit not in ("月",):
                        bad += 1
                        misses.append((text, value, c.value))
                elif c.value is None or abs(c.value - float(value)) > 1e-6:
                    bad += 1
                    misses.append((text, value, c.value))
    if checked == 0:
        pytest.skip("no gold actual cells")
    assert bad == 0, misses
