"""The composer on names that a party, a home state or an occupation sits beside ("Rep. Jo Bell of Ohio", "Rep. Jo
Bell, R-Lake Tarrow", "a Velling Republican", "rapper Post Tarrow", "state-owned Kessa Lines", "inspector Ada Hale"),
on names that are no one's ("the Second Velling War", "Tarrow Avenue"), and on roles a verb gives ("who became the
coach?": "new coach Ada Hale" answers) or a town's state sits before ("which Tarrow, Ohio, mayor …?"); on names that
end with their number ("Article 12"), names given with an age ("Dana Voss, 42,": no place), the outlet a piece
comes from (no answer about its story), roles titled with the verb asked ("Judge Ada Hale sentenced …") and roles
asked of one nation ("the Ugandan foreign minister": not Kenya's).

Pure: no model, no index. Every article, name and number here is invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rag.answer_type import expected_type
from rag.asks import asks_score
from rag.compose import compose
from rag.extract import Span
from rag.kinds import fits
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


def test_a_person_is_named_without_the_state_she_is_from() -> None:
    """The span rules join "Ada Hale of Ohio" (as they join "Bank of Velling"); "who …?" reads the person in it."""
    direct = _direct(
        "Who opposed the Velling ferry levy on Monday?",
        "Rep. Ada Hale of Ohio said on Monday that she opposed the Velling ferry levy.",
        "The Velling ferry levy passed the Lakeport Assembly on Monday.",
    )
    assert direct is not None and "Ada Hale" in direct and "Ohio" not in direct


def test_an_occupation_before_a_name_says_a_person_whatever_its_words() -> None:
    """ "Post" is a paper's word ("the Velling Post"), but "rapper Post Tarrow" is someone."""
    direct = _direct(
        "Which rapper made his debut in the Lakeport film?",
        "The Lakeport film marks the acting debut of rapper Post Tarrow, who plays a boxer.",
        "The Lakeport film was shot by Velling Studios.",
    )
    assert direct == "Post Tarrow"


def test_a_state_owned_company_is_a_company_not_a_state() -> None:
    direct = _direct(
        "Which state-owned company runs the Velling ferry?",
        "The Velling ferry is run by state-owned Kessa Lines, the ministry said.",
        "The Velling ferry sails from Ohio to Lakeport.",
    )
    assert direct == "Kessa Lines"


def test_a_party_s_adjective_is_no_thing_asked_for() -> None:
    direct = _direct(
        "Which car was first built in Lakeport?",
        "The Republican convention opened in Lakeport on Monday, in the town where the first car was built.",
        "Lakeport built the first Tarrow Roadster, a car, in 1941.",
    )
    assert direct == "Tarrow Roadster"


@pytest.mark.parametrize(
    "question,kind",
    [("Which Velling Democrat won the seat?", "person"), ("Which Lakeport Republicans said no?", "person"),
     ("Which Velling Republican voted against the levy?", "person"), ("Which Republican bill passed?", "thing"),
     ("Which state-run broadcaster aired it?", "thing"), ("Which states signed the pact?", "state"),
     ("Which state agency approved the Velling footage?", "thing"), ("Which state parks closed?", "thing"),
     ("Which state sold the most Velling bonds?", "state")],
)  # fmt: skip
def test_a_party_s_member_is_a_person_and_its_bill_a_thing(question: str, kind: str) -> None:
    assert expected_type(question) == kind


def test_a_party_and_home_after_a_lawmaker_s_name_is_no_one() -> None:
    direct = _direct(
        "Who sponsored the Velling ferry bill?",
        "Rep. Ada Hale, R-Lake Tarrow, the sponsor of the Velling ferry bill, spoke on Monday.",
        "The Velling ferry bill goes to the Lakeport Assembly next.",
    )
    assert direct is not None and "Ada Hale" in direct


@pytest.mark.parametrize("name", ["Second Velling War", "Tarvania Wars", "Tarrow Avenue"])
def test_a_war_an_avenue_or_a_party_tag_is_no_person(name: str) -> None:
    assert fits("person", Span(0, len(name), name, "name")) == 0.0


