"""OpenAI-compatible ``/v1/chat/completions`` and ``/v1/models``, so the official SDKs work unchanged.

The last user message is the question, earlier user/assistant messages are the history. Citations
stay in the content as markdown links (``[1](link)`` plus a ``Sources:`` list) and come back
structured in a ``citations`` field (on the final chunk when streaming).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator, Iterable
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from api.answerlog import Recording
from api.deps import ApiKey, EngineDep, RateLimited, RecorderDep, SettingsDep, check_question
from api.routes.answer import SSE_HEADERS, error_detail
from api.schemas import MAX_TURN_CHARS, CitationOut, FiltersIn, IsoDate, Mode, error_responses
from embeddings.records import web_url
from rag.records import Answer, Citation, Turn

MODEL_ID = "archive-chat"
router = APIRouter(prefix="/v1", tags=["openai-compatible"], dependencies=[RateLimited, ApiKey])


class ContentPart(BaseModel):
    """An OpenAI content part; only ``text`` parts carry anything we can use."""

    model_config = ConfigDict(extra="allow", strict=True)

    type: str
    text: str | None = Field(default=None, max_length=MAX_TURN_CHARS)


def _text(content: str | list[ContentPart] | None) -> str:
    if isinstance(content, list):
        return "".join(p.text or "" for p in content if p.type == "text")
    return content or ""


# What the schema promises about a user message's content: some text that is not blank.
_TEXT_PART = {"properties": {"type": {"const": "text"}, "text": {"type": "string", "pattern": r"\S"}},
              "required": ["type", "text"]}  # fmt: skip
MAX_PARTS = 20


def _user_content_schema(schema: dict[str, Any]) -> None:
    for branch in schema.get("anyOf", ()):
        if branch.get("type") == "string":
            branch.update(minLength=1, pattern=r"\S")
        elif branch.get("type") == "array":
            branch.update(contains=_TEXT_PART)


Parts = Annotated[list[ContentPart], Field(max_length=MAX_PARTS)]


class UserMessageIn(BaseModel):
    """A user message: a question (the last one is asked, earlier ones are the history)."""

    model_config = ConfigDict(extra="allow", strict=True)  # OpenAI messages may carry `name` and other keys

    role: Literal["user"]
    content: Annotated[str, Field(max_length=MAX_TURN_CHARS)] | Parts = Field(json_schema_extra=_user_content_schema)

    @model_validator(mode="after")
    def _not_blank(self) -> UserMessageIn:
        if not self.text.strip():
            raise PydanticCustomError("blank", "a user message must not be empty or only whitespace")
        return self

    @property
    def text(self) -> str:
        return _text(self.content)


class OtherMessageIn(BaseModel):
    """An assistant reply (history), or a system or developer prompt (ignored)."""

    model_config = ConfigDict(extra="allow", strict=True)

    role: Literal["system", "developer", "assistant"]
    content: Annotated[str, Field(max_length=MAX_TURN_CHARS)] | Parts | None = None

    @property
    def text(self) -> str:
        return _text(self.content)


ChatMessageIn = Annotated[UserMessageIn | OtherMessageIn, Field(discriminator="role")]


class ChatCompletionRequest(BaseModel):
    """OpenAI ``/v1/chat/completions`` body; sampling options (temperature, max_tokens, ...) are ignored.

    The last user message is the question (messages after it, such as an assistant prefill, are ignored);
    the user and assistant messages before it are the history. Extension fields (pass them with the SDK's
    ``extra_body``): ``as_of``, ``filters``, ``mode``.
    """

    # Unknown keys are ignored, not rejected: OpenAI clients send options we have no use for.
    model_config = ConfigDict(
        extra="ignore",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "model": "archive-chat",
                    "messages": [{"role": "user", "content": "What happened in Balochistan?"}],
                    "stream": False,
                }
            ]
        },
    )

    model: str = "archive-chat"
    messages: list[ChatMessageIn] = Field(
        min_length=1,
        max_length=100,
        json_schema_extra={"contains": {"properties": {"role": {"const": "user"}}, "required": ["role"]}},
    )
    stream: bool = False
    as_of: IsoDate | None = None
    filters: FiltersIn | None = None
    mode: Mode = "extractive"

    @model_validator(mode="after")
    def _has_question(self) -> ChatCompletionRequest:
        if not any(m.role == "user" for m in self.messages):
            raise PydanticCustomError("no_question", "messages must contain a user message (the question)")
        return self

    @property
    def _asked(self) -> int:
        return max(i for i, m in enumerate(self.messages) if m.role == "user")

    @property
    def question(self) -> str:
        return self.messages[self._asked].text

    def user_texts(self) -> list[tuple[int, str]]:
        """(position, text) of every user message: each is held to the question length limit."""
        return [(i, m.text) for i, m in enumerate(self.messages) if m.role == "user"]

    def engine_history(self) -> tuple[Turn, ...]:
        """User/assistant messages before the question; system and developer prompts do not steer retrieval."""
        before = self.messages[: self._asked]
        return tuple(Turn(role=m.role, content=m.text) for m in before if m.role in ("user", "assistant"))


class ChatMessageOut(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class ChatChoiceOut(BaseModel):
    index: int = 0
    message: ChatMessageOut
    finish_reason: Literal["stop"] = "stop"


class UsageOut(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class ChatCompletionOut(BaseModel):
    """OpenAI ``chat.completion`` plus ``citations``: the verified quotes behind the [n] links."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[ChatChoiceOut]
    usage: UsageOut = Field(default_factory=UsageOut)
    citations: list[CitationOut]


