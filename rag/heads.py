"""The nouns a question asks by: the role of "who is the <role> …?", the noun phrase of "which / what …?" with its
head, and how many things it asks for ("which two …", "which countries …"). Pure, regex only; the question's verbs are
``rag/asks.py``.
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import ROLE_WORDS
from rag.answer_type import COUNTS, NOT_NOUNS, SEVERAL
from rag.asks import DETERMINERS, PARTICIPLES
from rag.people import OCCUPATIONS, PERSON_TITLES
from rag.text import stem
from rag.verbs import PASTS

_ROLE_NAMES = ROLE_WORDS | PERSON_TITLES | OCCUPATIONS  # what "who is Hale's … ?" may ask for
# verbs that only give a role ("who became / was named the coach?"): a sentence that calls someone the coach says it
_NAMED_AS = "named identified appointed chosen picked tapped selected"  # "who was named (as) the …?"
ROLE_GIVING = frozenset(stem(w) for w in f"become became becomes been {_NAMED_AS}".split())
_GIVEN_ROLES = _ROLE_NAMES | frozenset("suspect suspects victim winner finalist nominee recipient".split())
_ROLE = re.compile(  # "the pilot arrested …", "the lawyer representing …", "Ada Hale's press secretary who …"
    r"^\s*who\s+(?:is|are|was|were|will\s+be|(?P<gives>(?:has\s+|have\s+|had\s+|will\s+)?bec[oa]mes?|"
    r"(?:is|are|was|were|has\s+been|had\s+been|will\s+be)\s+"  # "who became / was named the …"
    rf"(?:{_NAMED_AS.replace(' ', '|')})(?:\s+as)?))"
    r"\s+(?:(the|a|an)|(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*(?:[’']s|s[’']))\s+"
    r"((?:[\w’'-]+\s+){0,3}?[\w’'-]+)"
    r"(?=\s+(?:of|in|at|for|on|from|with|to|who|that|now|as|when|while|during|after|before|last|this|next|"
    r"yesterday|today|earlier|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|\s+[a-z]+(?:ed|ing)\b|\s*,|\s*[?.!]?\s*$)",
    re.I,
)


def role_noun(question: str) -> str | None:
    """The stem of the role a "who is the <role> …?" question asks about, or None.

    >>> role_noun("Who is the new harbour master of Lakeport?"), role_noun("Who are the suspects in the theft?")
    ('master', 'suspec')
    >>> role_noun("Who is the Velling coach"), role_noun("Who won the cup?"), role_noun("Who is Ada Brook?")
    ('coach', None, None)
    >>> role_noun("Who was the pilot arrested in Lakeport?"), role_noun("Who is the top lawyer representing Velling?")
    ('pilot', 'lawyer')
    >>> role_noun("Who is the Velling virologist the VNN quoted?"), role_noun("Who is the lawyer Hale hired?")
    ('virolo', 'lawyer')
    >>> role_noun("Who is the Velling CEO?"), role_noun("Who is the Velling Times publisher?")
    ('ceo', 'publis')
    >>> role_noun("Who is Ada Hale's press secretary who said so?"), role_noun("Who is Ada Hale's successor?")
    ('secret', None)
    >>> role_noun("Who was Ada Hale's lawyer, a former judge?"), role_noun("Who was the coach when the Owls won?")
    ('lawyer', 'coach')
    >>> role_noun("Who was the Velling County, Ohio, health officer who closed the salons?")
    >>> role_noun("Who was the Attorney General?"), role_noun("Who was the Lakeport Mayor?")
    ('genera', 'mayor')
    >>> role_noun("Who became Velling's CEO in May?"), role_noun("Who was identified as the suspect in the theft?")
    ('ceo', 'suspec')
    >>> role_noun("Who was named the Velling coach last week?"), role_noun("Who became a household name?")
    ('coach', None)
    """
    m = _ROLE.match(question)
    if m is None:
        return None
    words = m.group(3).split()
    if words[-1][0].isupper() and words[-1].lower() not in ROLE_WORDS:  # "the lawyer Hale hired": whom Hale hired
        lower = [w for w in words if w[0].islower() and w not in DETERMINERS]
        if not lower and question.startswith(",", m.end()):
            return None  # "who was the Velling County, Ohio, health officer …?": a place's name, no role
        words = lower or words
    role = words[-1].lower()
    if m.group(2) is None and role not in _ROLE_NAMES:
        return None  # "who is Hale's wife / successor?" asks for kin or a sequel, a role no sentence need say
    if m["gives"] and (m.group(2) or "").lower() in ("a", "an") and role not in _GIVEN_ROLES:
        return None  # "who became a household name?": no role
    return stem(role)


# "which breed of dog …", "which bird species …": a sort of thing before "of" or after its noun is no head (alone,
# "which species …?" asks for one)
_SORTS = (
    "type types kind kinds sort sorts form forms variety varieties breed breeds species strain strains genre genres"
)
_SUPERLATIVES = (
    "largest biggest smallest highest lowest longest tallest oldest youngest newest latest fastest richest "
    "poorest deadliest hottest coldest busiest best worst first last most least"
)
_HEAD = re.compile(
    rf"\b(?:which|what)\s+(?:(?:is|was|are|were)\s+the\s+(?:{_SUPERLATIVES.replace(' ', '|')})"
    rf"\s+)?(?:(?:{_SORTS.replace(' ', '|')})\s+of\s+)?(?:No\.\s*\d+\s+)?"
    r"((?:(?:(?:[a-z]\.){2,}|[a-z][\w&-]*)\s*){1,4})",
    re.I,
)  # "what is the largest lake …?" asks for a lake, "what is the most visited city …?" a city, "which No. 3 seed" a
# seed, "which U.S. city …?" a city (an initialism's periods are in its word)
_NOT_HEADS = NOT_NOUNS | frozenset(
    "of these following type kind sort one ones amid amidst among despite near against without toward towards "
    "around behind beyond including".split()
)  # "which vegetable amid the shortages …": a preposition ends the noun phrase
_SORT_WORDS = frozenset(_SORTS.split())


# Plural nouns that name the kind of answer asked for ("which countries …"): a list, because a plural-looking word
# after "which" is as often a modifier ("which sports team", "which awards show") or a singular ("which virus").
_PLURAL_KINDS = frozenset(
    "countries nations states cities towns companies firms teams clubs players people brands airlines stores "
    "retailers leaders members candidates nominees finalists winners suspects celebrities actors actresses stars "
    "artists singers bands animals "
    "products foods items banks schools universities colleges islands regions provinces films movies shows books "
    "songs albums cars apps".split()
)


def asks_for_several(question: str) -> bool:
    """The question asks for more than one thing: "which two …", or a plural kind ("which (European) countries …").

    >>> asks_for_several("Which countries signed the pact?"), asks_for_several("Which two teams met?")
    (True, True)
    >>> asks_for_several("Which country signed?"), asks_for_several("Which sports team won?")
    (False, False)
    >>> asks_for_several("Which European countries signed?"), asks_for_several("Which three-day event?")
    (True, False)
    >>> asks_for_several("Who are the candidates for mayor?"), asks_for_several("Who is the candidate for mayor?")
    (True, False)
    """
    if re.search(rf"\b(?:which|what)\s+(?:{SEVERAL})\s", question, re.I):
        return True
    who = re.search(r"\bwho\s+(?:are|were|will\s+be)\s+(?:the\s+)?([a-z]+)\b(?:\s+([a-z]+)\b)?", question, re.I)
    if who and any((w or "").lower() in _PLURAL_KINDS for w in who.groups()):  # "who are the (two) candidates …"
        return True
    m = re.search(r"\b(?:which|what)\s+([a-z-]+)\b(?:\s+([a-z]+)\b)?", question, re.I)
    return m is not None and any((w or "").lower() in _PLURAL_KINDS for w in m.groups())


_HOW_MANY_ASKED = re.compile(rf"\b(?:which|what)\s+({'|'.join(COUNTS)})\s", re.I)


def asked_count(question: str) -> int | None:
    """How many things the question asks for, when it says ("which two teams …" → 2), else None.

    >>> asked_count("Which two teams met?"), asked_count("Which teams met?"), asked_count("What three-day event?")
    (2, None, None)
    """
    m = _HOW_MANY_ASKED.search(question)
    return COUNTS[m.group(1).lower()] if m else None


@functools.lru_cache(maxsize=1024)
def _phrase(question: str) -> tuple[str, ...]:
    """The words of a "which/what …" question's noun phrase, in lower case (cached: read for each candidate kind)."""
    m = _HEAD.search(question)
    words = m.group(1).lower().split() if m else []
    end = next((i for i, w in enumerate(words) if w in _NOT_HEADS or (i and w in _SORT_WORDS)), len(words))
    return tuple(words[:end])


