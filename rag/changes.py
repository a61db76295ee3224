"""What a number question says happened to its number, and what a sentence says happened to one: a change ("by
how much did it rise?": "rose 40%"), what it was before ("from 14 to 11"), an age ("Ada Brook, 59,"). Pure, regex
only; ``rag/quantities.py`` weighs a count's answer by them.
"""

from __future__ import annotations

import re

from embeddings.spans import Span

_MOVES = (  # what a quantity does
    r"increase|rise|rose|risen|grow|grew|grown|fall|fell|fallen|drop|decline|jump|climb|gain|shrink|shrank|go up|"
    r"gone up|went up|go down|went down"
)
_CHANGE = re.compile(  # … and what is done to one: "how much did they cut the fare?", not "how many jobs will it cut?"
    # nor "how much revenue will it raise?" (an amount: a noun, not a comparative, follows "how much")
    rf"\bby how (?:much|many)\b|\bhow much of an?\s+(?:{_MOVES}|cut|raise|hike|boost|reduction)\w*|"
    r"\bhow much\s*(?:,[^,]*,\s*|(?:more|less|further|farther|higher|lower)\s+)?"
    rf"(?:did|does|do|has|have|had|will|would|could|can|is|are|was|were)\b.*"
    rf"\b(?:{_MOVES}|cut|raise|lower)\w*|\bhow many\b.*\b(?:{_MOVES})\w*",
    re.I,
)
UNCHANGED = 0.25  # the share of a number its sentence does not call a change, for "by how much …?" (leave-one-week-out)
# … and a number said to be a change: "rose 40%", "raised it by $5", "an increase of 12%", "up 3%"
_CHANGED = re.compile(
    r"\b(?:by|of|up|down|rose|rise|rises|risen|fell|fall|falls|jumped|climbed|grew|dropped|increased|decreased|surged|"
    r"soared|gained|declined|cut|raised|lowered)\s+(?:(?:about|nearly|almost|roughly|some|around|more than|less than|"
    r"over|another|an extra)\s+)?$",
    re.I,
)

_CHANGE_AFTER = re.compile(  # "a $1 rise", "a 25 basis-point cut"
    r"\s*(?:[\w-]+\s+){0,2}?(?:increase|rise|jump|hike|drop|decline|cut|gain|fall|raise|reduction|boost)s?\b", re.I
)


_TO_END = re.compile(r"\bto\W*$")  # "how much did it rise to?": what it is now, not the change


def changed(sentence: str, span: Span) -> bool:
    """The sentence calls the number a change: "rose 40%", "raised it by $5", "a $1 rise".

    >>> changed("The fare is $6, up by $1.", Span(22, 24, "$1", "number"))
    True
    >>> changed("The fare is $6, up by $1.", Span(12, 14, "$6", "number"))
    False
    """
    return _CHANGED.search(sentence, 0, span.start) is not None or _CHANGE_AFTER.match(sentence, span.end) is not None


def asks_change(question: str) -> bool:
    """The question asks by how much something changed, not what it is.

    >>> asks_change("By how much will the fare rise?"), asks_change("How much have fares increased?")
    (True, True)
    >>> asks_change("How much is the fare?"), asks_change("How much did they raise the fare to?")
    (False, False)
    >>> asks_change("How many points did the index fall?"), asks_change("How many jobs will the mill cut?")
    (True, False)
    >>> asks_change("How much revenue will the Velling levy raise?"), asks_change("How much snow fell in Lakeport?")
    (False, False)
    >>> asks_change("How much more will fares rise?"), asks_change("How much of an increase did the board approve?")
    (True, True)
    >>> asks_change("How much, in percent, did home prices rise?")
    True
    """
    return _CHANGE.search(question) is not None and _TO_END.search(question) is None


# "aged 59", "at age 59", "at the age of 59", "died at 59"
# "aged 59", "at the age of 59", "died at 59", "died Saturday at 59", "died on Tuesday at 59"
_AGE_BEFORE = re.compile(r"\b(?:aged|ages?|age\s+of|(?:died|dies)\s+(?:[A-Za-z]+\s+){0,2}?at)\s+$", re.I)
_WAS = re.compile(r"\b(?:he|she|who)\s+(?:was|is|turned|turns|would\s+have\s+been)\s+$", re.I)  # "He was 78."
_ASKS_AGE = re.compile(r"\bhow old\b|\bwhat age\b|\bat what age\b", re.I)


def asks_age(question: str) -> bool:
    """The question asks how old someone or something is.

    >>> asks_age("How old is the Velling mayor?"), asks_age("How long is the bridge?")
    (True, False)
    """
    return _ASKS_AGE.search(question) is not None


def aged(sentence: str, span: Span) -> bool:
    """News gives the number as an age: "aged 59", "at the age of 59", "Ada Brook, 59, said …", "She was 81.".

    >>> aged("Ada Brook, 59, said so.", Span(11, 13, "59", "number"))
    True
    >>> aged("Ada had 59 votes.", Span(8, 10, "59", "number"))
    False
    >>> aged("She died on Monday. She was 81.", Span(28, 30, "81", "number"))
    True
    >>> aged("Ada Brook died Saturday at 87.", Span(27, 29, "87", "number"))  # a day between "died" and "at"
    True
    """
    if _AGE_BEFORE.search(sentence, 0, span.start):
        return True
    if _WAS.search(sentence, 0, span.start) and sentence[span.end : span.end + 1] in (".", ",", ";", ""):
        return True  # "He was 78.": no unit, the sentence ends
    return sentence[span.start - 2 : span.start] == ", " and sentence[span.end : span.end + 1] == ","


