"""text_cache: an lru_cache that never keeps a long text, so a cache's bytes are bounded."""

from __future__ import annotations

from nlp_audit.caching import text_cache
from nlp_audit.layout.celltypes import cell_type
from nlp_audit.text import fold, sentences


def test_short_texts_are_cached_and_long_ones_computed_every_time() -> None:
    calls: list[str] = []

    @text_cache(maxsize=4, max_chars=10)
    def upper(text: str, suffix: str = "") -> str:
        calls.append(text)
        return text.upper() + suffix

    assert upper("abc") == upper("abc") == "ABC"
    assert calls == ["abc"]  # the second call was a hit
    long = "x" * 11
    assert upper(long, "!") == upper(long, "!") == "X" * 11 + "!"
    assert calls == ["abc", long, long]  # never kept
    info = upper.cache_info()
    assert (info.hits, info.currsize, info.maxsize) == (1, 1, 4)
    for i in range(10):
        upper(f"k{i}")
    assert upper.cache_info().currsize == 4  # entries bounded too
    upper.cache_clear()
    assert upper.cache_info().currsize == 0


def test_the_text_caches_keep_no_long_cell_or_narrative() -> None:
    """A hostile batch of huge cells and narratives leaves the caches as small as it found them."""
    for fn in (fold, sentences, cell_type):
        fn.cache_clear()
    for i in range(50):
        text = f"完成培训{i}人次。" * 2_000  # 16,000+ characters each
        fold(text)
        sentences(text)
        cell_type(text)
    assert fold.cache_info().currsize == sentences.cache_info().currsize == cell_type.cache_info().currsize == 0
    assert fold("滿意度") == "满意度" and fold.cache_info().currsize == 1


def test_the_layout_keeps_short_cell_kinds_only() -> None:
    from nlp_audit.layout import cells

    cells._KINDS.clear()
    text = "因设备采购延迟，部分培训推迟至次年开展。" * 20
    first = cells.classify(cells.Cell(text, 0, len(text)))
    again = cells.classify(cells.Cell(text, 0, len(text)))
    short = cells.classify(cells.Cell("偏差原因", 0, 4))
    assert (first.key, first.kind, first.cat) == (again.key, again.kind, again.cat)  # computed twice, the same
    assert short.kind != first.kind
    assert list(cells._KINDS) == ["偏差原因"]
