"""Dates are data: turn the temporal words of a question into a window and a recency preference.

Everything is relative to ``as_of``, the day the question is asked; a window never runs past it.
Windows name the period the question talks about. Coverage of an event is published during and after
it, so only explicit calendar ranges ("in 2022", "since March") are marked ``strict``; the retriever
decides whether a window filters or merely boosts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from archive_chat.errors import BadQuery

_DAY, _GENERAL, _MONTH, _SEASON, _YEAR = 7.0, 14.0, 30.0, 91.0, 180.0  # the scale of the word, in days


@dataclass(frozen=True, slots=True)
class TimeIntent:
    """What a question says about time: an inclusive window and how strongly to prefer recent articles."""

    since: date | None
    until: date | None
    recency: float  # 0 = no preference; larger = stronger (1.0 for "this week", 0.5 for "this year")
    strict: bool = False  # True only for explicit calendar ranges ("in 2022", "since March")
    alone: bool = False  # the question asks about its time and nothing else ("what happened last week?")

    def __post_init__(self) -> None:
        if self.recency < 0:
            raise ValueError(f"recency must be >= 0, got {self.recency}")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ValueError(f"window since {self.since} is after until {self.until}")


NO_TIME = TimeIntent(None, None, 0.0)


@dataclass(frozen=True, slots=True)
class _Hit:
    """One temporal expression, resolved."""

    window: tuple[date, date] | None
    recency: float
    scale: float  # in days: 7 for days and weeks, 30 for months, 91 for seasons, 180 for years; the finest windowed
    # scale wins
    calendar: bool = False


_Rule = Callable[[re.Match[str], date], _Hit | None]

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "Black Friday", "Super Tuesday", "Easter Sunday" name days of the year, not the latest such weekday.
_NAMED_DAYS = frozenset(
    "black cyber good ash super easter palm holy bloody fat shrove maundy blue giving business".split()
)
_NEWS_NOUNS = "study|studies|report|reports|survey|poll|data|figures|research|analysis|estimates?|numbers|statistics"


def _fixed(window: Callable[[date], tuple[date, date]] | None, recency: float, scale: float) -> _Rule:
    """A rule for a phrase whose meaning depends only on as_of."""
    return lambda _match, as_of: _Hit(window(as_of) if window else None, recency, scale)


def _month_start(day: date, months_back: int = 0) -> date:
    """First day of the month ``months_back`` before ``day``'s: _month_start(date(2023, 1, 5), 1) == 2022-12-01."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _month_end(start: date) -> date:
    """Last day of the month starting at ``start``."""
    return _month_start(start + timedelta(days=31)) - timedelta(days=1)


def _calendar(start: date, end: date, since: bool, as_of: date, scale: float) -> _Hit | None:
    """An explicit calendar range clipped to as_of, or None when it lies wholly in the future."""
    if start > as_of:
        return None
    return _Hit((start, as_of if since else min(end, as_of)), 0.0, scale, calendar=True)


def _since(match: re.Match[str]) -> bool:
    """The rule's preposition is "since": the window runs on to the question's date ("since March")."""
    return (match["prep"] or "").lower() == "since"


def _month_rule(match: re.Match[str], as_of: date) -> _Hit | None:
    """'in January', 'since Jan. 6', 'January 2023', 'in late September'; a month without a year is the latest one
    not after as_of."""
    prep, day, year = match["prep"], match["day"], match["year"]
    if prep is None and (year is None or day is not None):  # "the January 6 committee" names an event, "the late
        return None  # June Hale" someone
    month = MONTHS[match["month"].lower()]
    resolved = int(year) if year else as_of.year if month <= as_of.month else as_of.year - 1
    since = _since(match)
    if day is None:
        start = date(resolved, month, 1)
        return _calendar(start, _month_end(start), since, as_of, _MONTH)
    try:
        exact = date(resolved, month, int(day))
    except ValueError:
        return None
    return _calendar(exact, exact, since, as_of, _DAY)


def _year_rule(match: re.Match[str], as_of: date) -> _Hit | None:
    """'in 2022', 'during 2022', 'since 2020'."""
    year = int(match["year"])
    return _calendar(date(year, 1, 1), date(year, 12, 31), _since(match), as_of, _YEAR)


# Early, mid and late in a year: its thirds. The seasons as meteorologists count them, winter's months the December
# before its year's January and February ("winter 2031": December 2030 to February 2031).
_THIRDS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (-1, 2)}


def _part_rule(match: re.Match[str], as_of: date) -> _Hit | None:
    """'in early 2022', 'since mid-2024', 'the late 2023 runoff'; 'in summer 2024', 'the fall of 2022', 'during winter
    2031'."""
    year = int(match["year"])
    part = match["part"].lower()
    first, last = _THIRDS[part] if part in _THIRDS else _SEASONS[part]
    start = date(year - 1, 12, 1) if first < 0 else date(year, first, 1)
    scale = _YEAR if part in _THIRDS else _SEASON
    return _calendar(start, _month_end(date(year, last, 1)), _since(match), as_of, scale)


