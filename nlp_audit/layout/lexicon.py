"""The layout lexicon (rules/lexicons/layout.yaml), loaded once and compiled into matchers.

Why a module of its own: every other layout module matches labels, and all of them must agree on
the same folded spelling; compiling the alternations once keeps parsing fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from ..packs import load_lexicon_file

_WS = re.compile(r"\s+")


def _alt(words: list[str]) -> str:
    """One regex matching the longest of ``words`` at a position, written as a trie.

    Why a trie: a flat alternation of ~200 labels is tried word by word at every CJK character; the
    trie checks one character per level (same matches, several times faster on a whole file).
    """
    trie: dict = {}
    for w in {w for w in words if w}:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _emit(trie)


def _emit(node: dict) -> str:
    kids = sorted(ch for ch in node if ch)
    if not kids:
        return ""
    alts = [re.escape(ch) + _emit(node[ch]) for ch in kids]
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass(slots=True)
class Lexicon:
    raw: dict
    trad: dict[str, str] = field(default_factory=dict)
    noise: list[Noise] = field(default_factory=list)
    # key (compact, folded) -> (family, name)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    label_re: re.Pattern[str] | None = None
    level1: dict[str, str] = field(default_factory=dict)  # alias -> 一级
    level2: dict[str, tuple[str, str]] = field(default_factory=dict)  # alias -> (二级, 一级)
    cat_re: re.Pattern[str] | None = None
    cat_prefixes: set[str] = field(default_factory=set)
    cat_suffixes: set[str] = field(default_factory=set)
    name_cues: list[tuple[str, str]] = field(default_factory=list)
    qual: set[str] = field(default_factory=set)
    qual_re: re.Pattern[str] | None = None
    placeholders: list[re.Pattern[str]] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    title_re: re.Pattern[str] | None = None
    title_kind: dict[str, str] = field(default_factory=dict)
    grades: list[str] = field(default_factory=list)
    families: dict = field(default_factory=dict)
    header_fragments: dict[str, str] = field(default_factory=dict)
    goal_weight: set[str] = field(default_factory=set)  # goal labels that head a weighted block
    narr_re: re.Pattern[str] | None = None  # plan/result cue words (narratives.split_point)
    narr_class: dict[str, str] = field(default_factory=dict)  # cue -> "plan" | "result"
    _cache: dict[str, str] = field(default_factory=dict)
    _table: dict[int, str] | None = None
    _keys: dict[str, str] = field(default_factory=dict)

    def fold_key(self, s: str) -> str:
        """Folded matching key: NFKC, traditional -> simplified, whitespace and '|' removed (cached)."""
        r = self._keys.get(s)
        if r is not None:
            return r
        if self._table is None:
            from .normtext import FoldTable

            self._table = FoldTable(self._fold1)
        r = _WS.sub("", s.translate(self._table)).replace("|", "")
        if len(s) <= 64:
            if len(self._keys) > 50000:
                self._keys.clear()
            self._keys[s] = r
        return r

    def _fold1(self, c: str) -> str:
        r = self._cache.get(c)
        if r is None:
            n = unicodedata.normalize("NFKC", c)
            if len(n) != 1:
                n = c
            r = self._cache[c] = self.trad.get(n, n)
        return r


@dataclass(frozen=True, slots=True)
class Noise:
    """A noise pattern of the lexicon; ``needs`` is a literal every match contains (a cheap pre-test)."""

    pattern: re.Pattern[str]
    needs: str = ""

    def may_occur(self, text: str) -> bool:
        return not self.needs or self.needs in text

    def sub(self, text: str) -> str:
        return self.pattern.sub("", text) if self.may_occur(text) else text


def _noise_pattern(entry: str | dict) -> Noise:
    if isinstance(entry, dict):
        return Noise(re.compile(entry["pattern"]), str(entry.get("needs", "")))
    return Noise(re.compile(entry))


# Keys of the layout lexicon that name column headers: emptied by ``without_header_aliases`` to measure
# how the parser reads a table from its cells alone (issue 8: the header is a hint, never a precondition).
HEADER_ALIAS_KEYS = ("table_columns", "funds_columns", "header_fragments", "families")

_override: list[Lexicon] = []


@lru_cache(maxsize=1)
def gloss_re() -> re.Pattern[str] | None:
    """The lexicon's pattern of a pinyin gloss printed after a traditional character ("(bào)"), or None."""
    pat = lex().raw.get("gloss")
    return re.compile(pat) if pat else None


def lex() -> Lexicon:
    """The layout lexicon in force (the built-in one, or the one ``without_header_aliases`` swapped in)."""
    return _override[-1] if _override else _builtin()


