"""Temporal expressions resolved against fixed as_of dates; 2023-01-05 is a Thursday."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from archive_chat.errors import BadQuery
from rag.dates import NO_TIME, TimeIntent, parse_iso_date, resolve_time

THURSDAY = date(2023, 1, 5)


def window(question: str, as_of: date = THURSDAY) -> tuple[date | None, date | None]:
    intent = resolve_time(question, as_of)
    return intent.since, intent.until


@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        ("Which bakery announced a new branch this week?", date(2022, 12, 30), THURSDAY),
        ("What happened over the past week?", date(2022, 12, 30), THURSDAY),
        ("Which film topped the box office this past week?", date(2022, 12, 30), THURSDAY),
        ("Who resigned last week?", date(2022, 12, 23), date(2022, 12, 29)),
        ("What did the harbour council say today?", THURSDAY, THURSDAY),
        ("Who won the game last night?", date(2023, 1, 4), date(2023, 1, 4)),
        ("Who was arrested yesterday?", date(2023, 1, 4), date(2023, 1, 4)),
        ("What rose this month?", date(2023, 1, 1), THURSDAY),
        ("What rose over the past month?", date(2022, 12, 7), THURSDAY),
        ("What fell last month?", date(2022, 12, 1), date(2022, 12, 31)),
        ("Who leads the league this year?", date(2023, 1, 1), THURSDAY),
        ("How far did the river rise over the past year?", date(2022, 1, 6), THURSDAY),
        ("Which band split last year?", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_relative_windows_are_fuzzy(question: str, since: date, until: date) -> None:
    intent = resolve_time(question, THURSDAY)
    assert (intent.since, intent.until) == (since, until)
    assert intent.strict is False


@pytest.mark.parametrize(
    ("question", "since", "until", "as_of"),
    [
        ("What happened in January?", date(2023, 1, 1), THURSDAY, THURSDAY),  # the current month, so far
        ("What happened in December?", date(2022, 12, 1), date(2022, 12, 31), THURSDAY),  # year boundary
        ("What happened in Jan 2023?", date(2023, 1, 1), date(2023, 1, 31), date(2023, 2, 24)),
        ("Who won in January 2022?", date(2022, 1, 1), date(2022, 1, 31), THURSDAY),
        ("Sales in Sept. 2022 were what?", date(2022, 9, 1), date(2022, 9, 30), THURSDAY),
        ("What was the record in March 2022?", date(2022, 3, 1), date(2022, 3, 31), THURSDAY),
        ("How far did it fall in February 2024?", date(2024, 2, 1), date(2024, 2, 29), date(2024, 3, 1)),
        ("Who was elected in 2022?", date(2022, 1, 1), date(2022, 12, 31), THURSDAY),
        ("Which choir plans to tour in 2023?", date(2023, 1, 1), THURSDAY, THURSDAY),  # clipped to as_of
        ("How much has it risen since March?", date(2022, 3, 1), THURSDAY, THURSDAY),
        ("What has changed since 2020?", date(2020, 1, 1), THURSDAY, THURSDAY),
        ("Who has led since Jan. 6, 2021?", date(2021, 1, 6), THURSDAY, THURSDAY),
        ("Stalls were flooded on Jan. 8. Where?", date(2023, 1, 8), date(2023, 1, 8), date(2023, 1, 13)),
        ("Where did the storm hit in late September?", date(2022, 9, 1), date(2022, 9, 30), THURSDAY),
        ("Which mill closed in mid-March 2022?", date(2022, 3, 1), date(2022, 3, 31), THURSDAY),
        ("Who resigned in early 2022?", date(2022, 1, 1), date(2022, 4, 30), THURSDAY),
        ("What did the mayor say in mid-2022?", date(2022, 5, 1), date(2022, 8, 31), THURSDAY),
        ("Who won the late 2022 runoff?", date(2022, 9, 1), date(2022, 12, 31), THURSDAY),
        ("Which ferry sank in the summer of 2022?", date(2022, 6, 1), date(2022, 8, 31), THURSDAY),
        ("What opened in fall 2022?", date(2022, 9, 1), date(2022, 11, 30), THURSDAY),
        ("Who froze in winter 2022?", date(2021, 12, 1), date(2022, 2, 28), THURSDAY),  # December before it
        ("What bloomed in spring 2023?", date(2023, 3, 1), date(2023, 4, 10), date(2023, 4, 10)),  # clipped
        ("What has changed since early 2022?", date(2022, 1, 1), THURSDAY, THURSDAY),
    ],
)
def test_calendar_ranges_are_strict(question: str, since: date, until: date, as_of: date) -> None:
    intent = resolve_time(question, as_of)
    assert (intent.since, intent.until, intent.strict) == (since, until, True)
    assert intent.recency == 0.0


@pytest.mark.parametrize(
    "question",
    [
        "Who won in 2024?",  # wholly after as_of
        "What is planned for March 2023?",
        "Who chaired the March 3 inquiry?",  # a name, not a date
        "What will open in late 2023?",  # wholly after as_of
        "Which team won the fall classic?",  # a season without a year names no window
        "Why did the Velling index fall 2000 points?",  # a verb before a number
        "Who survived the fall of 1950 feet?",
        "What did the late June Hale leave to the museum?",  # the late June Hale is someone
        "Who led the ferry board in the winter of 2021/22?",  # a two-year span: no window rather than a wrong one
        "Which maps were found in Mar-del-Oro?",
        "Which team does Teodor Brannock play for?",
        "What is the new law in New York?",  # plain "new" is not temporal
        "Which newspaper renewed its nowhere-known column?",
        "What did USA Today report about Black Friday sales?",
        "Prices may rise.",  # the modal verb; "in May" is a month, see below
    ],
)
def test_no_temporal_intent(question: str) -> None:
    assert resolve_time(question, THURSDAY) == NO_TIME
    assert NO_TIME == TimeIntent(None, None, 0.0)


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("Brannock collapsed on Monday. Which team?", date(2023, 1, 2)),
        ("Who spoke last Tuesday?", date(2023, 1, 3)),
        ("Who was arrested Wednesday?", date(2023, 1, 4)),
        ("What happened on Thursday?", THURSDAY),  # the as_of weekday itself
        ("What was announced Friday?", date(2022, 12, 30)),
        ("The ferry sailed Sunday.", date(2023, 1, 1)),
    ],
)
def test_weekday_is_latest_such_day_on_or_before_as_of(question: str, day: date) -> None:
    intent = resolve_time(question, THURSDAY)
    assert (intent.since, intent.until, intent.recency) == (day, day, 1.0)
    assert intent.strict is False


def test_since_a_weekday_runs_to_as_of() -> None:
    assert window("What has happened since Monday?") == (date(2023, 1, 2), THURSDAY)


def test_weekend_is_the_latest_one_begun() -> None:
    assert window("Who watched the regatta this past weekend?", date(2023, 2, 16)) == (
        date(2023, 2, 11),
        date(2023, 2, 12),
    )
    saturday = date(2023, 2, 18)
    assert window("What opened last weekend?", saturday) == (saturday, saturday)


@pytest.mark.parametrize(
    ("question", "recency"),
    [
        ("Which bakery is the latest to cut prices?", 1.0),
        ("What did the food agency recently add?", 1.0),
        ("Who is now in charge?", 1.0),
        ("Which roadworks are currently underway?", 1.0),
        ("Newly opened cafés serve what?", 1.0),
        ("The newest tram has which colour?", 1.0),
        ("What does a new study suggest?", 0.5),
        ("Who stars in the upcoming pantomime?", 0.5),
        ("Who plays tomorrow?", 1.0),
    ],
)
def test_recency_words_without_window(question: str, recency: float) -> None:
    intent = resolve_time(question, THURSDAY)
    assert (intent.since, intent.until, intent.strict) == (None, None, False)
    assert intent.recency == recency


def test_recency_strength_by_scale() -> None:
    assert resolve_time("this week", THURSDAY).recency == 1.0
    assert resolve_time("this month", THURSDAY).recency == 0.5
    assert resolve_time("this year", THURSDAY).recency == 0.5
    assert resolve_time("last year", THURSDAY).recency == 0.0  # the window says it; newer is not better


def test_case_insensitive_and_word_bounded() -> None:
    assert window("WHO RESIGNED THIS WEEK?") == (date(2022, 12, 30), THURSDAY)
    assert resolve_time("Is it thisweek or nowadays-ish knowledge?", THURSDAY) == NO_TIME
    assert resolve_time("What happens this weekend?", THURSDAY).since == date(2022, 12, 31)  # not "this week"


def test_in_may_is_a_month() -> None:
    assert window("What happened in May?") == (date(2022, 5, 1), date(2022, 5, 31))


def test_a_day_later_this_month_is_future_not_last_year() -> None:
    assert resolve_time("Which choirs sing on February 12?", date(2023, 2, 2)) == NO_TIME


def test_combinations() -> None:
    # A weekday inside "this week": the window spans both; the finest scale keeps the week.
    assert window("Brannock was taken to hospital this week after a match on Monday.") == (date(2022, 12, 30), THURSDAY)
    # Week beats year: "confirmed this week its timetable for this year" is about this week.
    intent = resolve_time("Which ferry firm confirmed this week its timetable for this year?", date(2023, 2, 24))
    assert (intent.since, intent.until, intent.recency) == (
        date(2023, 2, 18),
        date(2023, 2, 24),
        1.0,
    )
    # Relative beats calendar background ("in 2018"), and is not strict.
    intent = resolve_time("The bakery opened in 2018 and moved to the quay this week.", THURSDAY)
    assert (intent.since, intent.strict) == (date(2022, 12, 30), False)
    # Calendar ranges of one scale: the hull, still strict.
    intent = resolve_time("Compare growth in 2019 with growth in 2021.", THURSDAY)
    assert (intent.since, intent.until, intent.strict) == (date(2019, 1, 1), date(2021, 12, 31), True)
    # A window from one word, recency from another.
    intent = resolve_time("Which newly repaired pier drew record crowds last year?", THURSDAY)
    assert (intent.since, intent.until, intent.recency) == (date(2022, 1, 1), date(2022, 12, 31), 1.0)


PHRASES = [
    "today",
    "yesterday",
    "this week",
    "last week",
    "past week",
    "this weekend",
    "this month",
    "last month",
    "past month",
    "this year",
    "last year",
    "past year",
    "in January",
    "in December",
    "in Feb",
    "since March",
    "in 2023",
    "since 2022",
    "on Monday",
    "last Sunday",
    "since Saturday",
    "on Feb. 29",
    "on Dec 31",
]
AS_OF_DATES = [date(2023, 1, 1), date(2023, 3, 1), date(2024, 2, 29), date(2024, 12, 31)] + [
    date(2023, 1, 3) + timedelta(days=13 * i) for i in range(28)
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_windows_never_pass_as_of(phrase: str) -> None:
    for as_of in AS_OF_DATES:
        intent = resolve_time(f"What happened {phrase}?", as_of)
        if intent.since is not None:
            assert intent.until is not None
            assert intent.since <= intent.until <= as_of, (phrase, as_of, intent)


def test_time_intent_is_checked_and_frozen() -> None:
    with pytest.raises(ValueError):
        TimeIntent(date(2023, 2, 1), date(2023, 1, 1), 0.0)
    with pytest.raises(ValueError):
        TimeIntent(None, None, -1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        NO_TIME.recency = 1.0  # type: ignore[misc]


def test_parse_iso_date() -> None:
    assert parse_iso_date("2023-01-05", field="as_of") == THURSDAY
    assert parse_iso_date("2024-02-29", field="as_of") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "value",
    ["", "2023-1-5", "20230105", "2023-W01-4", "2023-01-05T00:00", " 2023-01-05", "２０２３-01-05"],
)
def test_parse_iso_date_rejects(value: str) -> None:
    with pytest.raises(BadQuery) as raised:
        parse_iso_date(value, field="since")
    assert str(raised.value) == f"since: expected YYYY-MM-DD, got {value!r}"


def test_a_well_written_day_that_does_not_exist_is_called_so() -> None:
    with pytest.raises(BadQuery) as raised:
        parse_iso_date("2023-02-30", field="since")
    assert str(raised.value) == "since: no such day (the date is YYYY-MM-DD), got '2023-02-30'"
