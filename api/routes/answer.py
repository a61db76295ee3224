"""``/v1/answer``, ``/v1/answer/stream`` (Server-Sent Events) and ``/v1/search``."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from api.answerlog import Recording
from api.deps import ApiKey, ApiKeyUnlessWidget, EngineDep, RateLimited, RecorderDep, SettingsDep, check_question
from api.schemas import AnswerOut, AnswerRequest, CitationOut, SearchOut, SearchRequest
from api.schemas_errors import error_responses
from api.sse import error_detail, event_stream, relay, sse
from rag.records import Answer

# Every status these operations can return besides 200: bad framing, keys, size, validation, rate, no index.
router = APIRouter(prefix="/v1", tags=["answer"], responses=error_responses(400, 401, 413, 422, 429, 500, 503))


@router.post("/answer", dependencies=[RateLimited, ApiKeyUnlessWidget])
async def answer(body: AnswerRequest, engine: EngineDep, settings: SettingsDep, recorder: RecorderDep) -> AnswerOut:
    """Answer a question from the archive, with verified quoted citations."""
    check_question(body.question, settings)
    recording = recorder.start(body.question, engine.version)
    # answer_async runs the CPU-bound retrieval and composition in worker threads.
    result = await engine.answer_async(
        body.question, as_of=body.as_of, history=body.engine_history(), filters=body.engine_filters(),
        mode=body.mode,
    )  # fmt: skip
    await recording.done(result)
    return AnswerOut.of(result, recording.id)


_SSE_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {"example": 'event: delta\ndata: {"text": "Fuel prices rose [1]."}\n\n'}},
        "description": "Events `passages`, `delta` (several), `citations`, `done`; or `error` if it fails midway.",
    }
}


@router.post("/answer/stream", response_class=StreamingResponse, responses=_SSE_DOC,
             dependencies=[RateLimited, ApiKeyUnlessWidget])  # fmt: skip
async def answer_stream(
    body: AnswerRequest, engine: EngineDep, settings: SettingsDep, recorder: RecorderDep
) -> StreamingResponse:
    """The same answer as ``/v1/answer``, as Server-Sent Events while it is composed."""
    check_question(body.question, settings)
    recording = recorder.start(body.question, engine.version)
    events = engine.stream(
        body.question, as_of=body.as_of, history=body.engine_history(), filters=body.engine_filters(),
        mode=body.mode,
    )  # fmt: skip
    # Pull the first event before answering: an error this early still gets a proper status code.
    first = await anext(events)
    return event_stream(relay(first, events, partial(_encode, recording), _failure))


@router.post("/search", dependencies=[RateLimited, ApiKey])
async def search(body: SearchRequest, engine: EngineDep, settings: SettingsDep) -> SearchOut:
    """Retrieve passages and the date-sorted articles behind them, without composing an answer."""
    check_question(body.question, settings)
    filters = body.engine_filters()
    passages, articles = await engine.search_async(body.question, as_of=body.as_of, filters=filters, k=body.k)
    return SearchOut.of(passages, articles)


def event_data(name: str, payload: Any) -> dict[str, Any] | None:
    """The JSON body of an engine event, or None for an event this API does not forward (``done``: see _encode)."""
    if name == "passages":
        passages, articles = payload
        return SearchOut.of(passages, articles).model_dump(mode="json")
    if name == "delta":
        return {"text": str(payload)}
    if name == "citations":
        return {"citations": [CitationOut.of(c).model_dump(mode="json") for c in payload]}
    return None


async def _encode(recording: Recording, name: str, payload: object) -> str | None:
    """One engine event as SSE; ``done`` is recorded and carries the whole answer."""
    if name == "done" and isinstance(payload, Answer):
        await recording.done(payload)
        return sse(AnswerOut.of(payload, recording.id).model_dump(mode="json"), name)
    data = event_data(name, payload)
    return None if data is None else sse(data, name)


def _failure(exc: Exception) -> str:
    return sse({"detail": error_detail(exc)}, "error")
