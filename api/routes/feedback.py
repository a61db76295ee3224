"""``POST /v1/feedback``: a reader's 👍/👎 (and optional comment) on one answer, by the answer's id."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool

from api.deps import ApiKeyUnlessWidget, MetricsDep, QuestionLogDep, RateLimited, SettingsDep
from api.schemas_errors import error_responses
from api.schemas_log import FeedbackIn, FeedbackOut

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["feedback"])
LOG_OFF = "feedback is not recorded: the question log is switched off on this server"
OPENAI_PREFIX = "chatcmpl-"  # an OpenAI-compatible response's id is this plus the answer id


@router.post("/feedback", status_code=201, dependencies=[RateLimited, ApiKeyUnlessWidget],
             responses=error_responses(400, 401, 404, 413, 422, 429, 500, 503,
                                       s404="No answer with this id is logged (or the log is off).",
                                       s503="The question log cannot be written."))  # fmt: skip
async def feedback(
    body: FeedbackIn, question_log: QuestionLogDep, settings: SettingsDep, metrics: MetricsDep
) -> FeedbackOut:
    """Record whether an answer helped; the latest verdict on an answer is the one the report counts."""
    if question_log is None:
        raise HTTPException(404, LOG_OFF)
    answer_id = body.answer_id.removeprefix(OPENAI_PREFIX)
    comment = (body.comment or "").strip() or None
    try:
        known = await run_in_threadpool(question_log.add_feedback, answer_id, body.helpful, comment)
    except Exception as exc:  # an unwritable log: say so, and keep the details in the server log
        log.warning("feedback not recorded: %s: %s", type(exc).__name__, exc)
        raise HTTPException(503, "the verdict could not be recorded: the question log is not writable") from exc
    if not known:
        raise HTTPException(
            404,
            f"answer_id: no answer {body.answer_id!r} in the question log (answers are kept {settings.log_days} days)",
        )
    metrics.feedback.labels(str(body.helpful).lower()).inc()
    return FeedbackOut(answer_id=answer_id, helpful=body.helpful)
