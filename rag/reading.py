"""A message as the engine reads it before the search: what it says to the archive itself ("hi", "what can I ask?"),
the question it asks with greeting, courtesy and mistyped words set right, what a follow-up leans on, its time
window, and the words searched. The engine (``rag/engine.py``) encodes ``Reading.searched`` and searches with it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.about import addressed, opening, shown, unaddressed
from rag.dates import TimeIntent, resolve_time
from rag.followup import resolve_followup
from rag.records import Filters, Turn
from rag.retrieve import Retriever
from rag.typed import plain

RECENT_DAYS = 7  # "what happened lately?" with no window of its own: the week up to the question's date


@dataclass(frozen=True, slots=True)
class Reading:
    """One message, read."""

    about: str | None  # what it says to the archive itself ("greeting", "thanks", "overview"), if that is all
    query: str  # the question, with what a follow-up leans on from earlier turns ("he" → the name meant)
    intent: TimeIntent  # what the question says about time: its window also weighs the evidence
    filters: Filters  # the reader's, or the week of the newest pieces for "what happened lately?"
    searched: str = ""  # the query as searched: an acronym with the name the archive spells it out as
    opening: str | None = None  # a message to the archive itself: its reply
    shown: str = ""  # … and what introduces the pieces shown after it ("The newest:")
    asked: str = ""  # the question as read: greeting, courtesy and polite lead dropped, a mistyped word respelled
    respelled: str | None = None  # … that question, when a word the archive never writes was respelled


def read(message: str, as_of: dt.date, history: Sequence[Turn], filters: Filters, retriever: Retriever) -> Reading:
    """``message`` read against the version ``retriever`` searches: its words, its holdings' dates. A "thanks" is
    read no further (it is answered without a search)."""
    message = unicodedata.normalize("NFC", message)  # "é" as one character, as the archive stores it
    about = addressed(message)  # "hi", "what can I ask?": what the archive holds, and its newest pieces
    # "Hi, can you tell me who won, please" and "WHO WON??" ask "who won?"; "Ada Brrok" is read as "Ada Brook"
    typed = message if about else plain(unaddressed(message))
    question = typed if about else retriever.wording.respelled(typed)
    query = resolve_followup(question, history)
    intent = resolve_time(question, as_of)
    if about == "thanks":
        return Reading(about, query, intent, filters, opening=opening(about, ""))
    if about is not None:
        intent = TimeIntent(None, None, 1.0, alone=True)
    newest = retriever.holdings.newest(as_of) if intent.alone else None  # counted once per version
    if not (filters.since or filters.until) and intent.alone and (newest or not about):  # "what happened lately?"
        end = newest or as_of  # lately: the week of the newest piece, not an empty one
        filters = replace(
            filters, since=intent.since or end - dt.timedelta(days=RECENT_DAYS - 1), until=intent.until or end
        )
    return Reading(
        about,
        query,
        intent,
        filters,
        searched=retriever.wording.searched(query),  # "What is the VRA?" searched with the name it stands for
        opening=opening(about, retriever.holdings.scope(as_of)) if about is not None else None,
        shown=shown(newest),
        asked=question,
        respelled=question if question != typed else None,
    )
