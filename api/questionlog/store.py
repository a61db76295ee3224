"""The question log on disk: ``DATA_DIR/questions.sqlite3``, append-only apart from retention.

Format version 1 (``PRAGMA user_version``)::

    questions(answer_id PK, asked_at, question, normalized, index_version, mode, abstained, confidence,
              cited JSON [article_id…], closest JSON [[article_id, title]…])
    feedback(answer_id, given_at, helpful, comment)     -- every verdict; the latest one counts

Times are UTC text ``YYYY-MM-DDTHH:MM:SSZ`` (they sort as they compare). ``secure_delete`` is on, so
rows removed by retention are overwritten in the file, not merely unlinked from its b-tree.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from api.questionlog.batches import BatchWriter
from api.questionlog.records import ArticleSeen, LoggedAnswer
from archive_chat.errors import LogUnavailable

FORMAT_VERSION = 1
FILENAME = "questions.sqlite3"
PRUNE_EVERY = dt.timedelta(hours=1)
_TIME = "%Y-%m-%dT%H:%M:%SZ"

_SCHEMA = """
CREATE TABLE questions (
    answer_id TEXT PRIMARY KEY, asked_at TEXT NOT NULL, question TEXT NOT NULL, normalized TEXT NOT NULL,
    index_version TEXT NOT NULL, mode TEXT NOT NULL, abstained INTEGER NOT NULL, confidence REAL NOT NULL,
    cited TEXT NOT NULL, closest TEXT NOT NULL
);
CREATE INDEX questions_asked_at ON questions(asked_at);
CREATE TABLE feedback (
    answer_id TEXT NOT NULL, given_at TEXT NOT NULL, helpful INTEGER NOT NULL, comment TEXT
);
CREATE INDEX feedback_answer_id ON feedback(answer_id);
"""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _text(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime(_TIME)


def _time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, _TIME).replace(tzinfo=dt.UTC)


class QuestionLog:
    """One log file, opened on first use (so an unwritable directory fails a write, not the server's start).

    Safe to share between threads. ``read_only`` opens an existing file without ever writing to it
    (the CLI report); otherwise the directory and the file are created as needed. ``submit`` queues a row for
    the background writer (``on_write_failure`` hears of rows it could not write); every read, ``add_feedback``
    and ``close`` first wait for the rows already submitted.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        retention_days: int,
        read_only: bool = False,
        clock: Callable[[], dt.datetime] = utcnow,
        on_write_failure: Callable[[list[LoggedAnswer], Exception], None] | None = None,
    ) -> None:
        self.path = data_dir / FILENAME
        self.retention = dt.timedelta(days=retention_days)
        self.read_only = read_only
        self.clock = clock
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._pruned_at: dt.datetime | None = None
        self._batches = BatchWriter(self.append_many, on_write_failure or _ignore)

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        if self.read_only:
            if not self.path.is_file():
                raise LogUnavailable(
                    f"no question log at {self.path}: point --data-dir (or ARCHIVE_CHAT_DATA_DIR) at the folder "
                    "the server keeps its data in"
                )
            conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False)
        try:
            self._check_format(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _check_format(self, conn: sqlite3.Connection) -> None:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > FORMAT_VERSION:
            raise LogUnavailable(
                f"{self.path} has question-log format {version}, newer than this archive-chat reads "
                f"({FORMAT_VERSION}): upgrade archive-chat or use another ARCHIVE_CHAT_DATA_DIR"
            )
        if self.read_only:
            return
        conn.execute("PRAGMA secure_delete = ON")
        if version == 0:
            with conn:
                conn.executescript(f"BEGIN; {_SCHEMA} PRAGMA user_version = {FORMAT_VERSION}; COMMIT;")

    def close(self) -> None:
        self._batches.close()
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- writing ---------------------------------------------------------------------------------------

    def submit(self, row: LoggedAnswer) -> None:
        """Queue one answered question for the background writer; returns at once."""
        self._batches.submit(row)

    def append(self, row: LoggedAnswer) -> None:
        """Add one answered question now (its ``helpful`` is ignored: verdicts come through ``add_feedback``)."""
        self.append_many([row])

    def append_many(self, rows: list[LoggedAnswer]) -> None:
        """Add answered questions in one transaction."""
        with self._lock:
            conn = self._connect()
            self._prune_if_due(conn)
            with conn:
                conn.executemany(
                    "INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(row.answer_id, _text(row.asked_at), row.question, row.normalized, row.index_version, row.mode,
                      int(row.abstained), row.confidence, json.dumps(list(row.cited)),
                      json.dumps([[a.article_id, a.title] for a in row.closest], ensure_ascii=False))
                     for row in rows],
                )  # fmt: skip

    def add_feedback(self, answer_id: str, helpful: bool, comment: str | None) -> bool:
        """Record a reader's verdict on an answer; False (nothing written) when no such answer is logged."""
        self._batches.flush()
        with self._lock:
            conn = self._connect()
            if conn.execute("SELECT 1 FROM questions WHERE answer_id = ?", (answer_id,)).fetchone() is None:
                return False
            with conn:
                conn.execute(
                    "INSERT INTO feedback VALUES (?, ?, ?, ?)", (answer_id, _text(self.clock()), int(helpful), comment)
                )
            return True

    def prune(self) -> int:
        """Delete rows older than the retention period; the number of questions deleted."""
        self._batches.flush()
        with self._lock:
            return self._prune(self._connect())

    def _prune_if_due(self, conn: sqlite3.Connection) -> None:
        if self._pruned_at is None or self.clock() - self._pruned_at >= PRUNE_EVERY:
            self._prune(conn)

    def _prune(self, conn: sqlite3.Connection) -> int:
        now = self.clock()
        cutoff = _text(now - self.retention)
        with conn:
            conn.execute(
                "DELETE FROM feedback WHERE given_at < ? OR answer_id IN "
                "(SELECT answer_id FROM questions WHERE asked_at < ?)",
                (cutoff, cutoff),
            )
            deleted = conn.execute("DELETE FROM questions WHERE asked_at < ?", (cutoff,)).rowcount
        self._pruned_at = now
        return deleted

    # -- reading ---------------------------------------------------------------------------------------

    def answers(self, since: dt.datetime | None = None) -> list[LoggedAnswer]:
        """Logged answers asked at or after ``since`` and within retention, oldest first, with their latest verdict.

        A log that was never written to reads as empty (unless opened ``read_only``, where it is an error).
        """
        start = self.clock() - self.retention
        if since is not None:
            start = max(start, since)
        self._batches.flush()
        with self._lock:
            if not self.read_only and not self.path.is_file():
                return []
            rows = (
                self._connect()
                .execute(
                    "SELECT answer_id, asked_at, question, normalized, index_version, mode, abstained, confidence, "
                    "cited, closest, (SELECT helpful FROM feedback f WHERE f.answer_id = q.answer_id "
                    "ORDER BY f.rowid DESC LIMIT 1) FROM questions q WHERE asked_at >= ? ORDER BY asked_at, rowid",
                    (_text(start),),
                )
                .fetchall()
            )
        return [_row(r) for r in rows]


def _ignore(rows: list[LoggedAnswer], exc: Exception) -> None:
    """The default for a log nobody counts the failures of (the CLI's, the tests')."""


def _row(r: tuple[object, ...]) -> LoggedAnswer:
    answer_id, asked_at, question, normalized, version, mode, abstained, confidence, cited, closest, helpful = r
    return LoggedAnswer(
        answer_id=str(answer_id), asked_at=_time(str(asked_at)), question=str(question),
        normalized=str(normalized), index_version=str(version), mode=str(mode), abstained=bool(abstained),
        confidence=float(confidence),  # type: ignore[arg-type]
        cited=tuple(json.loads(str(cited))),
        closest=tuple(ArticleSeen(str(a), str(t)) for a, t in json.loads(str(closest))),
        helpful=None if helpful is None else bool(helpful),
    )  # fmt: skip
