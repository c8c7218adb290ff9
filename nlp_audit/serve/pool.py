"""Warm worker processes that run the checks, each killable on its own (pebble.ProcessPool).

Why processes and not threads: a thread cannot be stopped, and a hostile file can keep one busy in
C code (a regular expression, a PDF or ZIP decoder) that holds the GIL, so a thread pool could
neither enforce the time limit nor keep answering. A process can be killed. Why pebble and not
concurrent.futures: ProcessPoolExecutor cannot cancel a running task or kill one worker, only
break the whole pool; pebble's pool kills the one worker whose task ran past its timeout, fails
that task with TimeoutError and starts a fresh worker, which warms up (pack, embedder, one form)
before it takes work. Workers are spawned, not forked: a fork of a process whose model started a
native thread pool can hang (see pipeline._run_parallel).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import shutil
import tempfile
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from .limits import ServeLimits
from .worker import check_upload, init_worker, ping


class PoolError(Exception):
    """A check that did not produce an answer; ``status`` is the HTTP status to report."""

    status = 500
    code = "check_failed"


class PoolBusy(PoolError):
    status = 503
    code = "busy"


class CheckTimedOut(PoolError):
    status = 504
    code = "time_limit"


class WorkerCrashed(PoolError):
    status = 500
    code = "worker_crashed"


@dataclass(frozen=True, slots=True)
class PoolSettings:
    workers: int = 1
    embedder: str = "e5"
    packs: tuple[str, ...] = ("default",)


class CheckPool:
    """``await pool.check(...)`` -> (status, body, seconds in the worker) from a warm worker, within the limits."""

    def __init__(self, settings: PoolSettings, limits: ServeLimits) -> None:
        self.settings = settings
        self.limits = limits
        self.pending = 0  # requests running or queued; touched only from the event loop thread
        self._pool = None
        self._root: str | None = None

    def start(self) -> None:
        from pebble import ProcessPool

        self._root = tempfile.mkdtemp(prefix="nlp-audit-serve-")
        threads = 1 if self.settings.workers > 1 else 0
        self._pool = ProcessPool(
            max_workers=self.settings.workers,
            initializer=init_worker,
            initargs=(self.settings.embedder, self.settings.packs, self._root, threads),
            context=multiprocessing.get_context("spawn"),
        )

    async def wait_ready(self, timeout: float = 300.0) -> None:
        """Return once a worker has warmed up and answered (the server listens only then)."""
        assert self._pool is not None, "start() first"
        future = self._pool.schedule(ping)
        await asyncio.wait_for(asyncio.wrap_future(future), timeout)

    async def check(self, name: str, data: bytes, rules: str, select: list[str],
                    ignore: list[str]) -> tuple[int, bytes, float]:
        if self._pool is None:
            raise PoolError("the check pool is not running")
        if self.pending >= self.limits.max_pending:
            raise PoolBusy(f"{self.pending} requests are already running or waiting; retry later")
        self.pending += 1
        try:
            future = self._pool.schedule(check_upload, args=(name, data, rules, select, ignore),
                                         timeout=self.limits.time_limit)
            # shielded: a client that hangs up must not cancel the task, which would kill a warm worker
            return await asyncio.shield(asyncio.wrap_future(future))
        except FutureTimeout as exc:
            raise CheckTimedOut(
                f"the check ran longer than {self.limits.time_limit:g} s and was stopped; the worker was replaced"
            ) from exc
        except Exception as exc:
            from pebble import ProcessExpired

            if isinstance(exc, ProcessExpired):
                raise WorkerCrashed(f"the worker checking this file died (exit code {exc.exitcode}); it was replaced") from exc
            raise PoolError(f"check failed: {type(exc).__name__}: {exc}") from exc
        finally:
            self.pending -= 1

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=10)
            self._pool = None
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None
