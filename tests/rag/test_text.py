"""rag.text's citation markers and stopwords, and the places that derive from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.routes.openai_compat import link_markers
from rag.prompt import postcheck
from rag.records import Citation, Passage
from rag.text import CITATION_MARKER, CITATION_MARKERS, REPORTING_WORDS, STOPWORDS

WIDGET = Path(__file__).resolve().parents[2] / "api" / "static" / "widget.js"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Rose [1].", ["1"]),
        ("Both [1, 2] and [2,1] and [3 ,\t4].", ["1, 2", "2,1", "3 ,\t4"]),
        ("Adjacent [1][12]", ["1", "12"]),
        ("Not markers: [a], [], [1 2], [1,], [, 1], [2023], [1, 2023], [ 1].", []),
        ("Non-ASCII digits are not markers: [١] [１]", []),
    ],
)
def test_citation_markers_find_single_markers_and_lists(text: str, numbers: list[str]) -> None:
    assert [m["nums"] for m in CITATION_MARKERS.finditer(text)] == numbers


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Rose [1] and [12] and [2023].", ["1", "12", "2023"]),  # any length: a year in brackets is stripped too
        ("Lists are not single markers: [1, 2]; nor [١].", []),
    ],
)
def test_citation_marker_finds_single_markers(text: str, numbers: list[str]) -> None:
    assert CITATION_MARKER.findall(text) == numbers


def test_the_widget_reads_markers_with_the_same_pattern() -> None:
    """The widget cannot import Python: its literal is checked against rag.text instead."""
    literal = re.search(r"var marker = /(.+)/g;", WIDGET.read_text(encoding="utf-8"))
    assert literal is not None
    assert literal[1] == CITATION_MARKERS.pattern.replace("?P<nums>", "")


def test_openai_links_only_markers_not_linked_already() -> None:
    c = Citation(n=1, article_id="a", title="T", quote="q", start=0, end=1, url="https://x.org/a")
    text = "Linked [1](https://x.org/a), not yet [1], unknown [2], list [1, 2]."
    assert link_markers(text, [c], "http://h/") == (
        "Linked [1](https://x.org/a), not yet [1](https://x.org/a), unknown [2], list [1, 2]."
    )


def test_postcheck_drops_the_blanks_before_a_marker_it_drops() -> None:
    p = Passage(0, "a1", "T", "Rain fell. Sun rose.", 0, 20, 1.0)
    text, cites = postcheck("The sun rose [2, 9] and it rained  [7].", [p, p], {"a1": "Rain fell. Sun rose."})
    assert text == "The sun rose [1] and it rained." and [c.quote for c in cites] == ["Sun rose."]


def test_claim_overlap_ignores_reporting_words() -> None:
    """A claim's reporting words ("said", "according") match no sentence: the one with the claim's words wins."""
    article = "Officials said little on Monday. The bridge reopened to traffic."
    p = Passage(0, "a1", "T", article, 0, len(article), 1.0)
    _, cites = postcheck("Officials said, according to the report, the bridge reopened [1].", [p], {"a1": article})
    assert [c.quote for c in cites] == ["The bridge reopened to traffic."]


def test_reporting_words_are_not_stopwords_of_retrieval() -> None:
    """Retrieval keeps them: "may" is also a month, and a question may ask what someone said."""
    assert REPORTING_WORDS.isdisjoint(STOPWORDS)
