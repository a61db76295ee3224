"""Candidate answers in a sentence: names, quoted titles, numbers, dates and colours (pure, regex only).

These spans depend on a sentence's text alone, so the index computes them once per sentence and stores them
(``embeddings/sentence_table.py``); the answer composer (``rag/``) votes over them per question. ``RULES`` names
this version of the rules: a stored table made by other rules is not used.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Raise whenever ``spans`` (or ``embeddings.chunk.split_sentences``) would find other spans (or sentences) in some
# text: servers then ignore the tables stored under the old rules and find spans per answer, until the next
# ``archive-chat index`` writes the version again.
# 2: names cut at a seam of two sentences; titles in single quotes inside a quote. 3: names cut at dates. 4 and 5:
# no number inside a name ("V-1B") or inside another number. 6: "I'll", "I’m" … are no names. 7: years before 1900
# are dates after a month or "in"; a date's year before a comma is no number; a number with a unit glued to it
# ("5km"), an interjection ("Hey") and a photo credit ("Ada Brook/AP") are no names, a rank before a name ("No. 11")
# no part of it; a clock's digits ("03:17") are no numbers. 8: a quoted title has no space inside its quotes. 9: a
# body's name with "and" in it is one name ("the Velling Food and Ferry Administration"). 10: professors,
# sheriffs, commissioners, supervisors, captains and chancellors are titles too; a quoted nickname is part of a name.
# 11: a role word inside a structure's name is no title ("the Velling Ambassador Bridge"). 12: only after "the"; a
# quoted title after a sentence's first word is no nickname. 13: a court case's "v." and a title's abbreviation
# ("Rear Adm. Ada Hale") end no sentence (``split_sentences``). 14: a bare April, May, June or August before a
# capitalised word, after no word that dates by it, is a given name ("chair May Hale"); "In May Hale said" names Hale.
# 15: a firm's ", Inc." or ", LLC" is part of its name ("Velling Foods, Inc."), no name of its own. 16: 14's given
# name only where a name is introduced (after a comma, a quote, "said" or a role), its cut only after a word of time.
# 17: nor a plural title's ("Reps. Ada Hale and Jo Bell", "Sens.", "Govs.", "Drs.", "Messrs.")
# 18: a body's name joined by "and" may end with "International", "Fund", "Alliance", "Coalition", "Trust" or "Society"
# 19: a share's range is one number ("75-80%")
RULES = 19
KINDS = ("name", "title", "number", "date", "colour")  # what ``spans`` finds ("phrase" is the composer's)

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:1[5-9]|20)\d\d)?\b|\b(?:19|20)\d\d\b"
    r"|(?:(?<=\b[Ii]n )|(?<=\b[Ss]ince )|(?<=\buntil )|(?<=\bfrom )|(?<=\bbefore )|(?<=\bafter ))1[5-8]\d\d\b"
)
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    "eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|"
    "dozen|dozens"
)
_SCALE = r"(?:\s?(?:%|percent|per cent|million|billion|trillion|bn|thousand|hundred))?"
# (a number glued to a word, directly or by a hyphen, is part of a name: "V-1B", "VX-19", "KT-57", "VEL31";
# one that starts after a digit, "." or "," is the rest of a number)
_NUMBER = re.compile(
    rf"(?:[$£€¥]\s?|(?<![A-Za-z]-)(?<![\w.,:]))(?!0\d)\d[\d,]*(?:\.\d+)?(?![:\d]){_SCALE}(?:\s(?:million|billion|trillion))?"
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
# a title hugs its quotes: between a closing and an opening straight quote (' and ', ' said Jo Bell. ') is none
_QUOTED = re.compile(r"[“\"](?=\S)([^“”\"]{2,60})(?<=\S)[”\"]")
_INNER = re.compile(r"(?<!\w)[‘']([A-Z][^‘’']{1,58}?)[,.]?[’'](?!\w)")  # a title in single quotes, in a quote
_SEAM = re.compile(r"(?<=[a-z]{3})\.(?=[A-Z][a-z])")  # "Lakeport Owls.It": a page ran two sentences together
# A capitalised word: starts with a capital (or is an acronym), may carry digits, hyphens, apostrophes, dots.
_CAP_WORD = r"(?:[A-Z][\w’'.&-]*|\d+[A-Za-z][\w-]*)"
NAME_PARTICLES = ("de", "da", "del", "la", "le", "van", "von", "bin", "al")  # "Ada de Wren", "Jo van Hale"
_CONNECTOR = rf"(?:of|the|{'|'.join(NAME_PARTICLES)}|for|&)"
# A number inside a run belongs to the name ("Harbour 9 Collective", "Velling 11 Museum"); one at its end does not.
_CAP_RUN = re.compile(rf"\b{_CAP_WORD}(?:\s+(?:{_CONNECTOR}\s+|\d+\s+)?{_CAP_WORD})*")
FIRST_WORD = re.compile(r"[\w’'&-]+")  # a name's first word ("B&Q's" starts with "B&Q", not "B")
# Words that start sentences or are capitalised for other reasons, never an answer on their own.
FUNCTION_WORDS = frozenset(
    "a an the this that these those it its he she they we i you his her their our my your in on at for to of by "
    "with from as but and or if when while after before during since until because although though so then there "
    "here what which who whom whose where why how mr mrs ms dr monday tuesday wednesday thursday friday saturday "
    "sunday also some many more most other such no not one all both each every any according however meanwhile "
    "still yet now today yesterday tomorrow last next i'll i'm i've i'd hey oh wow yes yeah ok okay please "
    "thanks".split()
)
_LEADING_NUMBER = re.compile(r"\d+\s+(?=[A-Z])")
# A photographer's credit: "Ada Brook/Velling Press" names who took the picture, no one in the story
_CREDIT = re.compile(r"/[A-Z]")
# A number with a unit glued to it ("5km", "3pm", "4th") measures or orders something: no name on its own
_MEASURED = re.compile(
    r"\d+(?:\.\d+)?(?:nm|mm|cm|m|km|mi|ft|in|kg|g|mg|lb|lbs|oz|ml|l|mph|kph|kmh|am|pm|st|nd|rd|th|k|gb|mb|tb|"
    r"kw|kwh|mw|gw|hz|ghz|mhz|s)",
    re.I,
)
_TRAILING = re.compile(r"[’']s$|[.,’']+$")
# Titles that join a name to a role ("the Acme CEO Jo Bell"): a name run is also split around them.
ROLE_WORDS = frozenset(
    "ceo chief president minister secretary chairman chairwoman chair director judge justice coach senator sen. "
    "rep. gov. governor leader spokesperson spokesman spokeswoman founder prime vice deputy former acting interim "
    "ambassador attorney surgeon professor sheriff commissioner supervisor captain chancellor".split()
)
# The last words of a structure's or place's name, after which a role word is no title: "the Velling Ambassador Bridge"
_NAMED_AFTER = frozenset(
    "Bridge Street Avenue Road Boulevard Highway Tunnel Hotel Park Hall Square Building Tower Theater Theatre School "
    "College University Center Centre Airport Station Stadium Arena Library Museum Lake River Beach Bay".split()
)
# A quoted nickname inside a name: "Ada “Sunny” Hale" is one name, not "Ada" and "Hale"
_NICKNAMED = re.compile(r"\b[A-Z][\w’'-]+ [“\"][A-Z][\w’'-]+[”\"] [A-Z][\w’'-]+")


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate answer inside a sentence: ``sentence[start:end] == text``; ``kind`` says what it looks like."""

    start: int
    end: int
    text: str
    kind: str  # "name" | "title" | "number" | "date" | "colour"; the composer's "phrase" and "label"


