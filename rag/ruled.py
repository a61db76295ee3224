"""What rules a mention out, whatever its kind says: a place for a body, a person for a team, the source a claim is
credited to, the one the question names, a sentence that does not say the question's event of it or not at the time
asked. Pure, regex only; ``rag.fit`` asks it of each mention after the kind's fit.
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import ROLE_WORDS
from rag.asked import PEOPLES, PLACE_KINDS, Ask
from rag.beside import listing, party_tag
from rag.called import headed, quoted
from rag.extract import Span, naming_year, titled
from rag.gazetteer import COUNTRIES, place_name
from rag.kinds import YEAR
from rag.namewords import PARTISANS, VENUES, demonym, name_words
from rag.people import OCCUPATIONS, PERSONAL_VERBS, personal, titled_person, with_age
from rag.phrases import CAPITALISED
from rag.quantities import MEASURES
from rag.records import Passage
from rag.text import WORD, stem
from rag.towns import elsewhere, in_town, placed
from rag.verbs import acted_on, says

# "Which bakery …?" is not answered by the name a sentence gives its claim to ("…, said the Velling Times"), unless
# the question asks for who reported it
_CREDITED = rf"(?:the\s+)?{CAPITALISED}(?:\s+(?:(?:of|for|on)\s+(?:the\s+)?)?{CAPITALISED})*"  # "the Bureau of …"
_SOURCES = re.compile(
    r"\b(?i:said|says|according\s+to(?:\s+(?:a\s+)?reports?\s+(?:by|from|in))?|reported|reports|told)\s+"
    rf"({_CREDITED}(?:\s*(?:,|and)\s+{_CREDITED})*)\s*(?:[.,;:!?)”\"—–]|$)"
)  # "…, said the Velling Times.", "…, according to reports by the Velling Times and Lakeport Radio."
_AT = re.compile(r"\bat\s+(?:the\s+)?$")  # "… at (the) Velling Dome": where, not who
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

VENUE_HEADS = frozenset(stem(w) for w in VENUES)  # "which stadium / airport …?": a venue's name says it is one
# "Which stadium / air base …?" is never answered with a country or a state (a river, lake, island or mountain may
# be; a ministry or department may be a country's)
_BUILT_HEADS = VENUE_HEADS - frozenset(stem(w) for w in "river lake island mountain ministry department".split()) | {
    stem(w) for w in "base residence castle palace mansion".split()
}  # (… nor "which royal palace …?" with "Norway")
# a lower-case word next that is no verb: the name is its adjective ("the Republican bill", not "The Republican said")
_LOWER_NEXT = re.compile(r"\s+(?!(?:[a-z]+ed|said|says|is|was|has|had|will|would)\b)[a-z]")
_PARTY = stem("party")
_TOWNS_ASKED = frozenset({"place", "city", "state"})  # the kinds a lawmaker's home may answer ("R-Ohio")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,5}s")
# "Which district / diocese …?": a part of a country or state, never the country or state itself
DIVISIONS = frozenset(
    stem(w) for w in "district diocese ward precinct constituency parish borough municipality prefecture canton".split()
)


def not_the_sort(a: Ask, text: str, sp: Span, p: Passage, found: tuple[Span, ...], person: bool) -> bool:
    """The mention is not the sort of thing asked for, whatever its kind says: a place for a body, a person for a
    team, the source a claim is credited to, the one the question names, a party's adjective, a ticker. ``person``:
    its words name a person ("Mary Hale")."""
    if (a.scaled and sp.kind != "label") or (a.within and sp.text.lower() not in a.within):
        return True  # "which Nordic country …?" is not answered with a country of another region
    if a.actor and a.actor <= {stem(w.lower()) for w in WORD.findall(sp.text)}:
        return True  # "Who did Hale pardon?" is not answered with "Ada Hale"
    if a.sourced and any(start <= sp.start and sp.end <= end for start, end in _credited(text)):
        return True  # "…, said the Velling Times.": where the claim comes from, not what it says
    if a.team and (a_person(sp) or titled(text, sp).start < sp.start):
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
    if a.kind == "thing" and a.head in DIVISIONS and place_name(sp.text) and not headed(sp, a.head):
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
    if a.kind == "person" and _before_role(text, sp):
        return True  # "Velling Press co-founder Ada Hale": the name before a role is the body she serves
    if a.kind == "person" and a.verb in PERSONAL_VERBS and sp.text.lower() in COUNTRIES:
        return True  # "Who resigned?": a person did, not a country
    return False


def unsaid(a: Ask, text: str, sp: Span, p: Passage) -> bool:
    """Its sentence does not say the question's event of the mention, or not at the time asked ("when was she
    elected?" is not answered by the day someone else died), or the mention is no time at all ("in 1700 feet")."""
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


def a_person(sp: Span) -> bool:
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


def _before_role(text: str, span: Span) -> bool:
    """A role word follows the name: "Velling Press CEO Jo Bell", "Lakeport Owls co-founder Ada Hale".

    >>> _before_role("Velling Press co-founder Ada Hale spoke.", Span(0, 13, "Velling Press", "name"))
    True
    >>> _before_role("Ada Hale, the chief, spoke.", Span(0, 8, "Ada Hale", "name"))
    False
    >>> _before_role("Rising R&B singer Velva sang.", Span(7, 10, "R&B", "name"))
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
