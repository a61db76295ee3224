"""OpenAI-compatible ``/v1/chat/completions`` and ``/v1/models``, so the official SDKs work unchanged.

The last user message is the question, earlier user/assistant messages are the history. Citations
stay in the content as markdown links (``[1](link)`` plus a ``Sources:`` list) and come back
structured in a ``citations`` field (on the final chunk when streaming); an abstention lists the closest articles, and
a notice (an LLM answer that fell back to extractive) follows the content in brackets.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import aclosing
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from api.answerlog import Recording
from api.deps import ApiKey, EngineDep, RateLimited, RecorderDep, SettingsDep, check_question
from api.schemas import CitationOut
from api.schemas_errors import error_responses
from api.schemas_openai import (
    ChatChoiceOut,
    ChatCompletionOut,
    ChatCompletionRequest,
    ChatMessageOut,
    ModelListOut,
    ModelOut,
)
from api.sse import Event, error_detail, event_stream, relay, sse
from embeddings.records import web_url
from rag.records import Answer, Citation
from rag.text import CITATION_MARKER

MODEL_ID = "archive-chat"
router = APIRouter(prefix="/v1", tags=["openai-compatible"], dependencies=[RateLimited, ApiKey])


@router.get("/models", responses=error_responses(401, 429, 500))
async def list_models() -> ModelListOut:
    """The one model this server offers (any ``model`` value is accepted by chat completions)."""
    return ModelListOut(data=[ModelOut(id=MODEL_ID, created=int(time.time()))])


@router.post(
    "/chat/completions",
    response_model=ChatCompletionOut,
    responses={200: {"content": {"text/event-stream": {}}}, **error_responses(400, 401, 413, 422, 429, 500, 503)},
)
async def chat_completions(
    body: ChatCompletionRequest, request: Request, engine: EngineDep, settings: SettingsDep, recorder: RecorderDep
) -> ChatCompletionOut | StreamingResponse:
    """OpenAI chat completion over the archive; ``stream: true`` sends ``chat.completion.chunk`` events."""
    for i, text in body.user_texts():
        check_question(text, settings, ("body", "messages", i, "content"))
    base = str(request.base_url)
    history, filters = body.engine_history(), body.filters.to_filters() if body.filters else None
    reply = _Reply(model=body.model, base=base, recording=recorder.start(body.question, engine.version))
    if body.stream:
        events = engine.stream(body.question, as_of=body.as_of, history=history, filters=filters, mode=body.mode)
        first = await anext(events)  # fail with a status code, not mid-stream, if the engine rejects the question
        return event_stream(reply.chunks(first, events))
    answer = await engine.answer_async(
        body.question, as_of=body.as_of, history=history, filters=filters, mode=body.mode
    )
    await reply.recording.done(answer)
    return reply.completion(answer)


# A marker not yet linked: "[1]" but not "[1](…)".
_UNLINKED_MARKER = re.compile(CITATION_MARKER.pattern + r"(?!\()")


def citation_link(c: Citation, base: str) -> str:
    """Where a citation points: the highlighted quote, else the article URL, else this API's copy; only ever
    an http(s) URL, since OpenAI clients render the markdown as it comes.

    >>> c = Citation(n=1, article_id="a", title="T", quote="q", start=0, end=1, url="javascript:alert(1)")
    >>> citation_link(c, "http://h/")
    'http://h/v1/articles/a'
    """
    return _linked(web_url(c.link) or web_url(c.url), c.article_id, base)


def _linked(url: str | None, article_id: str, base: str) -> str:
    """A markdown link's target (which ends at the first ')' or space): ``url``, else this API's copy."""
    link = url or f"{base}v1/articles/{quote(article_id, safe='')}"
    return link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _outlet_and_day(source: str | None, published: dt.date | None) -> str:
    """' (source, date)' after a title in a list, with what the piece has of the two ("" when neither)."""
    meta = ", ".join(x for x in (source, published.isoformat() if published else None) if x)
    return f" ({meta})" if meta else ""


def link_markers(text: str, citations: Iterable[Citation], base: str) -> str:
    """Turn each ``[n]`` marker into ``[n](link)``.

    >>> c = Citation(n=1, article_id="a", title="T", quote="q", start=0, end=1, url="https://x.org/a")
    >>> link_markers("Prices rose [1].", [c], "http://h/")
    'Prices rose [1](https://x.org/a).'
    """
    links = {c.n: citation_link(c, base) for c in citations}
    return _UNLINKED_MARKER.sub(lambda m: f"[{m[1]}]({links[int(m[1])]})" if int(m[1]) in links else m[0], text)


def sources(citations: Iterable[Citation], base: str) -> str:
    """The ``Sources:`` list appended to the content ("" when nothing is cited)."""
    lines = []
    for c in citations:
        lines.append(f"[{c.n}]({citation_link(c, base)}) {c.title}{_outlet_and_day(c.source, c.published)}")
    return "\n\nSources:\n" + "\n".join(lines) if lines else ""


def closest(answer: Answer, base: str) -> str:
    """The articles an abstention says are "listed below", as links ("" for an answer, or when there are none)."""
    if not answer.abstained or not answer.articles:
        return ""
    lines = [
        f"- [{a.title}]({_linked(web_url(a.url), a.article_id, base)}){_outlet_and_day(a.source, a.published)}"
        for a in answer.articles
    ]
    return "\n\nClosest articles:\n" + "\n".join(lines)


def tail(answer: Answer, base: str) -> str:
    """What follows the answer's text in the content: its sources, the closest articles of an abstention, and the
    notice the JSON API gives beside the answer (an LLM answer that fell back to extractive, a date none gives)."""
    notice = f"\n\n({answer.notice})" if answer.notice else ""
    return sources(answer.citations, base) + closest(answer, base) + notice


class _Reply:
    """Builds the OpenAI-shaped response (or stream) of one request; its id is ``chatcmpl-<answer id>``."""

    def __init__(self, *, model: str, base: str, recording: Recording) -> None:
        self.recording = recording
        self.id = "chatcmpl-" + recording.id
        self.created = int(time.time())
        self.model = model
        self.base = base

    def completion(self, answer: Answer) -> ChatCompletionOut:
        content = link_markers(answer.text, answer.citations, self.base) + tail(answer, self.base)
        return ChatCompletionOut(
            id=self.id, created=self.created, model=self.model,
            choices=[ChatChoiceOut(message=ChatMessageOut(content=content))],
            citations=[CitationOut.of(c) for c in answer.citations],
        )  # fmt: skip

    def chunk(self, delta: dict[str, str], finish: str | None = None, **extra: Any) -> str:
        data = {
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra,
        }  # fmt: skip
        return sse(data)

    async def chunks(self, first: Event, events: AsyncIterator[Event]) -> AsyncIterator[str]:
        """Deltas pass through as they come (their [n] markers cannot be linked before the citations
        are verified); the final chunk carries the ``Sources:`` links and the structured citations."""
        yield self.chunk({"role": "assistant", "content": ""})
        # aclosing: a client that goes away closes the relay, and with it the engine's stream, at once
        async with aclosing(relay(first, events, self._encode, _failure, last="data: [DONE]\n\n")) as stream:
            async for text in stream:
                yield text

    async def _encode(self, name: str, payload: object) -> str | None:
        if name == "delta":
            return self.chunk({"content": str(payload)})
        if name == "done" and isinstance(payload, Answer):
            await self.recording.done(payload)
            cited = [CitationOut.of(c).model_dump(mode="json") for c in payload.citations]
            return self.chunk({"content": tail(payload, self.base)}, "stop", citations=cited)
        return None


def _failure(exc: Exception) -> str:
    """A failure after the headers went out, reported the way OpenAI streams do."""
    return sse({"error": {"message": error_detail(exc), "type": "server_error"}})
