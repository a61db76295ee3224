"""How much a sentence doubts a mention as the answer, beyond its kind: "who supports X?" is not answered by the
name after "support" (more often its object), "who won the final?" not by the side it says was beaten, "when will it
pass Earth?" not by the sentence's other date. Pure, regex only; where a sentence says the question's verb is
``rag/verbs.py``, the kind's fit ``rag/fit.py``.
"""

from __future__ import annotations

import re

from rag.asked import Ask
from rag.evidence import Sentence
from rag.extract import Span, naming_year, overlaps
from rag.phrases import other_bound
from rag.verbs import after, before_passive, denied_after, its_count, its_date, its_place

AFTER_VERB = 0.5  # "Who supports X?": a name after "support" in its sentence is more often its object than its subject
# … unless the verb is passive and the name its agent ("hosted by actor and comedian X"), or the name says ("…, said
# X"; not "told X": X is told)
_AGENT = re.compile(r"\bby\s+(?:[a-z]+\s+){0,4}$|\b(?:said|says|added|wrote|noted|argued|explained)\s+$")
ELSEWHEN = 0.5  # "When did it …?": another date of a sentence that gives the verb's own (leave-one-week-out)
DENIED = 0.25  # "Who won the cup?": a sentence that says the mention has never won it is little evidence that it did
BEATEN = 0.5  # "Who won the final?": the side a sentence says was beaten ("the Owls beat the Hawks") lost it
_LOST = r"beat|beats|beating|defeated|defeats|defeating|edged|topped|routed|eliminated|downed|swept"
_BEATEN = re.compile(rf"\b(?:{_LOST}|over|past|against|vs\.?|versus)\s+(?:the\s+)?$")  # … or the other side
_BEATEN_BY = re.compile(  # "… beat the Hawks"; "over" only after a win in its clause ("won … over the Hawks")
    rf"\b(?:{_LOST})\s+(?:the\s+)?$|\b(?:won|wins?|winning|victory)\b[^.;,]*?\b(?:over|past)\s+(?:the\s+)?$"
)
_WHOM = re.compile(r",?\s+whom\b")
COMPARED = 0.5  # "… valued higher than older firms such as Velling and Kessa": what its subject is measured against
_THAN = re.compile(  # not a count or a time ("more than 500 fans", "less than an hour"), not "other than", and not
    # across a preposition or a verb ("lines more than a mile long at Lakeport", "more than that was lost by Jo Bell")
    r"(?<!other )\bthan\s+(?!\d|(?:a|an|one|half|that|this|ever|before|usual|expected)\b)"
    r"(?:(?!(?:at|in|on|of|for|from|to|with|by|after|before|during|near|into|was|were|is|are|has|had|won|lost)\b)"
    r"(?![a-z]+ed\b)[\w’'-]+\s+){0,8}$"
)


def beaten(sentence: str, sp: Span) -> bool:
    """The sentence says the mention was beaten ("the Owls beat the Hawks", "… won in five games over the Hawks"),
    not only that it was the other side ("the match against the Hawks").

    >>> t = "The Owls won the cup in five games over the Hawks."
    >>> beaten(t, Span(40, 49, "the Hawks", "name")), beaten("The match against the Hawks.", Span(18, 27, "", "name"))
    (True, False)
    >>> beaten("Celebrations over Ada Hale's win went on.", Span(18, 26, "Ada Hale", "name"))
    False
    """
    return _BEATEN_BY.search(sentence, 0, sp.start) is not None


def doubt(a: Ask, s: Sentence, sp: Span, found: tuple[Span, ...] = ()) -> float:
    """What the sentence says around the mention that makes it less likely the answer (1: nothing). ``found``: the
    sentence's candidate spans (its dates, when several, say which is the asked verb's).

    >>> from rag.asked import ask
    >>> s = Sentence(0, 0, 41, "Tarvania won the cup, defeating Velling.")
    >>> doubt(ask("Which country won the cup?", "country"), s, Span(32, 39, "Velling", "name"))
    0.5
    >>> s = Sentence(0, 0, 56, "The gala, hosted by actor and comedian Jo Bell, drew fans.")
    >>> doubt(ask("Who hosted the gala?", "person"), s, Span(39, 46, "Jo Bell", "name"))  # the passive's agent
    1.0
    >>> s = Sentence(0, 0, 70, "Kessa Labs is now valued higher than older firms such as Tarrow Works.")
    >>> doubt(ask("Which firm is valued highest?", "thing"), s, Span(57, 69, "Tarrow Works", "name"))  # compared
    0.5
    >>> s = Sentence(0, 0, 49, "More than 500 fans saw Jo Bell win the Kessa cup.")
    >>> doubt(ask("Who won the Kessa cup?", "person"), s, Span(23, 30, "Jo Bell", "name"))  # a count, no rival
    1.0
    >>> s = Sentence(0, 0, 36, "Jo Bell has never won the Kessa cup.")
    >>> doubt(ask("Who won the Kessa cup?", "person"), s, Span(0, 7, "Jo Bell", "name"))
    0.25
    """
    out = 1.0
    if a.verb is not None and (
        (after(s.text, sp, a.verb) and not _AGENT.search(s.text, 0, sp.start))
        or (not a.passive and before_passive(s.text, sp, a.verb))  # "who was elected?" asks for that one
    ):
        out *= AFTER_VERB  # the verb's object: after it, or before it in the passive ("Hale was shot")
    elif a.acted is not None and not after(s.text, sp, a.acted) and not before_passive(s.text, sp, a.acted):
        if not _WHOM.match(s.text, sp.end):  # "Jo Bell, whom Hale pardoned, …" is whom she pardoned
            out *= AFTER_VERB  # "who did Hale pardon?": a name before "pardoned" is who pardoned
    elif a.verb is not None and not a.passive and denied_after(s.text, sp.end, a.verb):
        out *= DENIED  # "who won the cup?": not the sides a sentence says have never won it
    if a.contest and _BEATEN.search(s.text, 0, sp.start):
        out *= BEATEN
    if sp.kind == "name" and not a.compared and "than " in s.text:
        out *= COMPARED if _THAN.search(s.text, max(0, sp.start - 80), sp.start) else 1.0
    if a.timed is not None and sp.kind == "date":
        dates = tuple(d for d in found if d.kind == "date" and not naming_year(s.text, d))
        own = its_date(s.text, dates, a.timed) if dates else None
        if (len(dates) > 1 and own != sp) or (own is not None and own != sp and naming_year(s.text, sp)):
            out *= ELSEWHEN  # "when will it pass Earth?": not the day it nears the sun, which the sentence gives too;
            # "when did she sue?": not "the 2011 shooting" of "sued in 2017 over … the 2011 shooting"
    if a.bound is not None and sp.kind == "date" and other_bound(s.text, sp, a.bound):
        if any(d.kind == "date" and d.start != sp.start for d in found):
            out *= ELSEWHEN  # "when does the sale end?": not the "Nov. 1" of "started Nov. 1 and runs through Dec. 15"
    if a.counted is not None and sp.kind == "number":
        counted = its_count(s.text, tuple(n for n in found if n.kind == "number"), a.counted)
        if counted is not None and not overlaps(counted, sp):
            out *= ELSEWHEN  # "how many were canceled?": not the 3,300 of "3,300 were delayed and 775 canceled"
    if a.placed is not None and sp.kind == "name":
        there = its_place(s.text, tuple(n for n in found if n.kind == "name"), a.placed)
        if there is not None and not overlaps(there, sp):
            out *= ELSEWHEN  # "where was she arrested?": not "Tarvania's" of "Tarvania's mayor, arrested in Lakeport"
    return out
