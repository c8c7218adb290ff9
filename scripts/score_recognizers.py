#!/usr/bin/env python3
"""Score the quantity grammar against Microsoft Recognizers-Text's Chinese Number/Percent specs.

The specs live in ../shared/oracle/recognizers-text-zh/ (MIT, see its LICENSE) and are read from
there, never copied into this repository. Usage:

    python scripts/score_recognizers.py [-v] [--oracle DIR]

A case passes when every expected result is found: some span of ``find_quantities`` overlaps the
expected text and carries the expected value (a range passes when the value is one of its bounds;
percentages compare against spans in % / 个百分点). A case that expects no result passes when the
grammar returns no span of that model: for the Number model no plain number (a currency, a dimension
or a percentage is another model's entity: "一美元", "一折"), for the Percent model no percentage.

Read since issue 9 (fiscal forms contain them; false alarms are kept out by span kind and context,
not by leaving the text unread): negative numbers (-22.2%, 负三十二, the "-" of "3天-5天" stays a range
separator); Arabic digits between Chinese units (5万4千6百, 3万4000, 1千零20); spaces inside a numeral
from PDF/OCR text ("一百 五 十 二", "7 万5 千4 百", "1 234.5 6"; between two Arabic digits only in the
shapes OCR makes, so "10 100%" stays two numbers); a full-width comma between full-width digits
grouped by three (４，５６５; "分别为120，150人" stays two); per mille and 千分之/万分之/百万分之 (reported
in %); 七成六, 六点五成; discounts (8折, 七五折, 打对折: kind "discount", never a claim); fractions with
又 (三又三分之一); 万万 and 兆 inside a numeral; E notation and powers (1.2E+05, 2^5) as Excel prints
them; a decimal without its leading zero (.5); lone Chinese digits between punctuation or function
words ("答案是四不是五", "前三的"): kind "numeral", kept out of claims and cells.

Selection rule (what a fiscal form could contain): a case is selected unless its input or one of
its expected texts uses
  - k/M suffixes (40k, -2.5 M): "100M" in a form is bandwidth, not 100,000,000;
  - 打 as a dozen (一打, 十打苹果): in forms 打 is a verb (打造, 打击);
  - colloquial numerals without a leading digit (千三, 百三, 半百) or with a leading 零 (零十);
  - a space between a whole number and a fraction ("1 4/3", "４ ６／３"): in a table row two cells;
  - dotted runs (2222.2222.22222) and a dotted list ("...9"): section numbers, not amounts;
  - a lone Chinese digit run into a word (“一点两小时”, "两百点两"): prose;
  - full dates (1991年1月16日): the grammar reads them as kind "date", not as four numbers.
Negative-only cases (一切, 四川, 陆地, 队伍...) are always selected: they test that words are not read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_ORACLE = ROOT.parent / "shared" / "oracle" / "recognizers-text-zh"

FILES = {"number": "NumberModel.json", "percent": "PercentModel.json"}
TOL = 1e-6

_EXCLUDE_INPUT = re.compile(
    r"\d\s*[kKM]\b|\d\s*[kKM](?=个|個|$)|打|千三|百三|半百|零十|\d \d/|\.{2,}\d|\d\.\d+\.\d|\d{4}年\d{1,2}月|点两|點兩"
    r"|http|www\."
)
def selected(case: dict, unit_chars: set[str] | None = None) -> bool:
    """The fiscal-form selection rule documented in the module docstring (``unit_chars`` is no longer
    needed now that lone digits are read; kept so that callers need not change)."""
    inp = case["Input"]
    return not _EXCLUDE_INPUT.search(unicodedata.normalize("NFKC", inp))


def _expected_value(r: dict, model: str) -> tuple[float, bool] | None:
    res = r.get("Resolution") or {}
    v = res.get("value")
    if v is None:
        return None
    v = str(v)
    pct = v.endswith("%")
    try:
        return float(v.rstrip("%")), pct
    except ValueError:
        return None


def _span_values(q) -> list[float]:
    vals = [x for x in (q.value, q.low, q.high) if x is not None]
    if q.unit == "‰":
        vals = [x / 10 for x in vals]
    if q.unit == "万元":  # money is normalised to 万元; the oracle resolves the bare numeral
        vals += [x * 10000 for x in vals]
    return vals


def passes(case: dict, model: str, find) -> tuple[bool, list]:
    spans = find(case["Input"])
    expected = case.get("Results", [])
    if model == "percent":
        spans_pct = [q for q in spans if q.unit in ("%", "‰", "个百分点")]
    else:
        spans_pct = spans
    if not expected:
        if model == "number":  # another model's entity (一美元, 一折) is not a plain number
            return not [q for q in spans if q.unit is None], spans
        return (len(spans_pct) == 0), spans_pct
    used: set[int] = set()
    for r in expected:
        ev = _expected_value(r, model)
        if ev is None:
            continue
        value, _ = ev
        s, e = r.get("Start", 0), r.get("End", -1) + 1
        ok = False
        for i, q in enumerate(spans_pct):
            if i in used or q.end <= s or q.start >= e:
                continue
            if any(abs(x - value) <= TOL * max(1.0, abs(value)) for x in _span_values(q)):
                used.add(i)
                ok = True
                break
        if not ok:
            return False, spans_pct
    return True, spans_pct


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list failures")
    ap.add_argument("--oracle", type=Path, default=DEFAULT_ORACLE)
    args = ap.parse_args(argv)
    if not all((args.oracle / f).exists() for f in FILES.values()):
        print(f"skipped: oracle not found at {args.oracle} (../shared is not beside this clone)")
        return 0
    from nlp_audit.quantities import find_quantities
    from nlp_audit.quantities.lexicon import lexicon

    unit_chars = {a[0] for a in lexicon().unit_alias if a}
    total = ok_all = sel = ok_sel = 0
    failures: list[str] = []
    for model, fname in FILES.items():
        cases = json.loads((args.oracle / fname).read_text(encoding="utf-8"))
        m_total = m_ok = m_sel = m_ok_sel = 0
        for case in cases:
            good, spans = passes(case, model, find_quantities)
            is_sel = selected(case, unit_chars)
            m_total += 1
            m_ok += good
            if is_sel:
                m_sel += 1
                m_ok_sel += good
                if not good:
                    exp = [(r.get("Text"), (r.get("Resolution") or {}).get("value")) for r in case["Results"]]
                    got = [(q.text, q.value, q.unit, q.kind) for q in spans]
                    failures.append(f"[{model}] {case['Input']!r}\n    expected {exp}\n    got      {got}")
        print(f"{model:8s} all {m_ok}/{m_total} = {m_ok / m_total:.1%}   selected {m_ok_sel}/{m_sel} = "
              f"{(m_ok_sel / m_sel if m_sel else 0):.1%}")
        total += m_total
        ok_all += m_ok
        sel += m_sel
        ok_sel += m_ok_sel
    print(f"{'overall':8s} all {ok_all}/{total} = {ok_all / total:.1%}   selected {ok_sel}/{sel} = {ok_sel / sel:.1%}")
    if args.verbose and failures:
        print("\nfailures on the selection:")
        for f in failures:
            print(f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
