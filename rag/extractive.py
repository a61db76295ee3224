"""The extractive answer as the API returns it: the composer's answer with the evidence rule's verdict, or an
abstention that lists the closest articles (or says there are none). Pure: the engine times the stages and passes the
timings in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from rag.confidence import Evidence, with_stale
from rag.reading import Reading
from rag.records import Answer, Passage, article_refs

ABSTAIN_TEXT = "The archive does not appear to cover this question. The closest articles are listed below."
NOTHING_CLOSE = "The archive does not appear to cover this question, and holds no article close to it."  # none to list


def extractive_answer(
    reading: Reading,
    passages: Sequence[Passage],
    ev: Evidence,
    timings_ms: Mapping[str, float],
    notice: str | None = None,
) -> Answer:
    """The ``Answer`` for ``ev``: a message to the archive itself ("hi") opens with its reply and never abstains; an
    abstention shows no citations, direct answer or conflict. ``notice``: why this mode was used, if it was a
    fallback (else the composer's own notice)."""
    composed, abstained, confidence = ev.composed, ev.abstained, ev.confidence
    if reading.opening is not None:  # to the archive itself: never "the archive does not cover this"
        pieces = f" {reading.shown} {composed.text}" if composed.citations else ""
        composed, abstained = replace(composed, text=reading.opening + pieces, direct=None), False
        confidence = 1.0  # its reply says what the archive holds: no guess (nor, for editors, a question unanswered)
    return Answer(
        text=(ABSTAIN_TEXT if passages else NOTHING_CLOSE) if abstained else composed.text,
        citations=() if abstained else composed.citations,
        passages=tuple(passages),
        articles=article_refs(passages),
        abstained=abstained,
        mode="extractive",
        timings_ms=dict(timings_ms),
        notice=with_stale(notice or (None if abstained else composed.notice), ev),
        direct=None if abstained else composed.direct,
        conflict=composed.conflict and not abstained,
        confidence=confidence,
        respelled=reading.respelled,
    )
