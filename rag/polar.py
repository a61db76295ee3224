"""Yes-or-no questions: "Did Velling close its Lakeport plant?", "Is it true that …?", "True or false: …".

Pure. The claim is the question put as a statement. Its answer is "Yes" ("True", when the question asks "true or
false") when one of the best sentences says it: the sentence holds at least ``SAYS`` of the claim's terms, and all of
its names and numbers; its subject comes before its verb; nothing in the sentence denies or hedges ("not", "may",
"plans to"); and it does not tell of another year than its piece's. A sentence that denies a claim is rarely
about the claim itself ("… who was not authorised to speak"), so there is no "No": a claim no sentence says is
answered with sentences, as an open question is, and the reader judges.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from rag.dates import MONTHS, WEEKDAYS
from rag.evidence import Sentence
from rag.keys import number_key
from rag.kinds import YEAR
from rag.records import Passage
from rag.text import STOPWORDS, TRUE_OR_FALSE, WORD, keyword_terms, stem
from rag.verbs import PASTS, verb_forms

SAYS = 0.6  # the share of the claim's terms a sentence must hold to say it (chosen leave-one-week-out)
AMONG = 5  # the best sentences (by the engine's score) that may say it

_DO = "did|does|do|will|can|could|should|would"  # "Did X close …?": a base form after the subject
_AUX = rf"(?:is|was|are|were|has|have|had|{_DO})"
_THAT = re.compile(r"^\s*(?:is|was)\s+it\s+true\s+that\s+", re.I)
_ASKED = re.compile(rf"^\s*({_AUX})\s+(?!(?:you|i|we)\b)", re.I)
_NOT_POLAR = re.compile(r"\b(?:who|whom|whose|what|which|where|when|why|how|or)\b", re.I)  # "… win or lose?"
_DENIED = re.compile(r"\b(?:not|never|no|neither|nor|without)\b|n[’']t\b", re.I)
_FUTURE = frozenset("will would set going about plans plan planned planning expected aims".split())
_HEDGED = _FUTURE | frozenset(
    "may might could should can if propose proposes proposed wants want wanted consider considers considering "
    "likely possibly reportedly threatened threatens seeks".split()
)
_TIME_WORDS = frozenset(
    stem(w) for w in [*"week weekend month year today yesterday tonight recently".split(), *WEEKDAYS, *MONTHS]
)
_PARTICLES = frozenset("over out off down up back".split())  # "is the strike over?": the claim, not a stopword
_DETERMINERS = frozenset("the a an his her their its this that these those my our your".split())


class Claim(NamedTuple):
    """What a yes-or-no question puts, as a statement, and what a sentence must hold to say it."""

    text: str  # "Velling closed its Lakeport plant"
    word: str  # "Yes", or "True" when the question asks "true or false"
    terms: frozenset[str]  # its content words' stems, without numbers and time words (the date says "this week")
    names: frozenset[str]  # … those written with a capital, each of which the sentence must hold
    must: frozenset[str]  # … the lower-case ones a sentence must hold, unless the verb is told by its form
    numbers: frozenset[str]  # the numbers it gives ("twelve" is "12")
    subject: str  # its first term, which a sentence says before the verb
    verb: str | None  # the stem of its verb, when it can be told
    ahead: bool  # asked with "will": a sentence that says it will happen says it


@functools.lru_cache(maxsize=1024)
def claim(question: str) -> Claim | None:
    """The claim a yes-or-no question puts, or None for any other question.

    >>> c = claim("True or false: Velling closed its Lakeport plant.")
    >>> c.text, c.word, sorted(c.names), c.subject, c.verb
    ('Velling closed its Lakeport plant.', 'True', ['lakepo'], 'vell', 'clos')
    >>> c = claim("Did Velling close its Lakeport plant?")
    >>> c.word, sorted(c.names), c.verb
    ('Yes', ['lakepo', 'vell'], 'clos')
    >>> claim("Is it true that the ferry sank?").verb, claim("Did the council approve the budget?").verb
    ('sank', None)
    >>> claim("Did the Lakeport Rovers win the cup?").verb, claim("Did Velling's plant close?").verb
    ('win', None)
    >>> sorted(claim("Is the Lakeport strike over?").must)
    ['over', 'strik']
    >>> claim("Did Velling say why it closed?"), claim("Did Velling win or lose?"), claim("Could you sum up?")
    (None, None, None)
    """
    flagged = TRUE_OR_FALSE.sub("", question, count=1)
    if flagged != question and flagged.strip():
        return _claim(flagged, "True", do=False, ahead=False, opens=False)
    that = _THAT.match(question)
    if that is not None:
        return _claim(question[that.end() :], "Yes", do=False, ahead=False, opens=False)
    asked = _ASKED.match(question)
    if asked is None or _NOT_POLAR.search(question):
        return None
    aux = asked[1].lower()
    return _claim(question[asked.end() :], "Yes", do=aux in _DO.split("|"), ahead=aux == "will", opens=True)


def _claim(text: str, word: str, *, do: bool, ahead: bool, opens: bool) -> Claim | None:
    """``opens``: the statement's first word is capitalised as a name, not as a sentence's first word."""
    words = WORD.findall(text)
    said = [*keyword_terms(text), *(w.lower() for w in words if w.lower() in _PARTICLES)]
    terms = frozenset(stem(t) for t in said if not _numbers(t)) - _TIME_WORDS
    if not terms or _DENIED.search(text):
        return None  # "Didn't Velling …?": no answer to a denied claim
    names = {stem(w.lower()) for i, w in enumerate(words) if w[:1].isupper() and (i > 0 or opens)} & terms
    lower = {stem(w.lower()) for w in words if w.islower()} & terms
    subject = next(stem(w.lower()) for w in words if stem(w.lower()) in terms)
    verb = _verb(text, words, do)
    must = lower if verb is None or do else set()  # "did SNAP benefits stop": is "benefits" the verb?
    return Claim(text, word, terms, frozenset(names), frozenset(must), _numbers(text), subject, verb, ahead)


_SUBJECT = re.compile(r"(?:(?:the|a|an)\s+)?((?:[A-Z][\w.-]*\s+)+)([a-z]+)\b")  # not "Velling's plant close"


def _verb(text: str, words: Sequence[str], do: bool) -> str | None:
    """The stem of the statement's verb: after "did/will …", the word after a capitalised subject ("Velling
    close"); else its first past form ("closed", "sank"). None when it cannot be told ("the council approve")."""
    if do:
        subject = _SUBJECT.match(text)
        return None if subject is None or subject[2] in STOPWORDS else stem(subject[2])
    for before, word in zip(["", *words], words, strict=False):
        low = word.lower()
        if before.lower() not in _DETERMINERS and (low in PASTS or (len(low) > 4 and low.endswith("ed"))):
            return stem(low)  # not "the revised plan": an adjective
    return None