class ModelOut(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "archive-chat"


class ModelListOut(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelOut]


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
        return StreamingResponse(reply.chunks(first, events), media_type="text/event-stream",
                                 headers=SSE_HEADERS)  # fmt: skip
    answer = await engine.answer_async(
        body.question, as_of=body.as_of, history=history, filters=filters, mode=body.mode
    )
    await reply.recording.done(answer)
    return reply.completion(answer)


_MARKER = re.compile(r"\[(\d+)\](?!\()")


def citation_link(c: Citation, base: str) -> str:
    """Where a citation points: the highlighted quote, else the article URL, else this API's copy; only ever
    an http(s) URL, since OpenAI clients render the markdown as it comes.

    >>> c = Citation(n=1, article_id="a", title="T", quote="q", start=0, end=1, url="javascript:alert(1)")
    >>> citation_link(c, "http://h/")
    'http://h/v1/articles/a'
    """
    link = web_url(c.link) or web_url(c.url) or f"{base}v1/articles/{quote(c.article_id, safe='')}"
    # Markdown link targets end at the first ')' or space.
    return link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def link_markers(text: str, citations: Iterable[Citation], base: str) -> str:
    """Turn each ``[n]`` marker into ``[n](link)``.

    >>> c = Citation(n=1, article_id="a", title="T", quote="q", start=0, end=1, url="https://x.org/a")
    >>> link_markers("Prices rose [1].", [c], "http://h/")
    'Prices rose [1](https://x.org/a).'
    """
    links = {c.n: citation_link(c, base) for c in citations}
    return _MARKER.sub(lambda m: f"[{m[1]}]({links[int(m[1])]})" if int(m[1]) in links else m[0], text)


def sources(citations: Iterable[Citation], base: str) -> str:
    """The ``Sources:`` list appended to the content ("" when nothing is cited)."""
    lines = []
    for c in citations:
        meta = ", ".join(x for x in (c.source, c.published.isoformat() if c.published else None) if x)
        lines.append(f"[{c.n}]({citation_link(c, base)}) {c.title}" + (f" ({meta})" if meta else ""))
    return "\n\nSources:\n" + "\n".join(lines) if lines else ""


class _Reply:
    """Builds the OpenAI-shaped response (or stream) of one request; its id is ``chatcmpl-<answer id>``."""

    def __init__(self, *, model: str, base: str, recording: Recording) -> None:
        self.recording = recording
        self.id = "chatcmpl-" + recording.id
        self.created = int(time.time())
        self.model = model
        self.base = base

    def completion(self, answer: Answer) -> ChatCompletionOut:
        content = link_markers(answer.text, answer.citations, self.base) + sources(answer.citations, self.base)
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
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    async def chunks(self, first: tuple[str, object], events: AsyncIterator[tuple[str, object]]) -> AsyncIterator[str]:
        """Deltas pass through as they come (their [n] markers cannot be linked before the citations
        are verified); the final chunk carries the ``Sources:`` links and the structured citations."""
        yield self.chunk({"role": "assistant", "content": ""})
        item: tuple[str, object] | None = first
        try:
            while item is not None:
                name, payload = item
                if name == "delta":
                    yield self.chunk({"content": str(payload)})
                elif name == "done" and isinstance(payload, Answer):
                    await self.recording.done(payload)
                    cited = [CitationOut.of(c).model_dump(mode="json") for c in payload.citations]
                    yield self.chunk({"content": sources(payload.citations, self.base)}, "stop", citations=cited)
                item = await anext(events, None)
        except Exception as exc:  # headers are out: report the failure the way OpenAI streams do
            yield f"data: {json.dumps({'error': {'message': error_detail(exc), 'type': 'server_error'}})}\n\n"
            return
        finally:
            aclose = getattr(events, "aclose", None)
            if aclose is not None:
                await aclose()
        yield "data: [DONE]\n\n"
