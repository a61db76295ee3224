"""What a sentence's number answers: the unit a count needs ("15 rounds" for the "round" a question counts,
``rag.units``), a unit the question does not count ("100 years" for "how many people"), a number that names something
("Velling Bowl 56"), a score ("31-20"), what a number is written in ("$", "%", "days"). Pure, regex only.
"""

from __future__ import annotations

import functools
import itertools
import re

from embeddings.spans import Span
from rag.changes import FORMER, UNCHANGED, aged, changed, former, once
from rag.dates import MONTHS, WEEKDAYS
from rag.kinds import vague
from rag.phrases import times
from rag.units import PLURAL_WORD

# A plural noun right after the unit word: the unit word only modifies what is counted
_MODIFIED = re.compile(r"\s+(?!(?:was|has|is|this|its|his|as|us|plus|thus|less|across|unless)\b)[a-z]{2,}[^s\W]s\b")


def _signed(number: str) -> str | None:
    """The unit a number writes as a sign, as ``counted_units`` stems it: "dollar" for "$12" (any currency sign),
    "percen" for "12%"; else None."""
    if number[:1] in "$€£¥":
        return "dollar"
    return "percen" if number.endswith("%") else None


def with_unit(sentence: str, span: Span, units: tuple[str, ...]) -> Span | None:
    """A number followed by a unit the question counts ("how many rounds" → "15 rounds"), else None; a number
    joined to the unit is the number alone ("a 43-day strike" → "43").

    >>> with_unit("It took 15 rounds of talks.", Span(8, 10, "15", "number"), ("round",))
    Span(start=8, end=17, text='15 rounds', kind='number')
    >>> with_unit("Riders get 500 bonus points.", Span(11, 14, "500", "number"), ("point",)).text
    '500 bonus points'
    >>> with_unit("After the 43-day strike, it reopened.", Span(10, 12, "43", "number"), ("day",)).text
    '43'
    >>> with_unit("She got nine Velling Prize nominations.", Span(8, 12, "nine", "number"), ("priz",)) is None
    True
    >>> with_unit("There have been 40 Game 7s.", Span(16, 18, "40", "number"), ("game",)) is None
    True
    >>> with_unit("A 17-year-old right whale died.", Span(2, 4, "17", "number"), ("whale",)) is None
    True
    >>> with_unit("It sold 2,500-plus copies.", Span(8, 13, "2,500", "number"), ("copi",)).text
    '2,500-plus copies'
    >>> with_unit("It held 600 tons of ammonium nitrate.", Span(8, 11, "600", "number"), ("nitrat",)).text
    '600 tons'
    >>> with_unit('The cap is 12 "parts per billion" now.', Span(11, 13, "12", "number"), ("part",)).text
    '12'
    >>> with_unit("It sold the $450 phone to 20 people.", Span(12, 16, "$450", "number"), ("phone",)) is None
    True
    """
    sign = _signed(span.text)
    if sign in units:
        return span  # "$2.5 million", "12%": the unit is written as a sign
    rest = sentence[span.end :]
    priced = _WORDS_AFTER.match(rest) if sign == "dollar" else None  # (a share is said of its noun: "10% wetter")
    if priced and not priced.group(1) and priced.group(2).lower().startswith(units):
        return None  # "the $450 phone", "$450 phones": their price, no count of phones
    joined = _COMPOUND.match(rest)  # "a 43-day strike", "37-year-old"
    if joined and joined.group(1).lower().startswith(units):
        return span  # "how long was the strike?": "43" of "a 43-day strike", not the compound that describes it
    if joined and joined.group(1).lower() not in _LOOSE:
        return None  # "a 17-year-old right whale" counts no whales: the number is the compound's ("2,500-plus
        # copies" still counts copies)
    measure = _MEASURE_OF.match(rest)  # "600 tons of ammonium nitrate" for "how much nitrate …?"
    if measure and any(w.lower().startswith(units) for w in measure.group(2).split()):
        end = span.end + measure.end(1)
        return Span(span.start, end, sentence[span.start : end], "number")
    for m in itertools.islice(_WORDS_AFTER.finditer(rest), 3):
        if m.group(2).lower().startswith(units) and not _NAMED_BY_NUMBER.match(rest, m.end()):
            if _MODIFIED.match(rest, m.end()):
                return None  # "nine Velling Prize nominations" counts nominations, not prizes
            if m.group(1):
                return span  # 'now 12 "parts per billion"': the unit in quotes, the number alone
            end = span.end + m.end(2)
            return Span(span.start, end, sentence[span.start : end], "number")
        if m.start() and not rest[m.start() - 1].isalnum():
            break  # words only: "12, and then 3 rounds" is not "12 rounds"
    return None


