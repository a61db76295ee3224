"""How likely an extractive answer is right, from the evidence behind it (a logistic fit, docs/benchmarks.md)."""

from __future__ import annotations

import math

from rag.compose import Composed

# Logistic coefficients over (winner's votes, vote margin, best passage cosine, direct answer given), fitted on
# both tuning sets pooled and checked leave-one-week-out (docs/benchmarks.md, "Confidence").
COEF = (1.095, 1.329, 2.695, -1.427)
BIAS = -3.061


def features(composed: Composed, closest: float) -> tuple[float, float, float, float]:
    """The evidence the confidence is computed from."""
    return (math.log1p(composed.support), composed.margin, closest, 1.0 if composed.direct else 0.0)


def confidence(composed: Composed, closest: float, coef: tuple[float, ...] = COEF, bias: float = BIAS) -> float:
    """A probability in [0, 1]; 0 when nothing could be cited."""
    if not composed.citations:
        return 0.0
    z = bias + sum(c * x for c, x in zip(coef, features(composed, closest), strict=True))
    return 1.0 / (1.0 + math.exp(-z))
