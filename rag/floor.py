"""How close a question any archive could not answer still comes to this one: the archive's noise floor.

A big news archive covers so much that an everyday question ("how do I patch a bike tyre?") finds a passage at a
cosine of 0.4 or more, and the abstention rule's ``abstain_below`` is set for such archives. A small archive on a
few subjects (the seed's commentary, a newsroom's one beat) is far from every everyday question, and so from a
reader's question on its own subject put in other words ("what about the river agreement?" for the Velling water
accord). The floor is the closest any of ``PROBES`` comes to the archive: a question that comes no closer than
``MARGIN`` above it says nothing the archive's words do not say to anything. ``abstain_below`` is lowered to that,
never raised. (A compressed index, ivf-pq, finds a probe's nearest chunk approximately: its floor may come out a
little low.)

The probes are everyday questions of no news; none is in ``bench/offtopic.txt``, the off-topic questions the
abstention rule is measured on. Encoded once per model in a process (~30 ms), searched once per index version (a
few ms).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from embeddings.encode import Encoder

PROBES = (
    "How do I patch a puncture in a bicycle inner tube?",
    "What is a good beginner workout routine at home?",
    "How long do I roast a whole chicken per pound?",
    "Which houseplants are safe for cats?",
    "How do I get my toddler to sleep through the night?",
    "What is the quickest way to learn touch typing?",
    "How do I change the oil in a lawn mower?",
    "Which watercolour paper weight should a beginner buy?",
    "How can I stop my glasses from fogging up?",
    "What is the difference between a latte and a flat white?",
    "How do I fix a squeaky door hinge?",
    "Which board games are fun for two players?",
    "How do I grow tomatoes on a balcony?",
    "How often should I water a cactus?",
    "What should I pack for a weekend camping trip?",
    "How do I write a for loop in JavaScript?",
    "How do I get candle wax out of a carpet?",
    "What is the best way to memorise vocabulary?",
    "How do I teach a puppy to sit?",
    "How many calories are in a banana?",
    "How do I make cold brew coffee at home?",
    "What is the rule for using a semicolon?",
    "How do I hang a picture frame straight?",
    "Which crochet stitch is easiest to learn first?",
)
MARGIN = 0.05  # a question must come this much closer than every probe to be read as about the archive


_ENCODED: dict[str, np.ndarray] = {}  # the probes' vectors, by the fingerprint of the model that encoded them


def probes(encoder: Encoder, model: str) -> np.ndarray:
    """``PROBES`` encoded by ``encoder``, whose model's fingerprint is ``model`` (once per model in a process)."""
    if model not in _ENCODED:
        _ENCODED[model] = encoder.encode(list(PROBES))
    return _ENCODED[model]


def noise_floor(vectors: np.ndarray, nearest: Callable[[np.ndarray], float]) -> float:
    """The closest any probe's vector comes to the archive (``nearest``: a vector's best cosine in it); 1.0 (no
    floor) when there are none.

    >>> noise_floor(np.eye(2, dtype=np.float32), lambda v: float(v[0]) * 0.3)
    0.3
    """
    return max((nearest(v) for v in vectors), default=1.0)


def abstain_below(configured: float, floor: float) -> float:
    """The cosine below which no passage is close enough to answer from: the configured one, lowered for an archive
    whose floor (``noise_floor``) lies well below it, never raised.

    >>> abstain_below(0.40, 0.45), abstain_below(0.40, 0.20)
    (0.4, 0.25)
    """
    return min(configured, round(floor + MARGIN, 6))
