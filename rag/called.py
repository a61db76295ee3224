"""What a sentence calls a name, or the name calls itself, against the kind a question asks for: "the drugmaker
Velling Labs" and "University of Lakeport" say what they are, "Gov. Mary Hale" holds the role asked for, a quoted
title is no body's name, and "what did Hale call the bonus?" is answered by what a sentence quotes or says it is
called (``rag/fit.py`` weighs them). Pure; a few string checks per mention.
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import ROLE_WORDS
from rag.answer_type import NOT_NOUNS
from rag.extract import OPEN_QUOTES, Span, titled
from rag.heads import ends_phrase
from rag.namewords import ORG_WORDS
from rag.people import OCCUPATIONS, PERSON_TITLES, titled_person
from rag.text import SHORT_TITLES, stem

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


# The roles and occupations a person may be asked for by ("which judge / governor …?"), as stems
_MORE_ROLES = frozenset({"judge", "representative", "congressman", "congresswoman", "teenager"})
ROLES = frozenset(stem(w.rstrip(".")) for w in ROLE_WORDS | PERSON_TITLES | OCCUPATIONS | _MORE_ROLES)


# … and the words that end a title ("Attorney General", "Chief Justice", "House Speaker")
_TITLE_ENDS = frozenset(stem(w) for w in "general justice consort speaker manager officer coordinator".split())


def a_title(word: str) -> bool:
    """The word is a role or a title's last word, as a name's words are written ("Congresswoman", "Sen.", "Speaker")."""
    low = stem(word.rstrip(".").lower())
    return low in ROLES or low in _TITLE_ENDS


def filed(span: Span) -> Span:
    """The name a span of five words or more ends with after a role or a title, the words before it filing the
    person by party and place ("Jo Bell" of "Democratic Velling Congresswoman Jo Bell", "Ada Hale" of "Velling State
    Attorney General Ada Hale"); any other span as is (a shorter one, "Velling Mayor Jo Bell", says whose mayor she
    is; "… Queen Mary Hospital" is no one's name).

    >>> [filed(Span(0, len(t), t, "name")).text for t in ("Democratic Velling Congresswoman Jo Bell",
    ...     "Velling State Attorney General Ada Hale", "Velling Mayor Jo Bell", "North Kessa Queen Mary Hospital")]
    ['Jo Bell', 'Ada Hale', 'Velling Mayor Jo Bell', 'North Kessa Queen Mary Hospital']
    """
    words = span.text.split()
    if span.kind != "name" or len(words) < 5 or titled_person(span):
        return span
    for k in (2, 3):  # the name's own words: two ("Jo Bell") or three ("Jo Ann Bell")
        tail = words[-k:]
        if (
            a_title(words[-k - 1])
            and not any(map(a_title, tail))  # not "General Manager Jo Bell" cut after "General"
            and all(w[:1].isupper() for w in tail)
            and ORG_WORDS.isdisjoint(w.lower() for w in tail)
        ):
            start = span.end - len(" ".join(tail))
            return Span(start, span.end, span.text[start - span.start :], span.kind)
    return span


def titled_as(text: str, sp: Span, roles: frozenset[str]) -> bool:
    """The sentence titles the person with the role asked for: "Gov. Jo Bell" for "which governor …?".

    >>> titled_as("It was Gov. Jo Bell who said so.", Span(12, 19, "Jo Bell", "name"), frozenset({"govern"}))
    True
    """
    return any(_asked(w, roles) for w in _title_words(text, sp)) or _role_after(text, sp, roles)


@functools.lru_cache(maxsize=65536)
def _title_words(text: str, sp: Span) -> tuple[str, ...]:
    """The lower-case words of the title the sentence gives the person before the name ("gov" of "Gov. Jo Bell";
    cached: ``titled_as`` and ``mistitled`` read it for the same mention)."""
    title = titled(text, sp)
    return tuple(text[title.start : sp.start].lower().replace(".", " ").split())


# Offices news titles a person with, one group per office: "which congressman …?" is not answered by "Gov. Jo Bell"
_OFFICES = tuple(
    frozenset(stem(w) for w in group.split())
    for group in ("congressman congresswoman representative", "senator", "governor", "mayor", "president",
                  "judge justice", "sheriff", "minister premier secretary chancellor", "ambassador")
)  # fmt: skip


def mistitled(text: str, sp: Span, roles: frozenset[str]) -> bool:
    """The sentence titles the person with another office than the one asked for: "Gov. Jo Bell" for "which
    congressman …?" (no office asked, or the one asked among the titles: False).

    >>> t = "It was Gov. Jo Bell who said so."
    >>> mistitled(t, Span(12, 19, "Jo Bell", "name"), frozenset({stem("congressman")}))
    True
    >>> t = "Velling Trade Secretary Jo Bell spoke."  # a secretary is a minister, no president
    >>> mistitled(t, Span(24, 31, "Jo Bell", "name"), frozenset({"presid"})), mistitled(t, Span(24, 31, "Jo Bell",
    ... "name"), frozenset({"minist"}))
    (True, False)
    >>> bell = Span(12, 19, "Jo Bell", "name")
    >>> mistitled(t, bell, frozenset({"govern"})), mistitled(t, bell, frozenset())
    (False, False)
    """
    asked = [group for group in _OFFICES if group & roles]
    if not asked:
        return False
    held = {stem(SHORT_TITLES.get(w, w)) for w in _title_words(text, sp)}
    offices = [group for group in _OFFICES if group & held]
    return bool(offices) and not any(group in asked for group in offices)


def _asked(word: str, roles: frozenset[str]) -> bool:
    """The lower-case word, its short form spelled out ("gov" → "governor"), is one of the roles asked for."""
    return stem(SHORT_TITLES.get(word, word)) in roles


# ", an epidemiologist at …", ", the Velling Labs CEO", ", Lakeport's manager of …": up to three capitalised words
# (a body's name) and the next word, the role, right after a name and its comma
# (", a seasoned Velling pilot": one or two lower-case words may come first, each tried in turn)
_AFTER_NAME = tuple(
    re.compile(
        rf",\s+(?:(?:an?|the)\s+)?((?:[a-z][\w-]*\s+){{{n}}})((?:[A-Z][\w.&’'-]*\s+){{0,3}})([\w-]+)(?![\w’'-])"
        r"(?!\s+[A-Z])"  # "Ada Hale, head coach Jo Bell and …": the role titles the name after it
        r"(?!\s+(?:said|says|told|tells|added|ruled|wrote|noted|announced|reported|confirmed|argued)\b)"  # who said it
    )
    for n in range(3)
)


# Words before a role after a name's comma that say the role is not hers, or that open a clause or a list: "Ada Hale,
# a would-be pilot", "Ada Hale, who married pilot Jo Bell", "…, including coach Jo Bell"
_NOT_NOW = NOT_NOUNS | frozenset(
    "would-be aspiring onetime one-time fake wannabe who whose including plus alongside".split()
)


def _role_after(text: str, sp: Span, roles: frozenset[str]) -> bool:
    """The sentence gives the person the role asked for right after the name: "Jo Bell, an epidemiologist at …",
    "Jo Bell, Velling Labs president", "Jo Bell, Lakeport's manager of …".

    >>> t = "Jo Bell, an epidemiologist at Lakeport, and Ada Hale, Velling Labs president, agreed."
    >>> _role_after(t, Span(0, 7, "Jo Bell", "name"), frozenset({"epidem"}))
    True
    >>> _role_after(t, Span(44, 52, "Ada Hale", "name"), frozenset({"presid"}))
    True
    >>> _role_after("Jo Bell, Ada Hale, the judge, spoke.", Span(0, 7, "Jo Bell", "name"), frozenset({"judg"}))
    False
    >>> _role_after("Jo Bell, the judge’s clerk, spoke.", Span(0, 7, "Jo Bell", "name"), frozenset({"judg"}))
    False
    >>> _role_after("They sued Ada Hale, Sen. Jo Bell said.", Span(10, 18, "Ada Hale", "name"), frozenset({"senato"}))
    False
    >>> _role_after("It went to Ada Hale, the judge ruled.", Span(11, 19, "Ada Hale", "name"), frozenset({"judg"}))
    False
    >>> t = "Jo Bell, a seasoned Velling pilot, flew; Ada Hale, who met the pilot, spoke."
    >>> _role_after(t, Span(0, 7, "Jo Bell", "name"), frozenset({"pilot"}))
    True
    >>> _role_after(t, Span(41, 49, "Ada Hale", "name"), frozenset({"pilot"}))
    False
    >>> t = "Jo Bell, a former Velling player, spoke."
    >>> _role_after(t, Span(0, 7, "Jo Bell", "name"), frozenset({"player"}))
    False
    >>> _role_after(t, Span(0, 7, "Jo Bell", "name"), frozenset({"player", "former"}))
    True
    >>> t = "Ada Hale, a would-be pilot, met Jo Bell, who married pilot Tom Reed."
    >>> _role_after(t, Span(0, 8, "Ada Hale", "name"), frozenset({"pilot"})), _role_after(t, Span(32, 39, "Jo Bell",
    ... "name"), frozenset({"pilot"}))
    (False, False)
    """
    for after in _AFTER_NAME:
        m = after.match(text, sp.end)
        if m is None:
            return False
        before = m.group(1).split()
        if not _NOT_NOW.isdisjoint(before) or any(a_title(w) and not _asked(w, roles) for w in before):
            return False  # "Ada Hale, who met the judge": a clause; "Jo Bell, a former player": no player now
        if _asked(m.group(3).lower(), roles):  # the body's name before it is no role: "…, Sen. Jo Bell" titles Bell
            return True
    return False


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
