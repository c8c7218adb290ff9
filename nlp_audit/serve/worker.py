"""The check worker: runs in a pool process, warm (packs, embedder, pipeline), one upload at a time.

A worker owns a private working folder and the upload is written there under its own name, so
``pipeline.run`` sees exactly what ``nlp-audit check NAME`` sees in the uploader's folder: the same
path in every finding, the same fingerprints, the same batch (B) checks over the file's forms. The
answer is serialised here, in the worker, with the jsonl formatter's encoding, and goes back as
bytes: the parent only forwards it.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Above this many cached vectors the embedder's cache is dropped: a server runs for weeks, and
# indicator names repeat enough that a bounded cache keeps nearly all of its benefit.
EMBEDDER_CACHE_LIMIT = 20_000


@dataclass(slots=True)
class _State:
    packs: dict[str, Any]  # built-in name -> RulePack
    embedder: Any
    workdir: Path


_STATE: _State | None = None


def init_worker(embedder_spec: str, pack_names: tuple[str, ...], root: str, threads: int = 0) -> None:
    """Pool initializer: load the packs and the embedder and run one form through every stage."""
    global _STATE
    if threads and "NLP_AUDIT_THREADS" not in os.environ:
        os.environ["NLP_AUDIT_THREADS"] = str(threads)  # N workers on N cores: one model thread each
    from ..nlp.embedders import make_embedder
    from ..packs import load_pack

    workdir = Path(tempfile.mkdtemp(prefix="worker-", dir=root))
    # modules still to be imported lazily must not be looked up in the new working folder
    sys.path[:] = [os.path.abspath(p) if p in ("", ".") else p for p in sys.path]
    os.chdir(workdir)
    _STATE = _State({name: load_pack(name) for name in pack_names}, make_embedder(embedder_spec), workdir)
    _warm_up()


WARM_UP_FORM = Path(__file__).with_name("warmup.txt")  # a synthetic 自评表 with a shortfall and a claim


def _warm_up() -> None:
    """Import and cache everything a check touches (grammar, lexicons, model) before the first request."""
    assert _STATE is not None
    data = WARM_UP_FORM.read_bytes()
    for name in _STATE.packs:
        check_upload("warm-up.txt", data, name, [], [])
    if _STATE.embedder is not None:
        _STATE.embedder.embed(["服务对象满意度", "居家养老上门服务人次"])


def ping() -> int:
    """A no-op task: the first answer means a worker is warm."""
    return os.getpid()


def check_upload(name: str, data: bytes, rules: str, select: list[str], ignore: list[str]) -> tuple[int, bytes, float]:
    """(HTTP status, JSON body, seconds spent) for one upload: 200 with the findings, or 422 when no
    form could be read."""
    from .. import pipeline
    from ..formatters import json_out

    assert _STATE is not None, "init_worker did not run"
    started = time.perf_counter()
    path = _STATE.workdir / name
    path.write_bytes(data)
    try:
        result = pipeline.run([name], _STATE.packs[rules], select, ignore, embedder=_STATE.embedder)
    finally:
        path.unlink(missing_ok=True)
    report = json_out.report(result)
    body: dict[str, Any] = {
        "findings": report["findings"],
        "forms": report["summary"]["forms"],
        "summary": report["summary"],
    }
    status = 200
    if result.unreadable_files:
        status = 422
        reasons = [u["reason"] for u in report["summary"]["unreadable_files"]]
        body = {"error": "unreadable_upload", "detail": "; ".join(reasons) or "no form could be read", **body}
    _trim_embedder_cache()
    return status, json.dumps(body, ensure_ascii=False, default=str).encode("utf-8"), time.perf_counter() - started


def _trim_embedder_cache() -> None:
    embedder = _STATE.embedder if _STATE is not None else None
    if embedder is not None and embedder.cache_size() > EMBEDDER_CACHE_LIMIT:
        embedder.clear_cache()
