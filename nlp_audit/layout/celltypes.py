"""What a table cell holds, judged from its content alone: the first step of reading a table the
way an auditor does (cells -> roles -> rows -> form).

Why content first: real forms rename, garble, wrap or drop their column headers, but a cell that
reads "≥95%" is a target-like value wherever it sits, "5" is a weight or a score, "产出指标(50分)" is
a category with its block weight, and a sentence with 原因/措施 is a deviation reason. The decoder
(``decode.py``) turns these classes into roles with the help of the other rows; the header, when it
is recognised, only raises the prior of one column order.

Every class is a pure function of the cell's folded text, cached: the same cells recur in every form
of a batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..caching import text_cache
from ..quantities import read_cell
from .categories import is_scrambled_label
from .lexicon import lex

# The classes (one per cell). Value classes first, then text classes.
EMPTY = "EMPTY"  # blank cell (a merged cell, a blank reason)
DASH = "DASH"  # "-", "/", "—": a cell deliberately left empty
SMALL = "SMALL"  # a bare number that can be a weight or a score (<= 100, at most 2 decimals)
BIG = "BIG"  # a bare number too large or too precise for a weight (a count, an amount)
PCT = "PCT"  # a bare percentage "95%", "95.00(%)"
OPQ = "OPQ"  # a comparator with a number: "≥95%", ">=21960人", "不低于90%", "≤50万元"
QTY = "QTY"  # a number with a unit: "21975人", "57.22万元"
QUAL = "QUAL"  # a qualitative value: 达成指标, 显著提高, 已完成, 是
DATE = "DATE"  # a deadline or date: "12月", "2023年12月底前"
OP = "OP"  # a comparator alone, or 定性/定量 (the 指标性质 column)
UNIT = "UNIT"  # a unit alone: "%", "人", "万元" (the 度量单位 column)
CAT1 = "CAT1"  # a 一级指标 label (产出指标, possibly with its block weight "(50分)")
CAT2 = "CAT2"  # a 二级指标 label (数量指标, 社会效益指标 ...)
HDR = "HDR"  # a column header (年度指标值, 分值 ...) or a section label (绩效指标)
SECT = "SECT"  # a block weight alone: "(50分)"
NAME = "NAME"  # a short text: most likely an indicator name
PROSE = "PROSE"  # a sentence (punctuation, length): a reason, a prose target, a long name
REASON = "REASON"  # a text with the vocabulary of a deviation reason (原因, 由于, 措施, 无, 暂无)
RULE = "RULE"  # scoring-rule prose (a 得分计算方法 cell): "完成得满分,每降低1%扣0.5分", "得分=分值×B/A"
PLACE = "PLACE"  # template text left in the cell: 指标1, ……, XX
FRAG = "FRAG"  # a piece of a wrapped or vertically printed category label: "指标", "度指", "标"
PROJ = "PROJ"  # a project's name in the 项目名称 column of a table shared by several projects
GARBLED = "GARBLED"  # digits that cannot be read as printed (OCR: "290%" for "≥90%" is not this;
#                      ".32.06.5" is, and so is a bare run of 16+ digits, larger than any figure of a
#                      form): a value cell that must be reported, never guessed

VALUE_CLASSES = frozenset({SMALL, BIG, PCT, OPQ, QTY, QUAL, DATE, GARBLED})
TEXT_CLASSES = frozenset({NAME, PROSE, REASON, PLACE})

_WS = re.compile(r"\s+")
_DASHES = re.compile(r"^[-/—–\\_~、]+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_SENTENCE = re.compile(r"[,，;；。、:：!！?？]")
_SECT_ONLY = re.compile(r"^[((]\d+(?:\.\d+)?分[))]$")
_PUNCT_ONLY = re.compile(r"^[()（）\[\]【】、,，.。:：;；*★☆]+$")
_SECT_TAIL = re.compile(r"[((]\s*\d+(?:\.\d+)?\s*分\s*[))]$")
_COMPARATOR_ONLY = re.compile(r"^(?:>=|<=|≥|≤|>|<|=|≠|定性|定量|正向|反向|正向指标|反向指标)$")
_GARBLED_DIGITS = re.compile(r"^\.?\d+\.\d+\.\d|^\.\d|^\d{16,}+(?:\.\d*)?$")
_PLACEHOLDER = re.compile(r"^(?:指标\s*[0-9一二三四五六七八九十]+\s*[:：]?|…{2,}|\.{3,}|[xX×╳]{2,})$")


@dataclass(frozen=True, slots=True)
class CellType:
    """The content class of one cell, with what the decoder needs to weigh it."""

    cls: str
    key: str  # folded text, whitespace removed
    value: float | None = None  # the number of a value class
    unit: str | None = None
    op: str | None = None
    cat: tuple[str | None, str | None] | None = None  # (一级, 二级) of a category label
    block_weight: float | None = None  # "产出指标(50分)" -> 50


def fold_key(text: str) -> str:
    """The matching key of a cell: folded (NFKC, traditional -> simplified), whitespace and pipes removed,
    and the extraction noise of the lexicon dropped (pinyin glosses "項(xiàng)目" -> "项目")."""
    lx = lex()
    key = lx.fold_key(text)
    for noise in lx.noise:
        key = noise.sub(key)
    return key


@text_cache(maxsize=16384, max_chars=1000)  # the key and the CellType hold the text twice
def cell_type(text: str) -> CellType:
    """The class of a cell's text (raw or folded: folding is idempotent)."""
    key = fold_key(text)
    return _classify(key)


