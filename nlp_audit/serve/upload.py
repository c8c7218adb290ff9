"""One `POST /v1/check` request -> what to check: the file's name and bytes, the pack, select/ignore.

Two shapes: multipart with a ``file`` field (any supported format), or JSON ``{"text", "filename"}``.
Options come from the query string, the multipart fields or the JSON body (the body wins). Only
built-in pack names are accepted: a request must never make the server read a path of its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

DEFAULT_TEXT_NAME = "upload.txt"
DEFAULT_FILE_NAME = "upload"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
_MAX_NAME_BYTES = 200  # file systems allow 255 bytes per name


class BadRequest(Exception):
    """The request cannot be checked as sent (HTTP ``status``, JSON error ``code``)."""

    def __init__(self, message: str, status: int = 422, code: str = "invalid_request") -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(slots=True)
class CheckRequest:
    name: str
    data: bytes
    rules: str = "default"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)


def safe_name(raw: str | None, default: str) -> str:
    """The uploaded name as the findings' path: its last component only, no control characters."""
    name = PurePosixPath((raw or "").replace("\\", "/")).name
    name = _UNSAFE.sub("", name).strip()
    if name in ("", ".", ".."):
        return default
    while len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:-1] + dot + suffix) if dot and stem else name[:-1]
    return name


async def read_request(request: Request, query: dict[str, Any], packs: tuple[str, ...], known_codes: list[str],
                       max_bytes: int) -> CheckRequest:
    """Parse and validate; ``query`` holds the select/ignore/rules query parameters. Raises BadRequest."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    options: dict[str, Any] = {k: v for k, v in query.items() if v}
    if ctype == "multipart/form-data":
        req = await _multipart(request, options, max_bytes)
    elif ctype == "application/json" or ctype.endswith("+json"):
        req = await _json(request, options)
    else:
        raise BadRequest(
            "send multipart/form-data with a 'file' field, or application/json {\"text\": ..., \"filename\": ...}",
            status=415, code="unsupported_media_type",
        )
    if req.rules not in packs:
        raise BadRequest(f"unknown rule pack {req.rules!r}; built-in packs: {', '.join(packs)}", code="invalid_option")
    bad = [c for c in req.select + req.ignore if not any(k.startswith(c) for k in known_codes)]
    if bad:
        raise BadRequest("unknown rule code(s): " + ", ".join(bad), code="invalid_option")
    return req


def _codes(values: Any) -> list[str]:
    from ..findings import parse_codes

    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise BadRequest("select / ignore must be a string such as 'C001,S' or a list of strings", code="invalid_option")
    return parse_codes(values)


def _rules(values: Any) -> str:
    if isinstance(values, list):
        values = values[-1] if values else None
    if values is None or values == "":
        return "default"
    if not isinstance(values, str):
        raise BadRequest("rules must be the name of a built-in pack", code="invalid_option")
    return values


async def _multipart(request: Request, options: dict[str, Any], max_bytes: int) -> CheckRequest:
    try:
        form = await request.form(max_files=1, max_fields=16, max_part_size=max_bytes)
    except Exception as exc:  # noqa: BLE001 - starlette reports malformed multipart in several ways
        if getattr(exc, "status_code", None) == 413:
            raise
        raise BadRequest(f"malformed multipart body: {exc}") from exc
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise BadRequest("multipart body without a 'file' field holding a file")
        data = await upload.read()
        for key in ("select", "ignore", "rules"):
            values = [v for v in form.getlist(key) if isinstance(v, str)]
            if values:
                options[key] = values
        return CheckRequest(
            name=safe_name(upload.filename, DEFAULT_FILE_NAME),
            data=data,
            rules=_rules(options.get("rules")),
            select=_codes(options.get("select")),
            ignore=_codes(options.get("ignore")),
        )
    finally:
        await form.close()


async def _json(request: Request, options: dict[str, Any]) -> CheckRequest:
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # RecursionError: '[[[[…' bombs
        raise BadRequest(f"the body is not valid JSON: {type(exc).__name__}: {exc}"[:300]) from exc
    if not isinstance(body, dict):
        raise BadRequest('the JSON body must be an object {"text": ..., "filename": ...}')
    text = body.get("text")
    if not isinstance(text, str):
        raise BadRequest('the JSON body needs "text": the form as a string')
    filename = body.get("filename")
    if filename is not None and not isinstance(filename, str):
        raise BadRequest('"filename" must be a string')
    for key in ("select", "ignore", "rules"):
        if body.get(key) is not None:
            options[key] = body[key]
    return CheckRequest(
        name=safe_name(filename, DEFAULT_TEXT_NAME),
        data=text.encode("utf-8"),
        rules=_rules(options.get("rules")),
        select=_codes(options.get("select")),
        ignore=_codes(options.get("ignore")),
    )
