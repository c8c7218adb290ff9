"""Small helpers to build Forms in tests, shaped like the layout families seen in real forms.

The helpers do not use the quantity grammar or the parser (those are tested on their own): a tiny
cell reader here understands '≥90.00(%)', '=8(人)', '≤30万元', '提升', '达成指标'. ``render``
lays the form out as tab-separated text and sets every Source, so tests can assert that a
finding's evidence is an exact slice of the input.

    f = seed_form([row("服务站建设及时率", "=100.00(%)", "90.00(%)", 10, 9, "建设完成时间比计划时间稍晚")])
    findings = run(f, codes="S")
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from nlp_audit.checks.registry import FormContext, run_form_checks
from nlp_audit.findings import Finding, code_matches
from nlp_audit.model import CellValue, Form, FundsRow, Indicator, Narrative, Source
from nlp_audit.packs import RulePack, load_pack

_OPS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", "=": "=", "＝": "=", ">": ">", "<": "<"}
_CELL = re.compile(r"^\s*(≥|>=|≤|<=|=|＝|>|<)?\s*(-?\d+(?:\.\d+)?)\s*[(（]?\s*([^\d()（）\s]*)\s*[)）]?\s*$")


def cell(text: str, role: str = "target") -> CellValue:
    """'≥90.00(%)' -> CellValue(op='>=', value=90, unit='%'); '提升' -> op 'qual' (target)."""
    text = text or ""
    if not text.strip():
        return CellValue(text=text)
    m = _CELL.match(text)
    if not m:
        return CellValue(text=text, op="qual" if role == "target" else None, qualitative=text.strip())
    op_raw, number, unit = m.groups()
    if op_raw:
        op: str | None = _OPS[op_raw]
    else:
        op = "unknown" if role == "target" else None
    return CellValue(text=text, op=op, value=float(number), unit=unit or None)


def row(name: str, target: str, actual: str = "", weight: float | None = None, score: float | None = None,
        reason: str | None = None, level1: str | None = None, level2: str | None = None,
        parent: int | None = None) -> Indicator:
    """One indicator row; cells are read by ``cell``."""
    return Indicator(
        name=name,
        level1=level1,
        level2=level2,
        target=cell(target, "target"),
        actual=cell(actual, "actual"),
        weight=weight,
        score=score,
        reason=reason,
        weight_text=None if weight is None else _num_text(weight),
        score_text=None if score is None else _num_text(score),
        parent=parent,
    )


def _num_text(v: float) -> str:
    return f"{v:.2f}"


def funds(label: str, initial: float | None, full: float | None, executed: float | None,
          weight: float | None = None, rate: float | str | None = None, score: float | None = None) -> FundsRow:
    """One funds row in 万元; ``rate`` may be a string as printed ('97.80%', '0.958')."""
    rate_text = None
    rate_value = None
    if isinstance(rate, str):
        rate_text = rate
        rate_value = float(rate.rstrip("%"))
    elif rate is not None:
        rate_value = float(rate)
        rate_text = f"{rate:.2f}"
    return FundsRow(label=label, budget_initial=initial, budget_full_year=full, executed=executed, weight=weight,
                    rate=rate_value, score=score, rate_text=rate_text,
                    score_text=None if score is None else _num_text(score))


def standard_funds(initial: float, full: float, executed: float, weight: float = 10,
                   score: float | None = None) -> list[FundsRow]:
    """年度资金总额 + the three standard sources (当年财政拨款 carries everything)."""
    rate = round(executed / full * 100, 2) if full else None
    if score is None and rate is not None:
        score = round(min(rate, 100) / 100 * weight, 2)
    return [
        funds("年度资金总额", initial, full, executed, weight, rate, score),
        funds("其中: 当年财政拨款", initial, full, executed, None, rate, None),
        funds("上年结转资金", 0.0, 0.0, 0.0),
        funds("其他资金", 0.0, 0.0, 0.0),
    ]


def form(indicators: Iterable[Indicator], funds_rows: list[FundsRow] | None = None, *,
         total: float | str | None = "auto", total_weight: float | None = 100, grade: str | None = None,
         kind: str = "self_evaluation", goal: str = "完成年度工作任务。", actual: str = "按计划完成年度工作任务。",
         project: str = "测试项目") -> Form:
    """A form; ``total='auto'`` fills 总分 with Σ得分 (funds + top-level rows) as a correct form would."""
    inds = list(indicators)
    f = Form(kind=kind, project=project, funds=list(funds_rows or []), indicators=inds,
             goal=Narrative(goal), actual=Narrative(actual), grade=grade, total_weight=total_weight)
    if total == "auto":
        if kind == "declaration":
            f.total_score = None
            f.total_weight = None
        else:
            parts = [r.score for r in f.funds[:1] if r.score is not None]
            parts += [i.score for i in inds if i.parent is None and i.score is not None]
            f.total_score = round(sum(parts), 2)
    else:
        f.total_score = total  # type: ignore[assignment]
    if grade is None and f.total_score is not None and kind != "declaration":
        f.grade = "优" if f.total_score >= 90 else "良" if f.total_score >= 80 else "中" if f.total_score >= 60 else "差"
    return render(f)


def render(f: Form) -> Form:
    """Lay the form out as tab-separated text and point every Source at its slice."""
    out: list[str] = []
    pos = 0

    def emit(line: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        out.append(line + "\n")
        pos += len(line) + 1
        return start, start + len(line)

    emit("财政项目支出绩效自评表" if f.kind != "declaration" else "项目支出绩效目标申报表")
    emit(f"项目名称\t{f.project}")
    for r in f.funds:
        cells = [r.budget_initial, r.budget_full_year, r.executed, r.weight]
        text = "\t".join([r.label] + ["" if v is None else f"{v:.2f}" for v in cells]
                         + [r.rate_text or "", r.score_text or ""])
        s, e = emit(text.rstrip("\t"))
        r.source = Source(start=s, end=e)
    s, e = emit("预期目标\t" + f.goal.text)
    f.goal.source = Source(start=s + len("预期目标\t"), end=e)
    s, e = emit("实际完成情况\t" + f.actual.text)
    f.actual.source = Source(start=s + len("实际完成情况\t"), end=e)
    for ind in f.indicators:
        head = "\t".join([ind.level1 or "", ind.level2 or "", ind.name]) + "\t"
        cells = [ind.target.text, ind.actual.text, ind.weight_text or "", ind.score_text or ""]
        body = "\t".join(cells) + "\t"
        line = head + body + (ind.reason or "")
        s, e = emit(line)
        ind.source = Source(start=s + len(ind.level1 or "") + len(ind.level2 or "") + 2, end=e)
        ind.name_source = Source(start=s + len(head) - len(ind.name) - 1, end=s + len(head) - 1)
        if ind.reason:
            ind.reason_source = Source(start=e - len(ind.reason), end=e)
    if f.total_score is not None or f.total_weight is not None:
        parts = ["总分", "" if f.total_weight is None else f"{f.total_weight:.2f}",
                 "" if f.total_score is None else f"{f.total_score:.2f}"]
        s, e = emit("\t".join(parts))
        f.total_source = Source(start=s, end=e)
    if f.grade:
        s, e = emit(f"评分等级\t{f.grade}")
        f.grade_source = Source(start=s + len("评分等级\t"), end=e)
    f.text = "".join(out)
    return f


# --- layout families -------------------------------------------------------------------------

def seed_rows() -> list[Indicator]:
    """A clean seed-style table (产出 50 / 效益 30 / 满意度 10), everything met at full marks."""
    return [
        row("服务站建设完成数量", "=100.00(%)", "100.00(%)", 20, 20, level1="产出指标", level2="数量指标"),
        row("服务站建设达标率", "≥90.00(%)", "95.00(%)", 10, 10, level1="产出指标", level2="质量指标"),
        row("服务站建设及时率", "=100.00(%)", "100.00(%)", 10, 10, level1="产出指标", level2="时效指标"),
        row("服务站建设成本达标率", "=100.00(%)", "100.00(%)", 10, 10, level1="产出指标", level2="成本指标"),
        row("基层治理水平提升情况", "提升", "达成指标", 20, 20, level1="效益指标", level2="社会效益指标"),
        row("服务站机制健全性", "建立健全", "达成指标", 10, 10, level1="效益指标", level2="可持续影响指标"),
        row("党员群众满意度", "≥90.00(%)", "93.00(%)", 10, 10, level1="满意度指标", level2="服务对象满意度指标"),
    ]


def seed_form(replace: dict[int, Indicator] | None = None, **kw) -> Form:
    """Seed-style 自评表 (funds 10 + 50/30/10); ``replace`` swaps rows by index."""
    rows = seed_rows()
    for i, r in (replace or {}).items():
        r.level1, r.level2 = r.level1 or rows[i].level1, r.level2 or rows[i].level2
        rows[i] = r
    fr = kw.pop("funds_rows", None) or standard_funds(144.0, 155.17, 155.17)
    return form(rows, fr, **kw)


def hubei_form(rows: list[Indicator] | None = None, **kw) -> Form:
    """Hubei 20 + 80 layout: 预算执行 20 分, 产出 40 / 效益 30 / 满意度 10."""
    rows = rows or [
        row("办结信访案件", "168起", "168起", 20, 20, level1="产出指标", level2="数量指标"),
        row("拆除违规墓葬", "≥32座", "32座", 10, 10, level1="产出指标", level2="数量指标"),
        row("解决群众问题时间", "≤2天", "2天", 10, 10, level1="产出指标", level2="时效指标"),
        row("改善人居环境", "有效改善", "有效改善", 15, 15, level1="效益指标", level2="社会效益指标"),
        row("提升出行效率", "有效提升", "有效提升", 15, 15, level1="效益指标", level2="社会效益指标"),
        row("群众对政府工作满意度", "≥90%", "95%", 10, 10, level1="满意度指标", level2="群众满意度指标"),
    ]
    fr = kw.pop("funds_rows", None) or [funds("年度财政资金总额", None, 5.0, 5.0, 20, "100%", 20)]
    return form(rows, fr, **kw)


def sichuan_form(rows: list[Indicator] | None = None, **kw) -> Form:
    """Sichuan template: 预算 10 + 产出 60 / 效益 30, no 满意度 block."""
    rows = rows or [
        row("发放人数", "=120人", "120人", 30, 30, level1="产出指标", level2="数量指标"),
        row("发放准确率", "=100%", "100%", 30, 30, level1="产出指标", level2="质量指标"),
        row("保障职工生活", "有效保障", "有效保障", 30, 30, level1="效益指标", level2="社会效益指标"),
    ]
    fr = kw.pop("funds_rows", None) or [
        funds("年度资金总额", 216.47, 229.35, 229.35, 10, "100.00%", 10),
        funds("财政资金", 216.47, 229.35, 229.35),
        funds("财政专户管理资金", 0.0, 0.0, 0.0),
        funds("单位资金", 0.0, 0.0, 0.0),
    ]
    return form(rows, fr, **kw)


def declaration_form(rows: list[Indicator] | None = None, **kw) -> Form:
    """申报表: targets only, no actuals, scores or 总分."""
    rows = rows or [
        row("社区党校教学培训活动开展完成率", "=100.00(%)", level1="产出指标", level2="数量指标"),
        row("中心宣传展示及时率", "≥2(次)", level1="产出指标", level2="时效指标"),
        row("党员群众满意度", "≥90(%)", level1="满意度指标", level2="服务对象满意度指标"),
    ]
    fr = kw.pop("funds_rows", None) or [funds("年度资金总额", 448.3, 448.3, None), funds("财政拨款", 448.3, 448.3, None)]
    return form(rows, fr, kind="declaration", **kw)


# --- running checks --------------------------------------------------------------------------

def run(f: Form, codes: str | None = None, pack: str | RulePack = "default") -> list[Finding]:
    """Every registered form check on ``f`` (optionally only codes with these prefixes, 'S,D001')."""
    p = load_pack(pack) if isinstance(pack, str) else pack
    wanted = [c.strip() for c in codes.split(",")] if codes else []
    ctx = FormContext(form=f, pack=p)
    out = list(run_form_checks(ctx, (lambda c: code_matches(c, wanted)) if wanted else None))
    return [x.seal() for x in out]


def rules_of(findings: Iterable[Finding], indicator: str | None = None) -> list[str]:
    """Sorted rule codes (of one indicator when given)."""
    return sorted(f.rule for f in findings if indicator is None or f.indicator == indicator)


def parse_one(text: str) -> Form:
    """Parse a text that must hold exactly one form (layout tests on synthetic texts)."""
    from nlp_audit.layout import parse_text

    pf = parse_text(text, "t.txt")
    assert len(pf.forms) == 1, f"expected one form, parsed {len(pf.forms)}"
    return pf.forms[0]


def load_module(path: Path, name: str | None = None):
    """A script or tool loaded from its file (scripts/ and ../shared/tools are no packages); registered
    under its name, since dataclasses look their module up."""
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod
