"""The Fires / Passes examples of a rule's documentation, as forms the rule is run on.

Why: an example that is only prose drifts away from what the rule does; written in this small
notation it is at once what ``nlp-audit explain CODE`` prints and a test (tests/test_rule_examples.py
runs every rule on its own examples: each Fires example must give the rule at least one finding,
each Passes example none). Each example is one form, written in the docstring as

    Fires:
      - row 活动质量达标率 | =100.00(%) | 90.00(%) | 10 | 8
      - row[满意度指标/服务对象满意度指标] 整编资料审核 | 98% | 98% | 10 | 10
        total 100 | 90

A line starting with "- " opens an example; the lines indented under it add to the same form:

    row[一级/二级] NAME | TARGET | ACTUAL | 分值 | 得分 | 偏差原因     an indicator row (cells read by the
                                                                 quantity grammar, as the parser does)
    child ...                                                    the same, as a '其中' row of the row above
    funds LABEL | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分   a funds row (万元)
    goal TEXT / actual TEXT / notes TEXT                         预期目标, 实际完成情况, a deviation note
    total 分值 | 得分,  grade 优,  kind declaration|other,  project NAME
    copies N                                                     batch rules: the form N times, as N files

Trailing cells may be left out; an empty cell is blank. The form is laid out as tab-separated text
with every Source set, so a finding's evidence is an exact slice of it, as with a parsed file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import CellValue, Form, FundsRow, Indicator, Narrative, Source

_SECTION = re.compile(r"^(Fires|Passes):\s*(.*)$")
_ROW = re.compile(r"^(row|child)(?:\[([^\]/]*)(?:/([^\]]*))?\])?\s+(.*)$")


@dataclass(slots=True)
class Example:
    """One example form of a rule's documentation, as written (``lines``) and as built (``forms``)."""

    fires: bool
    lines: list[str] = field(default_factory=list)

    def forms(self, path: str = "example.txt") -> list[Form]:
        """The example as forms: one, or ``copies`` of it for a batch rule (one file each)."""
        copies = 1
        for line in self.lines:
            if line.startswith("copies "):
                copies = int(line.split()[1])
        return [build_form(self.lines, f"{i}_{path}") for i in range(copies)]

    def __str__(self) -> str:
        return " / ".join(self.lines)


def examples(doc: str) -> list[Example]:
    """The Fires / Passes examples of a rule's docstring, in order (none when it has no such block)."""
    import inspect

    out: list[Example] = []
    section: bool | None = None
    current: Example | None = None
    for raw in inspect.cleandoc(doc or "").splitlines():
        line = raw.strip()
        m = _SECTION.match(line)
        if m:
            section, current = m.group(1) == "Fires", None
            if m.group(2):
                raise ValueError(f"examples start on the line after '{m.group(1)}:', found {m.group(2)!r}")
            continue
        if section is None:
            continue
        if line.startswith("- "):
            current = Example(section)
            current.lines.append(line[2:].strip())
            out.append(current)
        elif line and current is not None and raw.startswith(" "):
            current.lines.append(line)
        elif line:
            section, current = None, None  # the next section of the docstring (Why:, Formula:)
    return out