def test_a_party_tag_is_read_only_where_it_is_set_off_after_a_name() -> None:
    assert (
        _direct("Who opened the Velling fair?", "Rep. Ada Hale, D-Kessa, opened the Velling fair.") == "Rep. Ada Hale"
    )
    assert _direct("Which anniversary did Lakeport mark?", "Lakeport marked the anniversary of D-Day.") == "D-Day"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which knee specialist saw Jo Bell?", "person"),
        ("Which columnist wrote about the Velling fair?", "person"),
        ("Which consultant firm did Velling hire?", "thing"),
    ],
)
def test_a_specialist_or_a_columnist_is_a_person_but_not_a_consultant_firm(question: str, kind: str) -> None:
    assert expected_type(question) == kind


def test_an_inspector_is_a_person_and_a_vote_s_count_a_score() -> None:
    assert expected_type("Which harbour inspector found the leak in Lakeport?") == "person"
    question = "What was the final count on the Velling vote to adjourn?"
    assert expected_type(question) == "number" and asks_score(question)
    assert not asks_score("What was the count of ballots?")


def test_whose_record_is_answered_by_its_owner() -> None:
    """ "Whose record did she break?" is answered by the name that owns a record ("Kessa Tarrow's record"), not by
    a name the headlines repeat beside it."""
    direct = _direct(
        "Whose all-time wins record did Ada Hale break at the Lakeport games?",
        "Lakeport games live: Jo Bell wins the sprint, Ada Hale breaks all-time record",
        "Lakeport games rundown: Jo Bell wins the sprint, Ada Hale breaks all-time wins record",
        "Ada Hale breaks Kessa Tarrow's record for all-time wins at the Lakeport games.",
    )
    assert direct == "Kessa Tarrow"


def test_a_portfolio_and_a_person_is_less_likely_a_city_than_an_unknown_town() -> None:
    """ "Which city …?": "Climate Minister Mary Tarrow" (a portfolio and a name) is no town, however the gazetteer
    knows neither; "Lake Velling Springs", unknown too, may be one."""
    person, town = "Climate Minister Mary Tarrow", "Lake Velling Springs"
    assert fits("city", Span(0, len(person), person, "name")) < fits("city", Span(0, len(town), town, "name")) / 2
    assert fits("city", Span(0, len(town), town, "name")) == fits("city", Span(0, 8, "Lakeport", "name"))
    assert fits("city", Span(0, 15, "Velling Capitol", "name")) < fits("city", Span(0, 8, "Lakeport", "name")) / 2


def test_a_house_named_for_a_person_is_the_house_asked_for() -> None:
    """ "Which fashion house …?": a piece calls "Mary Hale" a fashion house, so its given name makes it no person."""
    direct = _direct(
        "Which fashion house named Jo Tarrow its creative director?",
        "Jo Tarrow has been named creative director of Mary Hale menswear.",
        "The Lakeport fashion house Mary Hale has hired young designers before.",
        "Jo Tarrow, named creative director, worked at Kessa Studio for a decade.",
    )
    assert direct == "Mary Hale"


def test_a_firm_s_own_s_is_part_of_its_name() -> None:
    """ "Kessa's stripped Velling of its rating": the span rules read a possessive, but nothing follows that it
    owns."""
    direct = _direct(
        "Which ratings agency stripped Velling of its top credit rating?",
        "On Friday, Kessa's stripped Velling of its top credit rating, a blow to the city's budget.",
        "Velling's budget office said the loss of its credit rating was expected.",
    )
    assert direct == "Kessa's"


def test_which_state_s_city_is_the_town_written_with_that_state() -> None:
    direct = _direct(
        "In which Ohio city does Velling Bank have its trading operations?",
        "Velling Bank cut jobs in Kessa and the United States, where it has trading operations in Tarrow, Ohio, "
        "near Lakeport.",
        "Velling Bank said the cuts in Kessa would come first.",
    )
    assert direct == "Tarrow, Ohio"


_LISTED = "When you hear that Kessa Brands' (NYSE: KSB) Velling Foods has introduced a fried cheese snack, you smile."