def _classify(key: str) -> CellType:
    if not key or not key.strip("|"):
        return CellType(EMPTY, "")
    if _DASHES.match(key) or _PUNCT_ONLY.match(key):
        return CellType(DASH, key)  # a dash, or stray brackets of a label broken over lines
    if _PLACEHOLDER.match(key):
        return CellType(PLACE, key)
    cat = category_of_key(key)
    if cat is not None:
        (l1, l2), weight = cat
        return CellType(CAT2 if l2 is not None else CAT1, key, cat=(l1, l2), block_weight=weight)
    if _is_fragment(key) or is_scrambled_label(key):
        return CellType(FRAG, key)
    if _SECT_ONLY.match(key):
        return CellType(SECT, key, value=float(re.search(r"\d+(?:\.\d+)?", key).group()))
    if is_header_key(key):
        return CellType(HDR, key)
    if _COMPARATOR_ONLY.match(key):
        return CellType(OP, key, op=key)
    if _is_unit_only(key):
        return CellType(UNIT, key, unit=key.strip("()（）"))
    if _REASON_WHOLE.match(key):
        return CellType(REASON, key)  # "无", "暂无", "已完成": what a deviation-reason cell says when empty
    value_like = _value_like(key)
    if value_like is not None:
        return value_like
    if is_scoring_rule(key):
        return CellType(RULE, key)  # (a text: the numbers of "每降低1%扣0.5分" are no value of the row)
    return CellType(_text_class(key), key)


