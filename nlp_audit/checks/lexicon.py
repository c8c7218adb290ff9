"""Pack lexicons as tuples and precompiled alternations, cached: checks run per form, packs rarely change.

Lexicons live in ``rules/<pack>.yaml`` under ``lexicons:``; a missing lexicon is empty, so a
stripped-down custom pack degrades rules gracefully instead of failing. Entries and the text they
are looked for in are both folded (nlp/fold.py: traditional -> simplified, full-width -> ASCII), so
one simplified list serves forms written either way ('達成指標' hits 达成指标).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..nlp.fold import fold

if TYPE_CHECKING:
    from ..packs import RulePack


_CACHE: dict[int, tuple[RulePack, dict[str, tuple[str, ...]]]] = {}


def words(pack: RulePack, name: str) -> tuple[str, ...]:
    """The lexicon ``name`` of the pack as a tuple of non-empty folded strings (cached per pack object)."""
    entry = _CACHE.get(id(pack))
    if entry is None or entry[0] is not pack:
        if len(_CACHE) > 64:
            _CACHE.clear()
        entry = (pack, {})
        _CACHE[id(pack)] = entry
    table = entry[1]
    value = table.get(name)
    if value is None:
        value = tuple(fold(str(w)) for w in pack.lexicon(name) if w is not None and str(w) != "")
        table[name] = value
    return value


def memo(pack: RulePack, table: str) -> dict:
    """A per-pack dict for caching pure results derived from the pack's lexicons (name -> verdict)."""
    words(pack, "")  # make sure the pack has a cache entry
    store = _CACHE[id(pack)][1]
    key = "\x00memo:" + table
    found = store.get(key)
    if found is None:
        found = {}
        store[key] = found  # type: ignore[assignment]
    return found  # type: ignore[return-value]


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
    return _alternation(words(pack, name))


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
    t = "".join(fold(text or "").split())
    if not t:
        return None
    singles = {w for w in words(pack, name) if len(w) == 1}
    if t in singles:
        return t
    pattern = _alternation(tuple(w for w in words(pack, name) if len(w) > 1))
    if pattern is None:
        return None
    m = pattern.search(t)
    return m.group(0) if m else None
