"""`--format html`: one self-contained page (inline CSS, no scripts or external assets).

A summary table, a table of forms with their counts, then the findings of each form with the
evidence highlighted inside its surrounding text when the file text and offsets are known.
Every string from the input is escaped: forms contain '<', '>' and '&' ("<5%", "≥90%&…").
"""

from __future__ import annotations

from html import escape
from typing import Any

from .common import SEVERITY_ORDER, groups, numbers, scalar, summary, tool_version

_CONTEXT = 60  # characters of text shown around highlighted evidence

_CSS = """
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;line-height:1.45}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
th{background:#eef3f8;text-align:left}td.n{text-align:right}
.sev{font-weight:bold;text-transform:uppercase;font-size:.85em}
.error .sev{color:#b00020}.warning .sev{color:#9a6700}.info .sev{color:#0b6e99}
.finding{border-left:4px solid #ccc;margin:.8em 0;padding:.3em .8em;background:#fafafa}
.finding.error{border-color:#b00020}.finding.warning{border-color:#d4a72c}.finding.info{border-color:#0b6e99}
.ev{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.9em;background:#fff;border:1px solid #eee;padding:.3em}
mark{background:#ffe58a;padding:0 .1em}.muted{color:#777}
"""


_NUMBER_HTML = {"expected": "应为 expected: <b>{}</b>", "actual": "实际 actual: <b>{}</b>", "formula": "公式 formula: {}"}


def _e(value: Any) -> str:
    return escape(scalar(value) if not isinstance(value, str) else value, quote=True)


def _evidence_html(f, texts: dict[str, str]) -> str:
    """The evidence in context (offsets into the file text) or on its own, always marked."""
    text = texts.get(f.path, "")
    if text and f.start is not None and f.end is not None and 0 <= f.start <= f.end <= len(text):
        start, end = f.start, f.end
        if f.evidence and text[start:end] != f.evidence:
            found = text.find(f.evidence, max(0, start - 200), end + 200 + len(f.evidence))
            if found >= 0:
                start, end = found, found + len(f.evidence)
        before = text[max(0, start - _CONTEXT) : start]
        after = text[end : end + _CONTEXT]
        lead = "…" if start > _CONTEXT else ""
        tail = "…" if end + _CONTEXT < len(text) else ""
        return f"{lead}{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}{tail}"
    if f.evidence:
        return f"<mark>{escape(f.evidence)}</mark>"
    return ""


def render(result: Any, **_: Any) -> bytes:
    s = summary(result)
    texts = {pf.path: pf.text for pf in result.files if getattr(pf, "text", "")}
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>nlp-audit 报告 · {s['findings']} findings</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>nlp-audit 绩效表审核报告</h1>",
        f'<p class="muted">nlp-audit {escape(tool_version())} · 规则包 pack: {_e(result.pack)}</p>',
        "<h2>汇总 Summary</h2>",
        "<table><tr><th>文件 files</th><th>表 forms</th><th>问题 findings</th>"
        + "".join(f"<th>{sev}</th>" for sev in SEVERITY_ORDER)
        + "<th>无法读取 unreadable</th></tr>",
        f'<tr><td class="n">{s["files"]}</td><td class="n">{s["forms"]}</td><td class="n">{s["findings"]}</td>'
        + "".join(f'<td class="n">{n}</td>' for n in s["by_severity"].values())
        + f'<td class="n">{len(s["unreadable_files"])}</td></tr></table>',
    ]
    if s["by_rule"]:
        names = {f.rule: f.name for f in result.findings}
        out.append("<table><tr><th>规则 rule</th><th>名称 name</th><th>数量 count</th></tr>")
        out.extend(
            f'<tr><td>{_e(code)}</td><td>{_e(names.get(code, ""))}</td><td class="n">{n}</td></tr>'
            for code, n in s["by_rule"].items()
        )
        out.append("</table>")
    if s["unreadable_files"]:
        out.append("<h3>无法读取的文件 Unreadable files</h3><table><tr><th>文件</th><th>原因</th></tr>")
        out.extend(
            f"<tr><td>{_e(u['path'])}</td><td>{_e(u['reason'])}</td></tr>" for u in s["unreadable_files"]
        )
        out.append("</table>")
    if s["skipped_files"]:
        out.append("<h3>跳过的特殊文件 Skipped special files</h3><table><tr><th>文件</th><th>原因</th></tr>")
        out.extend(f"<tr><td>{_e(u['path'])}</td><td>{_e(u['reason'])}</td></tr>" for u in s["skipped_files"])
        out.append("</table>")

    all_groups = groups(result)
    out.append("<h2>各表 Forms</h2><table><tr><th>文件</th><th>表</th><th>项目</th>")
    out.append("".join(f"<th>{sev}</th>" for sev in SEVERITY_ORDER) + "</tr>")
    for i, g in enumerate(all_groups):
        if not g.findings and g.form is None:
            continue
        label = "批次 batch" if g.is_batch else _e(g.path)
        form = "" if g.form is None else str(g.form)
        link = f'<a href="#g{i}">{label}</a>' if g.findings else label
        out.append(
            f'<tr><td>{link}</td><td class="n">{form}</td><td>{_e(g.project or "")}</td>'
            + "".join(f'<td class="n">{n}</td>' for n in g.counts().values())
            + "</tr>"
        )
    out.append("</table>")

    out.append("<h2>问题 Findings</h2>")
    for i, g in enumerate(all_groups):
        if not g.findings:
            continue
        if g.is_batch:
            title = "批次 batch"
        else:
            where = "文件 file" if g.form is None else f"表 {g.form}"
            title = f"{_e(g.path)} · {where}" + (f" · {_e(g.project)}" if g.project else "")
        out.append(f'<h3 id="g{i}">{title}</h3>')
        for f in g.findings:
            out.append(_finding_html(f, texts))
    out.append("</body></html>\n")
    return "\n".join(out).encode("utf-8")


def _finding_html(f, texts: dict[str, str]) -> str:
    parts = [
        f'<div class="finding {escape(f.severity)}">',
        f'<div><span class="sev">{escape(f.severity)}</span> <b>{_e(f.rule)}</b> {_e(f.name)}'
        + (f" · 指标 <b>{_e(f.indicator)}</b>" if f.indicator else "")
        + (f' <span class="muted">line {f.line}</span>' if f.line is not None else "")
        + "</div>",
        f"<div>{_e(f.message)}</div>",
    ]
    ev = _evidence_html(f, texts)
    if ev:
        parts.append(f'<div class="ev">{ev}</div>')
    if shown := numbers(f):
        parts.append("<div>" + " · ".join(_NUMBER_HTML[key].format(escape(text, quote=True)) for key, text in shown) + "</div>")
    if f.reasons:
        parts.append('<ul class="muted">' + "".join(f"<li>{_e(r)}</li>" for r in f.reasons) + "</ul>")
    parts.append("</div>")
    return "".join(parts)
