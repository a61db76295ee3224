"""What a number question counts: the unit it names ("how many rounds" → "round") or implies ("how old" → years,
"how much aid" → a sum, "how much snow" → a depth). Pure, regex only; ``rag.quantities`` weighs a sentence's numbers
against it.
"""

from __future__ import annotations

import re

from rag.answer_type import AUXILIARIES, NOT_NOUNS
from rag.text import stem
from rag.verbs import PASTS

# "how many U.S. ferries were canceled": the noun phrase and the words after it, abbreviations whole
_UNIT = re.compile(r"\bhow (?:many|much)\s+(?:more\s+|fewer\s+|of\s+)?((?:[a-z][a-z.-]*\b\.?\s*){0,5})", re.I)


# What "how long / old / far" measures in, when the question names no unit itself.
_IMPLIED = (
    (re.compile(r"\bhow long\b", re.I), "second minute hour day week month year mile kilometer feet foot meter metre"),
    (re.compile(r"\bhow old\b", re.I), "year"),
    (re.compile(r"\bwhat time did\b", re.I), "second minute hour"),  # a race's time ("what time did she run?")
    (re.compile(r"\bhow (?:far|close)\b", re.I), "mile kilometer km feet foot meter metre yard"),
    (  # "how high did crude get?": a price, a share or points, not a height
        re.compile(
            r"\bhow (?:high|low)\b.*\b(?:crude|oil|gold|silver|stocks?|shares?|prices?|index|dow|nasdaq|"
            r"gas|gasoline|diesel|rates?|inflation|yields?|bonds?|markets?|costs?|damages?|losses|estimates?|bills?)\b",
            re.I,
        ),
        "dollar euro pound yen cent percent point",
    ),
    (re.compile(r"\bhow high\b.*\b(?:temperatures?|heat index|thermometers?)\b", re.I), "degree"),  # ("how low": below)
    (re.compile(r"\bhow (?:tall|high|deep|wide)\b", re.I), "feet foot ft meter metre inch stor mile km kilometer"),
    (re.compile(r"\bhow (?:low|hot|cold|warm)\b", re.I), "degree"),  # "how low will wind chills go?"
    (re.compile(r"\bhow heavy\b", re.I), "pound ton tonne kilogram kg lb"),
    (
        re.compile(r"\bhow fast\b|\bwhat\b[^?]*\b(?:winds|gusts|wind speeds?)\b", re.I),
        "mph kph miles kilometers km knot",
    ),
    (re.compile(r"\bwhat (?:percent(?:age)?|share|proportion|fraction)\b", re.I), "percent"),  # "12%", not "12"
    (  # "what was the inflation rate?": "6.4%", not the "40" of "a 40-year high"
        re.compile(r"\b(?:inflation|unemployment|jobless|interest|mortgage|vacancy|poverty|growth)\s+rates?\b", re.I),
        "percent point",
    ),
    (re.compile(r"\bby\W*$", re.I), "percent point dollar euro pound yen cent"),  # "raised rates by?": "25 points"
    (re.compile(r"\b(?:tariffs?|tax|taxes|levy)\b", re.I), "percent dollar euro pound yen cent"),  # "a 20% tariff"
    (  # what a price is (not its rise, nor a rate)
        re.compile(
            r"^(?!.*\b(?:percent|percentage|rate|share|rise|rose|fall|fell|drop|increase))"
            r".*\b(?:price|cost|fee|fare|salary|wage|budget|fine|value|worth|valued|priced)s?\b",
            re.I,
        ),
        "dollar euro pound yen cent",
    ),
    (re.compile(r"\bhow much\b", re.I), "dollar euro pound yen cent percent point"),  # a sum, a share, points
)


# What "how much <noun>?" counts in money: "how much aid / damage / funding …?" is a sum, not a count of aid
_SUMS = frozenset(
    stem(w)
    for w in "money funding funds aid damage damages revenue debt spending cash compensation bail ransom profit".split()
)


# … and what "how much snow / rain …?" measures in: a depth
_FALLS = frozenset(stem(w) for w in "snow snowfall rain rainfall precipitation".split())
_DEPTH = tuple(
    dict.fromkeys(stem(u) for u in "inch feet foot ft centimeter centimetre cm millimeter millimetre mm".split())
)


# … and what "how much exercise / sleep / screen time …?" measures in: a span of time
_SPENT = frozenset(stem(w) for w in "time sleep exercise activity rest leave".split())
# … and what news counts the same things as: "11 children" for "how many kids …?"
_ALIKE = {
    unit: tuple(dict.fromkeys(stem(w) for w in group.split()))
    for group in ("kid kids child children", "people person persons individual individuals")
    for unit in {stem(w) for w in group.split()}
}
MUCH = re.compile(r"\bhow much\b", re.I)  # (``rag.asked`` reads it too: the sums a question asks of)
TIMES = tuple(dict.fromkeys(stem(u) for u in "second minute hour day week month year".split()))


