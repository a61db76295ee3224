"""The scoring rule of /work/shared/eval/README.md, edge cases first, then a hand-computed summary."""

from __future__ import annotations

import pytest

from rag.evaluate import (
    EvalReport,
    EvalRow,
    answer_correct,
    contains,
    format_report,
    normalise,
    percentile,
    recall_at_k,
    recall_profile,
    summarise,
)
from rag.text import strip_citation_markers


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("", []),
        ("  \t\n ", []),
        ("The", []),
        ("A an THE the.", []),
        ("Theory of an anthem", ["theory", "of", "anthem"]),
        ("“Hello,” she said’s", ["hello", "she", "saids"]),  # curly quotes are dropped, not spaced
        ("Ospreys—Gulls", ["ospreysgulls"]),  # an em dash glues its neighbours
        ("Ospreys — Gulls", ["ospreys", "gulls"]),
        ("well-known U.S. $3.8 billion", ["wellknown", "us", "38", "billion"]),  # $ is in string.punctuation
        ("Renée ÉCOLE", ["renée", "école"]),  # accents stay; no Unicode folding in the rule
        ("¿Qué? «Oui» 「はい」", ["qué", "oui", "はい"]),
        ("€5 ©", ["€5", "©"]),  # symbols (category S) outside string.punctuation stay
        ("Abbot\xa0Morrow", ["abbot", "morrow"]),  # any Unicode whitespace splits
    ],
)
def test_normalise(text: str, tokens: list[str]) -> None:
    assert normalise(text) == tokens


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("the Kestrel Ospreys' keeper", "Kestrel Ospreys", True),  # "ospreys'" -> "ospreys"
        ("the Kestrel Ospreys’ keeper", "Kestrel Ospreys", True),
        ("the Kestrel Ospreys's keeper", "Kestrel Ospreys", False),  # "ospreys's" -> "ospreyss"
        ("Teodor Brannock’s recovery", "Brannock", False),  # "brannock’s" -> "brannocks"
        ("Ospreysy", "Ospreys", False),
        ("Ospreys", "Ospreysy", False),
        ("KESTREL\nOSPREYS", "kestrel ospreys", True),
        ("Ospreys Kestrel", "Kestrel Ospreys", False),
        ("Kestrel, Ospreys", "Kestrel Ospreys", True),
        ("Kestrel the Ospreys", "Kestrel Ospreys", True),  # articles vanish before matching
        ("Ospreys—Gulls", "Ospreys", False),
        ("anything at all", "", False),
        ("the end", "The", False),  # normalises to nothing
        ("", "Ospreys", False),
    ],
)
def test_contains(text: str, phrase: str, expected: bool) -> None:
    assert contains(text, phrase) is expected


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("Kestrel Ospreys[1].", "Kestrel Ospreys."),
        ("He plays for Kestrel [2][3] and Ospreys [12]", "He plays for Kestrel  and Ospreys "),
        ("no markers here", "no markers here"),
        ("[a] and [1a] and [ 1] stay", "[a] and [1a] and [ 1] stay"),
    ],
)
def test_strip_citation_markers(text: str, stripped: str) -> None:
    assert strip_citation_markers(text) == stripped


TEAMS = ["Ashgrove Wardens", "Dunmore Gulls", "Kestrel Ospreys", "Port Ardley Herons"]  # invented


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He plays for the Kestrel Ospreys[1].", True),  # the glued marker would otherwise make "ospreys1"
        ("The Kestrel Ospreys’ goalkeeper [1][2]", True),
        ("He collapsed against the Dunmore Gulls while playing for the Kestrel Ospreys.", False),
        ("Either the Kestrel Ospreys or the Port Ardley Herons.", False),
        ("He plays for Kestrel.", False),
        ("I could not find this in the archive.", False),
    ],
)
def test_answer_correct(text: str, expected: bool) -> None:
    assert answer_correct(text, "Kestrel Ospreys", TEAMS) is expected


def test_citation_markers_are_not_read_as_numbers() -> None:
    choices = ["1", "2", "3", "4"]
    assert answer_correct("It was 3 [1][2].", "3", choices)
    assert not answer_correct("It was 3 and 4 [1].", "3", choices)


def test_wrong_choice_containing_the_right_one() -> None:
    choices = ["Her boat", "Her boat full of tulips", "A bicycle", "A piano"]  # invented
    assert answer_correct("Her boat.", "Her boat", choices)
    assert not answer_correct("Her boat full of tulips.", "Her boat", choices)
    # The literal rule's flip side: a right choice that contains a wrong one can never score.
    assert not answer_correct("Her boat full of tulips.", "Her boat full of tulips", choices)


def test_answer_must_be_a_choice() -> None:
    with pytest.raises(ValueError):
        answer_correct("Kestrel Ospreys", "Kestrel", TEAMS)
    assert answer_correct("the kestrel ospreys", "kestrel ospreys", TEAMS)  # matched after normalising


PASSAGES = ["Abbot Morrow spoke.", "The Ospreys won.", "Teodor Brannock of the Kestrel Ospreys", "weather"]


def test_recall_at_k() -> None:
    assert not recall_at_k(PASSAGES, "Kestrel Ospreys", 1)
    assert not recall_at_k(PASSAGES, "Kestrel Ospreys", 2)
    assert recall_at_k(PASSAGES, "Kestrel Ospreys", 3)
    assert recall_at_k(PASSAGES, "Kestrel Ospreys", 10)
    assert not recall_at_k([], "Kestrel Ospreys", 5)
    with pytest.raises(ValueError):
        recall_at_k(PASSAGES, "Kestrel Ospreys", 0)


