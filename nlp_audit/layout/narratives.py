"""The goal / actual narratives (预期目标 / 实际完成情况) of a form.

Why a module of its own: the two texts are printed in every layout family, and the boundary between
them is what the narrative checks (C001-C008) stand on. Reading rules, in order:

- the labels sit in one row and the texts below, cell for cell: take the cells positionally (a
  pipe-per-cell page prints exactly one cell per label; a row of cells splits by column);
- a PDF wraps each cell over several lines: a paragraph ends at an indented line, or at a short line
  closing a sentence (the other lines fill the column width);
- the whole thing fused on one line: split where the second text restates the first, or where the
  sentences turn from plan to result (cue words in rules/lexicons/layout.yaml); when neither can be
  told, everything stays in ``goal`` and ``actual`` is left empty rather than invented;
- a label word inside a sentence ("全年支出项目资金16.54万元", "项目资金严格按政策…") does not end
  the text: a label ends a narrative only where it starts a cell.
"""

from __future__ import annotations

import re

from ..model import Narrative, Source
from .lexicon import gloss_re, lex
from .scan import Doc, Label

_CELL_LINE = re.compile(r"[^\t|\n]+")  # the text of a cell line, between tabs, pipes and line breaks
_LINE_RUN = re.compile(r"[^\n]+")
_GAP_BLANK = re.compile(r"[\s|]*")
_COLON_SP = ":： "
_HEADING_STOP = "。．"
_TABLE_HEAD = re.compile(r"一级(?:[\u4e00-\u9fff]标)?[\s|]*二级[\u4e00-\u9fff]标")  # ("一级 | 二级指标": the first shortened)
_CELL_RUN = re.compile(r"[^\t|]+")
_SEP_WS = re.compile(r"[\s|]")
_COLUMN_GAP = re.compile(r"\S(?: {2,}|\t|\u3000+)\S")
# (not at a space after a comma: ", " spaces a sentence printed with ASCII commas)
_TWO_COLS = re.compile(r"^(\S{4,}?[^\s,，、:：])\s+(\S{5,}.*)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENT_END = "。；;!！"
_SENT = re.compile(r"[^。；;!！]*[。；;!！]+|[^。；;!！]+$")
_CLAUSE_END = re.compile(r"[,，。；;、!！]")
_TRAIL_NUM = re.compile(r"\s+[-+]?\d+(?:\.\d+)?%?$")
_LEAD_WEIGHT = re.compile(r"^\s*\d*\s*[:：]?\s*[((]\s*\d+(?:\.\d+)?\s*分\s*[))]\s*[:：]?")
_DASH_ONLY = re.compile(r"^[\s—\-–/|]*$")
_BOUND_BEFORE = set(" \t\n\r|:：;；,，。)）】]>")
_LABEL_NEXT = set(" \t\n\r|:：(（")


def read_narratives(doc: Doc, labels: list[Label], stop_at: int) -> tuple[Narrative, Narrative, bool]:
    """Goal and actual narratives; the bool says whether their labels were seen at all."""
    goal, actual, seen, _end_at = read_narratives_ex(doc, labels, stop_at)
    return goal, actual, seen


def read_narratives_ex(doc: Doc, labels: list[Label], stop_at: int) -> tuple[Narrative, Narrative, bool, int]:
    """read_narratives, plus the raw offset where the texts end when they were found after the table
    header label at ``stop_at`` (the table's rows start after it), else ``stop_at``."""
    goal, actual, seen = _read(doc, labels, stop_at)
    if seen and (not goal or not actual or _labelled(doc, goal) or len(_CJK.findall(goal.text)) < _TEXT_MIN_CJK // 2):
        goal, actual = _complete(doc, labels, stop_at, goal, actual)
    if seen and not goal and not actual:
        g = [lb for lb in labels if lb.family == "goal" and lb.start < stop_at]
        hdr = next((lb for lb in labels if lb.start == stop_at), None)
        if g and hdr is not None and _DASH_ONLY.match(doc.raw[g[-1].end : stop_at]):
            goal2, act2, end_at = narratives_after_header(doc, labels, hdr, len(doc.raw))
            if goal2 or act2:
                return goal2, act2, True, end_at
    return goal, actual, seen, stop_at


def is_narrative_label(doc: Doc, lb: Label) -> bool:
    """A goal/actual label that heads a narrative (not "年度绩效目标" titling a table)."""
    if lb.family not in ("goal", "actual"):
        return False
    after = doc.raw[lb.end : lb.end + 40]
    if _INLINE_VALUE.match(after):
        return False  # "年度目标≥95%,完成值99%": a target stated in a sentence, not a text's label
    return lb.key not in lex().goal_weight or _weight_row(doc, lb) or _COLON_TEXT.match(after) is not None


_INLINE_VALUE = re.compile(r"[:：]?\s*(?:[≥≤><=＞＜]=?\s*\d|不低于|不少于|\d+(?:\.\d+)?%[,，;；。])")
_COLON_TEXT = re.compile(r"[:：]\s*[\u4e00-\u9fff]{4}")  # "年度绩效目标:持续深化…" in a report


def _read(doc: Doc, labels: list[Label], stop_at: int) -> tuple[Narrative, Narrative, bool]:
    nl = [lb for lb in labels if lb.start < stop_at
          and (lb.family not in ("goal", "actual") or is_narrative_label(doc, lb))]
    goal_lbs = [lb for lb in nl if lb.family == "goal"]
    act_lbs = [lb for lb in nl if lb.family == "actual"]
    if not goal_lbs and not act_lbs:
        found = _texts_by_content(doc, labels, stop_at)
        return (*found, True) if found is not None else (Narrative(""), Narrative(""), False)
    ac = act_lbs[0] if act_lbs else None
    before = [lb for lb in goal_lbs if ac is None or lb.start < ac.start]
    g = before[-1] if before else (goal_lbs[0] if goal_lbs else None)
    if ac is None and g is not None:
        # a goal label followed by a bare 完成情况 (a report: "年度绩效目标:…" then "目标完成情况:…") is the
        # pair, before a later goal-like word of the indicator statements ("年初目标95%以上")
        paired = next(((x, a) for x in goal_lbs if (a := _bare_actual_label(doc, x)) is not None), None)
        g, ac = paired if paired is not None else (g, None)
        if ac is not None:
            nl = sorted([*(lb for lb in nl if not (ac.start <= lb.start < ac.end)), ac], key=lambda lb: lb.start)
            labels = sorted([*(lb for lb in labels if not (ac.start <= lb.start < ac.end)), ac],
                            key=lambda lb: lb.start)
    # the texts end at the first label that starts a cell after the later of the two labels (a label
    # between them, "绩效目标 …" under a 年度总体目标 heading, belongs to the goal's text)
    last = max(x.start for x in (g, ac) if x is not None)
    end = _end(doc, labels, nl, last, stop_at)
    head = _TABLE_HEAD.search(doc.raw, last, end)
    if head is not None:
        end = head.start()  # the indicator table's header, garbled past recognition ("一级措标二级措标…")
    if ac is None and g is not None:
        pair = _labelled_pair(doc, g.end, end)
        if pair is not None:
            return (*pair, True)
    if g is not None and ac is not None and ac.start > g.start:
        if _is_blank(doc.raw[g.end : ac.start]):
            # side by side labels, values after them in the same column order
            return (*_side_by_side(doc, ac, end), True)
        goal = _narr(doc, g.end, _before_enumeration(doc.raw, g.end, ac.start), strip_weight=True)
        return goal, _narr(doc, ac.end, end), True
    if g is not None:
        goal = _narr(doc, g.end, end, strip_weight=True)
        if not goal and _LEAD_WEIGHT.match(_denoise(doc.raw[g.end : end]).strip(" |\t:：")):
            # "年度绩效目标1 (80分)" heading the indicator block: a weight, not a narrative
            return Narrative(""), Narrative(""), False
        return goal, Narrative(""), True
    assert ac is not None
    return Narrative(""), _narr(doc, ac.end, end), True


# (a report numbers its sections and ends a heading with a full stop: "(二)完成情况。各项补贴…")
_BARE_ACTUAL_LINE = re.compile(r"(?m)^[\s|]*(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十\d]{1,2}[、.．])?"
                               r"\s*((?:目标|全年|年度)?(?:实际)?完成情况)(?=[\s|:：。]|$)")
_ENUM_TAIL = re.compile(r"(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十\d]{1,2}[、.．])\s*$")


def _before_enumeration(raw: str, a: int, pos: int) -> int:
    """``pos`` moved back over a section number that opens the next label's line ("(二)完成情况"): the
    number belongs to the next section, not to the text before it."""
    m = _ENUM_TAIL.search(raw, max(a, pos - 8), pos)
    return m.start() if m is not None else pos


_BARE_ACTUAL = re.compile(r"[\s|:：]*((?:目标|全年|年度)?(?:实际)?完成情况)(?=[\s|:：]|$)")


def _bare_actual_label(doc: Doc, g: Label) -> Label | None:
    """A bare 完成情况 printed as the next cell after the goal's label ("年度目标 | 完成情况"): the actual's
    label, although on its own the word also names table columns."""
    m = _BARE_ACTUAL.match(doc.raw, g.end, min(len(doc.raw), g.end + 40))
    if m is None:  # or opening a later line of the goal's block ("绩效目标 …\n完成情况 …")
        m = _BARE_ACTUAL_LINE.search(doc.raw, g.end, min(len(doc.raw), g.end + 400))
    if m is None:
        return None
    return Label("actual", "actual", m.group(1), m.start(1), m.end(1), doc.line_of(m.start(1)))


# a line that opens with a short label cell ("执行情况 项目按照…", "目标 | 加强…", or the label alone on its line)
_LABELLED_LINE = re.compile(r"(?m)^[ \t|]*([\u4e00-\u9fff]{2,6})(?:[ \t|]*$|[ \t|]+|[:：][ \t|]*)")
_CLAUSE_MARK = re.compile(r"[,，。；;]")


def _labelled_pair(doc: Doc, a: int, b: int) -> tuple[Narrative, Narrative] | None:
    """The two texts under a narrative heading when each follows a short label the lexicon may not know,
    on its line or on the line before ("目标 <plan>" / "执行情况 <report>"): the first is the goal, the
    second the actual when it reads less as a plan than the first (plan and result cue words) or
    repeats it word for word. Sub-goals printed the same way ("数量目标 …" / "质量目标 …": a second label
    that names a plan) stay one goal text; so do three or more labelled texts."""
    raw = doc.raw
    first = a + len(raw[a:b]) - len(raw[a:b].lstrip(" \t|\n:："))
    marks = [(m.start(1), m.end()) for m in _LABELLED_LINE.finditer(raw, a, b)]
    if len(marks) != 2 or marks[0][0] != first:
        return None
    (l1, t1), (l2, t2) = marks
    goal_text, act_text = raw[t1:l2], raw[t2:b]
    if raw[l1:t1].strip(" \t|:：") == raw[l2:t2].strip(" \t|:："):
        return None  # the same label twice: items of one text
    if not all(len(t.strip()) >= 10 and _CLAUSE_MARK.search(t) and _CJK.search(t) for t in (goal_text, act_text)):
        return None
    if _cue_counts(raw[l2:t2])[0]:
        return None  # a second label that names a plan ("质量目标"): another item of the goal
    copied = _SEP_WS.sub("", goal_text) == _SEP_WS.sub("", act_text)
    if not copied and _plan_lean(goal_text) <= _plan_lean(act_text):
        return None
    return _narr(doc, t1, l2), _narr(doc, t2, b)


def _span(n: Narrative) -> tuple[int, int] | None:
    return (n.source.start, n.source.end) if n and n.source is not None else None


def _labelled(doc: Doc, n: Narrative) -> bool:
    """A text read under a heading that begins with a short label on a line of its own or before a colon
    ("目标\n全年计划…", "计划目标：…"): the label is no part of the text."""
    return bool(n) and n.source is not None and _SUB_LABEL.match(doc.raw, n.source.start) is not None


_SUB_LABEL = re.compile(r"[\u4e00-\u9fff]{2,8}(?:[ \t|]*\n|[:：])")


def _complete(doc: Doc, labels: list[Label], stop_at: int, goal: Narrative,
              actual: Narrative) -> tuple[Narrative, Narrative]:
    """The side the labels left empty, from the texts' content: a heading the lexicon knows over sub-labels
    it does not ("年度绩效目标 / 目标 <plan> / 实际执行情况 <report>"). Only where the content reading agrees
    with the side that was found (the same text), and a sub-label glued to the front of a text is dropped."""
    found = _texts_by_content(doc, labels, stop_at)
    if found is None:
        return goal, actual
    g2, a2 = found
    if goal and len(_CJK.findall(goal.text)) < _TEXT_MIN_CJK // 2:
        goal = Narrative("")  # a sub-label read as the text ("目标"): no narrative
    gs, as_, g2s, a2s = _span(goal), _span(actual), _span(g2), _span(a2)
    if not goal and as_ is not None and g2s is not None and as_[0] <= g2s[0] and g2s[1] <= as_[1]:
        return g2, a2  # side-by-side cells under labels the lexicon half knows: the "actual" was the goal column

    def agrees(mine: tuple[int, int] | None, theirs: tuple[int, int] | None) -> bool:
        return mine is None or theirs is not None and mine[0] <= theirs[0] and theirs[1] <= mine[1] \
            and theirs[0] - mine[0] <= 9 and mine[1] - theirs[1] <= 2

    if not actual and gs is not None and g2s is not None and a2s is not None and gs[0] <= g2s[0] and a2s[1] <= gs[1] + 2:
        return g2, a2  # the goal ran on over the actual's label the lexicon lacks ("实际执行情况"): two texts
    if not agrees(gs, g2s) or not agrees(as_, a2s):
        return goal, actual
    return g2, a2


_TEXT_CELL_SPLIT = re.compile(r"\t|[ \u3000]*\|[ \u3000]*| {2,}|\u3000{2,}")
_CELL_LABEL = re.compile(r"^([\u4e00-\u9fff]{2,8})(?:[:：]\s*|$)")
_TEXT_MIN_CJK = 12  # a narrative states a plan or a result in a sentence; a field's value is shorter
_LABELLED_MIN_CJK = 4


def _texts_by_content(doc: Doc, labels: list[Label], stop_at: int) -> tuple[Narrative, Narrative] | None:
    """The goal and the actual when no label the lexicon knows heads them ("绩效目标 / 计划目标 <plan> /
    完成情况 <report>"): read from what the lines between the form's fields and its table hold. Two sentences
    in cells of one line are the goal and the actual side by side; two sentences on lines of their own (a
    short label before each, on its line or before a colon) are the goal and the actual when the second
    reads less as a plan than the first or repeats it. One text, or three, is not read: which is which would
    be a guess."""
    fields = [lb for lb in labels if lb.start < stop_at and lb.family in ("header", "fcol", "ftotal", "fpart")]
    if not fields:
        return None  # (no form fields before the table: nothing says where the form's own text begins)
    a = doc.line_starts[fields[0].line]
    # (a field's line holds no sentence: "项目名称 | X", a funds row of numbers; a line that starts with a funds
    # word and goes on in a sentence, "项目资金严格按政策标准使用,…", is a text)
    texts: list[list[tuple[int, int]]] = []  # per line, the (start, end) of its sentence cells
    heads: list[str] = []  # per line of texts, the short label before its first text (its cell's, or the line's before)
    previous = ""
    for line in range(fields[0].line, doc.line_of(max(stop_at - 1, a)) + 1):
        start = doc.line_starts[line]
        text = doc.line_text(line)
        cells, pos, head = [], 0, previous
        previous = text.strip(" \t|\u3000") if len(text.strip()) <= 8 else ""
        for m in [*_TEXT_CELL_SPLIT.finditer(text), None]:
            end = m.start() if m is not None else len(text)
            cell = text[pos:end]
            lab = _CELL_LABEL.match(cell.strip())
            body = cell.strip()[lab.end() :] if lab is not None and lab.end() < len(cell.strip()) else cell.strip()
            # (a labelled cell, "执行情况：完成年度目标。", may state a short text; an unlabelled one is a sentence)
            if len(_CJK.findall(body)) >= (_LABELLED_MIN_CJK if lab is not None and body != cell.strip() else _TEXT_MIN_CJK) \
                    and _CLAUSE_MARK.search(body):
                off = start + pos + cell.index(body)
                cells.append((off, off + len(body)))
                head = lab.group(1) if lab is not None and not cells[:-1] else head
            pos = m.end() if m is not None else pos
        if cells:
            texts.append(cells)
            heads.append(head)
    if len(texts) == 1 and len(texts[0]) == 2:
        (g0, g1), (a0, a1) = texts[0]
        return _narr(doc, g0, g1), _narr(doc, a0, a1)
    if len(texts) != 2 or any(len(t) != 1 for t in texts):
        return None
    (g0, g1), (a0, a1) = texts[0][0], texts[1][0]
    goal_text, act_text = doc.raw[g0:g1], doc.raw[a0:a1]
    if _ITEM_HEAD.sub("", goal_text[:8])[:2] == _ITEM_HEAD.sub("", act_text[:8])[:2] and _ITEM_HEAD.search(goal_text[:8]):
        return None  # numbered items of one text ("目标1:…" / "目标2:…")
    copied = _SEP_WS.sub("", goal_text) == _SEP_WS.sub("", act_text)
    (p_goal, _r, _k), (p_act, r_act, _k2) = _cue_counts(goal_text), _cue_counts(act_text)
    (goal_plan, goal_result, _k3), (label_plan, label_result, _k4) = _cue_counts(heads[0]), _cue_counts(heads[1])
    if goal_plan and not goal_result and not label_plan and (label_result or not p_act):
        # the labels say it: a plan's ("年度目标") over a result's ("实际完成"), or over a label of no plan
        # ("执行情况") whose text plans nothing
        return _narr(doc, g0, g1), _narr(doc, a0, a1)
    # else the texts: the second a result by its words, or planning nothing after one that plans
    result = r_act or label_result and not label_plan or not p_act and not label_plan and p_goal
    if not copied and (_plan_lean(goal_text) <= _plan_lean(act_text) or not result):
        return None  # (two plans are items of one goal)
    return _narr(doc, g0, g1), _narr(doc, a0, a1)


_ITEM_HEAD = re.compile(r"[0-9一二三四五六七八九十]+")


def narratives_after_header(doc: Doc, labels: list[Label], lb: Label, b: int) -> tuple[Narrative, Narrative, int]:
    """Both texts of a 年度总体目标 row that extraction put after a merged table label (real xlsx exports:
    "年度 总体 目标 一级 指标 — <goal> <actual> 年度 实际 指标值 …"); returns the raw end of the texts.

    Only a short run of two cells counts (no digits: an indicator row would have them)."""
    nxt = next((x for x in labels if x.start >= lb.end), None)
    end = nxt.start if nxt is not None else min(b, lb.end + 200)
    raw = doc.raw[lb.end : end]
    toks = raw.split()
    frags = lex().header_fragments
    while toks and (lex().fold_key(toks[-1]) in frags):
        toks.pop()  # "年度 实际" of a wrapped header
    while toks and _DASH_ONLY.match(toks[0]):
        toks.pop(0)
    if len(toks) != 2 or any(ch.isdigit() for t in toks for ch in t) or sum(len(t) for t in toks) > 160:
        return Narrative(""), Narrative(""), lb.end
    g0 = doc.raw.find(toks[0], lb.end)
    a0 = doc.raw.find(toks[1], g0 + len(toks[0]))
    return _build(doc, [(g0, toks[0])]), _build(doc, [(a0, toks[1])]), a0 + len(toks[1])


# ------------------------------------------------------------------------------------------ boundaries


def _weight_row(doc: Doc, lb: Label) -> bool:
    """"年度绩效目标" is the goal's label only where a block weight follows it ("(80分)", "1 (80分)");
    elsewhere it titles a table ("项目年度绩效目标(量化目标)考核内容")."""
    return bool(_LEAD_WEIGHT.match(_denoise(doc.raw[lb.end : lb.end + 40]).lstrip(" |\t:：")))


def _denoise(s: str) -> str:
    for noise in lex().noise:
        s = noise.sub(s)
    return s


def _end(doc: Doc, labels: list[Label], nl: list[Label], first: int, stop_at: int) -> int:
    """The narratives end at the next label, other than goal/actual, that starts a cell."""
    heading = _SECTION_HEADING.search(doc.raw, first, stop_at)  # "四、绩效指标完成情况" of a report
    if heading is not None:
        stop_at = heading.start(1)
    for lb in nl:
        if lb.start > first and lb.family not in ("goal", "actual") and _starts_cell(doc, lb, labels, stop_at):
            return lb.start
    return stop_at


_SECTION_HEADING = re.compile(r"\n[ \t|]*([一二三四五六七八九十]{1,2}、)")


def _starts_cell(doc: Doc, lb: Label, labels: list[Label], stop_at: int) -> bool:
    """A label inside a sentence is a word of the text: it starts a cell when another label follows it
    at once (fused headers), or when it follows a boundary and its value is not glued to it."""
    raw = doc.raw
    j = lb.end
    while j < len(raw) and raw[j] in " \t|":
        j += 1
    if j == stop_at or any(lb.start < x.start <= j for x in labels):
        return True
    prev = raw[lb.start - 1] if lb.start > 0 else "\n"
    nxt = raw[lb.end] if lb.end < len(raw) else "\n"
    if prev not in _BOUND_BEFORE:
        return False
    return nxt in _LABEL_NEXT or not (_CJK.match(nxt) or nxt.isdigit())


def _is_blank(s: str) -> bool:
    """Only separators and whitespace (a pinyin gloss left after a label, "目標(biāo) |", counts as blank)."""
    if "(" in s and (rx := gloss_re()) is not None:
        s = rx.sub("", s)
    return not _SEP_WS.sub("", s)


def _narr(doc: Doc, a: int, b: int, strip_weight: bool = False) -> Narrative:
    """The text of raw [a, b): its cell lines stripped and joined, with the map back to the file."""
    runs = _trim(_stripped_runs(doc.raw, a, b, _CELL_LINE), _COLON_SP)
    if runs and runs[0][1][:1] in _HEADING_STOP:  # "(一)年度目标。<text>": the heading's full stop
        lead = len(runs[0][1]) - len(runs[0][1].lstrip(_HEADING_STOP + _COLON_SP))
        runs = _trim_left(runs, lead)
    if strip_weight and runs:
        txt = "".join(t for _o, t in runs)
        m = _LEAD_WEIGHT.match(_denoise(txt))
        if m:
            runs = _after_weight(doc, runs, _denoise(txt)[m.end() :].strip(_COLON_SP))
    if not runs:
        raw = doc.raw[a:b]
        s = a + len(raw) - len(raw.lstrip(" \t|\n:："))
        return Narrative("", Source(start=s, end=b, line=doc.line_of(s) + 1))
    return _build(doc, runs)


def _after_weight(doc: Doc, runs: list[tuple[int, str]], txt: str) -> list[tuple[int, str]]:
    """The runs of ``txt``, the text left after a leading "(80分)": the tail of the joined runs when it
    is one (the usual case), else ``txt`` aligned on the file text (noise was removed inside it)."""
    joined = "".join(t for _o, t in runs)
    if not txt:
        return []
    if joined.endswith(txt):
        return _trim_left(runs, len(joined) - len(txt))
    return _align(doc.raw, txt, runs[0][0], runs[-1][0] + len(runs[-1][1]))


# ------------------------------------------------------------------------------------------ text -> file map


def _stripped_runs(raw: str, a: int, b: int, pat: re.Pattern) -> list[tuple[int, str]]:
    """(file offset, text) of each run of ``pat`` in raw [a, b), stripped of whitespace (offsets kept)."""
    out: list[tuple[int, str]] = []
    for m in pat.finditer(raw, a, b):
        g = m.group()
        t = g.strip()
        if t:
            out.append((m.start() + g.find(t[0]), t))
    return out


def _trim(runs: list[tuple[int, str]], chars: str) -> list[tuple[int, str]]:
    """``str.strip(chars)`` of the joined runs, done on the runs (across run boundaries)."""
    while runs:
        off, t = runs[0]
        u = t.lstrip(chars)
        if u:
            runs[0] = (off + len(t) - len(u), u)
            break
        runs.pop(0)
    while runs:
        off, t = runs[-1]
        u = t.rstrip(chars)
        if u:
            runs[-1] = (off, u)
            break
        runs.pop()
    return runs


def _trim_left(runs: list[tuple[int, str]], n: int) -> list[tuple[int, str]]:
    """The runs without the first ``n`` characters of their joined text."""
    out = list(runs)
    while out and n >= len(out[0][1]):
        n -= len(out.pop(0)[1])
    if out and n:
        off, t = out[0]
        out[0] = (off + n, t[n:])
    return out


def _align(raw: str, txt: str, a: int, b: int) -> list[tuple[int, str]]:
    """Runs of ``txt`` found in order in raw [a, b) (rare path: the text had characters removed
    inside it); a character not found there ends the alignment rather than invent a place."""
    out: list[tuple[int, str]] = []
    pos = a
    i = 0
    while i < len(txt):
        k = raw.find(txt[i], pos, b)
        if k < 0:
            break
        j = 1
        while i + j < len(txt) and k + j < b and raw[k + j] == txt[i + j]:
            j += 1
        out.append((k, txt[i : i + j]))
        i += j
        pos = k + j
    if i < len(txt):  # cannot happen for a text cut from [a, b); kept as text that is never quoted
        out.append((-1, txt[i:]))
    return out


def _build(doc: Doc, runs: list[tuple[int, str]]) -> Narrative:
    """The narrative joined from verbatim runs (file offset, text), with its map back to the file:
    one piece per run (adjacent runs merge), the file text between two runs kept as their join when
    it is only whitespace, line breaks and '|'."""
    raw = doc.raw
    pieces: list[tuple[int, int, int]] = []
    joins: list[str | None] = []
    parts: list[str] = []
    n = 0
    prev = end = -1
    for off, t in _without_glosses(runs):
        if not t:
            continue
        if off == prev and off >= 0:
            parts.append(t)
            n += len(t)
            prev = end = off + len(t)
            continue
        if pieces:
            ok = 0 <= prev < off and _GAP_BLANK.fullmatch(raw, prev, off) is not None
            joins.append(raw[prev:off] if ok else None)
        pieces.append((n, off, doc.line_of(off) + 1 if off >= 0 else 0))
        parts.append(t)
        n += len(t)
        prev = off + len(t) if off >= 0 else -1
        end = max(end, prev)
    if not pieces:
        return Narrative("")
    text = "".join(parts)
    return Narrative(text, Source(start=pieces[0][1], end=end, line=pieces[0][2]), pieces, joins)


def _without_glosses(runs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The runs with pinyin glosses (項(xiàng)) cut out: the text reads as written, each remaining run keeps
    its file offset, so evidence quoted from the narrative still points into the file."""
    rx = gloss_re()
    if rx is None or not any("(" in t for _o, t in runs):
        return runs
    out: list[tuple[int, str]] = []
    for off, t in runs:
        pos = 0
        for m in rx.finditer(t):
            if m.start() > pos:
                out.append((off + pos if off >= 0 else off, t[pos : m.start()]))
            pos = m.end()
        if pos < len(t):
            out.append((off + pos if off >= 0 else off, t[pos:]))
    return out


# ------------------------------------------------------------------------------------------ side by side


def _side_by_side(doc: Doc, ac: Label, b: int) -> tuple[Narrative, Narrative]:
    raw = doc.raw
    nl = raw.find("\n", ac.end)
    line_end = b if nl == -1 or nl > b else nl
    rest = raw[ac.end : line_end]
    extra_cols = 0
    if doc.is_fused_line(ac.line) and not _is_blank(rest):
        # labels and both texts on one line ("…年初目标全年完成情况<goal><actual>绩效指标…")
        return _fused(doc, ac.end, b)
    body = ac.end
    if not _is_blank(rest):
        key = lex().fold_key(rest.strip(" |\t:："))
        if len(key) <= 12 and not any(c in key for c in "。,，;；"):
            extra_cols = 1  # a third header cell ("总体完成率(%)"): its values trail the rows
            body = line_end
    else:
        body = line_end
    region = raw[body:b]
    cells_region = "\n".join(ln for ln in region.split("\n") if not _is_blank(ln))  # padding rows ("|") aside
    if "\t" in cells_region or "|" in cells_region:
        lines = region.split("\n")
        if any(len([c for c in _CELL_RUN.findall(ln) if c.strip()]) >= 2 for ln in lines):
            return _by_column(doc, body, b)
        return _by_cell(doc, body, b)
    return _by_line(doc, body, b, extra_cols)


def _by_cell(doc: Doc, a: int, b: int) -> tuple[Narrative, Narrative]:
    """One cell per label (pipe-per-cell): the first cell is the goal, the second the actual; cells after
    them belong to the next block ("预算执行(10分)", "资金(万元)")."""
    raw = doc.raw
    cells: list[tuple[int, str]] = []
    pos = a
    for piece in re.split(r"[|\t]", raw[a:b]):
        cells.append((pos, piece))
        pos += len(piece) + 1
    # the last piece has no closing separator: a cell only if it has text and the others were closed
    out: list[Narrative] = []
    filled = [(off, piece) for off, piece in cells if piece.strip()]  # blank padding cells are no text
    for off, piece in filled[:2]:
        out.append(_build(doc, _stripped_runs(raw, off, off + len(piece), _LINE_RUN)))
    while len(out) < 2:
        out.append(Narrative(""))
    return out[0], out[1]


def _by_column(doc: Doc, a: int, b: int) -> tuple[Narrative, Narrative]:
    goal: list[tuple[int, str]] = []
    act: list[tuple[int, str]] = []
    off = a
    for ln in doc.raw[a:b].split("\n"):
        cells = _stripped_runs(ln, 0, len(ln), _CELL_RUN)
        if len(cells) >= 1:
            goal.append((off + cells[0][0], cells[0][1]))
        if len(cells) >= 2:
            act.append((off + cells[1][0], cells[1][1]))
        off += len(ln) + 1
    return _build(doc, goal), _build(doc, act)


def _by_line(doc: Doc, a: int, b: int, extra_cols: int) -> tuple[Narrative, Narrative]:
    """Whitespace-separated text: two columns per line ("<goal> <actual>"), or wrapped paragraphs."""
    raw = doc.raw[a:b]
    lines: list[tuple[int, str, str]] = []  # (raw offset of the text, raw line, stripped text)
    off = a
    for ln in raw.split("\n"):
        st = ln.strip()
        if st and not _is_blank(st):  # (a padding row of separators is no text)
            if extra_cols:
                st = _TRAIL_NUM.sub("", st)
            lines.append((off + ln.find(st[:1]), ln, st))
        off += len(ln) + 1
    if not lines:
        return Narrative(""), Narrative("")
    goal: list[tuple[int, str]] = []
    act: list[tuple[int, str]] = []
    wide = sum(1 for _o, _l, st in lines if _COLUMN_GAP.search(st)) >= max(2, len(lines) // 2)
    for off, _ln, st in lines:
        gap = _widest_gap(st) if wide else None
        m = None if gap else _TWO_COLS.match(st)
        if gap:  # two columns set apart by a run of spaces: the widest run is the gutter
            goal.append((off, st[: gap[0]]))
            act.append((off + gap[1], st[gap[1] :]))
        elif m and (act or len(m.group(1)) >= 5):
            goal.append((off, m.group(1)))
            act.append((off + m.start(2), m.group(2)))
        elif act:
            act.append((off, st))
        else:
            goal.append((off, st))
    if goal and not act:
        k = _paragraph_break(lines)
        if k is not None:
            goal = [(o, st) for o, _l, st in lines[:k]]
            act = [(o, st) for o, _l, st in lines[k:]]
        if _interleaved(lines, k):
            # two columns wrapped line by line (PDF text): the goal's lines and the actual's alternate
            goal, act = _alternate(lines)
        elif len(lines) == 1:
            # both texts on one line with nothing between them (a fused text dump): the plan and the
            # report are told apart by their sentences
            off, _ln, st = lines[0]
            cut = split_point(st)
            if cut is not None:
                goal, act = [(off, st[:cut])], [(off + cut, st[cut:])]
    return _build(doc, goal), _build(doc, act)


def _alternate(lines: list[tuple[int, str, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Lines dealt to the two columns in turn, until a column ends (its line closes a sentence short of
    the column's width): the lines after it are the other column's."""
    width = max(len(st) for _o, _l, st in lines)
    cols: tuple[list[tuple[int, str]], list[tuple[int, str]]] = ([], [])
    closed = [False, False]
    turn = 0
    for off, _ln, st in lines:
        if closed[turn]:
            turn = 1 - turn
        cols[turn].append((off, st))
        if st.endswith(("。", ".")) and len(st) < width - 1 and not closed[1 - turn]:
            closed[turn] = True
        turn = 1 - turn
    return cols[0], cols[1]


def _widest_gap(st: str) -> tuple[int, int] | None:
    """[start, end) of the widest run of two or more spaces inside a line (the gutter between columns)."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"(?: {2,}|\t|\u3000+)", st) if 0 < m.start() and m.end() < len(st)]
    return max(runs, key=lambda r: r[1] - r[0]) if runs else None


def _cue_counts(text: str) -> tuple[int, int, str]:
    """(plan cues, result cues, folded key) of a text: 计划/不低于 plan, 已/完成/建成 report."""
    lx = lex()
    key = lx.fold_key(text)
    p = r = 0
    for m in lx.narr_re.finditer(key):
        if lx.narr_class[m.group(0)] == "plan":
            p += 1
        else:
            r += 1
    return p, r, key


def _plan_lean(text: str) -> float:
    """Plan cues minus result cues per 100 characters (positive: it reads as a goal)."""
    p, r, key = _cue_counts(text)
    return (p - r) * 100 / max(len(key), 1)


def _interleaved(lines: list[tuple[int, str, str]], k: int | None) -> bool:
    """The lines of two side-by-side cells alternate (goal, actual, goal, …) when the alternate reading
    separates plan from result more clearly than the paragraph reading (or reading them as one text)."""
    if len(lines) < 4:
        return False
    texts = [st for _o, _l, st in lines]
    if len(texts) % 2 == 0 and texts[0::2] == texts[1::2]:
        return True  # the actual repeats the goal line for line
    alt = _plan_lean("".join(texts[0::2])) - _plan_lean("".join(texts[1::2]))
    par = _plan_lean("".join(texts[:k])) - _plan_lean("".join(texts[k:])) if k is not None else 0.0
    return alt >= 1.0 and alt > par + 0.5


def _paragraph_break(lines: list[tuple[int, str, str]]) -> int | None:
    """Index of the first line of the second cell in one blob of wrapped lines (seed 004), or None.

    An indented line starts a cell; else a cell ends at a line that closes a sentence and is shorter
    than the column (the full lines fill it); else the plan/result cues pick among the lines that
    close a sentence."""
    if len(lines) < 2:
        return None
    ind = [len(ln) - len(ln.lstrip()) for _o, ln, _s in lines]
    for k in range(1, len(lines)):
        if ind[k] >= 2 and ind[k] > min(ind[k - 1], 1):
            return k
    width = max(len(st) for _o, _l, st in lines)
    ends = [k for k in range(len(lines) - 1) if lines[k][2][-1] in _SENT_END]
    for k in ends:
        if len(lines[k][2]) < width:
            return k + 1
    if not ends:
        return None
    sents = [st for _o, _l, st in lines]
    at = [len("".join(sents[: k + 1])) for k in ends]
    cut = split_point("".join(sents), at)
    return None if cut is None else ends[at.index(cut)] + 1


# ------------------------------------------------------------------------------------------ fused


def _fused(doc: Doc, a: int, b: int) -> tuple[Narrative, Narrative]:
    raw = doc.raw[a:b]
    text = raw.strip(" |\t:：\n")
    s = a + raw.find(text[:1]) if text else a
    if not text:
        return Narrative(""), Narrative("")
    k = split_point(text)
    if k is None:
        return _build(doc, [(s, text)]), Narrative("")
    return _build(doc, [(s, text[:k])]), _build(doc, [(s + k, text[k:])])


def split_point(text: str, bounds: list[int] | None = None) -> int | None:
    """Where the actual text starts in "<goal><actual>" fused together, or None when it cannot be told.

    First the restated goal: the rest of the text repeats the goal word for word (real-dev 016: the
    actual repeats the goal's second half), or a sentence repeats the goal's first one. Then the cue
    words: the goal's sentences plan (计划, 不低于, 力争…), the actual's report (已, 完成, 建成…).
    ``bounds`` restricts the cut to these offsets (line ends of wrapped cells)."""
    k = _repeat_split(text, bounds)
    if k is not None:
        return k
    if bounds is None:
        bounds = [m.end() for m in _SENT.finditer(text)][:-1]
        bounds = [k for k in bounds if text[k - 1] in _SENT_END]
    if not bounds:
        return None
    cut = _cue_split([text[:k] for k in bounds], text)
    return None if cut is None else bounds[cut]


def _repeat_split(text: str, bounds: list[int] | None = None) -> int | None:
    n = len(text)
    cuts = [m.end() for m in _CLAUSE_END.finditer(text) if m.end() < n] if bounds is None else bounds
    for k in cuts:  # the earliest cut whose whole rest already appeared before it
        rest = text[k:]
        if len(rest) >= 6 and len(rest) <= k and rest in text[:k]:
            return k
    first = _SENT.match(text)
    if first and first.end() < n:
        s1 = first.group(0)
        if len(s1) >= 8:
            j = text.find(s1, first.end())
            if j > 0 and text[j - 1] in _SENT_END and (bounds is None or j in bounds):
                return j
    return None


def _cue_split(heads: list[str], text: str) -> int | None:
    """Index into ``heads`` (candidate goal texts, increasing) after which the actual starts, or None.

    Each segment votes plan (-1), result (+1) or neither by the cue words (longest match first). A cut
    must put a result segment right after it and no result segment right before it; the cut that
    agrees with most votes wins (plan before, result after), and only when it agrees with more votes
    than it contradicts and no other cut does as well: one mis-voting sentence ("顺利完成学业" in a
    goal) does not move the cut, a tie leaves the text whole."""
    prev = 0
    votes: list[int] = []
    for h in [*heads, text]:
        votes.append(_vote(text[prev : len(h)]))
        prev = len(h)
    best: list[tuple[int, int]] = []
    for i in range(len(heads)):
        if votes[i + 1] != 1 or votes[i] == 1:
            continue
        score = -sum(votes[: i + 1]) + sum(votes[i + 1 :])
        best.append((score, i))
    if not best:
        return None
    best.sort(reverse=True)
    if best[0][0] < 1 or (len(best) > 1 and best[1][0] == best[0][0]):
        return None
    return best[0][1]


def _vote(sentence: str) -> int:
    p, r, key = _cue_counts(sentence)
    if p == r == 0 and any(ch.isdigit() for ch in key):
        return 1
    return 1 if r > p else (-1 if p > r else 0)
