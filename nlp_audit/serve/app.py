"""The FastAPI app of the gate service, built once: packs loaded, warm check workers, limits set.

    POST /v1/check          multipart 'file' or JSON {"text", "filename"} -> {"findings", "forms", "summary"}
    GET  /v1/rules          every rule with the pack's severity
    GET  /v1/rules/{code}   what `nlp-audit explain CODE` says
    GET  /healthz           liveness, workers and the requests in flight
    GET  /docs              OpenAPI docs

The app itself never parses or checks a form: requests are validated here and the check runs in
a pool worker (pool.py), which answers with the serialised body.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from .. import __version__
from .errors import (
    BodyLimit,
    error_response,
    http_exception_handler,
    unexpected_exception_handler,
    validation_exception_handler,
)
from .limits import DEFAULTS, ServeLimits
from .pool import CheckPool, PoolError, PoolSettings
from .rules_api import rule_detail, rule_list
from .upload import BadRequest, read_request


class ErrorBody(BaseModel):
    error: str = Field(description="too_large | invalid_request | invalid_option | unreadable_upload | "
                                   "unsupported_media_type | busy | time_limit | worker_crashed | not_found")
    detail: Any = Field(description="what went wrong, for a person")


class CheckAnswer(BaseModel):
    findings: list[dict[str, Any]] = Field(description="the `check --format jsonl` objects; path = the uploaded name")
    forms: int = Field(description="forms read from the upload")
    summary: dict[str, Any] = Field(description="the `check --format json` summary")


_OPTION_SCHEMA = {
    "select": {"type": "string", "description": "codes or prefixes, comma-separated (C001,S)"},
    "ignore": {"type": "string", "description": "codes or prefixes to skip"},
    "rules": {"type": "string", "description": "built-in rule pack name (default, hubei)"},
}
_REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary",
                                        "description": ".txt .pdf .xlsx .docx, as `check` reads them"},
                               **_OPTION_SCHEMA}}},
            "application/json": {"schema": {
                "type": "object", "required": ["text"],
                "properties": {"text": {"type": "string", "description": "the form as text"},
                               "filename": {"type": "string", "description": "name for the findings' path"},
                               **_OPTION_SCHEMA}}},
        },
    }
}


def create_app(settings: PoolSettings | None = None, limits: ServeLimits = DEFAULTS) -> FastAPI:
    """The app; its check workers start (and warm up) when the server starts, before it listens."""
    from ..checks.registry import all_codes
    from ..packs import builtin_packs, load_pack

    settings = settings or PoolSettings(packs=tuple(builtin_packs()))
    pool = CheckPool(settings, limits)
    codes = all_codes()
    packs = {name: load_pack(name) for name in settings.packs}

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        pool.start()
        try:
            await pool.wait_ready()
            yield
        finally:
            pool.stop()

    app = FastAPI(
        title="nlp-audit gate",
        version=__version__,
        summary="Checks one performance form (绩效自评表 / 绩效目标申报表) per request, with warm workers.",
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.add_middleware(BodyLimit, max_bytes=limits.max_request_bytes)
    app.add_exception_handler(HTTPException, http_exception_handler)
    app.add_exception_handler(RequestValidationError, validation_exception_handler)
    app.add_exception_handler(Exception, unexpected_exception_handler)
    errors = {status: {"model": ErrorBody, "description": text} for status, text in (
        (413, "the request body is over the size limit"),
        (415, "neither multipart/form-data nor application/json"),
        (422, "bad request or option, or an upload no form could be read from (then with findings)"),
        (503, "too many requests in flight"),
        (504, "the check ran past the time limit; its worker was replaced"),
    )}

    def pack_or_422(name: str):
        if name not in packs:
            raise BadRequest(f"unknown rule pack {name!r}; built-in packs: {', '.join(packs)}", code="invalid_option")
        return packs[name]

    @app.exception_handler(BadRequest)
    async def bad_request(_request: Request, exc: BadRequest) -> Response:
        return error_response(exc.status, str(exc), exc.code)

    @app.post("/v1/check", response_model=CheckAnswer, responses=errors, openapi_extra=_REQUEST_BODY)
    async def check(
        request: Request,
        select: Annotated[list[str] | None, Query(description="codes or prefixes to keep (C001,S)")] = None,
        ignore: Annotated[list[str] | None, Query(description="codes or prefixes to skip")] = None,
        rules: Annotated[str | None, Query(description="built-in rule pack name")] = None,
    ) -> Response:
        """Check one form file; the same findings as `nlp-audit check --format jsonl` on that file."""
        req = await read_request(request, {"select": select, "ignore": ignore, "rules": rules},
                                 tuple(packs), codes, limits.max_request_bytes)
        try:
            status, body, seconds = await pool.check(req.name, req.data, req.rules, req.select, req.ignore)
        except PoolError as exc:
            return error_response(exc.status, str(exc), exc.code)
        # Server-Timing: the time the check itself took in the worker, apart from HTTP and queueing
        return Response(body, status_code=status, media_type="application/json",
                        headers={"Server-Timing": f"check;dur={seconds * 1000:.1f}"})

    @app.get("/v1/rules")
    async def rules_index(rules: Annotated[str, Query(description="built-in rule pack name")] = "default"):
        """Every rule: code, name, severity (from the pack), enabled, one line."""
        return rule_list(pack_or_422(rules))

    @app.get("/v1/rules/{code}", responses={404: {"model": ErrorBody}})
    async def rule_explain(code: str, rules: Annotated[str, Query(description="built-in rule pack name")] = "default"):
        """What a rule checks, why, the formula, its source, an example that fires and one that does not."""
        detail = rule_detail(code, pack_or_422(rules))
        if detail is None:
            return error_response(404, f"unknown rule code {code!r}", "not_found")
        return detail

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        """Alive, with the workers, the requests in flight and the limits."""
        return JSONResponse({"status": "ok", "version": __version__, "workers": settings.workers,
                             "pending": pool.pending, "packs": list(packs), "embedder": settings.embedder,
                             "limits": asdict(limits)})

    return app


def run_server(host: str, port: int, settings: PoolSettings, limits: ServeLimits, log_level: str = "info") -> None:
    """Serve until interrupted (uvicorn, one process; the checks run in the app's worker pool)."""
    import uvicorn

    uvicorn.run(create_app(settings, limits), host=host, port=port, log_level=log_level)
