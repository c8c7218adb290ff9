"""Split one file into forms: a title starts a form; text before the first title is a form of its
own only when it carries an indicator table (the tail of a form cut by the page, real-dev 013).

Why titles and not 项目名称: several forms per page repeat the title, and web pages mention the
title in running text ("附件:…绩效自评表") — a title segment with no form labels is merged into the
next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import lex
from .scan import Doc, scan_labels


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    kind: str
    title: str | None


_FILE_NAME_LINE = re.compile(r"\.(?:docx?|pdf|xlsx?|wps|et)[ \t|]*$", re.I | re.M)


def _title_starts(doc: Doc) -> list[tuple[int, int, str]]:
    lx = lex()
    ct = doc.compact(0, len(doc.raw))
    out: list[tuple[int, int, str]] = []
    for m in lx.title_re.finditer(ct.text):
        rs, re_ = ct.span(m.start(), m.end())
        line = doc.line_of(rs)
        ls = doc.line_starts[line]
        le = doc.line_starts[line + 1] - 1 if line + 1 < len(doc.line_starts) else len(doc.raw)
        if _FILE_NAME_LINE.search(doc.raw, rs, le):
            continue  # a document's file name on a doc-sharing page ("…绩效自评表….docx"), not its title
        if doc.is_fused_line(line):
            back = doc.raw[max(ls, rs - 40) : rs]
            cut = max(back.rfind(c) for c in "。;；|:：》") if back else -1
            s = max(ls, rs - 40) + cut + 1 if cut >= 0 else max(ls, rs - 40)
            # do not start inside a header value ("…单位名称…填报日期…")
        else:
            s = ls
        out.append((s, re_, lx.title_kind[m.group(0)]))
    return sorted(out + _report_headings(doc, {doc.line_of(s) for s, _e, _k in out}))


_HEADING_MAX = 60  # a heading is a short line


def _report_headings(doc: Doc, taken: set[int]) -> list[tuple[int, int, str]]:
    """Headings of reports written as official letters ("关于上报…绩效自评的报告"): a report (kind other)
    starts there, as at a listed title."""
    pat = lex().raw.get("report_heading")
    if not pat or "报告" not in doc.raw:
        return []
    rx = re.compile(pat)
    out: list[tuple[int, int, str]] = []
    pos = doc.raw.find("报告")
    while pos != -1:
        line = doc.line_of(pos)
        ls = doc.line_starts[line]
        le = doc.raw.find("\n", pos)
        le = len(doc.raw) if le == -1 else le
        text = doc.raw[ls:le].strip()
        if line not in taken and len(text) <= _HEADING_MAX and rx.search(lex().fold_key(text)):
            out.append((ls, le, "other"))
            taken.add(line)
        pos = doc.raw.find("报告", le)
    return out


def split_forms(doc: Doc) -> list[Segment]:
    starts = _title_starts(doc)
    n = len(doc.raw)
    if not starts:
        return [Segment(0, n, "", None)]
    segs: list[Segment] = []
    for i, (s, te, kind) in enumerate(starts):
        e = starts[i + 1][0] if i + 1 < len(starts) else n
        if e <= s:
            continue
        segs.append(Segment(s, e, kind, doc.raw[s:te].strip()))
    # merge title-only segments (no form content) into the next one
    merged: list[Segment] = []
    carry: Segment | None = None
    for sg in segs:
        if carry is not None:
            sg = Segment(carry.start, sg.end, sg.kind, sg.title)
            carry = None
        if not _has_content(doc, sg.start, sg.end) and sg is not segs[-1]:
            carry = sg
            continue
        merged.append(sg)
    if carry is not None:
        if merged:
            merged[-1].end = carry.end
        else:
            merged.append(carry)
    merged = _merge_mentions(doc, merged)
    pre_end = merged[0].start if merged else n
    if pre_end > 0:
        pre = Segment(0, pre_end, "", None)
        if _has_table(doc, 0, pre_end):
            merged.insert(0, pre)
        elif merged:
            merged[0].start = 0
    return merged


def _merge_mentions(doc: Doc, segs: list[Segment]) -> list[Segment]:
    """A title inside the previous form's indicator table ("是否全部完成绩效目标申报表列明的
    工程数量") is a mention, not a new form: a segment with neither header fields nor funds rows after its
    title joins the previous segment when that one has a table."""
    out: list[Segment] = []
    for sg in segs:
        if out and not _has_header(doc, sg) and _has_table(doc, out[-1].start, out[-1].end):
            out[-1].end = sg.end
            continue
        out.append(sg)
    return out


def _has_header(doc: Doc, sg: Segment) -> bool:
    after = sg.start + len(sg.title or "")
    return any(lb.family in ("header", "ftotal", "fpart", "fcol") for lb in scan_labels(doc, after, sg.end))


def _has_content(doc: Doc, a: int, b: int) -> bool:
    """Whether a segment holds a form: a project name, funds, a table or a narrative. A unit and a date
    alone ("单位名称:… 填报日期:…" under a list of related titles on a web page) head the next form."""
    labels = scan_labels(doc, a, b)
    fams = {lb.family for lb in labels}
    return bool(fams & {"ftotal", "tcol", "goal"}) or any(lb.family == "header" and lb.name == "project"
                                                            for lb in labels) or _has_table(doc, a, b)


def _has_table(doc: Doc, a: int, b: int) -> bool:
    """A header of an indicator table, or rows of one without a header (the tail of a form whose
    page starts mid-table: categories and names with their values)."""
    labels = scan_labels(doc, a, b)
    if any(lb.family == "tcol" and lb.name in ("level1", "name") for lb in labels) and any(
        lb.family == "tcol" and lb.name in ("target", "actual", "weight", "score") for lb in labels
    ):
        return True
    from .table import find_table_by_content

    return find_table_by_content(doc, labels, a, b) is not None
