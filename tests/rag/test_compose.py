"""The composer on hand-made passages: the direct answer's shape per question type, conflicts, attribution.

Pure: no model, no index. Every article, name and number here is invented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from rag.account import account
from rag.compose import DEFAULT, Composed, Weights, compose, score_sentences, sentences, vote
from rag.dates import resolve_time
from rag.extract import Span, drop_ordinary_start, spans
from rag.records import Passage
from rag.text import strip_citation_markers

ARTICLES = {
    "harbour": (
        "Storm closes the harbour at Port Velling",
        "A storm closed the harbour at Port Velling on Tuesday. The harbour master, Ilse Marrow, said 14 ships "
        "were stranded. Repairs will cost $2.5 million, the council said. The storm moved on to Tarvania.",
        dt.date(2031, 3, 4),
        "news",
    ),
    "harbour-follow": (
        "Port Velling harbour reopens",
        "The harbour at Port Velling reopened on Friday after the storm. Harbour master Ilse Marrow thanked the "
        "crews. Inspectors from Tarvania checked the piers.",
        dt.date(2031, 3, 7),
        "news",
    ),
    "festival": (
        "Lantern festival moves to Brenmoor",
        "The lantern festival will move to Brenmoor in June, organisers said on Monday. The festival drew 40,000 "
        "visitors last year.",
        dt.date(2031, 3, 2),
        "news",
    ),
    "ferry": (
        "A new ferry for Tarvania",
        "The new ferry to Tarvania is painted bright yellow. It runs on electric engines, the operator said. "
        "Captain Ada Brook steers it for the operator, Marlowe. The price of a ticket is $12 for adults. Tarvania "
        "signed the ferry deal with the United States in May.",
        dt.date(2031, 3, 5),
        "news",
    ),
}


def _passage(article_id: str, rank: int, dense: float = 0.6) -> Passage:
    title, text, published, section = ARTICLES[article_id]
    return Passage(
        chunk_id=rank, article_id=article_id, title=title, text=text, start=0, end=len(text), score=1.0 / (1 + rank),
        url=f"https://paper.example/{published:%Y/%m/%d}/{section}/{article_id}", published=published, source="Paper",
        section=section, dense=dense,
    )  # fmt: skip


def _compose(question: str, ids: list[str], texts: dict[str, str] | None = None) -> Composed:
    passages = [_passage(a, i) for i, a in enumerate(ids)]
    return compose(question, passages, texts or {a: ARTICLES[a][1] for a in ids})


def _words(text: str) -> int:
    return len(strip_citation_markers(text).split())


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is the harbour master at Port Velling?", "Ilse Marrow"),
        ("How many ships were stranded by the storm at Port Velling?", "14 ships"),
        ("How much will the harbour repairs cost?", "$2.5 million"),
        ("Which city will host the lantern festival?", "Brenmoor"),
        ("Where will the lantern festival move?", "Brenmoor"),
        ("When will the lantern festival move to its new city?", "June"),
    ],
)
def test_direct_answer_comes_first_with_its_marker(question: str, expected: str) -> None:
    out = _compose(question, ["harbour", "festival", "harbour-follow"])
    assert out.direct == expected
    assert out.text.startswith(f"{expected} [1].") or out.text.startswith(f"{expected} [1], as reported on 2031-")
    assert _words(out.text) <= 35
    cite = out.citations[0]
    assert cite.highlight is not None
    s, e = cite.highlight
    assert cite.quote[s:e] == expected  # the card can mark the phrase inside the quoted sentence
    assert ARTICLES[cite.article_id][1][cite.start : cite.end] == cite.quote


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What colour is the new ferry to Tarvania?", "yellow"),  # a closed class of words, lower case
        ("Which engines does the Tarvania ferry run on?", "electric engines"),  # what the head noun is modified by
        ("What is the price of a ferry ticket for adults?", "$12"),  # "what is the price" asks for a number
        ("Which city will host the lantern festival in June?", "Brenmoor"),  # a city, not a country
    ],
)
def test_direct_answers_of_other_shapes(question: str, expected: str) -> None:
    out = _compose(question, ["ferry", "festival"])
    assert out.direct == expected
    assert out.text.startswith(f"{expected} [1].")


def test_a_candidate_already_named_in_the_question_is_not_the_answer() -> None:
    out = _compose("Where did the storm at Port Velling move on to?", ["harbour", "harbour-follow"])
    assert out.direct == "Tarvania"
    assert "Port Velling" not in (out.direct or "")


def test_another_name_of_a_country_in_the_question_is_not_a_candidate() -> None:
    passages = [_passage("ferry", 0)]
    question = "Which partner signed the ferry deal with the US?"
    ranked = vote(
        question, "thing", score_sentences(question, sentences(passages, 5), passages, Weights()), passages, Weights()
    )
    keys = {c.key for c in ranked}
    assert ("tarvania",) in keys and ("united", "states") not in keys


def test_independent_pieces_that_name_a_candidate_vote_for_it() -> None:
    passages = [_passage(a, i) for i, a in enumerate(["harbour", "harbour-follow", "festival"])]
    scored = score_sentences("Who is the harbour master?", sentences(passages, 5), passages, Weights())
    ranked = vote("Who is the harbour master?", "person", scored, passages, Weights())
    top = ranked[0]
    assert top.key == ("ilse", "marrow") and len(top.articles) == 2


def test_open_question_gets_cited_sentences_on_topic() -> None:
    out = _compose("Why did the harbour at Port Velling close?", ["harbour", "festival"])
    assert out.direct is None and 1 <= len(out.citations) <= 3
    assert all(c.article_id == "harbour" for c in out.citations)
    assert all(f"[{c.n}]" in out.text for c in out.citations)


def test_sources_that_differ_are_both_shown_newest_first() -> None:
    texts = {
        "a": "The new bridge over the Sallow river will be named after Orla Penn, the city council said.",
        "b": "The new bridge over the Sallow river will be named after Tomas Creel, the mayor's office said.",
    }
    passages = [
        Passage(0, "a", "Bridge name chosen", texts["a"], 0, len(texts["a"]), 1.0, published=dt.date(2031, 5, 1),
                section="news", dense=0.6),
        Passage(1, "b", "Bridge to honour local teacher", texts["b"], 0, len(texts["b"]), 0.9,
                published=dt.date(2031, 5, 3), section="news", dense=0.6),
    ]  # fmt: skip
    out = compose("Who will the new bridge over the Sallow river be named after?", passages, texts, Weights(rank=0.0))
    assert out.conflict
    assert out.text == "Sources differ: Tomas Creel [1] (2031-05-03); Orla Penn [2] (2031-05-01)."
    assert [c.article_id for c in out.citations] == ["b", "a"]


def test_both_sides_of_a_difference_are_shown_as_the_answer_shows_a_name() -> None:
    """The rival keeps the title its sentence gives it, as the winner does ("Professor Orla Penn")."""
    texts = {
        "a": "The new bridge over the Sallow river will be named after Professor Orla Penn, the council said.",
        "b": "The new bridge over the Sallow river will be named after Tomas Creel, the mayor's office said.",
    }
    passages = [
        Passage(i, k, "", texts[k], 0, len(texts[k]), 1.0, published=dt.date(2031, 5, 1 + 2 * i), section="news",
                dense=0.6)
        for i, k in enumerate(texts)
    ]  # fmt: skip
    out = compose("Who will the new bridge over the Sallow river be named after?", passages, texts, Weights(rank=0.0))
    assert out.conflict
    assert out.text == "Sources differ: Tomas Creel [1] (2031-05-03); Professor Orla Penn [2] (2031-05-01)."
    quote, (start, end) = out.citations[1].quote, out.citations[1].highlight or (0, 0)
    assert out.citations[1].article_id == "a" and quote[start:end] == "Professor Orla Penn"


def test_a_source_from_outside_the_week_asked_about_does_not_differ() -> None:
    """ "This week": a piece from months before is about another time, however well its answer is supported."""
    texts = {
        "a": "The new bridge over the Sallow river will be named after Orla Penn, the city council said.",
        "b": "The new bridge over the Sallow river will be named after Tomas Creel, the mayor's office said.",
    }
    days = {"a": dt.date(2031, 5, 1), "b": dt.date(2031, 1, 3)}
    passages = [
        Passage(i, k, "", texts[k], 0, len(texts[k]), 1.0, published=days[k], section="news", dense=0.6)
        for i, k in enumerate(texts)
    ]
    question = "Who will the new bridge over the Sallow river be named after, as announced this week?"
    week, w = resolve_time(question, dt.date(2031, 5, 2)), Weights(rank=0.0, window=0.0)  # the window weighs nothing
    assert week.since is not None and compose(question, passages, texts, w).conflict  # read without its week
    out = compose(question, passages, texts, w, week)
    assert not out.conflict and out.direct == "Orla Penn"


@pytest.mark.parametrize(
    ("question", "first", "second", "answers"),
    [
        (  # two measures of the rise, not two answers
            "By how much will the Sallow river bridge toll rise?",
            "The Sallow river bridge toll will rise by 12% next year, the city council said.",
            "The Sallow river bridge toll will rise by $2 next year, the mayor's office said.",
            ("12%", "$2"),
        ),
        (  # one count in two wordings
            "How many workers remain on furlough at the Sallow river port?",
            "About 740 federal workers remain on furlough at the Sallow river port, the city council said.",
            "About 740 workers remain on furlough at the Sallow river port, the mayor's office said.",
            ("About 740 federal workers", "About 740 workers"),  # the hedge shown with the count
        ),
    ],
)
def test_numbers_that_do_not_disagree_are_no_conflict(
    question: str, first: str, second: str, answers: tuple[str, ...]
) -> None:
    texts = {"a": first, "b": second}
    passages = [
        Passage(0, "a", "Toll rise", first, 0, len(first), 1.0, published=dt.date(2031, 5, 1), dense=0.6),
        Passage(1, "b", "Toll", second, 0, len(second), 0.9, published=dt.date(2031, 5, 3), dense=0.6),
    ]
    out = compose(question, passages, texts, Weights(rank=0.0))
    assert out.direct in answers and not out.conflict


def test_a_piece_naming_both_candidates_is_no_conflict() -> None:
    out = _compose("Who is the harbour master?", ["harbour", "harbour-follow"])
    assert not out.conflict


def test_commentary_without_a_headline_is_named_by_section_outlet_and_date() -> None:
    text = "Tolls on the coast road are a tax on commuters. The council should scrap the tolls by 2032."
    p = _opinion(text, "Tolls on the coast road are a tax on commuters")  # a title derived from its first sentence
    out = compose("What does the archive say about tolls on the coast road?", [p], {"op": text})
    assert out.text.startswith("According to an opinion piece from Gazette (2031-04-02), tolls on the coast road")
    assert "“Tolls on the coast road" not in out.text  # the derived title would repeat the quote


def test_a_commentary_pieces_further_sentence_is_quoted_as_its_own() -> None:
    text = "The tolls on the coast road are a tax on commuters. The tolls on the coast road also punish night shifts."
    p = _opinion(text, "Scrap the Tolls")
    out = compose("What does the archive say about tolls on the coast road?", [p], {"op": text})
    assert out.text == (
        "According to “Scrap the Tolls” (2031-04-02), the tolls on the coast road are a tax on commuters. [1] "
        "It adds: “The tolls on the coast road also punish night shifts.” [2]"
    )  # the second sentence is the piece's too, never said in the assistant's voice


def test_commentary_with_a_headline_is_attributed_to_it() -> None:
    text = "The council should scrap the tolls by 2032. Commuters pay twice."
    p = _opinion(text, "Scrap the Tolls")
    out = compose("By which year should the council scrap the tolls?", [p], {"op": text})
    assert out.text == (
        "2032 [1], according to “Scrap the Tolls” (2031-04-02). “The council should scrap the tolls by 2032.” [1]"
    )  # the phrase first; the supporting sentence of an opinion piece follows as a quote, never in our own voice


def _opinion(text: str, title: str) -> Passage:
    """An opinion piece of the Gazette, dated 2031-04-02, as one passage."""
    return Passage(0, "op", title, text, 0, len(text), 1.0, published=dt.date(2031, 4, 2), source="Gazette",
                   section="opinion", dense=0.6)  # fmt: skip


def _one(article_id: str, text: str) -> Passage:
    return Passage(0, article_id, "", text, 0, len(text), 1.0, url=f"https://paper.example/2031/03/04/news/{article_id}",
                   published=dt.date(2031, 3, 4), source="Paper", section="news", dense=0.6)  # fmt: skip


def _pieces(texts: dict[str, str], days: dict[str, dt.date], dense: dict[str, float] | None = None) -> list[Passage]:
    """One untitled news passage per article, each its whole text, ranked in the order given."""
    return [
        Passage(i, a, "", t, 0, len(t), 1.0, published=days[a], source="Paper", section="news",
                dense=(dense or {}).get(a, 0.6))
        for i, (a, t) in enumerate(texts.items())
    ]  # fmt: skip


def test_who_may_be_a_country_and_never_a_treaty() -> None:
    text = "Norway convened the water talks in Geneva on Monday. The Lakeport Water Accord was signed after the talks."
    out = compose("Who convened the water talks?", [_one("t", text)], {"t": text})
    assert out.direct == "Norway" and out.text.startswith("Norway [1].")  # a country opening its sentence is a name


def test_no_direct_answer_from_an_aside_far_below_the_best_sentence() -> None:
    text = "The Tarvania ferry deal ended after the storm, officials said. Critics in Tarvania expect 2033 fares."
    question = "When did the Tarvania ferry deal end?"  # "end" says only that it took place: no verb to look for
    out = compose(question, [_one("f", text)], {"f": text})
    assert out.direct is None and "2033" not in out.text  # the only year sits in a sentence that barely matches
    assert out.text.startswith("The Tarvania ferry deal ended")
    for w in (Weights(least=0), Weights(grounded=0)):  # either rule alone refuses it (the aside holds one term)
        assert compose(question, [_one("f", text)], {"f": text}, w).direct is None
    assert compose(question, [_one("f", text)], {"f": text}, Weights(least=0, grounded=0)).direct == "2033"


def test_a_quote_that_no_longer_verifies_is_never_shown() -> None:
    tampered = {a: ARTICLES[a][1].replace("Ilse Marrow", "Ilse Morrow") for a in ARTICLES}
    out = _compose("Who is the harbour master?", ["harbour", "harbour-follow"], tampered)
    assert all(tampered[c.article_id][c.start : c.end] == c.quote for c in out.citations)


def test_nothing_to_compose_from() -> None:
    out = compose("Who is the harbour master?", [], {})
    assert out.text == "" and out.citations == () and out.direct is None


def test_spans_find_names_numbers_dates_and_titles() -> None:
    found = {(s.text, s.kind) for s in spans("On May 2, 2031 the Velling Rovers sold 3,200 tickets for “Night Tide”.")}
    assert {("May 2, 2031", "date"), ("Velling Rovers", "name"), ("3,200", "number"), ("Night Tide", "title")} <= found


CONTRACT = {
    "c1": "The ferry contract went to Kestrel Marine, the council said on Monday. Council leader John Varga said the "
    "ferry contract was fair.",
    "c2": "John Varga defended the ferry contract on Tuesday. Critics said the ferry contract cost too much.",
    "c3": "Transport Minister Ilse Marrow opened the new ferry terminal at Port Velling on Friday.",
}


def _contract(question: str, weights: Weights = DEFAULT) -> Composed:
    passages = [
        Passage(i, a, "Ferry news", t, 0, len(t), 1.0, published=dt.date(2031, 3, i + 1), section="news", dense=0.6)
        for i, (a, t) in enumerate(CONTRACT.items())
    ]
    return compose(question, passages, CONTRACT, weights)


def test_a_question_for_a_thing_doubts_a_persons_name() -> None:
    assert _contract("Which bidder won the ferry contract?").direct == "Kestrel Marine"
    # the same evidence without the doubt: the person named in two pieces outvotes the firm
    assert _contract("Which bidder won the ferry contract?", Weights(personal=1.0)).direct == "John Varga"


def test_a_person_is_named_with_the_title_the_sentence_gives() -> None:
    out = _contract("Who opened the new ferry terminal at Port Velling?")
    assert out.direct == "Transport Minister Ilse Marrow"
    assert out.text.startswith("Transport Minister Ilse Marrow [1].")
    s, e = out.citations[0].highlight or (0, 0)
    assert out.citations[0].quote[s:e] == out.direct


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("Secretary of State Ann Bell met Prime Minister Jo Park.", ["Ann Bell", "Jo Park"]),
        ("Attorney General Ann Bell spoke to the General Assembly.", ["Ann Bell", "General Assembly"]),
        ("Former Vice President Jo Park will decide.", ["Jo Park"]),
    ],
)
def test_role_words_are_cut_from_names(sentence: str, names: list[str]) -> None:
    assert [s.text for s in spans(sentence) if s.kind == "name"] == names


def test_names_with_numbers_and_ampersands_stay_whole() -> None:
    names = [s.text for s in spans("She got her start in Harbour 9 Collective as a teenager.")]
    assert "Harbour 9 Collective" in names  # a number inside a name belongs to it
    # a name that opens a sentence keeps its ampersand: "R&B" is one word, not "R" (written lower case elsewhere)
    # and then "&B"
    kept = drop_ordinary_start("R&B's night.", Span(0, 3, "R&B", "name"), frozenset({"r"}), frozenset({"R&B"}))
    assert kept is not None and kept.text == "R&B"


def test_two_untitled_pieces_alike_are_told_apart() -> None:
    texts = {
        "o1": "Tolls on the coast road are a tax on commuters, and the council knows it.",
        "o2": "Tolls on the coast road should fund the bus lanes first, whatever the council says.",
    }
    ps = [
        Passage(i, a, "", t, 0, len(t), 1.0, source="Gazette", section="opinion", dense=0.6)
        for i, (a, t) in enumerate(texts.items())
    ]
    out = compose("What does the archive say about tolls on the coast road?", ps, texts)
    assert out.text.count("According to an opinion piece from Gazette, ") == 1
    assert "[1] According to another opinion piece from Gazette, Tolls on the coast road should fund" in out.text


def test_an_open_answer_quotes_whole_statements_only() -> None:
    text = (
        "Why did the ferry strike start?\nFerry strike enters its third week as talks stall\n"
        "The ferry strike began after the operator cut crew pay, the union said. Talks on the ferry strike resume "
        "on Monday."
    )
    out = compose("Why did the ferry strike start?", [_one("s", text)], {"s": text})
    assert out.text.startswith("The ferry strike began after the operator cut crew pay")
    assert "third week" not in out.text and "start?" not in out.text  # no headline line, no question


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How long was the Velling bridge closed?", "12 days"),  # a duration, not the year beside it
        ("How much did the Velling bridge repairs cost?", "$4 million"),  # a sum, not the weeks they took
        ("How old is the Velling bridge?", "80 years"),
    ],
)
def test_how_long_much_old_ask_for_their_units(question: str, expected: str) -> None:
    text = (
        "The Velling bridge closed for 12 days in 2029, the council said. Repairs to the Velling bridge took 9 "
        "weeks and cost $4 million. The Velling bridge opened 80 years ago."
    )
    assert compose(question, [_one("b", text)], {"b": text}).direct == expected


def test_what_a_court_decided_is_an_account_not_a_name() -> None:
    text = "The Velling court decided that Marlowe must refund the tolls, Judge Ada Brook wrote."
    out = compose("What did the Velling court decide about the tolls?", [_one("c", text)], {"c": text})
    assert out.direct is None and out.text.startswith("The Velling court decided")


def test_who_is_a_named_person_gets_the_sentences_that_say_who() -> None:
    text = (
        "Crowds cheered Ada Brook and Ada Brook waved at the crowds on the quay. "
        "Ada Brook, the harbour master of Port Velling, opened the new quay."
    )
    out = compose("Who is Ada Brook?", [_one("p", text)], {"p": text})
    assert out.direct is None and out.text.startswith("Ada Brook, the harbour master of Port Velling")


def test_the_latest_on_a_story_puts_the_newest_piece_first_and_never_repeats_a_sentence() -> None:
    texts = {
        "old": "The ferry strike closed the port on Monday, the union said.",
        "new": "Update: The ferry strike ended on Friday after a pay deal, the union said.",
        "copy": "The ferry strike ended on Friday after a pay deal, the union said.",
    }
    days = {"old": dt.date(2031, 3, 3), "new": dt.date(2031, 3, 7), "copy": dt.date(2031, 3, 7)}
    ps = _pieces(texts, days)
    out = compose("What's the latest on the ferry strike?", ps, texts)
    assert out.text.index("ended on Friday") < out.text.index("closed the port")
    assert out.text.count("ended on Friday after a pay deal") == 1  # the copy without its kicker is not quoted


def test_a_question_in_an_article_is_no_evidence_for_an_answer() -> None:
    text = "Did 30,000 fans watch the Velling final? Organisers counted 12,000 fans at the Velling final."
    out = compose("How many fans watched the Velling final?", [_one("q", text)], {"q": text})
    assert out.direct == "12,000 fans"  # the subhead asks about 30,000; it does not say so


def test_a_question_about_a_time_alone_gets_each_pieces_opening_newest_first() -> None:
    texts = {
        "a": "The harbour reopened on Friday. Crews worked all night.",
        "b": "Tolls on the coast road rose by a third. Drivers protested.",
        "c": "Who won the quiz? The Velling library quiz went to a team of retirees.",
        "d": "A storm closed the ferry on Monday. It ran again on Tuesday.",
    }
    days = {"a": dt.date(2031, 3, 7), "b": dt.date(2031, 3, 5), "c": dt.date(2031, 3, 6), "d": dt.date(2031, 3, 3)}
    ps = _pieces(texts, days, dict.fromkeys(texts, 0.1))
    question = "What happened last week?"
    out = compose(question, ps, texts, intent=resolve_time(question, dt.date(2031, 3, 14)))
    assert out.text == (
        "The harbour reopened on Friday. [1] The Velling library quiz went to a team of retirees. [2] "
        "Tolls on the coast road rose by a third. [3]"
    )  # the newest three, each by its first statement (not the question that opens one of them)


def test_what_is_a_named_thing_gets_the_sentences_that_say_what_it_is() -> None:
    text = "Quillon users doubled in March and Quillon added maps. The search startup Quillon was founded in Velling."
    out = compose("What is Quillon?", [_one("q", text)], {"q": text})
    assert out.direct is None and out.text.startswith("The search startup Quillon was founded")


def test_evidence_from_the_window_the_question_names_counts_more() -> None:
    texts = {
        "old": "Tomas Creel won the Velling harbour race, the harbour office said.",
        "new": "Orla Penn won the Velling harbour race on Saturday.",
    }
    days, dense = {"old": dt.date(2031, 2, 1), "new": dt.date(2031, 3, 8)}, {"old": 0.9, "new": 0.3}
    ps = _pieces(texts, days, dense)
    question = "Who won the Velling harbour race this week?"
    this_week = resolve_time(question, dt.date(2031, 3, 9))
    w = Weights(short=0)  # the window alone (a short question's newer piece also weighs more: ``Weights.short``)
    assert compose(question, ps, texts, w, intent=this_week).direct == "Orla Penn"
    assert compose(question, ps, texts, w).direct == "Tomas Creel"  # without the window, the older piece wins
    assert compose(question, ps, texts).direct == "Orla Penn"  # … unless the question is short and the piece newer


def test_a_name_with_a_particle_is_answered_whole() -> None:
    text = "The Velling museum's director, Ada van der Berg, closed the east wing on Monday."
    out = compose("Who closed the east wing of the Velling museum?", [_one("m", text)], {"m": text})
    assert out.direct == "Ada van der Berg"


def test_a_headline_line_is_no_context_sentence() -> None:
    text = "Ferry to Tarvania sails again\nThe ferry to Tarvania sails from Quillon Bay on Friday, the operator said."
    out = compose("Where does the ferry to Tarvania sail from?", [_one("f", text)], {"f": text})
    assert out.direct == "Quillon Bay"
    assert out.text == "Quillon Bay [1]. The ferry to Tarvania sails from Quillon Bay on Friday, the operator said. [1]"
    headline = "The ferry to Tarvania sails from Quillon Bay on Friday\nIt was late."
    out = compose("Where does the ferry to Tarvania sail from?", [_one("h", headline)], {"h": headline})
    assert out.text == "Quillon Bay [1]."  # the line without an end mark supports the phrase but is not pasted after it


def test_who_won_a_final_may_be_a_team() -> None:
    text = "Port Velling City won the cup final on Sunday, beating Tarvania United 2-1 in extra time."
    out = compose("Who won the cup final?", [_one("c", text)], {"c": text})
    assert out.direct == "Port Velling City"  # a club's name holds "City": no person, but the winner all the same
    assert out.text.startswith("Port Velling City [1].")
    assert compose("Who scored in the cup final?", [_one("c", text)], {"c": text}).direct is None  # a person's name


def test_a_question_for_several_gets_the_names_a_sentence_lists_together() -> None:
    texts = {
        "a": "Norway and Chile backed the Velling Accord on Monday, officials said.",
        "b": "Tarvania criticised the Velling Accord. Tarvania said the accord ignored its fishing fleet.",
    }
    ps = [_one(a, t) for a, t in texts.items()]
    several = compose("Which countries backed the Velling Accord?", ps, texts)
    assert several.direct == "Norway and Chile"  # verbatim from the sentence, highlighted as one phrase
    assert several.text.startswith("Norway and Chile [1].")
    quote = several.citations[0]
    assert quote.highlight is not None and quote.quote[quote.highlight[0] : quote.highlight[1]] == "Norway and Chile"
    one = compose("Which country backed the Velling Accord?", ps, texts)
    assert one.direct in ("Norway", "Chile")  # a question for one thing gets one


def test_an_answer_outside_the_retrieved_window_of_a_top_article_is_found() -> None:
    text = ARTICLES["harbour"][1]
    window = text.index(" The harbour master")  # retrieval picked the article's first sentence only
    top = dataclasses.replace(_passage("harbour", 0), text=text[:window], end=window)
    texts = {a: v[1] for a, v in ARTICLES.items()}
    question = "How many ships were stranded by the storm?"
    found = compose(question, [top, _passage("festival", 1)], texts)
    assert strip_citation_markers(found.text).startswith("14 ships")
    assert found.citations[0].article_id == "harbour" and found.citations[0].start > window
    assert text[found.citations[0].start : found.citations[0].end] == found.citations[0].quote
    narrow = compose(question, [top, _passage("festival", 1)], texts, Weights(whole=0))
    assert "14 ships" not in narrow.text, "the window alone does not hold it"
    third = compose(question, [_passage("festival", 0), _passage("ferry", 1), top], texts)
    assert "14 ships" not in third.text, "only the best two passages are widened"


def test_a_date_from_a_sentence_that_shares_one_word_with_the_question_is_no_answer() -> None:
    texts = {
        "treaty": "Lakeport says the river treaty with Velling remains fully binding. Officials met at the border.",
        "fever": "Velling faces criticism over a fever outbreak ahead of its games in 2031. Hospitals are full.",
    }
    passages = [
        Passage(i, a, "", t, 0, len(t), 1 / (1 + i), published=dt.date(2031, 3, 1), dense=0.6)
        for i, (a, t) in enumerate(texts.items())
    ]
    question = "When did the Velling treaty end?"  # the archive never says; the only year is another story's
    loose = compose(question, passages, texts, Weights(grounded=0))
    assert loose.direct == "2031", "without the rule, a sentence holding only the country's name answers"
    composed = compose(question, passages, texts)
    assert composed.direct is None
    assert strip_citation_markers(composed.text).startswith("Lakeport says the river treaty")
    assert [c.article_id for c in composed.citations] == ["treaty"]


def test_sentences_for_a_thing_question_prefer_those_naming_its_best_candidates() -> None:
    """When no candidate stands out, the sentences shown name the best ones, so the reader sees them in context."""
    text = "The Lakeport ferry contract drew a crowd at the council. Velling Marine bid for the ferry contract."
    p = [_one("ferry", text)]
    question = "Which firm won the Lakeport ferry contract?"
    scored = score_sentences(question, sentences(p, 8), p, DEFAULT)
    plain, _ = account(scored, p, {"ferry": text}, DEFAULT, question)
    named, cites = account(scored, p, {"ferry": text}, DEFAULT, question, ("Velling Marine",))
    assert "Velling Marine" not in plain, "without candidates, only the sentence holding most of the question"
    assert "Velling Marine bid for the ferry contract. [2]" in named and len(cites) == 2
    off = dataclasses.replace(DEFAULT, naming=0.0)
    assert account(scored, p, {"ferry": text}, off, question, ("Velling Marine",))[0] == plain


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("Name the firm that bought the Lakeport ferry.", "Velling Marine"),
        ("Tell me the name of the firm that bought the Lakeport ferry", "Velling Marine"),
        ("Give me the date of the Lakeport ferry sale", "March 2"),
        ("whos the Lakeport harbour master", "Ada Brook"),
    ],
)
def test_a_question_put_as_a_request_or_typed_without_its_apostrophe_gets_its_direct_answer(
    question: str, direct: str
) -> None:
    text = "Velling Marine bought the Lakeport ferry on March 2. Ada Brook, the Lakeport harbour master, signed it."
    out = compose(question, [_one("sale", text)], {"sale": text})
    assert out.direct == direct, out.text


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("The Lakeport ferry was sunk by who?", "Ada Brook"),
        ("Who was the Lakeport ferry sunk by?", "Ada Brook"),
        ("The harbour board elected whom as chair?", "Jo Bell"),
        ("Velling sold the Lakeport plant to who?", "Tarro Labs"),
    ],
)
def test_who_asked_in_place_gets_the_one_who_acted(question: str, direct: str) -> None:
    """ "X was sunk by who?" asks who sank X: the name before the verb, not the one who only said so."""
    text = (
        "Ada Brook sank the Lakeport ferry on Monday, Mary Hale said. "
        "The harbour board elected Jo Bell as chair on Monday, Mary Hale said. "
        "Velling sold the Lakeport plant to Tarro Labs on Monday, Mary Hale said."
    )
    out = compose(question, [_one("ferry", text)], {"ferry": text})
    assert out.direct == direct, out.text


def test_a_search_typed_as_a_role_gets_the_holder() -> None:
    text = "Lakeport mayor Jo Bell opened the new ferry terminal on Monday, the harbour board said."
    out = compose("Lakeport mayor?", [_one("terminal", text)], {"terminal": text})
    assert out.direct == "Jo Bell", out.text


@pytest.mark.parametrize(("rival_dense", "differ"), [(0.556, True), (0.52, False)])
def test_sources_differ_alike_however_sharp_the_vote(rival_dense: float, differ: bool) -> None:
    """``Weights.sharp`` weighs votes by a power of their sentences' scores: the rival's share of the winner's votes is
    held to ``conflict_ratio`` to the same power, so the same pieces differ, or not, at any sharpness."""
    texts = {
        "a": "Ada Hale is the coach of the Velling Owls, the club said.",
        "b": "Jo Bell is the coach of the Velling Owls, the club said.",
    }
    days, dense = (dt.date(2031, 3, 4), dt.date(2030, 5, 1)), (0.6, rival_dense)
    passages = [
        Passage(i, a, "", t, 0, len(t), 1.0, published=day, source="P", section="news", dense=d)
        for i, ((a, t), day, d) in enumerate(zip(texts.items(), days, dense, strict=True))
    ]
    for sharp in (1.0, 1.25):
        weights = Weights(sharp=sharp, short=0)  # the pieces' ages aside (a short question's newer piece weighs more)
        out = compose("Who is the coach of the Velling Owls?", passages, texts, weights)
        assert out.conflict is differ


def test_how_many_died_is_not_answered_with_a_count_its_sentence_says_no_one_died_of() -> None:
    """ "The fire left 5,000 people homeless" counts people, but not the dead: it weighs half (``UNSAID_DEATHS``), and
    the count from the sentence that gives the death toll is what the answer may name, not the homeless."""
    texts = {
        "homeless": "The Lakeport ferry fire left 5,000 people homeless.",
        "toll": "The death toll from the ferry fire rose to 41 people on Monday.",
    }
    passages = [_one(a, t) for a, t in texts.items()]
    direct = compose("How many people died in the Lakeport ferry fire?", passages, texts).direct
    assert direct is None or "41" in direct