def _value_like(key: str) -> CellType | None:
    """A value class when the cell is a value (a number with its comparator/unit, a qualitative word,
    a date); None when it is text (a name or a sentence that merely contains a number)."""
    if _GARBLED_DIGITS.match(key):
        return CellType(GARBLED, key)
    if len(key) > 24 and _CJK.search(key):
        return None  # a sentence with numbers in it ("全年救助87人次,救助资金30万元") is text
    d = _VALUE_TAIL.search(key)
    if d is not None and len(_CJK.findall(key, 0, d.start())) >= 4 and not _VALUE_HEAD.fullmatch(key[: d.start()]):
        return None  # a name that states its target ("年度资金支付完成率100%"), not a value cell
    if _QUAL_SHAPE.match(key):
        return CellType(QUAL, key)  # "较上年服务人次明显增加": a direction, whatever number it names
    cv = read_cell(key)
    if cv.value is not None and _trailing_text(key, cv.unit):
        return None  # "3处以上偏远山区村落": a name that starts with a number, not a value
    if cv.unread:
        return CellType(GARBLED, key) if _DIGIT.search(key) and not _CJK.search(key) else None
    if cv.qualitative is not None and cv.value is None:
        if cv.qualitative in ("定性", "定量"):
            return CellType(OP, key, op=key)
        # a qualitative value is the whole cell ("达成指标", "显著提高"), not a name or a reason that
        # contains one ("服务站建设完成数量", "低保对象实行动态管理")
        if _is_qualitative_word(key):
            return CellType(QUAL, key)
        return None
    if cv.value is None:
        if _DIGIT.search(key) and cv.unit in ("年", "月", "日") or cv.op is not None and cv.unit in ("年", "月", "日"):
            return CellType(DATE, key, op=cv.op)
        if _DIGIT.search(key) and len(key) <= 12 and re.search(r"\d月|\d日|年底|月底|年内", key):
            return CellType(DATE, key)
        return None
    if cv.unit in ("年", "月", "日") and (cv.op in ("<=", "<") or re.search(r"前|底|以内", key)):
        return CellType(DATE, key, cv.value, cv.unit, cv.op)
    if cv.op not in (None, "unknown", "qual"):
        return CellType(OPQ, key, cv.value, cv.unit, cv.op)
    if cv.unit == "%":
        return CellType(PCT, key, cv.value, "%")
    if cv.unit:
        if cv.unit == "分" and cv.value <= 100:
            return CellType(SMALL, key, cv.value, "分")  # "10分" in a 分值 column
        return CellType(QTY, key, cv.value, cv.unit)
    v = cv.value
    decimals = len(key.partition(".")[2]) if "." in key else 0
    if 0 <= v <= 100 and decimals <= 2 and not key.startswith("0") or key in ("0", "0.0", "0.00") \
            or key.startswith("0.") and decimals <= 2:
        return CellType(SMALL, key, v)
    return CellType(BIG, key, v)


_LEAD_NUMBER = re.compile(r"^\D{0,4}?\d[\d.,]*")
_AFTER_VALUE = re.compile(r"^\s*(?:以上|以下|以内|左右|及以上|及以下|之内)?")


def _trailing_text(key: str, unit: str | None) -> bool:
    """Six or more characters of text after a cell's leading number, its unit and comparator word."""
    m = _LEAD_NUMBER.match(key)
    if m is None:
        return False
    rest = key[m.end():].lstrip()
    if unit and rest.startswith(unit):
        rest = rest[len(unit):]
    elif rest[:1] in "个人户次项座家所名处条台套":
        rest = rest[1:]  # a measure word the reader did not take as the unit
    rest = rest[_AFTER_VALUE.match(rest).end():]
    # (a date or a range goes on in digits; "3个工作日内", "12月底前完成" are time limits)
    return not _DIGIT.search(rest) and len(_CJK.findall(rest)) >= 6 and not _TIME_LIMIT_TAIL.search(rest)


_TIME_LIMIT_TAIL = re.compile(r"(?:内|前|完成|完工|办结|到位|以上|以下)$")


_VALUE_TAIL = re.compile(r"(?:>=|<=|≥|≤|>|<|=)?\d[\d.,]*[^\d]{0,6}$")
_VALUE_HEAD = re.compile(r"(?:>=|<=|≥|≤|>|<|=)?(?:不低于|不少于|不超过|不高于|不大于|不小于|大于|小于|低于|高于|达到|超过|约|"
                         r"同比|较上年|比上年|较去年|控制在|确保|力争|完成|实现)*")
# a direction phrase: a comparison ("较上年服务人次明显增加") or a degree word ("明显改善") before the direction
_QUAL_SHAPE = re.compile(r"^(?:(?:同比|较上年度?|较去年|比上年|较上一年度?).{0,10}|.{0,4}(?:显著|明显|有效|稳步|逐步|持续|不断|"
                         r"进一步|有所|大幅))(?:提升|提高|改善|增强|增加|下降|降低|减少)$")
