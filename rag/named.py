"""What a question names: the stems of its words (with a country's other names, the initials of its names, the
decimals it gives) and the names its acronyms stand for. A candidate answer the question names is no answer to it
(``rag/vote.py``). Also the full names it gives, and the name a "who is …?" question asks about. Pure; everything is
cached per question, the checks per candidate key.
"""

from __future__ import annotations

import functools
import itertools
import os
import re

from embeddings.spans import NAME_PARTICLES, ROLE_WORDS
from rag.acronyms import spelled_spans
from rag.dates import MONTHS
from rag.evaluate import contains, normalise
from rag.gazetteer import COUNTRIES, FIRST_NAMES
from rag.keys import stems
from rag.namewords import demonym_words
from rag.people import PERSON_TITLES
from rag.text import STOPWORDS, WORD, stem

# Names of one country, one written many ways: a question that names one of them names them all.
_ALIASES = (
    frozenset({("us",), ("usa",), ("america",), ("united", "states"), ("united", "states", "of", "america")}),
    frozenset({("uk",), ("britain",), ("great", "britain"), ("united", "kingdom")}),
)


_DECIMAL = re.compile(r"\d+\.\d+")
# One-word countries by their first four letters, which their people's adjective shares: "norwegian" → "norway"
_COUNTRIES_BY = {
    k: list(g)
    for k, g in itertools.groupby(sorted(c for c in COUNTRIES if c.isalpha() and len(c) >= 4), lambda c: c[:4])
}


def _country_of(adjective: str) -> str | None:
    """The country a people's adjective names: of those sharing its first four letters, the one sharing the most, the
    shorter on a tie ("turkish" → "turkey", not "turkmenistan").

    >>> _country_of("norwegian"), _country_of("turkish"), _country_of("velling")
    ('norway', 'turkey', None)
    """
    same = _COUNTRIES_BY.get(adjective[:4], [])
    return max(same, key=lambda c: (len(os.path.commonprefix([c, adjective])), -len(c)), default=None)


@functools.lru_cache(maxsize=1024)
def named_in(question: str) -> frozenset[str]:
    """The stems the question names, with every other name of a country it names ("US" → "united", "states").

    >>> sorted(named_in("Which US city won?"))
    ['americ', 'city', 'of', 'stat', 'unit', 'us', 'usa', 'which', 'won']
    >>> sorted(named_in("An AI-led club?"))
    ['ai', 'ail', 'an', 'club', 'led']
    >>> "6.1" in named_in("How strong was the aftershock of the magnitude 6.1 quake?")
    True
    >>> "10000" in named_in("Who qualifies for the up-to-$10,000 refund?"), "15" in named_in("the $1.5-million grant")
    (True, False)
    >>> "feb" in named_in("What happened on February 2?")
    True
    >>> stem("norway") in named_in("Which Norwegian town flooded?"), stem("norway") in named_in("Which town flooded?")
    (True, False)
    """
    words = normalise(question)
    asked = {stem(t) for t in words} | {stem(t) for t in WORD.findall(question.lower())}  # "AI-led": ai
    asked |= {n.replace(",", "") for n in _THOUSANDS.findall(question)}  # "the up-to-$10,000 refund": "10000"
    asked |= {t[:3] for t in words if t in MONTHS}  # "February 2" names the date keyed "feb 2"
    for names in _ALIASES:
        if any(contains(question, " ".join(n)) for n in names):
            asked |= {stem(t) for n in names for t in n}
    # "which Norwegian town …?" names Norway
    asked |= {stem(c) for t in words if demonym_words([t]) and (c := _country_of(t))}
    return frozenset(asked | initials(question) | set(_DECIMAL.findall(question)))  # "magnitude 6.1": "6.1"


_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]*\.\d)")
_PEOPLES_ENDS = ("n", "an", "ian", "i", "ese", "ite")  # "Tarvania": "Tarvanian"; "Lakeporter" is too rare


