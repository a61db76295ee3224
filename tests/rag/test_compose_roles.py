"""The composer on "who …?" questions whose verb only gives a role ("who became the coach?", "who was identified as
the suspect?"): a sentence that calls someone the coach or the suspect answers them.

Pure: no model, no index. Every article, name and number here is invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rag.compose import compose
from rag.needs import needed
from rag.records import Passage


def _direct(question: str, *texts: str) -> str | None:
    """The direct answer from one untitled news passage per text, ranked in the order given."""
    pieces = {f"a{i}": t for i, t in enumerate(texts)}
    ps = [
        Passage(i, a, "", t, 0, len(t), 1.0, published=dt.date(2031, 3, 4), source="Paper", section="news", dense=0.6)
        for i, (a, t) in enumerate(pieces.items())
    ]  # fmt: skip
    return compose(question, ps, pieces).direct


@pytest.mark.parametrize(
    ("question", "text"),
    [
        (
            "Who became Kessa Lines' CEO in May and promised cheaper fares?",
            "Kessa Lines' new CEO Ada Hale said on Monday that fares would fall by a tenth.",
        ),
        (
            "Who was identified as the suspect in the Lakeport ferry fire?",
            "Relatives of suspect Jo Bell told police he had spoken of the Lakeport ferry before the fire.",
        ),
    ],
)
def test_a_role_said_of_a_name_answers_who_took_it(question: str, text: str) -> None:
    direct = _direct(question, text, "The Lakeport ferry sails twice a day from the Velling pier.")
    assert direct is not None and ("Ada Hale" in direct or "Jo Bell" in direct)


@pytest.mark.parametrize(
    ("question", "verb", "needs"),
    [
        ("Who became the Velling coach?", "becam", ["coach"]),
        ("Who was named the new Lakeport harbour master?", "nam", ["master"]),
        ("Who suspended the Velling coach?", "suspen", ["suspen"]),  # an act, not a role given
        ("Who became famous in Lakeport?", "becam", ["becam"]),  # no role: the verb stays
        ("Who has been named the Velling coach last week?", "been", ["coach"]),  # not "week"
        ("Who became a household name in Lakeport?", "becam", ["becam"]),  # a name is no role
    ],
)
def test_a_verb_that_gives_a_role_needs_the_role_said(question: str, verb: str, needs: list[str]) -> None:
    assert needed(question, "person", verb) == needs


def test_a_town_and_its_state_before_the_role_asked_for_still_ask_for_a_person() -> None:
    """ "Which Tarrow, Ohio, mayor …?" asks for the mayor, as "which Tarrow mayor …?" does, not for the commas' town."""
    direct = _direct(
        "Which Tarrow, Ohio, mayor planned to close the pier to ferries in May?",
        "After years of ferry noise in downtown Tarrow, Ohio, the city follows nearby Lakeport and closes its pier.",
        "Mayor Ada Hale told the Velling Post the pier would close to ferries in May.",
    )
    assert direct is not None and "Ada Hale" in direct
