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


def parse_text_summary(files: list[ParsedFile]) -> str:
    lines: list[str] = []
    for f in files:
        lines.append(f"{f.path}: {len(f.forms)} form(s)" + (f", {len(f.errors)} error(s)" if f.errors else ""))
        for p in f.errors:
            lines.append(f"  {p.code} {p.message}")
        for form in f.forms:
            total = form.funds_total
            lines.append(
                f"  [{form.index}] {form.kind} {form.project or '(无项目名称)'} · {form.year or '?'}年 · "
                f"layout={form.layout or '?'} · {len(form.indicators)} 指标 · 总分 {form.total_score} {form.grade or ''}"
            )
            if total is not None:
                lines.append(
                    f"      资金(万元) 年初 {total.budget_initial} 全年 {total.budget_full_year} "
                    f"执行 {total.executed} 执行率 {total.rate} 得分 {total.score}"
                )
            for ind in form.indicators:
                lines.append(
                    f"      {ind.level1 or '-'}/{ind.level2 or '-'} {ind.name}: {ind.target.text or '-'} → "
                    f"{ind.actual.text or '-'}  {ind.weight}/{ind.score}" + (f"  «{ind.reason}»" if ind.reason else "")
                )
            for p in form.problems:
                lines.append(f"      {p.code} {p.message}: {p.evidence[:40]}")
    return "\n".join(lines) + "\n"
