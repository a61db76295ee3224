"""The candidates a question adds to a sentence's own spans, all lower-case or unnamed things: the phrases of its
head nouns ("which figs" → "dried figs"), a reading on a scale ("Category 5"), the times of day ("8 p.m. ET"), and
what a verb acts on ("what did they steal?" → "six silver plates"). Pure, regex only; cached per sentence.
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import FUNCTION_WORDS, Span
from rag.answer_type import AUXILIARIES
from rag.dates import MONTHS
from rag.gazetteer import place_name, town
from rag.text import REPORTING_WORDS, stem

MODIFIERS = 2  # words before the head noun
_LOWER_WORD = re.compile(r"[a-z][a-z-]+")
_NUMBERED = re.compile(r"\s+(?:\d+(?:\.\d+)?|[IVX]+)\b(?![.,]\d)")  # "Category 5", "Stage IV"; not "off 12" of 12,000
_NUMBER_BEFORE = re.compile(r"\b\d+(?:\.\d+)?[- ]([A-Za-z]+)\b")  # "a 6.4-magnitude quake", "a 4 magnitude quake"
# Nouns a number places on a scale ("magnitude 6.4", "Category 4"): what "what magnitude …?" asks for is such a label
SCALES = frozenset(stem(w) for w in "magnitude category level stage grade class phase tier".split())


_NO_MODIFIERS = AUXILIARIES | REPORTING_WORDS | frozenset({"told", "tells"})  # "…, says hospital": no "says hospital"


CAPITALISED = r"[A-Z](?:[\w&’'-]|\.(?=\w))*"  # a capitalised word, its inner dots too ("U.S")
_PARTY = rf"{CAPITALISED}(?:\s+(?:of\s+)?{CAPITALISED}){{0,3}}"  # "Lakeport County", "Board of Ports"
_NOT_PARTIES = frozenset(MONTHS) | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun".split()
)
_CASE = re.compile(rf"{_PARTY}\s+v\.?\s+{_PARTY}")  # not "vs.": a game


@functools.lru_cache(maxsize=65536)
def cases(sentence: str) -> tuple[Span, ...]:
    """The court cases a sentence names, both parties with the "v." between them ("Hale v. Velling", "Lakeport
    County v Bell"), which the capitalised runs split in two.

    >>> [s.text for s in cases("In Lakeport County v Bell, the court ruled for Hale v. Velling Board of Ports.")]
    ['Lakeport County v Bell', 'Hale v. Velling Board of Ports']
    >>> cases("The Owls vs. Hawks game was on Monday.")
    ()
    >>> [s.text for s in cases("Citing Kessa County v Hale Friday, the court ruled.")]
    ['Kessa County v Hale']
    """
    found = []
    for m in _CASE.finditer(sentence) if " v" in sentence else ():
        words = m.group(0).split()
        while len(words) > 3 and (words[0].lower() in FUNCTION_WORDS or words[0].endswith(("ing", "ed"))):
            words.pop(0)  # "In Kessa County v Hale", "Citing Kessa County v Hale": no party's word
        while len(words) > 3 and words[-1].lower().rstrip(".") in _NOT_PARTIES:
            words.pop()  # "… v Hale Friday": the day it was argued
        text = " ".join(words)
        if text in m.group(0):  # one space between the words, as news writes them
            start = m.start() + m.group(0).index(text)
            found.append(Span(start, start + len(text), text, "name"))
    return tuple(found)


@functools.lru_cache(maxsize=65536)
def modified(sentence: str, heads: frozenset[str]) -> tuple[Span, ...]:
    """Lower-case phrases that end in one of the question's head nouns, with one or two words before it that
    say which one ("which figs" → "dried figs" in "… ruined the dried figs …"; not "the figs"); and a head noun
    with the number that says which ("what category" → "Category 5").

    >>> [s.text for s in modified("Rain ruined the dried figs and the figs.", frozenset({"fig"}))]
    ['dried figs']
    >>> [s.text for s in modified("The singer has stiff-person syndrome.", frozenset({"syndro"}))]
    ['stiff-person syndrome']
    >>> [s.text for s in modified("The storm grew to a Category 4 on Monday.", frozenset({"catego"}))]
    ['Category 4']
    >>> [s.text for s in modified("It honours the World War I dead.", frozenset({"war"}))]
    []
    >>> [s.text for s in modified("A 6.1-magnitude quake hit Velling.", frozenset({"magnit"}))]
    ['6.1-magnitude']
    >>> [s.text for s in modified("Level 2,500 is the index's record.", frozenset({"level"}))]  # not "Level 2"
    []
    >>> [s.text for s in modified("A patient died of plague, says hospital", frozenset({"hospit"}))]
    []
    >>> [s.text for s in modified("The large private car insurer said so.", frozenset({"car", "insure"}))]
    ['private car insurer']
    """
    scales = heads & SCALES  # "a 6.4-magnitude quake"; not "200 animal displays" for "which animal"
    out = [
        Span(m.start(), m.end(), m.group(0), "label")
        for m in (_NUMBER_BEFORE.finditer(sentence) if scales else ())
        if stem(m.group(1).lower()) in scales
    ]
    words = list(re.finditer(r"[\w’'-]+", sentence))
    for i, w in enumerate(words):
        if stem(w.group(0).lower()) not in heads:
            continue
        if i + 1 < len(words) and stem(words[i + 1].group(0).lower()) in heads and w.end() + 1 == words[i + 1].start():
            continue  # "which car insurer …?": "private car" of "the private car insurer" modifies the head
        prev = words[i - 1].group(0) if i > 0 else ""
        named = (
            prev[:1].isupper()
            and prev.lower() not in FUNCTION_WORDS
            and sentence[words[i - 1].end() : w.start()] == " "
        )
        if (numbered := _NUMBERED.match(sentence, w.end())) and not named:  # "World War I" is a name, no label
            out.append(Span(w.start(), numbered.end(), sentence[w.start() : numbered.end()], "label"))
            continue
        start = i
        while start > 0 and i - start < MODIFIERS:
            before = words[start - 1].group(0)
            if not _LOWER_WORD.fullmatch(before) or before in FUNCTION_WORDS or before in _NO_MODIFIERS:
                break
            if sentence[words[start - 1].end() : words[start].start()] != " ":
                break
            start -= 1
        if start < i:
            s, e = words[start].start(), w.end()
            out.append(Span(s, e, sentence[s:e], "phrase"))
    return tuple(out)


# A name and the number that ends it ("Article 12", "Velling 700 Max 9", "Stage One": the span rules join "Stage
# Two", but read "One" as a count), then a lower-case word, a clause's comma, a possessive, a dash or the sentence's
# end: not "Owls 3, Gulls 1" (a score), "16%", "Velling 2-1" or "Tarrow 1,200"
_ONE = "One"  # the one number word the span rules read as a count where it ends a name ("One of them …" starts none)
_NUMBERED_NAME = re.compile(
    rf"\b((?:{CAPITALISED}\s+(?:\d{{3,}}\s+)?){{0,2}}{CAPITALISED})\s+(?:\d{{1,3}}|{_ONE}(?!\s+of\b))\b"
    r"(?![.,:]?\d)(?!\s*(?:%|-|percent\b))"
    r"(?=\s+[a-z(]|\s*$|\s*[;:?)—–]|[’']s\b|\.\s*$|,(?!\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?\s+\d))"
)
# What a number after a name counts or says, when it is no part of the name: "Velling 12 years ago", "Gulls 3 to 1"
_COUNTED_AFTER = re.compile(
    r"\s+(?:to\s+\d|years?|months?|weeks?|days?|hours?|minutes?|times|million|billion|people|points?|votes?|"
    r"percent|a\.m\.|p\.m\.)",
)
_SCORED_BEFORE = re.compile(r"\d,?\s+(?:the\s+)?$")  # "Velling 21, Tarrow 14": a tally's second side
_TOKEN = re.compile(r"\S+")


@functools.lru_cache(maxsize=65536)
def numbered_names(sentence: str) -> tuple[Span, ...]:
    """Names that end with their number, where the sentence's spans stop at the name: "Article 12", "Section 9";
    not a date ("On March 15 …"), a place and a count ("in Ohio 15 people died"), a tally ("Velling 21, Tarrow 14")
    nor someone's count ("Ada Hale's 30 points", "Mayor Jo Bell 12 years ago").

    >>> [s.text for s in numbered_names("Voters approved Article 12, which redraws maps, and Rule 7 ended.")]
    ['Article 12', 'Rule 7']
    >>> [s.text for s in numbered_names("The Velling 700 Max 9 was grounded; the firm filed under Section 9.")]
    ['Velling 700 Max 9', 'Section 9']
    >>> [s.text for s in numbered_names("Both sides signed the Stage One accord. Ada Hale One of Five Named.")]
    ['Stage One']
    >>> numbered_names("On March 15 the Owls won 3, Gulls 1. In Ohio 15 people died. Sales rose 12%.")
    ()
    >>> numbered_names("Velling 21, Tarrow 14. The Gulls lost 3 to 1. Ada Hale's 30 led. Jo Bell 12 years ago.")
    ()
    """
    out = []
    for m in _NUMBERED_NAME.finditer(sentence):
        words = list(_TOKEN.finditer(m.group(1)))
        while words and (words[0].group(0).lower() in FUNCTION_WORDS or words[0].group(0).lower() in MONTHS):
            words = words[1:]  # "The Rule 7 order", "On March 15 Velling …"
        if not words:
            continue
        start = m.start(1) + words[0].start()
        name = sentence[start : m.end(1)]
        last = words[-1].group(0)
        if (
            last.lower() in MONTHS
            or last.endswith(("'s", "’s"))
            or place_name(name)
            or town(name.lower())
            or _COUNTED_AFTER.match(sentence, m.end())
            or _SCORED_BEFORE.search(sentence, 0, start)
        ):
            continue
        out.append(Span(start, m.end(), sentence[start : m.end()], "name"))
    return tuple(out)


def _ends_numbered(name: str) -> bool:
    """The name's last word is its number ("Article 12", "Airbus A320", "Stage One")."""
    last = name.rpartition(" ")[2]
    return last[-1:].isdigit() or last == _ONE


def unnumbered(found: tuple[Span, ...]) -> tuple[Span, ...]:
    """The spans without each name that a numbered name of the same sentence writes whole: "Article" of
    "Article 12" votes for no other Article.

    >>> [s.text for s in unnumbered((Span(0, 7, "Article", "name"), Span(0, 10, "Article 12", "name")))]
    ['Article 12']
    """
    whole = {(n.start, n.text.rpartition(" ")[0]) for n in found if n.kind == "name" and _ends_numbered(n.text)}
    if not whole:
        return found
    return tuple(sp for sp in found if (sp.start, sp.text) not in whole)


_TIME = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)(?:\s+(?:[A-Z]{2,3}T?\b|local time))?|\b(?:noon|midnight)\b"
)


