"""Header fields (项目名称, 主管部门, 实施单位, year) and the goal/actual narratives.

The goal/actual narratives are read by narratives.py (re-exported here for old imports).

Why label-to-next-label: the same rule reads a tab row, a pipe row, one cell per line and a fused
line ("项目名称村道路灯更新项目属性…"). Labels printed side by side with their values after them
(slid columns: "主管部门 实施单位 X Y") share the values of their line, right-aligned, so an empty
cell does not pull the next label's value into the wrong field.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import ParseProblem, Source
from .lexicon import lex
from .scan import Doc, Label

_SEP = re.compile(r"[\t|]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
_NL_WS = re.compile(r"\s*\n\s*")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．]\D)")
_VALUE_FAMILIES = ("header", "stop", "fcol", "ftotal", "fpart", "goal", "actual", "tcol", "tsection", "tend", "total",
                   "grade")


def _denoise(s: str) -> str:
    for noise in lex().noise:
        s = noise.sub(s)
    return s


def _cells(text: str) -> list[str]:
    if _SEP.search(text):
        first, nl, rest = text.partition("\n")
        if nl and _denoise(first).strip(" :：\t|") and _SEP.search(rest.partition("\n")[0]):
            text = first  # a value ends with its line when the next line is a row of cells ("序号\t一级指标…")
            #               (a label's pinyin gloss, "名稱(chēng) |", is not a value on that line)
        parts = [p.strip() for p in _SEP.split(text)]
    else:
        parts = []
        for p in text.split("\n"):
            if parts and _HEADING.match(p.strip()):
                break  # a wrapped value never runs into the next heading ("一、项目基本情况")
            parts.append(p.strip())
        joined = "".join(parts)
        parts = [joined] if joined else []
    return [p for p in parts if p and _denoise(p).strip(":： ")]  # a gloss left of the label is no cell


def _clean_value(s: str) -> str:
    for noise in lex().noise:  # a pinyin gloss of the label's last glyph ("名稱(chēng) 耕地…") is no value
        s = noise.sub(s)
    s = s.strip().strip(":：").strip()
    s = _NL_WS.sub("", s)
    return s.strip().rstrip("。；;，,")  # a value stated in a sentence ("项目名称:X。") ends at its full stop


def read_header(doc: Doc, labels: list[Label], a: int, b: int, stop_at: int) -> tuple[dict, list[ParseProblem]]:
    """{'project', 'department', 'unit', 'year'} from the header labels before ``stop_at``."""
    out: dict = {"project": None, "department": None, "unit": None, "year": None}
    sources: dict[str, Source] = {}
    problems: list[ParseProblem] = []
    hl = [lb for lb in labels if lb.start < stop_at]
    queue: list[Label] = []
    seen: set[str] = set()
    for i, lb in enumerate(hl):
        if lb.family not in ("header", "stop"):
            queue.clear()
            continue
        nxt = hl[i + 1].start if i + 1 < len(hl) else min(stop_at, lb.end + 200)
        gap = doc.raw[lb.end : nxt]
        cells = _cells(gap)
        if not cells:
            if i + 1 < len(hl) and hl[i + 1].line == lb.line:
                queue.append(lb)
            elif lb.family == "header" and lb.name == "project" and "project" not in seen:
                seen.add("project")
            continue
        group = [*queue, lb]
        queue.clear()
        values = cells if len(group) > 1 else cells[:1]
        if len(group) > 1 and len(values) < len(group):
            group = group[len(group) - len(values) :]
        for g, v in zip(group, values, strict=False):
            if g.family != "header" or g.name in seen:
                continue
            seen.add(g.name)
            val = _clean_value(v)
            if lex().fold_key(val) in lex().labels:
                continue
            out[g.name] = val[:120] or None
            s = doc.raw.find(v, g.end)
            sources[g.name] = Source("", s, s + len(v), doc.line_of(max(s, 0)) + 1)
    has_label = any(lb.family == "header" and lb.name == "project" for lb in hl)
    if out["project"] is None and not has_label:
        found = _misread_project_label(doc, hl, a, stop_at)
        if found is not None:
            out["project"], sources["project"] = found
    if out["project"] is None and has_label:
        lb = next(lb for lb in hl if lb.family == "header" and lb.name == "project")
        ev_end = min(len(doc.raw), lb.end + 8)
        nl = doc.raw.find("\n", lb.end)
        if nl != -1:
            ev_end = min(ev_end, nl)
        ev = doc.raw[lb.start : ev_end].rstrip()
        problems.append(ParseProblem("P002", "缺少项目名称(该栏为空或被其他标签占据)", evidence=ev, field="header",
                                     source=Source(start=lb.start, end=ev_end, line=lb.line + 1)))
    m = _YEAR.search(doc.raw, a, b)
    if m:
        out["year"] = int(m.group(1))
    out["_sources"] = sources
    return out, problems


_FUZZY_LABEL_LEN = 4  # labels this long or longer may be matched with one character misread
_VALUE_END = re.compile(r"[\t|\n]| {2,}")


@lru_cache(maxsize=1)
def _project_label_keys() -> tuple[str, ...]:
    """The lexicon's project-name labels long enough to be matched with one character misread."""
    return tuple(k for k, (fam, name) in lex().labels.items() if fam == "header" and name == "project"
                 and len(k) >= _FUZZY_LABEL_LEN)


def _misread_project_label(doc: Doc, hl: list[Label], a: int, stop_at: int) -> tuple[str, Source] | None:
    """The project name after a 项目名称 label that OCR misread by one character ("项日名称", "项目名秤"),
    when no label of the project name was found: the first place before ``stop_at`` where a project label
    of four or more characters matches all but one character, and a value follows it. The value runs to the
    next label or cell break."""
    keys = _project_label_keys()
    raw = doc.raw
    end = min(stop_at, a + 3000)
    starts = [lb.start for lb in hl]
    for i in range(a, end):
        for k in keys:
            n = len(k)
            window = raw[i : i + n]
            if len(window) < n or window[0] != k[0] and window[-1] != k[-1]:
                continue
            if sum(x != y for x, y in zip(window, k, strict=True)) != 1:
                continue
            v0 = i + n
            while v0 < end and raw[v0] in " :：\t|":
                v0 += 1
            nxt = next((s for s in starts if s >= v0), end)
            cut = _VALUE_END.search(raw, v0, nxt)
            v1 = cut.start() if cut is not None else nxt
            value = _clean_value(raw[v0:v1])
            if value and lex().fold_key(value) not in lex().labels:
                return value[:120], Source("", v0, v1, doc.line_of(v0) + 1)
    return None


from .narratives import read_narratives  # noqa: E402  (old import path)

__all__ = ["read_header", "read_narratives"]
