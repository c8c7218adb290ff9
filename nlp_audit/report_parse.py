"""Output of `nlp-audit parse`: the JSON contract of SPEC §4 and a readable text summary."""

from __future__ import annotations

import json

from .model import ParsedFile, ParseProblem


def _problem_json(p: ParseProblem, form: int | None) -> dict:
    return {
        "rule": p.code,
        "form": form,
        "field": p.field,
        "indicator": p.indicator,
        "message": p.message,
        "evidence": p.evidence,
        "line": p.source.line if p.source else None,
    }


def parse_json(files: list[ParsedFile]) -> str:
    """[{"path", "forms": [...], "errors": [...]}]; errors are the P findings of the file."""
    out = []
    for f in files:
        errors = [_problem_json(p, None) for p in f.errors]
        for form in f.forms:
            errors.extend(_problem_json(p, form.index) for p in form.problems)
        out.append({"path": f.path, "forms": [form.to_json() for form in f.forms], "errors": errors})
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def _v(value: object) -> str:
    """A value for people: numbers without float noise, '—' for nothing (never Python's None)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return str(value)


_KIND = {"self_evaluation": "自评表", "declaration": "申报表", "other": "报告"}


def parse_text_summary(files: list[ParsedFile]) -> str:
    """`parse --format text`: per file its forms, funds total, indicators and problems, in Chinese."""
    from .formatters.safe import neutralise

    lines: list[str] = []
    for f in files:
        lines.append(f"{f.path}: {len(f.forms)} 张表" + (f", {len(f.errors)} 个错误" if f.errors else ""))
        for p in f.errors:
            lines.append(f"  {p.code} {p.message}")
        for form in f.forms:
            total = form.funds_total
            lines.append(
                f"  [{form.index}] {_KIND.get(form.kind, form.kind)} {form.project or '(无项目名称)'} · "
                f"{_v(form.year)}年 · 版式 {form.layout or '—'} · {len(form.indicators)} 个指标 · "
                f"总分 {_v(form.total_score)} {form.grade or ''}".rstrip()
            )
            if total is not None:
                lines.append(
                    f"      资金(万元) 年初 {_v(total.budget_initial)} 全年 {_v(total.budget_full_year)} "
                    f"执行 {_v(total.executed)} 执行率 {_v(total.rate)} 得分 {_v(total.score)}"
                )
            for ind in form.indicators:
                lines.append(
                    f"      {ind.level1 or '—'}/{ind.level2 or '—'} {ind.name}: {ind.target.text or '—'} → "
                    f"{ind.actual.text or '—'}  分值 {_v(ind.weight)} 得分 {_v(ind.score)}"
                    + (f"  «{ind.reason}»" if ind.reason else "")
                )
            for p in form.problems:
                lines.append(f"      {p.code} {p.message}: {p.evidence[:40]}")
    return neutralise("\n".join(lines)) + "\n"
