"""The segments of a version read as one, by global number (``StoredIndex`` in ``embeddings/store.py`` holds these):
its articles, each text read from SQLite when asked for; its vectors, stacked; its sentence tables.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import overload

import numpy as np

from embeddings.records import Article
from embeddings.segment import Segment
from embeddings.sentence_table import Marks, SentenceTable

TEXT_CACHE = 256  # article texts kept per process: the handful a few concurrent answers are reading


class ArticleTable(Sequence[Article]):
    """The articles of a version, by position: metadata in memory (``headers``, whose ``text`` is empty), each
    text read from SQLite when an article is asked for (a few recent ones cached), so a server process holds no
    copy of the archive's text; the page cache holds one for every process on the host."""

    def __init__(self, headers: list[Article], read_text: Callable[[int], str]) -> None:
        self.headers = headers
        self.text = functools.lru_cache(maxsize=TEXT_CACHE)(read_text)

    def __len__(self) -> int:
        return len(self.headers)

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        position = range(len(self.headers))[i]  # IndexError as a list's, negative positions as a list's
        return replace(self.headers[position], text=self.text(position))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Sequence)
            and len(other) == len(self)
            and all(a == b for a, b in zip(self, other, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]  # mutable-looking like a list: not hashable


class StackedMatrix:
    """Several segments' vector matrices read as one by chunk number (the rows asked for are copied); ``base``: the
    number of each segment's first chunk, and one past the last."""

    def __init__(self, parts: list[np.ndarray], base: np.ndarray, dim: int) -> None:
        self.parts = parts
        self.base = base
        self.shape = (int(base[-1]), dim)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: slice | np.ndarray) -> np.ndarray:
        ids = np.arange(*rows.indices(self.shape[0])) if isinstance(rows, slice) else np.asarray(rows, dtype=np.int64)
        out = np.empty((len(ids), self.shape[1]), dtype=np.float32)
        seg = np.searchsorted(self.base, ids, side="right") - 1
        for s in np.unique(seg).tolist():
            pick = seg == s
            out[pick] = self.parts[s][ids[pick] - self.base[s]]
        return out


class JoinedSentences:
    """Several segments' sentence tables read by global article number (a segment without one: None);
    ``segment_of``: the segment holding an article, and its row there."""

    def __init__(self, segment_of: Callable[[int], tuple[Segment, int]]) -> None:
        self.segment_of = segment_of

    @classmethod
    def of(
        cls, segments: Sequence[Segment], segment_of: Callable[[int], tuple[Segment, int]]
    ) -> JoinedSentences | None:
        return cls(segment_of) if any(s.sentences is not None for s in segments) else None

    def window(self, article: int, start: int, end: int) -> Marks | None:
        """The sentences of one article that lie within ``[start, end)`` of its text (a passage)."""
        segment, row = self.segment_of(article)
        table: SentenceTable | None = segment.sentences
        return table.window(row, start, end) if table is not None else None
