"""Immutable records of the question log: one logged answer in, one report out."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Literal

Reason = Literal["abstained", "low_confidence", "not_helpful"]
REASONS: tuple[Reason, ...] = ("abstained", "low_confidence", "not_helpful")  # the order they are listed in


def new_answer_id() -> str:
    """A fresh answer id: 24 random hex digits (no time, no client data in it)."""
    return secrets.token_hex(12)


@dataclass(frozen=True, slots=True)
class ArticleSeen:
    """An article shown with an answer, by id and the title it had then."""

    article_id: str
    title: str


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """One row of the log: a question, how it was answered and, when read back, the reader's verdict.

    Deliberately nothing about the client: no address, key, cookie or earlier turns.
    """

    answer_id: str
    asked_at: dt.datetime  # UTC
    question: str
    normalized: str
    index_version: str
    mode: str
    abstained: bool
    confidence: float
    cited: tuple[str, ...]  # article ids of the citations
    closest: tuple[ArticleSeen, ...]  # the top retrieved articles, best first
    helpful: bool | None = None  # the latest verdict sent to /v1/feedback, if any


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """Near-duplicate questions the archive did not answer well, with why and where it looked."""

    question: str  # the most asked wording
    count: int
    first_asked: dt.datetime
    last_asked: dt.datetime
    reasons: tuple[Reason, ...]  # a subset of REASONS, in that order
    articles: tuple[ArticleSeen, ...]


@dataclass(frozen=True, slots=True)
class WeekTrend:
    """Answer quality in one ISO week (Monday to Sunday, UTC)."""

    week: str  # "2024-W05"
    week_start: dt.date
    answers: int
    abstained: int
    not_helpful: int

    @property
    def share_abstained(self) -> float:
        return self.abstained / self.answers if self.answers else 0.0

    @property
    def share_not_helpful(self) -> float:
        return self.not_helpful / self.answers if self.answers else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    """The editors' report: unanswered question groups, most asked first, and the weekly trend, oldest first."""

    questions: tuple[QuestionGroup, ...]
    trend: tuple[WeekTrend, ...]
