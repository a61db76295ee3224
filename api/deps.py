"""Typed dependencies: what a route needs (engine, settings, metrics) and who may call it."""

from __future__ import annotations

import secrets
from typing import Annotated, cast

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError

from api import security
from api.answerlog import Recorder
from api.metrics import Metrics
from api.questionlog.store import QuestionLog
from archive_chat.errors import IndexMissing
from archive_chat.settings import Settings
from rag.engine import Engine

NO_INDEX = "no index is loaded yet: build one with `archive-chat index` or POST /v1/admin/reindex"


def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def get_engine_if_loaded(request: Request) -> Engine | None:
    return cast(Engine | None, request.app.state.engine)


def get_engine(request: Request) -> Engine:
    """The serving engine; 503 (IndexMissing) until an index has been published and opened."""
    engine = get_engine_if_loaded(request)
    if engine is None:
        raise IndexMissing(NO_INDEX)
    engine.follow(cast(Settings, request.app.state.settings).reload_check_s)
    return engine


def get_metrics(request: Request) -> Metrics:
    return cast(Metrics, request.app.state.metrics)


def get_recorder(request: Request) -> Recorder:
    return cast(Recorder, request.app.state.recorder)


def get_question_log(request: Request) -> QuestionLog | None:
    """The question log, or None when it is switched off (``ARCHIVE_CHAT_QUESTION_LOG=false``)."""
    return cast(QuestionLog | None, request.app.state.question_log)


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
EngineIfLoadedDep = Annotated[Engine | None, Depends(get_engine_if_loaded)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
RecorderDep = Annotated[Recorder, Depends(get_recorder)]
QuestionLogDep = Annotated[QuestionLog | None, Depends(get_question_log)]


def check_question(question: str, settings: Settings, loc: tuple[str | int, ...] = ("body", "question")) -> None:
    """Enforce ``settings.max_question_chars`` (a runtime setting, so not part of the static schema)."""
    if len(question) > settings.max_question_chars:
        msg = f"must be at most {settings.max_question_chars} characters (got {len(question)})"
        raise RequestValidationError([{"loc": loc, "msg": msg, "type": "string_too_long"}])


async def rate_limit(request: Request, settings: SettingsDep) -> None:
    """Per client (valid API key, else IP) token bucket; 429 with Retry-After when empty."""
    limiter = cast(security.RateLimiter, request.app.state.limiter)
    wait = limiter.acquire(security.client_key(request, settings.api_keys))
    if wait is not None:
        raise HTTPException(
            429,
            f"rate limit of {settings.rate_limit_per_minute} requests per minute exceeded; retry in {wait} s",
            headers={"Retry-After": str(wait)},
        )


def _unauthorized(what: str) -> HTTPException:
    return HTTPException(401, what, headers={"WWW-Authenticate": "Bearer"})


async def api_key(request: Request, settings: SettingsDep) -> None:
    """When API keys are configured, require one (``Authorization: Bearer KEY`` or ``X-API-Key``)."""
    if settings.api_keys and not security.matches_any(security.presented_key(request), settings.api_keys):
        raise _unauthorized("missing or invalid API key: send `Authorization: Bearer KEY` or `X-API-Key: KEY`")


async def api_key_unless_widget(request: Request, settings: SettingsDep) -> None:
    """Like ``api_key``, but with ``widget_origin_exempt`` a public widget (an allowed or the same origin)
    needs no key: it can hold no secret. Off by default, since any non-browser client can claim an Origin."""
    if settings.widget_origin_exempt and security.is_widget_request(request, settings.cors_origins):
        return
    await api_key(request, settings)


async def admin(request: Request, settings: SettingsDep) -> None:
    """``Authorization: Bearer <admin_token>``; admin endpoints do not exist (404) without a token."""
    if not settings.admin_token:
        raise HTTPException(404, "Not Found")
    token = security.bearer_token(request)
    if token is None or not secrets.compare_digest(token.encode(), settings.admin_token.encode()):
        raise _unauthorized("admin endpoints need `Authorization: Bearer <admin token>`")


RateLimited = Depends(rate_limit)
ApiKey = Depends(api_key)
ApiKeyUnlessWidget = Depends(api_key_unless_widget)
Admin = Depends(admin)
