"""What a sentence calls a name, or the name calls itself, against the kind a question asks for: "the drugmaker
Velling Labs" and "University of Lakeport" say what they are, a quoted title is no body's name, and "what did Hale
call the bonus?" is answered by what a sentence quotes or says it is called (``rag/fit.py`` weighs them; the role a
person holds, "Gov. Mary Hale", is ``rag/roles.py``). Pure; a few string checks per mention.
"""

from __future__ import annotations

import functools
import re

from rag.extract import OPEN_QUOTES, Span
from rag.heads import ends_phrase
from rag.text import stem

_OPENING = frozenset("to of about at after with for from by on in into over under".split())


def apposed(text: str, sp: Span, heads: frozenset[str]) -> bool:
    """The word right before the name is one of the question's head nouns, or ends in one: "the drugmaker Velling
    Labs" ("which drugmaker / maker …?", "the website Velling Post" for "which site …?").

    >>> apposed("It said the website Velling Post.", Span(20, 32, "Velling Post", "name"), frozenset({"sit"}))
    True
    >>> apposed("The drugmaker Velling Labs said so.", Span(14, 26, "Velling Labs", "name"), frozenset({"drugma"}))
    True
    >>> t = "Its auditor, Velling Audit, agreed; the auditor, Velling Audit said."
    >>> apposed(t, Span(13, 26, "Velling Audit", "name"), frozenset({"audito"}))
    True
    >>> apposed(t, Span(49, 62, "Velling Audit", "name"), frozenset({"audito"}))  # no comma closes it
    False
    >>> apposed("Her single “Tarrow Nights” led.", Span(12, 25, "Tarrow Nights", "title"), frozenset({"singl"}))
    True
    >>> t = "In a letter to the judge, Tom Reed, a lawyer, said so."
    >>> apposed(t, Span(26, 34, "Tom Reed", "name"), frozenset({"judg"}))
    False
    """
    start = sp.start - 1 if sp.start and text[sp.start - 1] in OPEN_QUOTES else sp.start  # 'the single “Tarrow”'
    before = text[max(0, start - 30) : start]
    words = before.split() if before.endswith(" ") else ()
    if words and words[-1].endswith(",") and text.startswith(",", sp.end):
        if len(words) > 2 and words[-3].lower() in _OPENING:
            return False  # "In a letter to the judge, Tom Reed, a lawyer, …": the noun is in an opening phrase
        words[-1] = words[-1][:-1]  # "its auditor, Velling Audit, said": the name set off by commas
    word = words[-1] if words and words[-1].isalpha() and words[-1].islower() else ""
    base = stem(word)  # "website": "websit", which ends in the stem of "site"
    return bool(word) and (base in heads or any(len(h) > 2 and (word.endswith(h) or base.endswith(h)) for h in heads))


# ", the Lakeport-based drugmaker," after a name: the noun the commas set off says which one it is
_SET_OFF = re.compile(  # not across "of" ("Jo Bell, the founder of the drugmaker,"): whose she is
    r",\s+the\s+(?:(?!(?:of|for|at|in|on|with|by|to|from)\b)[\w’'.-]+\s+){0,3}?([a-z]+)(?=\s*(?:[,;.]|that\b|which\b|$))"
)


def set_off(text: str, sp: Span, heads: frozenset[str]) -> bool:
    """The sentence calls the name one of the question's head nouns in a phrase set off by commas after it: "Velling
    Labs, the Lakeport-based drugmaker, said" for "which drugmaker …?" (not "Jo Bell, the drugmaker's founder"; nor
    "Kessa Coin, a token that …", which puts it among many of the kind rather than naming the one).

    >>> t = "Velling Labs, the Lakeport-based drugmaker, said so; Jo Bell, the drugmaker's founder, did not."
    >>> set_off(t, Span(0, 12, "Velling Labs", "name"), frozenset({"drugma"}))
    True
    >>> set_off(t, Span(53, 60, "Jo Bell", "name"), frozenset({"drugma"}))
    False
    >>> set_off("Jo Bell, the founder of the drugmaker, said so.", Span(0, 7, "Jo Bell", "name"), frozenset({"drugma"}))
    False
    >>> set_off("Velling Labs, the world's largest drugmaker, grew.", Span(0, 12, "", "name"), frozenset({"drugma"}))
    True
    """
    m = _SET_OFF.match(text, sp.end)
    return m is not None and stem(m.group(1)) in heads


