"""The per-file wall-time limit inside one process: a watchdog thread that interrupts the worker thread.

Why this mechanism for the default, single-process run: every step that runs in C for long (zip
inflation, XML parsing, PDF stream decoding, reading a file) is bounded by a size limit first, so
what can still run away is Python code - a super-linear loop in the parser or a check on a hostile
table. Python code is interrupted between bytecodes: the watchdog raises ``FileTimeLimit`` in the
thread working on the file (``PyThreadState_SetAsyncExc``), which the pipeline turns into a P001
for that file while the batch goes on. Unlike SIGALRM this works in any thread (a server calling
the pipeline from a request thread) and leaves the host's signal handlers alone; unlike a worker
process it costs no process start, no pickling of results, and nothing on the cold start of a
one-form run. Where even C code may hang, ``--jobs`` runs files in worker processes, and a worker
past the limit is killed and replaced (pipeline._run_parallel).

One watchdog thread serves a whole run: arming it for a file is a lock and a notify, not a thread.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .limits import FileTimeLimit


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in the thread at its next bytecode; None clears a pending one (a C NULL)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc is not None else None)


class Watchdog:
    """Raises FileTimeLimit in the armed thread when its deadline passes; one per run."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._deadline: float | None = None
        self._target: int | None = None
        self._generation = 0
        self._fired = -1
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="nlp-audit-watchdog", daemon=True)
        self._thread.start()

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        """Run the block with a wall-time limit of ``seconds`` (FileTimeLimit when it runs out)."""
        with self._cond:
            self._generation += 1
            generation = self._generation
            self._deadline = time.monotonic() + seconds
            self._target = threading.get_ident()
            self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                self._deadline = None
                self._target = None
                if self._fired == generation:
                    # the exception may still be pending (not yet raised in this thread): clear it, so it
                    # cannot go off later in code that has nothing to do with this file
                    _set_async_exc(threading.get_ident(), None)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        with self._cond:
            while not self._closed:
                if self._deadline is None:
                    self._cond.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                if self._target is not None and self._fired != self._generation:
                    self._fired = self._generation
                    _set_async_exc(self._target, FileTimeLimit)
                self._deadline = None


@contextmanager
def watchdog() -> Iterator[Watchdog]:
    """A watchdog for the duration of a run."""
    dog = Watchdog()
    try:
        yield dog
    finally:
        dog.close()
