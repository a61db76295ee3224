"""Request and response models of the question-log endpoints: ``/v1/feedback`` and the editors' report
(beside ``api/schemas.py``, which holds the answer API's)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.questionlog.records import ArticleSeen, QuestionGroup, Reason, Report, WeekTrend

FEEDBACK_COMMENT_CHARS = 1000


class FeedbackIn(BaseModel):
    """Body of ``POST /v1/feedback``: a reader's verdict on one answer."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"answer_id": "3f9c0a7be21d4c5f8a6b1e2d", "helpful": False}]},
    )

    answer_id: str = Field(
        min_length=1, max_length=100,
        description="The answer's `id` (an OpenAI-compatible response's `chatcmpl-…` id works too).",
    )  # fmt: skip
    helpful: StrictBool = Field(description="true for 👍, false for 👎.")
    comment: str | None = Field(default=None, max_length=FEEDBACK_COMMENT_CHARS, description="Optional, plain text.")


class FeedbackOut(BaseModel):
    answer_id: str
    helpful: bool


class ArticleSeenOut(BaseModel):
    article_id: str
    title: str

    @classmethod
    def of(cls, a: ArticleSeen) -> ArticleSeenOut:
        return cls(article_id=a.article_id, title=a.title)


class QuestionGroupOut(BaseModel):
    question: str = Field(description="The most asked wording of the group's near-duplicate questions.")
    count: int = Field(description="How often the group was asked and not answered well.")
    first_asked: dt.datetime
    last_asked: dt.datetime
    reasons: list[Reason]
    articles: list[ArticleSeenOut] = Field(description="The archive's closest articles, most often closest first.")

    @classmethod
    def of(cls, g: QuestionGroup) -> QuestionGroupOut:
        return cls(question=g.question, count=g.count, first_asked=g.first_asked, last_asked=g.last_asked,
                   reasons=list(g.reasons), articles=[ArticleSeenOut.of(a) for a in g.articles])  # fmt: skip


class WeekTrendOut(BaseModel):
    week: str = Field(description='ISO week, e.g. "2024-W05".')
    week_start: dt.date = Field(description="Its Monday (UTC).")
    answers: int
    abstained: int
    not_helpful: int
    share_abstained: float
    share_not_helpful: float

    @classmethod
    def of(cls, w: WeekTrend) -> WeekTrendOut:
        return cls(week=w.week, week_start=w.week_start, answers=w.answers, abstained=w.abstained,
                   not_helpful=w.not_helpful, share_abstained=round(w.share_abstained, 4),
                   share_not_helpful=round(w.share_not_helpful, 4))  # fmt: skip


class UnansweredOut(BaseModel):
    """The editors' report (``GET /v1/admin/unanswered``, ``archive-chat unanswered --json``)."""

    questions: list[QuestionGroupOut] = Field(description="Most asked first.")
    trend: list[WeekTrendOut] = Field(description="Per week of the period, oldest first.")

    @classmethod
    def of(cls, r: Report) -> UnansweredOut:
        return cls(questions=[QuestionGroupOut.of(g) for g in r.questions],
                   trend=[WeekTrendOut.of(w) for w in r.trend])  # fmt: skip