_COMPOUND = re.compile(r"-([A-Za-z]+)(?:-[A-Za-z]+)*")  # a number hyphened to a word: "a 43-day strike"
_LOOSE = ("plus", "odd", "some", "ish")  # … that still counts what follows: "2,500-plus copies"
_WORDS_AFTER = re.compile(r"\s+([\"“‘']?)([\w-]+)")  # … a unit may open a quote: 'now 12 "parts per billion"'
_MEASURE_OF = re.compile(r"\s+([a-z]+)\s+of\s+((?:[a-z][\w-]*)(?:\s+[a-z][\w-]*){0,2})")  # "tons of … nitrate"
_NAMED_BY_NUMBER = re.compile(r"\s+\d")  # "40 Game 7s": "Game 7" names a game, it counts none

# Units news abbreviates, written out as a question asks for them ("40 mm" answers "how many millimeters …?")
_ABBREVIATED = {
    "mg": "milligram", "ml": "milliliter", "oz": "ounce", "lb": "pound", "lbs": "pound", "cm": "centimeter",
    "mm": "millimeter", "km": "kilometer", "kg": "kilogram", "kwh": "kilowatt",
}  # fmt: skip
# Units a number can measure in: a count of one of them is no count of another ("100 years" is not how many people).
MEASURES = frozenset([
    *"second seconds minute minutes hour hours day days week weeks month months year years decade decades century "
    "centuries mile miles kilometer kilometers kilometre kilometres meter meters metre metres feet foot inch inches "
    "yard yards pound pounds yen point points kilogram kilograms ton tons tonne tonnes percent dollar dollars euro "
    "euros cent cents degree degrees acre acres gallon gallons liter liters litre litres square sq mph knots "
    "stories milligram milligrams gram grams milliliter milliliters millilitre millilitres ounce ounces "
    "calorie calories centimeter centimeters millimeter millimeters watt watts kilowatt kilowatts "
    "megawatt megawatts gigawatt gigawatts barrel barrels".split(),
    *_ABBREVIATED,
])  # fmt: skip
_JOINED = re.compile(r"\b(\d+)-$")  # a number hyphened to the one before it ("737-800", "5-4")
_LABEL = re.compile(r"\b([A-Z][A-Za-z]*)\s$")
_RANK = re.compile(r"\b(?:No|Nos|no)\.\s$|\b(?:season|episode|chapter|stage|phase|page|volume|grade)\s$")
# "On Tuesday 40 were hurt", "in March 12 …", "The 5-4 ruling", "A 30 percent cut": no label
_NOT_LABELS = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"the", "a", "an"}


def labelled(sentence: str, span: Span) -> bool:
    """A bare number right after a capitalised word names something ("Velling Bowl 56", "Game 7"); it counts nothing.

    >>> labelled("Fans filled Velling Bowl 56 on Sunday.", Span(25, 27, "56", "number"))
    True
    >>> labelled("On Tuesday 40 were hurt.", Span(11, 13, "40", "number"))
    False
    >>> labelled("The 5-4 ruling stands.", Span(4, 5, "5", "number"))
    False
    >>> labelled("The album hit No. 4 again.", Span(18, 19, "4", "number"))
    True
    >>> labelled("It was a Velling 737-800 jet.", Span(21, 24, "800", "number"))  # a model's, as "737" is
    True
    >>> labelled("The 5-4 ruling stands.", Span(6, 7, "4", "number"))
    False
    """
    if _RANK.search(sentence, 0, span.start):
        return True  # "hits No. 4", "season 12": a rank, no count
    if joined := _JOINED.search(sentence, 0, span.start):  # "Velling 737-800": the second number of a name's
        return labelled(sentence, Span(joined.start(1), joined.end(1), joined.group(1), "number"))
    m = _LABEL.search(sentence, 0, span.start)
    return m is not None and span.text.isdigit() and m.group(1).lower() not in _NOT_LABELS