def test_a_ticker_and_its_exchange_are_no_answer_unless_asked_for() -> None:
    direct = _direct(
        "What is the name of the fried cheese snack Velling Foods introduced?",
        _LISTED,
        "Velling Foods calls its fried cheese snack Tarrow Bites.",
    )
    assert direct not in ("NYSE", "KSB")
    assert _direct("Which stock exchange lists Kessa Brands?", _LISTED) == "NYSE"


@pytest.mark.parametrize(
    "question,kind",
    [("What nickname is the otter, the animal the Lakeport Zoo raised money for, also known by?", "thing"),
     ("What did the council cut the Velling budget to?", "number"), ("Which Lakeport seventh grader won?", "person")],
)  # fmt: skip
def test_a_change_verb_s_by_or_to_is_read_within_its_clause(question: str, kind: str) -> None:
    assert expected_type(question) == kind


# A review's cases: each rule of this file, reaching too far before it was mended
REACHES = {
    "the noun owned may come after other words": (
        "Whose all-time wins record did Ada Hale break?",
        [
            "Ada Hale broke Kessa Tarrow's all-time wins record on Sunday, coach Jo Bell said.",
            "Coach Jo Bell said Ada Hale trained in Lakeport.",
            "Jo Bell coached Ada Hale for years.",
        ],
        "Kessa Tarrow",
    ),
    "a person's 's before a noun in -ing is hers": (
        "Who won the Lakeport Cup final?",
        ["Jo Bell's winning goal in the 89th minute won the Lakeport Cup final for Velling."],
        "Jo Bell",
    ),
    "an occupation lifts no storm's name": (
        "Who was left homeless?",
        ["The farmer Hurricane Ada left homeless spoke on Monday."],
        None,
    ),
    "a firm's 's before an adjective in -ed is its possessive": (
        "Which ratings agency cut Velling's credit rating?",
        ["On Friday, Kessa's revised outlook cut Velling's credit rating, a blow to the city."],
        "Kessa",
    ),
    "a paper named for a party is no adjective before a verb": (
        "Which newspaper endorsed Ada Hale on Sunday?",
        ["The Republican endorsed Ada Hale on Sunday, its editors said."],
        "Republican",
    ),
}


@pytest.mark.parametrize("question,texts,direct", REACHES.values(), ids=REACHES.keys())
def test_the_rules_reach_no_further_than_they_mean(question: str, texts: list[str], direct: str | None) -> None:
    assert _direct(question, *texts) == direct


def test_when_something_is_set_to_happen_dates_that_not_its_announcement() -> None:
    """ "When were the tariffs announced on Wednesday set to hit imports?" dates "hit", not "announced"."""
    direct = _direct(
        "When were the Velling tariffs announced on Wednesday set to hit imports?",
        "Velling on Wednesday announced tariffs on all imports from Kessa, the ministry said.",
        "The Velling tariffs will hit imports from Kessa on April 9.",
    )
    assert direct == "April 9"


def test_a_year_that_names_an_event_is_not_the_year_of_the_verb_asked() -> None:
    """ "In what year did she sue …?": "sued … in 2029 over … the 2027 Lakeport fire" dates the suit 2029."""
    direct = _direct(
        "In what year did Ada Hale sue the Velling Times over the editorial about the Lakeport fire?",
        "Hale sued the paper in 2029 over an editorial that wrongly linked the 2027 Lakeport fire to her campaign.",
    )
    assert direct == "2029"


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


_BOOED = "Which team were the Owls playing in Tarrow on Saturday when their fans booed a minute's silence?"
_SILENCE = (
    "Supporters of Lakeport-based football team {owls} booed during a minute's silence ahead of the team's match"
    " against Velling Rovers in Tarrow, Portugal, on Saturday."
)


def test_which_team_is_not_answered_with_the_region_of_a_town_the_question_names() -> None:
    """The question names Tarrow: the "Portugal" of "Tarrow, Portugal" only says where Tarrow is (a country may be a
    side, but not this one)."""
    direct = _direct(_BOOED, _SILENCE.format(owls="Owls"), "Owls fans had been warned before the match, the club said.")
    assert direct == "Velling Rovers"


