"""How well one mention answers the question: the kind's fit (``rag/kinds.py``), what rules it out (``rag/ruled.py``:
"Who resigned?" is no country; "When will …?" no year its piece looks back on) and what its sentence calls it ("the
drugmaker Velling Labs"). Pure, regex only; the question is read once (``rag/asked.py``), each mention then costs a
few set lookups. How much the sentence doubts it ("Who won?": not the side it says was beaten) is ``rag/doubt.py``.
"""

from __future__ import annotations

import re

from embeddings.spans import ROLE_WORDS
from rag.asked import Ask
from rag.beside import from_place, located, town_of
from rag.called import (
    PHRASE_ENDS,
    apposed,
    headed,
    named_by,
    set_off,
    to_head,
    trailed,
)
from rag.changes import whose_age
from rag.evidence import Sentence
from rag.extract import Span
from rag.gazetteer import COUNTRIES, US_STATES, place_name
from rag.heads import ends_phrase
from rag.kinds import fits, of_venue, spoken
from rag.namewords import name_words, paper_named
from rag.nations import same_nation, title_nation
from rag.people import OCCUPATIONS, described, owned
from rag.phrases import WEEKDAY
from rag.quantities import as_count, lapsed
from rag.records import Passage
from rag.roles import filed, mistitled, titled_as
from rag.ruled import DIVISIONS, VENUE_HEADS, a_person, not_the_sort, unsaid
from rag.text import stem
from rag.towns import placed, stated, written_in
from rag.units import TIMES

APPOSED = 1.0  # "Which drugmaker …?": a name its sentence calls one ("the drugmaker Velling Labs") fits 1 + this
UNSAID_DEATHS = 0.5  # "How many people died …?": a count from a sentence that says no one died counts this much
LAPSED = 0.25  # the share of a time between two events for "how long …?" (0, 0.25 and 0.5 answer alike on both sets)
_TIME_UNITS = frozenset(TIMES)  # "how many days / years …?": a span of time is asked for
_DEATHS = frozenset(stem(w) for w in "died killed".split())  # the counted verbs of a death toll
_DEATHS_SAID = re.compile(r"\b(?:di(?:e|ed|es|ing)|dead|deaths?|kill\w*|toll|fatal\w*|lives|bodies|perish\w*)\b", re.I)
BARE_YEAR = 0.5  # "When …?" (not "what year"): the share of a date that is a year alone (leave-one-week-out)
_BARE_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")  # the day of a month a date gives ("Feb. 4"; not "March 2031")


# "the town of Tarrow", "the island of Kessa": the sentence says what kind of place the name is
_KIND_OF = re.compile(r"\b(?:the|a)\s+(island|province|state|region|county|country|city|town|village)\s+of\s+$", re.I)

_SUM_NEXT = re.compile(r"[\s-]+([a-z]{3,})\b")  # the word after a sum: "a $9 million settlement"
_AFTER_NEXT = re.compile(r"\s+([a-z][\w-]*|[A-Z])")  # … and the word after that
_AFFILIATED = re.compile(
    rf"\b(?:{'|'.join(sorted(OCCUPATIONS | ROLE_WORDS))})\s+(?:at|for|with|of)\s+(?:the\s+)?$", re.I
)
_OWNED = re.compile(r"[’']s?((?:\s+[\w-]+){1,4})")  # "Ada Hale's (all-time wins) record": the words after it
_DECADE = re.compile(r"['’]?s\b")


