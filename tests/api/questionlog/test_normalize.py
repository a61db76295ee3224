"""Folding and near-duplicate grouping of questions."""

from __future__ import annotations

import pytest

from api.questionlog.normalize import cluster, normalize, similar


@pytest.mark.parametrize(
    ("variant", "folded"),
    [
        ("How do I repot a cactus?", "how do i repot a cactus"),
        ("  how do i   REPOT a cactus ", "how do i repot a cactus"),
        ("How do I repot a cactus!!!", "how do i repot a cactus"),
        ("How\tdo\nI repot a cactus…", "how do i repot a cactus"),
        ("Ｈｏｗ do I repot a cactus？", "how do i repot a cactus"),  # full-width forms
        ("What’s new?", "whats new"),
        ("What's new?", "whats new"),
        ("Straße", "strasse"),  # casefold, not lower
        ("Was ist los in Köln?", "was ist los in köln"),
        ("", ""),
        ("?!…", ""),
    ],
)
def test_normalize_folds_case_spacing_and_punctuation(variant: str, folded: str) -> None:
    assert normalize(variant) == folded


def test_normalize_is_idempotent() -> None:
    for text in ("How do I repot a cactus?", "  Ｗhat’s   up,  Doc? ", "a-b/c"):
        assert normalize(normalize(text)) == normalize(text)


def test_similar_groups_small_edits_but_not_other_questions() -> None:
    assert similar("how do i repot a cactus", "how do i repot my cactus")
    assert similar("when does the ferry to mirrowick leave", "when does the ferry to mirowick leave")  # a typo
    assert not similar("how do i repot a cactus", "how do i repot a fern")
    assert not similar("who won the chair vote", "who lost the chair vote")
    assert not similar("results of the 2022 vote", "results of the 2023 vote"), "numbers must agree"
    assert similar("", "")


def test_cluster_seeds_with_the_most_frequent_form_and_keeps_every_position() -> None:
    cactus, my_cactus = "how do i repot a cactus", "how do i repot my cactus"
    folded = [cactus, "ferry times", cactus, my_cactus, "is the pass open", "snow"]
    groups = cluster(folded)
    assert sorted(i for g in groups for i in g) == list(range(len(folded)))
    assert groups[0] == [0, 2, 3]  # seeded by the form asked twice
    assert [1] in groups and [4] in groups and [5] in groups
    assert cluster([]) == []