def head_phrase(question: str) -> tuple[str, ...]:
    """The words of a "which/what …" question's noun phrase before any verb, its head last, in lower case.

    >>> head_phrase("Which river fish has come back?"), head_phrase("Which committee held the hearing?")
    (('river', 'fish'), ('committee',))
    >>> head_phrase("Which old lantern lit the hall?"), head_phrase("Which event recently drew crowds?")
    (('old', 'lantern'), ('event',))
    >>> head_phrase("Which mill laid off 400 workers?"), head_phrase("Which small local bakery chain's pies won?")
    (('mill',), ('small', 'local', 'bakery', 'chain'))
    >>> head_phrase("They ate which winter vegetable amid the shortages?")
    ('winter', 'vegetable')
    >>> head_phrase("Which U.S. mint closed?"), head_phrase("Which former U.K. ferry sank?")
    (('u.s.', 'mint'), ('former', 'u.k.', 'ferry'))
    >>> head_phrase("Which breed of dog won?"), head_phrase("Which bird species nested here?")
    (('dog',), ('bird',))
    >>> head_phrase("What is the largest lake in Velling?"), head_phrase("Which species came back?")
    (('lake',), ('species',))
    """
    words = _phrase(question)
    if len(words) == 4 and words[3].endswith("s") and not words[3].endswith("ss"):
        words = words[:3]  # "which old river bridge needs …?": a fourth word in -s is more often the verb
    end = next((i for i, w in enumerate(words) if i and ends_phrase(w)), len(words))
    return words[:end]  # "which committee held …?": a verb ends the phrase


