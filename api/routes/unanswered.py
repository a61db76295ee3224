"""``GET /v1/admin/unanswered``: the editors' report of what readers asked that the archive did not answer."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from starlette.concurrency import run_in_threadpool

from api.deps import Admin, QuestionLogDep, RateLimited, SettingsDep
from api.questionlog.report import build_report
from api.routes.feedback import LOG_OFF
from api.schemas import IsoDate
from api.schemas_errors import error_responses
from api.schemas_log import UnansweredOut

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[RateLimited, Admin])
MAX_GROUPS = 500


@router.get("/unanswered", responses=error_responses(401, 404, 422, 429, 500, 503,
                                                     s404="Admin endpoints are disabled, or the question log is off.",
                                                     s503="The question log cannot be read."))  # fmt: skip
async def unanswered(
    question_log: QuestionLogDep,
    settings: SettingsDep,
    since: Annotated[IsoDate | None, Query(description="Only questions asked on or after this day (UTC).")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_GROUPS, description="At most this many question groups.")] = 50,
) -> UnansweredOut:
    """Question groups that abstained, had low confidence or were marked not helpful, most asked first,
    and the per-week share of abstentions and not-helpful verdicts."""
    if question_log is None:
        raise HTTPException(404, LOG_OFF)
    start = dt.datetime.combine(since, dt.time.min, dt.UTC) if since else None
    try:
        rows = await run_in_threadpool(question_log.answers, start)
    except Exception as exc:
        log.warning("question log not readable: %s: %s", type(exc).__name__, exc)
        raise HTTPException(503, "the question log cannot be read; see the server log") from exc
    return UnansweredOut.of(build_report(rows, low_confidence=settings.low_confidence, limit=limit))
