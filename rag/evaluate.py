"""Pure scoring for the rtqa-dev evaluation, exactly as /work/shared/eval/README.md defines it.

The runner (asking the engine, checking citations against article text) lives elsewhere and builds one
``EvalRow`` per question from these helpers; ``summarise`` and ``format_report`` turn rows into numbers.
"""

from __future__ import annotations

import math
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag.text import strip_citation_markers

RECALL_KS = (1, 5, 10)
_ARTICLES = frozenset({"a", "an", "the"})
_ASCII_PUNCTUATION = frozenset(string.punctuation)


@lru_cache(maxsize=4096)
def _is_punctuation(char: str) -> bool:
    """True for string.punctuation (which includes ASCII symbols like $ and +) and Unicode P* categories."""
    return char in _ASCII_PUNCTUATION or unicodedata.category(char).startswith("P")


def normalise(s: str) -> list[str]:
    """Lowercase, drop punctuation characters (not replace: "Rovers’" -> "rovers"), drop a/an/the, split.

    >>> normalise("The Harbour Rovers’ “steady” revival — well-known")
    ['harbour', 'rovers', 'steady', 'revival', 'wellknown']
    """
    kept = "".join(char for char in s.lower() if not _is_punctuation(char))
    return [token for token in kept.split() if token not in _ARTICLES]


def _find(tokens: Sequence[str], phrase: Sequence[str]) -> bool:
    """True when ``phrase`` occurs contiguously in ``tokens``."""
    width = len(phrase)
    return any(tokens[i] == phrase[0] and tokens[i : i + width] == phrase for i in range(len(tokens) - width + 1))


def contains(text: str, phrase: str) -> bool:
    """True when normalise(phrase) is a contiguous run of normalise(text); an empty phrase is never contained.

    >>> contains("the Harbour Rovers' keeper", "Harbour Rovers"), contains("Roversy", "Rovers")
    (True, False)
    """
    wanted = normalise(phrase)
    return bool(wanted) and _find(normalise(text), wanted)


def answer_correct(answer_text: str, answer: str, choices: Sequence[str]) -> bool:
    """True when the answer text, markers removed, contains the right choice and none of the wrong ones.

    The wrong choices are those whose normalised form differs from the right one's, so a duplicate of the
    right choice spelled differently is not held against the answer. Raises ValueError if ``answer`` is not
    among ``choices`` (a data error worth hearing about).
    """
    right = normalise(answer)
    if all(normalise(choice) != right for choice in choices):
        raise ValueError(f"answer {answer!r} is not one of the choices {list(choices)!r}")
    tokens = normalise(strip_citation_markers(answer_text))
    wrong = [normalise(choice) for choice in choices if normalise(choice) != right]
    return bool(right) and _find(tokens, right) and not any(w and _find(tokens, w) for w in wrong)


def recall_at_k(passage_texts: Sequence[str], answer: str, k: int) -> bool:
    """True when one of the first ``k`` passages contains the answer."""
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    return any(contains(text, answer) for text in passage_texts[:k])


def recall_profile(passage_texts: Sequence[str], answer: str) -> tuple[bool, bool, bool]:
    """recall_at_k for k = 1, 5, 10 in one scan, ready for EvalRow.recall_hits: first hit at rank 3 -> (F, T, T)."""
    first = next((rank for rank, text in enumerate(passage_texts, 1) if contains(text, answer)), None)
    at_1, at_5, at_10 = (first is not None and first <= k for k in RECALL_KS)
    return at_1, at_5, at_10


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p % of values at or below it.

    No interpolation, so the result is always one of the values; p = 0 gives the minimum.

    >>> percentile([40, 10, 30, 20], 50), percentile([40, 10, 30, 20], 95)
    (20.0, 40.0)
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"p must be within [0, 100], got {p}")
    ordered = sorted(values)
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return float(ordered[rank - 1])


