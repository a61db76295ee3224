"""Yes-or-no questions: "Yes" only when a sentence says the claim, else the sentences.

Pure: no model, no index. Every article, name and number here is invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rag.compose import compose
from rag.polar import claim
from rag.records import Passage


def _pieces(texts: list[str], section: str = "news", title: str = "") -> tuple[list[Passage], dict[str, str]]:
    passages = [
        Passage(i, f"a{i}", title, t, 0, len(t), 1.0, published=dt.date(2031, 3, 4), source="Gazette", section=section,
                dense=0.6)
        for i, t in enumerate(texts)
    ]  # fmt: skip
    return passages, {p.article_id: p.text for p in passages}


# (question, the pieces' texts, how the answer opens)
SAID = {
    "a did-question said by a past tense": (
        "Did Velling close its Lakeport plant?",
        ["Velling closed its Lakeport plant on Monday, the company said."],
        "Yes [1]. Velling closed its Lakeport plant on Monday, the company said. [1]",
    ),
    "true or false is answered in its own words": (
        "True or false: Velling closed its Lakeport plant this week.",
        ["Velling closed its Lakeport plant on Monday, the company said."],
        "True [1]. Velling closed",
    ),
    "an irregular past and a number written out": (
        "Is it true that twelve ferries sank off Lakeport?",
        ["Officials said 12 ferries sank off Lakeport in the storm."],
        "Yes [1]. Officials said 12 ferries sank",
    ),
    "a modal after the verb is another clause's": (
        "Did Velling close its Lakeport plant?",
        ["Velling closed its Lakeport plant on Monday, and more plants could follow."],
        "Yes [1].",
    ),
    "a will-question said by a sentence about what will happen": (
        "Will Velling close its Lakeport plant?",
        ["Velling will close its Lakeport plant in May, the company said."],
        "Yes [1].",
    ),
    "a be-question said by its words, particle and all": (
        "Is the Lakeport strike over?",
        ["The Lakeport strike is over, the union said on Monday."],
        "Yes [1].",
    ),
    "a team's win, the subject before the verb": (
        "Did the Lakeport Rovers win the cup?",
        ["The Lakeport Rovers won the cup on Sunday, beating Velling 2-1."],
        "Yes [1].",
    ),
}


@pytest.mark.parametrize(("question", "texts", "opening"), SAID.values(), ids=SAID.keys())
def test_a_claim_a_sentence_says_is_answered_yes(question: str, texts: list[str], opening: str) -> None:
    passages, by_id = _pieces(texts)
    out = compose(question, passages, by_id)
    assert out.text.startswith(opening)
    assert out.direct == opening.split(" ")[0] and out.citations[0].quote == texts[0]


# (question, the pieces' texts): no sentence says the claim, so no verdict
NOT_SAID = {
    "hedged": ("Did Velling close its Lakeport plant?", ["Velling may close its Lakeport plant next year."]),
    "forecast": ("Will Velling cut its fares?", ["Velling officials predict fewer fare cuts this year."]),
    "a bet": ("Will Velling cut its fares?", ["Traders bet that Velling would cut its fares in May."]),
    "a plan is no deed": ("Did Velling close its Lakeport plant?", ["Velling plans to close its Lakeport plant."]),
    "a denial of something else": (
        "Did Velling close its Lakeport plant?",
        ["Velling closed its Lakeport plant, which had not made a profit, on Monday."],
    ),
    "the best sentences disagree": (
        "Did Velling close its Lakeport plant?",
        ["Velling closed its Lakeport plant on Monday.", "Velling has not closed its Lakeport plant, the union said."],
    ),
    "another place": ("Did Velling close its Tarvania plant?", ["Velling closed its Lakeport plant on Monday."]),
    "another number": ("Did Velling cut 400 jobs?", ["Velling cut 40 jobs at its Lakeport plant on Monday."]),
    "the subject does not do it": (
        "Did the Senate pass the toll bill?",
        ["The toll bill that the Senate opposed was passed by the House."],
    ),
    "another side won": ("Did the Lakeport Rovers win the cup?", ["Velling won the cup, beating the Lakeport Rovers."]),
    "another year's story told again": ("Did a quake strike Lakeport?", ["In 2011, a quake struck Lakeport."]),
    "a particle is part of the claim": (
        "Is the Lakeport strike over?",
        ["The Lakeport strike entered its third week on Monday, the union said."],
    ),
    "an infinitive is no deed": (
        "Did Velling close its Lakeport plant?",
        ["Velling agreed to close its Lakeport plant."],
    ),
    "a condition after the verb": (
        "Did Velling close its Lakeport plant?",
        ["Velling closed its Lakeport plant for a week, the union said, if only to cut costs."],
    ),
    "every term of the claim": ("Was the Lakeport outage caused by a flood?", ["The Lakeport outage caused delays."]),
    "a question is no statement": ("Did Velling close its Lakeport plant?", ["Did Velling close its Lakeport plant?"]),
}


@pytest.mark.parametrize(("question", "texts"), NOT_SAID.values(), ids=NOT_SAID.keys())
def test_a_claim_no_sentence_says_gets_the_sentences(question: str, texts: list[str]) -> None:
    passages, by_id = _pieces(texts)
    out = compose(question, passages, by_id)
    assert out.direct is None and not out.text.startswith(("Yes", "True", "No"))
    assert out.citations, "the reader still gets the sentences to judge"


DENIED = {
    "a perfect tense denied": ("Did Velling close its Lakeport plant?", "Velling has not closed its Lakeport plant.",
                               "No"),
    "a contraction": ("True or false: Velling closed its Lakeport plant.", "Velling didn't close its Lakeport plant.",
                      "False"),
    "a passive": ("Was the Velling ferry sold?", "The Velling ferry was never sold, its owners said.", "No"),
    "failed to": ("Did the council pass the toll bill?", "The council failed to pass the toll bill on Monday.", "No"),
}  # fmt: skip


@pytest.mark.parametrize(("question", "text", "word"), DENIED.values(), ids=DENIED.keys())
def test_a_claim_a_sentence_denies_is_answered_no(question: str, text: str, word: str) -> None:
    passages, by_id = _pieces([text])
    out = compose(question, passages, by_id)
    assert out.text == f"{word} [1]. {text} [1]" and out.direct == word


def test_a_commentary_piece_says_yes_only_in_its_own_words() -> None:
    passages, by_id = _pieces(["Lakeport lost its ferry because the council cut the harbour fund."], "opinion",
                              "Save the Ferry")  # fmt: skip
    out = compose("Did the council cut the harbour fund?", passages, by_id)
    assert out.text == (
        "Yes [1], according to “Save the Ferry” (2031-03-04). "
        "“Lakeport lost its ferry because the council cut the harbour fund.” [1]"
    )


@pytest.mark.parametrize(
    "question",
    ["Which plant did Velling close?", "Did Velling say why it closed the plant?", "Did Velling win or lose?",
     "Could you sum up the strike?", "Velling closed its plant."],
)  # fmt: skip
def test_other_questions_put_no_claim(question: str) -> None:
    assert claim(question) is None


# (question, the pieces' texts, the option answered, or None for the sentences)
EITHER = {
    "two names": (
        "Did Ada Brook or Mary Hale win the Lakeport race?",
        ["Mary Hale won the Lakeport race, and Ada Brook came second."],
        "Mary Hale",
    ),
    "two months, time words held": ("Is the summit in May or June?", ["The summit is in June, they said."], "June"),
    "two sides, each with its article": (
        "Did the Rovers or the Owls win the Lakeport cup?",
        ["The Owls won the Lakeport cup on Sunday, beating the Rovers 2-1."],
        "Owls",
    ),
    "both said": (
        "Did Ada Brook or Mary Hale win the Lakeport race?",
        ["Mary Hale won the Lakeport race.", "Ada Brook won the Lakeport race, the club said."],
        None,
    ),
    "the option nearest the verb is the one it says": (
        "Was Ada Brook or Jo Bell elected mayor?",
        ["Jo Bell handed the keys to newly elected Mayor Ada Brook on Monday."],
        None,
    ),
    "an option the sentence says in other words": (
        "Did Velling win or lose the Lakeport cup?",
        ["Velling won the Lakeport cup on Sunday."],
        None,
    ),
}


@pytest.mark.parametrize(("question", "texts", "option"), EITHER.values(), ids=EITHER.keys())
def test_an_either_or_question_is_answered_with_the_option_a_sentence_says(
    question: str, texts: list[str], option: str | None
) -> None:
    passages, by_id = _pieces(texts)
    out = compose(question, passages, by_id)
    assert out.direct == option
    if option is not None:
        quote, highlight = out.citations[0].quote, out.citations[0].highlight
        assert out.text.startswith(f"{option} [1].") and highlight is not None
        assert quote[highlight[0] : highlight[1]] == option
    else:
        assert len(out.citations) == len(texts), "the reader gets the sentences to judge"
