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
