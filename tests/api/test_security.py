"""API keys, the widget's key-free access, admin auth, rate limits and CORS."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from api.security import RateLimiter
from tests.api.conftest import WIDGET_ORIGIN

Q = {"question": "What happened to Teodor Brannock?"}
KEY = "k-123"
DEVELOPER_CALLS = [
    ("POST", "/v1/answer", Q),
    ("POST", "/v1/answer/stream", Q),
    ("POST", "/v1/search", Q),
    ("GET", "/v1/articles/brannock-collapse", None),
    ("POST", "/v1/chat/completions", {"model": "m", "messages": [{"role": "user", "content": Q["question"]}]}),
    ("GET", "/v1/models", None),
]


@pytest.fixture
def keyed_app(make_app: Callable[..., FastAPI]) -> FastAPI:
    return make_app(api_keys=[KEY, "other-key"])


@pytest.mark.parametrize(("method", "path", "body"), DEVELOPER_CALLS)
async def test_api_keys_guard_developer_endpoints(
    keyed_app: FastAPI, client_for: Callable[..., httpx.AsyncClient], method: str, path: str, body: object
) -> None:
    async with client_for(keyed_app) as c:
        r = await c.request(method, path, json=body)
        assert r.status_code == 401, r.text
        assert r.headers["www-authenticate"] == "Bearer" and "API key" in r.json()["detail"]
        r = await c.request(method, path, json=body, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401
        assert (await c.request(method, path, json=body, headers={"Authorization": f"Bearer {KEY}"})).status_code == 200
        assert (await c.request(method, path, json=body, headers={"X-API-Key": KEY})).status_code == 200


async def test_an_origin_header_does_not_replace_a_key_by_default(
    keyed_app: FastAPI, client_for: Callable[..., httpx.AsyncClient]
) -> None:
    # Any script can send `Origin`: with keys configured, the exemption must be asked for.
    async with client_for(keyed_app) as c:
        for origin in (WIDGET_ORIGIN, "http://testserver"):
            for path in ("/v1/answer", "/v1/answer/stream"):
                assert (await c.post(path, json=Q, headers={"Origin": origin})).status_code == 401


async def test_with_the_exemption_a_public_widget_needs_no_key_from_an_allowed_or_same_origin(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    async with client_for(make_app(api_keys=[KEY], widget_origin_exempt=True)) as c:
        for origin in (WIDGET_ORIGIN, "http://testserver"):  # a listed origin; the API's own origin
            for path in ("/v1/answer", "/v1/answer/stream"):
                r = await c.post(path, json=Q, headers={"Origin": origin})
                assert r.status_code == 200, (origin, path, r.text)
        # Only the widget's endpoints: developer endpoints still want a key from that origin.
        assert (await c.post("/v1/search", json=Q, headers={"Origin": WIDGET_ORIGIN})).status_code == 401
        # Other origins need a key like anyone else.
        assert (await c.post("/v1/answer", json=Q, headers={"Origin": "https://evil.example"})).status_code == 401


async def test_without_keys_configured_everything_is_open(client: httpx.AsyncClient) -> None:
    assert (await client.post("/v1/search", json=Q)).status_code == 200


@pytest.mark.parametrize(("method", "path"), [("POST", "/v1/admin/reindex"), ("GET", "/v1/admin/status")])
async def test_admin_endpoints_need_the_admin_bearer_token(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient], method: str, path: str
) -> None:
    async with client_for(make_app()) as c:  # no admin token configured: the endpoints do not exist
        assert (await c.request(method, path, headers={"Authorization": "Bearer x"})).status_code == 404
    async with client_for(make_app(admin_token="s3cret", api_keys=[KEY])) as c:
        assert (await c.request(method, path)).status_code == 401
        assert (await c.request(method, path, headers={"Authorization": "Bearer nope"})).status_code == 401
        # An API key is not an admin token.
        assert (await c.request(method, path, headers={"Authorization": f"Bearer {KEY}"})).status_code == 401
    if method == "GET":
        async with client_for(make_app(admin_token="s3cret")) as c:
            r = await c.get(path, headers={"Authorization": "Bearer s3cret"})
            assert r.status_code == 200 and r.json()["state"] == "idle"


async def test_rate_limit_is_429_with_retry_after_per_client(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    app = make_app(rate_limit_per_minute=3)
    async with client_for(app, ip="10.0.0.1") as a, client_for(app, ip="10.0.0.2") as b:
        for _ in range(3):
            assert (await a.get("/v1/articles/brannock-collapse")).status_code == 200
        r = await a.post("/v1/answer", json=Q)
        assert r.status_code == 429
        assert int(r.headers["retry-after"]) >= 1
        assert "3 requests per minute" in r.json()["detail"]
        # Another client has its own bucket; health checks are never limited.
        assert (await b.get("/v1/articles/brannock-collapse")).status_code == 200
        assert (await a.get("/healthz")).status_code == 200
        assert (await a.get("/metrics")).status_code == 200


async def test_a_valid_api_key_gets_its_own_bucket_an_invalid_one_does_not(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    app = make_app(rate_limit_per_minute=2, api_keys=[KEY])
    async with client_for(app, ip="10.0.0.3") as c:
        for _ in range(2):
            await c.get("/v1/models", headers={"X-API-Key": "made-up"})
        # The IP bucket is empty: random keys do not buy fresh buckets.
        assert (await c.get("/v1/models", headers={"X-API-Key": "made-up-2"})).status_code == 429
        assert (await c.get("/v1/models", headers={"X-API-Key": KEY})).status_code == 200


def test_token_bucket_refills_at_the_configured_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(6, clock=lambda: now[0])  # 6 per minute: one token every 10 s
    assert [limiter.acquire("c") for _ in range(6)] == [None] * 6
    assert limiter.acquire("c") == 10
    now[0] = 4.0
    assert limiter.acquire("c") == 6
    now[0] = 10.0
    assert limiter.acquire("c") is None and limiter.acquire("c") == 10
    assert RateLimiter(0).acquire("c") is None, "0 disables the limit"


async def test_cors_echoes_allowed_origins_only(client: httpx.AsyncClient) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    r = await client.options("/v1/answer/stream", headers={"Origin": WIDGET_ORIGIN, **preflight})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == WIDGET_ORIGIN
    r = await client.post("/v1/answer", json=Q, headers={"Origin": WIDGET_ORIGIN})
    assert r.headers["access-control-allow-origin"] == WIDGET_ORIGIN

    r = await client.options("/v1/answer/stream", headers={"Origin": "https://evil.example", **preflight})
    assert r.status_code == 400 and "access-control-allow-origin" not in r.headers
    assert r.json()["detail"].startswith("Disallowed CORS origin: ")  # the body every other error has
    r = await client.post("/v1/answer", json=Q, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


async def test_error_responses_carry_cors_headers_so_the_widget_can_read_them(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    async with client_for(make_app(rate_limit_per_minute=1, max_body_bytes=100)) as c:
        headers = {"Origin": WIDGET_ORIGIN}
        r = await c.post("/v1/answer", content=b"x" * 101, headers=headers)
        assert r.status_code == 413 and r.headers["access-control-allow-origin"] == WIDGET_ORIGIN
        await c.post("/v1/answer", json=Q, headers=headers)
        r = await c.post("/v1/answer", json=Q, headers=headers)
        assert r.status_code == 429 and r.headers["access-control-allow-origin"] == WIDGET_ORIGIN
        assert "retry-after" in r.headers["access-control-expose-headers"].lower()
