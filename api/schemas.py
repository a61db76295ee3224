"""Request and response models of the HTTP API: pydantic lives here, at the boundary, and nowhere else
(with ``api/schemas_openai.py`` for the OpenAI-compatible endpoints, ``api/schemas_log.py`` for the
question log's and ``api/schemas_errors.py`` for the body of every error).

Requests forbid unknown fields (a typo should fail loudly, not be ignored), except the
OpenAI-compatible request, which must accept the sampling options every OpenAI client sends.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from embeddings.job import JobReport
from embeddings.records import Article
from rag.dates import date_problem
from rag.records import Answer, ArticleRef, Citation, Filters, Passage, Turn

Mode = Literal["extractive", "llm"]
MAX_TURN_CHARS = 20_000  # one earlier message of a conversation


def _iso_date(value: object) -> object:
    """Accept exactly ``YYYY-MM-DD`` (pydantic alone would also take timestamps and datetimes)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        if (problem := date_problem(value)) is not None:
            raise PydanticCustomError("iso_date", problem)
        return dt.date.fromisoformat(value)
    raise PydanticCustomError("iso_date", "expected YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _whole(value: object) -> object:
    """JSON Schema counts ``32.0`` as an integer; strict pydantic would not."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


WholeNumber = Annotated[int, BeforeValidator(_whole)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty or only whitespace")
    return value


class _Request(BaseModel):
    # strict: `"k": "10"` or `"stream": 0` is a type error, as the schema says, not silently converted
    model_config = ConfigDict(extra="forbid", strict=True)


class FiltersIn(_Request):
    """Restrictions on retrieval; dates are inclusive. A reversed range (since after until) matches nothing."""

    since: IsoDate | None = None
    until: IsoDate | None = None
    source: str | None = Field(default=None, max_length=200)
    section: str | None = Field(default=None, max_length=200)

    def to_filters(self) -> Filters:
        return Filters(since=self.since, until=self.until, source=self.source, section=self.section)


class TurnIn(_Request):
    """One earlier message of the conversation."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_TURN_CHARS)

    def to_turn(self) -> Turn:
        return Turn(role=self.role, content=self.content)


# A blank question is refused; the schema says so (``_not_blank`` enforces it, with its own message).
NOT_BLANK: dict[str, Any] = {"minLength": 1, "pattern": r"\S"}


class _Question(_Request):
    question: str = Field(
        description="The question; at most `max_question_chars` characters, not blank.", json_schema_extra=NOT_BLANK
    )
    as_of: IsoDate | None = Field(default=None, description="Answer as if on this day: later articles are ignored.")
    filters: FiltersIn | None = None

    _question_not_blank = field_validator("question")(_not_blank)

    def engine_filters(self) -> Filters | None:
        return self.filters.to_filters() if self.filters else None


class AnswerRequest(_Question):
    """Body of ``POST /v1/answer`` and ``POST /v1/answer/stream``."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {"question": "What did the government announce about fuel prices?"},
                {
                    "question": "And how did the opposition react?",
                    "as_of": "2024-03-01",
                    "history": [
                        {"role": "user", "content": "What did the government announce about fuel prices?"},
                        {"role": "assistant", "content": "It raised petrol prices by 5% [1]."},
                    ],
                    "filters": {"since": "2024-01-01", "source": "Dawn"},
                    "mode": "extractive",
                },
            ]
        },
    )

    history: list[TurnIn] = Field(default_factory=list, max_length=50)
    mode: Mode = "extractive"

    def engine_history(self) -> tuple[Turn, ...]:
        return tuple(t.to_turn() for t in self.history)


class SearchRequest(_Question):
    """Body of ``POST /v1/search``."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [{"question": "flood relief funding", "filters": {"since": "2024-01-01"}, "k": 5}]
        },
    )

    k: WholeNumber = Field(default=10, ge=1, le=50, description="How many passages to return.")