def _weekday_rule(match: re.Match[str], as_of: date) -> _Hit | None:
    """'on Monday', 'last Tuesday', 'arrested Monday': the latest such weekday on or before as_of."""
    if match["prep"] is None:
        before = re.findall(r"\w+", match.string[: match.start()])
        if before and before[-1].lower() in _NAMED_DAYS:
            return None
    day = as_of - timedelta(days=(as_of.weekday() - WEEKDAYS.index(match["weekday"].lower())) % 7)
    until = as_of if _since(match) else day
    return _Hit((day, until), 1.0, _DAY)


def _weekend(as_of: date) -> tuple[date, date]:
    """The latest Saturday–Sunday that has begun by as_of."""
    saturday = as_of - timedelta(days=(as_of.weekday() - 5) % 7)
    return saturday, min(saturday + timedelta(days=1), as_of)


def _days(first: int, last: int = 0) -> Callable[[date], tuple[date, date]]:
    """The window from ``first`` to ``last`` days before as_of."""
    return lambda as_of: (as_of - timedelta(days=first), as_of - timedelta(days=last))


def _previous_month(as_of: date) -> tuple[date, date]:
    start = _month_start(as_of, 1)
    return start, _month_end(start)


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_RULES: tuple[tuple[str, _Rule], ...] = (
    (
        r"(?<!\busa\s)\btoday\b(?!\s+show)|\btonight\b|\bthis\s+(?:morning|afternoon|evening)\b",
        _fixed(_days(0), 1.0, _DAY),
    ),
    (r"\byesterday\b|\blast\s+night\b", _fixed(_days(1, 1), 1.0, _DAY)),
    (r"\b(?:this|past)\s+week\b", _fixed(_days(6), 1.0, _DAY)),
    (r"\blast\s+week\b", _fixed(_days(13, 7), 0.0, _DAY)),
    (r"\b(?:this\s+past|past|last|this)\s+weekend\b", _fixed(_weekend, 1.0, _DAY)),
    (r"\bthis\s+month\b", _fixed(lambda d: (_month_start(d), d), 0.5, _MONTH)),
    (r"\bpast\s+month\b", _fixed(_days(29), 0.5, _MONTH)),
    (r"\blast\s+month\b", _fixed(_previous_month, 0.0, _MONTH)),
    (r"\bthis\s+year\b", _fixed(lambda d: (date(d.year, 1, 1), d), 0.5, _YEAR)),
    (r"\bpast\s+year\b", _fixed(_days(364), 0.5, _YEAR)),
    (r"\blast\s+year\b", _fixed(lambda d: (date(d.year - 1, 1, 1), date(d.year - 1, 12, 31)), 0.0, _YEAR)),
    (r"\b(?:latest|recent|recently|newly|newest|now|currently|current)\b", _fixed(None, 1.0, _GENERAL)),
    (r"\b(?:what(?:'s|’s|s|\s+is)|anything)\s+new\s*[?.!]*$", _fixed(None, 1.0, _GENERAL)),  # "what's new?"
    (rf"\bnew\s+(?:{_NEWS_NOUNS})\b", _fixed(None, 0.5, _MONTH)),  # plain "new" is not temporal: "New York"
    (r"\b(?:tomorrow|next\s+week)\b", _fixed(None, 1.0, _DAY)),  # the future is covered by today's news
    (r"\b(?:upcoming|next\s+month)\b", _fixed(None, 0.5, _MONTH)),
    (
        rf"(?:\b(?P<prep>in|during|since|on)\s+)?(?:\b(?P<part>{'|'.join(_THIRDS)})[-\s]+)?"
        rf"\b(?P<month>{_MONTH_NAMES})\b(?!-)\.?"
        r"(?:\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?:of\s+)?(?P<year>[1-9][0-9]{3})\b)?",
        _month_rule,
    ),
    (r"\b(?P<prep>in|during|since)\s+(?P<year>[1-9][0-9]{3})\b", _year_rule),
    (  # after a preposition or "the" (not "why did the Dow fall 2000 points?"); a year of 1900-2099 alone (not "the
        # winter of 2030/31", nor "a fall of 1950 feet")
        rf"\b(?:(?P<prep>in|during|since|by|until|through)\s+|the\s+)(?:the\s+)?"
        rf"(?P<part>{'|'.join((*_THIRDS, *_SEASONS))})(?:-|\s+(?:of\s+)?)(?P<year>(?:19|20)[0-9]{{2}})\b"
        r"(?![/–-][0-9])(?!\s+(?:points?|feet|foot|ft|meters?|metres?|miles?|yards?|inches|percent|people)\b)",
        _part_rule,
    ),
    (rf"(?:\b(?P<prep>on|last|since|this\s+past|past)\s+)?\b(?P<weekday>{'|'.join(WEEKDAYS)})\b", _weekday_rule),
)
_COMPILED = tuple((re.compile(pattern, re.IGNORECASE), rule) for pattern, rule in _RULES)