def other_unit(sentence: str, span: Span, units: tuple[str, ...]) -> bool:
    """The number is written with a unit of measure that is not one the question counts: a sign ("$12", "12%")
    or the word right after it ("100 years", "a 100-year flood"), or any word it is hyphened to ("the five-story
    hotel"); or, when the question counts in a measure ("how much is it worth?"), it counts things ("five Velling
    rings").

    >>> other_unit("It rained for 100 years.", Span(14, 17, "100", "number"), ("peopl",))
    True
    >>> other_unit("About 100 people fled.", Span(6, 9, "100", "number"), ("peopl",))
    False
    >>> other_unit("It cost $12 million.", Span(8, 11, "$12", "number"), ("peopl",))
    True
    >>> other_unit("Thieves took five Velling rings.", Span(13, 17, "five", "number"), ("dollar", "cent"))
    True
    >>> other_unit("The storm killed more than 100 people.", Span(27, 30, "100", "number"), ("dollar", "cent"))
    True
    >>> other_unit("Each cup holds 52 mg of caffeine.", Span(15, 17, "52", "number"), ("second", "minute", "hour"))
    True
    >>> other_unit("Each cup holds 52 mg of caffeine.", Span(15, 17, "52", "number"), ("millig",))
    False
    >>> other_unit("The five-story hotel fell.", Span(4, 8, "five", "number"), ("peopl",))  # it counts stories
    True
    >>> other_unit("She won a 10-km race.", Span(10, 12, "10", "number"), ("kilome",))
    False
    """
    sign = _signed(span.text)
    if sign is not None and sign not in units:
        return True
    if sentence[span.end : span.end + 1] == "°":
        return "degre" not in units  # "160°F"
    m = re.match(r"(?:\s+|-)([A-Za-z]+)", sentence[span.end :])
    word = m.group(1).lower() if m else ""
    if word in MEASURES:
        return not _ABBREVIATED.get(word, word).startswith(units)  # "40 mm" for "how many millimeters …?"
    if m and m.group(0)[0] == "-" and word not in _LOOSE:
        return True  # "the five-story hotel": it counts stories, and with_unit found it counts no unit asked for
    return _measured(units) and _THINGS_AFTER.match(sentence, span.end) is not None  # "five rings": no sum, no time


# A plural noun in the next three words: what a number counts, when "how much is it worth?" asks for a measure
_THINGS_AFTER = re.compile(
    rf"(?:\s+[\w-]+){{0,2}}?\s+(?!(?:was|has|is|this|its|his|as|us|plus|thus|less|across|unless|times)\b)"
    rf"(?:{PLURAL_WORD}|people|children|men|women)\b"
)


@functools.lru_cache(maxsize=256)
def _measured(units: tuple[str, ...]) -> bool:
    """The question counts in units of measure (days, dollars, feet …), not things."""
    return all(any(m.startswith(u) for m in MEASURES) for u in units)


def measure(number: str) -> str:
    """What a number is written in: its sign ("$", "%") or the word after it ("12 days" → "days"), else "".

    >>> measure("$2 million"), measure("12%"), measure("12 days"), measure("12")
    ('$', '%', 'days', '')
    """
    if number[:1] in "$€£¥":
        return number[:1]
    if number.endswith("%") or number.endswith("percent"):
        return "%"
    words = number.split()
    return words[-1].lower() if len(words) > 1 and not words[-1][:1].isdigit() else ""