def times(sentence: str) -> tuple[Span, ...]:
    """The times of day a sentence gives ("8 p.m. ET", "10:30 a.m.", "noon"): what "what time …?" asks for.

    >>> [sp.text for sp in times("Kickoff is at 8 p.m. ET on Sunday, doors open at 6:30 pm.")]
    ['8 p.m. ET', '6:30 pm']
    """
    return tuple(Span(m.start(), m.end(), m.group(0), "time") for m in _TIME.finditer(sentence))


WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


def weekdays(sentence: str) -> tuple[Span, ...]:
    """The weekdays a sentence dates its news by ("said late Tuesday"): what "when did …?" asks for, when the
    sentence gives no day of a month.

    >>> [sp.text for sp in weekdays("The mayor resigned late Tuesday, a day after the vote.")]
    ['Tuesday']
    """
    return tuple(Span(m.start(), m.end(), m.group(0), "date") for m in WEEKDAY.finditer(sentence))


_PHRASE_WORD = re.compile(r"\s+([\w$’'%.-]+)")
_DETERMINERS = frozenset(
    "a an the this that these those his her their its our my your some many more most all both each "
    "every any no one other such".split()
)
_NOT_OBJECTS = (FUNCTION_WORDS - _DETERMINERS) | frozenset(
    "said says told is was are were has have had will would".split()
)
OBJECT_WORDS = 8  # the longest object phrase
_TRAILING = FUNCTION_WORDS | _DETERMINERS  # no phrase ends with one
_PHRASE_ENDS = frozenset(
    "in on at from for to with by during after before and or but while when that which who as into "
    "through across over under since until because if so".split()
)