def resolve_time(question: str, as_of: date) -> TimeIntent:
    """Resolve the temporal words of ``question`` asked on ``as_of``.

    Relative expressions ("this week", "Monday", "last year") date the event being asked about and win
    over calendar ones ("in 2018", "since March"), which in news questions are usually background; among
    those the finest scale wins (day/week over month over year: "confirmed this week its timetable for this
    year" is about this week), and the window spans every expression at that scale. Recency comes from
    the strongest recency word. Example, asked on Thursday 2031-03-06: "closed this week after a
    storm on Monday" -> since 2031-02-28, until 2031-03-06, recency 1.0, strict False. ``alone`` says the
    question asks about that time and nothing else: its window is then a filter, not a preference.

    >>> resolve_time("What happened last week?", date(2031, 3, 6)).alone
    True
    >>> resolve_time("What happened to the ferry last week?", date(2031, 3, 6)).alone
    False
    >>> [resolve_time(q, date(2031, 3, 6)).alone for q in ("What are the latest articles?", "What's new?")]
    [True, True]
    """
    matches = [(match, rule) for pattern, rule in _COMPILED for match in pattern.finditer(question)]
    hits = [hit for match, rule in matches if (hit := rule(match, as_of))]
    if not hits:
        return NO_TIME
    alone = _nothing_else(question, [match.span() for match, _ in matches])
    recency = max(hit.recency for hit in hits)
    kinds = [(hit.calendar, hit.scale) for hit in hits if hit.window]
    if not kinds:
        return TimeIntent(None, None, recency, alone=alone)
    calendar, scale = min(kinds)
    spans = [hit.window for hit in hits if hit.window and (hit.calendar, hit.scale) == (calendar, scale)]
    since, until = min(s for s, _ in spans), max(u for _, u in spans)
    return TimeIntent(since, until, recency, strict=calendar, alone=alone)


WINDOW_SLACK_DAYS = 3  # coverage of an event runs a few days past it


def leans_recent(intent: TimeIntent | None) -> bool:
    """The question's time leans to recent news ("this week", "latest", "on Monday"): recency above 0."""
    return intent is not None and intent.recency > 0


def in_window(published: date, intent: TimeIntent, slack_days: int = WINDOW_SLACK_DAYS) -> bool:
    """``published`` lies in the question's window, or up to ``slack_days`` after it (follow-up coverage).

    >>> week = TimeIntent(date(2031, 3, 1), date(2031, 3, 7), 1.0)
    >>> in_window(date(2031, 3, 9), week), in_window(date(2031, 2, 28), week), in_window(date(2031, 3, 11), week)
    (True, False, False)
    """
    if intent.since and published < intent.since:
        return False
    return not (intent.until and (published - intent.until).days > slack_days)


# Words that leave a question about nothing but its time: "What happened last week?", "Top stories today".
_NO_TOPIC = frozenset(
    "what whats happened happen happening news going on new top stories story headlines biggest big main events event "
    "anything something important major there any were was are is the in of day world articles article pieces piece "
    "reports published".split()
)


def _nothing_else(question: str, spans: list[tuple[int, int]]) -> bool:
    """Outside its time expressions (``spans``), the question holds only words that name no topic."""
    rest = list(question)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    words = re.findall(r"[a-z]+", "".join(rest).lower().replace("’", "").replace("'", ""))
    return all(w in _NO_TOPIC for w in words)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_iso_date(value: str, *, field: str) -> date:
    """Parse a strict YYYY-MM-DD date, naming ``field`` and what is wrong (``date_problem``) in the BadQuery
    otherwise."""
    problem = date_problem(value)
    if problem is not None:
        raise BadQuery(f"{field}: {problem}, got {value!r}")
    return date.fromisoformat(value)


def date_problem(value: str) -> str | None:
    """What is wrong with a date given as text, or None: it is not written YYYY-MM-DD, or that day does not exist.

    >>> date_problem("2031-02-03"), date_problem("03/02/2031"), date_problem("2031-02-30")
    (None, 'expected YYYY-MM-DD', 'no such day (the date is YYYY-MM-DD)')
    """
    if not _ISO_DATE.fullmatch(value):
        return "expected YYYY-MM-DD"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "no such day (the date is YYYY-MM-DD)"
    return None