# A rate after an amount: "$17 an hour", "2 million barrels per day", "15 miles per hour" (not "$5 a year ago")
_RATE = re.compile(
    rf"(?:\s+{PLURAL_WORD})?\s+(?:a|an|per|each|every)\s+(?:hour|day|week|month|year|night|person|share|gallon|"
    r"litre|liter|barrel|ounce|pound|ton|tonne|mile|kilometre|kilometer|minute|second)\b"
    r"(?!\s+(?:ago|earlier|later|before|after|into)\b)"
)


def rated(sentence: str, span: Span) -> Span:
    """An amount with the rate the sentence gives right after it, as the answer to "how much / how fast …?"; else
    the span itself.

    >>> t = "Workers will make $17 an hour, the firm said, up from $15 a year ago; it pumps 2 million barrels per day."
    >>> [rated(t, Span(t.index(x), t.index(x) + len(x), x, "number")).text for x in ("$17", "$15", "2 million")]
    ['$17 an hour', '$15', '2 million barrels per day']
    """
    m = _RATE.match(sentence, span.end) if span.kind == "number" else None
    return Span(span.start, m.end(), sentence[span.start : m.end()], span.kind) if m else span


_HEDGE = re.compile(
    r"\b(?:(?:fewer|more|less)\s+than|nearly|almost|about|around|roughly|approximately|at\s+(?:least|most)|up\s+to|"
    r"over|under)\s+$",
    re.I,
)


def hedged(sentence: str, span: Span) -> Span:
    """An amount with the hedge the sentence puts before it ("fewer than 350": not 350); else the span itself.

    >>> t = "Fewer than 350 ferries are left, and nearly $40 a day buys a ticket for 12 people."
    >>> [hedged(t, Span(t.index(x), t.index(x) + len(x), x, "number")).text for x in ("350", "$40", "12")]
    ['Fewer than 350', 'nearly $40', '12']
    """
    m = _HEDGE.search(sentence, max(0, span.start - 24), span.start) if span.kind == "number" else None
    return Span(m.start(), span.end, sentence[m.start() : span.end], span.kind) if m else span


_TALLY = re.compile(r"[-–]\d+\b")


def tallied(sentence: str, span: Span) -> Span:
    """A score as news writes it: the number with the one after its dash ("won 31-20"); else the span itself.

    >>> tallied("Lakeport won 31-20 on Sunday.", Span(13, 15, "31", "number")).text
    '31-20'
    """
    m = _TALLY.match(sentence, span.end) if span.kind == "number" and span.text.isdigit() else None
    return Span(span.start, m.end(), sentence[span.start : m.end()], "number") if m else span


def as_count(
    sentence: str,
    span: Span,
    units: tuple[str, ...],
    score: bool,
    change: bool = False,
    age: bool = False,
    first: bool = False,
) -> tuple[Span, float]:
    """A number span as the answer to a number question, and how well it answers (1, 0.5 or 0): with the unit the
    question counts (``units``: "how many rounds" → "15 rounds"); half when it has no unit; none when it has another
    ("100 years") or names something ("Velling Bowl 56"). ``score``: the question asks for a score ("31-20"). A
    number the sentence does not call a change counts ``UNCHANGED`` of that when the question asks for one
    (``change``), and what a number was before a change ("from $5 to $6") ``FORMER`` of it when it does not; so does
    one the sentence says was so "initially", unless the question asks what was so first (``first``).

    >>> as_count("It took 15 rounds.", Span(8, 10, "15", "number"), ("round",), False)
    (Span(start=8, end=17, text='15 rounds', kind='number'), 1.0)
    >>> as_count("Velling Bowl 56 drew fans.", Span(13, 15, "56", "number"), (), False)[1]
    0.0
    >>> as_count("It hit thousands.", Span(7, 16, "thousands", "number"), ("hour",), False)[1]
    0.0
    >>> as_count("Its owner died at age 95.", Span(22, 24, "95", "number"), ("centur",), False)[1]
    0.0
    >>> as_count("They split two years later.", Span(10, 13, "two", "number"), ("year",), False, age=True)[1]
    0.0
    >>> as_count("They scored 24 points to win 38-35.", Span(12, 14, "24", "number"), (), True)[1]
    0.5
    >>> as_count("The fare is $6, up by $1.", Span(12, 14, "$6", "number"), ("dollar",), False, change=True)[1]
    0.25
    >>> as_count("It was initially 31 counts.", Span(17, 19, "31", "number"), ("count",), False)[1]
    0.25
    """
    if change:  # "by how much did it rise?": "$6,000" is what it is, "by $5" the change
        said = changed(sentence, span)
        stated, share = _counted(sentence, span, units, score, age and said)
        share *= 1.0 if said else UNCHANGED
    else:
        stated, share = _counted(sentence, span, units, score, age)
        share *= FORMER if former(sentence, span) else 1.0  # "from $5 to $6": $5 is what it was
    if not first and once(sentence, span):
        share *= FORMER  # "how many counts does he face?": not the 31 he was "initially charged with"
    return stated, share