@functools.lru_cache(maxsize=65536)
def objects(sentence: str, verb: str) -> tuple[Span, ...]:
    """What the verb with stem ``verb`` acts on, as the sentence writes it after it ("what did they steal?" →
    "six silver plates"): up to eight words, to a comma or a word that starts another phrase.

    >>> [s.text for s in objects("Thieves broke in to steal six silver plates from the museum.", "steal")]
    ['six silver plates']
    >>> objects("The group Velling Change said the plan would change, said Hale.", "chang")
    ()
    """
    out = []
    for m in re.finditer(r"[a-z][\w’'-]*", sentence):  # the verb in lower case: "Velling Change" is a name
        if stem(m.group(0)) != verb or m.start() and sentence[m.start() - 1].isalnum():
            continue
        first = _PHRASE_WORD.match(sentence, m.end())
        if first is None or first.group(1).lower() in _NOT_OBJECTS:
            continue  # "… change, said Hale": no object
        end, words, ended = m.end(), 0, False
        while words < OBJECT_WORDS and (w := _PHRASE_WORD.match(sentence, end)):
            if ended := w.group(1).lower() in _PHRASE_ENDS:
                break
            end, words = w.end(), words + 1
            if ended := w.group(1)[-1] in ".,":
                break
        start = m.end() + 1
        text = _whole(sentence[start:end].rstrip(".,"), cut=not ended and _PHRASE_WORD.match(sentence, end) is not None)
        if words and text:
            out.append(Span(start, start + len(text), text, "phrase"))
    return tuple(out)