def peoples_named(question: str) -> frozenset[str]:
    """The stems of what the peoples of the places a question names may be called: "which Velling City district …?"
    is not answered with "Vellingese" (a name of more words that holds one is still a name: "Vellingese Relief Fund").

    >>> stem("vellingese") in peoples_named("Which Velling City district was hit?")
    True
    """
    places = (w for w in _CAPITALISED.findall(question) if w.lower() not in FIRST_NAMES)  # "Mary": no "Marian"
    return frozenset().union(*map(_peoples, places))


@functools.lru_cache(maxsize=4096)
def _peoples(place: str) -> frozenset[str]:
    """The stems of what a people of the place may be called, and its plural: "Velling" → "vellingese",
    "vellingeses"; "Tarvania" → "tarvanian" (a last vowel gives way to the ending).

    >>> stem("vellingans") in _peoples("Velling"), stem("tarvanian") in _peoples("Tarvania")
    (True, True)
    >>> stem("hale") in _peoples("Hale")
    False
    """
    low = place.lower()
    bases = (low, low[:-1]) if low[-1] in "aeiouy" else (low,)
    names = [b + end for b in bases for end in _PEOPLES_ENDS]
    return frozenset(stem(n) for n in names + [n + "s" for n in names])


_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|and|for|the|on)\s+)?[A-Z][\w’'-]*)+")


def initials(question: str) -> frozenset[str]:
    """The initials of every run of two or more capitalised words the question names: news writes "the Velling
    Roads Authority" as "VRA" once it has named it, and a name the question gives is no answer to it.

    >>> sorted(initials("Why did the Velling Roads Authority close it?"))
    ['ra', 'vr', 'vra']
    """
    out = set()
    for m in _CAPITALISED_RUN.finditer(question):
        words = [w for w in m.group(0).split() if w[0].isupper() and w.lower() not in STOPWORDS]  # not "Which"
        for i in range(len(words)):
            for j in range(i + 2, min(len(words), i + 6) + 1):
                out.add(stem("".join(w[0] for w in words[i:j]).lower()))
    return frozenset(out)


@functools.lru_cache(maxsize=1024)
def _word_lengths(question: str) -> dict[str, int]:
    """The length of the longest word of the question with each stem."""
    out: dict[str, int] = {}
    for word in normalise(question):
        out[stem(word)] = max(out.get(stem(word), 0), len(word))
    return out


@functools.lru_cache(maxsize=65536)
def _long(key: tuple[str, ...]) -> bool:
    """A word of the key is long enough for the stemmer's cut to join it to a shorter word of the question."""
    return any(len(k) > 9 for k in key)


def named_stems(key: tuple[str, ...], question: str) -> tuple[str, ...]:
    """The stems of a candidate key's words, to match against ``named_in(question)``; a word longer by more than an
    ending than the question's word of the same stem keeps its whole self ("harbourwatch" is not "harbour", which the
    stemmer's cut at six letters makes them).

    >>> named_stems(("harbourwatch",), "Which site saw the harbour?"), named_stems(("harbours",), "Which harbour?")
    (('harbourwatch',), ('harbou',))
    """
    words = stems(key)
    if not _long(key):
        return words  # most keys: no word the cut can join to a shorter one
    lengths = _word_lengths(question)
    return tuple(k if len(k) - lengths.get(t, len(k)) > 3 else t for k, t in zip(key, words, strict=True))


def spelled_at(text: str, start: int, end: int, short: tuple[str, ...]) -> bool:
    """The sentence spells out one of the question's acronyms over ``text[start:end]``: "Ferry Administration" is
    part of the "Velling Food and Ferry Administration" that "VFFA" names.

    >>> t = "The Velling Food and Ferry Administration sent letters."
    >>> spelled_at(t, 21, 41, ("VFFA",)), spelled_at(t, 42, 46, ("VFFA",))
    (True, False)
    """
    return any(s < end and start < e for s, e, _ in spelled_spans(text, short))


# "Who is Ada Brook?", "What is the Velling Accord?", "What is the Quillon app?" ask what the archive says of
# someone or something it names, not for a name.
_PARTICLE = rf"(?:{'|'.join((*NAME_PARTICLES, 'des'))})"  # "Ada de Wren", "Jo des Vignes"
_NAME = rf"[A-Z][\w’'.&-]*(?:\s+(?:{_PARTICLE}\s+)?[A-Z][\w’'.&-]*)*"
_WHO_IS = re.compile(
    rf"^\s*(?:(?i:who)\s+(?i:is|are|was|were)\s+(?P<who>{_NAME})"
    rf"|(?i:what)\s+(?i:is|are|was|were)\s+(?:the\s+)?(?P<what>{_NAME})(?:\s+[a-z][\w-]*)?)\s*\??\s*$"
)


# "Who is Velling's CEO?": a role of a named body, whose holder is asked for
_ROLE_OF = re.compile(rf"[’']s\s+(?:[A-Z][\w.-]*\s+)?(?i:{'|'.join(map(re.escape, sorted(ROLE_WORDS)))})\s*$")
# "who is ada brook": a question typed in lower case names a person without capitals (not "who is the mayor")
_WHO_IS_TYPED = re.compile(
    r"^\s*who\s+(?:is|was)\s+(?!(?:the|a|an|this|that|his|her|their|its|our|your|my|in|on|at|for|running|going)\b)"
    r"([a-z][\w’'-]+(?:\s+[a-z][\w’'-]+){1,2})\s*\??\s*$"
)


def defined_name(question: str) -> str | None:
    """The name a "who is …?" or "what is <name>?" question asks about, or None.

    >>> defined_name("Who is Ada Brook?"), defined_name("Who is the harbour master?")
    ('Ada Brook', None)
    >>> defined_name("Who is Jo de Wren?")
    'Jo de Wren'
    >>> defined_name("What is the Quillon app?"), defined_name("What is the capital of Tarvania?")
    ('Quillon', None)
    >>> defined_name("who is ada brook"), defined_name("who is the harbour master")
    ('Ada Brook', None)
    >>> defined_name("who was elected mayor"), defined_name("who is president now")
    (None, None)
    >>> defined_name("Who is Velling's CEO?"), defined_name("Who is Tarvania’s Prime Minister?")
    (None, None)
    """
    m = _WHO_IS.match(question)
    if m and m["who"] and _ROLE_OF.search(m["who"]):
        return None  # "Who is Velling's CEO?" asks for a name
    if m:
        return m["who"] or m["what"]
    typed = _WHO_IS_TYPED.match(question) if question == question.lower() else None
    words = typed.group(1).split() if typed else []
    if not words or any(w in STOPWORDS for w in words) or words[0].endswith(("ed", "ing")):
        return None  # "who was elected mayor", "who is president now": no name
    return " ".join(words).title()  # "who is ada brook" → "Ada Brook"


_NAMES = re.compile(_NAME)


def full_names(question: str) -> list[str]:
    """The names of two or more words a question gives, without the question word or article before them, nor a
    possessive after them.

    >>> full_names("Which university is Ada Hale a professor at?"), full_names("What did Jo de Wren's aide say?")
    (['Ada Hale'], ['Jo de Wren'])
    >>> full_names("Which Velling Council member quit?"), full_names("How do I tune the low E string?")
    (['Velling Council'], [])
    """
    out = []
    for m in _NAMES.finditer(question):
        words = m.group(0).split()
        while words and words[0].lower() in STOPWORDS:
            words = words[1:]
        if len(words) > 1:
            out.append(re.sub(r"[’']s$", "", " ".join(words)))
    return out


def given_names(question: str) -> dict[str, str]:
    """The given name the question gives each surname it names: {"hale": "ada"} for "Ada Hale".

    >>> given_names("Is Ada Hale backing Jo Bell's run?")
    {'hale': 'ada', 'bell': 'jo'}
    >>> given_names("Who did Velling Bishop Hale thank?")  # a title before the surname: no given name
    {}
    """
    out = {}
    for name in full_names(question):
        words = name.lower().split()
        if words[-2].rstrip(".") not in PERSON_TITLES and words[-2] not in ROLE_WORDS:
            out[words[-1]] = words[0]
    return out
