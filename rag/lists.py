"""Answers that are lists: "which countries …?" is answered by the names one sentence lists together ("Norway and
Chile") when their votes together beat the best single name (``rag/vote.py`` counts the votes). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.candidates import Candidate
from rag.evidence import Sentence, Weights, sentence_spans
from rag.extract import Span, coordinated
from rag.keys import words_key
from rag.records import Passage
from rag.verbs import verb_after
from rag.vote import voters_of

_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$")  # "a champion between the Owls and the Hawks": the two sides


def listed(
    ranked: Sequence[Candidate],
    scored: Sequence[Sentence],
    passages: Sequence[Passage],
    w: Weights,
    count: int | None = None,
    kind: str | None = None,
    verb: str | None = None,
) -> Candidate | None:
    """For a question that asks for several things: the candidates one sentence lists together ("Norway and
    Chile"), as one candidate with their votes summed, when that outvotes the best single candidate; else None.
    It absorbs its members' best sentence: the list is as strong as the evidence for its names.
    ``count``: how many the question asks for ("which two …"), when it says: a list of another length is not it.
    For a winner, the sides a sentence names as a contest's ("between A and B") are no list of winners. ``verb``:
    the stem of the verb "who …?" asks the subject of; the list must come before it ("Norway and Chile back …", not
    "the four who have won … are Ada, Bo, Cy and Di")."""
    by_key = {c.key: c for c in ranked}
    best: Candidate | None = None
    for s in voters_of(scored, w):
        for run in coordinated(s.text, sentence_spans(s, passages)):
            if kind == "winner" and _BETWEEN.search(s.text, 0, run[0].start):
                continue
            if verb is not None and not verb_after(s.text, run[-1].end, verb):
                continue
            keys = [words_key(sp.text) for sp in run]
            members = [c for k in keys if (c := by_key.get(k)) and c.sentence is not None]
            if len(members) < len(keys) or len(set(keys)) < len(keys) or (count and len(keys) != count):
                continue  # every name a candidate, no name listed twice, as many as the question asks for
            votes = sum(c.votes for c in members)
            if best is None or votes > best.votes:
                span = Span(run[0].start, run[-1].end, s.text[run[0].start : run[-1].end], "list")
                absorbed = max(c.sentence.score for c in members if c.sentence is not None)
                best = Candidate(words_key(span.text), votes, s.score, span, s, absorbed=absorbed)
    return best if best is not None and ranked and best.votes > ranked[0].votes else None
