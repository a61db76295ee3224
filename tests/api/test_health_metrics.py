"""Health, readiness, Prometheus metrics, the static widget files and the OpenAPI docs."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from fastapi import FastAPI

from api.routes.pages import STATIC
from rag.engine import Engine

Q = {"question": "What happened to Teodor Brannock?"}


async def test_healthz_and_readyz(client: httpx.AsyncClient, api_engine: Engine) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    r = await client.get("/readyz")
    assert r.status_code == 200 and r.json() == {"status": "ready", "index_version": api_engine.version}


def _sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample of the Prometheus text format, or None."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        metric, _, rest = series.partition("{")
        if metric == name and ",".join(sorted(rest.rstrip("}").split(","))) == want:
            return float(value)
    return None


async def test_metrics_count_requests_per_route_template(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient], api_engine: Engine
) -> None:
    async with client_for(make_app(max_body_bytes=200)) as c:
        await c.post("/v1/answer", json=Q)
        await c.post("/v1/answer", json=Q)
        await c.post("/v1/answer", json={"question": ""})
        await c.post("/v1/answer/stream", json=Q)
        await c.get("/v1/articles/brannock-collapse")
        await c.get("/v1/articles/no-such-id")
        await c.post("/v1/search", content=b"x" * 201)
        await c.get("/wp-admin/setup.php")
        await c.get("/openapi.json")
        r = await c.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    text = r.text
    requests = "archive_chat_http_requests_total"
    assert _sample(text, requests, method="POST", route="/v1/answer", status="200") == 2
    assert _sample(text, requests, method="POST", route="/v1/answer", status="422") == 1
    assert _sample(text, requests, method="POST", route="/v1/answer/stream", status="200") == 1
    # Route templates, not raw paths: both article lookups share one series per status.
    article_route = "/v1/articles/{article_id:path}"
    assert _sample(text, requests, method="GET", route=article_route, status="200") == 1
    assert _sample(text, requests, method="GET", route=article_route, status="404") == 1
    assert "no-such-id" not in text and "wp-admin" not in text
    assert _sample(text, requests, method="POST", route="/v1/search", status="413") == 1
    assert _sample(text, requests, method="GET", route="<unmatched>", status="404") == 1
    assert _sample(text, requests, method="GET", route="/openapi.json", status="200") == 1  # no unknown path
    latency = "archive_chat_http_request_duration_seconds_count"
    assert _sample(text, latency, method="POST", route="/v1/answer") == 3
    # Stage timings of the three answers (two plain, one streamed).
    assert _sample(text, "archive_chat_answer_stage_seconds_count", stage="retrieve") == 3
    assert _sample(text, "archive_chat_answer_stage_seconds_count", stage="total") == 3
    assert _sample(text, "archive_chat_answers_total", mode="extractive", abstained="false") == 3
    stats = api_engine.stats()
    assert _sample(text, "archive_chat_index_articles") == stats["articles"]
    assert _sample(text, "archive_chat_index_chunks") == stats["chunks"]
    assert f'version="{api_engine.version}"' in text


async def test_each_app_has_its_own_registry(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    a, b = make_app(), make_app()
    async with client_for(a) as ca, client_for(b) as cb:
        await ca.get("/healthz")
        text = (await cb.get("/metrics")).text
    assert _sample(text, "archive_chat_http_requests_total", method="GET", route="/healthz", status="200") is None


async def test_widget_script_and_demo_page_are_served(client: httpx.AsyncClient) -> None:
    r = await client.get("/widget.js")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/javascript; charset=utf-8"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.content == (STATIC / "widget.js").read_bytes()
    r = await client.get("/")
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.content == (STATIC / "demo.html").read_bytes()


async def test_openapi_documents_the_endpoints_with_examples(client: httpx.AsyncClient) -> None:
    assert (await client.get("/docs")).status_code == 200
    spec = (await client.get("/openapi.json")).json()
    for path in ("/v1/answer", "/v1/answer/stream", "/v1/search", "/v1/chat/completions", "/v1/admin/reindex"):
        assert path in spec["paths"], path
    assert "/v1/articles/{article_id}" in spec["paths"] or "/v1/articles/{article_id:path}" in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert schemas["AnswerRequest"]["examples"][0]["question"]
    assert schemas["ChatCompletionRequest"]["examples"]
    assert {"answer", "citations", "notice"} <= set(schemas["AnswerOut"]["properties"])
    assert "/widget.js" not in spec["paths"]