@contextmanager
def without_header_aliases() -> Iterator[Lexicon]:
    """Parse with every column-header alias removed (the parser then sees no known header name).

    A development tool for the perturbation suite: the derived caches of the layout package are
    dropped on entry and on exit, so nothing computed under one lexicon leaks into the other."""
    d = dict(load_lexicon_file("layout.yaml"))
    for key in HEADER_ALIAS_KEYS:
        value = d.get(key)
        d[key] = {k: [] for k in value} if key in ("table_columns", "funds_columns") and value else {}
    _override.append(_build(d))
    _clear_derived_caches()
    try:
        yield _override[-1]
    finally:
        _override.pop()
        _clear_derived_caches()


def _clear_derived_caches() -> None:
    import importlib
    import pkgutil

    from .. import layout

    for info in pkgutil.iter_modules(layout.__path__):
        mod = importlib.import_module(f"{layout.__name__}.{info.name}")
        for obj in vars(mod).values():
            if callable(getattr(obj, "cache_clear", None)) and obj is not _builtin:
                obj.cache_clear()
        kinds = getattr(mod, "_KINDS", None)
        if isinstance(kinds, dict):
            kinds.clear()


@lru_cache(maxsize=1)
def _builtin() -> Lexicon:
    return _build(load_lexicon_file("layout.yaml"))


def _build(d: dict) -> Lexicon:
    lx = Lexicon(raw=d)
    # the shared one-to-one table (rules/lexicons/traditional.yaml, OpenCC) first, this lexicon's own pairs
    # over it: converted pages use any character (場, 個), not only the ones of the labels
    pairs = [*str(load_lexicon_file("traditional.yaml").get("pairs", "")).split(),
             *(d.get("traditional") or "").split()]
    for p in pairs:
        if len(p) == 2:
            lx.trad[p[0]] = p[1]
    for k, v in (d.get("lookalikes") or {}).items():
        lx.trad[k] = v
    lx.noise = [_noise_pattern(p) for p in d.get("noise", [])]

    def add(family: str, name: str, words: list[str]) -> None:
        for w in words:
            key = lx.fold_key(w)
            if key and key not in lx.labels:
                lx.labels[key] = (family, name)

    for fld, words in d["header_fields"].items():
        add("header", fld, words)
    add("stop", "stop", d.get("header_stop_labels", []))
    for col, words in d["funds_columns"].items():
        add("fcol", col, words)
    add("ftotal", "total", d.get("funds_total_rows", []))
    add("fpart", "part", d.get("funds_part_rows", []))
    add("goal", "goal", d.get("goal_labels", []) + d.get("goal_weight_labels", []))
    add("actual", "actual", d.get("actual_labels", []))
    for col, words in d["table_columns"].items():
        add("tcol", col, words)
    add("tsection", "section", d.get("table_section_labels", []))
    add("tend", "end", d.get("table_end_labels", []))
    add("total", "total", d.get("total_labels", []))
    add("grade", "grade", d.get("grade_labels", []))
    lx.label_re = re.compile(_alt(list(lx.labels)))

    for l1, aliases in d["level1"].items():
        for a in [l1, *aliases]:
            lx.level1.setdefault(lx.fold_key(a), l1)
    for l2, (l1, aliases) in d["level2"].items():
        for a in [l2, *aliases]:
            lx.level2.setdefault(lx.fold_key(a), (l2, l1))
    cats = list(lx.level1) + list(lx.level2)
    lx.cat_re = re.compile(_alt(cats))
    for c in cats:
        for i in range(1, len(c)):
            lx.cat_prefixes.add(c[:i])
            lx.cat_suffixes.add(c[i:])
            for j in range(i + 1, min(len(c), i + 3)):
                lx.cat_suffixes.add(c[i:j])  # short inner pieces of a wrapped label ("度指")
    lx.name_cues = [(lx.fold_key(a), b) for a, b in d.get("name_cues", [])]
    lx.qual = {lx.fold_key(q) for q in d.get("qualitative_values", [])}
    lx.qual_re = re.compile(_alt(list(lx.qual)))
    lx.placeholders = [re.compile(p) for p in d.get("placeholders", [])]
    lx.prompts = [lx.fold_key(p) for p in d.get("prompts", [])]
    kinds: dict[str, str] = {}
    for kind, words in d["titles"].items():
        for w in words:
            kinds[lx.fold_key(w)] = kind
    lx.title_kind = kinds
    lx.title_re = re.compile(_alt(list(kinds)))
    lx.grades = sorted((lx.fold_key(g) for g in d.get("grades", [])), key=len, reverse=True)
    lx.families = d.get("families", {})
    lx.header_fragments = {lx.fold_key(k): v for k, v in (d.get("header_fragments") or {}).items()}
    lx.goal_weight = {lx.fold_key(w) for w in d.get("goal_weight_labels", [])}
    split = d.get("narrative_split") or {}
    for cls in ("plan", "result"):
        for w in split.get(cls, []):
            lx.narr_class[lx.fold_key(w)] = cls
    lx.narr_re = re.compile(_alt(list(lx.narr_class)))
    return lx
