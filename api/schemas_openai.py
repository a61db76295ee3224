"""Request and response models of the OpenAI-compatible endpoints, ``/v1/chat/completions`` and ``/v1/models``
(beside ``api/schemas.py``, which holds the answer API's and the error shape they share).

Unlike the answer API's requests, these ignore unknown keys: OpenAI clients send sampling options
(temperature, max_tokens, ...) that we have no use for.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from api.schemas import MAX_TURN_CHARS, CitationOut, FiltersIn, IsoDate, Mode
from rag.records import Turn


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


_BLANK = "a user message must not be empty or only whitespace (its text: an image alone asks nothing)"


class UserMessageIn(BaseModel):
    """A user message: a question (the last one is asked, earlier ones are the history)."""

    model_config = ConfigDict(extra="allow", strict=True)  # OpenAI messages may carry `name` and other keys

    role: Literal["user"]
    content: Annotated[str, Field(max_length=MAX_TURN_CHARS)] | Parts = Field(json_schema_extra=_user_content_schema)

    @field_validator("content", mode="after")
    @classmethod
    def _not_blank(cls, content: str | list[ContentPart]) -> str | list[ContentPart]:
        if not _text(content).strip():  # (text parts only: an image alone asks nothing the archive can answer)
            raise PydanticCustomError("blank", _BLANK)
        return content

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
# the roles the tag picks a message's model by (an error's path names the one it tried: "messages.0.user.content")
MESSAGE_ROLES = frozenset(
    role for model in (UserMessageIn, OtherMessageIn) for role in get_args(model.model_fields["role"].annotation)
)


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
