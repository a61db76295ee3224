"""The FastAPI application: wiring of state, middleware, error translation and routers.

``create_app(settings)`` opens the index in its lifespan; ``create_app(settings, engine=engine)``
takes a ready engine (tests, embedding in another process).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute

from api.answerlog import Recorder, count_failures
from api.metrics import Metrics, MetricsMiddleware
from api.openapi import openapi_document
from api.prefork import serve_forked
from api.questionlog.store import QuestionLog
from api.routes import admin, answer, articles, feedback, health, openai_compat, pages, unanswered
from api.routes.admin import Reindexer
from api.schemas_openai import MESSAGE_ROLES
from api.security import BodySizeLimit, RateLimiter
from archive_chat.errors import ArchiveChatError, BadQuery, IndexMissing, UpstreamLLMError
from archive_chat.settings import Settings, as_environment, get_settings
from embeddings.encode import Encoder, encoder_from, model_fingerprint
from embeddings.job import JobReport, run_job
from embeddings.store import check_fits, read_manifest
from rag.engine import Engine

log = logging.getLogger(__name__)

# Most specific first: an error takes the status of the first class it is an instance of.
ERROR_STATUS: tuple[tuple[type[ArchiveChatError], int], ...] = (
    (BadQuery, 400),
    (IndexMissing, 503),
    (UpstreamLLMError, 502),
)

OPENAI_PATHS = ("/v1/chat/", "/v1/models")
OPENAI_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                      409: "conflict_error", 422: "invalid_request_error", 429: "rate_limit_error"}  # fmt: skip

DESCRIPTION = """Answers questions from a news archive; every answer cites the archive with exact,
verified quotes. See `docs/api.md` for authentication, limits and the Server-Sent Events format."""


def create_app(settings: Settings, *, engine: Engine | None = None, encoder: Encoder | None = None) -> FastAPI:
    """The app; with ``engine=None`` its lifespan loads the encoder and opens ``settings.index_dir``."""
    app = FastAPI(title="archive-chat", version="0.1.0", description=DESCRIPTION, lifespan=_lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.encoder = encoder
    app.state.http = None  # the LLM client, owned by the lifespan when it opens the engine
    app.state.metrics = Metrics()
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.reindexer = Reindexer(run=lambda: _run_job(app), publish=lambda: _publish(app))
    # Opened on first write, so an unwritable data directory costs log rows, never the service.
    log_on = settings.question_log
    app.state.question_log = (
        QuestionLog(
            settings.data_dir, retention_days=settings.log_days, on_write_failure=count_failures(app.state.metrics)
        )
        if log_on
        else None
    )
    app.state.recorder = Recorder(app.state.question_log, app.state.metrics)

    routers = (answer.router, articles.router, openai_compat.router, admin.router, health.router, pages.router,
               feedback.router, unanswered.router)  # fmt: skip
    for router in routers:
        app.include_router(router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ArchiveChatError, _archive_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)  # a 500 has the documented body too

    # Added innermost first: CORS wraps everything, so even 413s and 429s are readable by the widget.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    routes = [route for router in routers for route in router.routes]  # to label responses sent before routing
    app.openapi = lambda: app.openapi_schema or _set_openapi(app, settings, routes)  # type: ignore[method-assign]
    documents = [r for r in app.routes if isinstance(getattr(r, "path", None), str)]  # /openapi.json, /docs, /redoc
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics, routes=[*documents, *routes])
    app.add_middleware(
        _CORS,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-API-Key"],
        expose_headers=["Retry-After"],
        max_age=600,
    )
    return app


class _CORS(CORSMiddleware):
    """Starlette's CORS, with a refused preflight's 400 in the body every other error has: ``{"detail": …}``."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        detail = f"{bytes(response.body).decode()}: this origin or request is not allowed to call the API"
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")}
        return JSONResponse({"detail": detail}, status_code=400, headers=headers)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    async with AsyncExitStack() as stack:
        if app.state.question_log is not None:
            stack.callback(app.state.question_log.close)
        if app.state.engine is None:
            app.state.http = await stack.enter_async_context(httpx.AsyncClient(timeout=settings.llm_timeout_s))
            if app.state.encoder is None:
                app.state.encoder = await run_in_threadpool(encoder_from, settings)
            stack.callback(_close_own_engine, app)
            try:
                app.state.engine = await run_in_threadpool(_open_engine, app)
            except IndexMissing as exc:
                # Serve anyway: /readyz says 503 until a reindex publishes an index.
                log.warning("%s; serving without an index until one is published", exc)
        yield  # a running reindex is a daemon thread: it ends with the process, the old index intact


def _close_own_engine(app: FastAPI) -> None:
    """The lifespan opened the engine (or a reindex did, after it): close it. A given engine is its owner's."""
    engine: Engine | None = app.state.engine
    if engine is not None:
        engine.close()


def _open_engine(app: FastAPI) -> Engine:
    settings: Settings = app.state.settings
    return Engine.open(settings.index_dir, settings, encoder=app.state.encoder, http=app.state.http)


