"""Every error the service answers is JSON: ``{"error": CODE, "detail": MESSAGE}``; and the body limit.

FastAPI's own errors (validation's 422, an unknown route's 404) are rendered in the same shape, so
a client reads one kind of error body whatever went wrong.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
          415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error", 503: "busy",
          504: "time_limit"}


def error_body(code: str, detail: Any, **extra: Any) -> bytes:
    return json.dumps({"error": code, "detail": detail, **extra}, ensure_ascii=False, default=str).encode("utf-8")


def error_response(status: int, detail: Any, code: str | None = None, **extra: Any) -> Response:
    return Response(error_body(code or _CODES.get(status, "error"), detail, **extra), status_code=status,
                    media_type="application/json")


async def http_exception_handler(_request: Request, exc: Exception) -> Response:
    return error_response(getattr(exc, "status_code", 500), getattr(exc, "detail", str(exc)))


async def validation_exception_handler(_request: Request, exc: Exception) -> Response:
    errors = exc.errors() if hasattr(exc, "errors") else str(exc)
    return error_response(422, errors, "invalid_request")


async def unexpected_exception_handler(_request: Request, exc: Exception) -> Response:
    return error_response(500, f"{type(exc).__name__}: {exc}", "internal_error")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than the limit of {limit} bytes")


class BodyLimit:
    """ASGI middleware: a JSON 413 for a request body over ``max_bytes``.

    A declared Content-Length over the limit is refused before a byte is read; a chunked body is
    counted as it arrives and refused at the chunk that crosses the limit, so an oversize upload
    never fills memory or disk. (FastAPI's own ``max_body_size`` answers a declared oversize body
    with plain text whatever the handlers say, and the contract is a JSON error body.)
    """

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _send_413(send, self.max_bytes)
            return
        seen = 0
        started = False

        async def counting_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _send_413(send, self.max_bytes)


def _content_length(scope: dict) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_413(send: Any, limit: int) -> None:
    body = error_body("too_large", f"request body larger than the limit of {limit} bytes")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
