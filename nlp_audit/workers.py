"""How the worker processes of a multi-process run start: forked from one warm fork server per run.

Why: a worker used to be spawned (a fresh interpreter per worker, each importing the package,
loading the lexicons and compiling its patterns: ~1 CPU-s per worker before its first file, paid
again by every worker that replaces a killed one). A fork server does that once per run and forks
each worker from itself, warm. It is not the run's own process that forks: that one may already
run native threads (an embedder's OpenMP pool, pebble's threads), and forking those can hang the
children. The server is a fresh single-threaded interpreter that imports ``warm`` (the package, the
lexicons, the patterns; no embedder, no numpy) and nothing else.

One server per run: ``worker_context()`` starts it (``prestart()`` starts it earlier: the CLI calls
it as soon as it knows the run has workers, so the server warms up while the CLI finds the files
and loads the pack) and stops it when the last run using it ends. So a run's workers see the
environment (passed on by the worker initializer), ``sys.path`` and code of the run, as spawned
workers did, and the server's CPU time (and its workers') counts in this process's children once
it is stopped. Where the platform has no fork server, workers are spawned.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import forkserver
from pathlib import Path

PRELOAD = ["nlp_audit.warm"]  # imported by the fork server before it forks any worker

_lock = threading.Lock()
_runs = 0  # runs inside worker_context(): the server stops when the last one ends


def has_fork_server() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def prestart() -> None:
    """Start the fork server now, without waiting for it to warm up (the CLI, before it discovers
    files and loads the pack); the run's ``worker_context`` then finds it running."""
    if has_fork_server():
        with _lock:
            _ensure_server()


@contextmanager
def worker_context() -> Iterator[multiprocessing.context.BaseContext]:
    """The multiprocessing context of one run's workers; leave it once the run's pool is joined."""
    global _runs
    if not has_fork_server():
        yield multiprocessing.get_context("spawn")
        return
    with _lock:
        _ensure_server()
        _runs += 1
    try:
        yield multiprocessing.get_context("forkserver")
    finally:
        with _lock:
            _runs -= 1
            if _runs == 0:
                _stop_server()


def _ensure_server() -> None:
    if _runs == 0:  # a server already serving a run keeps the preload it started with
        forkserver.set_forkserver_preload(PRELOAD)
    saved = {name: os.environ.get(name) for name in ("PYTHONSAFEPATH", "PYTHONPATH")}
    os.environ.update(_server_paths())
    try:
        forkserver.ensure_running()  # a new server takes the environment as it is now
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _server_paths() -> dict[str, str]:
    """The server imports this very package, wherever the working folder is: it is started as
    ``python -c``, whose ``sys.path`` begins with the working folder, and a checkout of another
    version there (a folder named ``nlp_audit``) would otherwise be what every worker runs. So no
    working folder on its path, and this package's folder ahead of the rest (the workers get this
    process's environment back in their initializer)."""
    root = str(Path(__file__).resolve().parent.parent)
    return {"PYTHONSAFEPATH": "1", "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}


def _stop_server() -> None:
    """Stop and reap the server (so its CPU time and its workers' count in this process's children).
    The standard library has no public stop; without this one the server ends with this process."""
    stop = getattr(forkserver._forkserver, "_stop", None)
    if stop is not None:
        stop()
