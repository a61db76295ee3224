"""The composer on answers of a kind: counts, years, dates without a year, winners, and who someone is.

Pure: no model, no index. Every article, name and number here is invented.
"""

from __future__ import annotations

import datetime as dt

from rag.answer_type import counted_units, expected_type
from rag.compose import compose
from rag.records import Passage


def _pieces(texts: dict[str, str], day: dt.date = dt.date(2031, 3, 4)) -> list[Passage]:
    """One untitled news passage per article, each its whole text, ranked in the order given."""
    return [
        Passage(i, a, "", t, 0, len(t), 1.0, published=day, source="Paper", section="news", dense=0.6)
        for i, (a, t) in enumerate(texts.items())
    ]  # fmt: skip


def _answer(question: str, texts: dict[str, str], day: dt.date = dt.date(2031, 3, 4)) -> tuple[str | None, str]:
    out = compose(question, _pieces(texts, day), texts)
    return out.direct, out.text


def test_a_count_of_people_is_never_a_number_of_years() -> None:
    texts = {
        "a": "Velling storm: people died in the worst floods in 100 years.",
        "b": "People in Velling say the storm that died down on Monday was the worst in 100 years.",
        "c": "The storm in Velling killed 312 people, officials said on Monday.",
    }
    direct, text = _answer("How many people died in the Velling storm?", texts)
    assert direct == "312 people" and text.startswith("312 people [1].")


def test_the_counted_noun_ends_at_a_preposition() -> None:
    assert counted_units("After how many years as mayor did she resign?") == ("year",)
    assert counted_units("How many seconds before the bell did it ring?") == ("second",)


def test_a_what_year_question_wants_a_date_with_its_year() -> None:
    assert expected_type("In what year did the Velling bridge open?") == "year"
    texts = {
        "a": "The Velling bridge opened to traffic on March 4, the city said.",
        "b": "Built over a decade, the Velling bridge opened in 1987 after long delays.",
    }
    direct, text = _answer("In what year did the Velling bridge open?", texts)
    assert direct == "1987" and "March 4" not in text


def test_a_date_without_its_year_says_when_it_was_reported() -> None:
    texts = {"a": "The Velling bridge will reopen on March 14, the city said on Tuesday."}
    direct, text = _answer("When will the Velling bridge reopen?", texts, dt.date(2029, 3, 2))
    assert direct == "March 14"
    assert text.startswith("March 14 [1], as reported on 2029-03-02.")  # March 14 of 2029, not of today's year
    texts = {"a": "The Velling bridge will reopen on March 14, 2029, the city said on Tuesday."}
    assert _answer("When will the Velling bridge reopen?", texts)[1].startswith("March 14, 2029 [1].")


def test_what_is_won_is_not_who_won_it() -> None:
    texts = {
        "a": "He won his second Velling Cup MVP days after the final.",
        "b": "His Velling Cup MVP came days after he won the final.",
        "c": "The Lakeport Rovers won the Velling Cup final on Sunday, beating the Tarvania Hawks.",
    }
    direct, _ = _answer("Who won the Velling Cup final?", texts)
    assert direct == "Lakeport Rovers"  # not "Velling Cup MVP", which two pieces name beside "won"


def test_who_someone_is_comes_from_a_sentence_that_says_it() -> None:
    texts = {
        "a": "The next mayor will be Ada Brook, if the polls hold, a rival said.",
        "b": "Harbour Commissioner Ada Brook opened the new pier in Velling on Monday.",
    }
    out = compose("Who is Ada Brook?", _pieces(texts), texts)
    assert out.direct is None and out.text.startswith("Harbour Commissioner Ada Brook opened the new pier")


def test_a_count_joined_to_its_unit_is_the_answer_with_it() -> None:
    texts = {"a": "The 43-day strike at the Velling docks ended on Friday, the union said."}
    direct, text = _answer("How many days did the Velling strike last?", texts)
    assert direct == "43-day" and text.startswith("43-day [1].")


def test_a_vague_count_gives_way_to_a_number() -> None:
    texts = {
        "a": "Hundreds of people were killed in the Velling floods, officials feared on Monday.",
        "b": "Officials said on Tuesday that 52 people were killed in the Velling floods.",
    }
    direct, _ = _answer("How many people were killed in the Velling floods?", texts)
    assert direct == "52 people"


def test_a_name_with_initials_keeps_them() -> None:
    text = "E.J. Hale, an economist at the Velling Institute, said the tolls would be paid by drivers of e-bikes too."
    direct, _ = _answer("Who said the Velling tolls would be paid by drivers?", {"a": text})
    assert direct == "E.J. Hale"  # not ".J. Hale": "e" is written alone ("e-bikes"), but an initial is no word


def test_a_city_has_no_digits_and_is_no_initials() -> None:
    texts = {
        "a": "The U.N. hosted the COP31 climate summit for the first time in years.",
        "b": "The COP31 climate summit was hosted by Lakeport, officials said.",
        "c": "The U.N. said the COP31 summit hosted 190 nations.",
    }
    direct, _ = _answer("Which city hosted the COP31 climate summit?", texts)
    assert direct == "Lakeport"


def test_what_caused_it_is_answered_with_sentences() -> None:
    texts = {
        "a": "Heavy rain over the hills caused the Velling floods, forecasters said on Monday.",
        "b": "The Velling floods closed the Lakeport Road for a week.",
    }
    direct, text = _answer("What caused the Velling floods?", texts)
    assert direct is None and text.startswith("Heavy rain over the hills caused the Velling floods")


def test_who_are_the_candidates_names_them_all() -> None:
    texts = {
        "a": "The candidates for mayor of Velling are Ada Brook and Ilse Marrow, the election office said.",
        "b": "Ada Brook leads the polls in the race for mayor of Velling.",
    }
    direct, _ = _answer("Who are the candidates for mayor of Velling?", texts)
    assert direct == "Ada Brook and Ilse Marrow"