_TRAILING = re.compile(r"\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?")
PHRASE_ENDS = re.compile(  # the head noun ends its phrase: punctuation, a preposition, a relative or a verb follows
    r"\s*(?:[,.;:!?)”\"—–]|$)|\s+(?:of|in|on|at|for|to|with|by|from|near|and|or|which|that|who|where|is|was|has|had|"
    r"will|opened|closed|said)\b"
)


def trailed(text: str, sp: Span, head: str | None) -> bool:
    """The sentence writes the question's head noun in lower case right after the name, or after one more word:
    "the Velling Creek shopping center" for "which shopping center …?", "the Velling stadium" for "which stadium …?".

    >>> t, sp = "It opened at the Velling Creek shopping center on Monday.", Span(17, 30, "Velling Creek", "name")
    >>> trailed(t, sp, "center"), trailed(t, sp, "mall")
    (True, False)
    >>> trailed("It cited $2 billion in Velling projects.", Span(23, 30, "Velling", "name"), "projec")
    False
    >>> t = "Velling Works said company profits fell."  # the noun is a modifier, reached through a verb
    >>> trailed(t, Span(0, 13, "Velling Works", "name"), stem("company"))
    False
    """
    m = _TRAILING.match(text, sp.end) if head is not None and sp.kind == "name" else None
    if m is None:
        return False
    first, second = m.groups()  # "Velling projects" are the firm's, not one called a project
    if not first.endswith("s") and stem(first) == head:
        return PHRASE_ENDS.match(text, m.end(1)) is not None  # not "Velling company profits fell"
    return (
        second is not None
        and not ends_phrase(first)  # not "… said company profits fell": reached through a verb
        and not second.endswith("s")
        and stem(second) == head
        and (PHRASE_ENDS.match(text, m.end()) is not None)
    )


def headed(sp: Span, head: str | None) -> bool:
    """A name that says it is of the kind asked for: it ends in the question's head noun ("the Lakeport Rowing Club"
    for "which club …?") or a word names of that kind end in ("Harbour Avenue" for "which street …?"), or opens
    with it and "of" ("University of Velling" for "which university …?").

    >>> headed(Span(0, 21, "University of Velling", "name"), "univer"), headed(Span(0, 8, "Velling", "name"), "univer")
    (True, False)
    >>> street = stem("street")
    >>> headed(Span(0, 14, "Harbour Avenue", "name"), street), headed(Span(0, 13, "Velling Court", "name"), street)
    (True, False)
    """
    return head is not None and sp.kind == "name" and _headed(sp.text, head)


_STREETS = "street avenue road boulevard drive lane way highway parkway"
# "Which street …?" is answered by "Harbour Avenue", "which hospital …?" by "Velling Medical Center", "which venue
# …?" by "Velling Green Park": how the names of the kind asked for end (one word or two), its own word among them
_ENDS_OF = {
    stem(kind): frozenset(tuple(stem(w) for w in end.split()) for end in ends.split(","))
    for kind, ends in (
        ("street", _STREETS.replace(" ", ",")),
        ("road", _STREETS.replace(" ", ",")),
        ("hospital", "hospital,clinic,infirmary,medical center,medical centre,health center,cancer center"),
        ("stadium", "stadium,field,arena,dome,coliseum,ballpark"),
        ("arena", "arena,center,centre,garden,gardens,stadium"),
        ("venue", "stadium,arena,field,park,center,centre,hall,club,hotel,museum,garden,gardens,dome,theater,theatre"),
    )
}


@functools.lru_cache(maxsize=65536)
def _headed(text: str, head: str) -> bool:
    words = text.lower().split()
    ends = _ENDS_OF.get(head, frozenset({(head,)}))
    last = tuple(stem(w) for w in words[-2:])
    return len(words) > 1 and (last[-1:] in ends or last in ends or (words[1] == "of" and stem(words[0]) == head))


