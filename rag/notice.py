"""What the reply says when a thing was asked for and the sentences quoted in its place give none ("The closest
sentences in the archive give no date for this question."). Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.evidence import Sentence, sentence_spans
from rag.keys import span_key
from rag.kinds import fits
from rag.named import named_in, named_stems
from rag.namewords import demonym
from rag.records import Citation, Passage

# what a question of each kind asks for, as a reader would name it; other kinds ("which film …?") are too loose to say
# that no sentence gives one
_ASKED = {
    "number": "number", "year": "year", "time": "time", "date": "date", "person": "name", "state": "state",
    "country": "country", "city": "city", "place": "place",
}  # fmt: skip
_PEOPLES = frozenset({"country", "place"})  # what a people's adjective ("Chinese") tells of


def none_given(
    question: str, kind: str | None, scored: Sequence[Sentence], cites: Sequence[Citation], passages: Sequence[Passage]
) -> str | None:
    """The notice for sentences quoted in place of the thing asked for when none of them gives a thing of that kind
    ("When did …?" answered with sentences that hold no date), else None: the reader should not have to search them
    for a date that is not there. Any span that may be of the kind (``fits`` above 0) and that the question does not
    name itself counts as given, and a people's adjective gives a country or place ("the Chinese balloon")."""
    asked = _ASKED.get(kind or "")
    if asked is None or not cites:
        return None
    quoted, named = {c.quote for c in cites}, named_in(question)
    for s in scored:
        for span in sentence_spans(s, passages) if s.text in quoted else ():
            key = span_key(span)
            given = fits(kind, span) > 0 or (kind in _PEOPLES and demonym(span))
            if given and key and not all(t in named for t in named_stems(key, question)):
                return None
    return f"The closest sentences in the archive give no {asked} for this question."
