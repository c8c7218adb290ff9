"""G001–G004: how the indicators are written: measurable targets, specific names, right block, no repeats.

财预〔2020〕10号 and the 绩效目标 review rules ask that indicators be 细化、量化、可衡量: a target that
is only a direction (提升), a rate with no number, a bare "完成率 100%", a satisfaction measure in
the output block or the same indicator twice all weaken what the form can prove. Word lists live
in rules/lexicons/writing.yaml (and the parser's name cues in layout.yaml); verdicts on a name or
a target text are cached, since the same cells recur in every form of a batch.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..params import param
from . import indicator_kinds as kinds
from .evidence import row_text
from .registry import check
from .writing_lex import WritingLexicon, key_of, writing_lexicon

if TYPE_CHECKING:
    from ..findings import Finding
    from ..model import Indicator
    from .registry import FormContext

_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d|百分之")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")
_PUNCT = re.compile(r"[\s,，。.;；:：、!！?？\"'“”‘’()（）\[\]【】<>《》·…\-—_/\\|%]+")
_TRAILING = re.compile(r"(?:[(（][^()（）]*[)）]|%|\(%\))+$")
_MEMO_LIMIT = 5000  # entries per table of per-name verdicts, filled once (names repeat across a batch)


def _remember(lex: WritingLexicon, table: str, key: str, value):
    store = lex.memo.setdefault(table, {})
    if len(store) < _MEMO_LIMIT:
        store[key] = value
    return value


def _has_content(ind: Indicator) -> bool:
    """The row carries something besides its name (a label line read as a row carries nothing)."""
    return not (ind.target.is_empty and ind.actual.is_empty and ind.weight is None and ind.score is None)


# ---------------------------------------------------------------------------------------- G001


def direction_word(lex: WritingLexicon, target: str) -> str | None:
    """The direction word when the whole target is only a direction ('较上一年度提高' -> '提高')."""
    key = _YEAR.sub("", key_of(target)).strip("。.;；,，")  # '同比2022年显著提高': a year is no level
    store = lex.memo.get("direction", {})
    if key in store:
        return store[key]
    found = None
    if key and len(key) <= lex.direction_max_chars and not _DIGIT.search(key):
        m = lex.direction.match(key)
        if m:
            found = m.group("w1") or m.group("w2")
    return _remember(lex, "direction", key, found)


def _slogan_count_target(ctx: FormContext, lex: WritingLexicon, ind: Indicator) -> bool:
    """A count indicator whose whole target is a slogan ('应改尽改', '应保尽保'): for a rate it would
    mean 100%, for a count (户数, 人数) it states no number at all."""
    key = key_of(ind.target.text).strip("。.;；,，")
    return key in lex.slogan_targets and not kinds.is_rate_name(ind.name, ctx.pack)


def _numberless_rate_target(ctx: FormContext, lex: WritingLexicon, ind: Indicator) -> bool:
    """A …率 indicator whose target holds words but no number ('及时', '全年')."""
    tgt = ind.target
    if tgt.value is not None or tgt.is_empty or not kinds.is_rate_name(ind.name, ctx.pack):
        return False
    key = key_of(tgt.text)
    if _DIGIT.search(key) or not _HAN.search(key):
        return False  # a number the grammar missed, or no words at all (garbled '≥', 'XX')
    return key not in lex.rate_full and key not in lex.empty_targets and key not in lex.slogan_targets


@dataclass(frozen=True)
class G001Params:
    max_subject_chars: int = param(6, "characters naming what moves, before the direction word ('服务范围' 扩大) "
                                      "or after it ('提升' 知名度)", ge=0)
    max_target_chars: int = param(12, "a longer target is a sentence, for a person to judge", ge=1)


@check("G001", "vague-target", severity="warning", field="indicator", params=G001Params,
       lexicons=("writing", "rate_name_suffixes", "rate_name_markers"))
def vague_target(ctx: FormContext) -> Iterator[Finding]:
    """年度指标值 is not measurable: a bare direction word, or a …率 indicator with no number.

    Why: 财预〔2020〕10号 asks for targets that are 细化、量化、可衡量; '提升' or '较上年提高' can be
    declared met whatever happened, and a rate whose target is '及时' or '全年' has no level to
    reach. Standard attainment words of qualitative indicators (健全, 建立健全, 良好, 有效) are a
    level, not a direction, and are not judged here.
    Formula: the whole target (no digits but a year) is [修饰语] [≤6 字主语] 方向词 [了/明显] or 方向词 + ≤6 字宾语,
    方向词 ∈ direction_words (提升 提高 增强 展现 改善 扩大 …), 修饰语 ∈ direction_prefixes (有效,
    显著, 较上一年度 …); or the name ends in 率/比例/占比 and the target has words but no number
    (and is not 全覆盖/足额, which mean 100%); or a count indicator's target is a slogan (slogan_targets:
    应改尽改, 应保尽保 …).
    Fires:
      - row 基层治理水平提升情况 | 提升 | 达成指标 | 10 | 10
      - row “两新”党组织覆盖情况 | 较上一年度提高 | 提高 | 10 | 10
      - row 基地维修维护及时率 | 及时 | 及时 | 10 | 10
      - row 场馆接待人数 | 同比2022年显著增加 | 增加 | 10 | 10
      - row 农房抗震加固户数 | 应改尽改 | 已完成 | 10 | 10
    Passes:
      - row 服务站机制健全性 | 建立健全 | 达成指标 | 10 | 10
      - row 补贴发放及时性 | 及时 | 及时 | 10 | 10
      - row 中心宣传展示及时率 | 全年不少于2次 | 3次 | 10 | 10
      - row 场馆接待人数 | 同比2022年增加5% | 6% | 10 | 10
      - row 危房改造率 | 应改尽改 | 100% | 10 | 10
    """
    lex = writing_lexicon(ctx.pack)
    for ind in ctx.form.indicators:
        tgt = ind.target
        if tgt.is_empty or tgt.value is not None or kinds.is_total_row(ind):
            continue
        word = direction_word(lex, tgt.text)
        rate = _numberless_rate_target(ctx, lex, ind)
        slogan = _slogan_count_target(ctx, lex, ind)
        if not word and not rate and not slogan:
            continue
        shown = tgt.text.strip()
        reasons = []
        if word:
            reasons.append(f"年度指标值“{shown}”只有方向词“{word}”,没有可衡量的水平")
        if rate:
            reasons.append(f"指标名称为比率(“…率”),年度指标值“{shown}”却没有数值")
        if slogan:
            reasons.append(f"年度指标值“{shown}”是口号式表述,数量指标应给出具体数量")
        message = (f"“{ind.name}”的年度指标值“{shown}”不可衡量:"
                   + ("只说明变化方向,应给出目标值(如 ≥90%、较上年提高 5 个百分点)。" if word
                      else "比率指标应给出数值目标(如 ≥95%)。"))
        yield ctx.finding("G001", message, row_text(ctx.form, ind), indicator=ind, actual=shown, reasons=reasons)


# ---------------------------------------------------------------------------------------- G002


def generic_name(lex: WritingLexicon, name: str) -> str | None:
    """Why a name is a generic completion check whatever its target (None if it is not)."""
    key = key_of(name)
    store = lex.memo.get("generic", {})
    if key in store:
        return store[key]
    found = None
    bare = lex.numbering.sub("", key)
    for pattern in lex.generic_names:
        if pattern.search(bare):
            found = f"名称“{name.strip()}”只问是否完成,未指明完成什么"
            break
    return _remember(lex, "generic", key, found)


def completion_suffix(lex: WritingLexicon, name: str) -> str | None:
    """'活动举办完成率(%)' -> '完成率' (the name is a completion rate)."""
    core = _TRAILING.sub("", key_of(name))
    for suffix in lex.completion_suffixes:
        if core.endswith(suffix):  # '及时完成率' too: in time or not, it only asks whether the plan was done
            return suffix
    return None


def _full_target(lex: WritingLexicon, ind: Indicator) -> bool:
    """Target is 100% ('=100%', '+100.00(%)' read as =, a bare '100', '≥100%')."""
    tgt = ind.target
    if tgt.value is None or tgt.op in ("<=", "<", ">", "qual"):
        return False
    if tgt.unit not in (None, "%", "％"):
        return False
    return abs(float(tgt.value) - lex.completion_full_value) < 1e-9


@dataclass(frozen=True)
class G002Params:
    full_value: float = param(100.0, "the target (%) that makes a completion rate say only 'we did what we "
                                     "planned'", ge=0)


@check("G002", "generic-indicator", severity="info", field="indicator", params=G002Params, lexicons=("writing",))
def generic_indicator(ctx: FormContext) -> Iterator[Finding]:
    """The indicator is a bare completion rate (…完成率 = 100%) that measures nothing specific.

    Why: '活动开展完成率 100%' only restates that the plan was carried out: it names no quantity
    (how many activities, people, square metres), so the form cannot show what the money bought,
    and it is scored full almost by definition. Indicators should name the output and its number.
    Formula: the name (without a trailing '(%)') ends in completion_rate_suffixes (完成率, 完工率 …,
    及时完成率 too; 完成及时率 ends in 及时率) and the target is 100 (%, or no unit) with =, ≥ or no comparator; or the name
    matches generic_name_patterns ('是否完成…申报的数量').
    Fires:
      - row 活动举办完成率 | =100.00(%) | 100.00(%) | 10 | 10
      - row 是否全部完成绩效目标申报表列明的工程数量 | 是 | 是 | 10 | 10
    Passes:
      - row “双报到”“双报告”完成率 | ≥90.00(%) | 95.00(%) | 10 | 10
      - row 经费发放完成数 | =8.00(人) | 8.00(人) | 10 | 10
    """
    lex = writing_lexicon(ctx.pack)
    for ind in ctx.form.indicators:
        if kinds.is_total_row(ind) or not ind.name:
            continue
        why = generic_name(lex, ind.name)
        if why is None:
            suffix = completion_suffix(lex, ind.name)
            if suffix is None or not _full_target(lex, ind):
                continue
            why = f"名称以“{suffix}”结尾,年度指标值为 100%({ind.target.text.strip()})"
        yield ctx.finding(
            "G002",
            f"“{ind.name}”是笼统的完成度指标,没有说明完成的具体内容和数量,宜改为可计量的产出指标(如 开展活动≥12次)。",
            row_text(ctx.form, ind),
            indicator=ind,
            reasons=[why],
        )


# ---------------------------------------------------------------------------------------- G003


def name_cues(lex: WritingLexicon, name: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Every cue in the name with the categories it implies ('安全率' -> (('安全率', {质量指标}),))."""
    key = key_of(name)
    store = lex.memo.get("cues", {})
    found = store.get(key)
    if found is None:
        found = tuple((m.group(0), lex.cue_cats[m.group(0)]) for m in lex.cue_re.finditer(key))
        _remember(lex, "cues", key, found)
    return found