_WORDS = re.compile(r"[\w’'.-]+")
# Bodies whose parts are named after them: "Velling University Medical Center", "Velling Bank Arena"
_WHOLES = frozenset(stem(w) for w in "university college school hospital museum bank".split())


def to_head(sp: Span, head: str | None) -> Span:
    """A name with the question's head noun inside it, cut after that word, when the head is a body whose parts are
    named after it: "which university …?" is answered by the "Velling University" of "Velling University Medical
    Center" (``headed`` then holds). Any other span as is: "European Food Safety Authority" is no food.

    >>> to_head(Span(4, 37, "Velling University Medical Center", "name"), "univer").text
    'Velling University'
    >>> to_head(Span(0, 21, "University of Velling", "name"), "univer").text
    'University of Velling'
    >>> to_head(Span(0, 30, "European Food Safety Authority", "name"), stem("food")).text
    'European Food Safety Authority'
    """
    if head not in _WHOLES or sp.kind != "name" or _headed(sp.text, head):
        return sp
    words = list(_WORDS.finditer(sp.text))
    for w in words[1:-1]:  # inside: the first word opens "University of …", the last is ``headed``
        if stem(w.group(0).lower()) == head:
            return Span(sp.start, sp.start + w.end(), sp.text[: w.end()], sp.kind)
    return sp


def quoted(found: tuple[Span, ...], sp: Span, whole: bool = False) -> bool:
    """The span is one of the sentence's quoted titles (``found``) or inside one: "One Velling Night", and its
    "Velling Night"; the whole title only, when ``whole``.

    >>> from rag.extract import spans
    >>> found, inner = spans("The episode “One Velling Night” aired."), Span(17, 30, "Velling Night", "name")
    >>> quoted(found, inner), quoted(found, inner, whole=True)
    (True, False)
    """
    if whole:
        return any(t.kind == "title" and t.start == sp.start and t.end == sp.end for t in found)
    return any(t.kind == "title" and t.start <= sp.start and sp.end <= t.end for t in found)


# "What did Hale call the plan?", "what is the tax dubbed?", "what is the name of the bill?": the question asks for
# what something is called, which a sentence gives in quotes or after a word that names ("a plan called …")
_ASKS_NAME = re.compile(
    r"^(?:what|which)\b.*\b(?:call|calls|called|dub|dubbed|nickname|nicknamed|titled|branded|known\s+as|renamed)\b"
    r"(?!\s+(?:for|on|off|up|out|in|back|after)\b)"  # "what did Hale call for?" asks what she demanded
    r"(?!\s+(?:the\s+)?(?-i:[A-Z]))"  # "what did the firm called Velling Labs make?" names it already
    r"|^what(?:\s+(?:is|are|was|were)|['’]s)\s+the\s+(?:(?!of\b|for\b|behind\b)[a-z]+\s+){0,3}names?\b"  # "what is
    r"|^what\s+(?:new\s+)?(?:nick)?name\b",  # the more common name …?", not "the origin of the name …?"
    re.I,
)
# a name the question gives its subject, set off by commas: "which fair, known as the feast of lamps, opened?"
_APPOSED_NAME = re.compile(r",\s+(?:also\s+)?(?:known\s+as|called|dubbed|nicknamed|titled|branded)\s+[^,?]+,")
_NAMING = (
    r"(?:(?:called|dubbed|named|renamed|nicknamed|titled|branded|known\s+as|termed)\s+(?:the\s+|an?\s+)?"
    r"|(?:calls|calling)\s+(?:(?:it|them)\s+(?:the\s+|an?\s+)?|the\s+|an?\s+))"
)  # "what Velling calls a Fare Squeeze"; not "calling Tom Reed its architect"
_NAMED_AFTER = re.compile(rf"\b{_NAMING}[\"“'‘]?$")
_LINKED = r"[A-Z][\w’'&-]*"
_SMALL = r"(?:of|to|for|the|a)\s+"  # the small words inside a name ("Pledge to Lakeport"; not "… on Monday")
# … and a second name of one word given with it ("two ferries, named Kessa and Tarrow"; not "named Kessa and Mayor Jo
# Bell cut the ribbon")
_AND_ONE = rf"(?:\s+and\s+{_LINKED}(?![\w’'&-]|\s+[A-Z]))?"
_NAME_RUN = re.compile(rf"\b{_NAMING}[\"“'‘]?({_LINKED}(?:\s+(?:{_SMALL})*{_LINKED}){{0,5}}{_AND_ONE})")


