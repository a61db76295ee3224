"""Immutable records of the answer engine: passages in, answers out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from embeddings.sentence_table import Marks


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrieved chunk with its article's metadata and its fused score."""

    chunk_id: int
    article_id: str
    title: str
    text: str
    start: int
    end: int
    score: float
    url: str | None = None
    published: dt.date | None = None
    source: str | None = None
    section: str | None = None
    author: str | None = None
    dense: float | None = None  # cosine similarity, when the dense side found it
    keyword: float | None = None  # bm25 score, when the keyword side found it
    # its sentences and their candidate answers in the index's sentence table, when the version has one
    marks: Marks | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Citation:
    """A verified quote: ``article.text[start:end] == quote``."""

    n: int
    article_id: str
    title: str
    quote: str
    start: int
    end: int
    url: str | None = None
    published: dt.date | None = None
    source: str | None = None
    link: str | None = None  # url with a text fragment that highlights the quote
    highlight: tuple[int, int] | None = None  # the direct answer's span inside ``quote`` (quote offsets)
    heading: str = ""  # what a card heads the quote with: the title, or an untitled piece's section (``rag.cite``)


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article behind the passages, for the date-sorted list under an answer."""

    article_id: str
    title: str
    url: str | None
    published: dt.date | None
    source: str | None


def article_refs(passages: Sequence[Passage]) -> tuple[ArticleRef, ...]:
    """The distinct articles behind ``passages``, newest first, undated last."""
    seen: dict[str, ArticleRef] = {}
    for p in passages:
        seen.setdefault(p.article_id, ArticleRef(p.article_id, p.title, p.url, p.published, p.source))
    return tuple(sorted(seen.values(), key=lambda a: (a.published is None, -(a.published or dt.date.min).toordinal())))


@dataclass(frozen=True, slots=True)
class Answer:
    """What ``answer()`` returns: text with [n] markers, its citations and the evidence."""

    text: str
    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    articles: tuple[ArticleRef, ...]
    abstained: bool
    mode: str = "extractive"
    timings_ms: dict[str, float] = field(default_factory=dict)
    notice: str | None = None  # why an LLM answer fell back to extractive mode; a thing asked for that no quote gives
    direct: str | None = None  # the short direct answer (a verbatim phrase) when the question asks for a thing
    conflict: bool = False  # two sources give different answers with comparable support
    confidence: float = 0.0  # in [0, 1]: how likely the answer is right (calibrated on the tuning sets)
    respelled: str | None = None  # the question as searched, when words the archive never writes were respelled


@dataclass(frozen=True, slots=True)
class Filters:
    """Explicit restrictions a caller puts on retrieval (all optional, inclusive dates)."""

    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier message of a conversation."""

    role: str  # "user" | "assistant"
    content: str
