"""A person's role as a sentence gives it: the title before the name ("Gov. Jo Bell"), the role after its comma ("Jo
Bell, a seasoned Velling pilot,"), the office a title holds ("which congressman …?" is not "Gov. Jo Bell") and the name
a long run of titles files ("Jo Bell" of "Democratic Velling Congresswoman Jo Bell"). Pure; ``rag/fit.py`` and
``rag/vote.py`` ask it of each mention, ``rag/needs.py`` of a winner, and ``rag/asked.py`` reads the roles a question
asks by.
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import ROLE_WORDS
from rag.answer_type import NOT_NOUNS
from rag.extract import Span, titled
from rag.namewords import ORG_WORDS
from rag.people import OCCUPATIONS, PERSON_TITLES, titled_person
from rag.text import SHORT_TITLES, stem

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