def _plain(word: str) -> str:
    """A word as ``FUNCTION_WORDS`` lists it: lower case, without edge punctuation, straight apostrophes ("I’ll")."""
    return word.lower().strip("’'.,").replace("’", "'")


def trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading function words ("The", "But") and a trailing possessive or full stop from a name (not the stop
    of "Inc." or "Jr.")."""
    words = list(re.finditer(r"\S+", sentence[start:end]))
    while words and _plain(words[0].group(0)) in FUNCTION_WORDS:
        words.pop(0)
    while words and _plain(words[-1].group(0)) in FUNCTION_WORDS:
        words.pop()
    if not words:
        return start, start
    s, e = start + words[0].start(), start + words[-1].end()
    tail = _TRAILING.search(sentence[s:e])
    if tail and not re.search(r"\b[A-Z]\.$|\b(?:[A-Za-z]\.){2,}$|\b(?:Inc|Ltd|Corp|Co|Jr|Sr|Bros)\.$", sentence[s:e]):
        e -= len(tail.group(0))
    return s, e


def _structure(words: list[re.Match[str]], i: int, the: bool) -> bool:
    """The role word at ``i`` names a structure with the run's last word, after "the": "the Velling Ambassador Bridge"
    (not "Prime Minister Jo Park" nor "President Park", whose last word is a surname)."""
    return the and i == len(words) - 2 and words[-1].group(0).rstrip(".,’'") in _NAMED_AFTER


def _name_runs(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """A capitalised run, trimmed; split around role words ("Acme CEO Jo Bell" → "Acme", "Jo Bell")."""
    s, e = trim(sentence, start, end)
    if e <= s:
        return []
    words = list(re.finditer(r"\S+", sentence[s:e]))
    the = re.search(r"\bthe\s+$", sentence[:s], re.I) is not None
    cuts = [i for i, w in enumerate(words) if w.group(0).lower() in ROLE_WORDS and not _structure(words, i, the)]
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
            ps, pe = trim(sentence, s + words[a + 1].start(), s + words[b - 1].end())
            if pe > ps:
                out.append((ps, pe))
    return out


_TEMPORAL = frozenset("in on since during until till from before after by last next this".split())


def _outside(text: str, start: int, end: int, dates: list[tuple[int, int]]) -> tuple[int, int]:
    """A capitalised run without the date it starts or ends with ("Nov. 4 New York City" → "New York City"), or that
    follows a word of time opening it ("In May Hale said" → "Hale"; not "The August Hale Theatre")."""
    for ds, de in dates:
        opened = start < ds and de < end and _plain(text[start:ds].strip()) in _TEMPORAL
        if (ds <= start < de < end or opened) and not re.match(r"[’']s\b", text[de:]):  # not "March's Velling Moon"
            start = de
        elif start < ds < end <= de:
            end = ds
    return start, end


# The last word of a body's name that joins two others with "and": "the Velling Food and Ferry Administration",
# "Harbour and Customs Enforcement"; two names joined so otherwise are two ("Tarvania and Velling")
_BODY_ENDS = frozenset(
    "Administration Prevention Enforcement Services Security Development Affairs Commission Department Agency Bureau "
    "Protection Research Safety Control Council Institute Board Authority Office Ministry Foundation Association "
    "Committee International Fund Alliance Coalition Trust Society".split()
)


# The words that end a firm's name ("Velling Foods, Inc.", as written, the stop stripped; ``rag.candidates`` keys them)
FIRMS = frozenset("Inc LLC L.L.C LLP LP Ltd Corp Co PLC".split())


def _bodies(sentence: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The capitalised runs, two joined by "and" into one when the second ends a body's name (``_BODY_ENDS``), and a
    firm's name with the ", Inc." or ", LLC" after it.

    >>> t = "The Velling Food and Ferry Administration and Lakeport and Tarvania met."
    >>> [t[s:e] for s, e in _bodies(t, [m.span() for m in _CAP_RUN.finditer(t)])]
    ['The Velling Food and Ferry Administration', 'Lakeport', 'Tarvania']
    >>> t = "It hired Velling Foods, Inc., and Tarrow, LLC, for it."
    >>> [t[s:e] for s, e in _bodies(t, [m.span() for m in _CAP_RUN.finditer(t)])]
    ['It', 'Velling Foods, Inc.', 'Tarrow, LLC']
    >>> [s.text for s in spans(t)], [s.text for s in spans("It paid Jo Bell Jr.")]
    (['Velling Foods, Inc.', 'Tarrow, LLC'], ['Jo Bell Jr.'])
    >>> [s.text for s in spans("She worked for Velling Food and Water International and the Kessa Trust.")]
    ['Velling Food and Water International', 'Kessa Trust']
    """
    out: list[tuple[int, int]] = []
    for s, e in runs:
        last = sentence[s:e].split()[-1].rstrip(".,").removesuffix("’s").removesuffix("'s")
        joined = sentence[out[-1][1] : s] if out else ""
        if (joined == " and " and last in _BODY_ENDS) or (joined == ", " and sentence[s:e].rstrip(".,") in FIRMS):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


