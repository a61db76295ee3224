"""How well a candidate answer fits the kind of answer a question asks for (pure, word lists and regex only).

"Who …?" wants a person's name, "which city …?" a city's, "who won …?" a team, a person or a country's side:
``fits`` scores a span 1 (a match), 0.5 (plausible) or 0 (not of that kind) from its words alone, which
``rag/namewords.py`` reads: a venue or a prize ends it, a person's title leads it, a firm's word is in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from embeddings.spans import FUNCTION_WORDS, Span
from rag.answer_type import AUXILIARIES
from rag.gazetteer import COUNTRIES, FIRST_NAMES, PLACE_ACRONYMS, PLACE_ENDS, US_STATES, WIDE_REGIONS, place_name, town
from rag.namewords import (
    LEAGUES,
    ORG_WORDS,
    PARTISANS,
    PRIZES,
    VENUES,
    demonym_words,
    document_name,
    name_words,
    no_place,
    said,
    storm,
)
from rag.people import personal, titled_person

_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")
_INITIAL = re.compile(r"[A-Z]\.")
_MIDDLE_INITIAL = re.compile(r"^[A-Z][a-z]+ [A-Z]\. [A-Z][a-z]")
_ROMAN = re.compile(r"[IVX]+")  # "Jo Bell III"
_JOINING = frozenset("of and for the".split())  # words inside a name of a thing, never of a person
_HONOURS = frozenset("OBE MBE CBE KBE DBE MEP".split())  # "Jo Bell OBE": letters after a person's name
_BASED = re.compile(
    r"-(?:based|backed|led|owned|funded|headquartered|run|made|controlled|allied|aligned|winning|born)$"
)  # "the Lakeport-based firm", "Velling-born", "prize-winning": whose they are or what they won, no name
_ACRONYM = re.compile(r"[A-Z]{2,5}|(?:[A-Z]\.){2,4}")
VAGUE_COUNTS = "hundreds|thousands|millions|billions|dozens|tens"  # a count that gives no number
_VAGUE = re.compile(rf"(?:a\s+)?(?:{VAGUE_COUNTS}|dozen)\b", re.I)
# The time zones news writes after a time ("4:51 a.m. PT"): no name of anything asked for
_TIME_ZONES = frozenset("et pt ct mt est edt pst pdt cst cdt mst mdt gmt utc bst cet".split())
_SCALES = frozenset("fahrenheit celsius kelvin richter".split())  # "46 degrees Celsius": a scale, nothing's name
# an ordinal that opens a sentence ("Fourth, …"; "Last" and "Next" are function words the name rules drop)
_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth finally firstly secondly".split()
)
UNKNOWN_TOWN = 0.75  # how well a name GeoNames knows for no town fits "which city …?" (a known town's fits 1)
LONG_UNKNOWN_TOWN = 0.25  # … and one of four words or more, or of three with a given name after its first ("Climate
# Minister Mary Tarrow": a portfolio and a person; not "Lake Velling Springs"), or a building's ("Velling Capitol")
_BUILT = frozenset("capitol hall building tower plaza mall bridge".split())  # (docs/benchmarks.md, round 39)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
ANY_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")  # "planted in 1646": a year ``embeddings.spans`` reads as a date


def vague(span: Span) -> bool:
    """A count that says no number ("hundreds of people", "a dozen states")."""
    return _VAGUE.match(span.text) is not None


_SPEECH_STARTS = FUNCTION_WORDS | AUXILIARIES


def fits(kind: str | None, span: Span) -> float:
    """How well a span fits the kind of answer asked for: 1 a match, 0.5 plausible, 0 not of that kind. A number,
    a date, a year, a time or a colour is one by the span's own kind; a name by its words (``_NAMED``).

    >>> fits("number", Span(0, 18, "hundreds of people", "number")), fits("number", Span(0, 9, "52 people", "number"))
    (0.5, 1.0)
    >>> fits("number", Span(0, 14, "a dozen states", "number")), fits("year", Span(0, 6, "May 4", "date"))
    (0.5, 0.0)
    >>> fits("year", Span(0, 4, "1646", "date")), fits("year", Span(0, 4, "1415", "number"))  # "planted in 1646"
    (1.0, 0.0)
    >>> fits("thing", Span(0, 2, "PT", "name")), fits("place", Span(0, 3, "GMT", "name"))  # "4:51 a.m. PT"
    (0.0, 0.0)
    >>> fits("country", Span(0, 6, "Norway", "name")), fits("city", Span(0, 7, "Chinese", "name"))
    (1.0, 0.0)
    >>> fits("person", Span(0, 6, "Fourth", "name")), fits("thing", Span(0, 6, "Second", "name"))
    (0.0, 0.0)
    >>> fits("thing", Span(0, 2, "E.", "name")), fits("thing", Span(0, 2, "EU", "name"))
    (0.0, 1.0)
    >>> fits("name", Span(0, 2, "It", "name")), fits("place", Span(0, 7, "Celsius", "name"))  # "in VT: It's …"
    (0.0, 0.0)
    >>> fits("thing", Span(0, 15, "Tarvania-backed", "name")), fits("thing", Span(0, 14, "Lakeport-based", "name"))
    (0.0, 0.0)
    >>> fits("thing", Span(0, 14, "Velling-winning", "name")), fits("place", Span(0, 10, "Republican", "name"))
    (0.0, 0.0)
    >>> fits("thing", Span(0, 12, "before noon.", "title")), fits("thing", Span(0, 16, "harbour dividend", "title"))
    (0.0, 1.0)
    """
    if kind == "number":  # "hundreds of people" says how many only when no piece gives the number
        return 0.0 if span.kind != "number" else 0.5 if vague(span) else 1.0
    if kind in ("date", "time", "colour"):
        return 1.0 if span.kind == kind else 0.0
    if kind == "year":  # "in what year": "March 4" is no answer, "March 4, 1999" and "1999" are
        return 1.0 if span.kind == "date" and ANY_YEAR.search(span.text) else 0.0
    if span.kind in ("phrase", "label"):  # "dried figs", "Category 5": what "which <noun>" asks for
        return 1.0 if kind == "thing" else 0.0
    low = span.text.lower()
    if span.kind not in ("name", "title") or _BASED.search(low) or low in _TIME_ZONES or low in _ORDINALS:
        return 0.0  # "the Lakeport-based firm", "Velling-backed rebels": who backs them, not a name; "PT": a zone;
        # "Fourth, the gunman …": a sentence's capitalised first word that orders, names nothing
    if span.kind == "title" and span.text.split()[0] in _SPEECH_STARTS:
        return 0.0  # "… to be paid 'before noon.'", "it 'is not enough'": quoted words that open with a small word or
        # a verb's auxiliary are speech, no name
    if _INITIAL.fullmatch(span.text) or low in _SCALES or low in FUNCTION_WORDS:
        return 0.0  # "E." of "E. velling", a microbe: an initial alone names no one and nothing; "Celsius" a scale;
        # "It" after a colon ("in VT: It's …") a pronoun
    if kind in ("person", "winner", "city", "place") and demonym_words(name_words(span)):
        return 0.0  # "Chinese" is where no ferry sank and who won nothing
    named = _NAMED.get(kind or "")
    return 1.0 if named is None else named(span, low)  # a name or thing of unknown kind: any name or title may be it


_CLAUSES = re.compile(r"[a-z][^,]*,\s*\S")  # quoted words that open in lower case and go on past a comma


def spoken(span: Span) -> bool:
    """Quoted words in lower case that a comma breaks ("a “light, quiet, Velling Pad”"): speech, no name of a thing
    (unless the question asks what someone called it).

    >>> spoken(Span(0, 23, "new, even faster, Kessa", "title")), spoken(Span(0, 16, "harbour dividend", "title"))
    (True, False)
    """
    return span.kind == "title" and _CLAUSES.match(span.text) is not None


def _state(span: Span, low: str) -> float:
    return 1.0 if low in US_STATES else 0.0


def _country(span: Span, low: str) -> float:
    return 1.0 if low in COUNTRIES else 0.0


def _no_town(span: Span, low: str) -> bool:
    """A name that is where no one went: a title, a person's ("Mary Hale", "Bishop Quillon"), a party's member
    ("Republican"), one with a digit ("COP31"), a body's, a document's ("Lakeport Times", a quote)."""
    if span.kind == "title" or personal(span) or _MIDDLE_INITIAL.search(span.text) or low in PARTISANS:
        return True  # "Ada J. Hale": a middle initial is a person's; "a Republican asked …": a party's man
    return re.search(r"\d", low) is not None or no_place(name_words(span))


_CITY_ACRONYMS = frozenset("nyc la dc d.c. sf".split())  # the cities news writes as an acronym ("NYC")


def _body_acronym(span: Span, low: str, places: frozenset[str]) -> bool:
    """An acronym that is none of ``places`` nor a town the gazetteer knows written in capitals ("OSLO"): a body's
    ("VFL", "VCAA")."""
    return _ACRONYM.fullmatch(span.text) is not None and low not in places and not town(low)


# the last words of a land's or a sea's name, never a town's ("the Velling Peninsula"; not "Green Bay", "Ocean City")
_REGION_ENDS = frozenset("peninsula ocean sea gulf strait mountains desert coast islands province".split())


def _city(span: Span, low: str) -> float:
    """A city is no country, region, land or sea ("… Peninsula") or prize, nor initials ("U.N.") or an acronym of no
    town ("VCAA": a body's, not "NYC"); a state's name may be one ("New York"); a name the gazetteer knows for no town
    ("Lakeport", a firm's or a team's name) may be one, less likely.

    >>> fits("city", Span(0, 12, "COP31 Summit", "name")), fits("city", Span(0, 4, "U.N.", "name"))
    (0.0, 0.0)
    >>> fits("city", Span(0, 6, "Europe", "name")), fits("city", Span(0, 6, "Lisbon", "name"))
    (0.0, 1.0)
    >>> fits("city", Span(0, 8, "Lakeport", "name"))
    0.75
    >>> fits("city", Span(0, 19, "Velling Department", "name")), fits("city", Span(0, 18, "Velling Peninsula", "name"))
    (0.0, 0.0)
    >>> fits("city", Span(0, 4, "VCAA", "name")), fits("city", Span(0, 3, "NYC", "name")), fits("city", Span(0, 2, "US",
    ... "name"))
    (0.0, 0.75, 0.0)
    """
    no_town = _no_town(span, low) or low in COUNTRIES or low in WIDE_REGIONS or _INITIALS.fullmatch(span.text)
    last = name_words(span)[-1]
    if no_town or _body_acronym(span, low, _CITY_ACRONYMS) or last in PRIZES or last in _REGION_ENDS:
        return 0.0
    if low in US_STATES:
        return 0.5
    if town(low):
        return 1.0
    words = name_words(span)
    long = len(words) > 3 or (len(words) == 3 and not FIRST_NAMES.isdisjoint(words[1:]))
    built = len(words) > 1 and (words[-1] in VENUES or words[-1] in _BUILT)  # "the Velling Capitol": in a town
    return LONG_UNKNOWN_TOWN if long or built else UNKNOWN_TOWN


def _place(span: Span, low: str) -> float:
    """An acronym is a body ("VFL", "LPD") unless it is one of the few places news abbreviates; a name that ends in a
    venue's word ("… Airport", "… Stadium") is a place.

    >>> fits("place", Span(0, 9, "Mary Hale", "name")), fits("place", Span(0, 8, "Lakeport", "name"))
    (0.0, 0.5)
    >>> fits("place", Span(0, 3, "VFL", "name")), fits("place", Span(0, 2, "UK", "name"))
    (0.0, 0.5)
    >>> fits("place", Span(0, 11, "Hurricane Ada", "name")), fits("place", Span(0, 15, "Tavi J. Quillon", "name"))
    (0.0, 0.0)
    >>> fits("place", Span(0, 22, "Lakeport Field Airport", "name"))  # a venue's name is a place's
    1.0
    >>> fits("place", Span(0, 21, "University of Velling", "name"))
    1.0
    >>> fits("place", Span(0, 9, "Mary Park", "name")), fits("place", Span(0, 21, "Velling Supreme Court", "name"))
    (0.0, 0.5)
    """
    if _no_town(span, low) or _body_acronym(span, low, PLACE_ACRONYMS):
        return 0.0
    return 1.0 if low in US_STATES or low in COUNTRIES or _venue(name_words(span)) else 0.5


_OF_VENUES = frozenset("university college museum hospital school church cathedral".split())


def _venue(words: tuple[str, ...]) -> bool:
    """A venue's name: two words or more, the last a venue's ("Lakeport Field Airport"), but no court ("Velling Supreme
    Court" rules; it is where nothing happened), or a campus's, a museum's before "of" ("University of Velling"; a
    "Department of …" is a body). A person's ("Mary Park") is ``_no_town`` before this."""
    return of_venue(words) or (len(words) > 1 and words[-1] in VENUES and words[-1] != "court")


def of_venue(words: tuple[str, ...]) -> bool:
    """A campus's, museum's, hospital's, school's or church's name before "of": "University of Velling".

    >>> of_venue(("university", "of", "velling")), of_venue(("department", "of", "ports"))
    (True, False)
    """
    return len(words) > 2 and words[1] == "of" and words[0] in _OF_VENUES


def regnal(name: str) -> bool:
    """The name ends with a regnal number: "Ansel XII" is the "Ansel" a question names.

    >>> regnal("Queen Ansel XII"), regnal("Ansel"), regnal("Tarvania Vault")
    (True, False, False)
    """
    return name[-1:] in ("I", "V", "X") and " " in name and _ROMAN.fullmatch(name.rsplit(" ", 1)[1]) is not None


def _person_letters(last: str) -> bool:
    """Capitals that end a person's name, not a body's: a regnal number or an honour ("III", "OBE")."""
    return _ROMAN.fullmatch(last) is not None or last in _HONOURS


def _person(span: Span, low: str) -> float:
    """ "Who": a person's name; a country may act too ("Norway convened the talks").

    >>> fits("person", Span(0, 9, "Ann Smith", "name")), fits("person", Span(0, 6, "Norway", "name"))
    (1.0, 0.5)
    >>> fits("person", Span(0, 15, "Lakeport Accord", "name")), fits("person", Span(0, 16, "Velling Register", "name"))
    (0.0, 0.0)
    >>> fits("person", Span(0, 11, "Velling Cup", "name")), fits("person", Span(0, 11, "Hurricane Ada", "name"))
    (0.0, 0.0)
    >>> fits("person", Span(0, 13, "Velling River", "name")), fits("person", Span(0, 11, "Michael Bay", "name"))
    (0.0, 1.0)
    >>> fits("person", Span(0, 29, "Summer Reliability Assessment", "name"))  # a report's name
    0.0
    >>> fits("person", Span(0, 12, "Ada Hale VSA", "name")), fits("person", Span(0, 11, "Jo Bell III", "name"))
    (0.0, 1.0)
    >>> fits("person", Span(0, 11, "Jo Bell OBE", "name")), fits("person", Span(0, 20, "Velling Walk of Fame", "name"))
    (1.0, 0.0)
    >>> fits("person", Span(0, 8, "Le Havre", "name")), fits("person", Span(0, 10, "Las Cruces", "name"))  # towns
    (0.0, 0.0)
    """
    words = name_words(span)
    if low in COUNTRIES:
        return 0.5
    if span.kind == "title" or low in US_STATES or low in PARTISANS or re.search(r"\d", low) or len(words) > 5:
        return 0.0  # "Democrat" is a party's member, not who
    if document_name(words) or any(w in ORG_WORDS for w in words) or (len(words) > 1 and words[-1] in PRIZES):
        return 0.0  # "the Velling Accord", "Lakeport Inc", "the Velling Cup" are no one
    if storm(words) or "war" in words or "wars" in words:
        return 0.0  # "Hurricane Ada" is a storm, "the Second Velling War" a war
    if len(words) > 2 and any(w in _JOINING for w in words[1:-1]):
        return 0.0  # "the Velling Walk of Fame", "Lakeport Arts and Crafts": a thing's name joins words, no one's
    last = span.text.split()[-1].strip(".,")
    if len(words) > 1 and len(last) > 2 and last.isupper() and not span.text.isupper() and not _person_letters(last):
        return 0.0  # "Tarvanian-American VSA": a body's acronym ends no one's name (but "Jo Bell III" and "JO BELL")
    if words[0] not in FIRST_NAMES and (place_name(low) or (len(words) > 1 and (words[-1] in PLACE_ENDS or town(low)))):
        return 0.0  # "Northern Latvia", "the Velling River", "Le Havre" are places ("Michael Bay" is a person)
    return 1.0 if 2 <= len(words) <= 4 and span.kind == "name" else 0.5


def _name(span: Span, low: str) -> float:
    """Any name; a quoted sentence is none ("This is my new album, 'Velling Nights'" is a quote, not a title).

    >>> fits("name", Span(0, 38, "This is my new album, 'Velling Nights'", "title"))
    0.0
    >>> fits("name", Span(0, 10, "reconsider", "title")), fits("name", Span(0, 11, "Velling Go!", "title"))
    (0.0, 1.0)
    """
    if span.kind == "title" and (said(span.text.split()) or span.text.islower()):
        return 0.0  # … nor is a word in quotes written in lower case ("urged drinkers to 'rethink'")
    return 1.0


def _title(span: Span, low: str) -> float:
    """A film or a book is no person ("Which film …?" is not "Ada Brook", its star).

    >>> fits("title", Span(0, 9, "Mary Hale", "name")), fits("title", Span(0, 14, "Velling Nights", "name"))
    (0.0, 0.5)
    """
    if span.kind == "title":
        return _name(span, low)
    return 0.0 if personal(span) or titled_person(span) else 0.5


def _winner(span: Span, low: str) -> float:
    """A team, a person or a country's side; never a document, a quote, a US state, venue or prize.

    >>> fits("winner", Span(0, 15, "Lakeport Rovers", "name")), fits("winner", Span(0, 17, "Lakeport Hospital", "name"))
    (1.0, 0.0)
    >>> fits("winner", Span(0, 12, "Lakeport Cup", "name")), fits("winner", Span(0, 11, "Velling MVP", "name"))
    (0.0, 0.0)
    >>> fits("winner", Span(0, 4, "WNBA", "name")), fits("winner", Span(0, 14, "Velling League", "name"))
    (0.0, 0.0)
    """
    words = name_words(span)
    ends = words[-1] in VENUES or words[-1] in PRIZES or words[-1] == "league" or low in LEAGUES
    no_side = low in US_STATES or low in PARTISANS or document_name(words) or storm(words)
    return 0.0 if span.kind != "name" or no_side or ends else 1.0


# How a name fits each kind asked for that names one; any other ("thing") takes any name
_NAMED: dict[str, Callable[[Span, str], float]] = {
    "state": _state, "country": _country, "city": _city, "place": _place, "person": _person, "name": _name,
    "title": _title, "winner": _winner,
}  # fmt: skip
