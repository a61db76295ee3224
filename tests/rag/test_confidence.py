"""The evidence rule both answer modes abstain on (``rag.confidence.weigh``)."""

from __future__ import annotations

import datetime as dt

from rag.compose import Weights
from rag.confidence import weigh
from rag.records import Passage

TEXT = "Jo de Wren, the Velling museum's director, told senators on Monday that the alarms had failed."


def _weigh(question: str, dense: float) -> bool:
    p = Passage(0, "a", "", TEXT, 0, len(TEXT), 1.0, published=dt.date(2031, 3, 4), source="Paper", dense=dense)
    return weigh(question, [p], {"a": TEXT}, Weights(), abstain_below=0.4, abstain_confidence=0.08).abstained


def test_who_a_rare_name_is_is_answered_when_the_sentences_quoted_name_it() -> None:
    """The model knows no rare name, so no passage is close to "Who is Jo de Wren?" by meaning; the sentence that
    names her is the answer all the same, typed in capitals or not."""
    assert not _weigh("Who is Jo de Wren?", dense=0.3) and not _weigh("who is jo de wren", dense=0.3)


def test_a_question_no_passage_is_close_to_still_abstains() -> None:
    assert _weigh("Who is Ada Brook?", dense=0.3)  # not named by the sentence
    assert _weigh("What did the museum's director tell senators?", dense=0.3)  # no name asked about
    assert not _weigh("What did the museum's director tell senators?", dense=0.6)


def test_a_question_naming_someone_in_full_is_answered_when_the_sentences_quoted_name_them() -> None:
    """ "What did Jo de Wren tell senators?" asks about a rare name as much as "Who is …?" does: no passage is close
    to it by meaning, and the sentence that names her is the answer."""
    assert not _weigh("What did Jo de Wren tell senators on Monday?", dense=0.3)
    assert _weigh("What did Ada Brook tell senators on Monday?", dense=0.3)  # named by no sentence: abstains


def test_letters_a_reader_asks_to_have_spelled_out_are_answered_with_the_name_a_sentence_gives() -> None:
    """ "What does VMA stand for?" is close to no passage by meaning either; the sentence that spells it out is the
    answer, its name first."""
    text = "The Velling Museum Authority, known as VMA, closed the north hall on Monday."
    p = Passage(0, "a", "", text, 0, len(text), 1.0, published=dt.date(2031, 3, 4), source="Paper", dense=0.3)
    ev = weigh("What does VMA stand for?", [p], {"a": text}, Weights(), abstain_below=0.4, abstain_confidence=0.08)
    assert not ev.abstained and ev.composed.direct == "Velling Museum Authority"
    assert ev.composed.text.startswith("Velling Museum Authority [1].")
    quote, (start, end) = ev.composed.citations[0].quote, ev.composed.citations[0].highlight or (0, 0)
    assert quote[start:end] == "Velling Museum Authority"
    assert _weigh("What does VMA stand for?", dense=0.3)  # the sentence of the other tests spells out no VMA
