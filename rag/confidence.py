"""How likely an extractive answer is right, from the evidence behind it (a logistic fit, docs/benchmarks.md),
and the rule that abstains on weak evidence in both answer modes."""

from __future__ import annotations

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
) -> Evidence:
    """Compose the extractive answer and decide: abstain when nothing is cited, no passage is ``abstain_below``
    close (cosine) to the question (unless it asks who or what a name is, or names someone by their full name, and
    the sentences quoted name them: the model knows no rare name, so no passage is close to "Who is Jo de Wren?" or
    "Which university does Ada Hale teach at?"), or the confidence is below
    ``abstain_confidence``. A question about a time alone ("what happened last week?") is close to no passage by
    meaning: its pieces are found by their dates."""
    composed = compose(question, passages, texts, weights, intent, lexicon)
    closest = max((p.dense or 0.0 for p in passages), default=0.0)
    conf = confidence(composed, closest)
    weak = (closest < abstain_below and not _quoted_by_name(question, composed)) or conf < abstain_confidence
    abstained = not composed.citations or (weak and not (intent is not None and intent.alone))
    return Evidence(composed, texts, conf, abstained)


def _quoted_by_name(question: str, composed: Composed) -> bool:
    """The question asks who or what a name is, or names a run of capitalised words, and a sentence the answer
    quotes names it."""
    name = defined_name(question) or stands_for(question)  # "What does VRA stand for?": a sentence that names VRA
    names = [name] if name is not None else full_names(question)
    return any(n.lower() in c.quote.lower() for n in names for c in composed.citations)