def row_category(lex: WritingLexicon, ind: Indicator) -> str | None:
    """The canonical 二级 name of the row, else its 一级 name, else None."""
    if ind.level2:
        cat = lex.level2_canon.get(key_of(ind.level2))
        if cat:
            return cat
    if ind.level1:
        return lex.level1_canon.get(key_of(ind.level1))
    return None


def _is_label(lex: WritingLexicon, name: str) -> bool:
    """A category label read as a row name ('满意度指标', or '社会公众或服务对象满意度指' cut at the line end)."""
    key = _TRAILING.sub("", key_of(name)).rstrip(":")
    if len(key) < 2:
        return True
    labels = lex.category_labels  # '服务对象满意度' is a label and a common indicator name: only '…指标' counts
    if key.endswith("指标"):
        return key in labels
    return key.endswith("指") and any(label.startswith(key) for label in labels)


def misplacement(lex: WritingLexicon, ind: Indicator) -> tuple[str | None, str] | None:
    """(the category the name belongs to, if one; why) when the name does not fit the row's category,
    else None."""
    cat = row_category(lex, ind)
    if cat is None:
        return None
    own = lex.level1_as.get(cat, cat)
    cues = name_cues(lex, ind.name)
    implied = [(cue, cats) for cue, cats in cues]
    if any(own in cats for _, cats in implied):
        return None
    if implied:
        for _, cats in implied:
            if not all(cat in lex.misfits.get(c, ()) or own in lex.misfits.get(c, ()) for c in cats):
                return None  # one cue is compatible with the block: not judged
        cue, cats = implied[0]
        where = "/".join(sorted(cats))
        return where, f"名称含“{cue}”,属于{where},不应列在{cat}下"
    if own in lex.requires_own_cue or cat in lex.requires_own_cue:
        return None, f"列在{cat}下,但名称不含满意度、认可度、投诉等与该类别相关的用语"
    return None