def _numbers(text: str) -> frozenset[str]:
    return frozenset(t for t in number_key(text) if t[:1].isdigit())


class Verdict(NamedTuple):
    word: str  # "Yes" or "True"
    sentence: Sentence
    says: int  # how many of the best sentences say it


def verdict(c: Claim, scored: Sequence[Sentence], passages: Sequence[Passage]) -> Verdict | None:
    """The best sentence that says the claim, or None when none of the best ``AMONG`` does."""
    best = sorted(scored, key=lambda s: -s.score)[:AMONG]
    found = [s for s in best if _says(c, s.text, passages[s.passage].published)]
    return Verdict(c.word, found[0], len(found)) if found else None


def _says(c: Claim, text: str, published: dt.date | None) -> bool:
    if text.rstrip().endswith("?") or _DENIED.search(text):
        return False
    low = [m.group(0).lower() for m in WORD.finditer(text)]
    words = [stem(w) for w in low]
    have = set(words)
    held = {t for t in c.terms if not verb_forms(t).isdisjoint(have)}
    if len(held) < SAYS * len(c.terms) or c.names - held or c.must - held or not c.numbers <= _numbers(text):
        return False
    if published is not None and any(int(y) < published.year and y not in c.numbers for y in YEAR.findall(text)):
        return False  # "In 2011, the quake struck …": another story, told again
    at = len(words)
    if c.verb is not None:
        forms = verb_forms(c.verb)
        at = next((i for i, w in enumerate(words) if w in forms), 0)
        if c.subject not in words[:at] or low[at + 1 : at + 2] == ["by"]:
            return False  # "the bill the Senate opposed, passed by the House" does not say the Senate passed it
    hedges = _HEDGED - _FUTURE if c.ahead else _HEDGED  # "Will Velling close …?" is said by "Velling will close"
    return hedges.isdisjoint(low[:at])
