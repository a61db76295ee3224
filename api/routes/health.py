"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from api.deps import NO_INDEX, EngineIfLoadedDep, MetricsDep
from api.schemas_errors import error_responses

router = APIRouter(tags=["health"], responses=error_responses(500))


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (says nothing about the index)."""
    return {"status": "ok"}


@router.get("/readyz", responses=error_responses(503))
async def readyz(engine: EngineIfLoadedDep) -> JSONResponse:
    """200 only once an index is loaded and queries can be answered."""
    if engine is None:
        return JSONResponse({"status": "not ready", "detail": NO_INDEX}, status_code=503)
    return JSONResponse({"status": "ready", "index_version": engine.version})


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
async def metrics(engine: EngineIfLoadedDep, registry: MetricsDep) -> Response:
    """Prometheus text format: per-route request counts and latencies, answer stage timings, index size."""
    if engine is not None:
        registry.observe_index(engine.stats())
    return Response(registry.render(), media_type=registry.content_type)
