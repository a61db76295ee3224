"""The SQLite question log: round trip, feedback, retention, read-only use, format check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from api.questionlog.normalize import normalize
from api.questionlog.records import ArticleSeen, LoggedAnswer
from api.questionlog.store import FILENAME, QuestionLog
from archive_chat.errors import LogUnavailable

NOW = dt.datetime(2024, 6, 1, 12, 0, 0, tzinfo=dt.UTC)


class Clock:
    """A settable clock (the log reads the time only through it)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def entry(answer_id: str, question: str, asked_at: dt.datetime, *, abstained: bool = True) -> LoggedAnswer:
    return LoggedAnswer(
        answer_id=answer_id, asked_at=asked_at, question=question, normalized=normalize(question),
        index_version="v000002", mode="extractive", abstained=abstained, confidence=0.05,
        cited=() if abstained else ("ferry-news",), closest=(ArticleSeen("ferry-news", "Ferry timetable — spring"),),
    )  # fmt: skip


def test_round_trip_with_the_latest_verdict(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "var", retention_days=90, clock=Clock(NOW))
    assert log.answers() == [], "a log never written reads as empty"
    first = entry("a1", "When does the ferry leave?", NOW - dt.timedelta(hours=2), abstained=False)
    log.append(first)
    log.append(entry("a2", "Is the pass open?", NOW - dt.timedelta(hours=1)))
    assert log.add_feedback("a1", helpful=True, comment=None)
    assert log.add_feedback("a1", helpful=False, comment="wrong ferry")  # a changed mind: the latest counts
    assert not log.add_feedback("nope", helpful=False, comment=None)

    a1, a2 = log.answers()
    assert a1 == LoggedAnswer(**{**{f: getattr(first, f) for f in first.__slots__}, "helpful": False})
    assert (a2.answer_id, a2.helpful, a2.abstained) == ("a2", None, True)
    assert [r.answer_id for r in log.answers(since=NOW - dt.timedelta(minutes=90))] == ["a2"]
    with pytest.raises(sqlite3.IntegrityError):
        log.append(first)  # answer ids are unique
    log.close()
    assert (tmp_path / "var" / FILENAME).is_file()


def test_retention_deletes_old_rows_and_their_feedback_from_the_file(tmp_path: Path) -> None:
    clock = Clock(NOW - dt.timedelta(days=100))
    log = QuestionLog(tmp_path, retention_days=90, clock=clock)
    log.append(entry("old", "Where did the zeppelin land?", clock.now))
    log.add_feedback("old", helpful=False, comment="a very memorable complaint")
    clock.now = NOW
    log.append(entry("new", "Is the pass open?", NOW))  # the first write of the hour prunes first
    assert [r.answer_id for r in log.answers()] == ["new"]
    assert log.prune() == 0
    log.close()

    conn = sqlite3.connect(tmp_path / FILENAME)
    assert conn.execute("SELECT count(*) FROM feedback").fetchone() == (0,)
    assert conn.execute("SELECT answer_id FROM questions").fetchall() == [("new",)]
    conn.close()
    raw = (tmp_path / FILENAME).read_bytes()
    assert b"zeppelin" not in raw and b"memorable complaint" not in raw, "deleted rows are overwritten"


def test_rows_past_retention_are_not_reported_even_before_pruning(tmp_path: Path) -> None:
    clock = Clock(NOW)
    log = QuestionLog(tmp_path, retention_days=90, clock=clock)
    log.append(entry("a", "Is the pass open?", NOW))
    clock.now = NOW + dt.timedelta(days=91)
    assert log.answers() == []


def test_read_only_never_creates_or_writes(tmp_path: Path) -> None:
    reader = QuestionLog(tmp_path / "nowhere", retention_days=90, read_only=True)
    with pytest.raises(LogUnavailable, match="no question log at"):
        reader.answers()
    assert not (tmp_path / "nowhere").exists()

    writer = QuestionLog(tmp_path, retention_days=90, clock=Clock(NOW))
    writer.append(entry("a", "Is the pass open?", NOW))
    writer.close()
    reader = QuestionLog(tmp_path, retention_days=90, read_only=True, clock=Clock(NOW))
    assert [r.answer_id for r in reader.answers()] == ["a"]
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.append(entry("b", "Is the pass closed?", NOW))
    reader.close()


def test_a_newer_format_is_refused_with_a_fix(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / FILENAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(LogUnavailable, match="format 99.*ARCHIVE_CHAT_DATA_DIR"):
        QuestionLog(tmp_path, retention_days=90).append(entry("a", "q", NOW))