def asks_name(question: str) -> bool:
    """The question asks what something is called.

    >>> asks_name("What did Hale call the new levy?"), asks_name("What is the name of the plan?")
    (True, True)
    >>> asks_name("What new name was chosen for the Velling airport?"), asks_name("What was the hall renamed?")
    (True, True)
    >>> asks_name("What is the more scientific name for it?"), asks_name("What is the origin of the name Velling?")
    (True, False)
    >>> asks_name("What did Hale say about the levy?"), asks_name("What did Hale call for?")
    (False, False)
    >>> asks_name("What did the firm called Velling Labs make?")  # the question names it
    False
    >>> asks_name("Which fair, known as the feast of lamps, opened?")  # set off by commas: it says which fair
    False
    >>> asks_name("What did Rep. Ada Hale call Tarvanian President Jo Bell?")  # what she called him
    True
    """
    question = _APPOSED_NAME.sub(",", question)  # "which fair, known as the feast of lamps, opened?" names it
    return _ASKS_NAME.search(question) is not None or _CALLS_NAMED.search(question) is not None


_CALLS = re.compile(r"^\s*what\s+(?:do|does|did|will|would)\s+(?:[\w’'.-]+\s+){1,6}?call\b", re.I)
_CALLS_NAMED = re.compile(rf"{_CALLS.pattern}\s+(?:the\s+)?(?-i:[A-Z])", re.I)  # "what did Hale call Jo Bell?"


def asks_what_one_calls(question: str) -> bool:
    """A question that asks for a name asks what someone calls something ("what did Hale call the levy?"), not what
    it is called ("what is the name of the levy?"): the name is the speaker's, given in quotes or after "calls"
    (``named_by``), or not given at all.

    >>> asks_what_one_calls("What does Hale call the levy?"), asks_what_one_calls("What is the levy called?")
    (True, False)
    >>> asks_what_one_calls("What is the name of the hotline residents can call?")
    False
    """
    return _CALLS.search(question) is not None


def named_by(text: str, sp: Span, found: tuple[Span, ...]) -> bool:
    """The sentence gives the span as what something is called: quoted, or right after "called", "titled" ….

    >>> t = "The levy, called the Velling Charge, starts in May."
    >>> named_by(t, Span(21, 35, "Velling Charge", "name"), ()), named_by(t, Span(46, 49, "May", "name"), ())
    (True, False)

    A name inside the quote is not what the quote calls it ("Velling Charge" of “Velling Charge of Justice”):

    >>> from rag.extract import spans
    >>> t = "Velling hailed a “Velling Charge of Justice” on Monday."
    >>> named_by(t, Span(18, 43, "Velling Charge of Justice", "title"), spans(t))
    True
    >>> named_by(t, Span(18, 32, "Velling Charge", "name"), spans(t))
    False
    """
    return quoted(found, sp, whole=True) or _NAMED_AFTER.search(text, 0, sp.start) is not None


def names_given(text: str) -> tuple[Span, ...]:
    """The names a sentence gives after a word that names, small words inside them: "an agenda titled Pledge to
    Lakeport" gives "Pledge to Lakeport", which a run of capitals alone splits.

    >>> names_given("It released an agenda titled Pledge to Lakeport, in May.")
    (Span(start=29, end=47, text='Pledge to Lakeport', kind='name'),)
    >>> [s.text for s in names_given("A new ferry named Kessa Star on Monday began service.")]
    ['Kessa Star']
    >>> [s.text for s in names_given("It launched two ferries, named Kessa and Tarrow, in May.")]
    ['Kessa and Tarrow']
    >>> [s.text for s in names_given("The ferry was named Kessa and Mayor Jo Bell cut the ribbon.")]
    ['Kessa']
    """
    return tuple(Span(m.start(1), m.end(1), m.group(1), "name") for m in _NAME_RUN.finditer(text))