def fit(
    a: Ask,
    s: Sentence,
    sp: Span,
    p: Passage,
    personal_weight: float,
    found: tuple[Span, ...] = (),
    called: frozenset[str] = frozenset(),
) -> tuple[Span, float]:
    """The mention as the answer (a count with its unit: "15 rounds") and how well it fits: 0 when it cannot be.
    ``found``: the sentence's candidate spans (its quoted titles say what is a title's word); ``called``: the names a
    piece calls what the question asks for ("the fashion house Mary Hale"), no person's whatever their words."""
    if a.kind == "number" and sp.kind == "number" and _DECADE.match(s.text, sp.end):
        return sp, 0.0  # "in the 2020s": a decade, no count
    if a.kind in ("person", "winner") and " of " in sp.text:
        sp = from_place(sp)  # "Who …?": "Jo Bell" of "Rep. Jo Bell of Ohio"
    if a.kind == "person" and sp.text.count(" ") > 3:
        sp = filed(sp)  # "Who …?": "Jo Bell" of "Democratic Velling Congresswoman Jo Bell"
    if a.kind == "city" and " of " in sp.text:
        sp = town_of(sp)  # "In which city …?": "Chicago" of "the Old Quarter of Chicago"
    person = a.kind == "thing" and sp.text not in called and a_person(sp)
    f = 0.0 if sp.kind == "title" and not a.called and spoken(sp) else fits(a.kind, sp)
    f *= personal_weight if person else 1.0
    if a.kind == "person" and f <= 0 and sp.kind == "name" and described(s.text, sp, roles=False) and paper_named(sp):
        f = 1.0  # "rapper Post Tarrow": an occupation says a person, though "Post" is a paper's word
    if a.kind == "number" and sp.kind == "label":
        f = 1.0  # "What was the magnitude …?": "magnitude 6.4", a reading on the scale asked about
    if f <= 0 or not_the_sort(a, s.text, sp, p, found, person) or unsaid(a, s.text, sp, p):
        return sp, 0.0
    if a.kind == "person" and f < 1 and described(s.text, sp):
        f = 1.0  # "Who sang …?": "singer Velva" is a person, however short her name
    if a.kind in ("place", "city") and described(s.text, sp, roles=False):
        return sp, 0.0  # "Where …?" is never answered with "photographer Jo Bell"
    if a.kind == "date" and (
        _BARE_YEAR.fullmatch(sp.text) or WEEKDAY.fullmatch(sp.text) or (a.day and not _DAY.search(sp.text))
    ):
        f *= BARE_YEAR  # "When did the storm form?": "June 24" says more than the "2025" of its headline or "Tuesday";
        # "on what date …?": more than "March" or "March 2031"
    if a.kind in ("person", "winner"):
        sp = owned(sp)  # "Who broke the record?": "Mary Hale", not whose she is ("Tarvania’s Mary Hale")
    if a.kind == "thing":
        sp = to_head(sp, a.head)  # "which university …?": "Velling University" of "Velling University Medical Center"
    if a.located is not None:  # "Which Ohio firm …?": "Ohio's Velling Mills", "Velling Mills, of Tarrow, Ohio,"
        tail = owned(sp)
        sp = tail if s.text[sp.start : tail.start].lower().startswith(a.located) else sp
        f *= 1 + APPOSED if located(s.text, sp, a.located) else 1.0
    if a.kind == "place" and a.head is not None:  # "which county …?": "Velling county", never a country or state
        sp = _with_division(s.text, sp, a.head)
        if not headed(sp, a.head) and (sp.text.lower() in COUNTRIES or sp.text.lower() in US_STATES):
            return sp, 0.0
    if a.kind in ("place", "city") and stated(s.text, sp):
        f = max(f, 1.0)  # "Where …?": "Langdon, N.D." is a town, however little the gazetteer knows it
        if a.inside is not None and written_in(placed(s.text, sp).text, a.inside):
            f *= 1 + APPOSED  # "Which Ohio city …?": "Tarrow, Ohio" is said to be one
    if a.kind == "place" and of_venue(name_words(sp)) and _AFFILIATED.search(s.text, 0, sp.start):
        f = min(f, 0.5)  # "… said Ada Hale, a biologist at the University of Kessa": whom she works for
    f = _called_so(a, s.text, sp, found, f)
    if f <= 0:
        return sp, 0.0
    if a.aged and (whose := whose_age(s.text, sp)) and not {w.lower() for w in whose.split()} & a.aged:
        return sp, 0.0  # "How old was Ada Hale …?" is not answered by the age of "47-year-old Jo Bell"
    if a.kind == "number":  # "how many rounds": "15 rounds", not "100 years" nor "Velling Bowl 56"
        sp, share = as_count(s.text, sp, a.units, a.score, a.change, a.age, a.first)
        if not a.lapse and not _TIME_UNITS.isdisjoint(a.units) and lapsed(s.text, sp):
            share *= LAPSED  # "How many days does the board have?": not "two days before the vote", between two events
        if a.sums and _sum_of(s.text, sp, a.sums):
            share *= 1 + APPOSED  # "How much was the Velling settlement?": "a $9 million settlement"
        if a.counted in _DEATHS and _DEATHS_SAID.search(s.text) is None:
            share *= UNSAID_DEATHS  # "How many died?": not the "5 million people left homeless" of the same quake
        return sp, f * share
    return sp, f