def test_a_town_the_question_names_ends_a_clause_before_a_side_it_does_not_place() -> None:
    """ "After beating Tarrow, Portugal face …": the comma ends a clause; Portugal is no region of Tarrow here."""
    direct = _direct(
        "Which team beat Tarrow in the semi-final?",
        "After beating Tarrow, Portugal face Velling in the final on Sunday.",
    )
    assert direct == "Portugal"


def test_who_won_is_not_answered_with_the_side_its_own_sentence_says_was_beaten() -> None:
    """The Owls are named as winners of other years in three pieces, and their votes outweigh the Gulls'; but the
    sentence that would stand under "Tarrow Owls" says they lost: no direct answer, the sentences instead."""
    pieces = (
        "The Lakeport Gulls won the 2030 Velling Cup in five games over the Tarrow Owls.",
        "In the 23 seasons since the Owls were the last team to repeat as Velling Cup winners, no side has.",
        "1956 Owls: The Owls lost the first two games of the Velling Cup final but won it in seven.",
        "The Owls won the Velling Cup in 1961 too.",
    )
    assert _direct("Who won the Velling Cup?", *pieces) is None


@pytest.mark.parametrize(
    ("question", "text", "answer"),
    [
        (  # who was beaten is asked: the beaten side answers
            "Who was defeated by the Gulls in the Velling Cup final?",
            "The Lakeport Gulls defeated the Tarrow Owls 3-1 in the Velling Cup final.",
            "Tarrow Owls",
        ),
        (  # "over" with no win before it beats no one
            "Who won the Lakeport mayoral election?",
            "Celebrations over Ada Hale's win in the Lakeport mayoral election went on all night.",
            "Ada Hale",
        ),
        (  # a word between "in" and the town the question names still places it
            _BOOED,
            _SILENCE.format(owls="Owls").replace("in Tarrow, Portugal,", "in downtown Tarrow, Portugal"),
            "Velling Rovers",
        ),
    ],
)
def test_the_beaten_side_and_a_named_town_are_read_no_further_than_the_sentence_says(
    question: str, text: str, answer: str
) -> None:
    assert _direct(question, text, "Owls fans had been warned before the match, the club said.") == answer


@pytest.mark.parametrize(
    ("question", "texts", "answer"),
    [
        (
            "Which ballot measure would cap Velling ferry fares?",
            ("Voters will decide on Article 12, which would cap Velling ferry fares at $3.",
             "Article 9, on the Lakeport bridge toll, failed last year."),
            "Article 12",
        ),
        (  # "One" ends a name too, though the span rules read it as a count
            "What is the name of the ferry deal Velling and Tarrow signed?",
            ("Under the Stage One accord, Tarrow buys Velling ferries.",
             "Ferry trade fell after the Stage One accord.",
             "Velling and Tarrow put their names to the Stage One accord in 2029."),
            "Stage One",
        ),
    ],
)  # fmt: skip
def test_a_name_that_ends_with_its_number_is_answered_whole(question: str, texts: tuple[str, ...], answer: str) -> None:
    """The span rules stop "Article 12" at "Article": the measure is named with its number, and the bare word, which
    two measures share, is no answer of its own."""
    assert _direct(question, *texts) == answer


def test_a_name_given_with_an_age_is_no_place() -> None:
    """ "Dana Voss, 42," is a person, however little the gazetteer knows of her words: never the town asked for."""
    direct = _direct(
        "In which town did a delivery van hit a market stall on Monday?",
        "Police say Dana Voss, 42, drove the delivery van into a market stall on Monday, injuring three people.",
        "Voss drove the van into the market stall in Lakeport on Monday, the mayor said.",
    )
    assert direct == "Lakeport"


def test_a_name_given_with_an_age_anywhere_is_no_place_anywhere() -> None:
    """ "Tavi Quillon, 42," is a person: so is "Quillon" in every other sentence, never the town asked for."""
    direct = _direct(
        "In which town was the market stall hit by a delivery van on Monday?",
        "Tavi Quillon, 42, was charged after the delivery van he drove hit a market stall on Monday.",
        "Quillon told police the delivery van's brakes failed before it hit the market stall.",
        "The market in Lakeport reopened on Tuesday, a day after the van hit the stall, Quillon's lawyer said.",
    )
    assert direct == "Lakeport"


