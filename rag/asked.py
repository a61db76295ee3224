"""What a question says about its answer beyond its kind, read once per question (``Ask``): the noun it asks for, the
verb whose subject, object, date or place it asks, the units a count counts, the region a country lies in. Pure,
regex and word lists only; ``rag/fit.py`` then weighs each mention against it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from rag.answer_type import NOT_NOUNS
from rag.asks import asks_passive, asks_score, looks_ahead, object_subject, object_verb, subject_verb, when_verb
from rag.called import asks_name
from rag.changes import asks_age, asks_change, asks_first
from rag.extract import Span
from rag.gazetteer import region_of
from rag.heads import head_nouns, head_phrase, role_noun
from rag.named import full_names, peoples_named
from rag.nations import role_nation
from rag.phrases import SCALES, WEEKDAY, bound_asked
from rag.quantities import LAPSE_WORDS
from rag.roles import ROLES
from rag.taxonomy import wordnet
from rag.text import WORD, keyword_terms, stem
from rag.towns import inside, local, thing_of
from rag.units import MUCH, counted_units, counted_verb

_WON = re.compile(r"\b(?:won|win|wins|beat|defeated)\b", re.I)
_WON_ASKED = re.compile(  # the win is the question's own verb: right after "who" or "which <noun>"
    r"\s*(?:who|which(?:\s+[\w’'-]+){1,3}?)\s+(?:has\s+|have\s+|had\s+|will\s+|would\s+)?(?:won|wins?|beat|defeated)\b",
    re.I,
)
_OUTLET_WORDS = "newspaper|paper|outlet|network|broadcaster|magazine|site|channel|publication"
_ASKS_OUTLET = re.compile(rf"\b(?:{_OUTLET_WORDS}|website|station|media|news|tabloid|daily)s?\b", re.I)
_ASKS_SOURCE = re.compile(rf"\b(?:report|reported|reports|said|says|told|agency|source|{_OUTLET_WORDS})s?\b", re.I)
_WHICH = re.compile(r"\b(?:which|what)\b", re.I)
_LISTING = re.compile(r"\b(?:exchange|ticker|symbol|listed|listing)\b", re.I)
# "whose (all-time) record did she break?": the noun the one asked for owns, before the question's verb
_WHOSE = re.compile(
    r"^\s*whose\s+(?:[\w’'-]+\s+){0,4}?([a-z][\w-]*)\s+(?:did|does|do|is|was|were|are|has|have|had|will|would|can)\b",
    re.I,
)
# "Which team / club …?" is answered by a side, never a person's name (a country may be a side)
SIDES = frozenset(stem(w) for w in "team club franchise squad".split())
PLACE_KINDS = frozenset({"place", "city", "country", "state"})  # the kinds "where …?" and "which city …?" ask for
# "Which language / nationality …?": a people's name may answer it
PEOPLES = frozenset(stem(w) for w in "language nationality cuisine people citizenship ethnicity faith religion".split())
_WEEKDAY_NAMED = re.compile(WEEKDAY.pattern, re.I)  # "it sank on sunday": typed in any case
_DAY_ASKED = re.compile(r"\b(?:what|which)\s+(?:date|day)\b(?!\s+of\s+the\s+week)", re.I)  # "on what date …?"


@dataclass(frozen=True, slots=True)
class Ask:
    """What the question says about its answer, beyond its kind: read once per question."""

    kind: str
    units: tuple[str, ...] = ()  # "how many rounds": the units a number counts
    counted: str | None = None  # "how many were canceled?": the verb whose count a sentence of several numbers gives
    lapse: bool = False  # "how many days before the vote …?": a time that passed between two things is asked for
    score: bool = False  # "what was the score?": both sides, "31-20"
    change: bool = False  # "by how much did it rise?": a number the sentence says is the change
    age: bool = False  # "how old …?": a number news gives as an age
    aged: frozenset[str] = frozenset()  # … and the words of the names it asks the age of ("how old is Ada Hale?")
    heads: frozenset[str] = frozenset()  # "which vaccine": the stems of the noun asked for
    verb: str | None = None  # "who supports …?": the stem of the verb whose subject is asked for
    passive: bool = False  # "who was elected …?": the verb's object is asked for, however the question reads
    ahead: bool = False  # "when will …?"
    scaled: bool = False  # "what magnitude …?" and the pieces give such a label: only a label answers
    contest: bool = False  # "which country won …?": who won a contest, whatever the kind asked for
    team: bool = False  # "which team …?", not "who won …?": a side, never a person's name
    sourced: bool = False  # "which thing …?" that does not ask who reported it: a claim's source is no answer
    outlets: bool = False  # the question asks about news outlets ("which network …?"): a piece's own may answer
    actor: frozenset[str] = frozenset()  # "who did Ada Hale pardon?": the stems of the one who acted, no answer
    acted: str | None = None  # … and the stem of the verb: whom it acted on is named where the verb is
    dated: str | None = None  # "when was she elected?": a date from a sentence that says "elected"
    timed: str | None = None  # … and the verb whose own date a sentence of several dates gives ("pass Lakeport")
    roles: frozenset[str] = frozenset()  # "which judge …?": the stems of the role a person is asked for by
    nation: str | None = None  # "who is the Kenyan foreign minister …?": the nation the role is asked of
    head: str | None = None  # "which sports team …?": the stem of the noun phrase's last word ("team")
    noun: str | None = None  # … and that word as written ("team")
    kinds: frozenset[int] = frozenset()  # "which food …?": the WordNet synsets a lower-case answer is a kind of
    placeless: bool = False  # "which food …?": no country, state or region is one (``Taxonomy.placeless``)
    within: frozenset[str] = frozenset()  # "which Nordic country …?": the countries that may answer (any: empty)
    since: str | None = None  # "since when …?": the date is the one its sentence puts after "since"
    placed: str | None = None  # "where was she arrested?": the verb whose place a sentence of several places gives
    inside: str | None = None  # "where in Ohio …?": the state or country the place is in (no other, nor a place in one)
    local: bool = False  # "where in Lisbon …?", "where at the Velling Museum …?": no country, state or continent
    located: str | None = None  # "which Ohio firm …?": the state or country a sentence that places the thing names
    sums: frozenset[str] = frozenset()  # "how much was the settlement?": the stems of its words, a sum said of one
    compared: bool = False  # "which firm is Kessa bigger than?": what something is measured against is asked
    weekday: bool = False  # "it sank on Sunday; when was it built?" (a date asked): a weekday it names answers nothing
    day: bool = False  # "on what date …?": a day is asked, which a month alone does not give
    years: frozenset[str] = frozenset()  # "when is the eclipse in 2031?": a date of another year is no answer
    bound: str | None = None  # "when does the sale end?": "end" (or "start"), the end of a span of time asked for
    called: bool = False  # "what did Hale call the levy?": what something is called, in quotes or after "called"
    first: bool = False  # "how many counts was he initially charged with?": what was so first, not now
    peoples: frozenset[str] = frozenset()  # "which Velling City district …?": the stems of "Vellingese" …, no answer
    people_named: bool = False  # "what is the name of the language …?": a people's name may answer
    owns: str | None = None  # "whose record did she break?": the stem of what the one asked for owns ("record")
    listing: bool = False  # "which exchange lists Velling?", "what is its ticker?": a listing may answer
    towns: frozenset[str] = frozenset()  # "which team did they play in Tarrow?": the question's capitalised words, a
    # town's region after them no answer (``rag.ruled``); empty when a place is asked for


def owned_noun(question: str) -> str | None:
    """The stem of the noun whose owner a "whose …?" question asks for, or None.

    >>> owned_noun("Whose all-time wins record did Ada Hale break?"), owned_noun("Who broke the record?")
    ('record', None)
    """
    m = _WHOSE.match(question)
    return stem(m.group(1).lower()) if m else None


_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")


def asks_won(question: str) -> bool:
    """The question asks who won or beat ("who won the cup?", "which team has won it?"), not only which side ("which
    team did they play?"), nor who was beaten ("who was defeated by the Owls?", "which team lost to the Owls, who won
    the cup?").

    >>> asks_won("Which team has won the Velling Cup?"), asks_won("Who was defeated by the Owls in the final?")
    (True, False)
    """
    return _WON_ASKED.match(question) is not None


def asks_contest(question: str, kind: str) -> bool:
    """Who won a contest, whatever the kind asked for ("which country won …?"), not whom someone beat."""
    if kind != "winner" and _WON.search(question) is None:
        return False
    return names_asked(question, kind) or object_verb(question, which=kind in ("person", "winner")) is None


def names_asked(question: str, kind: str) -> bool:
    """The question asks what something is called ("what did Hale call the bonus?", "what does Velling call the
    rise in fares?"): its "call" is no verb whose object is asked, whatever words follow it."""
    return kind in ("thing", "name", "title") and asks_name(question)


_THAN_ASKED = re.compile(r"\bthan\b", re.I)
_LAPSE_ASKED = re.compile(rf"\b(?:{LAPSE_WORDS}|ago|between|apart|since|passed|elapsed|into)\b", re.I)


def ask(question: str, kind: str) -> Ask:
    """Read ``question`` (of ``kind``, ``rag.answer_type.expected_type``) once."""
    side = kind in ("person", "winner")  # "which team did the Owls beat?" asks for whom, as "who did …?" does
    called = names_asked(question, kind)
    acted = None if called else object_verb(question, which=side)  # "who did Hale pardon?"
    heads = head_nouns(question) if kind == "thing" else scale_asked(question) if kind == "number" else frozenset()
    phrase = head_phrase(question) if kind == "thing" else ()  # "which sea bird …": ("sea", "bird"), its head last
    named = _named_phrase(question) if kind == "name" else ()  # "what is the name of the restaurant …?"
    roles = roles_asked(question) if kind == "person" else frozenset()
    return Ask(
        kind,
        units=counted_units(question) if kind == "number" else (),
        counted=counted_verb(question) if kind == "number" else None,
        lapse=kind == "number" and _LAPSE_ASKED.search(question) is not None,
        score=kind == "number" and asks_score(question),
        change=kind == "number" and asks_change(question),
        age=kind == "number" and asks_age(question),
        aged=_name_words(question) if kind == "number" and asks_age(question) else frozenset(),
        heads=heads,
        verb=subject_verb(question) if kind in ("person", "winner", "thing") else None,
        passive=asks_passive(question),
        ahead=kind in ("date", "year") and looks_ahead(question),
        contest=asks_contest(question, kind),
        team=kind == "winner" and _WHICH.search(question) is not None or bool(heads & SIDES),
        sourced=kind == "thing" and _ASKS_SOURCE.search(question) is None,
        outlets=_ASKS_OUTLET.search(question) is not None,
        actor=object_subject(question, which=True) if acted and side else frozenset(),
        acted=acted if kind in ("person", "winner", "thing") else None,
        dated=when_verb(question) if kind in ("date", "year") else None,
        timed=when_verb(question, named=True) if kind in ("date", "year") else None,
        roles=roles,
        nation=role_nation(question, roles) if roles else None,
        head=stem(phrase[-1]) if phrase else _named_head(question) if kind == "name" else _division(question, kind),
        noun=phrase[-1] if phrase else None,
        kinds=wordnet().kinds(phrase) if phrase else frozenset(),
        placeless=bool(phrase or named) and wordnet().placeless(phrase or named),
        within=region_of(question) if kind == "country" else frozenset(),
        since=_since(question) if kind in ("date", "year") else None,
        placed=when_verb(question, named=True) if kind in PLACE_KINDS else None,
        inside=inside(question) if kind in ("place", "city") else None,
        local=kind == "place" and local(question),
        located=thing_of(question) if kind == "thing" else None,
        sums=frozenset(stem(t) for t in keyword_terms(question)) if MUCH.search(question) else frozenset(),
        compared=_THAN_ASKED.search(question) is not None,
        weekday=kind == "date" and _WEEKDAY_NAMED.search(question) is not None,
        day=kind == "date" and _DAY_ASKED.search(question) is not None,
        years=frozenset(_IN_YEAR.findall(question)) if kind == "date" else frozenset(),
        bound=bound_asked(question) if kind == "date" else None,
        called=called,
        first=kind == "number" and asks_first(question),
        # … though "which language …?" and "who …?" may be answered with a people's name
        peoples=peoples_named(question) if kind not in ("person", "winner") and not heads & PEOPLES else frozenset(),
        people_named=kind == "name" and any(stem(w.lower()) in PEOPLES for w in WORD.findall(question)),
        owns=owned_noun(question) if kind == "person" else None,
        listing=_LISTING.search(question) is not None,
        towns=frozenset()
        if kind in PLACE_KINDS
        else frozenset(stem(w.lower()) for w in _CAPITALISED.findall(question)[1:]),
    )


def roles_asked(question: str) -> frozenset[str]:
    """The stems of the roles a "who …?" question asks for someone by: "which judge …?", "who was the pilot …?".

    >>> sorted(roles_asked("Who was the pilot arrested in Lakeport?")), sorted(roles_asked("Which judge blocked it?"))
    (['pilot'], ['judg'])
    """
    role = role_noun(question)
    return (head_nouns(question) & ROLES) | ({role} if role else set())


# Words that may stand between a role and its verb but are none ("which senator also …?"), and verbs that report
# speech, which any quoted sentence says ("which mayor said …?")
_NOT_VERBS = frozenset("also now first then never not still just once later recently again".split())
_SPEECH = frozenset("said says told tells added stated claimed warned announced".split())


def role_verb(question: str) -> str | None:
    """The stem of the verb a "which <role> <verb> …?" question asks its person to have done ("which judge sentenced
    …?"), or None: not when the person is acted on or described ("which CEO did Hale fire?", "which coach was hired
    …?", "which coach has the most wins?"), nor for a verb of speech.

    >>> role_verb("Which Lakeport judge sentenced Jo Bell?"), role_verb("Which former coach was hired on Monday?")
    ('senten', None)
    >>> role_verb("Which senator also backed it?"), role_verb("Which mayor said so?"), role_verb("Which firm won?")
    (None, None, None)
    >>> role_verb("Which CEO did Ada Hale fire?"), role_verb("Who is the judge?")
    (None, None)
    """
    words = question.rstrip("?").split()
    if not words or words[0].lower() != "which":
        return None
    role = False
    for word in words[1:]:
        low = word.lower()
        if stem(low) in ROLES:
            role = True
        elif role:
            verb = word.islower() and low not in NOT_NOUNS and low not in _NOT_VERBS and low not in _SPEECH
            return stem(low) if verb and not low.endswith("ly") else None
    return None


def _name_words(question: str) -> frozenset[str]:
    """The lower-cased words of the full names (two words or more) a question gives: "the Velling mayor" names no one.

    >>> sorted(_name_words("How old was Ada Hale when she died?")), _name_words("How old is the Velling mayor?")
    (['ada', 'hale'], frozenset())
    """
    return frozenset(w.lower() for name in full_names(question) for w in name.split())


_IN_YEAR = re.compile(r"\b(?:in|of|for|during)\s+((?:1[89]|20)\d\d)\b", re.I)


_SINCE = re.compile(r"\b(since|by|until|till|before|after)\s+(?:when|what\s+(?:year|date|month|day))\b", re.I)


def _since(question: str) -> str | None:
    """The preposition an asked-for time follows: "since when …?", "… by what year?".

    >>> _since("She has led the port since when?"), _since("By what year will it reopen?"), _since("When did it?")
    ('since', 'by', None)
    """
    m = _SINCE.search(question)
    return m.group(1).lower() if m else None


_NAME_OF = re.compile(
    r"\bnames? (?:of|for) (?:the |an? |this |that |[A-Z][\w.-]*(?: [A-Z][\w.-]*)*[’']s )?((?:[\w-]+ ){0,2}[\w-]+)", re.I
)


_DIVISION = re.compile(
    r"\b(?:which|what) (?:[\w-]+ )?(county|province|prefecture|district|parish|borough|municipality)\b", re.I
)


def _division(question: str, kind: str) -> str | None:
    """The stem of the division a "which county …?" question asks for ("in which province …?"), or None.

    >>> _division("Which county was near the quake's epicentre?", "place"), _division("Where did it sink?", "place")
    ('county', None)
    >>> _division("Which district attorney charged him?", "person")  # a person, not a district
    """
    m = _DIVISION.search(question) if kind == "place" else None
    return stem(m.group(1).lower()) if m else None


def _named_head(question: str) -> str | None:
    """The stem of the noun whose name a "what is the name of …?" question asks for.

    >>> _named_head("What is the name of the fire that burned the lodge?") == stem("fire"), _named_head("Its name?")
    (True, None)
    """
    phrase = _named_phrase(question)
    return stem(phrase[-1]) if phrase else None


def _named_phrase(question: str) -> tuple[str, ...]:
    """The noun phrase whose name a "what is the name of …?" question asks for, its head last (lower case)."""
    m = _NAME_OF.search(question)
    return head_phrase("which " + m.group(1)) if m else ()


_STRENGTH = re.compile(r"\bhow (?:strong|powerful)\b", re.I)
_WH_WORDS = re.compile(r"\b(?:what|which)\b((?:\s+[\w’'-]+){1,4})", re.I)


def scale_asked(question: str) -> frozenset[str]:
    """The stem of the scale a number question asks for a reading on, in its first words after "what / which".

    >>> scale_asked("What magnitude did the quake reach?"), scale_asked("How many died in the magnitude 6 quake?")
    (frozenset({'magnit'}), frozenset())
    >>> scale_asked("How strong was the Velling storm?") == SCALES
    True
    """
    if _STRENGTH.search(question):
        return SCALES  # "how strong was the quake?": a reading on whatever scale the pieces give
    m = _WH_WORDS.search(question)
    return frozenset(w for w in (stem(x.lower()) for x in m.group(1).split()) if w in SCALES) if m else frozenset()


def scaled(a: Ask, found: list[tuple[Span, ...]]) -> Ask:
    """``a``, told whether the voting sentences number the question's noun on a scale ("magnitude 6.4")."""
    labels = bool(a.heads & SCALES) and any(sp.kind == "label" for spans in found for sp in spans)
    return dataclasses.replace(a, scaled=labels)
