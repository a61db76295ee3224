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


_NUMERALS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
)
_DIGITS = {w: str(i) for i, w in enumerate(_NUMERALS.split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}


_MULTIPLIED = {"bn": "billion", "mn": "million", "m": "million", "k": "thousand", "tn": "trillion"}
SHORT_MULTIPLIER = rf"(?:{'|'.join(_MULTIPLIED)})\b"  # "$200m", "£3bn": an amount written short
_SHORT = re.compile(rf"([$€£¥]\s*[\d.,]*\d)({SHORT_MULTIPLIER})", re.I)  # "$200m" is "$200 million"


@functools.lru_cache(maxsize=65536)
def number_key(text: str) -> tuple[str, ...]:
    """A number's key, however the piece writes it and its unit: "three-day", "three days" and "3 days" are one
    answer, as are "thirteen stars" and "13 stars", "twenty-five" and "25".

    >>> number_key("three-day") == number_key("3 days") == ("3", "day")
    True
    >>> number_key("thirteen stars") == number_key("13 stars"), number_key("twenty-five") == number_key("25")
    (True, True)
    >>> number_key("$200m") == number_key("$200 million")
    True
    """
    words = normalise(_SHORT.sub(lambda m: f"{m.group(1)} {_MULTIPLIED[m.group(2).lower()]}", text.replace("-", " ")))
    out: list[str] = []
    for i, t in enumerate(words):
        if t in _DIGITS and i and words[i - 1] in _TENS and 0 < int(_DIGITS[t]) < 10:
            out[-1] = str(_TENS[words[i - 1]] + int(_DIGITS[t]))  # "twenty five": 25
        else:
            out.append(_DIGITS.get(t) or (str(_TENS[t]) if t in _TENS else stem(t)))
    return tuple(out)


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