def build_form(lines: list[str], path: str = "example.txt") -> Form:
    """The form an example describes (see the module docstring), laid out and with its Sources."""
    from ..quantities import read_cell

    f = Form(kind="self_evaluation", project="示例项目", path=path)
    notes: list[str] = []
    for line in lines:
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        m = _ROW.match(line)
        if m:
            kind, level1, level2, body = m.groups()
            cells = _cells(body)
            ind = Indicator(
                name=cells[0], level1=level1 or None, level2=level2 or None,
                target=read_cell(cells[1], "target") if cells[1] else CellValue(),
                actual=read_cell(cells[2], "actual") if cells[2] else CellValue(),
                weight=_number(cells[3]), score=_number(cells[4]), reason=cells[5] or None,
                weight_text=cells[3] or None, score_text=cells[4] or None,
            )
            if kind == "child":
                parent = len(f.indicators) - 1
                while parent >= 0 and f.indicators[parent].parent is not None:
                    parent -= 1
                ind.parent = parent if parent >= 0 else None
            f.indicators.append(ind)
        elif word == "funds":
            c = _cells(rest, 7)
            f.funds.append(FundsRow(label=c[0], budget_initial=_number(c[1]), budget_full_year=_number(c[2]),
                                    executed=_number(c[3]), weight=_number(c[4]), rate=_number(c[5].rstrip("%")),
                                    score=_number(c[6]), rate_text=c[5] or None, score_text=c[6] or None))
        elif word in ("goal", "actual"):
            setattr(f, word, Narrative(rest))
        elif word == "notes":
            notes.append(rest)
        elif word == "total":
            c = _cells(rest, 2)
            f.total_weight, f.total_score = _number(c[0]), _number(c[1])
        elif word == "grade":
            f.grade = rest
        elif word == "kind":
            f.kind = rest  # type: ignore[assignment]
        elif word == "project":
            f.project = rest
        elif word != "copies":
            raise ValueError(f"unknown example line {line!r}")
    _render(f, notes)
    return f


def _cells(body: str, n: int = 6) -> list[str]:
    cells = [c.strip() for c in body.split("|")]
    return (cells + [""] * n)[:max(n, len(cells))]


def _number(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


def _render(f: Form, notes: list[str]) -> None:
    """Lay the form out as tab-separated text (the tabbed family) and point every Source at its slice."""
    out: list[str] = []
    pos = 0

    def emit(line: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        out.append(line + "\n")
        pos += len(line) + 1
        return start, start + len(line)

    emit("项目支出绩效目标申报表" if f.kind == "declaration" else "项目支出绩效自评表")
    emit(f"项目名称\t{f.project}")
    for r in f.funds:
        cells = [r.label] + ["" if v is None else f"{v:g}" for v in (r.budget_initial, r.budget_full_year, r.executed,
                                                                     r.weight)]
        s, e = emit("\t".join(cells + [r.rate_text or "", r.score_text or ""]).rstrip("\t"))
        r.source = Source(f.path, s, e, len(out))
    for name, label in (("goal", "预期目标"), ("actual", "实际完成情况")):
        nar: Narrative = getattr(f, name)
        if nar.text:
            s, e = emit(f"{label}\t{nar.text}")
            nar.source = Source(f.path, s + len(label) + 1, e, len(out))
    for ind in f.indicators:
        head = "\t".join([ind.level1 or "", ind.level2 or ""]) + "\t"
        cells = [ind.name, ind.target.text, ind.actual.text, ind.weight_text or "", ind.score_text or "",
                 ind.reason or ""]
        line = head + "\t".join(cells).rstrip("\t")
        s, e = emit(line)
        n = len(out)
        ind.source = Source(f.path, s + len(head), e, n)
        ind.name_source = Source(f.path, s + len(head), s + len(head) + len(ind.name), n)
        at = s + len(head) + len(ind.name) + 1
        for cell in (ind.target, ind.actual):
            if cell.text:
                cell.source = Source(f.path, at, at + len(cell.text), n)
            at += len(cell.text) + 1
        if ind.reason:
            ind.reason_source = Source(f.path, e - len(ind.reason), e, n)
    if f.total_score is not None or f.total_weight is not None:
        cells = ["总分"] + ["" if v is None else f"{v:g}" for v in (f.total_weight, f.total_score)]
        s, e = emit("\t".join(cells))
        f.total_source = Source(f.path, s, e, len(out))
    if f.grade:
        s, e = emit(f"评分等级\t{f.grade}")
        f.grade_source = Source(f.path, s + len("评分等级\t"), e, len(out))
    for text in notes:
        s, e = emit(f"偏差大或目标未完成原因分析\t{text}")
        note = Narrative(text, Source(f.path, s + len("偏差大或目标未完成原因分析\t"), e, len(out)))
        if hasattr(f, "notes"):
            f.notes.append(note)
    f.text = "".join(out)