# a direction phrase closing a longer cell: the target glued to its name in a fused line
_QUAL_TAIL = re.compile(r"(?:同比|较上年度?|较去年|比上年|较上一年度?)[^,，。;；]{0,10}?(?:显著|明显|有效|稳步|逐步|持续|不断|"
                        r"进一步|有所|大幅)?(?:提升|提高|改善|增强|增加|下降|降低|减少)$")


def qualitative_tail(key: str) -> int | None:
    """Where a direction phrase ("较上年服务人次明显增加") starts at the end of a longer text, or None."""
    m = _QUAL_TAIL.search(key)
    return m.start() if m is not None and m.start() >= 4 else None


# How a score is computed, the words of a 得分计算方法 cell: full marks on a condition, deductions per
# shortfall, proportional scoring, a formula over the weight, grading bands. A rule says what would
# happen; a deviation reason says what did and why (原因, 由于, 措施...), and a name names what is measured.
_RULE_WORDS = re.compile(
    r"[得记计给]满分|不得分|不计分|[得记计]0分|扣完为止|扣\d+(?:\.\d+)?分|按[^,，;；。]{0,20}?[计记赋]分|"
    r"[计记赋]分(?:原则|标准|办法|方法|[,，;；。]|$)|得分\s*[=＝]|分值\s*[×*xX]|"
    r"(?:[×*]|乘以)\s*(?:该指标|本项|该项)?(?:分值|权重)|"
    r"分[二三四五两]档|每(?:降低|减少|低于|少|延期|推迟|超过|超出|增加|下降|高于|偏离|差)[^,，;；。]{0,12}?扣")
_RULE_MIN = 5  # characters: "扣1分" alone is a note on a score, not a rule
_CAUSE_WORDS = re.compile(r"原因|由于|因为|导致|造成|措施|改进|下一步|今后|将进一步|加强|加大|疫情|受.{1,8}影响")


def rule_words() -> re.Pattern[str]:
    """The words of a scoring rule (where to look for one in a longer text)."""
    return _RULE_WORDS


def is_scoring_rule(key: str) -> bool:
    """Scoring-rule prose: a text that says how the row's score is computed ("达成年度指标得满分,未达成不
    得分", "每延期1个月扣0.5分", "得分=分值×实际完成值/目标值"). It holds numbers that are no value of the
    row and is neither its name (a name measures something: …率, …性) nor its deviation reason (which
    gives causes: 原因, 由于, 措施)."""
    return len(key) >= _RULE_MIN and ("分" in key or "扣" in key or "权重" in key) \
        and _RULE_WORDS.search(key) is not None and _CAUSE_WORDS.search(key) is None and not is_measure_name(key)


_REASON_WORDS = re.compile(
    r"原因|由于|因为|导致|造成|措施|改进|下一步|今后|将进一步|加强|加大|完善|尚未|未能|未完成|偏差|受.{1,8}影响|疫情")
_REASON_WHOLE = re.compile(r"^(?:无|暂无|无偏差|没有|已完成|不存在|无差异|正常|/)$")


def is_bare_verdict(key: str) -> bool:
    """A cell that is only a verdict word ("无", "已完成", "正常"): what an empty reason cell says, and as
    often a qualitative actual."""
    return _REASON_WHOLE.match(key) is not None
_NAME_TAILS = re.compile(r"(?:率|数|量|度|数量|人数|次数|面积|长度|成本|标准|时间|时限|规模|金额|资金|个数|户数|里程|效益|影响|情况|覆盖|水平)"
                         r"(?:[((][^()（）]{0,12}[))])?$")


@lru_cache(maxsize=1)
def _qual_words() -> frozenset[str]:
    from ..quantities.lexicon import lexicon

    return frozenset(w for w in (*lexicon().qualitative, *lex().qual) if len(w) >= 1)


_FULL_COVERAGE = re.compile(r"^(?:应|能)(.{1,2})尽\1$")  # 应保尽保, 应改尽改, 能收尽收: "all that should be"


