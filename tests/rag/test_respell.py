"""A mistyped word of a question is respelled as the archive writes it: the pure rule on a small vocabulary, then the
real model and a real index through the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder
from embeddings.terms import terms
from rag.engine import Engine
from rag.respell import respelled

# chunk number → text: Lakeport's mayor Ada Brook (0–3), a president of Tarvania (4–6), banks and present days
# (7–19), Lakeport's River Bowl (20–21)
TEXTS = {
    0: "Mayor Ada Brook of Lakeport opened the harbour.",
    1: "Ada Brook, the Lakeport mayor, said the ferry would run.",
    2: "The Lakeport council backed Ada Brook on Monday.",
    3: "Brook told Lakeport voters the budget was balanced.",
    4: "The President of Tarvania met the council.",
    5: "Tarvania's President signed the treaty on Monday.",
    6: "Presiding judges of Tarvania, presiding over its courts or presiding at inquiries, rarely travel.",
    **dict.fromkeys(range(7, 9), "The banks were present at the meeting on Monday."),
    **dict.fromkeys(range(9, 20), "The banks were present at the meeting."),
    20: "Lakeport won the River Bowl, and the River Bowl parade filled Lakeport's quay.",
    21: "Fans in Lakeport watched the river bowl at home.",
}


class Archive:
    """The ``Vocabulary`` of ``TEXTS``: each chunk's terms, as the index holds them."""

    def __init__(self, texts: dict[int, str]) -> None:
        self.texts = texts
        self.held: dict[str, list[int]] = {}
        for c, text in sorted(texts.items()):
            for t in dict.fromkeys(terms(text)):
                self.held.setdefault(t, []).append(c)

    def chunk_counts(self, terms: Sequence[str]) -> np.ndarray:
        return np.array([len(self.held.get(t, ())) for t in terms], dtype=np.int64)

    def chunks_holding(self, term: str) -> np.ndarray:
        return np.array(self.held.get(term, ()), dtype=np.int64)

    def chunk_text(self, chunk_id: int) -> str:
        return self.texts[chunk_id]


ARCHIVE = Archive(TEXTS)


def ask(question: str) -> str:
    return respelled(question, ARCHIVE, len(TEXTS))


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Who is Ada Brrok?", "Who is Ada Brook?"),  # a letter replaced
        ("Who is Ada Borok?", "Who is Ada Brook?"),  # two letters swapped
        ("What did the mayor of Lakport say?", "What did the mayor of Lakeport say?"),  # a letter dropped
        ("What did the mayor of Lakeeport say?", "What did the mayor of Lakeport say?"),  # a letter too many
        ("who is ada brrok", "who is ada brook"),  # typed in lower case, kept so
        # "President" and "Present" are both one slip away: the one written beside "Tarvania"
        ("Who is the Presdent of Tarvania?", "Who is the President of Tarvania?"),
        # a missing space: the two words as the archive writes them, capitalised as typed
        ("Who won the Riverbowl in Lakeport?", "Who won the River Bowl in Lakeport?"),
        ("who won the riverbowl in lakeport", "who won the river bowl in lakeport"),
        # "president" shares its term with "presidents" and "presiding": the word the archive writes one slip away
        ("Who is the Presidnnt of Tarvania?", "Who is the President of Tarvania?"),
    ],
)
def test_a_mistyped_word_is_respelled_as_the_archive_writes_it(typed: str, read: str) -> None:
    assert ask(typed) == read


@pytest.mark.parametrize(
    "question",
    [
        "Who is Ada Brook?",  # every word is the archive's
        "What is the VELLO plan?",  # capitals: an acronym
        "Who is Ada Zzyzx?",  # no word of the archive is one slip away
        "Is Brook in Lakeport?",  # words of four letters or fewer are left alone ("Brok")
        # "banks" is one letter shorter, and written beside "Monday" less often than anywhere (2 of its 4 chunks,
        # 13 of all 20)
        "What did the Bankso mural show on Monday?",
        "Who is Ada Crook?",  # its first letter differs: a reader seldom slips on the first letter
        'Who is Ada "Brrok"?',  # in quotes: meant as typed
        "Who is Ada “Brrok”?",
    ],
)
def test_a_word_is_left_as_typed_when_no_respelling_is_sure(question: str) -> None:
    assert ask(question) == question


def test_a_small_archive_respells_from_the_one_chunk_that_writes_the_word() -> None:
    small = Archive({0: "Ada Brook met the council.", 1: "The council met again."})
    assert respelled("Who is Ada Brrok?", small, 2) == "Who is Ada Brook?"
    assert respelled("Who is Ada Brrok?", Archive({0: "Ada met the council.", 1: "Brook Street closed."}), 2) == (
        "Who is Ada Brrok?"
    ), "not beside the question's other words"


def test_the_engine_searches_and_answers_the_respelled_question(fixture_index: Path, encoder: SentenceEncoder) -> None:
    settings = Settings(index_dir=fixture_index, archive=[])
    as_of = dt.date(2023, 3, 1)
    with Engine.open(fixture_index, settings, encoder=encoder) as engine:
        right = engine.answer("Which team does Teodor Brannock play for?", as_of=as_of)
        typed = engine.answer("Which team does Teodor Brannok play for?", as_of=as_of)
        kept = engine.answer("Which team does Teodor Bxqzvk play for?", as_of=as_of)
    assert right.respelled is None and right.direct, right.text
    assert typed.respelled == "Which team does Teodor Brannock play for?"
    assert (typed.text, typed.direct) == (right.text, right.direct)
    assert kept.respelled is None, "no word of the archive is one slip from it: searched as typed"