def _sum_of(text: str, sp: Span, sums: frozenset[str]) -> bool:
    """The sum is said of one of the question's words, where that noun phrase ends: "a $9 million settlement." / "…
    settlement reached in May", not "a $2 million ferry upgrade" (``called.PHRASE_ENDS``, or a verb or a name next).

    >>> t = "It paid a $9 million settlement, then a $2 million ferry upgrade."
    >>> nine, two = Span(10, 20, "$9 million", "number"), Span(40, 50, "$2 million", "number")
    >>> _sum_of(t, nine, frozenset({"settle"})), _sum_of(t, two, frozenset({"ferry"}))
    (True, False)
    """
    word = _SUM_NEXT.match(text, sp.end)
    if word is None or stem(word[1]) not in sums:
        return False
    after = _AFTER_NEXT.match(text, word.end())
    ended = after is not None and (after[1].isupper() or ends_phrase(after[1]))
    return ended or PHRASE_ENDS.match(text, word.end()) is not None


def _called_so(a: Ask, text: str, sp: Span, found: tuple[Span, ...], f: float) -> float:
    """The fit raised where the sentence calls the mention what the question asks for ("the drugmaker Velling Labs",
    "Judge Ada Hale", "the town of Tarrow"); 0 where it calls it something else ("the island of Kessa") or a role
    is asked of a place."""
    called = (
        a.kind == "thing"
        and a.head is not None
        and (apposed(text, sp, a.heads) or trailed(text, sp, a.head) or set_off(text, sp, a.heads))
    )
    if headed(sp, a.head) or called:
        f *= 1 + APPOSED  # "Which drugmaker …?", "what is the name of the fire …?": "the drugmaker Velling Labs",
        # "the Velling Ridge Fire", "the Tarrow Creek shopping center" are called one by their sentence or own words
    elif a.kind == "thing" and a.head in _SAID_HEADS and sp.kind != "label" and not place_name(sp.text):
        f = min(f, 0.5)  # "At which stadium …?": "the Lakeport Owls" who played there may be, no more; "which
        # district …?": not the "Velling Election Board" its candidate filed with
    if a.owns:  # "Whose record did she break?": "Ada Hale's all-time record"; a name that owns nothing, less so
        owned = _OWNED.match(text, sp.end)
        words = owned.group(1).lower().split() if owned else []
        f *= 1 + APPOSED if any(stem(w) == a.owns for w in words) else 0.5
    if a.called and named_by(text, sp, found):
        f *= 1 + APPOSED  # "What did Hale call the levy?": "the Velling Charge", in quotes or after "called"
    if a.kind == "city" and (of := _KIND_OF.search(text, 0, sp.start)):  # "the island of Kessa" is no city
        if of.group(1).lower() not in ("city", "town", "village"):
            return 0.0
        f = max(f, 1.0) * (1 + APPOSED)  # "the town of Tarrow" is one, however little the gazetteer knows it; "the
        # capital city of Velling" says nothing of Velling
    if a.roles and place_name(sp.text):
        return 0.0  # "Which meteorologist …?" is never answered with a place
    if a.roles and mistitled(text, sp, a.roles):
        return min(f, 0.5)  # "Which congressman …?": "Gov. Jo Bell" holds another office
    if a.nation is not None and (held := title_nation(text, sp)) is not None and not same_nation(held, a.nation):
        return min(f, 0.5)  # "Who is the Ugandan foreign minister …?": "Kenyan Foreign Minister Jo Bell" is Kenya's
    if a.roles and (titled_as(text, sp, a.roles) or apposed(text, sp, a.roles)):
        f *= 1 + APPOSED  # "Which judge …?": "Judge Ada Hale", "Gov. Jo Bell" for "which governor …?", "pilot Jo
        # Bell" for "who was the pilot …?"
    return f


def _with_division(text: str, sp: Span, division: str) -> Span:
    """The name with the division word its sentence writes after it in lower case ("Velling county" for "which
    county …?"), else the name as it is.

    >>> _with_division("Homes fell in Velling county on Monday.", Span(14, 21, "Velling", "name"), "county").text
    'Velling county'
    """
    m = re.match(r"\s+([a-z]+)\b", text[sp.end :])
    if m is None or stem(m.group(1)) != division:
        return sp
    return Span(sp.start, sp.end + m.end(), text[sp.start : sp.end + m.end()], sp.kind)


_SAID_HEADS = VENUE_HEADS | DIVISIONS  # kinds whose names say what they are: another name fits half at most
