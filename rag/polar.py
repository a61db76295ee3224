"""Yes-or-no questions: "Did Velling close its Lakeport plant?", "Is it true that …?", "True or false: …".

Pure. The claim is the question put as a statement. Its answer is "Yes" ("True", when the question asks "true or
false") when one of the best sentences says it:
- the sentence holds every term and number of the claim;
- its subject comes before its verb, which is neither an infinitive ("agreed to close") nor a passive's with
  another agent ("passed by the House");
- nothing before the verb hedges ("may", "plans"), and no condition ("if") follows;
- it tells of no earlier year than its piece's.

The answer is "No" ("False") when such a sentence denies the verb itself and nothing else ("has not closed", "failed
to close"). A denial anywhere else ("… who was not authorised to speak") is rarely about the claim: such a sentence,
like best sentences that disagree, gives no verdict, and the question is answered with sentences, as an open
question is, for the reader to judge.
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
from rag.text import STOPWORDS, WORD, keyword_terms, stem, unflagged
from rag.verbs import PASTS, verb_at, verb_forms, word_stems

AMONG = 5  # the best sentences (by the engine's score) that may say it

_DO = frozenset("did does do will can could should would".split())  # "Did X close …?": a base form after the subject
_AUX = rf"(?:is|was|are|were|has|have|had|{'|'.join(_DO)})"
_THAT = re.compile(r"^\s*(?:is|was)\s+it\s+true\s+that\s+", re.I)
_ASKED = re.compile(rf"^\s*({_AUX})\s+(?!(?:you|i|we)\b)", re.I)
_WH = r"\b(?:who|whom|whose|what|which|where|when|why|how)\b"
_NOT_POLAR = re.compile(rf"{_WH}|\bor\b", re.I)  # "Did X say why …?" is no claim, nor "Did X win or lose?"
_WHS = re.compile(_WH, re.I)
# Either-or: "Velling or Tarro Labs", "May or June", "win or lose" (a name may run over several capitalised words)
_OR = re.compile(r"((?:[A-Z][\w’'.-]*\s+)*[\w’'.$%-]+)\s+or\s+(?:(?:the|a|an)\s+)?([\w’'.$%-]+(?:\s+[A-Z][\w’'.-]*)*)")
_FUTURE = frozenset("will would set going about plans plan planned planning expected aims".split())
_HEDGED = _FUTURE | frozenset(
    "may might could should can propose proposes proposed wants want wanted consider considers considering "
    "likely possibly reportedly threat threats threatened threatens seeks predict predicts predicted predicting "
    "forecasting bet bets betting wager wagered".split()  # a prediction or a bet: nothing has happened, nor will
)
_TIME_WORDS = frozenset(
    stem(w) for w in [*"week weekend month year today yesterday tonight recently".split(), *WEEKDAYS, *MONTHS]
)
_PARTICLES = frozenset("over out off down up back".split())  # "is the strike over?": the claim, not a stopword
_DETERMINERS = frozenset("the a an his her their its this that these those my our your".split())
_NEGATIONS = frozenset("not never no neither nor without unable failed fails refused refuses declined".split())


def _negations(low: Sequence[str]) -> list[int]:
    """Where the lower-case words deny: "not", "never", "failed" …, and the "t" of "didn't" (split off by WORD)."""
    return [i for i, w in enumerate(low) if w in _NEGATIONS or (w == "t" and i and low[i - 1].endswith("n"))]


class Claim(NamedTuple):
    """What a yes-or-no question puts, as a statement, and what a sentence must hold to say it."""

    text: str  # "Velling closed its Lakeport plant"
    words: tuple[str, str]  # ("Yes", "No"), or ("True", "False") when the question asks "true or false"
    terms: frozenset[str]  # its content words' stems, not its numbers nor time words (the date says "this week")
    numbers: frozenset[str]  # the numbers it gives ("twelve" is "12")
    subject: str  # its first term, which a sentence says before the verb
    verb: str | None  # the stem of its verb, when it can be told
    ahead: bool  # asked with "will": a sentence that says it will happen says it


@functools.lru_cache(maxsize=1024)
def claim(question: str) -> Claim | None:
    """The claim a yes-or-no question puts, or None for any other question.

    >>> c = claim("True or false: Velling closed its Lakeport plant.")
    >>> c.text, c.words, sorted(c.terms), c.subject, c.verb
    ('Velling closed its Lakeport plant.', ('True', 'False'), ['clos', 'lakepo', 'plant', 'vell'], 'vell', 'clos')
    >>> c = claim("Did Velling close its Lakeport plant?")
    >>> c.words, c.verb
    (('Yes', 'No'), 'clos')
    >>> claim("Is it true that the ferry sank?").verb, claim("Did the council approve the budget?").verb
    ('sank', 'approv')
    >>> claim("Did the Lakeport Rovers win the cup?").verb, claim("Did Velling's plant close?").verb
    ('win', None)
    >>> sorted(claim("Is the Lakeport strike over in May?").terms)
    ['lakepo', 'over', 'strik']
    >>> claim("Did Velling say why it closed?"), claim("Did Velling win or lose?"), claim("Could you sum up?")
    (None, None, None)
    """
    flagged = unflagged(question)
    if flagged != question and flagged.strip():
        return _claim(flagged, ("True", "False"), do=False, ahead=False)
    that = _THAT.match(question)
    if that is not None:
        return _claim(question[that.end() :], ("Yes", "No"), do=False, ahead=False)
    asked = _ASKED.match(question)
    if asked is None or _NOT_POLAR.search(question):
        return None
    aux = asked[1].lower()
    return _claim(question[asked.end() :], ("Yes", "No"), do=aux in _DO, ahead=aux == "will")


def _claim(text: str, answers: tuple[str, str], *, do: bool, ahead: bool, option: str = "") -> Claim | None:
    """``option``: the words an either-or question asks between, held even when they are time words ("May")."""
    words = WORD.findall(text)
    said = [*keyword_terms(text), *(w.lower() for w in words if w.lower() in _PARTICLES)]
    kept = {stem(w.lower()) for w in WORD.findall(option)}
    terms = frozenset(t for t in (stem(t) for t in said if not _numbers(t)) if t not in _TIME_WORDS or t in kept)
    if not terms or _negations([w.lower() for w in words]):
        return None  # "Didn't Velling …?": no answer to a denied claim
    subject = next((stem(w.lower()) for w in words if stem(w.lower()) in terms), "")
    return Claim(text, answers, terms, _numbers(text), subject, _verb(text, words, do), ahead)


# "Velling close", "the Lakeport Rovers win", "the council pass"; not "Velling's plant close"
_SUBJECT = re.compile(r"(?:(?:the|a|an|his|her|their|its)\s+)?((?:[A-Z][\w.-]*\s+)+|(?<=\s)[a-z]+\s+)([a-z]+)\b")


def _verb(text: str, words: Sequence[str], do: bool) -> str | None:
    """The stem of the statement's verb: after "did/will …", the word after its subject, a name or a noun after
    "the" ("Velling close", "the council approve"); else its first past form ("closed", "sank"). None when it cannot
    be told ("Velling's plant close"). "The city council approve" gives "council": a wrong guess only makes a
    verdict less likely, since a sentence must still hold every word of the claim."""
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
    word: str  # "Yes" or "No" ("True" or "False"), or the option an either-or question asks for
    sentence: Sentence
    says: int  # how many of the best sentences say so
    at: tuple[int, int] | None = None  # where the sentence gives the option (sentence offsets)


def verdict(c: Claim, scored: Sequence[Sentence], passages: Sequence[Passage]) -> Verdict | None:
    """The best sentence that says the claim, or that denies it; None when none of the best ``AMONG`` does, or
    when some say it and others deny it."""
    return _among(c, _best(scored), passages)


def _best(scored: Sequence[Sentence]) -> list[Sentence]:
    return sorted(scored, key=lambda s: -s.score)[:AMONG]


def _among(c: Claim, best: Sequence[Sentence], passages: Sequence[Passage]) -> Verdict | None:
    said = [(d, s) for s in best if (d := _denied(c, s.text, passages[s.passage].published)) is not None]
    if not said or len({d for d, _ in said}) > 1:
        return None
    return Verdict(c.words[said[0][0]], said[0][1], len(said))


def _denied(c: Claim, text: str, published: dt.date | None) -> bool | None:
    """Whether the sentence denies the claim ("Velling has not closed …"), says it (False), or neither (None)."""
    if text.rstrip().endswith("?"):
        return None
    raw = WORD.findall(text)
    low = [w.lower() for w in raw]
    words = [w for _, w in word_stems(text)]  # the stems, cached per sentence
    have = set(words)
    held = {t for t in c.terms if not verb_forms(t).isdisjoint(have)}
    if held != c.terms or not c.numbers <= _numbers(text):
        return None
    if published is not None and any(int(y) < published.year and y not in c.numbers for y in YEAR.findall(text)):
        return None  # "In 2011, the quake struck …": another story, told again
    negations = _negations(low)
    at = len(words)
    if c.verb is not None:
        forms = verb_forms(c.verb)
        at = next((i for i, w in enumerate(words) if w in forms), 0)
        if c.subject not in words[:at] or low[at + 1 : at + 2] == ["by"]:
            return None  # "the bill the Senate opposed, passed by the House" does not say the Senate passed it
        if at and low[at - 1] == "to" and not (at > 1 and low[at - 2] in _NEGATIONS):
            return None  # "the Senate agreed to pass it" does not say it passed it; "it failed to pass it" denies
    hedges = _HEDGED - _FUTURE if c.ahead else _HEDGED  # "Will Velling close …?" is said by "Velling will close"
    plain = [w if w.islower() else "" for w in raw]  # "may", not "in May"
    if not hedges.isdisjoint(plain[:at]) or "if" in plain or "unless" in plain:
        return None  # "Velling may close …", "… close if the strike goes on"; not "closed, and more may follow"
    if c.verb is not None and negations and negations[-1] < at and _denies(low, negations, at):
        return True  # "has not closed", "didn't close", "was never shot down"
    return None if negations else False


def _denies(low: Sequence[str], negations: Sequence[int], at: int) -> bool:
    """The only negation of the sentence is the verb's own: right before it, or before "be", "been" or "to"
    ("was never sold", "failed to pass")."""
    return len(negations) == 1 and (
        negations[0] == at - 1 or (negations[0] == at - 2 and low[at - 1] in ("be", "been", "to"))
    )


@functools.lru_cache(maxsize=1024)
def either(question: str) -> tuple[tuple[str, Claim], tuple[str, Claim]] | None:
    """The two claims an either-or question puts, each with the option it names; None for any other question.

    >>> [(o, c.text) for o, c in either("Did Velling or Tarro Labs win the cup?")]
    [('Velling', 'Velling win the cup?'), ('Tarro Labs', 'Tarro Labs win the cup?')]
    >>> [o for o, _ in either("Is the summit in May or June?")], either("Which team won, Velling or Tarro?")
    (['May', 'June'], None)
    >>> [o for o, _ in either("Did the Rovers or the Owls win?")], either("Did Velling shut its plant or its office?")
    (['Rovers', 'Owls'], None)
    """
    asked = _ASKED.match(question)
    if asked is None or _WHS.search(question):
        return None
    rest, aux = question[asked.end() :], asked[1].lower()
    found = list(_OR.finditer(rest))
    if len(found) != 1:
        return None
    m = found[0]
    if m[1].lower() in STOPWORDS or m[2].lower() in STOPWORDS:
        return None  # "its plant or its office": not two options this reads
    pairs = []
    for option in (m[1], m[2]):
        text = f"{rest[: m.start()]}{option}{rest[m.end() :]}"
        c = _claim(text, ("Yes", "No"), do=aux in _DO, ahead=aux == "will", option=option)
        if c is None:
            return None
        pairs.append((option, c))
    return pairs[0], pairs[1]


def chosen(question: str, scored: Sequence[Sentence], passages: Sequence[Passage]) -> Verdict | None:
    """The option of an either-or question that the best sentences say, with where the sentence gives it; None
    when they say both, neither, or give it in other words ("win or lose?" said by "won")."""
    pairs = either(question)
    if pairs is None:
        return None
    said, best = [], _best(scored)
    for mine, theirs in (pairs, pairs[::-1]):
        (option, c), other = mine, theirs[0]
        v = _among(c, best, passages)
        if v is not None and v.word == "Yes" and _nearer(v.sentence.text, option, other, c.verb):
            said.append((option, v))
    if len(said) != 1:
        return None
    option, v = said[0]
    m = re.search(rf"\b{re.escape(option)}\b", v.sentence.text, re.I)  # "resign", not the start of "resigned"
    return None if m is None else v._replace(word=m.group(0), at=m.span())


def _nearer(text: str, option: str, other: str, verb: str | None) -> bool:
    """The option is the one the sentence gives nearest its verb, when it gives both: "Jo Bell passed the gavel to
    newly elected Speaker Ada Brook" says who was elected, and it is not Jo Bell."""
    low = text.lower()
    if verb is None or other.lower() not in low:
        return True
    at = verb_at(text, verb)
    if at is None:
        return True
    return abs(low.find(option.lower()) - at) <= abs(low.find(other.lower()) - at)
