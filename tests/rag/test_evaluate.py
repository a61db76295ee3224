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
    strip_citation_markers,
    summarise,
)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("", []),
        ("  \t\n ", []),
        ("The", []),
        ("A an THE the.", []),
        ("Theory of an anthem", ["theory", "of", "anthem"]),
        ("“Hello,” she said’s", ["hello", "she", "saids"]),  # curly quotes are dropped, not spaced
        ("Bills—Bengals", ["billsbengals"]),  # an em dash glues its neighbours
        ("Bills — Bengals", ["bills", "bengals"]),
        ("well-known U.S. $3.8 billion", ["wellknown", "us", "38", "billion"]),  # $ is in string.punctuation
        ("Beyoncé ÉCOLE", ["beyoncé", "école"]),  # accents stay; no Unicode folding in the rule
        ("¿Qué? «Oui» 「はい」", ["qué", "oui", "はい"]),
        ("€5 ©", ["€5", "©"]),  # symbols (category S) outside string.punctuation stay
        ("Pope\xa0Francis", ["pope", "francis"]),  # any Unicode whitespace splits
    ],
)
def test_normalise(text: str, tokens: list[str]) -> None:
    assert normalise(text) == tokens


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("the Buffalo Bills' player", "Buffalo Bills", True),  # "bills'" -> "bills"
        ("the Buffalo Bills’ player", "Buffalo Bills", True),
        ("the Buffalo Bills's player", "Buffalo Bills", False),  # "bills's" -> "billss"
        ("Damar Hamlin’s recovery", "Hamlin", False),  # "hamlin’s" -> "hamlins"
        ("Billsy", "Bills", False),
        ("Bills", "Billsy", False),
        ("BUFFALO\nBILLS", "buffalo bills", True),
        ("Bills Buffalo", "Buffalo Bills", False),
        ("Buffalo, Bills", "Buffalo Bills", True),
        ("Buffalo the Bills", "Buffalo Bills", True),  # articles vanish before matching
        ("Bills—Bengals", "Bills", False),
        ("anything at all", "", False),
        ("the end", "The", False),  # normalises to nothing
        ("", "Bills", False),
    ],
)
def test_contains(text: str, phrase: str, expected: bool) -> None:
    assert contains(text, phrase) is expected


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("Buffalo Bills[1].", "Buffalo Bills."),
        ("He plays for Buffalo [2][3] and Bills [12]", "He plays for Buffalo  and Bills "),
        ("no markers here", "no markers here"),
        ("[a] and [1a] and [ 1] stay", "[a] and [1a] and [ 1] stay"),
    ],
)
def test_strip_citation_markers(text: str, stripped: str) -> None:
    assert strip_citation_markers(text) == stripped


HAMLIN = ["Pittsburgh Steelers", "Cincinnati Bengals", "Buffalo Bills", "Cleveland Browns"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He plays for the Buffalo Bills[1].", True),  # the glued marker would otherwise make "bills1"
        ("The Buffalo Bills’ safety [1][2]", True),
        ("He collapsed against the Cincinnati Bengals while playing for the Buffalo Bills.", False),
        ("Either the Buffalo Bills or the Cleveland Browns.", False),
        ("He plays for Buffalo.", False),
        ("I could not find this in the archive.", False),
    ],
)
def test_answer_correct(text: str, expected: bool) -> None:
    assert answer_correct(text, "Buffalo Bills", HAMLIN) is expected


def test_citation_markers_are_not_read_as_numbers() -> None:
    choices = ["1", "2", "3", "4"]
    assert answer_correct("It was 3 [1][2].", "3", choices)
    assert not answer_correct("It was 3 and 4 [1].", "3", choices)


def test_wrong_choice_containing_the_right_one() -> None:
    choices = ["His body", "His body weight in caviar", "A yacht", "A castle"]  # 20230224_23
    assert answer_correct("His body.", "His body", choices)
    assert not answer_correct("His body weight in caviar.", "His body", choices)
    # The literal rule's flip side: a right choice that contains a wrong one can never score.
    assert not answer_correct("His body weight in caviar.", "His body weight in caviar", choices)


def test_answer_must_be_a_choice() -> None:
    with pytest.raises(ValueError):
        answer_correct("Buffalo Bills", "Buffalo", HAMLIN)
    assert answer_correct("the buffalo bills", "buffalo bills", HAMLIN)  # matched after normalising


PASSAGES = ["Pope Francis spoke.", "The Bills won.", "Damar Hamlin of the Buffalo Bills", "weather"]


def test_recall_at_k() -> None:
    assert not recall_at_k(PASSAGES, "Buffalo Bills", 1)
    assert not recall_at_k(PASSAGES, "Buffalo Bills", 2)
    assert recall_at_k(PASSAGES, "Buffalo Bills", 3)
    assert recall_at_k(PASSAGES, "Buffalo Bills", 10)
    assert not recall_at_k([], "Buffalo Bills", 5)
    with pytest.raises(ValueError):
        recall_at_k(PASSAGES, "Buffalo Bills", 0)


@pytest.mark.parametrize(
    ("rank", "hits"),
    [(1, (True, True, True)), (3, (False, True, True)), (5, (False, True, True)), (7, (False, False, True))]
    + [(10, (False, False, True)), (11, (False, False, False)), (None, (False, False, False))],
)
def test_recall_profile_agrees_with_recall_at_k(rank: int | None, hits: tuple[bool, ...]) -> None:
    texts = ["nothing here"] * 12
    if rank is not None:
        texts[rank - 1] = "the Buffalo Bills"
    assert recall_profile(texts, "Buffalo Bills") == hits
    assert hits == tuple(recall_at_k(texts, "Buffalo Bills", k) for k in (1, 5, 10))


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
) -> EvalRow:
    return EvalRow(id, answerable, correct, hits, cites[0], cites[1], abstained, ms)


T, F = True, False
ROWS = [
    row("q1", T, T, (T, T, T), (2, 2), F, 100.0),
    row("q2", T, F, (F, T, T), (1, 0), F, 300.0),
    row("q3", T, F, (F, F, F), (0, 0), T, 200.0),
    row("q4", F, F, (F, F, F), (0, 0), T, 50.0),
    row("q5", F, F, (T, T, T), (3, 1), F, 1000.0),  # unanswerable: its recall hits do not count
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
            "latency p50            200 ms",
            "latency p95            1000 ms",
        ]
    )
