"""The compiled lexicon of the writing and batch checks (G001-G004, B001-B002).

Why a module of its own: the G rules run on every form and must cost microseconds, so every list
of rules/lexicons/writing.yaml is compiled once into regexes and sets, overlaid with a pack's
``lexicons: {writing: {...}}``, and cached per override. The 二级指标 name cues and category
aliases are read from rules/lexicons/layout.yaml (the parser's own lexicon), never copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..text import key

if TYPE_CHECKING:
    from ..packs import RulePack

LEXICON_FILE = "writing.yaml"
key_of = key  # folded text without whitespace: what every lexicon entry is matched against


def _alt(items) -> str:
    words = sorted({str(w) for w in items if w is not None and str(w) != ""}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in words) or "(?!)"


@dataclass(slots=True)
class WritingLexicon:
    raw: dict[str, Any]
    direction: re.Pattern
    rate_full: frozenset[str]
    slogan_targets: frozenset[str]
    empty_targets: frozenset[str]
    completion_suffixes: tuple[str, ...]
    completion_full_value: float
    generic_names: tuple[re.Pattern, ...]
    cue_re: re.Pattern  # every name cue (layout name_cues + category_cues), longest first
    cue_cats: dict[str, frozenset[str]]  # cue -> the 二级 categories it implies
    misfits: dict[str, frozenset[str]]
    requires_own_cue: frozenset[str]
    level1_as: dict[str, str]
    level2_canon: dict[str, str]  # folded alias -> canonical 二级 name (layout.yaml level2)
    level1_canon: dict[str, str]  # folded alias -> canonical 一级 name (layout.yaml level1)
    category_labels: tuple[str, ...]  # every folded category alias (a 'name' equal to one is a label)
    generic_words: re.Pattern
    numbering: re.Pattern
    duplicate_min_chars: int
    duplicate_similarity: float
    duplicate_skip: tuple[str, ...]
    duplicate_distinct: re.Pattern  # words that tell two near-equal names apart (开工 / 完工)
    copy_ignore: tuple[str, ...]
    direction_max_chars: int
    template_text: tuple[re.Pattern, ...]  # P004: placeholders and instructions left in the form's text
    name_placeholders: tuple[re.Pattern, ...]  # P004: placeholders left inside an indicator name
    memo: dict = field(default_factory=dict)  # per-text verdicts (name -> cue set, target -> vague word)


_CACHE: dict[str, WritingLexicon] = {}


def writing_lexicon(pack: RulePack | None) -> WritingLexicon:
    """rules/lexicons/writing.yaml overlaid with the pack's ``lexicons.writing``, compiled once per
    overlay and G-rule parameters (G001 max lengths, G002 full value, G004 duplicate thresholds: the
    verdicts remembered per text depend on them)."""
    if pack is None:
        from ..packs import load_pack

        pack = load_pack()
    found = pack.memo.get("writing_lexicon")
    if found is not None:
        return found
    over = pack.lexicons.get("writing", {}) or {}
    params = tuple(pack.rule_params(code) for code in ("G001", "G002", "G004"))
    cache_key = repr(sorted(over.items())) + repr(params)
    lex = _CACHE.get(cache_key)
    if lex is None:
        if len(_CACHE) > 16:
            _CACHE.clear()
        lex = _CACHE[cache_key] = _compile(over, *params)
    pack.memo["writing_lexicon"] = lex
    return lex


def _compile(over: dict, g001: Any, g002: Any, g004: Any) -> WritingLexicon:
    from ..packs import load_lexicon_file

    raw = dict(load_lexicon_file(LEXICON_FILE))
    raw.update(over or {})
    layout = load_lexicon_file("layout.yaml")

    words = _alt(key_of(w) for w in raw.get("direction_words", []))
    pre = _alt(key_of(w) for w in raw.get("direction_prefixes", []))
    suf = _alt(key_of(w) for w in raw.get("direction_suffixes", []))
    n = g001.max_subject_chars
    # [prefix]* [subject] [prefix]* WORD [suffix]   |   [prefix]* WORD [object]
    direction = re.compile(
        rf"^(?:{pre})*(?:[\u4e00-\u9fff]{{0,{n}}}?)(?:{pre})*(?P<w1>{words})(?:{suf})?$"
        rf"|^(?:{pre})*(?P<w2>{words})[\u4e00-\u9fff]{{1,{n}}}$"
    )

    level2_canon: dict[str, str] = {}
    for l2, spec in (layout.get("level2") or {}).items():
        aliases = spec[1] if isinstance(spec, (list, tuple)) and len(spec) > 1 else []
        for alias in [l2, *aliases]:
            level2_canon.setdefault(key_of(alias), str(l2))
    level1_canon: dict[str, str] = {}
    for l1, aliases in (layout.get("level1") or {}).items():
        for alias in [l1, *(aliases or [])]:
            level1_canon.setdefault(key_of(alias), str(l1))

    cue_cats: dict[str, set[str]] = {}
    for pair in layout.get("name_cues") or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            cue_cats.setdefault(key_of(pair[0]), set()).add(str(pair[1]))
    for cat, cues in (raw.get("category_cues") or {}).items():
        for cue in cues or []:
            cue_cats.setdefault(key_of(cue), set()).add(str(cat))
    cue_cats.pop("", None)

    generic_words = _alt(key_of(w) for w in raw.get("generic_name_words", []))
    return WritingLexicon(
        raw=raw,
        direction=direction,
        rate_full=frozenset(key_of(w) for w in raw.get("rate_full_words", [])),
        slogan_targets=frozenset(key_of(w) for w in raw.get("slogan_targets", [])),
        empty_targets=frozenset(key_of(w) for w in raw.get("empty_targets", [])),
        completion_suffixes=tuple(key_of(w) for w in raw.get("completion_rate_suffixes", []) if w),
        completion_full_value=g002.full_value,
        generic_names=tuple(re.compile(p) for p in raw.get("generic_name_patterns", []) or []),
        cue_re=re.compile(_alt(cue_cats)),
        cue_cats={k: frozenset(v) for k, v in cue_cats.items()},
        misfits={str(k): frozenset(str(x) for x in (v or [])) for k, v in (raw.get("misfits") or {}).items()},
        requires_own_cue=frozenset(str(x) for x in raw.get("requires_own_cue", []) or []),
        level1_as={str(k): str(v) for k, v in (raw.get("level1_as") or {}).items()},
        level2_canon=level2_canon,
        level1_canon=level1_canon,
        category_labels=tuple(sorted(set(level2_canon) | set(level1_canon), key=len, reverse=True)),
        generic_words=re.compile(generic_words),
        numbering=re.compile(str(raw.get("name_numbering", "(?!)"))),
        duplicate_min_chars=g004.min_chars,
        duplicate_similarity=g004.similarity,
        duplicate_skip=tuple(key_of(w) for w in raw.get("duplicate_skip_markers", []) if w),
        duplicate_distinct=re.compile(_alt(key_of(w) for w in raw.get("duplicate_distinct_words", []))),
        copy_ignore=tuple(key_of(w) for w in raw.get("copy_ignore", []) if w),
        direction_max_chars=g001.max_target_chars,
        template_text=tuple(re.compile(p) for p in raw.get("template_text", []) or []),
        name_placeholders=tuple(re.compile(p) for p in raw.get("name_placeholders", []) or []),
    )
