"""Fixtures for the HTTP API: apps over the real fixture index, in-process clients and live servers.

- ``api_settings``: the fixture settings with service limits loosened for tests.
- ``api_engine``: one real ``Engine`` over ``fixture_index`` and the session ``encoder``.
- ``make_app(**overrides)``: a fresh app (own metrics registry, own rate limiter) over ``api_engine``.
- ``client``: an ``httpx.AsyncClient`` on ``make_app()`` through ``ASGITransport`` (no lifespan).
- ``client_for(app, ip=...)``: an ``httpx.AsyncClient`` for any app, as a given client IP.
- ``serve_app(app)``: a real uvicorn server for ``app`` in a thread; returns its base URL.
- ``live_server``: base URL of a real uvicorn server over the fixture index (session-wide).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from api.app import create_app
from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder
from rag.engine import Engine

WIDGET_ORIGIN = "http://widget.example"
ASGI_BASE = "http://testserver"


@pytest.fixture(scope="session")
def api_settings(fixture_settings: Settings, fixture_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Fixture index and archive; a rate limit high enough never to trip unless a test lowers it; the question
    log in a session temp directory (a test that reads the log passes its own ``data_dir``)."""
    return fixture_settings.model_copy(
        update={
            "index_dir": fixture_index,
            "data_dir": tmp_path_factory.mktemp("var"),
            "rate_limit_per_minute": 100_000,
            "cors_origins": [WIDGET_ORIGIN],
            "admin_token": None,
            "api_keys": [],
            "llm_base_url": None,
        }
    )


@pytest.fixture(scope="session")
def api_engine(api_settings: Settings, encoder: SentenceEncoder) -> Iterator[Engine]:
    with Engine.open(api_settings.index_dir, api_settings, encoder=encoder) as engine:
        yield engine


@pytest.fixture(scope="session")
def make_app(api_settings: Settings, api_engine: Engine, encoder: SentenceEncoder) -> Callable[..., FastAPI]:
    """``make_app(api_keys=["k"], ...)``: an app with these settings overridden, over the shared engine."""

    def make(**overrides: Any) -> FastAPI:
        return create_app(api_settings.model_copy(update=overrides), engine=api_engine, encoder=encoder)

    return make


@pytest.fixture(scope="session")
def client_for() -> Callable[..., httpx.AsyncClient]:
    """``async with client_for(app, ip="10.0.0.1") as c:`` — in-process, no sockets, no lifespan."""

    def make(app: FastAPI, ip: str = "127.0.0.1") -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 1234)), base_url=ASGI_BASE)

    return make


@pytest.fixture
async def client(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(make_app()) as c:
        yield c


class _LiveServer:
    """uvicorn on 127.0.0.1 in a daemon thread, bound to a free port before it starts (no port race)."""

    def __init__(self, app: FastAPI) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start on {self.url}")
            time.sleep(0.02)
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()


@pytest.fixture(scope="session")
def serve_app() -> Iterator[Callable[[FastAPI], str]]:
    """``base_url = serve_app(app)``: serve any app over real HTTP until the session ends."""
    servers: list[_LiveServer] = []

    def serve(app: FastAPI) -> str:
        server = _LiveServer(app)
        servers.append(server)
        return server.start()

    yield serve
    for server in reversed(servers):
        server.stop()


@pytest.fixture(scope="session")
def live_server(serve_app: Callable[[FastAPI], str], make_app: Callable[..., FastAPI]) -> str:
    """Base URL (``http://127.0.0.1:PORT``, no trailing slash) of the API over the fixture index.

    No API keys, no admin token, CORS for ``http://widget.example``; ``/`` and ``/widget.js`` serve
    ``api/static``.
    """
    return serve_app(make_app())
