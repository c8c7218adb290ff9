"""Imported by the fork server of a multi-process run (``workers.py``), and by nothing else.

Importing it loads what every worker needs before its first file: the package's modules, the
lexicons and the compiled patterns, by checking one tiny form with the built-in pack and no
embedder (no numpy, no model, no thread pool: the server forks, and a process that started native
threads must not). Workers forked from the server inherit all of it. A failure here costs nothing
but time: each worker's initializer warms up again, and reports real errors per file.
"""

from __future__ import annotations


def _warm() -> None:
    try:
        from .packs import load_pack
        from .pipeline import warm_up

        warm_up(load_pack("default"))
    except Exception:  # noqa: BLE001, S110 - the workers warm themselves and report what fails
        pass


_warm()
