"""What a candidate answer is worth for one question: its fit to the type asked for, the unit a count needs, the
phrases the question's head nouns pick out (pure, regex only).

The candidates themselves (``spans``: names, titles, numbers, dates) depend on a sentence alone; they live in
``embeddings/spans.py``, where the index computes them once per sentence. Nothing here runs a model, so the
whole answer selection costs microseconds per sentence (the CPU budget of serving).
"""

from __future__ import annotations

import functools
import itertools
import re

from embeddings.spans import FIRST_WORD, FUNCTION_WORDS, ROLE_WORDS, Span, spans, trim
from rag.answer_type import COUNTRIES, FIRST_NAMES, US_STATES
from rag.text import stem

__all__ = [
    "FIRST_WORD", "Span", "coordinated", "drop_ordinary_start", "fits", "modified", "personal", "spans", "titled",
    "whole_name", "with_unit", "other_unit", "YEAR",
]  # fmt: skip

# What a name that ends in one of these is (a hospital, a street): no team plays for it, nor wins a final
_VENUES = frozenset(
    "hospital clinic school university college museum stadium arena airport station street road avenue river lake "
    "island mountain court ministry department church cathedral hotel prison field park center centre garden "
    "gardens dome theater theatre".split()
)
# What a name that ends in one of these is (a final, a trophy, an award): what is won, not who won it
_PRIZES = frozenset(
    "mvp award awards prize trophy medal bowl cup open championship championships final finals game games series "
    "tournament match race title playoffs semifinal semifinals derby".split()
)
_ORG_WORDS = frozenset(
    "inc corp co company university college department ministry agency association council party group bank "
    "airlines airways news times post journal network foundation institute committee court house senate league "
    "club fc united city county state republic kingdom federation union organization organisation assembly "
    "parliament congress commission authority administration service office bureau board hospital school "
    "museum center centre stadium airport station street road river lake island mountain".split()
)
# the name of a document or an arrangement, never of anyone who acts ("the Lakeport Water Accord")
_DOCUMENT_WORDS = frozenset("treaty act law agreement accord bill convention pact charter protocol".split())


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
    >>> drop_ordinary_start("Norway won.", Span(0, 6, "Norway", "name"), frozenset()).text
    'Norway'
    >>> drop_ordinary_start("E.J. Hale won.", Span(0, 9, "E.J. Hale", "name"), frozenset({"e"})).text
    'E.J. Hale'
    """
    if span.kind != "name" or sentence[: span.start].strip() not in ("", "“", '"', "‘", "'"):
        return span
    first = FIRST_WORD.match(span.text)
    if not first or re.match(r"[A-Z]\.", span.text):  # an initial ("E.J. Hale") is no ordinary word
        return span
    lone = first.end() == len(span.text)
    if first.group(0).lower() not in ordinary and not (lone and first.group(0) not in inner):
        return span
    if lone and span.text.lower() in COUNTRIES:
        return span  # a country's name is a name wherever it stands
    s, e = trim(sentence, span.start + first.end(), span.end)
    return Span(s, e, sentence[s:e], "name") if e > s else None


_PARTICLE_TAIL = re.compile(
    r"\b[A-Z][\w’'-]+(?:\s+(?:de|des|du|van|von|der|den|da|di|del|della|la|le|bin|ibn|al|dos|das)){1,2}\s+$"
)


def whole_name(sentence: str, span: Span) -> Span:
    """A name cut at a lower-case particle gets its front back ("Ada van der Berg", not "Berg").

    >>> whole_name("Director Ada van der Berg spoke.", Span(21, 25, "Berg", "name")).text
    'Ada van der Berg'
    >>> whole_name("He met Berg.", Span(7, 11, "Berg", "name")).text
    'Berg'
    """
    m = _PARTICLE_TAIL.search(sentence[: span.start]) if span.kind == "name" else None
    return Span(m.start(), span.end, sentence[m.start() : span.end], "name") if m else span


def with_unit(sentence: str, span: Span, units: tuple[str, ...]) -> Span | None:
    """A number followed by a unit the question counts ("how many rounds" → "15 rounds"), else None.

    >>> with_unit("It took 15 rounds of voting.", Span(8, 10, "15", "number"), ("round",))
    Span(start=8, end=17, text='15 rounds', kind='number')
    >>> with_unit("Riders get 500 bonus points.", Span(11, 14, "500", "number"), ("point",)).text
    '500 bonus points'
    >>> with_unit("After the 43-day strike, it reopened.", Span(10, 12, "43", "number"), ("day",)).text
    '43-day'
    """
    if ("dollar" in units and span.text[:1] in "$€£¥") or ("percent" in units and span.text.endswith("%")):
        return span  # "$2.5 million", "12%": the unit is written as a sign
    joined = re.match(r"-([A-Za-z]+)(?:-[A-Za-z]+)*", sentence[span.end :])  # "a 43-day strike", "37-year-old"
    if joined and joined.group(1).lower().startswith(units):
        end = span.end + joined.end()
        return Span(span.start, end, sentence[span.start : end], "number")
    for m in itertools.islice(re.finditer(r"\s+([\w-]+)", sentence[span.end :]), 3):
        if m.group(1).lower().startswith(units):
            end = span.end + m.end(1)
            return Span(span.start, end, sentence[span.start : end], "number")
        if m.start() and not sentence[span.end :][m.start() - 1].isalnum():
            break  # words only: "12, and then 3 rounds" is not "12 rounds"
    return None


_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")
_VAGUE = re.compile(r"(?:a\s+)?(?:hundreds|thousands|millions|billions|dozens|dozen|tens)\b", re.I)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# Units a number can measure in: a count of one of them is no count of another ("100 years" is not how many people).
_MEASURES = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years decade decades century "
    "centuries mile miles kilometer kilometers kilometre kilometres km meter meters metre metres feet foot inch inches "
    "yard yards pound pounds kilogram kilograms kg ton tons tonne tonnes percent dollar dollars euro euros cent cents "
    "degree degrees acre acres gallon gallons liter liters litre litres".split()
)


def other_unit(sentence: str, span: Span, units: tuple[str, ...]) -> bool:
    """The number is written with a unit of measure that is not one the question counts: a sign ("$12", "12%")
    or the word right after it ("100 years", "a 100-year flood").

    >>> other_unit("It rained for 100 years.", Span(14, 17, "100", "number"), ("peopl",))
    True
    >>> other_unit("About 100 people fled.", Span(6, 9, "100", "number"), ("peopl",))
    False
    >>> other_unit("It cost $12 million.", Span(8, 11, "$12", "number"), ("peopl",))
    True
    """
    if span.text[:1] in "$€£¥" and "dollar" not in units:
        return True
    if span.text.endswith("%") and "percen" not in units:
        return True
    if sentence[span.end : span.end + 1] == "°":
        return "degre" not in units  # "160°F"
    m = re.match(r"(?:\s+|-)([A-Za-z]+)", sentence[span.end :])
    word = m.group(1).lower() if m else ""
    return word in _MEASURES and not word.startswith(units)


def fits(kind: str | None, span: Span) -> float:
    """How well a span fits the kind of answer asked for: 1 a match, 0.5 plausible, 0 not of that kind.

    >>> fits("country", Span(0, 6, "Norway", "name")), fits("person", Span(0, 9, "Ann Smith", "name"))
    (1.0, 1.0)
    >>> fits("person", Span(0, 6, "Norway", "name")), fits("person", Span(0, 17, "Lakeport Accord", "name"))
    (0.5, 0.0)
    >>> fits("place", Span(0, 9, "Mary Hale", "name")), fits("place", Span(0, 8, "Lakeport", "name"))
    (0.0, 0.5)
    >>> fits("city", Span(0, 12, "COP31 Summit", "name")), fits("city", Span(0, 4, "U.N.", "name"))
    (0.0, 0.0)
    >>> fits("number", Span(0, 18, "hundreds of people", "number")), fits("number", Span(0, 9, "52 people", "number"))
    (0.5, 1.0)
    >>> fits("number", Span(0, 14, "a dozen states", "number"))
    0.5
    >>> fits("winner", Span(0, 16, "Lakeport Rovers", "name")), fits("winner", Span(0, 17, "Lakeport Hospital", "name"))
    (1.0, 0.0)
    >>> fits("winner", Span(0, 12, "Lakeport Cup", "name")), fits("winner", Span(0, 12, "Velling MVP", "name"))
    (0.0, 0.0)
    """
    low = span.text.lower()
    if kind == "number":  # "hundreds of people" says how many only when no piece gives the number
        return 0.0 if span.kind != "number" else 0.5 if _VAGUE.match(span.text) else 1.0
    if kind == "date":
        return 1.0 if span.kind == "date" else 0.0
    if kind == "year":  # "in what year": "March 4" is no answer, "March 4, 1999" and "1999" are
        return 1.0 if span.kind == "date" and YEAR.search(span.text) else 0.0
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
    if kind in ("city", "place") and (personal(span) or re.search(r"\d", low) or _no_place(_words(span))):
        return 0.0  # "Mary Hale", "Bishop Quillon" are where no one went; "COP31", "Lakeport Times" no city
    if kind == "city":  # a city is no country, nor initials ("U.N."); a state's name may be its city's ("New York")
        return 0.0 if low in COUNTRIES or _INITIALS.fullmatch(span.text) else 0.5 if low in US_STATES else 1.0
    if kind == "place":
        return 1.0 if low in US_STATES or low in COUNTRIES else 0.5
    if kind == "person":  # "who": a person's name; a country may act too ("Norway convened the talks")
        words = _words(span)
        if low in COUNTRIES:
            return 0.5
        if span.kind == "title" or low in US_STATES or re.search(r"\d", low) or len(words) > 5:
            return 0.0
        if _document(words) or any(w in _ORG_WORDS for w in words):
            return 0.0
        return 1.0 if 2 <= len(words) <= 4 and span.kind == "name" else 0.5
    if kind == "title":
        return 1.0 if span.kind == "title" else 0.5
    if kind == "winner":  # a team, a person or a country’s side; never a document, a quote, a US state, venue or prize
        words = _words(span)
        ends = words[-1] in _VENUES or words[-1] in _PRIZES
        return 0.0 if span.kind != "name" or low in US_STATES or _document(words) or ends else 1.0
    return 1.0  # a name or thing of unknown kind: any name or title may be it


# A name led by a person's title is a person's, not a place's ("Mayor Ada Brook"), unless a place word ends it
_PERSON_TITLES = frozenset(
    "pope president king queen prince princess mayor gov governor sen senator rep judge dr mr mrs ms sir lord lady "
    "pastor rev bishop archbishop cardinal sheikh emir sultan coach".split()  # as ``_words`` has them: no full stop
)
# … and one with the word of a firm, a paper or a body in it is theirs ("Lakeport Times", "Velling Group")
_BODY_WORDS = frozenset(
    "inc corp co company news times post journal network foundation institute committee party group bank "
    "airlines airways association agency council".split()
)
_PLACE_ENDS = frozenset("county island islands city town state province district valley bay".split())


def _no_place(words: list[str]) -> bool:
    """A name that is a person's by its title, or a body's by one of its words: never a place.

    >>> _no_place(["bishop", "quillon"]), _no_place(["king", "county"]), _no_place(["lakeport", "times"])
    (True, False, True)
    """
    titled = len(words) > 1 and words[0] in _PERSON_TITLES and words[-1] not in _PLACE_ENDS
    return titled or any(w in _BODY_WORDS for w in words)


def _words(span: Span) -> list[str]:
    return [w.lower().strip(".,") for w in span.text.split()]


def _document(words: list[str]) -> bool:
    """A name with a word of a document or an arrangement in it ("the Lakeport Water Accord")."""
    return any(w in _DOCUMENT_WORDS for w in words)


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
            if not _LOWER_WORD.fullmatch(before) or before in FUNCTION_WORDS:
                break
            if sentence[words[start - 1].end() : words[start].start()] != " ":
                break
            start -= 1
        if start < i:
            s, e = words[start].start(), w.end()
            out.append(Span(s, e, sentence[s:e], "phrase"))
    return tuple(out)


_AND = re.compile(r"(?:,\s+and\s+|,\s+|\s+and\s+|\s+&\s+)(?:the\s+)?")  # "the Hawks and the Owls"


def coordinated(sentence: str, found: tuple[Span, ...]) -> tuple[tuple[Span, ...], ...]:
    """Runs of two or more names or titles the sentence lists together, ending at "and" ("Norway, Chile and Peru"),
    each run as its spans in order. Commas alone make no list: "Lakeport, Tarvania" is a place and its region.

    >>> text = "Norway, Chile and Peru backed it; Lima, Peru did not."
    >>> [[s.text for s in run] for run in coordinated(text, spans(text))]
    [['Norway', 'Chile', 'Peru']]
    >>> pair = "The Hawks and the Owls met."
    >>> [[s.text for s in run] for run in coordinated(pair, spans(pair))]
    [['Hawks', 'Owls']]
    """
    named = [sp for sp in found if sp.kind in ("name", "title")]
    runs: list[list[Span]] = []
    closed: list[bool] = []  # the run's last join was "and": it is a list, and it ends there
    for sp in named:
        last = runs[-1][-1] if runs else None
        join = _AND.fullmatch(sentence[last.end : sp.start]) if last is not None and sp.start > last.end else None
        if join is not None and not closed[-1]:
            runs[-1].append(sp)
            closed[-1] = "and" in join.group(0) or "&" in join.group(0)
        else:
            runs.append([sp])
            closed.append(False)
    return tuple(tuple(run) for run, done in zip(runs, closed, strict=True) if done)


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
        role = role or w.group(0).lower() in ROLE_WORDS
        start = w.start()
    if not role:
        return span
    s, _ = trim(sentence, start, span.end)
    return Span(s, span.end, sentence[s : span.end], span.kind)
