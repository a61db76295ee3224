"""Writes off the request path: rows are queued in memory and one background thread writes them in batches.

An answer never waits for the log's disk sync (about 20 ms per transaction here); under load the rows of many
answers share one transaction. Readers call ``flush()`` first, so what was submitted before is what they read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class BatchWriter(Generic[T]):
    """Calls ``write(batch)`` from one daemon thread with every item submitted since the previous call.

    A failed batch is reported to ``on_failure(items, exc)`` and dropped: the queue never grows without bound
    behind a log that cannot be written.
    """

    def __init__(self, write: Callable[[list[T]], None], on_failure: Callable[[list[T], Exception], None]) -> None:
        self._write, self._on_failure = write, on_failure
        self._cond = threading.Condition()
        self._pending: list[T] = []
        self._submitted = self._finished = 0
        self._thread: threading.Thread | None = None
        self._stopping = False

    def submit(self, item: T) -> None:
        """Queue one item; returns at once."""
        with self._cond:
            if self._stopping:
                raise RuntimeError("the writer is closed")
            self._pending.append(item)
            self._submitted += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="question-log-writer", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything submitted so far is written (or failed); False if ``timeout`` passed first."""
        with self._cond:
            target = self._submitted
            return self._cond.wait_for(lambda: self._finished >= target, timeout)

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._stopping)
                batch, self._pending = self._pending, []
                if not batch and self._stopping:
                    return
            try:
                self._write(batch)
            except Exception as exc:  # reported, never raised: the thread must keep serving later batches
                self._on_failure(batch, exc)
            with self._cond:
                self._finished += len(batch)
                self._cond.notify_all()
