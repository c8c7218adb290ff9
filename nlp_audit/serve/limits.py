"""The limits of the gate service, in one place: the `serve` command's flags and their defaults.

Kept apart from the app so they can later be unified with the CLI's per-file limits (issue 11):
a request is one file, so the request size is the file size limit and the per-request time is the
wall time per file.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServeLimits:
    # Bytes of one request body (the upload plus the multipart framing or the JSON around the text).
    # A form is a few KB of text or a few hundred KB of PDF; 10 MiB leaves room for scanned pages.
    max_request_bytes: int = 10 * MIB
    # Seconds one check may run in a worker before the worker is killed and replaced (504).
    time_limit: float = 30.0
    # Requests running or waiting for a worker; one more gets 503 rather than an unbounded queue.
    max_pending: int = 64

    def __post_init__(self) -> None:
        if self.max_request_bytes < 1:
            raise ValueError("max_request_bytes must be at least 1")
        if self.time_limit <= 0:
            raise ValueError("time_limit must be positive")
        if self.max_pending < 1:
            raise ValueError("max_pending must be at least 1")


DEFAULTS = ServeLimits()
