"""How retrieval weighs what it finds, pure: reciprocal rank fusion, the news prior by age, a question's time window,
and the best run of chunk scores inside an article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from rag.dates import TimeIntent, in_window


def rrf(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: float = 60) -> dict[int, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings an id appears in.

    >>> sorted(rrf([[1, 2], [2, 3]], [1.0, 1.0], k=0).items())
    [(1, 1.0), (2, 1.5), (3, 0.5)]
    """
    fused: dict[int, float] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + w / (k + rank)
    return fused


OUTSIDE_WINDOW = 0.5  # coverage of an event often appears after it: a question's window boosts, never hides


def news_prior(published: dt.date | None, as_of: dt.date, half_life_days: float, floor: float) -> float:
    """Prior of a news article by age: ``floor`` + the rest halving every ``half_life_days``; undated: neutral 0.5.

    >>> round(news_prior(dt.date(2023, 1, 1), dt.date(2023, 1, 8), 7.0, 0.3), 3)
    0.65
    """
    if published is None:
        return 0.5
    age = max(0, (as_of - published).days)
    return floor + (1 - floor) * 2 ** (-age / half_life_days)


def best_window(scores: np.ndarray, width: int) -> tuple[int, int]:
    """Inclusive (first, last) positions of the ``width`` consecutive scores with the largest sum.

    >>> best_window(np.array([0.1, 0.9, 0.2, 0.8, 0.0]), 2)
    (1, 2)
    """
    if len(scores) <= width:
        return 0, len(scores) - 1
    sums = np.convolve(scores, np.ones(width), mode="valid")
    first = int(np.argmax(sums))
    return first, first + width - 1


def first_seen(ids: Sequence[int], group_of: np.ndarray) -> list[int]:
    """The groups of ``ids`` in order of first appearance (chunk ranking → article ranking)."""
    return list(dict.fromkeys(group_of[np.asarray(ids, dtype=np.int64)].tolist())) if len(ids) else []


def window_weight(published: dt.date | None, intent: TimeIntent) -> float:
    """1.0 inside the question's window (plus a few days of follow-up coverage), OUTSIDE_WINDOW elsewhere."""
    if published is None or (intent.since is None and intent.until is None):
        return 1.0
    return 1.0 if in_window(published, intent) else OUTSIDE_WINDOW
