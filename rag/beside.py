"""What news writes beside a name that is no part of it: a lawmaker's party and home ("Jo Bell, R-Ohio, said"), where
a firm's shares trade ("Velling Foods (NYSE: VFD) said"), and where a person is from, which the span rules join to
her name by "of" ("Rep. Jo Bell of Ohio", as "Bank of Velling"). Pure, regex only; ``rag/fit.py`` and
``rag/ruled.py`` read them for each mention.
"""

from __future__ import annotations

import re

from rag.extract import Span
from rag.gazetteer import PLACE_ENDS, place_name, town
from rag.kinds import fits

_PARTY_TAG = re.compile(r"[DIR]-[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*")


def party_tag(text: str, sp: Span) -> bool:
    """The name is a lawmaker's party and home set off after her name: "Jo Bell, R-Ohio, said", "Ada Hale (D-Lakeport)"
    (not "D-Day", which nothing sets off so). A caller checks ``sp.text[1:2] == "-"`` first: most names are none.

    >>> t = "Rep. Jo Bell, R-Lake Tarrow, said D-Day mattered."
    >>> party_tag(t, Span(14, 27, "R-Lake Tarrow", "name")), party_tag(t, Span(34, 39, "D-Day", "name"))
    (True, False)
    """
    if not _PARTY_TAG.fullmatch(sp.text):
        return False
    return text[: sp.start].rstrip()[-1:] in (",", "(") and text[sp.end : sp.end + 1] in (",", ")", ".", ";")


EXCHANGES = frozenset("NYSE NASDAQ Nasdaq AMEX OTC TSX LSE ASX".split())
_TICKER = re.compile(rf"\((?:{'|'.join(EXCHANGES)})\s*:\s*$")  # "(NYSE: " before a ticker


def listing(text: str, sp: Span) -> bool:
    """The name is an exchange or a ticker a piece sets in parentheses after a firm: "Velling Foods (NYSE: VFD)". A
    sentence with no "(" has none (the caller checks).

    >>> t = "Velling Foods (NYSE: VFD) said so."
    >>> listing(t, Span(15, 19, "NYSE", "name")), listing(t, Span(21, 24, "VFD", "name"))
    (True, True)
    >>> listing(t, Span(0, 13, "Velling Foods", "name"))
    False
    """
    return sp.text in EXCHANGES or _TICKER.search(text, 0, sp.start) is not None


_OF_PLACE = re.compile(r"\s+of\s+")


def from_place(span: Span) -> Span:
    """A person's name without where she is from, when a place's name follows its "of": "Jo Bell" of "Jo Bell of
    Ohio" ("Rep. Jo Bell of Ohio said …"); any other span as is.

    >>> from_place(Span(0, 15, "Jo Bell of Ohio", "name")).text, from_place(Span(0, 7, "Bank of Ohio", "name")).text
    ('Jo Bell', 'Bank of Ohio')
    >>> from_place(Span(0, 18, "Jo Bell of Velling", "name")).text  # no place the gazetteer knows
    'Jo Bell of Velling'
    """
    m = _OF_PLACE.search(span.text)
    if m is None or not place_name(span.text[m.end() :]):
        return span
    return _person_before(span, m) or span


def _person_before(span: Span, of: re.Match[str]) -> Span | None:
    """The person's name before the span's "of" ("Jo Bell" of "Jo Bell of Ohio"), else None ("Mayor of London")."""
    head = Span(span.start, span.start + of.start(), span.text[: of.start()], span.kind)
    return head if fits("person", head) >= 1 else None


# the parts of a town a name may be ("the Old Quarter of …", "the Port of …"); not a title's or a landmark's
_PART_OF_TOWN = re.compile(
    r"\b(?:quarter|district|neighbou?rhood|borough|suburbs?|outskirts|downtown|cent(?:er|re)|port|city|area|heart)"
    r"\s+of\s+",
    re.I,
)


def town_of(span: Span) -> Span:
    """The town a name of one of its parts, or a person's name, ends with ("Chicago" of "the Old Quarter of Chicago"
    or "Jo Bell of Chicago": a town the gazetteer knows, not a county); any other span as is ("Mayor of London").

    >>> names = ("Old Quarter of Chicago", "Mayor of London", "Gulf of Aden", "Jo Bell of Chicago")
    >>> [town_of(Span(0, len(t), t, "name")).text for t in names]
    ['Chicago', 'Mayor of London', 'Gulf of Aden', 'Chicago']
    """
    m = _PART_OF_TOWN.search(span.text)
    if m is None and (m := _OF_PLACE.search(span.text)) is not None and _person_before(span, m) is None:
        m = None  # "Mayor of London": no part of a town, nor a person from it
    tail = span.text[m.end() :] if m else ""
    if not tail or not town(tail.lower()) or tail.split()[-1].lower() in PLACE_ENDS:
        return span
    return Span(span.end - len(tail), span.end, tail, span.kind)


def located(text: str, sp: Span, place: str) -> bool:
    """The sentence puts the name in ``place`` (lower case), as "which Ohio firm …?" asks: "Ohio's Velling Mills",
    "the Ohio-based (drugmaker) Velling Mills", "Velling Mills, of Tarrow, Ohio,", "Velling Mills of Ohio" (not "sued
    Velling Mills in Ohio", "Voters in Ohio backed Velling Mills", nor "West Virginia's" for Virginia).

    >>> t = "It was sold to Velling Mills, of Tarrow, Ohio, and to Kessa Foods of Lisbon."
    >>> mills, foods = Span(15, 28, "Velling Mills", "name"), Span(54, 65, "Kessa Foods", "name")
    >>> located(t, mills, "ohio"), located(t, foods, "ohio")
    (True, False)
    >>> t = "Ohio's Velling Mills and the Ohio-based drugmaker Kessa Labs grew."
    >>> located(t, Span(7, 20, "Velling Mills", "name"), "ohio"), located(t, Span(50, 60, "Kessa Labs", "name"), "ohio")
    (True, True)
    >>> t = "Voters in Ohio backed Velling Mills; West Virginia's Kessa Labs sued Tarrow Foods in Virginia."
    >>> [located(t, Span(a, b, t[a:b], "name"), p) for a, b, p in ((22, 35, "ohio"), (53, 63, "virginia"),
    ...  (69, 81, "virginia"))]
    [False, False, False]
    >>> located("The Ohio-based Kessa Labs grew.", Span(15, 25, "Kessa Labs", "name"), "ohio")
    True
    """
    named = r"\s+".join(map(re.escape, place.split()))
    before = re.search(
        rf"\b{named}(?:['’]s\s+|-based\s+(?:(?-i:[a-z])[\w-]*\s+)?)$", text[max(0, sp.start - 60) : sp.start], re.I
    )
    if before is not None and not _CAPITAL_BEFORE.search(text, 0, sp.start - len(before[0])):
        return True
    town = r"(?:(?:(?-i:[A-Z])[\w.'’-]*\s+){0,2}(?-i:[A-Z])[\w.'’-]*,\s+)?"  # "of Tarrow, Ohio"
    after = rf"(?:,\s+(?:of|in|from|based\s+in)|\s+(?:of|from|based\s+in))\s+{town}{named}\b(?!\s+(?-i:[A-Z]))"
    return re.match(after, text[sp.end : sp.end + 80], re.I) is not None


# "West Virginia's …": the place asked for is part of another (not "The Ohio-based …", "In Ohio's …")
_CAPITAL_BEFORE = re.compile(
    r"(?<![\w.])(?!(?:The|A|An|In|At|On|For|From|By|And|But|Its|Their|His|Her)\s)[A-Z][\w.]*\s+$"
)
