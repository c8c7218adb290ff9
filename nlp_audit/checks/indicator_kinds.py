"""How an indicator scores: its direction (positive / equal / reverse), rate names and its category.

Scoring depends on direction (SPEC §2): a positive target (≥ > =) is short when the actual is
below it, a reverse one (≤ <, cost and time limits, complaint rates) when the actual is above it.
Direction comes from the comparator first and from the name only when the comparator is absent
or '='; money with no comparator is left "unclear" (less spending can be good or bad) so that no
S-rule guesses. These word lists come from the pack's lexicons because they are scoring rules a
province tunes; what kind of indicator a row is (its type, its unit family, money units) is owned
by nlp/indicator_types.py and only read here. Names, labels and units are folded (nlp_audit/text.py)
before they are matched, so traditional forms score like simplified ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..nlp.indicator_types import is_money_unit, tables
from ..text import fold, key
from .lexicon import first_hit, mapping, memo, word_hit, word_set, words

if TYPE_CHECKING:
    from ..model import CellValue, Form, Indicator
    from ..packs import RulePack
    from .registry import FormContext

POSITIVE, EQUAL, REVERSE, UNCLEAR = "positive", "equal", "reverse", "unclear"
COMPARATORS = (">=", "<=", ">", "<")

# a calendar date or deadline in a cell: compared as text, never as a number
_DATE = re.compile(r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*月(?:底|末|前|份|中旬|上旬|下旬)|年底|年末|季度末")
_TRAILING = re.compile(r"[\s（(][^（()）]*[)）]?\s*$")


def is_date_like(text: str | None) -> bool:
    """True for '2022年12月30日', '12月底前', '年底': deadlines are judged by text, not value."""
    if not text or ("年" not in text and "月" not in text and "季" not in text):
        return False  # every _DATE alternative holds one of these: most cells skip the regex
    return _DATE.search(text) is not None


def _name_core(name: str) -> str:
    """The indicator name without a trailing bracket note ('完成率(%)' -> '完成率')."""
    core = name.strip()
    for _ in range(2):
        stripped = _TRAILING.sub("", core)
        if not stripped or stripped == core:
            break
        core = stripped
    return core


def is_rate_name(name: str, pack: RulePack) -> bool:
    """'…率', '…比例', '…占比': the name promises a ratio, so its unit should be % (A001).

    A suffix test on purpose, unlike the looser 'rate' cue of nlp/indicator_types.py: a name that
    only contains a ratio word (覆盖面积, 率先…) must not make A001 demand a % unit.
    """
    cache = memo(pack, "is_rate_name")
    found = cache.get(name)
    if found is None:
        core = _name_core(fold(name))
        markers = words(pack, "rate_name_suffixes")
        found = any(core.endswith(m) for m in markers) or first_hit(pack, "rate_name_markers", core) is not None
        if len(cache) < 10000:
            cache[name] = found
    return found


_TOTAL_NAMES = frozenset({"合计", "总计", "总分", "小计", "合计分", "总得分"})


def is_total_row(ind: Indicator) -> bool:
    """A '合计' / '总分' line the parser kept as a row: it is the table's sum, not an indicator."""
    name = ind.name or ""
    if len(name) > 8:
        return False
    return _is_total_name(name)


@lru_cache(maxsize=4096)
def _is_total_name(name: str) -> bool:
    """Cached: every rule asks it of every row of every form."""
    return key(name).strip(":") in _TOTAL_NAMES


def indicator_rows(form: Form, top_only: bool = False) -> Iterator[Indicator]:
    """The form's indicator rows without the 合计 / 总分 lines (and, if asked, without '其中' children)."""
    for ind in form.indicators:
        if not is_total_row(ind) and not (top_only and ind.parent is not None):
            yield ind


def form_rows(ctx: FormContext, top_only: bool = False) -> list[Indicator]:
    """``indicator_rows`` of the context's form, listed once per form: most A, S and D rules walk them."""
    key = "rows:top" if top_only else "rows"
    rows = ctx.memo.get(key)
    if rows is None:
        if top_only:
            rows = ctx.memo[key] = [ind for ind in form_rows(ctx) if ind.parent is None]
        else:
            rows = ctx.memo[key] = list(indicator_rows(ctx.form))
    return rows


_UNSEEN = object()  # not in a memo yet (None is a cached answer)
_MEMO_LIMIT = 10000  # entries per pack memo: bounded, though a batch repeats far fewer names and units


def _remember(cache: dict, key: Any, value: Any) -> Any:
    if len(cache) < _MEMO_LIMIT:
        cache[key] = value
    return value


def direction(ind: Indicator, pack: RulePack) -> str:
    """positive | equal | reverse | unclear, from the comparator, then the name and unit."""
    op, name, unit = ind.target.op, ind.name or "", ind.target.unit
    if op in ("<=", "<"):
        return REVERSE
    if op in (">=", ">"):
        return POSITIVE
    cache = memo(pack, "direction")
    key = (op, name, unit)
    found = cache.get(key)
    if found is None:
        found = _remember(cache, key, _direction(op, name, unit, pack))
    return found


