"""Fold a question to a normal form and group near-duplicate questions (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

SIMILAR_AT = 0.7  # character-trigram Jaccard at or above which two folded questions are one question
_APOSTROPHES = str.maketrans("", "", "'’ʼ`´")
_NUMBER = re.compile(r"\d+")


def normalize(question: str) -> str:
    """Case, width, spacing and punctuation folded; apostrophes dropped so "what's" stays one word.

    >>> normalize("  What's   the NEWS, today?! ")
    'whats the news today'
    """
    text = unicodedata.normalize("NFKC", question).casefold().translate(_APOSTROPHES)
    kept = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    return " ".join(kept.split())


def _trigrams(folded: str) -> frozenset[str]:
    padded = f" {folded} "
    return frozenset(padded[i : i + 3] for i in range(max(1, len(padded) - 2)))


def similar(a: str, b: str) -> bool:
    """Whether two folded questions are near-duplicates: same numbers, trigram Jaccard >= ``SIMILAR_AT``.

    Numbers must agree because "the 2022 vote" and "the 2023 vote" are different questions.

    >>> similar("how do i repot a cactus", "how do i repot my cactus"), similar("the 2022 vote", "the 2023 vote")
    (True, False)
    """
    if a == b:
        return True
    if _NUMBER.findall(a) != _NUMBER.findall(b):
        return False
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) >= SIMILAR_AT


def cluster(folded: Sequence[str]) -> list[list[int]]:
    """Group positions of ``folded`` into near-duplicate clusters, the most frequent forms seeding clusters.

    Each distinct form joins the first cluster whose seed it is similar to; clusters come in the order
    they were seeded, each listing positions in input order.

    >>> cluster(["when is the tax rise", "weather", "when is the tax rising", "when is the tax rise"])
    [[0, 2, 3], [1]]
    """
    counts = Counter(folded)
    seeds: list[str] = []
    cluster_of: dict[str, int] = {}
    for form, _ in sorted(counts.items(), key=lambda kv: (-kv[1], folded.index(kv[0]))):
        home = next((i for i, seed in enumerate(seeds) if similar(form, seed)), None)
        if home is None:
            home = len(seeds)
            seeds.append(form)
        cluster_of[form] = home
    groups: list[list[int]] = [[] for _ in seeds]
    for position, form in enumerate(folded):
        groups[cluster_of[form]].append(position)
    return groups