def _is_qualitative_word(key: str) -> bool:
    """A cell that is a qualitative value: a word of the lexicons ("达成指标", "有效改善"), a direction
    phrase ("较上年显著提高"), or a known word with a short modifier ("全面完成", "稳步提升")."""
    words = _qual_words()
    if key in words or _QUAL_SHAPE.match(key) or _FULL_COVERAGE.match(key):
        return True
    if len(key) > 8 or _NAME_TAILS.search(key):
        return False
    # a known word of two or more characters opening or closing the cell, at most two characters besides
    # it (looked up by its length, not by scanning the lexicon: every short cell of every form asks)
    n = len(key)
    return any(key[:m] in words or key[n - m :] in words for m in range(max(2, n - 2), n + 1))


def is_measure_name(key: str) -> bool:
    """A short name ending in what an indicator measures (…率, …性, …人数, …面积): it names a row, and is
    almost never the target or the actual of one (a qualitative value says how, not what)."""
    return len(key) >= 4 and bool(_MEASURE_TAIL.search(key))


_MEASURE_TAIL = re.compile(_NAME_TAILS.pattern.replace("(?:率|", "(?:率|性|", 1))


_FUNDS_SECTION = re.compile(r"预算|执行")  # "预算执行(10分)" heads the funds block, not an indicator block


def _ends_in_qualitative(key: str) -> bool:
    """The cell ends in a qualitative value ("健全达成指标": a target and an actual glued): not a label."""
    return _qual_tail().search(key) is not None


@lru_cache(maxsize=1)
def _qual_tail() -> re.Pattern[str]:
    words = sorted((w for w in _qual_words() if len(w) >= 2), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")$")


def _text_class(key: str) -> str:
    if _REASON_WHOLE.match(key) or _REASON_WORDS.search(key) and not _NAME_TAILS.search(key):
        return REASON
    if len(key) > 30 or len(_SENTENCE.findall(key)) >= 2 or len(key) > 16 and _SENTENCE.search(key):
        return PROSE
    return NAME


def _is_fragment(key: str) -> bool:
    lx = lex()
    return len(key) <= 4 and not _DIGIT.search(key) and (key in lx.cat_prefixes or key in lx.cat_suffixes) \
        and key not in lx.qual


def is_header_key(key: str) -> bool:
    """A column name the lexicon knows, or one shaped like a column name."""
    lx = lex()
    hit = lx.labels.get(key)
    if hit is not None and (hit[0] in ("tcol", "tsection", "header") or hit[0] == "fcol" and hit[1] in ("weight", "score")):
        return True  # a column name, or a header field's label heading a column (项目名称)
    return _looks_like_header(key)


_HEADER_SHAPE = re.compile(
    r"^(?:[一二三]级指标|[一二三]级|指标名称|指标内容|绩效指标|年度指标值.*|.{0,6}指标值(?:[((][A-Za-z]+[))])?|.{0,4}目标值.*|"
    r".{0,6}完成值(?:[((][A-Za-z]+[))])?|实际值.*|分值.*|权重.*|得分.*|.{0,4}偏差原因.*|未完成原因.*|度量单位|计量单位|"
    r"指标性质|单位|备注)$")


# the words of a header run together with no separators ("一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分")
_HEADER_WORD = re.compile(
    r"[一二三]级指标|指标名称|指标内容|[\u4e00-\u9fff]{0,4}(?:指标值|目标值|完成值|实际值)(?:[((][A-Za-z]+[))])?|"
    r"分值|权重|得分|偏差原因|未完成原因|度量单位|计量单位|指标性质|备注")


def _looks_like_header(key: str) -> bool:
    """Header-shaped words the lexicon may not list (年度指标值(A), 全年完成值(B), 权重(%)): short, and
    made of the vocabulary column headers use; or several such words run together (a fused header line,
    a second block's header inside a table). A hint for the decoder, not a column assignment."""
    if len(key) <= 16 and _HEADER_SHAPE.match(key):
        return _FORMULA.search(key) is None  # ("得分=分值×B/A" is a scoring rule, not the 得分 column's name)
    if not 8 <= len(key) <= 80:
        return False
    words = _HEADER_WORD.findall(key)
    return len(words) >= 3 and sum(map(len, words)) >= 0.8 * len(key)


