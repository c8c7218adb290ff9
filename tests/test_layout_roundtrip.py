"""Round trip on the committed synthetic corpus: parse corpus/synthetic/<family>/NNN.txt and compare
with NNN.expected.json (the generator's truth).

Fields compared per form: project, funds total (全年预算数 / 全年执行数 / 年初预算数 / 分值 / 得分 where
the truth has them), the goal and actual narratives (whitespace and "|" ignored), indicator names,
target op/value/unit, actual value/unit, weight, score, 偏差原因, 总分.
Every field must match: the renderers imitate real layouts, so a miss is a parser bug (or a renderer
bug, reported rather than bent around).

One documented exception, fused family only: when goal and actual are glued into one run of text, the
actual may be left empty (everything in the goal) where the boundary is genuinely unknowable - the actual
neither restates the goal nor opens with a sentence that reports a result (a result cue word of
rules/lexicons/layout.yaml ``narrative_split`` or a number). The parser must not invent a boundary there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nlp_audit.layout import parse_text

ROOT = Path(__file__).resolve().parent.parent / "corpus" / "synthetic"
CASES = sorted(p for p in ROOT.rglob("*.txt") if p.with_suffix(".expected.json").exists()) if ROOT.exists() else []
_WS = re.compile(r"[\s|\u3000]+")


def _key(s: str | None) -> str:
    from nlp_audit.layout.normtext import fold

    return fold(_WS.sub("", s or ""))


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 0.01


def _unknowable(goal: str, actual: str) -> bool:
    """The fused-family exception (module docstring): nothing marks where the actual starts."""
    from nlp_audit.layout.lexicon import lex

    g, a = _key(goal), _key(actual)
    if not a or a in g:
        return False
    first = re.split(r"[。；;]", a, maxsplit=1)[0]
    return not re.search(r"\d", first) and not any(lx_word in first for lx_word, cls in lex().narr_class.items()
                                                   if cls == "result")


def _narratives_ok(tf: dict, pf: dict, family: str) -> bool:
    """True when the narratives may differ: the documented fused exception, and only in its exact form."""
    if family != "fused" or _key(pf["actual"]) or not _unknowable(tf["goal"], tf["actual"]):
        return False
    return _key(pf["goal"]) == _key(tf["goal"]) + _key(tf["actual"])


def compare(truth: dict, parsed: list[dict], family: str = "") -> list[str]:
    """Every mismatch between the expected forms and the parsed ones, as readable lines."""
    miss: list[str] = []
    if len(truth["forms"]) != len(parsed):
        return [f"{len(truth['forms'])} forms expected, {len(parsed)} parsed"]
    for fi, (tf, pf) in enumerate(zip(truth["forms"], parsed, strict=True)):
        def check(what: str, good: bool, fi=fi) -> None:
            if not good:
                miss.append(f"form {fi}: {what}")

        check(f"project {tf['project']!r} vs {pf['project']!r}", _key(tf["project"]) == _key(pf["project"]))
        if not _narratives_ok(tf, pf, family):
            check(f"goal {tf['goal']!r} vs {pf['goal']!r}", _key(tf["goal"]) == _key(pf["goal"]))
            check(f"actual {tf['actual']!r} vs {pf['actual']!r}", _key(tf["actual"]) == _key(pf["actual"]))
        trows, prows = tf["funds"]["rows"], pf["funds"]["rows"]
        check(f"funds rows {len(trows)} vs {len(prows)}", bool(prows) == bool(trows))
        if trows and prows:
            for col in ("年初预算数", "全年预算数", "全年执行数", "分值", "得分"):
                check(f"funds {col} {trows[0][col]} vs {prows[0][col]}", _same(trows[0][col], prows[0][col]))
        if tf["total_score"] is not None:
            check(f"总分 {tf['total_score']} vs {pf['total_score']}", _same(tf["total_score"], pf["total_score"]))
        check(f"{len(tf['indicators'])} indicators vs {len(pf['indicators'])}",
              len(tf["indicators"]) == len(pf["indicators"]))
        by_name = {_key(i["name"]): i for i in pf["indicators"]}
        for ti in tf["indicators"]:
            pi = by_name.get(_key(ti["name"]))
            if pi is None:
                check(f"indicator {ti['name']!r} not found", False)
                continue
            n = ti["name"]
            tt, pt = ti["target"], pi["target"]
            check(f"{n} target op {tt['op']} vs {pt['op']}", tt["op"] == pt["op"])
            check(f"{n} target value {tt['value']} vs {pt['value']}", _same(tt["value"], pt["value"]))
            check(f"{n} target unit {tt['unit']} vs {pt['unit']}", _key(tt["unit"]) == _key(pt["unit"]))
            if tf["kind"] == "declaration":
                continue
            ta, pa = ti["actual"], pi["actual"]
            check(f"{n} actual {ta['value']} vs {pa['value']}", _same(ta["value"], pa["value"]))
            check(f"{n} actual unit {ta['unit']} vs {pa['unit']}", _key(ta["unit"]) == _key(pa["unit"]))
            check(f"{n} weight {ti['weight']} vs {pi['weight']}", _same(ti["weight"], pi["weight"]))
            check(f"{n} score {ti['score']} vs {pi['score']}", _same(ti["score"], pi["score"]))
            check(f"{n} reason {ti['reason']!r} vs {pi['reason']!r}", _key(ti["reason"]) == _key(pi["reason"]))
    return miss


@pytest.mark.skipif(not CASES, reason="no synthetic corpus with expected files")
@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_synthetic_file_parses_to_its_truth(path: Path) -> None:
    truth = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    pf = parse_text(path.read_text(encoding="utf-8-sig"), path.name)
    miss = compare(truth, [f.to_json() for f in pf.forms], path.parent.name)
    assert not miss, "\n".join(miss[:15])
