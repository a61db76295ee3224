"""What the API does with every answer it gives: an id, a count in /metrics, a row in the question log.

The log row is queued for the log's background writer, so the answer never waits for the disk. A failed write
is logged and counted (``archive_chat_question_log_failures_total``), never raised: the reader gets the answer
either way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from api.metrics import Metrics
from api.questionlog.normalize import normalize
from api.questionlog.records import ArticleSeen, LoggedAnswer, new_answer_id
from api.questionlog.store import QuestionLog, utcnow
from rag.records import Answer

log = logging.getLogger(__name__)
CLOSEST_ARTICLES = 3


def logged_answer(question: str, answer_id: str, answer: Answer, index_version: str, when: dt.datetime) -> LoggedAnswer:
    """The log row of one answer: the question and the answer's outcome, nothing about who asked."""
    closest: dict[str, ArticleSeen] = {}
    for p in answer.passages:  # best first
        if len(closest) == CLOSEST_ARTICLES:
            break
        closest.setdefault(p.article_id, ArticleSeen(p.article_id, p.title))
    return LoggedAnswer(
        answer_id=answer_id, asked_at=when, question=question, normalized=normalize(question),
        index_version=index_version, mode=answer.mode, abstained=answer.abstained, confidence=answer.confidence,
        cited=tuple(dict.fromkeys(c.article_id for c in answer.citations)), closest=tuple(closest.values()),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Recording:
    """One question on its way to an answer; ``id`` is known before the answer is."""

    recorder: Recorder
    question: str
    index_version: str
    id: str

    async def done(self, answer: Answer) -> None:
        """Count the answer and queue its log row; feedback on ``id`` waits for the queued rows, so it finds the row."""
        await self.recorder.record(self, answer)


class Recorder:
    """Counts every answer and, unless the question log is switched off (``log=None``), logs it."""

    def __init__(self, question_log: QuestionLog | None, metrics: Metrics) -> None:
        self.log = question_log
        self.metrics = metrics

    def start(self, question: str, index_version: str) -> Recording:
        return Recording(self, question, index_version, new_answer_id())

    async def record(self, recording: Recording, answer: Answer) -> None:
        self.metrics.observe_answer(answer)
        if self.log is None:
            return
        self.log.submit(logged_answer(recording.question, recording.id, answer, recording.index_version, utcnow()))


def count_failures(metrics: Metrics) -> Callable[[list[LoggedAnswer], Exception], None]:
    """What the question log's writer calls with rows it could not write: a warning and the failure counter."""

    def failed(rows: list[LoggedAnswer], exc: Exception) -> None:
        metrics.log_failures.inc(len(rows))
        log.warning("question log write failed, %d answers sent unlogged (first %s): %s: %s", len(rows),
                    rows[0].answer_id if rows else "-", type(exc).__name__, exc)  # fmt: skip

    return failed