_GIVEN_MONTHS = frozenset({"April", "May", "June", "August"})  # months that are given names too
_NEXT_NAME = re.compile(  # … not a weekday, an article or the God of a wish ("May God bless you")
    r"\s+(?!(?:The|A|An|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|God|Allah|Christ|Jesus)\b)[A-Z][a-z]"
)
# where a person's name is introduced: after a comma, a quote, a bracket or a dash, after "said", or after a role
# ("chair May Hale"); not after "a", "its" or a possessive ("its June Primary"), nor at a headline's start
_NAME_BEFORE = re.compile(
    rf"(?:[,(—–”\"]|\b(?:said|says|told|asked|{'|'.join(re.escape(w) for w in sorted(ROLE_WORDS))}))\s+$", re.I
)


def _given_name(sentence: str, m: re.Match[str]) -> bool:
    """The month of a date match is someone's given name: a bare April, May, June or August before a capitalised
    word, where a name is introduced ("…,” May Hale said", "chair April Hale", not "its June Primary" or "in May Hale
    said").

    >>> t = "“It’s done,” May Hale said; its June Primary and Chair April Bell, in June Bell left."
    >>> [_given_name(t, m) for m in _DATE.finditer(t)]
    [True, False, True, False]
    """
    return (
        m.group(0) in _GIVEN_MONTHS
        and _NEXT_NAME.match(sentence, m.end()) is not None
        and _NAME_BEFORE.search(sentence, 0, m.start()) is not None
    )


