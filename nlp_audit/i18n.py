"""The words the human-facing outputs print, in Chinese (default) and English (``--lang en``).

Only presentation lives here: severities, field names, native locations and the closing summary
as an auditor reads them. The machine formats (json, jsonl, csv, sarif) never go through this
module: their values (``severity: "warning"``, ``name: "vague-deviation-reason"``) are a contract.
Rule titles and summaries live with the rules (``checks.rule_text``).
"""

from __future__ import annotations

from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

SEVERITY = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
FIELD = {
    "zh": {"header": "表头", "funds": "资金", "goal": "预期目标", "actual": "实际完成情况",
           "indicator": "指标", "form": "整表", "batch": "批次"},
    "en": {k: k for k in ("header", "funds", "goal", "actual", "indicator", "form", "batch")},
}
FAMILY = {
    "zh": {"P": "解析", "F": "资金", "S": "评分", "A": "完成值", "D": "偏差原因", "C": "叙述", "G": "指标设置",
           "B": "批次"},
    "en": {"P": "parse", "F": "funds", "S": "scoring", "A": "attainment", "D": "deviation", "C": "claims",
           "G": "writing", "B": "batch"},
}
KIND = {
    "zh": {"self_evaluation": "自评表", "declaration": "申报表", "other": "报告", "unreadable": "无法读取",
           "file": "文件"},
    "en": {"self_evaluation": "self-evaluation", "declaration": "declaration", "other": "report",
           "unreadable": "unreadable", "file": "file"},
}

# One catalogue for the rest; ``{name}`` fields are filled by ``t``.
_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "batch": "批次",
        "file": "文件",
        "form": "表 {index}",
        "project": "项目",
        "no_project": "(无项目名称)",
        "evidence": "证据",
        "expected": "应为",
        "actual": "实际",
        "formula": "公式",
        "cells": "位置",
        "times": "×{n}",
        "more": "…… 另有 {n} 处",
        "severity": "级别",
        "rule": "规则",
        "title": "名称",
        "summary": "说明",
        "field": "部位",
        "source": "依据",
        "why": "原因",
        "params": "参数",
        "off": "(已停用)",
        "none": "—",
    },
    "en": {
        "batch": "batch",
        "file": "file",
        "form": "form {index}",
        "project": "project",
        "no_project": "(no project name)",
        "evidence": "evidence",
        "expected": "expected",
        "actual": "actual",
        "formula": "formula",
        "cells": "where",
        "times": "×{n}",
        "more": "… {n} more",
        "severity": "severity",
        "rule": "rule",
        "title": "name",
        "summary": "summary",
        "field": "field",
        "source": "source",
        "why": "why",
        "params": "params",
        "off": "(off)",
        "none": "-",
    },
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    return lang


def t(key: str, lang: str = DEFAULT_LANG, **fields: Any) -> str:
    text = _TEXT.get(lang, _TEXT[DEFAULT_LANG])[key]
    return text.format(**fields) if fields else text


def severity(name: str, lang: str = DEFAULT_LANG) -> str:
    return SEVERITY.get(lang, SEVERITY[DEFAULT_LANG]).get(name, name)


def field_name(name: str, lang: str = DEFAULT_LANG) -> str:
    return FIELD.get(lang, FIELD[DEFAULT_LANG]).get(name, name)


def family(code: str, lang: str = DEFAULT_LANG) -> str:
    return FAMILY.get(lang, FAMILY[DEFAULT_LANG]).get(code[:1], code[:1])


def kind(name: str | None, lang: str = DEFAULT_LANG) -> str:
    if not name:
        return ""
    return KIND.get(lang, KIND[DEFAULT_LANG]).get(name, name)


def native_label(native: dict[str, Any] | None, lang: str = DEFAULT_LANG) -> str:
    """sheet!cell as Excel writes it in either language; Word and PDF places in words."""
    if not native:
        return ""
    if lang != "zh" or native.get("kind") == "sheet":
        return str(native.get("text", ""))
    kind_ = native.get("kind")
    if kind_ == "table":
        return f"表格{native['table']} 第{native['row']}行 第{native['cell']}格"
    if kind_ == "paragraph":
        return f"第{native['paragraph']}段"
    if kind_ == "page":
        where = f"第{native['page']}页"
        if "x" in native:
            where += f" (x {native['x']:.0f}, y {native['y']:.0f})"
        return where
    return str(native.get("text", ""))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(s: dict[str, Any], lang: str = DEFAULT_LANG) -> str:
    """The closing summary of a run from ``formatters.common.summary`` (counts, skips, gate)."""
    sev = s["by_severity"]
    unread = len(s["unreadable_files"])
    skipped = s.get("skipped") or {}
    gate = s.get("gate") or {}
    if lang == "zh":
        parts = [
            f"共 {s['files']} 个文件、{s['forms']} 张表、{s['findings']} 个问题"
            f"(错误 {sev['error']},警告 {sev['warning']},提示 {sev['info']})",
            f"{unread} 个文件无法读取",
        ]
        skip = [f"{skipped[k]} 个{label}" for k, label in
                (("lock", "Office 锁定文件"), ("special", "非普通文件"), ("excluded", "被排除的路径")) if skipped.get(k)]
        if skip:
            parts.append("已跳过 " + "、".join(skip))
        if gate.get("baselined"):
            parts.append(f"基线中已有 {gate['baselined']} 个问题未显示")
        if gate.get("suppressed"):
            why = ";".join(f"{reason} {n} 个" for reason, n in gate["suppressed_by_reason"].items())
            parts.append(f"已抑制 {gate['suppressed']} 个({why})")
        return ";".join(parts)
    parts = [
        f"{_plural(s['files'], 'file')}, {_plural(s['forms'], 'form')}, {_plural(s['findings'], 'finding')} "
        f"(error {sev['error']}, warning {sev['warning']}, info {sev['info']}), {_plural(unread, 'unreadable file')}"
    ]
    skip = [f"{skipped[k]} {label}" for k, label in
            (("lock", "Office lock files"), ("special", "non-regular files"), ("excluded", "excluded paths"))
            if skipped.get(k)]
    if skip:
        parts.append("skipped " + ", ".join(skip))
    if gate.get("baselined"):
        parts.append(f"{gate['baselined']} findings in the baseline not shown")
    if gate.get("suppressed"):
        why = "; ".join(f"{reason}: {n}" for reason, n in gate["suppressed_by_reason"].items())
        parts.append(f"{gate['suppressed']} suppressed ({why})")
    return "; ".join(parts)