@pytest.mark.parametrize(
    ("rank", "hits"),
    [(1, (True, True, True)), (3, (False, True, True)), (5, (False, True, True)), (7, (False, False, True))]
    + [(10, (False, False, True)), (11, (False, False, False)), (None, (False, False, False))],
)
def test_recall_profile_agrees_with_recall_at_k(rank: int | None, hits: tuple[bool, ...]) -> None:
    texts = ["nothing here"] * 12
    if rank is not None:
        texts[rank - 1] = "the Kestrel Ospreys"
    assert recall_profile(texts, "Kestrel Ospreys") == hits
    assert hits == tuple(recall_at_k(texts, "Kestrel Ospreys", k) for k in (1, 5, 10))


def test_percentile_is_nearest_rank() -> None:
    assert percentile([40, 10, 30, 20], 50) == 20
    assert percentile([40, 10, 30, 20], 95) == 40
    assert percentile([40, 10, 30, 20], 0) == 10
    assert percentile([40, 10, 30, 20], 100) == 40
    assert percentile([7.5], 95) == 7.5
    assert percentile(list(range(1, 21)), 95) == 19  # ceil(0.95 * 20) = 19th value
    assert percentile(list(range(1, 11)), 50) == 5
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def row(
    id: str,
    answerable: bool,
    correct: bool,
    hits: tuple[bool, bool, bool],
    cites: tuple[int, int],
    abstained: bool,
    ms: float,
    words: int = 0,
) -> EvalRow:
    return EvalRow(id, answerable, correct, hits, cites[0], cites[1], abstained, ms, words)


T, F = True, False
ROWS = [
    row("q1", T, T, (T, T, T), (2, 2), F, 100.0, 4),
    row("q2", T, F, (F, T, T), (1, 0), F, 300.0, 12),
    row("q3", T, F, (F, F, F), (0, 0), T, 200.0, 15),  # an abstention's words count too
    row("q4", F, F, (F, F, F), (0, 0), T, 50.0, 15),
    row("q5", F, F, (T, T, T), (3, 1), F, 1000.0, 7),  # unanswerable: its recall hits do not count
]


def test_summarise_by_hand() -> None:
    assert summarise(ROWS) == EvalReport(
        n=5,
        accuracy=1 / 5,
        answerable=3,
        recall_at_1=1 / 3,
        recall_at_5=2 / 3,
        recall_at_10=2 / 3,
        citations=6,
        citation_validity=3 / 6,
        abstained=2,
        abstained_answerable=1,
        answered_wrong=2,  # q2 and q5
        latency_p50_ms=200.0,  # sorted 50 100 200 300 1000: 3rd of 5
        latency_p95_ms=1000.0,  # ceil(4.75) = 5th
        answer_words_p50=12.0,  # sorted 4 7 12 15 15: 3rd of 5
    )


def test_summarise_without_denominators() -> None:
    report = summarise([row("q4", F, F, (F, F, F), (0, 0), T, 50.0)])
    assert (report.recall_at_1, report.recall_at_5, report.recall_at_10, report.citation_validity) == (None,) * 4
    assert "answer-recall@1        n/a" in format_report(report)
    with pytest.raises(ValueError):
        summarise([])


def test_eval_row_is_checked() -> None:
    with pytest.raises(ValueError):
        row("bad", T, T, (T, T, T), (1, 2), F, 1.0)
    with pytest.raises(ValueError):
        EvalRow("bad", T, T, (T, T), 0, 0, F, 1.0)  # type: ignore[arg-type]


def test_format_report() -> None:
    assert format_report(summarise(ROWS)) == "\n".join(
        [
            "questions              5",
            "answer accuracy        0.200  (1/5)",
            "answerable             3",
            "answer-recall@1        0.333  (1/3)",
            "answer-recall@5        0.667  (2/3)",
            "answer-recall@10       0.667  (2/3)",
            "citations              6",
            "citation validity      0.500  (3/6)",
            "abstained              2/5",
            "abstained, answerable  1/3",
            "answered wrong         2/5",
            "median answer length   12 words",
            "latency p50            200 ms",
            "latency p95            1000 ms",
        ]
    )


def test_fallback_report_counts_llm_answers_abstentions_and_reasons() -> None:
    from rag.evalrun import fallback_report

    failed = "the LLM failed (no claim shared enough words with the sentence it cited): extractive answer shown"
    timeout = (
        "the LLM failed (LLM at http://127.0.0.1:9/v1/chat/completions timed out after 30 s): extractive answer shown"
    )
    records: list[dict[str, object]] = [
        {"mode": "llm", "abstained": False, "notice": None},
        {"mode": "llm", "abstained": True, "notice": None},
        {"mode": "extractive", "abstained": False, "notice": failed},
        {"mode": "extractive", "abstained": False, "notice": failed},
        {"mode": "extractive", "abstained": True, "notice": timeout},
    ]
    lines = fallback_report(records).splitlines()
    assert lines[0].split() == ["answered", "by", "the", "LLM", "1/5"]
    assert lines[1].endswith(" 1/5") and lines[2].endswith(" 3/5")
    assert lines[3] == "  2× the LLM failed (no claim shared enough words with the sentence it cited)"
    assert lines[4] == "  1× the LLM failed (LLM at … timed out after … s)"
