"""A place as news names it: a town with the state or country written after it ("Lakeport, Ohio"), found from
either name (pure, regex only; ``rag/compose.py`` shows a place so, ``rag/vote.py`` votes for it so).
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import FUNCTION_WORDS, Span
from rag.dates import MONTHS
from rag.gazetteer import COUNTRIES, PLACE_ENDS, US_STATES, place_name, town
from rag.namewords import VENUES
from rag.nations import nation
from rag.people import personal

_REGIONS = US_STATES | COUNTRIES
# How news abbreviates a state after a town ("Langdon, N.D."); the states it spells out are in US_STATES
_MARKED = (  # news's marks for the states ("Tarrow, Conn."), and the states they mark
    "ala. alabama|ariz. arizona|ark. arkansas|calif. california|colo. colorado|conn. connecticut|del. delaware|"
    "fla. florida|ga. georgia|ill. illinois|ind. indiana|kan. kansas|ky. kentucky|la. louisiana|md. maryland|"
    "mass. massachusetts|mich. michigan|minn. minnesota|miss. mississippi|mo. missouri|mont. montana|neb. nebraska|"
    "nev. nevada|n.h. new hampshire|n.j. new jersey|n.m. new mexico|n.y. new york|n.c. north carolina|"
    "n.d. north dakota|okla. oklahoma|ore. oregon|pa. pennsylvania|r.i. rhode island|s.c. south carolina|"
    "s.d. south dakota|tenn. tennessee|vt. vermont|va. virginia|wash. washington|w.va. west virginia|wis. wisconsin|"
    "wyo. wyoming|d.c. d.c."
)
_MARK_STATES = dict(pair.split(" ", 1) for pair in _MARKED.split("|"))
_STATE_MARKS = frozenset(_MARK_STATES)
_REGION_AFTER = re.compile(r",\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b(?![’'])")  # not "Tarrow Labs, Ohio’s biggest …"
_MARK_AFTER = re.compile(r",\s+((?:[A-Z]\.){2}|[A-Z][a-z]+\.)(?!\s+[A-Z])")  # "N.D.", "Calif."; not "Calif. Highway …"
# the town before a region: after a lower-case word, a capitalised preposition or "The", or opening the sentence
# (then only a town the gazetteer knows or a county: "Velling County, Latvia, reported …", not "Separately, Ohio …")
_PLACE_BEFORE = re.compile(
    r"(?:\b[a-z]+\s+|\b(?:In|At|Near|From|Outside|The)\s+|^)([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?),\s+$"
)
_LIST_GOES_ON = re.compile(r"\s+(?:and|&|or)\s+[A-Z]|,\s+[A-Z]")
# "sank on Monday, Latvia said": a day or a month before a region's name is no town in it
_NO_TOWNS = FUNCTION_WORDS | frozenset(MONTHS)


def placed(sentence: str, span: Span) -> Span:
    """A town with the state or country the sentence writes after it ("Lakeport, Ohio"), as news names a place;
    a state or country with the town the sentence writes before it ("in Lakeport, Ohio"); else the span itself.
    A run of regions is a list ("Ohio, Texas and Utah"), not a place.

    >>> placed("It opened in Lakeport, Ohio, on Monday.", Span(13, 21, "Lakeport", "name")).text
    'Lakeport, Ohio'
    >>> placed("It opened in Lakeport, Ohio, on Monday.", Span(23, 27, "Ohio", "name")).text
    'Lakeport, Ohio'
    >>> placed("Storms hit Ohio, Texas and Utah.", Span(11, 15, "Ohio", "name")).text
    'Ohio'
    >>> placed("Storms hit Lakeport, Texas and Utah.", Span(11, 19, "Lakeport", "name")).text
    'Lakeport'
    >>> placed("It hit Langdon, N.D., on Monday.", Span(7, 14, "Langdon", "name")).text
    'Langdon, N.D.'
    >>> placed("It opened in Lakeport, Ohio.", Span(13, 21, "Lakeport", "name")).text
    'Lakeport, Ohio'
    """
    if span.kind != "name":
        return span
    if span.text.lower() not in _REGIONS:  # a town: its region after it
        m = _REGION_AFTER.match(sentence, span.end)
        if m is None or m.group(1).lower() not in _REGIONS:
            m = _MARK_AFTER.match(sentence, span.end)
            m = m if m is not None and m.group(1).lower() in _STATE_MARKS else None
        if m and not _LIST_GOES_ON.match(sentence, m.end()):
            return Span(span.start, m.end(1), sentence[span.start : m.end(1)], "name")
        return span
    return in_town(sentence, span)


def stated(sentence: str, span: Span) -> bool:
    """A town: a name the sentence writes a state or country after ("Langdon, N.D.", "Lakeport, Ohio").

    >>> stated("It hit Langdon, N.D., on Monday.", Span(7, 14, "Langdon", "name"))
    True
    >>> stated("It hit Langdon on Monday.", Span(7, 14, "Langdon", "name"))
    False
    """
    if span.kind != "name" or span.text.lower() in _REGIONS or personal(span):
        return False  # "Jo Bell, Ohio" is no town
    return placed(sentence, span) != span


def in_town(sentence: str, span: Span) -> Span:
    """A state or country with the town the sentence writes before it ("in Lakeport, Ohio"); else the span itself.

    >>> in_town("It opened in Lakeport, Ohio, on Monday.", Span(23, 27, "Ohio", "name")).text
    'Lakeport, Ohio'
    >>> in_town("It opened in Ohio.", Span(13, 17, "Ohio", "name")).text
    'Ohio'
    >>> in_town("It sank on Monday, Latvia said.", Span(19, 25, "Latvia", "name")).text
    'Latvia'
    >>> in_town("Velling County, Latvia, reported it.", Span(16, 22, "Latvia", "name")).text
    'Velling County, Latvia'
    >>> [in_town(t, Span(t.index("Latvia"), t.index("Latvia") + 6, "Latvia", "name")).text for t in (
    ...     "In Lakeport, Latvia, it rained.", "Separately, Latvia said no.", "Jo Bell, Latvia's envoy, spoke.")]
    ['Lakeport, Latvia', 'Latvia', 'Latvia']
    >>> in_town("The Lakeport, Ohio, pair was found.", Span(14, 18, "Ohio", "name")).text
    'Lakeport, Ohio'
    """
    if span.kind != "name" or span.text.lower() not in _REGIONS:
        return span
    m = _PLACE_BEFORE.search(sentence, 0, span.start)
    before = m.group(1).lower() if m else ""
    opening = m is not None and m.start(1) == 0 and not (town(before) or before.split()[-1] in PLACE_ENDS)
    if (
        m
        and not opening
        and before not in _REGIONS
        and before not in _NO_TOWNS
        and not _LIST_GOES_ON.match(sentence, span.end)
    ):
        return Span(m.start(1), span.end, sentence[m.start(1) : span.end], "name")
    return span


_WHERE_IN = re.compile(
    r"\b(?i:where|which\s+[a-z]+)\s+in\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)"
    r"|\b(?i:which|what)\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+(?:city|town|village|suburb|county|municipality)\b"
)  # "where in Ohio …?", "which town in Ohio …?", "which Ohio city …?"


# "which Ohio firm …?", "which Kenyan airline …?", "which Tarrow, Ohio, firm …?": a thing of a state, a country or
# a town (with its state)
_WHICH_OF = re.compile(r"\b(?i:which|what)\s+([A-Z][\w.]*(?:,?\s+[A-Z][\w.]*){0,3}),?\s+(?=[a-z])")


def inside(question: str) -> str | None:
    """The state or country a "where in …?" question asks for a place within, in lower case, else None.

    >>> inside("Where in Velling City did it open?"), inside("Where in Ohio did the storm hit?")
    (None, 'ohio')
    >>> inside("Which town in New Mexico flooded?"), inside("Where did it open in Ohio?")
    ('new mexico', None)
    >>> inside("Which Ohio city flooded?"), inside("Which Velling town flooded?"), inside("Which Kenyan town flooded?")
    ('ohio', None, 'kenya')
    """
    m = _WHERE_IN.search(question)
    if m is None:
        return None
    return _region(m.group(1) or m.group(2), people=m.group(2) is not None)  # "which Kenyan town …?": Kenya


def thing_of(question: str) -> str | None:
    """The state, country or town a "which Ohio firm …?" question asks for a thing of, in lower case, else None.

    >>> thing_of("Which Ohio firm sold it?"), thing_of("Which Velling firm sold it?"), thing_of("Which Kenyan firm?")
    ('ohio', None, 'kenya')
    >>> thing_of("Which Lisbon, Ohio, firm sold it?"), thing_of("Which Lisbon firm sold it?")
    ('lisbon', None)
    >>> thing_of("Which Lisbon New Mexico firm sold it?"), thing_of("Which New Mexico firm?")
    ('lisbon', 'new mexico')
    """
    m = _WHICH_OF.search(question)
    if m is None:
        return None
    named = m.group(1).replace(",", "")
    words = named.lower().split()
    for k in (1, 2):  # "which Tarrow, Ohio, firm …?": a firm of the town
        if len(words) > k and " ".join(words[-k:]) in _REGIONS and town(town_name := " ".join(words[:-k])):
            return town_name
    return _region(named, people=True)


def _region(named: str, people: bool) -> str | None:
    """The state or country a question names, in lower case (``people``: or by its people's adjective, "Kenyan")."""
    region = named.lower()
    if region not in _REGIONS and people:
        region = nation(named) or ""
    return region if region in _REGIONS else None


_WHERE_LOCAL = re.compile(
    r"\s*(?i:where\s+(?:in|at|on|inside)\s+(?:the\s+)?)([A-Z][\w.’'-]*(?:\s+(?:of\s+)?[A-Z][\w.’'-]*){0,4})"
)


def local(question: str) -> bool:
    """A "where in Lisbon …?" or "where at the Velling Museum …?" question: it asks for a place inside the town (one
    the gazetteer knows) or venue it names, never a country, a state or a continent (a state or country named is
    ``inside``'s; a region the gazetteer does not know, "the Midwest", is no town).

    >>> local("Where in Lisbon did the parade start?"), local("Where at the Velling Museum will it hang?")
    (True, True)
    >>> local("Where in Ohio did it hit?"), local("Where in Europe did it land?"), local("Where did it land?")
    (False, False, False)
    >>> local("Where in the Midwest did it hit?"), local("Where in Lakeport did it open?")  # names the gazetteer lacks
    (False, False)
    """
    m = _WHERE_LOCAL.match(question)
    if m is None or place_name(m.group(1)):
        return False
    words = m.group(1).lower().split()
    return town(" ".join(words)) or (len(words) > 1 and words[-1] in VENUES)  # a town or a venue, not "the Midwest"


# The regions news names inside a country ("where in the United States …?" is answered by "Oklahoma")
_PARTS = {"united states": US_STATES, "us": US_STATES, "u.s.": US_STATES, "america": US_STATES}
_PARTS |= dict.fromkeys(("britain", "united kingdom", "uk", "great britain"),
                        frozenset({"england", "scotland", "wales", "northern ireland"}))  # fmt: skip


def elsewhere(text: str, region: str) -> bool:
    """The place is another state or country than ``region``, or in one ("Tarrow, Texas" is not in Ohio); a part
    of ``region`` is in it ("Oklahoma" is in the United States).

    >>> elsewhere("Tarrow, Texas", "ohio"), elsewhere("Texas", "ohio"), elsewhere("Tarrow, Ohio", "ohio")
    (True, True, False)
    >>> elsewhere("Tarrow, Conn.", "connecticut"), elsewhere("Tarrow, Conn.", "ohio")
    (False, True)
    >>> elsewhere("Tarrow", "ohio"), elsewhere("Ohio", "ohio"), elsewhere("Tarrow, Ohio", "united states")
    (False, False, False)
    >>> elsewhere("Scotland", "britain"), elsewhere("Tarrow, Calif.", "ohio")
    (False, True)
    """
    last = _written_region(text)
    parts = _PARTS.get(region, frozenset())
    within = last in parts or (parts is US_STATES and last in _STATE_MARKS)  # "Tarrow, D.C." for the US
    return (last in _REGIONS or last in _STATE_MARKS) and last != region and not within


def written_in(text: str, region: str) -> bool:
    """The place is written with ``region`` after it, by name or by news's mark ("Tarrow, Conn." for Connecticut).

    >>> written_in("Tarrow, Conn.", "connecticut"), written_in("Tarrow, Ohio", "ohio"), written_in("Tarrow", "ohio")
    (True, True, False)
    """
    return "," in text and _written_region(text) == region


def _written_region(text: str) -> str:
    """What a place's text ends with after its last comma, in lower case, a state's mark read as the state ("Tarrow,
    Conn." → "connecticut"; "Texas" → "texas")."""
    last = text.rsplit(",", 1)[-1].strip().lower()
    return _MARK_STATES.get(last, last)


# Runs of capitalised words, where a state's or country's name is ("West Virginia", "New Mexico")
_CAPITAL_RUN = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


@functools.lru_cache(maxsize=65536)
def regions_in(text: str) -> frozenset[str]:
    """The states and countries ``text`` names, in lower case; not "US" or "UK", which most stories name (cached: a
    sentence recurs across questions).

    >>> sorted(regions_in("The storm hit Ohio and West Virginia, then Canada.")), regions_in("It rained.")
    (['canada', 'ohio', 'west virginia'], frozenset())

    A name opens its run of capitals ("Ohio State", "In Ohio"); one that ends a run is a surname's ("Ada Jordan"):

    >>> regions_in("Ada Jordan spoke."), regions_in("In Jordan, it rained.")
    (frozenset(), frozenset({'jordan'}))
    """
    found = set()
    for m in _CAPITAL_RUN.finditer(text):
        words = m.group(0).lower().split()
        i = next((i for i, w in enumerate(words) if w not in FUNCTION_WORDS), len(words))
        # the longest name first: "west virginia", not "virginia"
        j = next((j for j in range(min(len(words), i + 3), i, -1) if " ".join(words[i:j]) in _REGIONS), i)
        if j - i and len(region := " ".join(words[i:j])) > 3:
            found.add(region)
    return frozenset(found)