_NAME_BEFORE = re.compile(r"((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+),\s+$")


_NAME_AFTER = re.compile(r"(?:-year-old|\s+years?\s+old)\s+((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)")


def whose_age(sentence: str, span: Span) -> str | None:
    """The name an age is given with: "Jo Bell, 47," or "47-year-old Jo Bell"; None when the sentence gives none.

    >>> s = "The father, 47-year-old Jo Bell, and Ada Hale, 49, also died."
    >>> whose_age(s, Span(12, 14, "47", "number")), whose_age(s, Span(47, 49, "49", "number"))
    ('Jo Bell', 'Ada Hale')
    """
    after = _NAME_AFTER.match(sentence, span.end)
    if after is not None:
        return after.group(1)
    if sentence[span.end : span.end + 1] == ",":
        before = _NAME_BEFORE.search(sentence, 0, span.start)
        return before.group(1) if before is not None else None
    return None


def age_of_named(question: str, sentence: str, span: Span | None) -> bool:
    """The number is the age news gives right after a name the question asks about: "How old is Ada Brook?" …
    "said Brook, 59, as she left". Such a sentence answers the question, though it holds none of its other words.

    >>> age_of_named("How old is Ada Brook?", "“Not yet,” said Brook, 59, as she left.", Span(23, 25, "59", "number"))
    True
    >>> age_of_named("How old is Ada Brook?", "“Not yet,” said Hale, 59, as she left.", Span(22, 24, "59", "number"))
    False
    >>> age_of_named("How old is Ada Brook?", "Jo Brook, 59, Lakeport.", Span(10, 12, "59", "number"))
    False
    """
    if span is None or span.kind != "number" or not asks_age(question) or not aged(sentence, span):
        return False
    m = _NAME_BEFORE.search(sentence, 0, span.start)
    asked = question.lower().replace("?", " ").split()
    return m is not None and all(w in asked for w in m.group(1).lower().split())  # not "Jo Brook, 59," for Ada


FORMER = 0.25  # the share of a number a sentence gives as what was before: "from 14 … to 11" (leave-one-week-out)
_ABOUT = r"(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+|just\s+|only\s+|(?:less|more|fewer)\s+than\s+)?"
_FROM = re.compile(rf"\bfrom\s+{_ABOUT}$", re.I)
# "14%, up from 5% a week earlier", "compared with 5% last year": what it was, with no "to" after it
_COMPARED = re.compile(rf"\b(?:(?:up|down)\s+(?:sharply\s+|slightly\s+)?from|compared\s+(?:with|to))\s+{_ABOUT}$", re.I)
_TO_NUMBER = re.compile(r"(?:\s+[\w%-]+){0,3}?\s+to\s+(?:about\s+|around\s+|nearly\s+)?[$€£¥]?\d")


def former(sentence: str, span: Span) -> bool:
    """The number is what was before a change the sentence states: "cut from 14 boats a day to 11", "11 boats, down
    from 14", "11, compared with 14 a year ago".

    >>> former("The ferry went from 14 boats a day to 11 boats.", Span(20, 22, "14", "number"))
    True
    >>> s = "About 14% live there, up from less than 5% last week."
    >>> former(s, Span(6, 9, "14%", "number")), former(s, Span(40, 42, "5%", "number"))
    (False, True)
    >>> former("The ferry went from 14 boats a day to 11 boats.", Span(38, 40, "11", "number"))
    False
    """
    if _COMPARED.search(sentence, 0, span.start):
        return True
    return _FROM.search(sentence, 0, span.start) is not None and _TO_NUMBER.match(sentence, span.end) is not None


_AT_FIRST = "initially|originally|previously|formerly"  # what was so before
_ONCE = re.compile(
    rf"\b(?:{_AT_FIRST})\s+(?!un\w+\s|announced\s|reported\s|disclosed\s|planned\s)(?:[\w-]+\s+){{0,3}}$", re.I
)  # not "previously unreleased figures show 40 …": the figure is new
_FIRST_ASKED = re.compile(rf"\b(?:{_AT_FIRST}|at first|first)\b", re.I)


def once(sentence: str, span: Span) -> bool:
    """The sentence says the number is what was so before: "he was initially charged with 31 counts".

    >>> once("He was initially charged with 31 counts.", Span(30, 32, "31", "number"))
    True
    >>> once("He now faces 19 counts.", Span(13, 15, "19", "number"))
    False
    >>> once("Previously unreleased data show 40 died.", Span(32, 34, "40", "number"))
    False
    """
    return _ONCE.search(sentence, 0, span.start) is not None


def asks_first(question: str) -> bool:
    """The question asks what was so first ("How many counts was he initially charged with?").

    >>> asks_first("How many counts was he initially charged with?"), asks_first("How many counts does he face?")
    (True, False)
    """
    return _FIRST_ASKED.search(question) is not None
