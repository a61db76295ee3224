"""Two answers that sources give with comparable support: when they differ (``conflicting``: pieces of different
dates, each naming only its own answer, of the kind asked for), and how the reply says so, newest first (``differ``).
Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from rag.candidates import Candidate
from rag.dates import TimeIntent, in_window, leans_recent
from rag.evidence import Weights, grounded
from rag.keys import same_amount
from rag.kinds import YEAR, fits
from rag.quantities import measure
from rag.records import Citation, Passage

_SPECIFIC = frozenset({"person", "winner", "country", "state", "city", "place", "number", "date", "year", "title"})


def conflicting(
    question: str,
    kind: str,
    winner: Candidate,
    rival: Candidate,
    passages: Sequence[Passage],
    texts: Mapping[str, str],
    w: Weights,
    intent: TimeIntent | None = None,
) -> bool:
    """Comparable support for two answers of the kind asked for, from pieces of different dates that each name
    only their own answer (a piece that names both is listing them, not disagreeing), both from the time the question
    names if it names one ("this week": a piece of six years ago is no source that differs)."""
    if kind not in _SPECIFIC or rival.votes < w.conflict_ratio ** w.power(leans_recent(intent)) * winner.votes:
        return False
    if winner.sentence is None or rival.sentence is None or winner.span is None or rival.span is None:
        return False
    if fits(kind, winner.span) < 1 or fits(kind, rival.span) < 1 or not grounded(question, rival.sentence, w.grounded):
        return False  # the rival's sentence is about the question too
    if kind == "date" and _one_time(winner.span.text, rival.span.text):
        return False  # "2031" and "Feb. 2": a year and a day that may fall in it
    if kind == "number" and (
        measure(winner.span.text) != measure(rival.span.text) or same_amount(winner.key, rival.key)
    ):
        return False  # "12%" and "$2 million" measure different things; "740 workers" and "740 staff" agree
    a, b = passages[winner.sentence.passage], passages[rival.sentence.passage]
    if a.article_id == b.article_id or a.published is None or b.published is None or a.published == b.published:
        return False
    window = intent if intent is not None and (intent.since or intent.until) else None
    if window is not None and not (in_window(a.published, window) and in_window(b.published, window)):
        return False  # "this week": a piece from outside the week is no source that differs
    return rival.span.text not in texts[a.article_id] and winner.span.text not in texts[b.article_id]


def _one_time(a: str, b: str) -> bool:
    """A year alone and a date that may fall in it: "2031" and "Feb. 2" or "Feb. 2, 2031" (not "Feb. 2, 2030").

    >>> _one_time("2031", "Feb. 2"), _one_time("Feb. 2, 2030", "2031"), _one_time("Feb. 2", "March 4")
    (True, False, False)
    """
    if not (a.isdigit() or b.isdigit()):
        return False
    ya, yb = YEAR.search(a), YEAR.search(b)
    return ya is None or yb is None or ya.group(0) == yb.group(0)


def differ(first: tuple[Citation, str], other: tuple[Citation, str]) -> tuple[str, tuple[Citation, ...], str]:
    """ "Sources differ: … [1] (date); … [2] (date)." for two (citation, answer) pairs, newest first: the text, the
    citations numbered in that order, and the newest answer."""
    pair = sorted([first, other], key=_newest_first)
    cites = tuple(replace(c, n=i) for i, (c, _) in enumerate(pair, start=1))
    said = "; ".join(f"{t} [{i}] ({_day(c)})" for i, (c, t) in enumerate(pair, start=1))
    return f"Sources differ: {said}.", cites, pair[0][1]


def _newest_first(pair: tuple[Citation, str]) -> tuple[bool, int]:
    published = pair[0].published
    return (published is None, -(published.toordinal() if published else 0))


def _day(c: Citation) -> str:
    return c.published.isoformat() if c.published else "undated"
