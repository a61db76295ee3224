"""Whose office a title names: "Kenyan Foreign Minister Jo Bell" holds Kenya's, and is no answer to "who is the
Ugandan foreign minister …?" (pure: regex and the gazetteer's lists).

A capitalised word names a nation when the gazetteer knows it as a country or US state or as a people's adjective,
or when it is a country's name with a people's ending ("Ugandan", "Togolese"); a party's word ("Republican") names
none.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence

from rag.extract import Span, titled
from rag.gazetteer import COUNTRIES, US_STATES
from rag.namewords import PARTISANS, demonym_words
from rag.text import stem

# adjectives that share fewer than four first letters with their country
_IRREGULAR = {
    "french": "france", "dutch": "netherlands", "swiss": "switzerland", "welsh": "wales", "greek": "greece",
    "filipino": "philippines", "danish": "denmark", "spanish": "spain", "polish": "poland", "finnish": "finland",
    "irish": "ireland", "british": "united kingdom",
}  # fmt: skip
_PARTIES = PARTISANS | frozenset("labour conservative liberal libertarian".split())  # "Republican" names no nation
_POSSESSIVE = re.compile(r"['’]s?$")
_ENDINGS = ("n", "an", "ian", "ese", "lese", "i", "ish", "ean")  # "Ugandan", "Togolese", "Qatari"


@functools.lru_cache(maxsize=4096)
def nation(word: str) -> str | None:
    """The country or people a word names, in lower case, else None.

    >>> nation("Ugandan"), nation("Ohio"), nation("Kenya’s"), nation("French"), nation("Togolese"), nation("Republican")
    ('uganda', 'ohio', 'kenya', 'france', 'togo', None)
    >>> nation("British")  # as news writes "United Kingdom Prime Minister …"
    'united kingdom'
    >>> [nation(w) for w in ("Deputy", "foreign", "Chairman", "Velling", "Palace", "Children’s", "Indigenous")]
    [None, None, None, None, None, None, None]
    """
    low = _POSSESSIVE.sub("", word.lower())
    if low in _PARTIES or not word[:1].isupper():
        return None
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low in COUNTRIES or low in US_STATES:
        return low
    # "Ugandan", "Togolese": a country's name, perhaps less its last letter, and a people's ending (not "Palace")
    countries = [c for c in COUNTRIES if any(low in (c + end, c[:-1] + end) for end in _ENDINGS)]
    return max(countries, key=len) if countries else low if demonym_words([low]) else None


def same_nation(one: str, other: str) -> bool:
    """Two nation words name one nation: "kenya" and "kenyan", "thai" and "thailand"; two countries only when they
    are one.

    >>> same_nation("kenya", "kenyan"), same_nation("ghana", "kenyan"), same_nation("thai", "thailand")
    (True, False, True)
    >>> same_nation("ohio", "united states"), same_nation("united states", "kenya")
    (True, False)
    """
    if one == other or (one in COUNTRIES and other in COUNTRIES):
        return one == other
    if "united states" in (one, other) and (one in US_STATES or other in US_STATES):
        return True  # "which Ohio senator …?": "United States Senator Jo Bell of Ohio"
    return len(os.path.commonprefix([one, other])) >= min(4, len(one), len(other))


_MODIFIERS = 3  # words a role's nation may stand before it by ("Kenyan deputy foreign minister")


def role_nation(question: str, roles: frozenset[str]) -> str | None:
    """The nation a question puts before the role it asks someone by ("who is the Kenyan foreign minister …?",
    "who is Kenya's prime minister?"), else None.

    >>> role_nation("Who is the Kenyan foreign minister who signed it?", frozenset({"minist"}))
    'kenya'
    >>> role_nation("Who is the foreign minister of Kenya?", frozenset({"minist"}))
    >>> role_nation("Which Ohio governor vetoed it?", frozenset({"govern"}))
    'ohio'
    >>> role_nation("Who was the Kenyan runner's coach?", frozenset({"coach"}))
    """
    words = question.split()
    for i, word in enumerate(words):
        if stem(word.lower().strip("?,.")) in roles:
            return _before(words[max(i - _MODIFIERS - 1, 0) : i])
    return None


def _before(words: Sequence[str]) -> str | None:
    """The nation the last word of ``words`` that names one names, unless a possessive comes after it ("the Kenyan
    runner's coach" asks for no Kenyan)."""
    for word in reversed(words):
        if found := nation(word):
            return found
        if _POSSESSIVE.search(word):
            return None
    return None


_CAPITALS_BEFORE = re.compile(r"(?:[A-Z][\w.-]*\s+){1,3}$")  # capitalised words, nothing between them and what follows


def title_nation(text: str, sp: Span) -> str | None:
    """The nation the title before a person's name names ("Kenyan Foreign Minister Jo Bell" → "kenya").

    >>> t = "Kenyan Foreign Minister Jo Bell met Prime Minister Ada Hale."
    >>> title_nation(t, Span(24, 31, "Jo Bell", "name")), title_nation(t, Span(51, 59, "Ada Hale", "name"))
    ('kenya', None)
    >>> t = "They met United Kingdom Prime Minister Jo Bell."
    >>> title_nation(t, Span(39, 46, "Jo Bell", "name"))
    'united kingdom'
    >>> t = "After talks with United Kingdom envoys, Prime Minister Jo Bell spoke."  # not hers
    >>> title_nation(t, Span(55, 62, "Jo Bell", "name"))
    """
    title = titled(text, sp)
    if (found := _before(text[title.start : sp.start].split())) is not None:
        return found
    # a country of several words, in the title or right before it: "United Kingdom Prime Minister Ada Hale"
    adjacent = _CAPITALS_BEFORE.search(text, max(0, title.start - 40), title.start)
    words = (adjacent.group(0).split() if adjacent else []) + text[title.start : sp.start].split()
    for end in range(len(words), 1, -1):
        for n in (3, 2):  # "United Arab Emirates Foreign Minister Jo Bell", "United Kingdom Prime Minister Ada Hale"
            run = words[end - n : end]
            if len(run) == n and all(w[:1].isupper() for w in run) and (low := " ".join(run).lower()) in COUNTRIES:
                return low
    return None
