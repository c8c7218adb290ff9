"""`--format text`: findings grouped per file and form, for a person reading a terminal.

Plain text and byte-for-byte deterministic when piped; ANSI colour only when the caller asks
(``color=True``, which the CLI passes when stdout is a terminal) - no rich import on this path.
"""

from __future__ import annotations

from typing import Any

from .common import groups, numbers, summary

_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_DIM, _BOLD, _RESET = "\x1b[2m", "\x1b[1m", "\x1b[0m"
_MAX_EVIDENCE = 240


def _evidence(text: str) -> str:
    """One line: cells shown as ' | ', line breaks as ' ⏎ ', long narratives cut."""
    parts = (part.replace("\t", " | ").strip() for part in text.strip().split("\n"))
    shown = " ⏎ ".join(p for p in parts if p)
    return shown if len(shown) <= _MAX_EVIDENCE else shown[: _MAX_EVIDENCE - 1] + "…"


def render(result: Any, color: bool = False, **_: Any) -> bytes:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    out: list[str] = []
    last_path = None
    for g in groups(result):
        if not g.findings:
            continue
        if g.is_batch:
            out.append(paint(_BOLD, "批次 (batch)"))
        else:
            if g.path != last_path:
                out.append(paint(_BOLD, g.path))
                last_path = g.path
            if g.form is None:
                out.append("  文件 (file)")
            else:
                out.append(f"  表 {g.form} (form {g.form}) · 项目: {g.project or '(无项目名称)'}")
        for f in g.findings:
            head = f"    {paint(_COLOURS[f.severity], f'{f.severity:<7}')} {f.rule} {f.name}"
            if f.indicator:
                head += f"  [{f.indicator}]"
            if f.line is not None:
                head += paint(_DIM, f"  line {f.line}")
            out.append(head)
            out.append(f"            {f.message}")
            if f.evidence.strip():
                out.append(f"            evidence: 「{_evidence(f.evidence)}」")
            if shown := numbers(f):
                out.append("            " + "   ".join(f"{key}: {text}" for key, text in shown))
        out.append("")
    out.append(summary_line(result))
    return ("\n".join(out) + "\n").encode("utf-8")


def summary_line(result: Any) -> str:
    """'3 files, 4 forms, 12 findings (error 3, warning 7, info 2), 1 unreadable file'."""
    s = summary(result)
    sev = ", ".join(f"{k} {v}" for k, v in s["by_severity"].items())
    n_unread = len(s["unreadable_files"])
    n_skipped = len(s["skipped_files"])
    return (
        f"{s['files']} file{'s' if s['files'] != 1 else ''}, {s['forms']} form{'s' if s['forms'] != 1 else ''}, "
        f"{s['findings']} finding{'s' if s['findings'] != 1 else ''} ({sev}), "
        f"{n_unread} unreadable file{'s' if n_unread != 1 else ''}"
        + (f", {n_skipped} special file{'s' if n_skipped != 1 else ''} skipped" if n_skipped else "")
    )
