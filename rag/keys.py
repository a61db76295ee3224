"""What makes two mentions one answer (``rag/vote.py`` counts their votes together): a name's words as written; a
number's however its unit is written ("three-day", "3 days"); a reading on a scale however the piece orders it
("6.4-magnitude", "magnitude 6.4"). Pure; keys are cached, as a mention recurs across questions.
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import Span
from rag.evaluate import normalise
from rag.text import stem

_POSSESSIVE = re.compile(r"[’']s\b")


@functools.lru_cache(maxsize=65536)
def words_key(text: str) -> tuple[str, ...]:
    """A name's key: its words, lower case, without punctuation, articles or possessives ("Lakeport’s Velling
    Airport" is the Lakeport Velling Airport).

    >>> words_key("Lakeport’s Velling Airport") == words_key("the Lakeport Velling Airport")
    True
    """
    return tuple(normalise(_POSSESSIVE.sub("", text)))


def span_key(sp: Span) -> tuple[str, ...]:
    """What makes two mentions one answer: their words; a label's, a number's and a date's however the piece writes
    them."""
    if sp.kind == "date":
        return date_key(sp.text)
    return (
        label_key(sp.text) if sp.kind == "label" else number_key(sp.text) if sp.kind == "number" else words_key(sp.text)
    )


_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)$")


@functools.lru_cache(maxsize=65536)
def date_key(text: str) -> tuple[str, ...]:
    """A date's key, however the piece writes its month and day: "Feb. 2", "February 2nd" and "feb 2" are one date.

    >>> date_key("Feb. 2") == date_key("February 2nd") == ("feb", "2"), date_key("Sept. 30, 2031")
    (True, ('sep', '30', '2031'))
    """
    return tuple(_ORDINAL.sub("", w) if w[:1].isdigit() else w[:3] for w in normalise(text))


_DIGITS = {
    w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}


@functools.lru_cache(maxsize=65536)
def number_key(text: str) -> tuple[str, ...]:
    """A number's key, however the piece writes its unit: "three-day", "three days" and "3 days" are one answer.

    >>> number_key("three-day") == number_key("3 days") == ("3", "day")
    True
    """
    return tuple(_DIGITS.get(t, stem(t)) for t in normalise(text.replace("-", " ")))


_MULTIPLIERS = frozenset(stem(w) for w in "hundred thousand million billion trillion".split())


def same_amount(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two numbers' keys give one amount, whatever they count it in: "740 workers", "740 federal workers".

    >>> same_amount(number_key("740 workers"), number_key("740 federal workers"))
    True
    >>> same_amount(number_key("2 million people"), number_key("two people"))
    False
    """
    return _amount(a) == _amount(b)


def _amount(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in key if t[:1].isdigit() or t in _MULTIPLIERS)


def label_key(text: str) -> tuple[str, ...]:
    """A label's key, however the piece orders and joins it: "magnitude 6.4", "6.4-magnitude", "6.4 magnitude".

    >>> label_key("6.4-magnitude") == label_key("Magnitude 6.4") == ("6.4", "magnitude")
    True
    """
    return tuple(sorted(re.findall(r"\d+(?:\.\d+)?|[a-z]+", text.lower())))


@functools.lru_cache(maxsize=65536)
def stems(key: tuple[str, ...]) -> tuple[str, ...]:
    """The stems of a key's words (cached)."""
    return tuple(stem(t) for t in key)
