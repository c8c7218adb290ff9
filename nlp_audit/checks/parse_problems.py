"""P001-P004: problems found while parsing, turned into findings like any other check's."""

from __future__ import annotations

from ..findings import Finding
from ..model import ParseProblem

DOCS = {
    "P001": """Text looks like a form but its fields or table cannot be extracted.

Why: an unreadable form must be reported, never silently skipped: the auditor has to look at it
by hand, and the rest of the batch goes on.
Fires: a file whose bytes are not text, an indicator table whose rows are fused numbers ('86100').
Passes: any form whose header and indicator table were read.""",
    "P002": """A required part of the form is absent (项目名称, 预期目标, 实际完成情况, indicators, 总分).

Why: a self-evaluation without its narrative or its table cannot be checked and is incomplete
under 财预〔2020〕10号.
Fires: a 自评表 with an empty 实际完成情况 cell.
Passes: a 自评表 with every required part filled.""",
    "P003": """A target, actual or score cell cannot be read as intended; the raw text is quoted.

Why: a garbled comparator ('+100.00(%)' where '=' was meant) or an unreadable number means the
row cannot be checked reliably; the auditor should confirm the intended value.
Fires: 年度指标值 '+100.00(%)'.
Passes: 年度指标值 '=100.00(%)', '≥90%', '不少于12种'.""",
    "P004": """Unfilled template text left in the form (指标1, XX, ××, (100字以内)).

Why: template prompts left in place show the form was not completed; the field means nothing.
Fires: 实际完成情况 '对照年度目标,说明相关任务目标的完成情况(100字以内)'.
Passes: a narrative written by the unit.""",
}

_NAMES = {"P001": "unreadable-form", "P002": "missing-field", "P003": "unparsed-value", "P004": "template-placeholder"}


def problem_to_finding(problem: ParseProblem, path: str, form: int | None, project: str | None,
                       severity: str) -> Finding:
    src = problem.source
    return Finding(
        rule=problem.code,
        name=_NAMES[problem.code],
        severity=severity,
        field=problem.field,
        message=problem.message,
        evidence=problem.evidence,
        path=path,
        form=form,
        project=project,
        indicator=problem.indicator,
        start=src.start if src else None,
        end=src.end if src else None,
        line=src.line if src else None,
    )
