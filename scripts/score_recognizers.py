#!/usr/bin/env python3
"""Score the quantity grammar against Microsoft Recognizers-Text's Chinese Number/Percent specs.

The specs live in ../shared/oracle/recognizers-text-zh/ (MIT, see its LICENSE) and are read from
there, never copied into this repository. Usage:

    python scripts/score_recognizers.py [-v] [--oracle DIR]

A case passes when every expected result is found: some span of ``find_quantities`` overlaps the
expected text and carries the expected value (a range passes when the value is one of its bounds;
percentages compare against spans in % / 个百分点, ‰ is converted to %). A case that expects no
result passes only when the grammar returns no span (Number model) or no percentage span
(Percent model).

Selection rule (what a fiscal form could contain): a case is selected unless its input or one of
its expected texts uses
  - whitespace inside a numeral ("一百 五 十 二", "7 万5 千4 百"): not how forms are typed;
  - scientific notation, powers or k/M suffixes (2e5, 2^5, 40k, -2.5 M);
  - negative numbers (负三十二, -10000, -3/2);
  - commerce words 打 (dozen) and 折 / 对折 (discounts), 兆 (10^12) and 万万 (archaic 亿);
  - mixed fractions with 又 or "1 4/3", fractions per million (百万分之, 千万分之);
  - a decimal without its leading zero (.5) or dotted runs (2222.2222.22222);
  - Arabic digits mixed with more than one Chinese unit (5万4千6百, 3万4000, 1千零1): forms
    write 54600 or 5.46万;
  - a full-width comma between digits (４，５６５): in Chinese prose "，" separates list items
    ("分别为120，150人"), so the grammar never reads it as a thousands separator;
  - colloquial numerals without a leading digit (千三, 百三, 半百) or with a leading 零 (零十);
  - a lone Chinese digit that no measure word of the lexicon follows (“一”和“五”, 前三的品牌, 五双):
    in forms such a character is prose (一是, 一定, 十分), and the grammar deliberately does not
    read it;
  - full dates (1991年1月16日): the grammar reads them as kind "date", not as four numbers.
Deliberately unsupported, therefore: everything in that list. Negative-only cases (一切, 四川,
陆地, 队伍...) are always selected: they test that words are not read as numbers.
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
    r"[eE^][-+\d]|\d\s*[kKM]\b|[kK](?:个|個|$)|负|負|^[-－]|[-－]\d|打|折|兆|万万|萬萬|又|\d \d/|百万分之|千万分之|百萬分之|千萬分之"
    r"|(?<![\d])\.\d|\d\.\d+\.\d|\d[万萬千百][零]?\d+[千百万萬]|\d[千百]零\d|\d[万萬]\d{2,}|千三|百三|半百|零十|\d{4}年\d{1,2}月"
    r"|http|www\."
)
# "，" between digits: in Chinese text it separates list items (120，150人); not read as grouping.
_FW_GROUPING = re.compile(r"[0-9０-９]，[0-9０-９]")
_CN_DIGIT = set("零〇一二两兩三四五六七八九十壹贰貳叁參肆伍陆陸柒捌玖拾")


def _has_inner_space(text: str) -> bool:
    t = text.strip()
    return bool(re.search(r"\S\s+\S", t))


def selected(case: dict, unit_chars: set[str]) -> bool:
    """The fiscal-form selection rule documented in the module docstring."""
    inp = case["Input"]
    if _EXCLUDE_INPUT.search(unicodedata.normalize("NFKC", inp)) or _FW_GROUPING.search(inp):
        return False
    for r in case.get("Results", []):
        text = r.get("Text", "")
        if _has_inner_space(text):
            return False
        if len(text) == 1 and text in _CN_DIGIT:
            end = r.get("End", -1) + 1
            nxt = inp[end:end + 1]
            if not nxt or nxt not in unit_chars:
                return False
    return True


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