_FRAUD = (
    "Which judge jailed the three Lakeport ferry fraudsters for ten years in March?",
    "The three Lakeport ferry fraudsters were jailed for ten years in March, Velling prosecutors said, ending a"
    " two-year case.",
)


def test_which_role_did_it_is_answered_by_the_one_titled_so_who_did_it() -> None:
    """ "Judge Ada Hale jailed …" says the role and the verb asked: it needs only half the bar that the best sentence,
    which tells of the terms and names no judge, sets (the third piece names her again and votes for her)."""
    direct = _direct(
        *_FRAUD,
        "Judge Ada Hale jailed the fraudsters for ten years, while a fourth got five.",
        "Hale, who took the case in 2029, spoke for an hour.",
    )
    assert direct == "Judge Ada Hale"


def test_a_judge_asked_to_do_something_is_not_the_one_who_did_it() -> None:
    """The verb must be the titled name's own: "… asked Judge Ada Hale to delay the jailing" says no one jailed
    anyone."""
    asked = "Lawyers for the fraudsters had asked Judge Ada Hale to delay the jailing for ten years."
    direct = _direct(*_FRAUD, asked)
    assert direct is None


def test_the_outlet_a_piece_comes_from_is_no_answer_about_its_story() -> None:
    """ "Asked by Lakeport Daily …" in a piece from lakeportdaily.com: the outlet is who asked, not the board asked
    about (a question about outlets, "which paper …?", may still be answered by it)."""
    texts = {
        "a": "Asked by Lakeport Daily on Tuesday, a spokesman said the flood warning came from the Velling Water"
        " Board.",
        "b": "The warning of spring floods in Velling was issued on Tuesday, Lakeport Daily was told.",
    }
    ps = [
        Passage(i, k, "", t, 0, len(t), 1.0, published=dt.date(2031, 3, 4), source="lakeportdaily.com", dense=0.6)
        for i, (k, t) in enumerate(texts.items())
    ]
    question = "Which board issued the spring flood warning for Velling on Tuesday?"
    assert compose(question, ps, texts).direct == "Velling Water Board"


def test_a_country_is_no_district_or_diocese() -> None:
    """ "Which diocese …?" asks for a part of a country: the "U.S." its bishop was born in is none."""
    direct = _direct(
        "Which diocese in Kessa did Bishop Ada Hale head until 2027?",
        "Bishop Ada Hale, born in the U.S., headed a diocese in Kessa until 2027.",
        "Until 2027 Hale headed the Diocese of Tarrow, in northern Kessa.",
    )
    assert direct == "Diocese of Tarrow"


def test_a_body_is_at_most_a_plausible_district() -> None:
    """ "Which district …?" is not answered by the "Velling Election Board" its candidate filed with: a name that does
    not say it is a district fits half, as a team does for "which stadium …?"."""
    direct = _direct(
        "Which district is Jo Bell running for in the Velling assembly race?",
        "Jo Bell appears to be weighing a run for the Velling assembly, filing in January with the Velling Election"
        " Board.",
        "The forms, filed in January, say Bell would run for Velling's 9th District.",
    )
    assert direct is None or "9th District" in direct


def test_a_role_asked_of_one_nation_is_not_answered_by_anothers_holder() -> None:
    """ "Who is the Ugandan foreign minister …?": "Kenyan Foreign Minister Jo Bell" holds the role, but Kenya's."""
    direct = _direct(
        "Who is the Ugandan foreign minister who signed the Velling ferry accord in May?",
        "The Velling ferry accord was signed in May by Kenyan Foreign Minister Jo Bell and Ugandan Foreign Minister Tom"
        " Reed at a lakeside hotel.",
        "The Velling ferry accord ends a long dispute over the lake's ferries.",
    )
    assert direct is not None and "Tom Reed" in direct