_FORMULA = re.compile(r"[=＝×*]")


@lru_cache(maxsize=1)
def unit_words() -> frozenset[str]:
    """What a cell holding only a unit may say: the layout's unit words and every unit the quantity grammar
    reads after a number ("‰", "㎡", "千米", "个百分点": one list of units for cells and prose), less the
    few that are also the nouns of a form's labels (部门, 乡镇, 家庭: "主管 / 部门" wrapped over two lines)."""
    from ..quantities.lexicon import lexicon

    units = set(lex().raw.get("fused_units", []))
    aliases = lexicon().unit_alias
    grammar = {u for u in (*aliases, *aliases.values()) if u not in _LABEL_NOUNS}
    return frozenset({u.strip("()（）") for u in units} | grammar | {
        "%", "％", "元/人", "人次", "万元", "元", "个", "项", "百分比", "百分率", "%(百分比)"})


_LABEL_NOUNS = frozenset({"部门", "个部门", "乡镇", "个乡镇", "家庭", "类", "度", "位", "门", "部", "口", "对", "双", "周",
                          "班", "队", "字", "章", "回", "轮", "遍", "组", "眼", "首", "页", "间", "平方", "兆"})


def _is_unit_only(key: str) -> bool:
    k = key.strip("()（）")
    if not k:
        return False
    if k in unit_words() or k.startswith("%(") or _PER_HEAD_MONEY.fullmatch(k) is not None:
        return True
    # a unit written as a word with the comparator after it ("90 百分比以上", "4200 人次以上"): the unit of the
    # number before it, which the comparator word follows
    head = _comparator_tail(k)
    return head is not None and head in unit_words()


@lru_cache(maxsize=1)
def _suffix_ops() -> tuple[str, ...]:
    from ..quantities.lexicon import lexicon

    return tuple(sorted(lexicon().suffix_ops, key=len, reverse=True))


_PER_HEAD_MONEY = re.compile(r"万?元/[\u4e00-\u9fff]{1,3}")


@lru_cache(maxsize=1)
def _suffix_op_ends() -> frozenset[str]:
    """The last characters of the comparator words: a cell ending in none of them has no such word (the
    test every unit-like cell asks first, instead of trying each word)."""
    return frozenset(op[-1:] for op in _suffix_ops())


def _comparator_tail(k: str) -> str | None:
    """``k`` without a comparator word at its end ("以上", "及以下"), or None when it has none."""
    ends = _suffix_op_ends()
    if k[-1:] not in ends and "" not in ends:  # ("" would be an empty word, which ends every cell)
        return None
    for op in _suffix_ops():
        if k.endswith(op) and len(k) > len(op) and op not in ("内",):
            return k[: -len(op)]
    return None


# --- categories ----------------------------------------------------------------------------------------

_STEMS = (
    ("满意", ("满意度指标", "服务对象满意度指标")),
    ("可持续", ("效益指标", "可持续影响指标")),
    ("生态", ("效益指标", "生态效益指标")),
    ("环境效益", ("效益指标", "生态效益指标")),
    ("经济效益", ("效益指标", "经济效益指标")),
    ("社会效益", ("效益指标", "社会效益指标")),
    ("数量", ("产出指标", "数量指标")),
    ("质量", ("产出指标", "质量指标")),
    ("时效", ("产出指标", "时效指标")),
    ("进度", ("产出指标", "时效指标")),
    ("成本", ("产出指标", "成本指标")),
    ("产出", ("产出指标", None)),
    ("效益", ("效益指标", None)),
)
_CAT_SUFFIX = re.compile(r"(?:指标|目标|类指标)?$")