def _direction(op: str | None, name: str, unit: str | None, pack: RulePack) -> str:
    """direction() of a row without a ≥ / ≤ comparator, from the only cells it depends on."""
    if first_hit(pack, "reverse_rate_markers", name):
        return REVERSE
    unit = fold(unit) if unit else unit
    if unit != "%" and not is_rate_name(name, pack) and first_hit(pack, "reverse_name_markers", name):
        return REVERSE
    if is_money_unit(unit, tables(pack)) or (unit is None and not is_rate_name(name, pack)
                          and first_hit(pack, "money_name_markers", name)):
        return UNCLEAR  # an amount: spending less than planned is neither clearly short nor met
    if op == "=":
        return EQUAL
    if op == "unknown":
        return POSITIVE
    return UNCLEAR


def norm_unit(unit: str | None, pack: RulePack) -> str | None:
    """A unit folded and with its pack aliases applied ('％' -> '%', '萬元' -> '万元', '日' -> '天')."""
    if unit is None:
        return None
    cache = memo(pack, "norm_unit")
    found = cache.get(unit, _UNSEEN)
    if found is not _UNSEEN:
        return found
    folded = fold(unit.strip())
    if not folded:
        return _remember(cache, unit, None)
    aliases = mapping(pack, "unit_aliases")
    return _remember(cache, unit, str(aliases.get(folded, folded)))


def units_conflict(a: CellValue, b: CellValue, pack: RulePack) -> bool:
    """Both cells carry a unit and the units differ (after aliases): the values are not comparable."""
    return units_differ(a.unit, b.unit, pack)


def units_differ(unit_a: str | None, unit_b: str | None, pack: RulePack) -> bool:
    """units_conflict for two unit strings, cached per pack (A001 and A002 ask it of every row)."""
    if unit_a is None or unit_b is None or unit_a == unit_b:
        return False
    cache = memo(pack, "units_differ")
    key = (unit_a, unit_b)
    found = cache.get(key)
    if found is None:
        ua, ub = norm_unit(unit_a, pack), norm_unit(unit_b, pack)
        found = _remember(cache, key, ua is not None and ub is not None and ua != ub)
    return found


def attainment_level(text: str | None, pack: RulePack) -> str | None:
    """achieved | partial | failed for a qualitative actual ('部分达成指标并具有一定效果' -> partial)."""
    if not text:
        return None
    cache = memo(pack, "attainment_level")
    if text in cache:
        return cache[text]
    t = "".join(text.split())
    level = None
    # most specific first: 未达成 and 部分达成 both contain 达成
    if not t:
        level = None
    elif word_hit(pack, "attainment_failed", t):
        level = "failed"
    elif word_hit(pack, "attainment_partial", t):
        level = "partial"
    elif word_hit(pack, "attainment_achieved", t):
        level = "achieved"
    if len(cache) < 10000:
        cache[text] = level
    return level


def is_none_word(text: str | None, pack: RulePack) -> bool:
    """The actual says nothing happened or exists ('无', '没有', '零', '暂无'): a whole-cell word."""
    return bool(text) and key(text).strip("。.") in word_set(pack, "none_words")


def is_negated_target(text: str | None, pack: RulePack) -> bool:
    """A target that is itself a nil or a ban ('无重大安全事故', '杜绝违规', '不发生…'): '无' meets it."""
    return bool(text) and first_hit(pack, "negated_target_markers", key(text)) is not None


def category(ind: Indicator, pack: RulePack) -> str | None:
    """The 一级 block an indicator counts toward: output | benefit | satisfaction (None if unknown).

    The 一级 label is used when it maps; otherwise the 二级 label (数量/质量/时效/成本 -> 产出 ...);
    a '满意度' name wins over both (labels of merged cells slide onto neighbouring rows).
    成本指标 counts toward 产出 as in 财预〔2020〕10号 附件.
    """
    return categories([ind], pack)[0]


def categories(rows: list[Indicator], pack: RulePack) -> list[str | None]:
    """category() of each row, cached per pack by (name, 一级, 二级): S007 asks it of every top row."""
    cache = memo(pack, "category")
    out = []
    for ind in rows:
        key = (ind.name, ind.level1, ind.level2)
        found = cache.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = _remember(cache, key, _category(ind.name, ind.level1, ind.level2, pack))
        out.append(found)
    return out


def _category(name: str | None, level1: str | None, level2: str | None, pack: RulePack) -> str | None:
    """category() from the only fields it depends on (cached per pack by the caller)."""
    name = fold(name or "")
    if any(m in name for m in ("满意度", "满意率")):
        return "satisfaction"  # the name outranks a merged-cell label that slid onto this row
    for label, table in ((level1, "level1_categories"), (level2, "level2_categories")):
        if not label:
            continue
        flat = key(label)
        for cat, markers in mapping(pack, table).items():
            if any(str(m) in flat for m in (markers or [])):
                return str(cat)
    if "满意" in name:
        return "satisfaction"
    return None