@check("G003", "misplaced-indicator", severity="warning", field="indicator", lexicons=("writing",))
def misplaced_indicator(ctx: FormContext) -> Iterator[Finding]:
    """The indicator's name does not fit its 一级/二级 category (满意度 under 数量指标, 成本 under 数量).

    Why: the category decides which block's points the row earns (产出 50 / 效益 30 / 满意度 10);
    a satisfaction rate listed as output, a cost ceiling listed as a quantity or a data-review
    task as the only 满意度 row distorts that split and leaves the block without a real measure.
    Rows the parser re-attached to a category from their own name (merged-cell labels that slid,
    Indicator.category_inferred) are never reported.
    Formula: name cues (layout.yaml name_cues + writing.yaml category_cues) imply categories; the
    row is misplaced when every implied category lists the row's category in `misfits`, or when the
    row sits in a requires_own_cue category (满意度) and its name has no cue of it.
    Fires:
      - row[产出指标/数量指标] 成本控制 | 不超过预算 | 达成 | 10 | 10
      - row[满意度指标/服务对象满意度指标] 整编资料审核 | 98% | 98% | 10 | 10
      - row[效益指标/经济效益指标] 安全率 | 100 | 100 | 10 | 10
    Passes:
      - row[产出指标/成本指标] 服务站建设成本达标率 | =100% | 100% | 10 | 10
      - row[产出指标/时效指标] 完成率 | ≥99% | 100% | 10 | 10
      - row[满意度指标/服务对象满意度指标] 投诉意见反馈率 | 100% | 100% | 10 | 10
    """
    lex = writing_lexicon(ctx.pack)
    for ind in ctx.form.indicators:
        if ind.category_inferred or not ind.name or kinds.is_total_row(ind) or not _has_content(ind):
            continue
        if _is_label(lex, ind.name):
            continue
        verdict = misplacement(lex, ind)
        if verdict is None:
            continue
        belongs, why = verdict
        label = " / ".join(x for x in (ind.level1, ind.level2) if x)
        yield ctx.finding(
            "G003",
            f"“{ind.name}”列在“{label}”下,但指标名称与该类别不符:{why}。",
            row_text(ctx.form, ind),
            indicator=ind,
            expected=belongs,
            reasons=[why],
        )


