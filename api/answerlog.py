"""What the API does with every answer it gives: an id, a count in /metrics, a row in the question log.

A failed log write is logged and counted (``archive_chat_question_log_failures_total``), never raised:
the reader gets the answer either way.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

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
        """Count and log the answer; call it before ``id`` reaches the client, so feedback finds the row."""
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
        row = logged_answer(recording.question, recording.id, answer, recording.index_version, utcnow())
        try:
            await run_in_threadpool(self.log.append, row)
        except Exception as exc:  # the answer must go out regardless; the failure is logged and counted
            self.metrics.log_failures.inc()
            log.warning("question log write failed, answer %s sent unlogged: %s: %s", row.answer_id,
                        type(exc).__name__, exc)  # fmt: skip
