"""Candidate answer spans in a sentence: names, quoted titles, numbers and dates (pure, regex only).

The composer votes over these spans across the retrieved passages; nothing here runs a model, so the
whole answer selection costs microseconds per sentence (the CPU budget of serving).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from rag.answer_type import COUNTRIES, FIRST_NAMES, US_STATES
from rag.text import stem

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_DATE = re.compile(rf"\b(?:{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)\d\d)?\b|\b(?:19|20)\d\d\b")
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    "eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|"
    "dozen|dozens"
)
_SCALE = r"(?:\s?(?:%|percent|per cent|million|billion|trillion|bn|thousand|hundred))?"
_NUMBER = re.compile(
    rf"(?:[$£€¥]\s?)?\d[\d,]*(?:\.\d+)?{_SCALE}(?:\s(?:million|billion|trillion))?"
    rf"|\b(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))*\b{_SCALE}",
    re.IGNORECASE,
)
_COLOUR = re.compile(
    r"\b(?:red|orange|yellow|green|blue|purple|violet|pink|brown|black|white|gr[ae]y|silver|gold|golden|"
    r"turquoise|teal|crimson|scarlet|magenta|maroon|beige)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_NUMERALS = frozenset(_NUMBER_WORDS.split("|"))
_COLOURS = frozenset(re.findall(r"[a-z]{3,}", _COLOUR.pattern)) | {"grey", "gray"}
_QUOTED = re.compile(r"[“\"]([^“”\"]{2,60})[”\"]")
# A capitalised word: starts with a capital (or is an acronym), may carry digits, hyphens, apostrophes, dots.
_CAP_WORD = r"(?:[A-Z][\w’'.&-]*|\d+[A-Za-z][\w-]*)"
_CONNECTOR = r"(?:of|the|de|da|del|la|le|van|von|bin|al|for|&)"
# A number inside a run belongs to the name ("Three 6 Mafia", "Apollo 11 Museum"); one at its end does not.
_CAP_RUN = re.compile(rf"\b{_CAP_WORD}(?:\s+(?:{_CONNECTOR}\s+|\d+\s+)?{_CAP_WORD})*")
FIRST_WORD = re.compile(r"[\w’'&-]+")  # a name's first word ("M&M's" starts with "M&M", not "M")
# Words that start sentences or are capitalised for other reasons, never an answer on their own.
_FUNCTION_WORDS = frozenset(
    "a an the this that these those it its he she they we i you his her their our my your in on at for to of by "
    "with from as but and or if when while after before during since until because although though so then there "
    "here what which who whom whose where why how mr mrs ms dr monday tuesday wednesday thursday friday saturday "
    "sunday also some many more most other such no not one all both each every any according however meanwhile "
    "still yet now today yesterday tomorrow last next".split()
)
_TRAILING = re.compile(r"[’']s$|[.,’']+$")
# Titles that join a name to a role ("the Acme CEO Jo Bell"): a name run is also split around them.
_ROLE_WORDS = frozenset(
    "ceo chief president minister secretary chairman chairwoman chair director judge justice coach senator sen. "
    "rep. gov. governor leader spokesperson spokesman spokeswoman founder prime vice deputy former acting interim "
    "ambassador attorney surgeon".split()
)
_ORG_WORDS = frozenset(
    "inc corp co company university college department ministry agency association council party group bank "
    "airlines airways news times post journal network foundation institute committee court house senate league "
    "club fc united city county state republic kingdom federation union organization organisation assembly "
    "parliament congress commission authority administration service office bureau board hospital school "
    "museum center centre stadium airport station street road river lake island mountain".split()
)


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate answer inside a sentence: ``sentence[start:end] == text``; ``kind`` says what it looks like."""

    start: int
    end: int
    text: str
    kind: str  # "name" | "title" | "number" | "date" | "colour" | "phrase"


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading function words ("The", "But") and a trailing possessive or full stop from a name."""
    words = list(re.finditer(r"\S+", sentence[start:end]))
    while words and words[0].group(0).lower().strip("’'.,") in _FUNCTION_WORDS:
        words.pop(0)
    while words and words[-1].group(0).lower().strip("’'.,") in _FUNCTION_WORDS:
        words.pop()
    if not words:
        return start, start
    s, e = start + words[0].start(), start + words[-1].end()
    tail = _TRAILING.search(sentence[s:e])
    if tail and not re.search(r"\b[A-Z]\.$|\b(?:[A-Za-z]\.){2,}$", sentence[s:e]):
        e -= len(tail.group(0))
    return s, e


def _name_runs(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """A capitalised run, trimmed; split around role words ("Acme CEO Jo Bell" → "Acme", "Jo Bell")."""
    s, e = _trim(sentence, start, end)
    if e <= s:
        return []
    words = list(re.finditer(r"\S+", sentence[s:e]))
    cuts = [i for i, w in enumerate(words) if w.group(0).lower() in _ROLE_WORDS]
    # "Secretary of State Jo Bell", "Attorney General Jo Bell": the department or rank belongs to the role
    cuts += [j for i in cuts for j in (i + 1, i + 2) if i + 2 < len(words) and words[i + 1].group(0) == "of"]
    cuts += [i + 1 for i in cuts if i + 1 < len(words) and words[i + 1].group(0) == "General"]
    cuts = sorted(set(cuts))
    if not cuts:
        return [(s, e)]
    out = []
    edges = [-1, *cuts, len(words)]
    for a, b in zip(edges, edges[1:], strict=False):
        if b - a > 1:
            ps, pe = _trim(sentence, s + words[a + 1].start(), s + words[b - 1].end())
            if pe > ps:
                out.append((ps, pe))
    return out


@functools.lru_cache(maxsize=65536)
def spans(sentence: str) -> tuple[Span, ...]:
    """Candidate answers in ``sentence``, in order of position (overlaps allowed between kinds; cached).

    >>> [(s.text, s.kind) for s in spans("The Riverside Hawks beat Lakeport by 12 points on March 4.")]
    [('Riverside Hawks', 'name'), ('Lakeport', 'name'), ('12', 'number'), ('March 4', 'date')]
    >>> [s.text for s in spans("Acme CEO Jo Bell quit.")]
    ['Acme', 'Jo Bell']
    """
    out: list[Span] = []
    # the alternations below are slow to scan: a cheap test of the sentence's words skips most of them
    words = frozenset(re.findall(r"[a-z]+", sentence.lower()))
    dates = [(m.start(), m.end()) for m in _DATE.finditer(sentence)]
    for m in _CAP_RUN.finditer(sentence):
        for s, e in _name_runs(sentence, m.start(), m.end()):
            if not any(ds <= s and e <= de for ds, de in dates):
                out.append(Span(s, e, sentence[s:e], "name"))
    numbers = _NUMBER.finditer(sentence) if _DIGIT.search(sentence) or not words.isdisjoint(_NUMERALS) else ()
    for m in numbers:
        s, e = m.start(), m.end()
        if not any(ds <= s and e <= de for ds, de in dates):
            text = sentence[s:e].rstrip(",.")
            if re.search(r"\d|[a-z]{3}", text, re.I):
                out.append(Span(s, s + len(text), text, "number"))
    out.extend(Span(s, e, sentence[s:e], "date") for s, e in dates)
    out.extend(Span(m.start(1), m.end(1), m.group(1), "title") for m in _QUOTED.finditer(sentence))
    if not words.isdisjoint(_COLOURS):
        out.extend(Span(m.start(), m.end(), m.group(0), "colour") for m in _COLOUR.finditer(sentence))
    out.sort(key=lambda sp: (sp.start, -sp.end))
    return tuple(out)


def drop_ordinary_start(
    sentence: str, span: Span, ordinary: frozenset[str], inner: frozenset[str] = frozenset()
) -> Span | None:
    """A name that opens the sentence loses a first word capitalised only because it starts the sentence: one
    the text also writes in lower case ("Adding", "Officials"), or a lone word never capitalised inside a sentence
    (``inner``). None when nothing is left.

    >>> drop_ordinary_start("Officials in Lakeport agreed.", Span(0, 9, "Officials", "name"), frozenset({"officials"}))
    >>> drop_ordinary_start("Another one.", Span(0, 7, "Another", "name"), frozenset())
    >>> drop_ordinary_start("Lakeport won.", Span(0, 8, "Lakeport", "name"), frozenset(), frozenset({"Lakeport"}))
    Span(start=0, end=8, text='Lakeport', kind='name')
    """
    if span.kind != "name" or sentence[: span.start].strip() not in ("", "“", '"', "‘", "'"):
        return span
    first = FIRST_WORD.match(span.text)
    if not first:
        return span
    lone = first.end() == len(span.text)
    if first.group(0).lower() not in ordinary and not (lone and first.group(0) not in inner):
        return span
    s, e = _trim(sentence, span.start + first.end(), span.end)
    return Span(s, e, sentence[s:e], "name") if e > s else None


def with_unit(sentence: str, span: Span, unit: str) -> Span | None:
    """A number followed by the unit the question counts ("how many rounds" → "15 rounds"), else None.

    >>> with_unit("It took 15 rounds of voting.", Span(8, 10, "15", "number"), "round")
    Span(start=8, end=17, text='15 rounds', kind='number')
    >>> with_unit("Riders get 500 bonus points.", Span(11, 14, "500", "number"), "point").text
    '500 bonus points'
    """
    for m in itertools.islice(re.finditer(r"\s+([\w-]+)", sentence[span.end :]), 3):
        if m.group(1).lower().startswith(unit):
            end = span.end + m.end(1)
            return Span(span.start, end, sentence[span.start : end], "number")
        if m.start() and not sentence[span.end :][m.start() - 1].isalnum():
            break  # words only: "12, and then 3 rounds" is not "12 rounds"
    return None


def fits(kind: str | None, span: Span) -> float:
    """How well a span fits the kind of answer asked for: 1 a match, 0.5 plausible, 0 not of that kind.

    >>> fits("country", Span(0, 6, "Norway", "name")), fits("person", Span(0, 9, "Ann Smith", "name"))
    (1.0, 1.0)
    """
    low = span.text.lower()
    if kind == "number":
        return 1.0 if span.kind == "number" else 0.0
    if kind == "date":
        return 1.0 if span.kind == "date" else 0.0
    if kind == "colour":
        return 1.0 if span.kind == "colour" else 0.0
    if span.kind == "phrase":
        return 1.0 if kind == "thing" else 0.0
    if span.kind not in ("name", "title"):
        return 0.0
    if kind == "state":
        return 1.0 if low in US_STATES else 0.0
    if kind == "country":
        return 1.0 if low in COUNTRIES else 0.0
    if kind == "city":  # a city is no country; a state's name may be its city's too ("New York")
        return 0.0 if low in COUNTRIES else 0.5 if low in US_STATES else 1.0
    if kind == "place":
        return 1.0 if low in US_STATES or low in COUNTRIES else 0.5
    if kind == "person":
        words = span.text.split()
        if span.kind == "title" or low in COUNTRIES or low in US_STATES or re.search(r"\d", low):
            return 0.0
        if len(words) > 5 or any(w.lower().strip(".,") in _ORG_WORDS for w in words):
            return 0.0
        return 1.0 if 2 <= len(words) <= 4 and span.kind == "name" else 0.5
    if kind == "title":
        return 1.0 if span.kind == "title" else 0.5
    return 1.0  # a name or thing of unknown kind: any name or title may be it


def personal(span: Span) -> bool:
    """A name that starts with a common given name and goes on with a surname: a person's, not a company's.

    >>> personal(Span(0, 9, "Mary Hale", "name")), personal(Span(0, 10, "Hale Foods", "name"))
    (True, False)
    """
    words = span.text.split()
    return span.kind == "name" and 2 <= len(words) <= 4 and words[0].lower() in FIRST_NAMES


MODIFIERS = 2  # words before the head noun
_LOWER_WORD = re.compile(r"[a-z][a-z-]+")


@functools.lru_cache(maxsize=65536)
def modified(sentence: str, heads: frozenset[str]) -> tuple[Span, ...]:
    """Lower-case phrases that end in one of the question's head nouns, with one or two words before it that
    say which one ("which figs" → "dried figs" in "… ruined the dried figs …"; not "the figs").

    >>> [s.text for s in modified("Rain ruined the dried figs and the figs.", frozenset({"fig"}))]
    ['dried figs']
    """
    out = []
    words = list(re.finditer(r"[\w’'-]+", sentence))
    for i, w in enumerate(words):
        if stem(w.group(0).lower()) not in heads:
            continue
        start = i
        while start > 0 and i - start < MODIFIERS:
            before = words[start - 1].group(0)
            if not _LOWER_WORD.fullmatch(before) or before in _FUNCTION_WORDS:
                break
            if sentence[words[start - 1].end() : words[start].start()] != " ":
                break
            start -= 1
        if start < i:
            s, e = words[start].start(), w.end()
            out.append(Span(s, e, sentence[s:e], "phrase"))
    return tuple(out)


_TITLE_WORD = re.compile(r"(?:[A-Z][\w’'.&-]*|of)$")


def titled(sentence: str, span: Span) -> Span:
    """A person's name with the title the sentence gives it just before ("Former Vice President Jo Bell"),
    as news writes it; the span itself when no role word precedes it.

    >>> titled("He met French President Jo Bell.", Span(24, 31, "Jo Bell", "name")).text
    'French President Jo Bell'
    >>> titled("The harbour master, Jo Bell, spoke.", Span(20, 27, "Jo Bell", "name")).text
    'Jo Bell'
    """
    words = list(re.finditer(r"\S+", sentence[: span.start]))[-5:]
    start = span.start
    role = False
    for w in reversed(words):  # adjacent capitalised words: a role word split them off the name
        if sentence[w.end() : start] != " " or not _TITLE_WORD.match(w.group(0)):
            break
        role = role or w.group(0).lower() in _ROLE_WORDS
        start = w.start()
    if not role:
        return span
    s, _ = _trim(sentence, start, span.end)
    return Span(s, span.end, sentence[s : span.end], span.kind)