@dataclass(frozen=True, slots=True)
class EvalRow:
    """The outcome of one question; ``recall_hits`` holds answer-recall at k = 1, 5, 10."""

    id: str
    answerable: bool
    correct: bool
    recall_hits: tuple[bool, bool, bool]
    n_citations: int
    n_valid_citations: int
    abstained: bool
    latency_ms: float
    answer_words: int = 0  # words of the answer text, citation markers removed

    def __post_init__(self) -> None:
        if not 0 <= self.n_valid_citations <= self.n_citations:
            raise ValueError(f"{self.id}: {self.n_valid_citations} valid of {self.n_citations} citations")
        if len(self.recall_hits) != len(RECALL_KS):
            raise ValueError(f"{self.id}: recall_hits needs one flag per k in {RECALL_KS}")


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Aggregate scores: shares in [0, 1] (None when their denominator is zero) and counts of questions."""

    n: int
    accuracy: float  # correct / n, over every question
    answerable: int
    recall_at_1: float | None  # over answerable questions only
    recall_at_5: float | None
    recall_at_10: float | None
    citations: int
    citation_validity: float | None  # valid citations / all citations (pooled, not averaged per question)
    abstained: int
    abstained_answerable: int  # abstained although the answer was in the archive
    answered_wrong: int  # answered (did not abstain) and was wrong
    latency_p50_ms: float  # nearest-rank
    latency_p95_ms: float
    answer_words_p50: float = 0.0  # median answer length in words (abstentions included)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def summarise(rows: Sequence[EvalRow]) -> EvalReport:
    """Aggregate per-question rows into an EvalReport; raises ValueError on no rows."""
    if not rows:
        raise ValueError("cannot summarise an evaluation of no questions")
    answerable = [row for row in rows if row.answerable]
    recall = [_share(sum(row.recall_hits[i] for row in answerable), len(answerable)) for i in range(len(RECALL_KS))]
    citations = sum(row.n_citations for row in rows)
    latencies = [row.latency_ms for row in rows]
    return EvalReport(
        n=len(rows),
        accuracy=sum(row.correct for row in rows) / len(rows),
        answerable=len(answerable),
        recall_at_1=recall[0],
        recall_at_5=recall[1],
        recall_at_10=recall[2],
        citations=citations,
        citation_validity=_share(sum(row.n_valid_citations for row in rows), citations),
        abstained=sum(row.abstained for row in rows),
        abstained_answerable=sum(row.abstained for row in answerable),
        answered_wrong=sum(not row.abstained and not row.correct for row in rows),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        answer_words_p50=percentile([row.answer_words for row in rows], 50),
    )


def _fraction(share: float | None, part: str) -> str:
    return "n/a" if share is None else f"{share:.3f}  ({part})"


def format_report(report: EvalReport) -> str:
    """A two-column text table of the report, shares with the counts behind them."""
    r = report
    recalled = [None if s is None else round(s * r.answerable) for s in (r.recall_at_1, r.recall_at_5, r.recall_at_10)]
    valid = None if r.citation_validity is None else round(r.citation_validity * r.citations)
    lines = [
        ("questions", str(r.n)),
        ("answer accuracy", _fraction(r.accuracy, f"{round(r.accuracy * r.n)}/{r.n}")),
        ("answerable", str(r.answerable)),
        *(
            (f"answer-recall@{k}", _fraction(s, f"{hits}/{r.answerable}"))
            for k, s, hits in zip(RECALL_KS, (r.recall_at_1, r.recall_at_5, r.recall_at_10), recalled, strict=True)
        ),
        ("citations", str(r.citations)),
        ("citation validity", _fraction(r.citation_validity, f"{valid}/{r.citations}")),
        ("abstained", f"{r.abstained}/{r.n}"),
        ("abstained, answerable", f"{r.abstained_answerable}/{r.answerable}"),
        ("answered wrong", f"{r.answered_wrong}/{r.n}"),
        ("median answer length", f"{r.answer_words_p50:.0f} words"),
        ("latency p50", f"{r.latency_p50_ms:.0f} ms"),
        ("latency p95", f"{r.latency_p95_ms:.0f} ms"),
    ]
    width = max(len(label) for label, _ in lines)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in lines)