LAPSE_WORDS = "later|earlier|after|afterward|afterwards|before"  # a time between two things: "two days before …"
_LAPSE = re.compile(rf"\s+(?:{LAPSE_WORDS}|into)\b")  # not "80 years ago"


# what a time asked for comes after ("missing for six days before …", "lasted five days before …", "within 30 days
# after …"): the words before a time between two things are any others ("Two days before the vote, …", "comes two
# days after …")
_DURATION_BEFORE = re.compile(
    r"\b(?:for|within|in|lasted|lasting|lasts|last|spent|spend|took|take|takes|served|serve|up\s+to|no\s+later\s+than|"
    r"at\s+least|about|nearly|almost|over|more\s+than|less\s+than)\s+$",
    re.I,
)
_BEFORE_AFTER = re.compile(rf"\s+(?:{LAPSE_WORDS})\b")


def lapsed(sentence: str, span: Span) -> bool:
    """The count is the time between two things the sentence tells ("Two days before the vote, the mayor …", "it
    comes two days after the vote"), not a time something took ("missing for six days before …").

    >>> t = "Two days before the vote, Velling was given 30 days to answer; it was missing for six days before."
    >>> [lapsed(t, Span(t.index(n), t.index(n) + len(n), n, "number")) for n in ("Two days", "30 days", "six days")]
    [True, False, False]
    """
    if _BEFORE_AFTER.match(sentence, span.end) is None:
        return False
    return _DURATION_BEFORE.search(sentence, max(0, span.start - 24), span.start) is None


def _counted(sentence: str, span: Span, units: tuple[str, ...], score: bool, age: bool) -> tuple[Span, float]:
    """``as_count`` before what the sentence says happened to the number."""
    if any(t.start <= span.start < t.end for t in times(sentence)):
        return span, 0.0  # "at 2 p.m.": a time of day ("what time …?" asks for times, not numbers)
    if age:  # "how old …?": "59 years", "37-year-old", "aged 59", "Ada Brook, 59,"; no other number
        counted = with_unit(sentence, span, units)
        if counted is not None and _LAPSE.match(sentence, counted.end):
            return counted, 0.0  # "they divorced two years later": a time that passed, no age
        return (counted, 1.0) if counted is not None else (span, 1.0 if aged(sentence, span) else 0.0)
    if units:
        counted = with_unit(sentence, span, units)
        if counted is not None:
            return counted, 1.0
        alone = other_unit(sentence, span, units) or labelled(sentence, span) or vague(span) or aged(sentence, span)
        return span, 0.0 if alone else 0.5  # "thousands" of what, or "at 95" (an age): no answer to "how long"
    if labelled(sentence, span):
        return span, 0.0
    if score:  # "what was the score?": "31-20" more than the "31 points" of one side
        tally = tallied(sentence, span)
        return tally, 1.0 if tally is not span else 0.5
    return span, 1.0
