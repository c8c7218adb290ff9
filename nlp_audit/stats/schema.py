"""The columns of the three research tables: name, type and meaning, in output order.

The one definition the row builders, the writer (Arrow types) and the README's column tables all
follow; a test checks the README against it. Names and types are a contract: add columns at the
end of a table, never rename, retype or drop one.

Types: ``string``, ``int64``, ``double``, ``bool``, ``list<string>`` (in CSV a JSON array).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    meaning: str


def _cols(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in specs)


FAMILIES = ("P", "F", "S", "A", "D", "C", "G")  # per-form families; B findings belong to the batch

FORMS = _cols(
    ("path", "string", "input file as given on the command line"),
    ("form", "int64", "0-based index of the form in its file"),
    ("kind", "string", "self_evaluation | declaration | other"),
    ("project", "string", "项目名称"),
    ("department", "string", "主管部门"),
    ("unit", "string", "实施单位"),
    ("year", "int64", "year of the form"),
    ("province", "string", "official name of the province named in the title, project or units (34 provincial-level names), else null"),
    ("county", "string", "county (县/区/旗, else 市) leading 实施单位 or 主管部门, best effort"),
    ("layout", "string", "layout family the parser recognised (tabbed, pipe_rows, cell_per_line...)"),
    ("funds_budget_initial", "double", "年初预算数 of the total funds row, 万元"),
    ("funds_budget", "double", "全年预算数 of the total funds row, 万元"),
    ("funds_executed", "double", "全年执行数 of the total funds row, 万元"),
    ("funds_execution_rate", "double", "执行率 as stated on the form, %"),
    ("funds_execution_rate_computed", "double", "全年执行数 / 全年预算数 × 100"),
    ("funds_weight", "double", "分值 of the funds row"),
    ("funds_score", "double", "得分 of the funds row"),
    ("total_score", "double", "总分 as stated"),
    ("total_weight", "double", "分值 of the 总分 row (usually 100)"),
    ("grade", "string", "评分等级 as stated"),
    ("indicators", "int64", "indicator rows (合计/总分 lines excluded)"),
    ("indicators_output", "int64", "rows counted toward 产出指标 (成本指标 included), as the checker categorises them"),
    ("indicators_benefit", "int64", "rows counted toward 效益指标"),
    ("indicators_satisfaction", "int64", "rows counted toward 满意度指标"),
    ("indicators_uncategorised", "int64", "rows whose 一级 category the checker could not tell"),
    ("share_numeric_target", "double", "share of rows whose 年度指标值 holds a number (null without rows)"),
    ("vague_targets", "int64", "G001 findings: targets that are not measurable"),
    ("generic_indicators", "int64", "G002 findings: bare completion-rate indicators"),
    ("rows_not_met", "int64", "rows whose target was not met (numeric shortfall, partial or failed)"),
    ("deviations", "int64", "rows whose 偏差原因 must explain something: not met, far over target, or points deducted"),
    ("deviations_no_reason", "int64", "D001 findings: deviation with an empty reason"),
    ("deviations_vague_reason", "int64", "D002 findings: boilerplate reason"),
    ("deviations_cause_without_measure", "int64", "D003 findings: a cause without an improvement measure, or the reverse"),
    ("deviations_reason_contradicts", "int64", "D004 findings: the reason says met while the row falls short"),
    ("goal_chars", "int64", "characters of 预期目标 / 年度总体目标, whitespace excluded"),
    ("actual_chars", "int64", "characters of 实际完成情况, whitespace excluded"),
    ("claims", "int64", "checkable quantitative claims in both narratives"),
    ("claims_supported", "int64", "claims an indicator confirms"),
    ("claims_contradicted", "int64", "claims an indicator contradicts"),
    ("claims_unsupported", "int64", "claims no indicator measures"),
    ("share_supported", "double", "claims_supported / claims (null without claims)"),
    ("share_contradicted", "double", "claims_contradicted / claims"),
    ("share_unsupported", "double", "claims_unsupported / claims"),
    ("findings", "int64", "findings on this form"),
    ("findings_error", "int64", "of which error"),
    ("findings_warning", "int64", "of which warning"),
    ("findings_info", "int64", "of which info"),
    *((f"findings_{fam.lower()}", "int64", f"{fam} findings") for fam in FAMILIES),
)

INDICATORS = _cols(
    ("path", "string", "input file"),
    ("form", "int64", "0-based index of the form in its file"),
    ("row", "int64", "0-based index of the row in the form's indicator table"),
    ("project", "string", "项目名称"),
    ("year", "int64", "year of the form"),
    ("level1", "string", "一级指标 as read"),
    ("level2", "string", "二级指标 as read"),
    ("category", "string", "output | benefit | satisfaction: the 一级 block the checker counts the row toward"),
    ("name", "string", "三级指标"),
    ("parent", "int64", "row index of the parent row of a '其中' child row"),
    ("target_text", "string", "年度指标值 cell as printed"),
    ("target_op", "string", ">=, <=, =, >, <, range, qual (qualitative), unknown (number without comparator)"),
    ("target_value", "double", "年度指标值 number"),
    ("target_unit", "string", "年度指标值 unit"),
    ("target_qualitative", "string", "年度指标值 word (提升, 及时...)"),
    ("actual_text", "string", "实际完成值 cell as printed"),
    ("actual_value", "double", "实际完成值 number"),
    ("actual_unit", "string", "实际完成值 unit"),
    ("actual_qualitative", "string", "实际完成值 word (达成指标...)"),
    ("weight", "double", "分值"),
    ("score", "double", "得分"),
    ("reason", "string", "偏差原因分析及改进措施"),
    ("indicator_type", "string", "the type the checker assigned: satisfaction | timeliness | cost | growth | rate | count | other"),
    ("unit_family", "string", "unit family of the values: pct, person, item, money, area... (other:UNIT when unknown)"),
    ("direction", "string", "positive | equal | reverse | unclear: how the checker scores the row"),
    ("status", "string", "met | shortfall | over | unknown: the checker's verdict on the row"),
    ("attainment_level", "string", "achieved | partial | failed for a qualitative actual"),
    ("attainment_ratio", "double", "实际完成值 / 年度指标值 where both are comparable numbers"),
    ("deviation", "bool", "the 偏差原因 cell must explain the row (not met, far over target, or points deducted)"),
    ("line", "int64", "1-based line of the row in the extracted text"),
    ("findings", "int64", "findings naming this indicator"),
    ("rules", "string", "their rule codes, sorted and comma-separated (null when none)"),
)

FINDINGS = _cols(
    ("path", "string", "input file ('' for batch findings)"),
    ("form", "int64", "0-based form index (null: the file itself or the batch)"),
    ("project", "string", "项目名称"),
    ("rule", "string", "rule code (SPEC §3)"),
    ("family", "string", "first letter of the code: P F S A D C G B"),
    ("name", "string", "rule name"),
    ("severity", "string", "error | warning | info"),
    ("field", "string", "header | funds | goal | actual | indicator | form | batch"),
    ("indicator", "string", "三级指标 the finding is about"),
    ("evidence", "string", "exact text from the input"),
    ("start", "int64", "offset of the evidence in the extracted text"),
    ("end", "int64", "end offset (exclusive)"),
    ("line", "int64", "1-based line"),
    ("message", "string", "the message for the auditor (Chinese)"),
    ("expected", "string", "expected value as JSON text (a number, a string, a list...)"),
    ("actual", "string", "actual value as JSON text"),
    ("expected_number", "double", "expected when it is a number"),
    ("actual_number", "double", "actual when it is a number"),
    ("formula", "string", "formula behind expected"),
    ("reasons", "list<string>", "how the verdict was reached"),
    ("fingerprint", "string", "stable id of the finding across runs"),
    ("column", "int64", "1-based column of the evidence on its line"),
    ("end_line", "int64", "1-based line where the evidence ends"),
    ("end_column", "int64", "1-based column after the evidence's last character"),
    ("native", "string", "where in the .xlsx/.docx/.pdf: Sheet1!E3, table 1, row 5, cell 3, page 2 (null for text)"),
    ("title_zh", "string", "the rule's Chinese title"),
)

TABLES: dict[str, tuple[Column, ...]] = {"forms": FORMS, "indicators": INDICATORS, "findings": FINDINGS}


def markdown(table: str) -> str:
    """The README's column table of ``table`` (| column | type | meaning |)."""
    lines = ["| column | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{c.name}` | {c.type} | {_escape(c.meaning)} |" for c in TABLES[table]]
    return "\n".join(lines)


def _escape(text: str) -> str:
    """A '|' inside a Markdown table cell must be escaped."""
    return text.replace("|", r"\|")
