"""The figures a question pins its story by ("the $4.2 billion jackpot", "a record of 46.1 degrees", "won 5-2"), and
whether a sentence gives one (pure, regex only; ``rag/vote.py`` weighs the sentences that do above those that do not).

A figure is a number of two digits or more, or one with a decimal point or a score's dash; not a year (news dates
every other story by one), and not a number that is part of a name ("Gate 12", "Velling Flight 812", "Pier 31").
"""

from __future__ import annotations

import functools
import re

from rag.dates import MONTHS

_NUMBER = re.compile(r"(?<![\w.,$:-])\$?(\d+(?:[.,]\d+)*(?:-\d+)?)(?![\w:-])")  # not a clock's "10:30"
_YEAR = re.compile(r"(?:1[89]|20)\d\d(?:-\d+)?")  # "2031", and a season, "2031-32"
_NAME_BEFORE = re.compile(r"[A-Z][\w’'.-]*\s+$")  # "Gate 12": the number of a name (or a date's, "March 14")
_MONTH_AFTER = re.compile(rf"\s+(?:{'|'.join(MONTHS)})\b", re.I)  # "14 March": a date's day


@functools.lru_cache(maxsize=1024)
def figures(question: str) -> tuple[str, ...]:
    """The figures ``question`` names, as written.

    >>> figures("Which town set a record of 46.1 degrees in the 2031 heat wave?")
    ('46.1',)
    >>> figures("Who won the $4.2 billion jackpot, and who lost 5-2?")
    ('4.2', '5-2')
    >>> figures("Where did Velling Flight 812 land on May 4?")
    ()
    >>> figures("How many of the 1,350 jobs did Velling cut?"), figures("Who scored 64 points?")
    (('1,350',), ('64',))
    >>> figures("Who spoke at the 10:30 rally on 14 March in the 2031-32 season?")
    ()
    """
    found = []
    for m in _NUMBER.finditer(question):
        number = m.group(1)
        if len(number) < 2 or _YEAR.fullmatch(number) or _NAME_BEFORE.search(question, 0, m.start()):
            continue
        if _MONTH_AFTER.match(question, m.end()):
            continue
        found.append(number)
    return tuple(found)


def holds(text: str, wanted: tuple[str, ...]) -> bool:
    """``text`` gives one of the figures, not as part of a longer number ("46.1", not "146.1" or "46.15").

    >>> holds("Tarrow set an all-time record of 46.1 degrees.", ("46.1",)), holds("It hit 146.1 degrees.", ("46.1",))
    (True, False)
    >>> holds("Velling won 5-2 on Monday.", ("5-2",)), holds("It cut 1,350 jobs.", ("1,350",))
    (True, True)
    """
    return any(_pattern(f).search(text) is not None for f in wanted)


@functools.lru_cache(maxsize=256)
def _pattern(figure: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.,]){re.escape(figure)}(?!\d|[.,]\d)")