def _whole(text: str, cut: bool) -> str:
    """An object phrase that ends as a phrase: one cut off at the word limit keeps what comes before its first "of"
    ("a network of tens of thousands of …" → "a network"), and none ends with a word like "of" or "the".

    >>> _whole("a network of tens of thousands of", True), _whole("the theft of six plates", False)
    ('a network', 'the theft of six plates')
    """
    words = text.split(" ")
    if cut and "of" in words[2:]:
        words = words[: words.index("of", 2)]
    while words and words[-1].lower() in _TRAILING:
        words.pop()
    return " ".join(words)


_BOUND_ASKED = re.compile(
    r"\bwhen\b[^?]*\b(?:(?P<end>end|ends|close|closes|expire|expires|finish|finishes|run\s+out|wrap\s+up)"
    r"|(?P<start>start|starts|begin|begins|open|opens|kick\s+off|get\s+under\s+way))\s*(?:\?|$|\s+(?:in|on|for|at)\b)",
    re.I,
)
_BOUNDS = {
    "end": re.compile(r"\b(?:through|thru|until|till|to|ends?|ending|closes?|expires?|deadline\s+(?:is|of))\s+$", re.I),
    "start": re.compile(r"\b(?:from|starts?|started|starting|begins?|began|opens?|opened)\s+$", re.I),
}


def bound_asked(question: str) -> str | None:
    """Which end of a span of time a "when …?" question asks for: "end" ("when does the sale end?"), "start" ("when
    does the season open?"), or None.

    >>> bound_asked("When does the Velling ferry sale end?"), bound_asked("When does the season open in Lakeport?")
    ('end', 'start')
    >>> bound_asked("When did the open-air fair take place?"), bound_asked("When does open enrollment end?")
    (None, 'end')
    """
    m = _BOUND_ASKED.search(question)
    return None if m is None else "end" if m["end"] else "start"


def other_bound(sentence: str, span: Span, bound: str) -> bool:
    """The date ``span`` is the other end of a span of time than the ``bound`` asked for: "Nov. 1" in "started Nov. 1
    and runs through Dec. 15" for the end.

    >>> t = "The sale started Nov. 1 and runs through Dec. 15."
    >>> other_bound(t, Span(17, 23, "Nov. 1", "date"), "end"), other_bound(t, Span(41, 48, "Dec. 15", "date"), "end")
    (True, False)
    """
    before = sentence[max(0, span.start - 20) : span.start]
    return _BOUNDS["start" if bound == "end" else "end"].search(before) is not None