# ---------------------------------------------------------------------------------------- G004


def name_key(lex: WritingLexicon, name: str) -> str:
    """The name without numbering, brackets, punctuation and generic words ('指标1:活动开展情况' -> '活动开展')."""
    key = key_of(name)
    store = lex.memo.get("dupkey", {})
    found = store.get(key)
    if found is None:
        bare = lex.numbering.sub("", key)
        bare = _TRAILING.sub("", bare)
        bare = _PUNCT.sub("", bare)
        found = _remember(lex, "dupkey", key, lex.generic_words.sub("", bare) or bare)
    return found


_NUMS = re.compile(r"\d+(?:\.\d+)?")


def _cue_words(lex: WritingLexicon, key: str) -> frozenset[str]:
    return frozenset(cue for cue, _ in name_cues(lex, key))


def _target_sig(ind: Indicator) -> tuple:
    """Rows can only be duplicates when this is equal: comparator, value and unit, or the target text."""
    t = ind.target
    if t.value is not None:
        return (t.op, t.value, t.unit or "")
    return ("text", key_of(t.text))


def _near(lex: WritingLexicon, ka: str, kb: str) -> bool:
    """Equal keys, or near-equal ones naming the same numbers and the same measure cues."""
    if ka == kb:
        return True
    limit = lex.duplicate_similarity
    if 2 * min(len(ka), len(kb)) / (len(ka) + len(kb)) < limit:
        return False  # lengths alone rule it out (difflib's real_quick_ratio, without building a matcher)
    if _profile(lex, ka) != _profile(lex, kb):
        return False  # 7天 vs 42天, 完成率 vs 及时率: same object, different measure
    import difflib  # lazily: only forms with look-alike rows get here, and it costs cold start

    sm = difflib.SequenceMatcher(None, ka, kb)
    return sm.quick_ratio() >= limit and sm.ratio() >= limit


