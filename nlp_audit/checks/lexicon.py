"""Pack lexicons as tuples and precompiled alternations, cached: checks run per form, packs rarely change.

Lexicons live in ``rules/<pack>.yaml`` under ``lexicons:``; a missing lexicon is empty, so a
stripped-down custom pack degrades rules gracefully instead of failing. Entries and the text they
are looked for in are both folded (nlp_audit/text.py: traditional -> simplified, full-width -> ASCII), so
one simplified list serves forms written either way ('達成指標' hits 达成指标).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..text import fold, key

if TYPE_CHECKING:
    from ..packs import RulePack


def words(pack: RulePack, name: str) -> tuple[str, ...]:
    """The lexicon ``name`` of the pack as a tuple of non-empty folded strings (kept in ``pack.memo``)."""
    key = ("words", name)
    value = pack.memo.get(key)
    if value is None:
        value = pack.memo[key] = tuple(fold(str(w)) for w in pack.lexicon(name) if w is not None and str(w) != "")
    return value


def word_set(pack: RulePack, name: str) -> frozenset[str]:
    """The lexicon ``name`` as a set, for whole-word membership tests (kept in ``pack.memo``)."""
    key = ("word_set", name)
    value = pack.memo.get(key)
    if value is None:
        value = pack.memo[key] = frozenset(words(pack, name))
    return value


def memo(pack: RulePack, table: str) -> dict:
    """A per-pack dict for caching pure results derived from the pack's lexicons (name -> verdict).

    Kept in ``pack.memo`` under the bare table name (the lexicon entries above use tuple keys).
    """
    found = pack.memo.get(table)
    if found is None:
        found = pack.memo[table] = {}
    return found


def mapping(pack: RulePack, name: str) -> dict[str, Any]:
    """A lexicon that is a mapping (e.g. grade aliases, level-1 categories); {} when absent."""
    value = pack.lexicons.get(name)
    return value if isinstance(value, dict) else {}


@lru_cache(maxsize=256)
def _alternation(items: tuple[str, ...]) -> re.Pattern[str] | None:
    if not items:
        return None
    ordered = sorted(set(items), key=len, reverse=True)  # longest first: 部分达成 before 达成
    return re.compile("|".join(re.escape(w) for w in ordered))


def finder(pack: RulePack, name: str) -> re.Pattern[str] | None:
    """A compiled regex matching any entry of the lexicon (None when the lexicon is empty)."""
    key = ("finder", name)
    try:
        return pack.memo[key]
    except KeyError:
        pattern = pack.memo[key] = _alternation(words(pack, name))
        return pattern


def first_hit(pack: RulePack, name: str, text: str) -> str | None:
    """The first lexicon entry found in (the folded) ``text`` (None if none)."""
    pattern = finder(pack, name)
    if pattern is None or not text:
        return None
    m = pattern.search(fold(text))
    return m.group(0) if m else None


def hits(pack: RulePack, name: str, text: str) -> list[str]:
    """Every lexicon entry found in (the folded) ``text``, in order, without overlaps."""
    pattern = finder(pack, name)
    if pattern is None or not text:
        return []
    return [m.group(0) for m in pattern.finditer(fold(text))]


def word_hit(pack: RulePack, name: str, text: str) -> str | None:
    """Like first_hit, but a one-character entry (是, 否) must be the whole text, not a substring."""
    t = key(text)
    if not t:
        return None
    singles, pattern = _word_finder(pack, name)
    if t in singles:
        return t
    if pattern is None:
        return None
    m = pattern.search(t)
    return m.group(0) if m else None


def _word_finder(pack: RulePack, name: str) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """word_hit's split of a lexicon: one-character entries (whole-text matches) and a regex of the rest."""
    key = ("word_finder", name)
    found = pack.memo.get(key)
    if found is None:
        entries = words(pack, name)
        found = pack.memo[key] = (
            frozenset(w for w in entries if len(w) == 1),
            _alternation(tuple(w for w in entries if len(w) > 1)),
        )
    return found
