"""The question log's background writer: batches, flush, failures that never stop later writes, close."""

from __future__ import annotations

import threading

import pytest

from api.questionlog.batches import BatchWriter


class Sink:
    """Records every batch; the first ``fail`` batches raise, and ``gate`` holds each write until it is set."""

    def __init__(self, fail: int = 0) -> None:
        self.batches: list[list[int]] = []
        self.failed: list[list[int]] = []
        self.fail = fail
        self.gate = threading.Event()
        self.gate.set()

    def write(self, batch: list[int]) -> None:
        self.gate.wait()
        if self.fail:
            self.fail -= 1
            raise OSError("disk full")
        self.batches.append(batch)

    def on_failure(self, batch: list[int], exc: Exception) -> None:
        assert isinstance(exc, OSError)
        self.failed.append(batch)


def test_items_queued_while_a_write_is_in_flight_share_the_next_batch() -> None:
    sink = Sink()
    w = BatchWriter(sink.write, sink.on_failure)
    sink.gate.clear()
    w.submit(0)  # taken by the thread, which then waits at the gate
    for i in range(1, 6):
        w.submit(i)
    sink.gate.set()
    assert w.flush(timeout=10)
    assert [x for b in sink.batches for x in b] == [0, 1, 2, 3, 4, 5]
    assert len(sink.batches) <= 3, sink.batches  # 1..5 arrived while 0 was being written: not one write each
    w.close()


def test_flush_waits_for_what_was_submitted_and_times_out_when_the_write_hangs() -> None:
    sink = Sink()
    w = BatchWriter(sink.write, sink.on_failure)
    sink.gate.clear()
    w.submit(1)
    assert not w.flush(timeout=0.2)
    sink.gate.set()
    assert w.flush(timeout=10) and sink.batches == [[1]]
    w.close()


def test_a_failed_batch_is_reported_and_later_batches_are_still_written() -> None:
    sink = Sink(fail=1)
    w = BatchWriter(sink.write, sink.on_failure)
    w.submit(1)
    assert w.flush(timeout=10)
    w.submit(2)
    assert w.flush(timeout=10)
    assert sink.failed == [[1]] and sink.batches == [[2]]
    w.close()


def test_close_writes_what_is_queued_and_refuses_more() -> None:
    sink = Sink()
    w = BatchWriter(sink.write, sink.on_failure)
    sink.gate.clear()
    w.submit(1)
    w.submit(2)
    threading.Timer(0.2, sink.gate.set).start()
    w.close()
    assert [x for b in sink.batches for x in b] == [1, 2]
    with pytest.raises(RuntimeError, match="closed"):
        w.submit(3)