def _profile(lex: WritingLexicon, key: str) -> tuple:
    """The numbers, the measure cues and the distinguishing words (开工 / 完工, 党员 / 群众) of a name
    key: two names that differ in any of them measure different things (cached per name)."""
    store = lex.memo.get("profile", {})
    found = store.get(key)
    if found is None:
        distinct = frozenset(m.group(0) for m in lex.duplicate_distinct.finditer(key))
        found = _remember(lex, "profile", key, (tuple(_NUMS.findall(key)), _cue_words(lex, key), distinct))
    return found


def _long_term_table(lex: WritingLexicon, text: str) -> bool:
    return bool(lex.duplicate_skip) and any(m in key_of(text) for m in lex.duplicate_skip)


_ALL_PAIRS_UP_TO = 200  # distinct names in one target group compared all against all (a real form has < 50)
_CANDIDATES = 40  # beyond that, each name is compared with the names sharing most character pairs with it
_SCAN = 8  # earlier rows tried per candidate name before giving up on the parent/child exclusions


def _near_keys(lex: WritingLexicon, keys: list[str]) -> dict[str, list[str]]:
    """For each distinct name key, the other keys ``_near`` it.

    All pairs for a real table; for a hostile one (thousands of distinct names with one target) a
    bigram index proposes at most ``_CANDIDATES`` keys per key, so the work stays near-linear."""
    near: dict[str, list[str]] = {k: [] for k in keys}
    if len(keys) <= _ALL_PAIRS_UP_TO:
        for x, ka in enumerate(keys):
            for kb in keys[x + 1 :]:
                if _near(lex, ka, kb):
                    near[ka].append(kb)
                    near[kb].append(ka)
        return near
    index: dict[str, list[int]] = {}
    grams = [{k[i : i + 2] for i in range(len(k) - 1)} for k in keys]
    for x, gs in enumerate(grams):
        for g in gs:
            index.setdefault(g, []).append(x)
    cap = 4 * _CANDIDATES
    for x, ka in enumerate(keys):
        shared: Counter[int] = Counter()
        for g in grams[x]:
            post = index[g]
            shared.update(post if len(post) <= cap else post[:cap])
        for y, _count in shared.most_common(_CANDIDATES + 1):
            kb = keys[y]
            if y > x and _near(lex, ka, kb):
                near[ka].append(kb)
                near[kb].append(ka)
    return near


