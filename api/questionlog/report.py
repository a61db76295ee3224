"""The editors' report from logged answers: unanswered question groups and the weekly quality trend (pure)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from api.questionlog.normalize import cluster
from api.questionlog.records import REASONS, ArticleSeen, LoggedAnswer, QuestionGroup, Reason, Report, WeekTrend

ARTICLES_PER_GROUP = 3


def reasons(row: LoggedAnswer, low_confidence: float) -> tuple[Reason, ...]:
    """Why a logged answer counts as unanswered; () when it does not.

    An abstention is not also "low confidence": it already says the archive had nothing.
    """
    found: list[Reason] = []
    if row.abstained:
        found.append("abstained")
    elif row.confidence < low_confidence:
        found.append("low_confidence")
    if row.helpful is False:
        found.append("not_helpful")
    return tuple(found)


def _most_common(values: Iterable[str]) -> str:
    """The most frequent value; on a tie the one seen first (Counter keeps insertion order)."""
    return Counter(values).most_common(1)[0][0]


def _articles(rows: Sequence[LoggedAnswer]) -> tuple[ArticleSeen, ...]:
    """The articles closest to the group's questions: most often among the closest first."""
    counts: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for row in rows:
        for article in row.closest:
            counts[article.article_id] += 1
            titles[article.article_id] = article.title  # the newest title wins
    return tuple(ArticleSeen(a, titles[a]) for a, _ in counts.most_common(ARTICLES_PER_GROUP))


def _group(rows: Sequence[LoggedAnswer], low_confidence: float) -> QuestionGroup:
    why = {r for row in rows for r in reasons(row, low_confidence)}
    return QuestionGroup(
        question=_most_common(row.question.strip() for row in rows),
        count=len(rows),
        first_asked=min(row.asked_at for row in rows),
        last_asked=max(row.asked_at for row in rows),
        reasons=tuple(r for r in REASONS if r in why),
        articles=_articles(rows),
    )


def unanswered(rows: Iterable[LoggedAnswer], *, low_confidence: float, limit: int) -> tuple[QuestionGroup, ...]:
    """Groups of near-duplicate questions that abstained, had low confidence or were marked not helpful.

    Most asked first (then most recently asked); ``count`` counts only the asks that went unanswered.
    """
    flagged = sorted((row for row in rows if reasons(row, low_confidence)), key=lambda row: row.asked_at)
    groups = [_group([flagged[i] for i in ids], low_confidence) for ids in cluster([r.normalized for r in flagged])]
    groups.sort(key=lambda g: (-g.count, -g.last_asked.timestamp()))
    return tuple(groups[:limit])


def week_of(when: dt.datetime) -> tuple[str, dt.date]:
    """ISO week label and its Monday.

    >>> week_of(dt.datetime(2024, 2, 1, 12, tzinfo=dt.UTC))
    ('2024-W05', datetime.date(2024, 1, 29))
    """
    year, week, weekday = when.date().isocalendar()
    return f"{year}-W{week:02d}", when.date() - dt.timedelta(days=weekday - 1)


def weekly_trend(rows: Iterable[LoggedAnswer]) -> tuple[WeekTrend, ...]:
    """Per ISO week, oldest first: answers given, how many abstained, how many readers marked not helpful."""
    weeks: dict[tuple[str, dt.date], list[int]] = {}
    for row in rows:
        counts = weeks.setdefault(week_of(row.asked_at), [0, 0, 0])
        counts[0] += 1
        counts[1] += row.abstained
        counts[2] += row.helpful is False
    return tuple(WeekTrend(label, start, *counts) for (label, start), counts in sorted(weeks.items()))


def build_report(rows: Sequence[LoggedAnswer], *, low_confidence: float, limit: int) -> Report:
    """The whole report over ``rows`` (all answers in the period, flagged or not)."""
    return Report(unanswered(rows, low_confidence=low_confidence, limit=limit), weekly_trend(rows))
