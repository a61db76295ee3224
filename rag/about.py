"""Messages about the archive itself, not the news in it: a greeting, thanks, "what can I ask?", "what is this
archive about?". A reader's first words in a chat widget are often these; they get what the archive holds and its
newest pieces, not "the archive does not appear to cover this question". Pure: the patterns and the wording; the
engine finds the newest pieces.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from embeddings.records import Article
from rag.text import ASKING_VERBS, QUESTION_WORDS

Addressed = Literal["greeting", "thanks", "overview"]

_HELLO = r"(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|greetings)"
_THANK = r"(?:thanks|thank\s+you|thx|cheers)"
_FINE = r"(?:ok(?:ay)?|great|cool|perfect)"
_END = r"[\s!.?,]*(?:there|everyone|all)?[\s!.?,]*$"
_GREETING = re.compile(rf"^\s*{_HELLO}{_END}", re.I)
_THANKS = re.compile(
    rf"^\s*(?:{_FINE}[\s,!.]+)?(?:{_THANK}|much\s+appreciated)(?:\s+(?:so\s+much|a\s+lot|very\s+much))?{_END}", re.I
)
_ARCHIVE = r"(?:the\s+|this\s+|your\s+)?(?:archive|site|chat|service|collection|database)"
_OVERVIEW = re.compile(
    r"^\s*(?:help|what\s+can\s+(?:i|we)\s+ask(?:\s+you)?(?:\s+about)?|what\s+can\s+you\s+(?:do|answer|tell\s+me)"
    r"|how\s+does\s+(?:this|it)\s+work|who\s+are\s+you|what\s+are\s+you"
    rf"|what(?:'s|’s|\s+is)\s+(?:in\s+)?{_ARCHIVE}(?:\s+about)?|what\s+is\s+{_ARCHIVE}\s+about"
    rf"|what\s+does\s+{_ARCHIVE}\s+(?:cover|hold|have)"
    rf"|what\s+(?:topics|subjects|news|stories)\s+(?:do(?:es)?|can)\s+(?:you|{_ARCHIVE})\s+(?:cover|have|hold)"
    rf"|summari[sz]e\s+{_ARCHIVE}|(?:give\s+me\s+)?an\s+overview(?:\s+of\s+{_ARCHIVE})?)"
    r"[\s!.?]*$",
    re.I,
)


_ASKS = rf"(?:{QUESTION_WORDS}|{ASKING_VERBS})"
_LEAD = re.compile(
    rf"^\s*(?:(?:{_HELLO}|{_THANK}|{_FINE})(?:\s+(?:there|everyone|all|so\s+much|a\s+lot))?"
    rf"(?:\s*[,!.:;]+\s*|\s+-+\s+|\s+(?={_ASKS}))|(?:and|so|also|now|well)[\s,]+(?={_ASKS}))+(?=\S)",
    re.I,
)


# "… thanks!", "…, please?": courtesy after a question (not "checks", "pleased": whole words, after a mark or space)
_TAIL = re.compile(
    rf"(?:[\s,;–—-]+|(?<=[?!.:]))(?:{_THANK}|please|pls|plz)(?:\s+(?:so\s+much|a\s+lot|very\s+much|in\s+advance))?"
    r"[\s!.?:)]*$",
    re.I,
)


def unaddressed(message: str) -> str:
    """The question a message asks within what it says to the archive ("Hi, who won?" asks "who won?"): a greeting
    before a question, and thanks or "please" after it, are no part of it, and would change the search.

    >>> unaddressed("Hi, who won the Velling Cup?"), unaddressed("Thanks! And which team does Jo Bell play for?")
    ('who won the Velling Cup?', 'which team does Jo Bell play for?')
    >>> unaddressed("Hey there! What happened in Lakeport?"), unaddressed("hey where did it sink?")
    ('What happened in Lakeport?', 'where did it sink?')
    >>> unaddressed("So far, how many ferries sank?"), unaddressed("Hi-fi makers: which sank?")
    ('So far, how many ferries sank?', 'Hi-fi makers: which sank?')
    >>> unaddressed("Who won the Velling Cup? Thanks!"), unaddressed("Who won the Velling Cup, please?")
    ('Who won the Velling Cup?', 'Who won the Velling Cup?')
    >>> unaddressed("who won the cup thanks a lot"), unaddressed("Did the ferry pass its checks?")
    ('who won the cup', 'Did the ferry pass its checks?')
    >>> unaddressed("All these teams signed him, except: Thanks!")
    'All these teams signed him, except:'
    """
    question = _LEAD.sub("", message, count=1)
    tail = _TAIL.search(question)
    if tail is None or not question[: tail.start()].strip():
        return question
    kept = question[: tail.start()].rstrip(" ,;-–—")
    return kept + "?" if "?" in tail.group() and not kept.endswith(("?", "!", ".")) else kept


def addressed(message: str) -> Addressed | None:
    """What a message says to the archive rather than asks of its news, if that is all it says.

    >>> [addressed(m) for m in ("Hi!", "hello there", "Thanks a lot.", "ok, thank you")]
    ['greeting', 'greeting', 'thanks', 'thanks']
    >>> [addressed(m) for m in ("What can I ask?", "What is this archive about?", "What topics do you cover?")]
    ['overview', 'overview', 'overview']
    >>> [addressed(m) for m in ("Hi, who won the Velling Cup?", "What does the archive say about tolls?")]
    [None, None]
    """
    if _GREETING.match(message):
        return "greeting"
    if _THANKS.match(message):
        return "thanks"
    return "overview" if _OVERVIEW.match(message) else None


MAIN_SOURCES = 3  # the sources a reply names, most pieces first ("mostly from …" when there are more)


@dataclass(frozen=True, slots=True)
class Holdings:
    """What an archive version holds, counted once: its pieces' days (sorted), the undated ones, its main sources."""

    days: tuple[int, ...]  # day ordinals of the dated pieces, ascending
    undated: int
    sources: tuple[tuple[str, int], ...]  # the main sources, most pieces first, and their first day (0: undated only)
    more: bool = False  # … and the archive has other sources beside them

    @classmethod
    def of(cls, articles: Sequence[Article]) -> Holdings:
        dated = sorted(a.published.toordinal() for a in articles if a.published is not None)
        counts = Counter(a.source for a in articles if a.source)
        first: dict[str, int] = {}
        for a in articles:
            if a.source and a.published:
                day = a.published.toordinal()
                first[a.source] = min(first.get(a.source, day), day)
        main = tuple((s, first.get(s, 0)) for s, _ in counts.most_common(MAIN_SOURCES))
        return cls(tuple(dated), len(articles) - len(dated), main, more=len(counts) > MAIN_SOURCES)

    def newest(self, as_of: dt.date) -> dt.date | None:
        """The day of the newest piece published by ``as_of``, if any."""
        i = bisect.bisect_right(self.days, as_of.toordinal())
        return dt.date.fromordinal(self.days[i - 1]) if i else None

    def scope(self, as_of: dt.date) -> str:
        """One sentence on what the archive holds as of ``as_of``.

        >>> days = (dt.date(2031, 1, 2).toordinal(), dt.date(2031, 3, 4).toordinal())
        >>> h = Holdings(days, 1, (("a.com", days[0]), ("b.org", days[1])))
        >>> h.scope(dt.date(2031, 5, 1))
        'This archive holds 3 pieces from a.com and b.org, published from 2031-01-02 to 2031-03-04 (1 undated).'
        >>> h.scope(dt.date(2031, 2, 1))
        'This archive holds 2 pieces from a.com, published from 2031-01-02 to 2031-01-02 (1 undated).'
        >>> Holdings(days, 0, (("a.com", days[0]),), more=True).scope(dt.date(2031, 5, 1))  # others not named
        'This archive holds 2 pieces, mostly from a.com, published from 2031-01-02 to 2031-03-04.'
        """
        n = bisect.bisect_right(self.days, as_of.toordinal())
        count = f"{n + self.undated:,} piece{'s' if n + self.undated != 1 else ''}"
        named = [s for s, first in self.sources if first <= as_of.toordinal()]  # undated (0) or begun by then
        sources = (f", mostly from {_listed(named)}" if self.more else f" from {_listed(named)}") if named else ""
        first, last = (dt.date.fromordinal(self.days[0]), self.newest(as_of)) if n else (None, None)
        span = f", published from {first.isoformat()} to {last.isoformat()}" if first and last else ""
        undated = f" ({self.undated:,} undated)" if self.undated and span else ""
        return f"This archive holds {count}{sources}{span}{undated}."


def opening(kind: Addressed, scope: str) -> str:
    """The answer's first words: what the reader said, answered.

    >>> opening("thanks", "This archive holds 3 pieces.")
    "You're welcome. Ask me anything else about the news in this archive."
    >>> opening("greeting", "This archive holds 3 pieces.").startswith("Hello. I answer questions about the news")
    True
    """
    if kind == "thanks":
        return "You're welcome. Ask me anything else about the news in this archive."
    hello = "Hello. " if kind == "greeting" else ""
    return f"{hello}I answer questions about the news in this archive and cite the pieces I answer from. {scope}"


def shown(newest: dt.date | None) -> str:
    """What introduces the pieces shown after the opening: the newest, or (in an archive without dates) some."""
    return "The newest:" if newest is not None else "Some of them:"


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
