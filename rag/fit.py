"""How well one mention answers the question: the kind's fit (``rag/kinds.py``), what rules it out ("Who resigned?"
is no country; "When will …?" no year its piece looks back on) and what its sentence calls it ("the drugmaker Velling
Labs"). Pure, regex only; the question is read once (``rag/asked.py``), each mention then costs a few set lookups.
How much the sentence doubts it ("Who won?": not the side it says was beaten) is ``rag/doubt.py``.
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import ROLE_WORDS
from rag.asked import PEOPLES, PLACE_KINDS, Ask
from rag.beside import from_place, listing, located, party_tag, town_of
from rag.called import (
    PHRASE_ENDS,
    apposed,
    filed,
    headed,
    mistitled,
    named_by,
    quoted,
    set_off,
    titled_as,
    to_head,
    trailed,
)
from rag.changes import whose_age
from rag.evidence import Sentence
from rag.extract import Span, naming_year, titled
from rag.gazetteer import COUNTRIES, US_STATES, place_name
from rag.heads import ends_phrase
from rag.kinds import YEAR, fits, of_venue, spoken
from rag.namewords import PARTISANS, VENUES, demonym, name_words, paper_named
from rag.nations import same_nation, title_nation
from rag.people import OCCUPATIONS, PERSONAL_VERBS, described, owned, personal, titled_person, with_age
from rag.phrases import CAPITALISED, WEEKDAY
from rag.quantities import MEASURES, as_count, lapsed
from rag.records import Passage
from rag.text import WORD, stem
from rag.towns import elsewhere, in_town, placed, stated, written_in
from rag.units import TIMES
from rag.verbs import acted_on, says

APPOSED = 1.0  # "Which drugmaker …?": a name its sentence calls one ("the drugmaker Velling Labs") fits 1 + this
UNSAID_DEATHS = 0.5  # "How many people died …?": a count from a sentence that says no one died counts this much
LAPSED = 0.25  # the share of a time between two events for "how long …?" (0, 0.25 and 0.5 answer alike on both sets)
_TIME_UNITS = frozenset(TIMES)  # "how many days / years …?": a span of time is asked for
_DEATHS = frozenset(stem(w) for w in "died killed".split())  # the counted verbs of a death toll
_DEATHS_SAID = re.compile(r"\b(?:di(?:e|ed|es|ing)|dead|deaths?|kill\w*|toll|fatal\w*|lives|bodies|perish\w*)\b", re.I)
BARE_YEAR = 0.5  # "When …?" (not "what year"): the share of a date that is a year alone (leave-one-week-out)
_BARE_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")  # the day of a month a date gives ("Feb. 4"; not "March 2031")


# "Which bakery …?" is not answered by the name a sentence gives its claim to ("…, said the Velling Times"), unless
# the question asks for who reported it
_CREDITED = rf"(?:the\s+)?{CAPITALISED}(?:\s+(?:(?:of|for|on)\s+(?:the\s+)?)?{CAPITALISED})*"  # "the Bureau of …"
_SOURCES = re.compile(
    r"\b(?i:said|says|according\s+to(?:\s+(?:a\s+)?reports?\s+(?:by|from|in))?|reported|reports|told)\s+"
    rf"({_CREDITED}(?:\s*(?:,|and)\s+{_CREDITED})*)\s*(?:[.,;:!?)”\"—–]|$)"
)  # "…, said the Velling Times.", "…, according to reports by the Velling Times and Lakeport Radio."
_AT = re.compile(r"\bat\s+(?:the\s+)?$")  # "… at (the) Velling Dome": where, not who
# "the town of Tarrow", "the island of Kessa": the sentence says what kind of place the name is
_KIND_OF = re.compile(r"\b(?:the|a)\s+(island|province|state|region|county|country|city|town|village)\s+of\s+$", re.I)
# "Which company / university …?" is answered by a body's name, never a place's or a person's ("Nebraska said …" is
# no company)
BODIES = frozenset(
    stem(w)
    for w in "company firm chain brand retailer automaker carmaker drugmaker chipmaker broadcaster network giant "
    "startup maker airline carrier bank lender insurer publisher studio manufacturer supermarket grocer university "
    "college school hospital museum charity nonprofit newspaper magazine outlet agency organization organisation "
    "association federation league union coalition party cartel gang band group institute foundation council "
    "society".split()
)

# "Which company …?" is no public body's: "the Velling Trade Commission" recalled the firm's goods, it sold none
_TRADERS = frozenset(stem(w) for w in "company firm retailer automaker carmaker drugmaker chipmaker maker".split())
_PUBLIC = frozenset(
    "commission department ministry administration council committee court senate congress parliament police".split()
)


_SUM_NEXT = re.compile(r"[\s-]+([a-z]{3,})\b")  # the word after a sum: "a $9 million settlement"
_AFTER_NEXT = re.compile(r"\s+([a-z][\w-]*|[A-Z])")  # … and the word after that
_AFFILIATED = re.compile(
    rf"\b(?:{'|'.join(sorted(OCCUPATIONS | ROLE_WORDS))})\s+(?:at|for|with|of)\s+(?:the\s+)?$", re.I
)
_VENUE_HEADS = frozenset(stem(w) for w in VENUES)  # "which stadium / airport …?": a venue's name says it is one
# "Which stadium / air base …?" is never answered with a country or a state (a river, lake, island or mountain may
# be; a ministry or department may be a country's)
_BUILT_HEADS = _VENUE_HEADS - frozenset(stem(w) for w in "river lake island mountain ministry department".split()) | {
    stem(w) for w in "base residence castle palace mansion".split()
}  # (… nor "which royal palace …?" with "Norway")
# a lower-case word next that is no verb: the name is its adjective ("the Republican bill", not "The Republican said")
_LOWER_NEXT = re.compile(r"\s+(?!(?:[a-z]+ed|said|says|is|was|has|had|will|would)\b)[a-z]")
_PARTY = stem("party")
_OWNED = re.compile(r"[’']s?((?:\s+[\w-]+){1,4})")  # "Ada Hale's (all-time wins) record": the words after it
_TOWNS_ASKED = frozenset({"place", "city", "state"})  # the kinds a lawmaker's home may answer ("R-Ohio")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,5}s")
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
    person = a.kind == "thing" and sp.text not in called and _a_person(sp)
    f = 0.0 if sp.kind == "title" and not a.called and spoken(sp) else fits(a.kind, sp)
    f *= personal_weight if person else 1.0
    if a.kind == "person" and f <= 0 and sp.kind == "name" and described(s.text, sp, roles=False) and paper_named(sp):
        f = 1.0  # "rapper Post Tarrow": an occupation says a person, though "Post" is a paper's word
    if a.kind == "number" and sp.kind == "label":
        f = 1.0  # "What was the magnitude …?": "magnitude 6.4", a reading on the scale asked about
    if f <= 0 or _ruled_out(a, s.text, sp, p, found, person):
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


def _ruled_out(a: Ask, text: str, sp: Span, p: Passage, found: tuple[Span, ...], person: bool) -> bool:
    """The mention is not the sort of thing asked for, whatever its kind says (a place for a body, a person for a
    team, the source a claim is credited to, the one the question names), or its sentence does not say the question's
    event of it, or not at the time asked ("when was she elected?" is not answered by the day someone else died)."""
    if (a.scaled and sp.kind != "label") or (a.within and sp.text.lower() not in a.within):
        return True  # "which Nordic country …?" is not answered with a country of another region
    if a.actor and a.actor <= {stem(w.lower()) for w in WORD.findall(sp.text)}:
        return True  # "Who did Hale pardon?" is not answered with "Ada Hale"
    if a.sourced and any(start <= sp.start and sp.end <= end for start, end in _credited(text)):
        return True  # "…, said the Velling Times.": where the claim comes from, not what it says
    if a.team and (_a_person(sp) or titled(text, sp).start < sp.start):
        return True  # "Which team visited the mayor?" is not answered with "Mary Hale" or "Mayor Hale"
    if (a.team or a.kind == "winner") and _AT.search(text, 0, sp.start):
        return True  # "Which team won the final?" is not answered with where it was played ("at the Velling Dome")
    if (a.kind != "thing" or a.heads & BODIES) and _PLURAL_ACRONYM.fullmatch(sp.text):
        return True  # "EVs", "SUVs": things of a kind, never the body, person or place asked for
    if a.kind in ("place", "city") and quoted(found, sp):
        return True  # "Where was the gala held?" is not answered with the film "The Tarrow Years" that won there
    if not a.outlets and p.source is not None and own_outlet(sp.text, p.source):
        return True  # "Which agency said …?": not the "Lakeport News" a Lakeport News piece was told by
    if a.kind in PLACE_KINDS and with_age(text, sp):
        return True  # "In which city …?" is not answered with "Jo Bell, 42,", whatever the gazetteer knows of Bell
    if a.inside is not None and elsewhere(placed(text, sp).text, a.inside):
        return True  # "Where in Ohio …?" is not answered with "Texas", nor "Tarrow" of "Tarrow, Texas"
    if a.local and place_name(sp.text):
        return True  # "Where in Lisbon …?" is not answered with "Ohio" or "Norway"
    if (
        a.towns
        and "," in text[max(sp.start - 3, 0) : sp.start]  # (the town is written before its region: "Tarrow, Ohio")
        and (town := in_town(text, sp)) != sp
        and _named_town(text, town, a.towns)
    ):
        return True  # "Which team did the Owls play in Tarrow?" is not answered with the "Ohio" of "Tarrow, Ohio"
    if a.heads & BODIES and sp.kind == "phrase":
        return True  # "Which insurer …?" is answered by a body's name, not "the private car insurer"
    if a.heads & _TRADERS and name_words(sp)[-1] in _PUBLIC:
        return True  # "Which company recalled …?" is not answered with "the Velling Trade Commission"
    if a.heads & BODIES and (quoted(found, sp) or place_name(sp.text) or person):  # (heads: a thing's question)
        return True  # "Which company / university settled?" is not answered with "Nebraska", "Mary Hale" or a title
    if a.kind == "thing" and a.head in _DIVISIONS and place_name(sp.text) and not headed(sp, a.head):
        return True  # "Which congressional district …?", "which diocese …?" is no country or state, but a part of one
    if a.kind == "thing" and a.head in _BUILT_HEADS and place_name(sp.text):
        return True  # "Which air base did it fly over?" is not answered with "U.S."
    if a.placeless and place_name(sp.text):
        return True  # "Which food …?" is not answered with "Norway", nor "which storm …?" with "Atlantic"
    if a.kind in ("thing", "name") and demonym(sp) and not (a.heads & PEOPLES or a.people_named):
        return True  # "What did the jets shoot down?", "what is the pact called?" are no "French", unless it asks
        # for a language or a people
    if a.kind == "thing" and sp.text.lower() in PARTISANS and _LOWER_NEXT.match(text, sp.end) and _PARTY not in a.heads:
        return True  # "which vehicle …?" is not answered by "the Republican convention": a party's adjective
    if not a.listing and "(" in text and listing(text, sp):
        return True  # "Velling Foods (NYSE: VFD) said …": where its shares trade and their ticker, no answer
    if a.kind not in _TOWNS_ASKED and sp.text[1:2] == "-" and party_tag(text, sp):
        return True  # "Rep. Jo Bell, R-Lake Tarrow, said": her party and home, no one's name (a place still)
    if a.kind == "person" and _role_after(text, sp):
        return True  # "Velling Press co-founder Ada Hale": the name before a role is the body she serves
    if a.kind == "person" and a.verb in PERSONAL_VERBS and sp.text.lower() in COUNTRIES:
        return True  # "Who resigned?": a person did, not a country
    if a.acted is not None and not (acted_on(text, sp, a.acted) if a.kind == "thing" else says(text, a.acted)):
        return True  # "Who did Hale pardon?": not a name from a sentence that does not say who was pardoned
    if a.since is not None and not _after_word(text, sp, a.since):
        return True  # "Since when has she led it?" is answered by the date after "since", not any date
    if a.dated is not None and not says(text, a.dated):
        return True
    if a.years and (year := YEAR.search(sp.text)) and year.group(0) not in a.years:
        return True  # "When is the eclipse in 2031?" is not answered with "May 15, 2030"
    if a.kind in ("date", "year") and _counted_year(text, sp):
        return True  # "it sank in 1700 feet of water": a number the spans read as an old year
    if a.kind == "date" and naming_year(text, sp):
        return True  # "When is the cup final?" is not answered by "the 2031 Velling Cup"
    return a.ahead and _before_its_year(sp, p)  # "When will the strike end?" is not answered with a year its piece
    # looks back on


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


_DIVISIONS = frozenset(
    stem(w) for w in "district diocese ward precinct constituency parish borough municipality prefecture canton".split()
)
_SAID_HEADS = _VENUE_HEADS | _DIVISIONS  # kinds whose names say what they are: another name fits half at most
_NOT_ALNUM = re.compile(r"[\W_]+")
_OLD_YEAR = re.compile(r"1[5-7]\d\d")
# … a unit (``quantities.MEASURES``) or a counted noun after it: "in 1700 feet of water", "one in 1500 births"
_COUNTED = MEASURES | frozenset(
    "hectares people births deaths cases votes homes jobs workers students troops residents cars".split()
)


def _counted_year(text: str, sp: Span) -> bool:
    """A year before 1800 that a unit or counted noun follows counts it: "in 1700 feet of water", not "in 1788
    delegates ratified …".

    >>> t = "It sank in 1700 feet of water; in 1788 delegates ratified it."
    >>> _counted_year(t, Span(11, 15, "1700", "date")), _counted_year(t, Span(34, 38, "1788", "date"))
    (True, False)
    """
    after = _NEXT_WORD.match(text, sp.end) if _OLD_YEAR.fullmatch(sp.text) else None
    return after is not None and after.group(1).rstrip(".") in _COUNTED


_UNTIL = "until|till|through|thru"  # "until what date was it extended?": "extended it through Oct. 13" (not "to":
# "dates back to 1850")


def _after_word(text: str, sp: Span, word: str) -> bool:
    """The span follows ``word`` (and at most "the", "early", "late", "mid", "the end of"); "until" is also said
    "through".

    >>> s = "She has led it since early 2029, and by 2031 it grew."
    >>> _after_word(s, Span(27, 31, "2029", "date"), "since"), _after_word(s, Span(40, 44, "2031", "date"), "since")
    (True, False)
    >>> s = "It was extended through Oct. 13, after a pause on Sept. 2."
    >>> oct13, sept2 = Span(24, 31, "Oct. 13", "date"), Span(50, 57, "Sept. 2", "date")
    >>> _after_word(s, oct13, "until"), _after_word(s, sept2, "until")
    (True, False)
    """
    words = _UNTIL if word.lower() in ("until", "till") else word
    before = rf"\b(?:{words})\s+(?:the\s+)?(?:(?:end|start|middle)\s+of\s+(?:the\s+)?|early\s+|late\s+|mid-?)?$"
    return re.search(before, text[: sp.start], re.I) is not None


def _named_town(text: str, town: Span, named: frozenset[str]) -> bool:
    """The town of "in Tarrow, Ohio" is named by the question (``named``: the stems of its capitalised words), and
    the sentence writes it as a place: after "in", "at", "near" …, or with the region set off ("Tarrow, Ohio, on
    Monday"); not "After beating Tarrow, Portugal face Velling", where the comma ends a clause.

    >>> t = "After beating Tarrow, Portugal face Velling."
    >>> _named_town(t, Span(14, 30, "Tarrow, Portugal", "name"), frozenset({"tarrow"}))
    False
    >>> t = "They met in Tarrow, Portugal."
    >>> _named_town(t, Span(12, 28, "Tarrow, Portugal", "name"), frozenset({"tarrow"}))
    True
    >>> t = "Tarrow, Portugal, was where they met."  # no word leads it in, but the region is set off
    >>> _named_town(t, Span(0, 16, "Tarrow, Portugal", "name"), frozenset({"tarrow"}))
    True
    """
    words = WORD.findall(town.text.rsplit(",", 1)[0])
    if not words or not all(stem(w.lower()) in named for w in words):
        return False
    return _PLACE_LEAD.search(text, 0, town.start) is not None or _SET_OFF.match(text, town.end) is not None


# "… in Tarrow, Ohio", "in downtown Tarrow, Ohio", "nearby Tarrow, Ohio"
_PLACE_LEAD = re.compile(r"\b(?:in|at|near|nearby|outside|from|of|to|across|around)\s+(?:the\s+)?(?:[a-z]+\s+)?$", re.I)
_SET_OFF = re.compile(r"\s*(?:[,;:.)!?—–]|-\s|$)")  # "Tarrow, Ohio, on Monday", "… Tarrow, Ohio — and"


@functools.lru_cache(maxsize=65536)
def own_outlet(name: str, source: str) -> bool:
    """The name is the outlet the piece comes from (its source's domain): "Lakeport News" of a piece from
    lakeportnews.com, "LPN" of one from lpn.com.

    >>> own_outlet("Lakeport News", "www.lakeportnews.com"), own_outlet("LPN", "lpn.com"), own_outlet("LPN", "vt.com")
    (True, True, False)
    """
    return _NOT_ALNUM.sub("", name.lower()) == source.lower().removeprefix("www.").split(".")[0]


def _a_person(sp: Span) -> bool:
    """A person's name by its own words: a given name first ("Mary Hale") or a title ("President Ada Hale")."""
    return personal(sp) or titled_person(sp)


def _before_its_year(span: Span, p: Passage) -> bool:
    """A date whose year is before its piece's year: history to the piece, not the time of what is to come.

    >>> import datetime as dt
    >>> p = Passage(0, "a", "", "", 0, 0, 1.0, published=dt.date(2031, 3, 4))
    >>> _before_its_year(Span(0, 13, "December 2018", "date"), p), _before_its_year(Span(0, 7, "June 30", "date"), p)
    (True, False)
    """
    year = YEAR.search(span.text) if span.kind == "date" and p.published is not None else None
    return year is not None and p.published is not None and int(year.group(0)) < p.published.year


_NEXT_WORD = re.compile(r"\s+(?:co-)?([\w.]+)")
_NAME_NEXT = re.compile(r"\s+[A-Z]")
# Roles a body gives ("Velling Press CEO"), not a person ("Mayor Hale spokesman Jo Bell", "Hale attorney Jo Bell")
_BODY_ROLES = ROLE_WORDS - frozenset("spokesperson spokesman spokeswoman deputy attorney former vice".split())


def _role_after(text: str, span: Span) -> bool:
    """A role word follows the name: "Velling Press CEO Jo Bell", "Lakeport Owls co-founder Ada Hale".

    >>> _role_after("Velling Press co-founder Ada Hale spoke.", Span(0, 13, "Velling Press", "name"))
    True
    >>> _role_after("Ada Hale, the chief, spoke.", Span(0, 8, "Ada Hale", "name"))
    False
    >>> _role_after("Rising R&B singer Velva sang.", Span(7, 10, "R&B", "name"))
    True
    """
    m = _NEXT_WORD.match(text, span.end)
    if m is None:
        return False
    role = m.group(1).lower()  # … or an occupation before a name: "R&B singer Velva", "Owls pitcher Jo Hale"
    return role in _BODY_ROLES or (role in OCCUPATIONS and _NAME_NEXT.match(text, m.end()) is not None)


@functools.lru_cache(maxsize=65536)
def _credited(text: str) -> tuple[tuple[int, int], ...]:
    """Where a sentence names whom it credits its claim to, to the clause's end (cached).

    >>> t = "Hale weighs a ban, according to reports by the Velling Times and Lakeport Radio."
    >>> [t[s:e] for s, e in _credited(t)], _credited("Hale said the Velling Ferry Company would cut fares.")
    (['the Velling Times and Lakeport Radio'], ())
    >>> t = "Births fell, according to Tarvania’s Bureau of Statistics — the lowest since 1961."
    >>> [t[s:e] for s, e in _credited(t)]
    ['Tarvania’s Bureau of Statistics']
    """
    return tuple(m.span(1) for m in _SOURCES.finditer(text))