_RANGE = re.compile(r"[-–]")  # "75-80%", "75–80 percent"
_BARE = re.compile(r"\d+(?:\.\d+)?")


def _ranges(sentence: str, numbers: list[Span]) -> list[Span]:
    """The number spans, a share's range one number: "75-80%" (its low end written bare), not "75" and "80%".

    >>> [s.text for s in spans("Blackouts hit 75-80% of Velling, up 3%, and 10–15 percent of Kessa.")]
    ['Blackouts', '75-80%', 'Velling', '3%', '10–15 percent', 'Kessa']
    """
    out: list[Span] = []
    for sp in numbers:
        low = out[-1] if out else None
        if (
            low is not None
            and _RANGE.fullmatch(sentence, low.end, sp.start)
            and _BARE.fullmatch(low.text)
            and sp.text.endswith(("%", "percent"))
        ):
            out[-1] = Span(low.start, sp.end, sentence[low.start : sp.end], "number")
        else:
            out.append(sp)
    return out


@functools.lru_cache(maxsize=65536)
def spans(sentence: str) -> tuple[Span, ...]:
    """Candidate answers in ``sentence``, in order of position (overlaps allowed between kinds; cached).

    >>> [(s.text, s.kind) for s in spans("The Riverside Hawks beat Lakeport by 12 points on March 4.")]
    [('Riverside Hawks', 'name'), ('Lakeport', 'name'), ('12', 'number'), ('March 4', 'date')]
    >>> [s.text for s in spans("Acme CEO Jo Bell quit.")], [s.text for s in spans("Velling Sheriff Ada Hale won.")]
    (['Acme', 'Jo Bell'], ['Velling', 'Ada Hale'])
    >>> [s.text for s in spans("Trucks blocked the Velling Ambassador Bridge, Prime Minister Jo Park said.")]
    ['Trucks', 'Velling Ambassador Bridge', 'Jo Park']
    >>> [s.text for s in spans("President Park said it.")], [s.text for s in spans("In “Velling Nights” Hale won.")]
    (['Park'], ['Velling Nights', 'Velling Nights', 'Hale'])
    >>> [(s.text, s.kind) for s in spans("Ada “Sunny” Hale left.")]
    [('Ada “Sunny” Hale', 'name'), ('Sunny', 'title')]
    >>> [s.text for s in spans("The V-1B fee is $90,000, up 1.5%-2% or US$5.")]
    ['V-1B', '$90,000', '1.5%', '2%', 'US', '$5']
    >>> [s.text for s in spans("She won the Nov. 4 Lakeport City race and the Velling Cup March 4.")]
    ['Nov. 4', 'Lakeport City', 'Velling Cup', 'March 4']
    >>> [s.text for s in spans("March's Velling Moon rose.")]
    ["March's Velling Moon", 'March']
    >>> [s.text for s in spans("Chair April Hale spoke in May.")], [s.text for s in spans("In May Hale quit.")]
    (['April Hale', 'May'], ['May', 'Hale'])
    >>> [s.text for s in spans("The August Hale Theatre opened.")], [s.text for s in spans("Its June Primary ended.")]
    (['August Hale Theatre', 'August'], ['June Primary', 'June'])
    >>> [s.text for s in spans("“My name is Ada Brook, and I’ll be singing at the Velling Bowl,” she said.")]
    ['Ada Brook', 'Velling Bowl']
    >>> [(s.text, s.kind) for s in spans("Hey, its 5km run dates from May 9, 1843, and its mill from 1864.")]
    [('5', 'number'), ('May 9, 1843', 'date'), ('1864', 'date')]
    >>> [s.text for s in spans("Ada Brook/Velling Press Jo Hale speaks in Lakeport.")]
    ['Lakeport']
    >>> [s.text for s in spans("She beat No. 11 Ada Brook.") if s.kind == "name"]
    ['Ada Brook']
    >>> [s.text for s in spans("Watch: 03:17 of the 3-1 win at 10:30, 0.5 seconds in, with 1,200 fans.")]
    ['Watch', '3', '1', '0.5', '1,200']

    A name the page ran into the next sentence is cut at the seam; a quote's title in single quotes is a title too:

    >>> [s.text for s in spans("It beat the Lakeport Owls.It was E.J Bell's night.")]
    ['Lakeport Owls', 'E.J Bell']
    >>> [s.text for s in spans("She said: “This is my new album, ‘Velling Nights’.”") if s.kind == "title"]
    ['This is my new album, ‘Velling Nights’.', 'Velling Nights']
    >>> [s.text for s in spans('Fares rise. " Bell said on Monday. " Riders "agree".') if s.kind == "title"]
    ['agree']
    """
    out: list[Span] = []
    # the alternations below are slow to scan: a cheap test of the sentence's words skips most of them
    words = frozenset(re.findall(r"[a-z]+", sentence.lower()))
    dates = [(m.start(), m.end()) for m in _DATE.finditer(sentence) if not _given_name(sentence, m)]
    for start, end in _bodies(sentence, [m.span() for m in _CAP_RUN.finditer(sentence)]):
        for s, e in _name_runs(sentence, *_outside(sentence, start, end, dates)):
            if not any(ds <= s and e <= de for ds, de in dates):
                seam = _SEAM.search(sentence, s, e) if "." in sentence[s:e] else None
                e = seam.start() if seam else e  # "Lakeport Owls.It": the name ends at the seam
                if lead := _LEADING_NUMBER.match(sentence, s, e):
                    s = lead.end()  # "No. 11 Ada Brook": the rank is no part of her name
                credit = _CREDIT.match(sentence, e) or sentence[s - 1 : s] == "/"  # "Ada Brook/AP", "…/Velling Press"
                if not _MEASURED.fullmatch(sentence, s, e) and not credit:
                    out.append(Span(s, e, sentence[s:e], "name"))
    for m in _NICKNAMED.finditer(sentence) if "“" in sentence or '"' in sentence else ():
        if _plain(m.group(0).split()[0]) in FUNCTION_WORDS:
            continue  # "In “Velling Nights” Hale won": a title after a sentence's first word, no nickname
        out = [x for x in out if not m.start() <= x.start < x.end <= m.end()]
        out.append(Span(m.start(), m.end(), m.group(0), "name"))
    numbers = _NUMBER.finditer(sentence) if _DIGIT.search(sentence) or not words.isdisjoint(_NUMERALS) else ()
    found: list[Span] = []
    for m in numbers:
        s, text = m.start(), m.group(0).rstrip(",.")
        e = s + len(text)  # "March 4, 2023, it …": the year is the date's, not a number
        if not any(ds <= s and e <= de for ds, de in dates):
            if re.search(r"\d|[a-z]{3}", text, re.I):
                found.append(Span(s, e, text, "number"))
    out.extend(_ranges(sentence, found))
    out.extend(Span(s, e, sentence[s:e], "date") for s, e in dates)
    for m in _QUOTED.finditer(sentence):
        out.append(Span(m.start(1), m.end(1), m.group(1), "title"))
        out.extend(Span(i.start(1), i.end(1), i.group(1), "title") for i in _INNER.finditer(sentence, *m.span(1)))
    if not words.isdisjoint(_COLOURS):
        out.extend(Span(m.start(), m.end(), m.group(0), "colour") for m in _COLOUR.finditer(sentence))
    out.sort(key=lambda sp: (sp.start, -sp.end))
    return tuple(out)
