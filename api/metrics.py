"""Prometheus metrics, one registry per app (no global registry, so tests can build many apps)."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.records import Answer

_HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"  # one label for every unknown path, so scanners cannot explode cardinality


class Metrics:
    """Request counters and latencies per route template, answer stage timings, index size."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "archive_chat_http_requests", "HTTP requests by route template, method and status.",
            ["method", "route", "status"], registry=r,
        )  # fmt: skip
        self.latency = Histogram(
            "archive_chat_http_request_duration_seconds", "Time to the last byte of the response, per route.",
            ["method", "route"], buckets=_HTTP_BUCKETS, registry=r,
        )  # fmt: skip
        self.stages = Histogram(
            "archive_chat_answer_stage_seconds", "Answer pipeline time per stage, from Answer.timings_ms.",
            ["stage"], buckets=_HTTP_BUCKETS, registry=r,
        )  # fmt: skip
        self.answers = Counter(
            "archive_chat_answers", "Answers given, by mode and whether the engine abstained.",
            ["mode", "abstained"], registry=r,
        )  # fmt: skip
        self.feedback = Counter(
            "archive_chat_feedback", "Reader verdicts recorded by /v1/feedback.", ["helpful"], registry=r
        )
        self.log_failures = Counter(
            "archive_chat_question_log_failures", "Answers sent but not written to the question log.", registry=r
        )
        self.articles = Gauge("archive_chat_index_articles", "Articles in the serving index.", registry=r)
        self.chunks = Gauge("archive_chat_index_chunks", "Chunks (passages) in the serving index.", registry=r)
        self.index = Info("archive_chat_index", "Version and model of the serving index.", registry=r)

    def observe_answer(self, answer: Answer) -> None:
        """Record each stage of ``answer.timings_ms`` in seconds: ``retrieve_ms`` becomes stage="retrieve"."""
        self.answers.labels(answer.mode, str(answer.abstained).lower()).inc()
        for stage, ms in answer.timings_ms.items():
            self.stages.labels(stage.removesuffix("_ms")).observe(max(0.0, ms) / 1000.0)

    def observe_index(self, stats: Mapping[str, object]) -> None:
        """Publish ``Engine.stats()``: sizes as gauges, version and model as info labels."""
        for gauge, key in ((self.articles, "articles"), (self.chunks, "chunks")):
            value = stats.get(key)
            if isinstance(value, int | float):
                gauge.set(value)
        self.index.info({k: str(stats.get(k, "")) for k in ("version", "model", "date_min", "date_max")})

    def render(self) -> bytes:
        return generate_latest(self.registry)


def route_template(scope: Scope, routes: Sequence[BaseRoute]) -> str:
    """The route path template that served (or would serve) ``scope``, never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    # Responses sent before routing (413 from the body limit) still belong to a route.
    for candidate in routes:
        match, _ = candidate.matches(scope)
        if match is Match.FULL:
            return str(getattr(candidate, "path", UNMATCHED))
    return UNMATCHED


class MetricsMiddleware:
    """Count every HTTP request and time it to its last byte (so streams count in full)."""

    def __init__(self, app: ASGIApp, metrics: Metrics, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.metrics = metrics
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless the app gets as far as starting a response

        async def send_tracking(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        finally:
            route = route_template(scope, self.routes)
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(time.perf_counter() - started)
