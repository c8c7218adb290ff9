"""`--format text`: findings per file and form, for a person reading a terminal or a CI log.

Each finding starts with ``path:line:col:`` (clickable in editors and CI logs; for .xlsx/.docx/.pdf
the line:col of the extracted text) followed by the native location (Sheet1!E3, 表格1 第5行 第3格,
第2页). A rule that fires several times on one form is one entry with a count and its places.
Chinese by default, English with ``lang="en"``. Plain text and byte-for-byte deterministic when
piped; ANSI colour only when the caller asks (``color=True``: a terminal without NO_COLOR). Text
from the forms never reaches the terminal raw: control characters are shown as escapes.
"""

from __future__ import annotations

from typing import Any

from .. import i18n
from ..findings import Finding
from ..report.records import FileReport, RunMeta, RunResult
from .common import FormGroup, Repeated, batch_group, collapse, file_groups, numbers, position, summary
from .safe import neutralise

_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_DIM, _BOLD, _RESET = "\x1b[2m", "\x1b[1m", "\x1b[0m"
_MAX_EVIDENCE = 240
_MAX_PLACES = 12  # places listed for a repeated finding before "… N more"
_INDENT = "    "


def _evidence(text: str, limit: int = _MAX_EVIDENCE) -> str:
    """One line: cells shown as ' | ', line breaks as ' ⏎ ', long narratives cut, controls escaped."""
    parts = (part.replace("\t", " | ").strip() for part in text.strip().split("\n"))
    shown = " ⏎ ".join(p for p in parts if p)
    shown = shown if len(shown) <= limit else shown[: limit - 1] + "…"
    return neutralise(shown)


class Stream:
    """Each file's groups as the file finishes; the batch's and the closing summary at the end.

    A blank line follows every group; it is written only when something follows it, so ``--quiet``
    (no closing summary) ends on the last finding, as the whole report always did.
    """

    def __init__(self, meta: RunMeta, color: bool = False, lang: str = i18n.DEFAULT_LANG, quiet: bool = False,
                 **_: Any) -> None:
        self.meta, self.color, self.lang, self.quiet = meta, color, lang, quiet
        self.last_path: str | None = None
        self.blank = False

    def paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def head(self) -> bytes:
        return b""

    def file(self, report: FileReport) -> bytes:
        return self._groups(file_groups(report))

    def tail(self, result: RunResult) -> bytes:
        batch = batch_group(result)
        out = self._groups([batch]) if batch is not None else b""
        if not self.quiet:
            out += self._lines([summary_line(result, self.lang)])
        return out

    def _groups(self, groups: list[FormGroup]) -> bytes:
        lang, paint = self.lang, self.paint
        out: list[str] = []
        for g in groups:
            if not g.findings:
                continue
            if g.is_batch:
                out.append(paint(_BOLD, i18n.t("batch", lang)))
            else:
                if g.path != self.last_path:
                    out.append(paint(_BOLD, neutralise(g.path)))
                    self.last_path = g.path
                if g.form is None:
                    out.append("  " + i18n.t("file", lang))
                else:
                    project = neutralise(g.project) if g.project else i18n.t("no_project", lang)
                    out.append(f"  {i18n.t('form', lang, index=g.form)} · {i18n.t('project', lang)}: {project}")
            for item in collapse(g.findings):
                out.extend(_entry(item, self.meta, lang, paint))
            out.append("")
        return self._lines(out)

    def _lines(self, lines: list[str]) -> bytes:
        """The lines, each ended; a trailing blank held back until something follows it."""
        text = []
        for line in lines:
            if line == "":
                self.blank = True
                continue
            if self.blank:
                text.append("\n")
                self.blank = False
            text.append(line + "\n")
        return "".join(text).encode("utf-8")


def _head(f: Finding, run: RunMeta, lang: str, paint, count: int = 1) -> str:
    meta = run.rule(f.rule, f)
    where = f"{neutralise(f.path)}:{position(f)}: " if f.path and f.line is not None else _INDENT
    sev = i18n.severity(f.severity, lang)
    head = f"{where}{paint(_COLOURS[f.severity], sev)} {f.rule} {meta.title(lang)}"
    if count > 1:
        head += " " + i18n.t("times", lang, n=count)
    if f.indicator and count == 1:
        head += f" · {neutralise(f.indicator)}"
    native = i18n.native_label(f.native, lang)
    if native and count == 1:
        head += paint(_DIM, f" · {neutralise(native)}")
    return head


def _entry(item: Repeated, meta: RunMeta, lang: str, paint) -> list[str]:
    f = item.first
    lines = [_head(f, meta, lang, paint, len(item))]
    lines.append(_INDENT + neutralise(f.message))
    if len(item) == 1:
        detail = []
        if f.evidence.strip():
            detail.append(f"{i18n.t('evidence', lang)}: 「{_evidence(f.evidence)}」")
        detail.extend(f"{i18n.t(key, lang)}: {neutralise(text)}" for key, text in numbers(f))
        if detail:
            lines.append(_INDENT + "   ".join(detail))
        return lines
    places = []
    for g in item.findings[:_MAX_PLACES]:
        place = position(g)
        native = i18n.native_label(g.native, lang)
        if native:
            place += f" {native}"
        if g.indicator:
            place += f" [{g.indicator}]"
        if g.evidence.strip():
            place += f" 「{_evidence(g.evidence, 60)}」"
        places.append(neutralise(place.strip()))
    more = len(item) - _MAX_PLACES
    if more > 0:
        places.append(i18n.t("more", lang, n=more))
    lines.append(_INDENT + f"{i18n.t('cells', lang)}: " + " · ".join(places))
    return lines


def summary_line(result: RunResult, lang: str = i18n.DEFAULT_LANG) -> str:
    """The closing summary: files, forms, findings by severity, unreadable, skipped, gate."""
    return i18n.summary_line(summary(result), lang)
