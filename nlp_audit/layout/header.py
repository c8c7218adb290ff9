"""Header fields (项目名称, 主管部门, 实施单位, year) and the goal/actual narratives.

Why label-to-next-label: the same rule reads a tab row, a pipe row, one cell per line and a fused
line ("项目名称镇域内基础设施建设项目属性…"). Labels printed side by side with their values after them
(slid columns: "主管部门 实施单位 X Y") share the values of their line, right-aligned, so an empty
cell does not pull the next label's value into the wrong field.
"""

from __future__ import annotations

import re

from ..model import Narrative, ParseProblem, Source
from .lexicon import lex
from .scan import Doc, Label

_SEP = re.compile(r"[\t|]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
_NL_WS = re.compile(r"\s*\n\s*")
_SEP_WS = re.compile(r"[\s|]")
_CELL_SEP = re.compile(r"[\t|\n]")
_CELL_RUN = re.compile(r"[^\t|]+")
_TWO_COLS = re.compile(r"^(\S{5,}?[。.;；]?)\s+(\S{5,}.*)$")
_VALUE_FAMILIES = ("header", "stop", "fcol", "ftotal", "fpart", "goal", "actual", "tcol", "tsection", "tend", "total",
                   "grade")


def _cells(text: str) -> list[str]:
    if _SEP.search(text):
        parts = [p.strip() for p in _SEP.split(text)]
    else:
        parts = [p.strip() for p in text.split("\n")]
        joined = "".join(parts)
        parts = [joined] if joined else []
    return [p for p in parts if p and p.strip(":： ")]


def _clean_value(s: str) -> str:
    s = s.strip().strip(":：").strip()
    s = _NL_WS.sub("", s)
    return s.strip()


def read_header(doc: Doc, labels: list[Label], a: int, b: int, stop_at: int) -> tuple[dict, list[ParseProblem]]:
    """{'project', 'department', 'unit', 'year'} from the header labels before ``stop_at``."""
    out: dict = {"project": None, "department": None, "unit": None, "year": None}
    sources: dict[str, Source] = {}
    problems: list[ParseProblem] = []
    hl = [lb for lb in labels if lb.start < stop_at]
    queue: list[Label] = []
    seen: set[str] = set()
    for i, lb in enumerate(hl):
        nxt = hl[i + 1].start if i + 1 < len(hl) else min(stop_at, lb.end + 200)
        gap = doc.raw[lb.end : nxt]
        if lb.family not in ("header", "stop"):
            queue.clear()
            continue
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
            sources[g.name] = Source(start=s, end=s + len(v), line=doc.line_of(max(s, 0)) + 1)
    has_label = any(lb.family == "header" and lb.name == "project" for lb in hl)
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


def read_narratives(doc: Doc, labels: list[Label], stop_at: int) -> tuple[Narrative, Narrative, bool]:
    """Goal and actual narratives; the bool says whether their labels were seen at all."""
    nl = [lb for lb in labels if lb.start < stop_at]
    goal_lbs = [lb for lb in nl if lb.family == "goal"]
    act_lbs = [lb for lb in nl if lb.family == "actual"]
    if not goal_lbs and not act_lbs:
        return Narrative(""), Narrative(""), False
    ac = act_lbs[0] if act_lbs else None
    before = [lb for lb in goal_lbs if ac is None or lb.start < ac.start]
    g = before[-1] if before else (goal_lbs[0] if goal_lbs else None)
    # the narratives end at the next label that is neither goal nor actual
    first = min(x.start for x in (g, ac) if x is not None)
    after = [lb for lb in nl if lb.start > first and lb.family not in ("goal", "actual")]
    end = after[0].start if after else stop_at
    if g is not None and ac is not None and ac.start > g.start:
        between = doc.raw[g.end : ac.start]
        if _is_blank(between):
            # side by side labels, values below in the same column order
            body_start = ac.end
            return (*_split_columns(doc, body_start, end), True)
        return _narr(doc, g.end, ac.start), _narr(doc, ac.end, end), True
    if g is not None:
        return _narr(doc, g.end, end), Narrative(""), True
    assert ac is not None
    return Narrative(""), _narr(doc, ac.end, end), True


def _is_blank(s: str) -> bool:
    return not _SEP_WS.sub("", s)


def _narr(doc: Doc, a: int, b: int) -> Narrative:
    raw = doc.raw[a:b]
    txt = "".join(p.strip() for p in _CELL_SEP.split(raw))
    lead = len(raw) - len(raw.lstrip(" \t|\n:："))
    s = a + lead
    return Narrative(txt.strip(":： "), Source(start=s, end=b, line=doc.line_of(s) + 1))


def _split_columns(doc: Doc, a: int, b: int) -> tuple[Narrative, Narrative]:
    raw = doc.raw[a:b]
    goal: list[str] = []
    act: list[str] = []
    gs = as_ = None
    off = a
    lines = raw.split("\n")
    if "\t" in raw or "|" in raw:
        for ln in lines:
            cells = [(m.start(), m.group()) for m in _CELL_RUN.finditer(ln) if m.group().strip()]
            if len(cells) >= 1:
                goal.append(cells[0][1].strip())
                gs = gs if gs is not None else off + cells[0][0]
            if len(cells) >= 2:
                act.append(cells[1][1].strip())
                as_ = as_ if as_ is not None else off + cells[1][0]
            off += len(ln) + 1
    else:
        for ln in lines:
            st = ln.strip()
            if not st:
                off += len(ln) + 1
                continue
            m = _TWO_COLS.match(st)
            if m and not act and len(m.group(1)) >= 5:
                goal.append(m.group(1))
                act.append(m.group(2))
                gs = gs if gs is not None else off
                as_ = off + ln.find(m.group(2))
            elif act and m:
                goal.append(m.group(1))
                act.append(m.group(2))
            elif act:
                act.append(st)
            else:
                goal.append(st)
                gs = gs if gs is not None else off + ln.find(st)
            off += len(ln) + 1
        if goal and not act:
            # one blob for two columns (seed 004): the goal ends at the first line closing a sentence
            for k, line in enumerate(goal[:-1]):
                if line.endswith("。"):
                    act = goal[k + 1 :]
                    goal = goal[: k + 1]
                    as_ = doc.raw.find(act[0], a)
                    break
    g = Narrative("".join(goal), Source(start=gs, end=None, line=doc.line_of(gs) + 1) if gs is not None else None)
    at = Narrative("".join(act), Source(start=as_, end=None, line=doc.line_of(as_) + 1) if as_ is not None else None)
    return g, at
