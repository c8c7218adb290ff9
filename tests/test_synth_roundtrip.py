"""Round trip: render a synthetic form, parse it with nlp_audit.layout, compare with the truth.

Skipped while ``parse_text`` is the stub. Fields compared: project, funds (全年预算数, 全年执行数,
年初预算数 where printed), indicator names, target op/value/unit, actual value, weight, score.
Each family must get at least ACCURACY of the compared fields right (a real parser will meet
layouts it reads imperfectly; this keeps the bar measurable rather than all-or-nothing).
"""

from __future__ import annotations

import random
import re

import pytest

from devtools.synth import FAMILIES, generate_form, random_defects, render_file
from devtools.synth.traditional import to_traditional

ACCURACY = 0.95
N_FILES = 12
WS = re.compile(r"[\s|\u3000:：]+")


def _parse_text():
    from nlp_audit.layout import parse_text

    try:
        parse_text("财政项目支出绩效自评表\n项目名称\t测试\n", "probe.txt")
    except NotImplementedError:
        pytest.skip("nlp_audit.layout.parse_text is still a stub")
    except Exception:  # noqa: BLE001 - a probe; real failures show in the comparisons below
        pass
    return parse_text


def _key(s: str | None) -> str:
    return to_traditional(WS.sub("", s or ""))


def _num(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 0.01


def _compare(truth, parsed, misses: list[str]) -> tuple[int, int]:
    ok = total = 0

    def check(label: str, good: bool) -> None:
        nonlocal ok, total
        total += 1
        ok += good
        if not good and len(misses) < 12:
            misses.append(label)

    check(f"project {truth.project!r} vs {parsed.project!r}", _key(truth.project) == _key(parsed.project))
    if truth.funds and parsed.funds:
        t, p = truth.funds[0], parsed.funds[0]
        fields = ("budget_initial",) if truth.kind == "declaration" else ("budget_full_year", "executed")
        if truth.kind != "declaration" and t.budget_initial is not None:
            fields += ("budget_initial",)
        for fld in fields:
            check(f"funds {fld} {getattr(t, fld)} vs {getattr(p, fld)}", _num(getattr(t, fld), getattr(p, fld)))
    else:
        check("funds block missing", False)
    check(f"{len(truth.indicators)} vs {len(parsed.indicators)} indicators", len(truth.indicators) == len(parsed.indicators))
    by_name = {_key(i.name): i for i in parsed.indicators}
    for ti in truth.indicators:
        pi = by_name.get(_key(ti.name))
        check(f"indicator {ti.name!r} found", pi is not None)
        if pi is None:
            continue
        check(f"{ti.name} target op {ti.target.op} vs {pi.target.op}", ti.target.op == pi.target.op)
        check(f"{ti.name} target value {ti.target.value} vs {pi.target.value}", _num(ti.target.value, pi.target.value))
        if ti.target.unit:
            check(f"{ti.name} target unit {ti.target.unit} vs {pi.target.unit}", _key(ti.target.unit) == _key(pi.target.unit))
        if truth.kind == "declaration":
            continue
        check(f"{ti.name} actual {ti.actual.value} vs {pi.actual.value}", _num(ti.actual.value, pi.actual.value))
        check(f"{ti.name} weight {ti.weight} vs {pi.weight}", _num(ti.weight, pi.weight))
        check(f"{ti.name} score {ti.score} vs {pi.score}", _num(ti.score, pi.score))
    if truth.kind != "declaration":
        check(f"total {truth.total_score} vs {parsed.total_score}", _num(truth.total_score, parsed.total_score))
    return ok, total


# Families the parser does not read yet (measured when this test was written: pipe_cells 81% of
# fields, fused 12%). strict: once the parser reads them, XPASS fails and this list must shrink.
PARSER_GAPS: dict[str, str] = {}


@pytest.mark.parametrize(
    "family",
    [
        pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=PARSER_GAPS[f])) if f in PARSER_GAPS else f
        for f in [*FAMILIES, "traditional"]
    ],
)
def test_render_parse_round_trip(family):
    parse_text = _parse_text()
    rng = random.Random(f"roundtrip:{family}")
    ok = total = 0
    misses: list[str] = []
    for n in range(N_FILES):
        layout = rng.choice(FAMILIES[:-1]) if family == "traditional" else family
        kind = "declaration" if layout == "declaration" else "self_evaluation"
        synths = [generate_form(rng, kind, defects=random_defects(rng, kind), family=layout)]
        if layout in ("tabbed", "cell_per_line") and n % 3 == 0:
            synths.append(generate_form(rng, kind, family=layout))
        for s in synths:
            s.traditional = family == "traditional"
        parsed = parse_text(render_file(synths), f"{family}_{n}.txt")
        if len(parsed.forms) != len(synths):
            total += 1
            misses.append(f"file {n}: {len(parsed.forms)} forms parsed, {len(synths)} written")
            continue
        for s, pf in zip(synths, parsed.forms, strict=True):
            o, t = _compare(s.form, pf, misses)
            ok, total = ok + o, total + t
    assert total and ok / total >= ACCURACY, f"{family}: {ok}/{total} fields right; e.g. " + "; ".join(misses)