def ends_phrase(word: str) -> bool:
    """A word that follows a question's noun phrase, not in it: a verb in the past ("held", "lit"), or an adverb
    ("which event recently …")."""
    return word.endswith(("ed", "ly")) or word in PARTICIPLES or word in PASTS or word in ("said", "says")


def head_noun(question: str) -> str | None:
    """The stem of the last word of a "which/what …" question's noun phrase before any verb: its head, most often
    ("which amateur rowing team …?" → "team").

    >>> head_noun("Which amateur rowing team won the regatta?"), head_noun("What did she say?")
    ('team', None)
    >>> head_noun("Which committee held the hearing?"), head_noun("Which site tracked it?")
    ('commit', 'sit')
    """
    words = head_phrase(question)
    return stem(words[-1]) if words else None


def head_nouns(question: str) -> frozenset[str]:
    """The stems of the words that may name what a "which/what …" question asks for (its noun phrase before any verb,
    ``head_phrase``), or none when a verb follows the wh-word ("what did …").

    >>> sorted(head_nouns("Which type of garden tool was banned?")), sorted(head_nouns("What did she say?"))
    (['garden', 'tool'], [])
    >>> sorted(head_nouns("Which company recalled the figs?")), sorted(head_nouns("Which No. 3 seed won?"))
    (['compan'], ['seed'])
    """
    return frozenset(stem(w) for w in head_phrase(question))
