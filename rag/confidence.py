"""How likely an extractive answer is right, from the evidence behind it (a logistic fit, docs/benchmarks.md),
and the rule that abstains on weak evidence in both answer modes."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rag.acronyms import stands_for
from rag.compose import Composed, Weights, compose
from rag.dates import TimeIntent
from rag.lexicon import Lexicon
from rag.named import defined_name, full_names
from rag.records import Passage

# Logistic coefficients over (winner's votes, vote margin, best passage cosine, direct answer given), fitted on
# both tuning sets pooled and checked leave-one-week-out (docs/benchmarks.md, "Confidence"; refitted in round 38 to
# the votes ``Weights.sharp`` powers).
COEF = (0.934, 2.058, 3.471, -1.839)
BIAS = -3.292
# "Which country did the quake hit this week?" answered only from pieces this many days older than the time asked
# about is answered from older news, and the answer says so: on both sets 7 of 86 such answers are right, at a mean
# confidence of 0.25 (docs/benchmarks.md, round 47) …
STALE_DAYS = 90
STALE_RECENCY = 0.5  # … when the question leans this much to recent news ("this week", "latest": 1; "this year": 0.5)
STALE_SHARE = 0.25  # … and its confidence is this share of the fit's (leave-one-week-out on the Brier score, all three)


def features(composed: Composed, closest: float) -> tuple[float, float, float, float]:
    """The evidence the confidence is computed from."""
    return (math.log1p(composed.support), composed.margin, closest, 1.0 if composed.direct else 0.0)


def confidence(composed: Composed, closest: float, coef: tuple[float, ...] = COEF, bias: float = BIAS) -> float:
    """A probability in [0, 1]; 0 when nothing could be cited."""
    if not composed.citations:
        return 0.0
    z = bias + sum(c * x for c, x in zip(coef, features(composed, closest), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class Evidence:
    """The extractive composer's answer and the evidence rule's verdict: both modes abstain on it."""

    composed: Composed
    texts: Mapping[str, str]  # article id -> article text, for every passage
    confidence: float
    abstained: bool
    stale: dt.date | None = None  # the newest piece an answer to recent news cites, when far older (``stale``)


def weigh(
    question: str,
    passages: Sequence[Passage],
    texts: Mapping[str, str],
    weights: Weights,
    *,
    abstain_below: float,
    abstain_confidence: float,
    intent: TimeIntent | None = None,
    lexicon: Lexicon | None = None,
    as_of: dt.date | None = None,
) -> Evidence:
    """Compose the extractive answer and decide: abstain when nothing is cited, no passage is ``abstain_below``
    close (cosine) to the question (unless it asks who or what a name is, or names someone by their full name, and
    the sentences quoted name them: the model knows no rare name, so no passage is close to "Who is Jo de Wren?" or
    "Which university does Ada Hale teach at?"), or the confidence is below
    ``abstain_confidence``. A question about a time alone ("what happened last week?") is close to no passage by
    meaning: its pieces are found by their dates. An answer to a question about recent news (asked on ``as_of``)
    that cites no recent piece says so in its notice, and reports ``STALE_SHARE`` of its confidence (``stale``)."""
    composed = compose(question, passages, texts, weights, intent, lexicon)
    closest = max((p.dense or 0.0 for p in passages), default=0.0)
    conf = confidence(composed, closest)
    weak = (closest < abstain_below and not _quoted_by_name(question, composed)) or conf < abstain_confidence
    abstained = not composed.citations or (weak and not (intent is not None and intent.alone))
    newest = stale(composed, intent, as_of)
    if newest is not None:
        conf *= STALE_SHARE  # (what it reports: the evidence rule above has decided on the fit's)
    return Evidence(composed, texts, conf, abstained, newest)


def with_stale(notice: str | None, ev: Evidence) -> str | None:
    """``notice``, and what the answer says when it cites only pieces far older than the news asked about."""
    if ev.stale is None or ev.abstained:
        return notice
    said = f"The newest piece this answer cites is from {ev.stale.isoformat()}, long before the time asked about."
    return f"{notice} {said}" if notice else said


def stale(composed: Composed, intent: TimeIntent | None, as_of: dt.date | None) -> dt.date | None:
    """The date of the newest piece the answer cites, when the question leans to recent news ("which country did
    the quake hit this week?") and that piece is more than ``STALE_DAYS`` older than the time asked about (the start
    of its window, "this year"; else the day it is asked, ``as_of``): it tells of another, older story, as often as
    not. None otherwise.

    >>> from rag.records import Citation
    >>> cite = lambda day: Composed("Velling [1].", (Citation(1, "a", "t", "q", 0, 1, published=day),))
    >>> week, asked = TimeIntent(dt.date(2031, 3, 1), dt.date(2031, 3, 7), 1.0), dt.date(2031, 3, 7)
    >>> stale(cite(dt.date(2029, 5, 1)), week, asked), stale(cite(dt.date(2031, 2, 1)), week, asked)
    (datetime.date(2029, 5, 1), None)
    >>> stale(cite(dt.date(2029, 5, 1)), TimeIntent(None, None, 0.0), asked)  # no recent news asked for
    >>> stale(cite(dt.date(2031, 3, 1)), TimeIntent(dt.date(2031, 1, 1), asked, 0.5), dt.date(2031, 12, 1))  # this year
    """
    if intent is None or as_of is None or intent.recency < STALE_RECENCY or intent.alone:
        return None
    newest = max((c.published for c in composed.citations if c.published is not None), default=None)
    start = min(intent.since or as_of, as_of)
    return newest if newest is not None and (start - newest).days > STALE_DAYS else None


def _quoted_by_name(question: str, composed: Composed) -> bool:
    """The question asks who or what a name is, or names a run of capitalised words, and a sentence the answer
    quotes names it."""
    name = defined_name(question) or stands_for(question)  # "What does VRA stand for?": a sentence that names VRA
    names = [name] if name is not None else full_names(question)
    return any(n.lower() in c.quote.lower() for n in names for c in composed.citations)
