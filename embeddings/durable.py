"""Writes that survive a crash: a file replaced whole or not at all, a folder's files on disk before a version names
them, and the one lock that lets a single run or compaction write an index at a time (``embeddings/publish.py``)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """fsync a folder: the names it holds (a file just renamed into it) are on disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def fsync_tree(*folders: Path) -> None:
    """fsync every file of ``folders`` (not their subfolders), then the folders themselves."""
    for folder in folders:
        for f in folder.iterdir():
            if f.is_file():
                _fsync_file(f)
        fsync_dir(folder)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old content or the new, never a torn file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


LOCK_FILE = ".write.lock"


@contextlib.contextmanager
def write_lock(index_dir: Path, say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index's writer lock for a run or a compaction: one writes at a time, others wait (``say`` tells
    that it waits), so the live version a run appends to is still live when it publishes. An ``flock`` on a
    descriptor of its own, so threads of one process wait for each other too, and it is not re-entrant: a thread
    holding it must not ask again. Released when the process ends, however it ends."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK_FILE, os.O_RDONLY | os.O_CREAT, 0o666)  # read-only: any user who can read locks
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if say is not None:
                say(f"waiting for {index_dir / LOCK_FILE}: another run or compaction is writing this index")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