@lru_cache(maxsize=16384)
def category_of_key(key: str) -> tuple[tuple[str | None, str | None], float | None] | None:
    """((一级, 二级), block weight) of a category label, or None (cached: the pieces of vertically printed
    labels are joined and asked again on every form; the cache is dropped with the lexicon's).

    The lexicon's labels first; then labels it does not list, read from their stems the way an
    auditor reads them: a short cell made of a category stem and 指标/目标 ("产出数量指标", "日效性指标"
    typo'd, "社会效益目标"), with an optional block weight "(50分)". A longer cell is a name even when
    it holds a stem ("服务对象满意度" is both: the lexicon decides)."""
    weight = None
    m = _SECT_TAIL.search(key) if "分" in key else None  # (the weight's 分 first: a search scans the whole key)
    core = key
    if m:
        weight = float(re.search(r"\d+(?:\.\d+)?", m.group()).group())
        core = key[: m.start()]
    core = core.strip(":：")
    hit = lexicon_category(core)
    if hit is not None:
        return hit, weight
    if not core or len(core) > 9 or _DIGIT.search(core):
        return None
    stem = _CAT_SUFFIX.sub("", core, count=1)
    pair = _stem_pair(stem)
    if pair is not None:
        return pair, weight  # "产出数量", "效益社会效益": a 一级 stem and a 二级 stem, nothing else
    if not (core.endswith("指标") or core.endswith("目标") or core.endswith("类") or weight is not None):
        return None
    if not stem or len(stem) > 7:
        return None
    for word, cat in _STEMS:
        rest = stem.replace(word, "", 1) if word in stem else None
        if rest is not None and (rest in _STEM_MODIFIERS or word == "满意" and rest in _SATISFACTION_SUBJECTS):
            return cat, weight
    named_block = core.endswith("指标") or core.endswith("类") and not core.endswith("分类")  # (主题分类: a field)
    if (weight is not None or named_block) and not is_measure_name(core) \
            and not is_header_key(core) and not _ends_in_qualitative(core) and not _FUNDS_SECTION.search(core) \
            and not any(lexicon_category(core[i:]) for i in range(1, len(core) - 1)):  # text glued to a label
        # a short label carrying a block weight ("项目效果(25分)", "满意度评价(10分)") or named a 指标/类
        # ("长期影响指标", "效果类") heads a block whatever its words; a stem inside it says which
        return next((cat for word, cat in _STEMS if word in core), (None, None)), weight
    if core in ("决策", "过程", "管理", "决策指标", "过程指标", "管理指标"):
        return ("过程", None), weight
    similar = _similar_label(core)
    return (similar, weight) if similar is not None else None


# what may surround a category stem in a label the lexicon lacks: "时效性", "质量类", "满意度"
_STEM_MODIFIERS = frozenset({"", "性", "类", "度", "方面", "性影响", "影响"})
_SATISFACTION_SUBJECTS = frozenset({"度", "服务对象满意度".replace("满意", ""), "群众度", "公众度", "受益对象度",
                                    "社会公众或服务对象度", "服务对象", "群众", "受益群众度"})


def _similar_label(core: str) -> tuple[str | None, str | None] | None:
    """A typo'd label one character away from a known one ("日效性指标" for 时效性指标)."""
    if len(core) < 4:
        return None
    lx = lex()
    for known in (*lx.level2, *lx.level1):
        if len(known) == len(core) >= 4 and sum(a != b for a, b in zip(known, core, strict=True)) == 1:
            return lexicon_category(known)
    return None


def _stem_pair(stem: str) -> tuple[str | None, str | None] | None:
    for w1, (l1, _none) in _STEMS[-2:]:
        if stem.startswith(w1) and len(stem) > len(w1):
            rest = stem[len(w1):]
            for w2, cat in _STEMS[:-2]:
                if rest == w2 and cat[0] == l1:
                    return cat
    return None


def lexicon_category(k: str) -> tuple[str | None, str | None] | None:
    """(一级, 二级) of a label the lexicon lists (a 二级 name first: it also says its 一级)."""
    lx = lex()
    if k in lx.level2 and k not in lx.level1:
        l2, l1 = lx.level2[k]
        return (l1, l2)
    if k in lx.level1:
        return (lx.level1[k], None)
    if k in lx.level2:
        l2, l1 = lx.level2[k]
        return (l1, l2)
    return None