class CitationOut(BaseModel):
    n: int
    article_id: str
    title: str
    url: str | None
    published: dt.date | None
    source: str | None
    quote: str = Field(description="Verbatim text of the article: `article.text[start:end] == quote`.")
    start: int
    end: int
    link: str | None = Field(description="URL with a text fragment that highlights the quote.")
    highlight: tuple[int, int] | None = Field(
        default=None, description="[start, end) of the direct answer inside `quote`, when this quote supports it."
    )
    heading: str = Field(
        default="",
        description="What a citation card heads the quote with: the `title`, or, when the piece has no headline and "
        "its `title` (its opening words) only repeats the start of `quote`, its section, e.g. 'Commentary piece'.",
    )

    @classmethod
    def of(cls, c: Citation) -> CitationOut:
        return cls(n=c.n, article_id=c.article_id, title=c.title, url=c.url, published=c.published,
                   source=c.source, quote=c.quote, start=c.start, end=c.end, link=c.link,
                   highlight=c.highlight, heading=c.heading or c.title)  # fmt: skip


class PassageOut(BaseModel):
    article_id: str
    title: str
    url: str | None
    published: dt.date | None
    source: str | None
    text: str
    score: float

    @classmethod
    def of(cls, p: Passage) -> PassageOut:
        return cls(article_id=p.article_id, title=p.title, url=p.url, published=p.published, source=p.source,
                   text=p.text, score=p.score)  # fmt: skip


class ArticleRefOut(BaseModel):
    article_id: str
    title: str
    url: str | None
    published: dt.date | None
    source: str | None

    @classmethod
    def of(cls, a: ArticleRef) -> ArticleRefOut:
        return cls(article_id=a.article_id, title=a.title, url=a.url, published=a.published, source=a.source)


def _articles(refs: tuple[ArticleRef, ...]) -> list[ArticleRefOut]:
    """In the engine's order: newest first, undated last."""
    return [ArticleRefOut.of(a) for a in refs]


class SearchOut(BaseModel):
    """Passages and the articles behind them, newest first."""

    passages: list[PassageOut]
    articles: list[ArticleRefOut]

    @classmethod
    def of(cls, passages: tuple[Passage, ...], articles: tuple[ArticleRef, ...]) -> SearchOut:
        return cls(passages=[PassageOut.of(p) for p in passages], articles=_articles(articles))


class AnswerOut(BaseModel):
    """An answer with [n] markers, its verified citations and the evidence; ``notice`` only when set."""

    id: str = Field(description="This answer's id: send it to `POST /v1/feedback` with the reader's verdict.")
    answer: str
    citations: list[CitationOut]
    passages: list[PassageOut]
    articles: list[ArticleRefOut]
    abstained: bool
    direct: str | None = Field(
        description="The direct answer (a name, number, date, place or short phrase quoted from a cited "
        "sentence) when the question asks for a thing; null for open questions and abstentions."
    )
    conflict: bool = Field(description="True when sources give different answers with comparable support.")
    confidence: float = Field(ge=0.0, le=1.0, description="How likely the answer is right, in [0, 1].")
    respelled: str | None = Field(
        description="The question as it was searched and answered when a word that no piece of the archive writes "
        'was respelled as the archive writes it, one slip of a key away ("Who is Ada Brrok?" → "Who is Ada '
        'Brook?"); null when the question was searched as typed.'
    )
    mode: str
    timings_ms: dict[str, float]
    notice: str | None = Field(
        default=None,
        exclude_if=lambda v: v is None,
        description="Why an LLM answer fell back to extractive, or that the sentences quoted in place of the thing "
        "asked for give none.",
    )

    @classmethod
    def of(cls, a: Answer, answer_id: str) -> AnswerOut:
        return cls(
            id=answer_id,
            answer=a.text,
            citations=[CitationOut.of(c) for c in a.citations],
            passages=[PassageOut.of(p) for p in a.passages],
            articles=_articles(a.articles),
            abstained=a.abstained,
            direct=a.direct,
            conflict=a.conflict,
            confidence=a.confidence,
            respelled=a.respelled,
            mode=a.mode,
            timings_ms=dict(a.timings_ms),
            notice=a.notice,
        )


class ArticleOut(BaseModel):
    id: str
    title: str
    text: str
    url: str | None
    published: dt.date | None
    author: str | None
    section: str | None
    source: str | None

    @classmethod
    def of(cls, a: Article) -> ArticleOut:
        return cls(id=a.id, title=a.title, text=a.text, url=a.url, published=a.published, author=a.author,
                   section=a.section, source=a.source)  # fmt: skip


class ReindexStatusOut(BaseModel):
    state: Literal["idle", "running", "failed", "succeeded"]
    index_version: str | None = Field(description="Version of the index serving requests now.")
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    report: JobReport | None = Field(description="Report of the last successful job (archive-chat index --json).")
    error: str | None = Field(description="Message of the last failed job.")
