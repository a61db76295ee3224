"""The archive spooled to a temporary SQLite file, so the job can walk it in id order without holding it.

Archive files come in any order and an index version is written in article-id order; sorting in memory would
hold the whole archive. The spool reads one archive file at a time into a table keyed by id (SQLite sorts on
disk), checks ids are unique, and hands articles back in id order, a bounded batch at a time. It lives in the
system's temporary folder (``TMPDIR``) and is removed on close. A job killed mid-run cannot remove its spool (a
copy of the archive): the next spool removes those whose process is gone, by the process id in their name. (That
assumes the jobs that share a ``TMPDIR`` share process ids: one machine, not containers that mount one folder.)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from archive_chat.errors import EmptyArchive
from embeddings.load import archive_files, duplicate_id, read_archive_file
from embeddings.records import Article

_FIELDS = ("id", "title", "text", "url", "published", "author", "section", "source", "origin")
_SCHEMA = f"CREATE TABLE a ({', '.join(_FIELDS)}, hash TEXT NOT NULL, PRIMARY KEY (id)) WITHOUT ROWID"


PREFIX = "archive-chat-spool-"
_OWNED = re.compile(rf"{PREFIX}(\d+)-")


def sweep(folder: Path) -> list[Path]:
    """Remove the spools in ``folder`` whose process has ended (a job killed before it could clean up); the
    removed ones. A spool of a running process, or of one this user may not signal, stays."""
    removed = []
    for path in folder.glob(f"{PREFIX}*"):
        m = _OWNED.match(path.name)
        if m and path.is_dir() and not _running(int(m.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


class ArticleSpool:
    """Every article of an archive, on disk, in id order; raises ``BadArchive`` / ``EmptyArchive`` like
    ``load.load_archive`` (a duplicate id names both places)."""

    def __init__(self, paths: Sequence[Path]) -> None:
        sweep(Path(tempfile.gettempdir()))
        self._dir = tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-")
        self._db = sqlite3.connect(Path(self._dir.name) / "articles.sqlite")
        try:
            self._db.execute("PRAGMA journal_mode=OFF")  # a scratch file: no crash safety needed
            self._db.execute(_SCHEMA)
            for path, defaults in archive_files(paths):
                self._insert(read_archive_file(path, defaults))
            self._db.commit()
            self.count = int(self._db.execute("SELECT count(*) FROM a").fetchone()[0])
            if not self.count:
                raise EmptyArchive(f"no articles found in {', '.join(str(p) for p in paths)}")
        except BaseException:
            self.close()
            raise

    def _insert(self, articles: list[Article]) -> None:
        for a in articles:
            published = a.published.isoformat() if a.published else None
            row = (a.id, a.title, a.text, a.url, published, a.author, a.section, a.source, a.origin, a.content_hash)
            try:
                self._db.execute(f"INSERT INTO a VALUES ({','.join('?' * len(row))})", row)
            except sqlite3.IntegrityError:
                (first,) = self._db.execute("SELECT origin FROM a WHERE id = ?", (a.id,)).fetchone()
                raise duplicate_id(a.id, first, a.origin, a.url) from None

    def hashes(self) -> Iterator[tuple[str, str]]:
        """(id, content hash) of every article, in id order."""
        yield from self._db.execute("SELECT id, hash FROM a ORDER BY id")

    def batches(self, size: int) -> Iterator[list[Article]]:
        """Every article in id order, ``size`` at a time."""
        cursor = self._db.execute(f"SELECT {', '.join(_FIELDS)} FROM a ORDER BY id")
        while rows := cursor.fetchmany(size):
            yield [_article(r) for r in rows]

    def close(self) -> None:
        """Remove the spool."""
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> ArticleSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _article(row: tuple[str | None, ...]) -> Article:
    values = dict(zip(_FIELDS, row, strict=True))
    published = values.pop("published")
    return Article(
        **values,  # type: ignore[arg-type]
        published=dt.date.fromisoformat(published) if published else None,
    )
