"""What marks a name as a person's (pure, word lists and regex only): a common given name ("Mary Hale"), a person's
title before it ("Mayor Ada Brook"), a role set off by commas before it ("the museum's director, Jo de Wren,"), and the
verbs only a person is the subject of. ``rag/kinds.py`` fits candidates with these, and ``rag/vote.py`` drops a
place's or a company's candidate whose last word the passages write as a person's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from embeddings.spans import ROLE_WORDS, Span
from rag.gazetteer import FIRST_NAMES, PLACE_ENDS, place_name
from rag.text import stem

# A name led by a person's title is a person's, not a place's ("Mayor Ada Brook"), unless a place word ends it
PERSON_TITLES = frozenset(
    "pope president king queen prince princess mayor gov governor sen senator rep secretary minister judge dr mr mrs "
    "ms sir lord lady pastor rev bishop archbishop cardinal sheikh emir sultan coach".split()  # no full stop
)
# What only a person does: "who resigned / was arrested / married …?" is never answered by a country
PERSONAL_VERBS = frozenset(
    stem(w)
    for w in "replaced succeeded resigned died married arrested charged sentenced appointed hired fired elected "
    "nominated starred sang wed divorced retired quit born testified confessed pleaded indicted convicted".split()
)


# What news calls a person right before the name ("singer Ada Hale", "rapper Jo"): the name is a person's
OCCUPATIONS = frozenset(
    "singer rapper songwriter actor actress star player athlete musician artist author writer novelist poet comedian "
    "host journalist reporter anchor chef designer producer filmmaker pitcher quarterback golfer boxer swimmer skater "
    "gymnast jockey influencer activist lawmaker politician billionaire entrepreneur scientist astronaut "
    "meteorologist forecaster economist analyst researcher doctor physician professor expert investor lawyer "
    "attorney prosecutor detective founder mogul ob-gyn obstetrician gynecologist pediatrician surgeon nurse dentist "
    "psychiatrist psychologist cardiologist oncologist neurologist virologist cornerback linebacker receiver kicker "
    "goalkeeper goalie striker midfielder defender shortstop catcher outfielder oceanographer biologist chemist "
    "physicist geologist ecologist seismologist climatologist astronomer archaeologist historian sociologist "
    "anthropologist statistician engineer architect veterinarian photographer photojournalist rower cyclist sprinter "
    "wrestler skier snowboarder surfer guru pundit tycoon magnate socialite podcaster youtuber inspector teacher "
    "firefighter farmer therapist pianist violinist guitarist cellist columnist technician pharmacist lobbyist "
    "strategist adviser advisor editor critic commentator dancer drummer referee umpire".split()
)  # not "spokesman": "Mayor Ada Brook spokesman Jo Hale"; nor "forward", "guard": "moving forward Velling said"
# names no person
_BEFORE = re.compile(r"(?:^|\s)([a-z][a-z-]*)\s+$")


def described(text: str, span: Span, roles: bool = True) -> bool:
    """The sentence calls the one it names a person right before the name: "R&B singer Velva", "coach Jo Hale";
    by an occupation only, when not ``roles`` ("former Tarvania" is a place that was).

    >>> t = "Rising R&B singer Velva sang; the Velling Times said."
    >>> described(t, Span(18, 23, "Velva", "name")), described(t, Span(34, 47, "Velling Times", "name"))
    (True, False)
    >>> t = "She was born in former Tarvania."
    >>> described(t, Span(23, 31, "Tarvania", "name")), described(t, Span(23, 31, "Tarvania", "name"), roles=False)
    (True, False)
    """
    m = _BEFORE.search(text, 0, span.start)
    return m is not None and (m.group(1) in OCCUPATIONS or (roles and m.group(1) in ROLE_WORDS))


_AGE_AFTER = re.compile(r",\s+(?:age\s+)?(?:1[01]\d|\d{1,2}),")
_FROM_BEFORE = re.compile(r"\b(?:of|from|in)\s+$")  # "Jo Bell of Lakeport, 42,": her town, set before her age


def with_age(text: str, span: Span) -> bool:
    """News gives the name with an age after it, as it gives a person's: "Jo Bell, 42, of Lakeport".

    >>> t = "Jo Bell, 42, rented a truck in Tarrow, 15 miles away."
    >>> with_age(t, Span(0, 7, "Jo Bell", "name")), with_age(t, Span(31, 37, "Tarrow", "name"))
    (True, False)
    >>> with_age("Jo Bell of Tarrow, 42, was held.", Span(11, 17, "Tarrow", "name"))
    False
    """
    return _AGE_AFTER.match(text, span.end) is not None and _FROM_BEFORE.search(text, 0, span.start) is None


def personal(span: Span) -> bool:
    """A name that starts with a common given name and goes on with a surname: a person's, not a company's.

    >>> personal(Span(0, 9, "Mary Hale", "name")), personal(Span(0, 10, "Hale Foods", "name"))
    (True, False)
    """
    words = span.text.split()
    return span.kind == "name" and 2 <= len(words) <= 4 and words[0].lower() in FIRST_NAMES


_OWNER = re.compile(r"[^’']+[’']s\s+")  # "Tarvania’s " before a name


def owned(span: Span) -> Span:
    """The person's name without whose she is, when a possessive leads the span: "Mary Hale" of "Velling’s Mary
    Hale", "Norvel Whit" of "Ohio’s Norvel Whit" (a place's people); any other span as is.

    >>> owned(Span(3, 22, "Velling’s Mary Hale", "name")).text, owned(Span(0, 18, "Velling’s Own Band", "name")).text
    ('Mary Hale', 'Velling’s Own Band')
    >>> owned(Span(0, 18, "Ohio’s Norvel Whit", "name")).text
    'Norvel Whit'
    """
    m = _OWNER.match(span.text)
    if m is None:
        return span
    tail = Span(span.start + m.end(), span.end, span.text[m.end() :], span.kind)
    words = tail.text.split()
    placed = 2 <= len(words) <= 3 and place_name(span.text[: m.end()].rstrip()[:-2])
    return tail if personal(tail) or placed else span


def titled_person(span: Span) -> bool:
    """A name that opens with a person's title: "President Ada Hale", "First Lady Jo Hale", "Gov. Hale".

    >>> titled_person(Span(0, 13, "Gov. Ada Hale", "name")), titled_person(Span(0, 13, "Governors Cup", "name"))
    (True, False)
    """
    return span.kind == "name" and _titled(span.text)


@functools.lru_cache(maxsize=65536)
def _titled(text: str) -> bool:
    words = text.lower().split()
    return len(words) >= 2 and (words[0].rstrip(".") in PERSON_TITLES or words[:2] == ["first", "lady"])


_TITLES = "|".join(sorted(t.capitalize() for t in PERSON_TITLES))
_TITLED = re.compile(
    rf"\b(?:{_TITLES})\.?\s+(?:[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+)?){{0,2}}(?!(?:Jr|Sr|II|III|IV)\b)([A-Z][\w’'-]+)"
)  # "Sen. Jo F. Bell Jr." → "Bell": an initial inside the name, a generation after it
# a name of two words and an age set off by commas ("Jo Bell, 42,"; "Jo F. Bell, 42,"): its last word is a person's
_AGED = re.compile(rf"\b[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+)?([A-Z][\w’'-]+){_AGE_AFTER.pattern}")
_ROLES = "|".join(sorted(ROLE_WORDS - {"former", "acting", "interim", "vice", "deputy", "prime"}))
_NAMED_AFTER_ROLE = re.compile(
    rf"\b(?:{_ROLES})\s*,\s+((?:[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+|[a-z]{{1,3}}\s+)?){{0,2}}[A-Z][\w’'-]+)"
    r"(?:,?\s+(?:Jr|Sr)\.|\s+(?:II|III|IV))?,"
)  # "its secretary, Jo F. Bell Jr., said"


def people_in(texts: Iterable[str]) -> frozenset[str]:
    """The surnames the texts write after a person's title ("President Ada Hale" → "Hale") or before an age ("Tom
    Reed, 42," → "Reed"), and the names they write after a role, set off by commas ("the museum's director, Jo de
    Wren, said" → "Jo", "Wren"): no place is one.

    >>> sorted(people_in(["President Ada Hale met Mayor Brook in King County. Its director, Jo de Wren, came."]))
    ['Brook', 'Hale', 'Jo', 'Wren']
    >>> sorted(people_in(["Tom-Ed Reed, 42, drove. A man from Lake Tarrow, 30, fled. At Lake Kessa, 12, were saved."]))
    ['Reed']
    >>> sorted(people_in(["Sen. Jo F. Bell Jr. spoke.", "Its director, Al Reed Jr., left."]))  # initials, generations
    ['Al', 'Bell', 'Reed']
    """
    return frozenset().union(*map(_people_of, texts))


_PLACE_WORDS = PLACE_ENDS | frozenset("lake mount fort port cape hall park street".split())  # "At Lake Kessa, 12,"


def _no_place(aged: re.Match[str]) -> bool:
    """No word of a name given with an age is a place's ("Lake Kessa, 12," counts children rescued there)."""
    return not any(w.lower() in _PLACE_WORDS for w in aged.group(0).split(",")[0].split())


@functools.lru_cache(maxsize=1024)
def _people_of(text: str) -> frozenset[str]:
    """``people_in`` of one text (cached: a piece recurs across the questions about its story; two scans of a whole
    article cost about a millisecond)."""
    titled = (m.group(1) for m in _TITLED.finditer(text))
    named = (m.group(1) for m in _NAMED_AFTER_ROLE.finditer(text))
    roles = (w for name in named for w in name.split() if w[0].isupper())
    aged = (m.group(1) for m in _AGED.finditer(text) if not _FROM_BEFORE.search(text, 0, m.start()) and _no_place(m))
    return frozenset(name for name in (*titled, *roles, *aged) if name.lower() not in PLACE_ENDS)  # "King County"
