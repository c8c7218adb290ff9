"""The claims lexicon (rules/lexicons/claims.yaml), loaded and compiled once per process.

Why a module of its own: the extractor, the matcher and the spaCy pipeline all read the same words;
compiling them once (regexes, longest-first alternations) keeps the hot path free of YAML and regex
construction. Unit families and indicator types are not here: nlp/indicator_types.py owns them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..packs import BUILTIN_DIR

if TYPE_CHECKING:
    from ..packs import RulePack

LEXICON_FILE = "claims.yaml"


class LexiconError(Exception):
    """The claims lexicon cannot be used: names the file, the key and the reason."""


@dataclass(frozen=True, slots=True)
class ClaimsLexicon:
    raw: dict[str, Any]
    direction_re: re.Pattern[str]  # any direction word, longest first
    cut_re: re.Pattern[str]  # protected nouns (group 1, kept) | direction words (cut) - for subjects
    level_cut_re: re.Pattern[str]  # protected | increase/decrease/reach words (actions stay) - for topics
    direction_kind: dict[str, str]  # word -> increase | decrease | reach | action
    relative_cues: tuple[str, ...]
    level_cues: tuple[str, ...]
    stop_re: re.Pattern[str]
    generic_re: re.Pattern[str]
    aliases: tuple[tuple[str, str], ...]
    generic_claims: frozenset[str]
    funds_cues: tuple[str, ...]
    outcome_money: tuple[str, ...]
    not_checkable: tuple[tuple[re.Pattern[str], str], ...]
    claim_type_cues: dict[str, tuple[str, ...]]
    user_dict: tuple[str, ...]
    light_bigrams: frozenset[str] = frozenset()  # character pairs of light verbs (新建, 完成): no measured thing
    tables: Any = None  # indicators.yaml compiled (nlp/indicator_types.Tables): unit families, indicator types
    memo: dict = field(default_factory=dict, compare=False, hash=False)  # per-text results (subject pieces)


def _builtin_tables() -> Any:
    from .indicator_types import tables

    return tables(None)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _words(data: dict, key: str, path: Path) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{path}: {key}: must be a list of strings")
    return value


def build_lexicon(data: dict[str, Any], path: Path) -> ClaimsLexicon:
    """Validate and compile a lexicon mapping (the YAML content)."""
    directions = data.get("directions", {})
    if not isinstance(directions, dict):
        raise LexiconError(f"{path}: directions: must be a mapping kind -> words")
    kind_of: dict[str, str] = {}
    for kind in directions:
        for w in _words(directions, kind, path):
            kind_of.setdefault(w, kind)
    patterns = []
    for i, item in enumerate(data.get("not_checkable") or []):
        try:
            patterns.append((re.compile(item["pattern"]), str(item.get("reason", "不可核对"))))
        except (KeyError, TypeError, re.error) as exc:
            raise LexiconError(f"{path}: not_checkable[{i}]: {exc}") from None
    return ClaimsLexicon(
        raw=data,
        direction_re=re.compile(_alternation(list(kind_of))),
        level_cut_re=re.compile(
            f"({_alternation(_words(data, 'user_dict', path))})|"
            f"(?:{_alternation([w for w, k in kind_of.items() if k != 'action'])})"
        ),
        cut_re=re.compile(f"({_alternation(_words(data, 'user_dict', path))})|(?:{_alternation(list(kind_of))})"),
        direction_kind=kind_of,
        relative_cues=tuple(_words(data, "relative_cues", path)),
        level_cues=tuple(_words(data, "level_cues", path)),
        stop_re=re.compile(_alternation(_words(data, "subject_stop", path))),
        generic_re=re.compile(_alternation(_words(data, "generic_name_words", path))),
        aliases=tuple(sorted(((str(k), str(v)) for k, v in (data.get("aliases") or {}).items()),
                             key=lambda kv: -len(kv[0]))),
        generic_claims=frozenset(_words(data, "generic_claims", path)),
        funds_cues=tuple(_words(data, "funds_cues", path)),
        outcome_money=tuple(_words(data, "outcome_money", path)),
        not_checkable=tuple(patterns),
        claim_type_cues={k: tuple(v) for k, v in (data.get("claim_type_cues") or {}).items()},
        user_dict=tuple(_words(data, "user_dict", path)),
        light_bigrams=frozenset(w[i : i + 2] for w in _words(data, "light_verbs", path) for i in range(len(w) - 1)),
        tables=_builtin_tables(),
    )


def claims_lexicon(pack: RulePack | None) -> ClaimsLexicon:
    """rules/lexicons/claims.yaml overlaid with the pack's ``lexicons: {claims: {...}}``, with the
    indicator tables of its ``lexicons: {indicators: {...}}``, compiled once per distinct overlay."""
    over = (pack.lexicons.get("claims") or {}) if pack is not None else {}
    ind_over = (pack.lexicons.get("indicators") or {}) if pack is not None else {}
    if not over and not ind_over:
        return load_lexicon()
    key = repr(sorted(over.items())) + repr(sorted(ind_over.items()))
    lex = _BY_OVERLAY.get(key)
    if lex is None:
        from ..packs import load_lexicon_file
        from .indicator_types import tables

        data = {**load_lexicon_file(LEXICON_FILE), **over}
        lex = build_lexicon(data, Path(pack.path) if pack is not None else Path(LEXICON_FILE))
        lex = _BY_OVERLAY[key] = replace(lex, tables=tables(pack))
    return lex


_BY_OVERLAY: dict[str, ClaimsLexicon] = {}


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> ClaimsLexicon:
    """The built-in lexicon (or one at ``path``), parsed once per process."""
    import yaml

    p = Path(path) if path else BUILTIN_DIR / "lexicons" / LEXICON_FILE
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{p}: cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{p}: must be a mapping at the top level")
    return build_lexicon(data, p)
