"""Tidy the parse problems of a form before they become findings."""

from __future__ import annotations

import re

from ..model import Indicator, ParseProblem, Source

_GAP_OK = set(" \t\n\u3000|")
_ROW_NAME = re.compile(r"\s*指标\s*[0-9一二三四五六七八九十]+")


def merge_adjacent_placeholders(problems: list[ParseProblem], text: str) -> list[ParseProblem]:
    """One P004 per empty template row, not one per token: '指标2 … ……' left in one row is one
    unfilled row for the auditor, so neighbouring placeholder cells separated only by blanks or
    cell separators are joined into one problem quoting the whole run of the file."""
    out: list[ParseProblem] = []
    for p in problems:
        prev = out[-1] if out else None
        if (
            prev is not None
            and p.code == prev.code == "P004"
            and p.field == prev.field == "indicator"
            and prev.source is not None
            and p.source is not None
            and prev.source.end is not None
            and p.source.start is not None
            and 0 <= p.source.start - prev.source.end <= 40
            and set(text[prev.source.end : p.source.start]) <= _GAP_OK
            and not _ROW_NAME.match(p.evidence)  # '指标2' after '指标1' starts the next row
        ):
            start, end = prev.source.start, p.source.end
            evidence = text[start:end]
            out[-1] = ParseProblem(
                "P004",
                f"模板占位内容未填写: {' '.join(evidence.split())}",
                evidence=evidence,
                field="indicator",
                indicator=prev.indicator,
                source=Source(path=prev.source.path, start=start, end=end, line=prev.source.line),
            )
            continue
        out.append(p)
    return out


def drop_placeholder_rows(
    indicators: list[Indicator], is_placeholder, text: str
) -> tuple[list[Indicator], list[ParseProblem]]:
    """A row whose name is template text ('指标2', 'XX') and whose cells hold nothing but blanks or
    placeholders is an unfilled template row, not an indicator: drop it and report P004, so the
    scoring rules do not judge an empty row (tab-separated layouts keep such rows whole)."""
    keep: list[Indicator] = []
    problems: list[ParseProblem] = []
    for ind in indicators:
        cells = [ind.target.text, ind.actual.text, ind.reason or ""]
        if (
            is_placeholder(ind.name.strip())
            and ind.weight is None
            and ind.score is None
            and all(not c.strip() or is_placeholder(c.strip()) for c in cells)
        ):
            src = ind.source
            exact = src is not None and src.start is not None and src.end is not None
            evidence = text[src.start : src.end].strip() if exact else ind.name
            problems.append(
                ParseProblem(
                    "P004",
                    f"模板占位内容未填写: {' '.join(evidence.split())}",
                    evidence=evidence,
                    field="indicator",
                    source=src,
                )
            )
            continue
        keep.append(ind)
    return keep, problems
