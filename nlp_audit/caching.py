"""Memo caches bounded in bytes as well as entries.

An ``lru_cache`` keyed by a text keeps the text and its result until evicted. With thousands of
entries and keys as long as a cell may be (32,767 characters) or a whole narrative, a long batch
fills it with hundreds of megabytes that no later form asks for again: memory then grows with the
batch until every cache is full, and a few hostile forms can fill them with megabytes per entry.
``text_cache`` computes a call on a text longer than ``max_chars`` without keeping it (a long text is
rarely seen twice, and computing it is linear), so a cache holds at most ``maxsize`` entries of at most
``max_chars`` characters each.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, update_wrapper
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def text_cache(maxsize: int, max_chars: int) -> Callable[[F], F]:
    """``lru_cache(maxsize)`` for a function whose first argument is a text; calls on a text longer
    than ``max_chars`` are computed, not cached. ``cache_info``/``cache_clear`` are the cache's."""

    def decorate(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)

        def call(text, *args):
            if len(text) > max_chars:
                return fn(text, *args)
            return cached(text, *args)

        update_wrapper(call, fn)
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        call.uncached = fn  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return decorate