def _set_openapi(app: FastAPI, settings: Settings, routes: list[BaseRoute]) -> dict[str, Any]:
    app.openapi_schema = openapi_document(app, settings, routes)
    return app.openapi_schema


def _run_job(app: FastAPI) -> JobReport:
    """Embed the archive into a new index version (runs in the reindex thread)."""
    settings: Settings = app.state.settings
    if app.state.encoder is None:  # share one loaded model between the job and the engine
        app.state.encoder = encoder_from(settings)
    return run_job(settings.archive, settings.index_dir, settings, encoder=app.state.encoder)


def _publish(app: FastAPI) -> None:
    """Make the engine serve the newest published version; in-flight requests finish on the old one."""
    engine: Engine | None = app.state.engine
    if engine is None:
        app.state.engine = _open_engine(app)
    else:
        engine.reload()


def _error(request: Request, status: int, detail: str, headers: Mapping[str, str] | None = None,
           **extra: object) -> JSONResponse:  # fmt: skip
    """``{"detail": ...}``; on the OpenAI-compatible paths also ``{"error": {"message", "type"}}``,
    the shape the OpenAI SDKs put into their exception messages."""
    body: dict[str, object] = {"detail": detail, **extra}
    if request.url.path.startswith(OPENAI_PATHS):
        body["error"] = {"message": detail, "type": OPENAI_ERROR_TYPES.get(status, "api_error"), "code": None}
    return JSONResponse(body, status_code=status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):
        raise exc  # registered for HTTPException only
    if not request.url.path.startswith(OPENAI_PATHS):
        return await http_exception_handler(request, exc)
    return _error(request, exc.status_code, str(exc.detail), exc.headers)


async def _archive_error(request: Request, exc: Exception) -> JSONResponse:
    status = next((code for cls, code in ERROR_STATUS if isinstance(exc, cls)), 500)
    if status == 500:
        log.error("unexpected %s on %s: %s", type(exc).__name__, request.url.path, exc)
    return _error(request, status, str(exc))


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette logs the traceback itself after this response is sent.
    return _error(request, 500, "internal error")


def _field(error: Any) -> str:
    if error.get("type") == "json_invalid":
        return "body"  # its loc is a character offset, not a field
    loc = [str(p) for p in error.get("loc", ())]
    if loc and loc[0] in ("body", "query", "path", "header"):
        loc = loc[1:]
    # a message's role picks its model (a tagged union); pydantic puts that tag in the path ("messages.0.user.x")
    loc = [p for i, p in enumerate(loc) if not (i and loc[i - 1].isdigit() and p in MESSAGE_ROLES)]
    return ".".join(loc) or "body"


def _message(error: Any) -> str:
    if error.get("type") == "model_attributes_type" and _field(error) == "body":
        return "expected a JSON object (send Content-Type: application/json)"
    if error.get("type") == "json_invalid":  # where the JSON breaks, and how: "… at character 17 (Expecting ',' …)"
        at, why = error.get("loc", ())[-1:], (error.get("ctx") or {}).get("error")
        return "not valid JSON" + (f" at character {at[0]}" if at else "") + (f" ({why})" if why else "")
    return str(error.get("msg", "invalid"))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 whose ``detail`` names each bad field: ``"as_of: expected YYYY-MM-DD"``."""
    errors = [
        {"field": _field(e), "message": _message(e), "type": str(e.get("type", "invalid"))}
        for e in (exc.errors() if isinstance(exc, RequestValidationError) else [])
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
    return _error(request, 422, detail, errors=errors)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the service in the foreground (``archive-chat serve``): in this process, or in ``settings.workers``
    processes forked from this one (``api/prefork.py``) that each build the app from the environment
    (``app_from_environment``) and map one shared copy of the index's vectors. An index of another model is
    refused before binding."""
    try:
        manifest = read_manifest(settings.index_dir)
    except IndexMissing:
        manifest = None  # served anyway: /readyz is 503 until a reindex publishes one
    if manifest is not None:  # by name first: no need to load a model to refuse a foreign index
        check_fits(settings.index_dir, manifest, model_fingerprint(settings.model, settings.precision))
    if settings.workers > 1:  # each worker loads its own encoder (and checks its dimension when it opens the index)
        os.environ.update(as_environment(settings))
        get_settings.cache_clear()
        code = serve_forked(
            "api.app:app_from_environment", workers=settings.workers, precision=settings.precision, host=host, port=port
        )
        if code:
            raise SystemExit(code)
        return
    encoder = encoder_from(settings)
    if manifest is not None:
        check_fits(settings.index_dir, manifest, model_fingerprint(encoder.name, settings.precision), encoder.dim)
    uvicorn.run(create_app(settings, encoder=encoder), host=host, port=port, log_level="info")


def app_from_environment() -> FastAPI:
    """The app of one worker process, configured by the ``ARCHIVE_CHAT_*`` variables its parent set."""
    return create_app(get_settings())
