"""Who may call what, how often, with how large a body: API keys, admin auth, rate limits, body limit.

Pure helpers plus one ASGI middleware; the FastAPI dependencies that apply them live in ``api/deps.py``.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import threading
import time
from collections.abc import Callable, Iterable

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def bearer_token(conn: HTTPConnection) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if any."""
    scheme, _, token = conn.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def presented_key(conn: HTTPConnection) -> str | None:
    """The API key a client sent, as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``."""
    return bearer_token(conn) or conn.headers.get("x-api-key") or None


def matches_any(candidate: str | None, secrets_: Iterable[str]) -> bool:
    """Constant-time check of ``candidate`` against every configured secret."""
    if not candidate:
        return False
    found = False
    for s in secrets_:
        found |= secrets.compare_digest(candidate.encode(), s.encode())
    return found


def is_widget_request(conn: HTTPConnection, allowed_origins: Iterable[str]) -> bool:
    """True when the browser says the request comes from an allowed widget origin or from this site.

    Browsers always send ``Origin`` on cross-origin and same-origin POSTs and scripts cannot forge it;
    other clients can, so this only spares the widget a key. Rate limits still apply to it.
    """
    origin = conn.headers.get("origin")
    if not origin:
        return False
    allowed = set(allowed_origins)
    if "*" in allowed or origin in allowed:
        return True
    host = conn.headers.get("host")
    return host is not None and origin == f"{conn.url.scheme}://{host}"


def client_key(conn: HTTPConnection, api_keys: Iterable[str]) -> str:
    """Rate-limit identity: a valid API key when one is sent, else the client IP.

    An invalid key does not get its own bucket, or random keys would dodge the per-IP limit.
    """
    key = presented_key(conn)
    if key is not None and matches_any(key, api_keys):
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return "ip:" + (conn.client.host if conn.client else "unknown")


class RateLimiter:
    """Token buckets per client: ``per_minute`` requests of burst, refilled at ``per_minute / 60`` per second.

    >>> rl = RateLimiter(2, clock=lambda: 0.0)
    >>> rl.acquire("a"), rl.acquire("a"), rl.acquire("a")
    (None, None, 30)
    """

    _PRUNE_AT = 10_000  # buckets kept before full (idle) ones are dropped

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill time)
        self._lock = threading.Lock()

    def acquire(self, key: str) -> int | None:
        """Take one token for ``key``: None if allowed, else whole seconds until one is available."""
        if self.capacity <= 0:
            return None  # limit disabled
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                if len(self._buckets) > self._PRUNE_AT:
                    self._prune(now)
                return None
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self.rate))

    def _prune(self, now: float) -> None:
        full = [k for k, (t, last) in self._buckets.items() if t + (now - last) * self.rate >= self.capacity]
        for k in full:
            del self._buckets[k]


class BodySizeLimit:
    """Reject request bodies over ``max_bytes`` with 413 before anything parses them.

    A declared Content-Length is checked up front; a chunked body is read (at most ``max_bytes`` of
    it) before the app runs and replayed to it, so no handler ever sees a partial body.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not declared.isdigit():
                await self._reject(send, 400, "invalid Content-Length header")
                return
            if int(declared) > self.max_bytes:
                await self._too_large(send)
                return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await self._too_large(send)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as the server would

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await self._reject(send, 413, f"request body too large: the limit is {self.max_bytes} bytes")

    @staticmethod
    async def _reject(send: Send, status: int, detail: str) -> None:
        payload = json.dumps({"detail": detail}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