def counted_units(question: str) -> tuple[str, ...]:
    """The stems of what a "how many / much / long …" question counts: the last word of its noun phrase, else the
    units its "how long / old / far" implies (a sum for "how much aid …?"); none for a bare "how many did it sell?".

    >>> counted_units("After how many rounds of talks was the deal made?"), counted_units("How many did it sell?")
    (('round',), ())
    >>> counted_units("How many sheep escaped the pen?"), counted_units("How old is the bridge?")
    (('sheep',), ('year',))
    >>> counted_units("The bridge reopened after how many years?")
    ('year',)
    >>> counted_units("How tall is the Velling tower?")[:3]
    ('feet', 'foot', 'ft')
    >>> counted_units("What is the fare to Lakeport?"), counted_units("By what share did fares rise?")
    (('dollar', 'euro', 'pound', 'yen', 'cent'), ('percen',))
    >>> counted_units("What was the jobless rate in Velling?"), counted_units("How close did it come?")[:2]
    (('percen', 'point'), ('mil', 'kilome'))
    >>> counted_units("What was the Velling crop valued at?")
    ('dollar', 'euro', 'pound', 'yen', 'cent')
    >>> counted_units("How much flood aid did Velling get?")[:2], counted_units("How much snow fell?")[:3]
    (('dollar', 'euro'), ('inch', 'feet', 'foot'))
    >>> counted_units("How much moderate exercise a week is advised?")[:3], counted_units("How many times did it win?")
    (('second', 'minut', 'hour'), ('tim',))
    >>> counted_units("How high were estimates of the storm's damage?")[:2]
    ('dollar', 'euro')
    >>> counted_units("How high did Velling crude get?")[:2], counted_units("How high did temperatures get?")
    (('dollar', 'euro'), ('degre',))
    >>> counted_units("What were the storm's top winds?")[:2]  # "75 mph", not the "90" miles it was away
    ('mph', 'kph')
    """
    unit = counted_unit(question)
    if unit in _FALLS:
        return _DEPTH
    if unit in _SPENT and MUCH.search(question):
        return TIMES  # (but "how many times …?" counts times)
    if unit and unit not in _SUMS:
        return _ALIKE.get(unit, (unit,))
    for rule, units in _IMPLIED:
        if rule.search(question):
            return tuple(stem(u) for u in units.split())
    return ()


def counted_unit(question: str) -> str | None:
    """The stem of what a "how many" question counts (the last word of its noun phrase), or None.

    >>> counted_unit("How many loyalty points will riders get?"), counted_unit("How many did it sell?")
    ('point', None)
    >>> counted_unit("How many ferry workers remain on strike?"), counted_unit("How many U.S. ferries sailed?")
    ('worker', 'ferri')
    """
    noun, _ = _counted_phrase(question)
    return stem(noun[-1]) if noun else None


_AUXILIARIES = AUXILIARIES | frozenset("be been being got get".split())  # "… had been canceled"


def counted_verb(question: str) -> str | None:
    """The stem of the verb whose count a "how many …?" question asks, when it follows the counted noun in a past
    form ("how many flights were canceled?": cancel); None otherwise ("how many did it sell?").

    >>> counted_verb("How many ferries had been canceled by Monday?"), counted_verb("How many people died?")
    ('cancel', 'die')
    >>> counted_verb("How many ferries did Velling cancel?"), counted_verb("How many workers remain on strike?")
    (None, None)
    """
    noun, rest = _counted_phrase(question)
    verb = next((w for w in rest if w not in _AUXILIARIES), None)
    return stem(verb) if noun and verb is not None and (_verb(verb) or verb in _BARE_PAST) else None


def _counted_phrase(question: str) -> tuple[list[str], list[str]]:
    """The words of a "how many" question's noun phrase (lower case), and the words after it (of the five read)."""
    m = _UNIT.search(question)
    if not m:
        return [], []
    words = m.group(1).lower().split()
    for i, word in enumerate(words):
        if word in NOT_NOUNS or _verb(word) or (i and _bare_past(word, words[i + 1 : i + 2])):
            return words[:i], words[i:]  # "how many people died": the verb ends the noun phrase
        if i and _PLURAL.fullmatch(words[i - 1]) and not word.endswith("s"):
            return words[:i], words[i:]  # "how many workers remain …": a plural noun, then its verb
    return words, []


PLURAL_WORD = r"[A-Za-z]{2,}[^s\W']s"  # "workers", not "bus" nor "loss"
_PLURAL = re.compile(PLURAL_WORD)
_IRREGULAR = frozenset("died won lost took left got fell went came saw made ran sold bought paid live work".split())
# … and the other irregular pasts, nouns too: a verb after the counted noun ("how much snow hit …?"), a noun's
# modifier before a plural ("how many hit songs …?", "how many gun shot victims …?")
_BARE_PAST = PASTS | {"hurt"}


def _bare_past(word: str, following: list[str]) -> bool:
    """An irregular past that is a verb after a counted noun: not one before a plural, which it modifies.

    >>> _bare_past("hit", ["the"]), _bare_past("hit", ["songs"]), _bare_past("shot", [])
    (True, False, True)
    """
    return word in _BARE_PAST and not (following and _PLURAL.fullmatch(following[0]))


def _verb(word: str) -> bool:
    """A word that reads as a verb after a counted noun: a past form ("escaped", "voted", "died") or a common one.

    >>> _verb("escaped"), _verb("seeds"), _verb("breed"), _verb("won")
    (True, False, False, True)
    """
    return word in _IRREGULAR or (len(word) >= 5 and word.endswith("ed") and not word.endswith("eed"))
