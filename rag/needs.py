"""What a winner's sentence must say for the question: the verb and role asked ("who suspended …?", "who is the
board's spokesperson?"), whom a verb acted on ("who did Hale pardon?"), the name given ("what does Hale call the
levy?"); and the runner-up that leads when the winner's sentence does not. Pure; a few word checks per candidate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rag.asked import PLACE_KINDS, names_asked, owned_noun, role_verb, roles_asked
from rag.asks import object_verb, when_verb
from rag.called import apposed, named_by
from rag.candidates import Candidate, by_surname
from rag.evidence import Weights, sentence_spans
from rag.heads import ROLE_GIVING, role_noun
from rag.kinds import fits
from rag.records import Passage
from rag.roles import titled_as
from rag.text import stem
from rag.verbs import says

Pool = Mapping[tuple[str, ...], Candidate]
SAYING_REACH = 4  # runners-up that may lead when the winner's sentence does not say the question's verb (``saying``)


def needed(question: str, kind: str, verb: str | None) -> list[str]:
    """The words a winner's sentence must say: the question's verb ("who suspended …?"; a winner's is said by
    its sentence's result, not its verb; one that only gives the role asked, "who became the coach?", by the role),
    the role asked ("who are the suspects …?"), the verb whose object is asked ("who did Hale pardon?"; not the
    "call" of "what does Hale call the levy?") and the verb a "where …?" places ("where was she buried?": not the
    square of her funeral).

    >>> needed("Who did Ada Hale pardon?", "person", None), needed("What does Hale call the levy?", "thing", None)
    (['pardon'], [])
    >>> needed("Who became the Velling coach?", "person", "becam")
    ['coach']
    >>> needed("Where was Ada Hale buried?", "place", None), needed("Where did the fair take place?", "place", None)
    (['buri'], [])
    """
    acted = None if names_asked(question, kind) else object_verb(question)
    owns = owned_noun(question) if kind == "person" else None  # "whose record did she break?": its sentence says it
    role = role_noun(question)
    if kind == "winner" or role and verb in ROLE_GIVING:
        verb = None  # "who became the coach?": "new coach Ada Hale" says it
    placed = when_verb(question) if kind in PLACE_KINDS else None  # "where was she buried?": a sentence saying so
    return [w for w in (verb, role, acted, owns, placed) if w]


def saying(
    kind: str, ranked: list[Candidate], pool: Pool, needs: Sequence[str], passages: Sequence[Passage]
) -> list[list[Candidate]]:
    """When the winner's sentence does not say what the question needs ("who directed …?"), the order led by the
    first of the next ``SAYING_REACH`` candidates of the kind asked whose sentence does ("docuseries director Ada
    Hale", not "CNN")."""
    if not needs or not ranked or ranked[0].sentence is None or says_needs(ranked[0], pool, needs, passages):
        return []
    for c in ranked[1 : 1 + SAYING_REACH]:
        if c.sentence and c.span and fits(kind, c.span) >= 1 and says_needs(c, pool, needs, passages):
            return [[c, *(d for d in ranked if d is not c)]]
    return []


def names_it(c: Candidate, passages: Sequence[Passage]) -> bool:
    """The candidate's sentence gives it as what something is called: in quotes, or after "called", "calls" …."""
    return (
        c.sentence is not None
        and c.span is not None
        and named_by(c.sentence.text, c.span, sentence_spans(c.sentence, passages))
    )


_MODIFIERS = frozenset(stem(w) for w in "former acting interim vice deputy".split())  # of a role, none themselves
_CLAUSE = re.compile(r"[^,;:]+")  # what follows a name up to its clause's end


Doer = tuple[frozenset[str], str]  # the role stems and the verb stem a "which <role> <verb> …?" question asks by


def doer_asked(question: str, kind: str) -> Doer | None:
    """The roles and the verb of a "which judge sentenced …?" question (``titled_doer``), else None."""
    roles = roles_asked(question) - _MODIFIERS if kind == "person" else frozenset()
    acted = role_verb(question) if roles else None
    return (roles, acted) if acted is not None else None


def titled_doer(doer: Doer | None, c: Candidate) -> bool:
    """A "which <role> <verb> …?" winner (``doer``: ``doer_asked``) whose sentence gives it that role and says the
    verb in the clause its name opens: "Judge Ada Hale sentenced …" for "which judge sentenced …?" says what the
    question asks of it in so many words (not "… asked Judge Ada Hale to delay the sentencing", nor "Judge Ada Hale,
    who knew Judge Jo Bell, …")."""
    if doer is None or c.sentence is None or c.span is None:
        return False
    roles, acted = doer
    text = c.sentence.text
    clause = _CLAUSE.match(text, c.span.end)  # "Judge Ada Hale of the Velling court on Friday sentenced …"
    if clause is None or (words := clause.group(0).split())[:1] == ["to"]:
        return False
    return says(" ".join(words[:8]), acted) and (titled_as(text, c.span, roles) or apposed(text, c.span, roles))


def rival(
    order: Sequence[Candidate], pool: Pool, needs: Sequence[str], passages: Sequence[Passage]
) -> Candidate | None:
    """The winner's rival, for its margin and a conflict: the next candidate, or when the question needs a verb or role
    ("who directed …?"), the next of the three after it whose sentence says it (one that does not is no answer)."""
    if not needs:
        return order[1] if len(order) > 1 else None
    return next((c for c in order[1:4] if c.sentence is not None and says_needs(c, pool, needs, passages)), None)


def says_needs(c: Candidate, pool: Pool, needs: Sequence[str], passages: Sequence[Passage]) -> bool:
    """The candidate's sentence says every word the question needs, or a sentence of its piece that names it by its
    surname does ("Ada Hale, 13, took the title …" then "Hale won on the 20th word" for "who won …?")."""
    assert c.sentence is not None
    if not needs:
        return True
    return any(all(says(s.text, n) for n in needs) for s in (c.sentence, *by_surname(c, pool, passages)))


def in_view(ranked: Sequence[Candidate], needs: Sequence[str], w: Weights) -> tuple[str, ...]:
    """The best candidates, when none stood out, that the sentences shown should name: those whose sentence says
    the verb and role the question needs ("who are the suspects?" is no name of a sentence that calls no one one)."""
    best = ranked[: w.max_sentences]
    return tuple(c.span.text for c in best if c.span and c.sentence and all(says(c.sentence.text, n) for n in needs))
