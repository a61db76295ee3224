"""``/v1/admin/reindex`` and ``/v1/admin/status``: re-embed the archive while the old index keeps serving."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Annotated, Literal, cast

from fastapi import APIRouter, Depends, HTTPException, Request

from api.deps import Admin, EngineIfLoadedDep, RateLimited
from api.schemas import ReindexStatusOut
from api.schemas_errors import error_responses
from embeddings.job import JobReport

log = logging.getLogger(__name__)
State = Literal["idle", "running", "failed", "succeeded"]


class Reindexer:
    """Runs one embedding job at a time in a background thread, then publishes its index.

    ``run`` builds and publishes the new index version on disk; ``publish`` makes the engine
    serve it. If either raises, the state is ``failed`` and the engine keeps the old index.
    """

    def __init__(self, run: Callable[[], JobReport], publish: Callable[[], None]) -> None:
        self._run = run
        self._publish = publish
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.state: State = "idle"
        self.report: JobReport | None = None
        self.error: str | None = None
        self.started_at: dt.datetime | None = None
        self.finished_at: dt.datetime | None = None

    def start(self) -> bool:
        """Start a job; False (and nothing started) if one is already running."""
        with self._lock:
            if self.state == "running":
                return False
            self.state, self.error = "running", None
            self.started_at, self.finished_at = _now(), None
            self._thread = threading.Thread(target=self._work, name="reindex", daemon=True)
            self._thread.start()
            return True

    def join(self, timeout: float | None = None) -> None:
        """Wait for the running job, if any (for shutdown and tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _work(self) -> None:
        try:
            report = self._run()
            self._publish()
        except Exception as exc:  # reported through /v1/admin/status, and logged with its traceback
            log.exception("reindex failed; the previous index keeps serving")
            with self._lock:
                self.state, self.error, self.finished_at = "failed", f"{type(exc).__name__}: {exc}", _now()
            return
        with self._lock:
            self.state, self.report, self.finished_at = "succeeded", report, _now()

    def status(self, index_version: str | None) -> ReindexStatusOut:
        with self._lock:
            return ReindexStatusOut(
                state=self.state, index_version=index_version, started_at=self.started_at,
                finished_at=self.finished_at, report=self.report, error=self.error,
            )  # fmt: skip


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def get_reindexer(request: Request) -> Reindexer:
    return cast(Reindexer, request.app.state.reindexer)


ReindexerDep = Annotated[Reindexer, Depends(get_reindexer)]
router = APIRouter(
    prefix="/v1/admin", tags=["admin"], dependencies=[RateLimited, Admin],
    responses=error_responses(401, 404, 429, 500, s404="Admin endpoints are disabled: no admin token is set."),
)  # fmt: skip


@router.post(
    "/reindex", status_code=202, responses=error_responses(400, 409, 413, s409="A reindex is already running.")
)
async def reindex(reindexer: ReindexerDep, engine: EngineIfLoadedDep) -> ReindexStatusOut:
    """Re-embed ``settings.archive`` into ``settings.index_dir`` in the background, then swap the index in."""
    if not reindexer.start():
        raise HTTPException(409, "a reindex is already running; poll GET /v1/admin/status")
    return reindexer.status(engine.version if engine else None)


@router.get("/status")
async def status(reindexer: ReindexerDep, engine: EngineIfLoadedDep) -> ReindexStatusOut:
    """State of the last reindex (idle, running, failed, succeeded), its report or error, the serving version."""
    return reindexer.status(engine.version if engine else None)
