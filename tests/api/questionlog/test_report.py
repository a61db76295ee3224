"""The editors' report from logged answers (pure; no database)."""

from __future__ import annotations

import datetime as dt

from api.questionlog.normalize import normalize
from api.questionlog.records import ArticleSeen, LoggedAnswer
from api.questionlog.report import build_report, reasons, weekly_trend

T0 = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)  # a Monday
FERRY = ArticleSeen("ferry-news", "Ferry timetable changes")
SNOW = ArticleSeen("snow-news", "Snow closes the pass")


def row(
    question: str, *, minutes: int = 0, abstained: bool = False, confidence: float = 0.5,
    helpful: bool | None = None, closest: tuple[ArticleSeen, ...] = (FERRY,),
) -> LoggedAnswer:  # fmt: skip
    return LoggedAnswer(
        answer_id=f"id-{question}-{minutes}", asked_at=T0 + dt.timedelta(minutes=minutes), question=question,
        normalized=normalize(question), index_version="v000001", mode="extractive", abstained=abstained,
        confidence=confidence, cited=() if abstained else tuple(a.article_id for a in closest), closest=closest,
        helpful=helpful,
    )  # fmt: skip


def test_reasons() -> None:
    assert reasons(row("q", abstained=True, confidence=0.01), 0.15) == ("abstained",)
    assert reasons(row("q", confidence=0.1), 0.15) == ("low_confidence",)
    assert reasons(row("q", confidence=0.5), 0.15) == ()
    assert reasons(row("q", confidence=0.5, helpful=False), 0.15) == ("not_helpful",)
    assert reasons(row("q", confidence=0.5, helpful=True), 0.15) == ()
    assert reasons(row("q", abstained=True, helpful=False), 0.15) == ("abstained", "not_helpful")


def test_groups_near_duplicates_most_asked_first_with_first_and_last_asked() -> None:
    rows = [
        row("How do I repot a cactus?", minutes=0, abstained=True, closest=(SNOW,)),
        row("When does the ferry leave?", minutes=1, abstained=True),
        row("how do i  REPOT a cactus", minutes=2, abstained=True, closest=(SNOW, FERRY)),
        row("How do I repot a cactus?", minutes=3, abstained=True, closest=(SNOW,)),
        row("When does the ferry leave", minutes=4, confidence=0.9, helpful=False),
        row("Is the pass open?", minutes=5, confidence=0.9),  # answered well: not listed
        row("Is the pass open?", minutes=6, confidence=0.9, helpful=True),
    ]
    report = build_report(rows, low_confidence=0.15, limit=10)
    cactus, ferry = report.questions
    assert (cactus.question, cactus.count) == ("How do I repot a cactus?", 3)
    assert (cactus.first_asked, cactus.last_asked) == (T0, T0 + dt.timedelta(minutes=3))
    assert cactus.reasons == ("abstained",)
    assert cactus.articles == (SNOW, FERRY)  # closest to most of the asks first
    assert (ferry.count, ferry.reasons) == (2, ("abstained", "not_helpful"))
    assert ferry.question in {"When does the ferry leave?", "When does the ferry leave"}


def test_limit_and_ties_broken_by_most_recent() -> None:
    rows = [row(f"Question number {n}", minutes=n, abstained=True) for n in range(5)]
    report = build_report(rows, low_confidence=0.15, limit=2)
    assert [g.question for g in report.questions] == ["Question number 4", "Question number 3"]
    assert build_report([], low_confidence=0.15, limit=5).questions == ()


def test_weekly_trend_shares() -> None:
    week = dt.timedelta(days=7)
    rows = [
        row("a", abstained=True), row("b"), row("c", helpful=False), row("d"),
        row("e", minutes=int(week.total_seconds() // 60)), row("f", minutes=int(week.total_seconds() // 60) + 1),
    ]  # fmt: skip
    first, second = weekly_trend(rows)
    assert (first.week, first.week_start) == ("2024-W10", dt.date(2024, 3, 4))
    assert (first.answers, first.abstained, first.not_helpful) == (4, 1, 1)
    assert (first.share_abstained, first.share_not_helpful) == (0.25, 0.25)
    assert (second.week, second.answers, second.share_abstained, second.share_not_helpful) == ("2024-W11", 2, 0.0, 0.0)