def _duplicate_pairs(lex: WritingLexicon, rows: list[tuple[int, Indicator, str]]) -> list[tuple]:
    """(i, a, ka, j, b, kb) for each row j that repeats an earlier row i of the same target group.

    Row j is paired with the earliest row i before it whose key is equal or near, as the all-pairs
    scan did, but rows are grouped by key first: one row repeated 40,000 times costs 40,000 steps."""
    by_key: dict[str, list[tuple[int, Indicator, str]]] = {}
    for row in rows:
        by_key.setdefault(row[2], []).append(row)
    near = _near_keys(lex, list(by_key))
    out = []
    for j, b, kb in rows:
        best = None
        for key in (kb, *near[kb]):
            tried = 0
            for i, a, ka in by_key[key]:
                if i >= j or (best is not None and i >= best[0]) or tried >= _SCAN:
                    break
                tried += 1
                if a.parent == j or b.parent == i:
                    continue
                if a.source is not None and b.source is not None and a.source.start == b.source.start:
                    continue  # one row read twice is a parser matter, not the form's
                best = (i, a, ka)
                break
        if best is not None:
            out.append((*best, j, b, kb))
    return out


@dataclass(frozen=True)
class G004Params:
    min_chars: int = param(3, "names shorter than this once stripped ('完成率') are too generic to call "
                              "duplicates", ge=1)
    similarity: float = param(0.85, "difflib ratio of the stripped names at or above which they are near-equal",
                              ge=0, le=1)


@check("G004", "duplicate-indicator", severity="warning", field="indicator", params=G004Params,
       lexicons=("writing",))
def duplicate_indicator(ctx: FormContext) -> Iterator[Finding]:
    """Two indicators of one form say the same thing (near-identical names, same target).

    Why: an indicator listed twice earns its points twice and hides that the block has fewer real
    measures than rows; usually a copy-paste slip in the table.
    Formula: names compared after removing numbering (指标1:, ★), brackets, punctuation and
    generic_name_words (情况, 工作, 的 …): equal, or difflib ratio ≥ duplicate_similarity with the
    same numbers, the same measure cues (完成率 / 及时率 / 达标率 …) and the same distinguishing words
    (duplicate_distinct_words: 开工 / 完工, 党员 / 群众 …) in both names; and the same
    target (comparator, value, unit; or the same text).
    Parent/child rows ('其中…') and forms with a long-term table (长期绩效指标) are not compared.
    Fires:
      - row 活动开展情况 | =12(次) | 12(次) | 10 | 10
        row 活动开展 | =12(次) | 12(次) | 10 | 10
    Passes:
      - row 党员满意度 | ≥90% | 95% | 5 | 5
        row 群众满意度 | ≥90% | 95% | 5 | 5
      - row 工程按期开工率 | ≥95% | 96% | 5 | 5
        row 工程按期完工率 | ≥95% | 96% | 5 | 5
      - row 新生儿7天访视数 | 186人 | 186人 | 5 | 5
        row 新生儿28天访视数 | 186人 | 186人 | 5 | 5
    """
    lex = writing_lexicon(ctx.pack)
    inds = ctx.form.indicators
    if len(inds) < 2:
        return
    buckets: dict[tuple, list[tuple[int, Indicator, str]]] = {}
    for i, ind in enumerate(inds):
        if not ind.name or kinds.is_total_row(ind) or ind.target.is_empty:
            continue
        key = name_key(lex, ind.name)
        if len(key) >= lex.duplicate_min_chars:
            buckets.setdefault(_target_sig(ind), []).append((i, ind, key))
    pairs = []
    for rows in buckets.values():
        pairs.extend(_duplicate_pairs(lex, rows))
    if not pairs or _long_term_table(lex, ctx.form.text):
        return
    for i, a, ka, _j, b, kb in sorted(pairs, key=lambda p: p[3]):
        yield ctx.finding(
            "G004",
            f"“{b.name}”与第 {i + 1} 行“{a.name}”名称几乎相同、目标值相同({b.target.text.strip()}),"
            "同一内容重复设置指标。",
            row_text(ctx.form, b),
            indicator=b,
            expected=a.name,
            reasons=[f"去掉编号和泛化用语后名称为“{kb}”与“{ka}”", "年度指标值相同"],
        )
