"""Extractive answers: the direct answer first, chosen by evidence voting across the retrieved passages.

Pure: passages in, a ``Composed`` answer out; no model runs here. A question that asks for a thing
("which city …", "how many …") gets a short phrase quoted from a cited sentence ("Lisbon [1]."), chosen
by redundancy voting over candidate spans (names, titles, numbers, dates) of the best sentences: each
distinct article that names a candidate near the question's terms adds a vote, weighted by how well
its sentence matches the question, whether the span is of the type asked for, and not already named
in the question. A yes-or-no question gets "Yes [1]." or "No [1]." when a sentence says which
(``rag/polar.py``). An open question gets one to three cited sentences, and a question about a time alone the
opening sentences of that time's pieces (``rag/account.py``). Opinion is always attributed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

from rag.account import account, cite, digest, lead
from rag.acronyms import spelled_out_in, stands_for
from rag.answer_type import expected_type
from rag.asked import asks_contest, asks_won, names_asked
from rag.asks import object_subject, object_verb, subject_verb
from rag.called import apposed, asks_what_one_calls
from rag.candidates import Candidate as Candidate
from rag.candidates import own_possessive
from rag.changes import age_of_named
from rag.conflict import conflicting, differ
from rag.dates import TimeIntent, leans_recent
from rag.doubt import beaten
from rag.evidence import STATEMENT, ending, grounded, widened
from rag.evidence import Sentence as Sentence
from rag.evidence import Weights as Weights
from rag.evidence import score_sentences as score_sentences
from rag.evidence import sentences as sentences
from rag.extract import Span, titled, titled_in, unpunctuated
from rag.heads import asked_count, asks_for_several, head_nouns
from rag.keys import stems
from rag.kinds import YEAR, fits
from rag.lexicon import Lexicon
from rag.lists import listed
from rag.needs import Pool, doer_asked, in_view, names_it, needed, rival, saying, says_needs, titled_doer
from rag.notice import none_given
from rag.polar import Verdict, chosen, claim, verdict
from rag.quantities import hedged, rated
from rag.records import Citation, Passage
from rag.text import WORD, expanded, stem
from rag.towns import placed
from rag.verbs import verb_at
from rag.vote import vote as vote

DEFAULT = Weights()
_FIRMS_ASKED = frozenset({"thing", "name"})  # kinds a firm's name answers, and no person's ("who …?", "which team …?")


@dataclass(frozen=True, slots=True)
class Composed:
    """The composer's output: text with [n] markers, verified citations, and the evidence behind them."""

    text: str
    citations: tuple[Citation, ...]
    direct: str | None = None
    conflict: bool = False
    support: float = 0.0  # the winner's votes (0 for open answers): one input of the engine's confidence
    margin: float = 0.0  # winner's votes minus the runner-up's, over the winner's
    notice: str | None = None  # a thing was asked for and the sentences shown give none ("no date for this")


def _direct(
    question: str,
    kind: str,
    winner: Candidate,
    rival: Candidate | None,
    passages: Sequence[Passage],
    texts: Mapping[str, str],
    w: Weights,
    intent: TimeIntent | None = None,
) -> Composed | None:
    assert winner.sentence is not None and winner.span is not None
    sentence, span = winner.sentence, _shown(kind, winner.sentence, winner.span)
    first = cite(1, sentence, passages, texts)
    if first is None:
        return None
    margin = (winner.votes - (rival.votes if rival else 0.0)) / winner.votes if winner.votes > 0 else 0.0
    first = replace(first, highlight=(span.start, span.end))
    if rival is not None and conflicting(question, kind, winner, rival, passages, texts, w, intent):
        assert rival.sentence is not None and rival.span is not None
        other = cite(2, rival.sentence, passages, texts)
        if other is not None:
            rival_span = _shown(kind, rival.sentence, rival.span)
            other = replace(other, highlight=(rival_span.start, rival_span.end))
            text, cites, newest = differ((first, span.text), (other, rival_span.text))
            return Composed(text, cites, newest, True, winner.votes, margin)
    phrase = span.text
    if (
        kind in ("person", "winner")
        and span.kind == "name"
        and span.start == winner.span.start
        and fits(kind, span) >= 1
    ):
        # no title beside the name: the one its piece gives it elsewhere ("President Jo Bell")
        phrase = titled_in(texts.get(passages[sentence.passage].article_id, ""), span.text)
    dated = span.kind == "date" and not YEAR.search(span.text)
    text = _opening(phrase, sentence, passages[sentence.passage], texts, w, dated)
    return Composed(text, (first,), phrase, False, winner.votes, margin)


def _shown(kind: str, sentence: Sentence, span: Span) -> Span:
    """A candidate as the answer shows it, from its sentence: a name with its title ("Vice President Jo Bell"), a
    town with its region ("Lakeport, Ohio"), an amount with its rate ("$17 an hour"), without stray punctuation."""
    if span.kind == "name":
        span = titled(sentence.text, span)
    if kind in _FIRMS_ASKED:
        span = own_possessive(sentence.text, span)  # "Kessa's cut the rating": the firm, not whose it is
    if kind in ("city", "place"):
        span = placed(sentence.text, span)
    if kind == "number":
        span = hedged(sentence.text, rated(sentence.text, span))
    return unpunctuated(span)


def _opening(phrase: str, sentence: Sentence, p: Passage, texts: Mapping[str, str], w: Weights, dated: bool) -> str:
    """The answer's opening: the phrase with its marker, then its sentence when that is a short statement.
    Commentary is attributed ("According to <piece>, …"), and its sentence stays a quote, never our own voice; a
    ``dated`` phrase ("March 1": of which year?) says when its piece reported it."""
    said_by = lead(p, texts)  # "According to <piece>, " for commentary: the answer still opens with the phrase
    if said_by:
        text = f"{phrase} [1], {said_by[:1].lower()}{said_by[1:].removesuffix(', ')}."
    elif dated and p.published is not None:
        text = f"{phrase} [1], as reported on {p.published.isoformat()}."
    else:
        text = f"{phrase} [1]."
    if w.context and len(sentence.text.split()) <= w.context_words and ending(sentence.text) in STATEMENT:
        text += f" “{sentence.text}” [1]" if said_by else f" {sentence.text} [1]"
    return text


def _verdict(v: Verdict, passages: Sequence[Passage], texts: Mapping[str, str], w: Weights) -> Composed | None:
    """ "Yes [1]." (or "No", "True", "False", or the option an either-or question asks for: "Velling [1].") with
    the sentence that says so, as a direct answer."""
    first = cite(1, v.sentence, passages, texts)
    if first is None:
        return None
    text = _opening(v.word, v.sentence, passages[v.sentence.passage], texts, w, False)
    return Composed(text, (replace(first, highlight=v.at),), v.word, False, float(v.says), 1.0)


def _spelled(
    letters: str, scored: Sequence[Sentence], passages: Sequence[Passage], texts: Mapping[str, str], w: Weights
) -> Composed | None:
    """The name the best sentence that spells ``letters`` out gives, as most sentences write that name ("Velling
    Roads Authority [1]."; one sentence's "Velling Road Authority" does not outweigh two that agree, but a name of
    other words, another thing the letters stand for, never outweighs the best sentence's), supported by every
    sentence that spells it out the same way."""
    found = [(s, at) for s in sorted(scored, key=lambda s: -s.score) if (at := spelled_out_in(letters, s.text))]
    if not found:
        return None
    best = _name_stems(found[0][0].text[slice(*found[0][1])])
    found = [(s, at) for s, at in found if _name_stems(s.text[slice(*at)]) == best]
    names = Counter(s.text[a:b] for s, (a, b) in found)
    sentence, (start, end) = next((s, (a, b)) for s, (a, b) in found if names[s.text[a:b]] == max(names.values()))
    name = sentence.text[start:end]
    first = cite(1, sentence, passages, texts)
    if first is None:
        return None
    text = _opening(name, sentence, passages[sentence.passage], texts, w, False)
    same = names[name]
    return Composed(text, (replace(first, highlight=(start, end)),), name, False, float(same), 1.0)


def _name_stems(name: str) -> tuple[str, ...]:
    """A name's word stems: "Notice to Ferry Captain" and "Notice to Ferry Captains" are one name written two ways."""
    return stems(tuple(w.lower() for w in WORD.findall(name)))


def compose(
    question: str,
    passages: Sequence[Passage],
    article_texts: Mapping[str, str],
    weights: Weights = DEFAULT,
    intent: TimeIntent | None = None,
    lexicon: Lexicon | None = None,
) -> Composed:
    """The answer to ``question`` from ``passages``: a direct answer when it asks for a thing, a verdict when it asks
    yes or no (or either-or) and a sentence says which (``rag/polar.py``), else sentences.
    ``intent`` is what the question says about time (``rag.dates.resolve_time``): its window weighs evidence;
    ``lexicon`` (``rag/lexicon.py``) adds each sentence's closeness to the question in meaning."""
    question = expanded(question)  # "what's the fare?" asks what "what is the fare?" asks
    if intent is not None and intent.alone:  # "what happened last week?": the week's pieces, not one story
        return Composed(*digest(passages, article_texts, weights))
    passages = widened(passages, article_texts, weights.whole)
    scored = score_sentences(question, sentences(passages, weights.passages), passages, weights, intent, lexicon)
    if not scored:
        return Composed("", ())
    put = claim(question)  # "Did Velling close its plant?": yes or no, when a sentence says which
    said = verdict(put, scored, passages) if put is not None else chosen(question, scored, passages)  # "… or …?"
    if said is not None and (composed := _verdict(said, passages, article_texts, weights)) is not None:
        return composed
    letters = stands_for(question)  # "What does VRA stand for?": the name a sentence spells it out as
    if letters is not None and (composed := _spelled(letters, scored, passages, article_texts, weights)) is not None:
        return composed
    kind = None if put is not None else expected_type(question)
    ranked: list[Candidate] = []
    needs: list[str] = []
    if kind is not None:
        ranked = vote(question, kind, scored, passages, weights, leans_recent(intent))
        verb = subject_verb(question)
        needs = needed(question, kind, verb)
        pool = {c.key: c for c in ranked}  # the candidates by key: where a name's surname is found
        tries = _tries(question, kind, verb, ranked, scored, passages, weights)
        tries += saying(kind, ranked, pool, needs, passages)
        bar = _bar(ranked, scored, weights)
        composed = _first_direct(question, kind, tries, needs, pool, bar, passages, article_texts, weights, intent)
        if composed is not None:
            return composed
    text, cites = account(scored, passages, article_texts, weights, question, in_view(ranked, needs, weights))
    return Composed(text, cites, notice=none_given(question, kind, scored, cites, passages))


def _tries(
    question: str,
    kind: str,
    verb: str | None,
    ranked: list[Candidate],
    scored: Sequence[Sentence],
    passages: Sequence[Passage],
    w: Weights,
) -> list[list[Candidate]]:
    """The candidate orders a direct answer is tried from, in turn: the votes' order; for "which countries …?" or
    "who backs …?", first the list one sentence gives ("Norway and Chile"), as strong as its names' evidence, when it
    outvotes the best single name ("which countries …?" is then not answered by one; "who …?" may still be)."""
    tries = [ranked] if ranked and ranked[0].sentence is not None else []
    plural, who = asks_for_several(question), verb is not None
    several = listed(ranked, scored, passages, w, asked_count(question), kind, verb) if plural or who else None
    if several is None:
        return tries
    return [[several, *ranked], *(tries if who and not plural else [])]


def _bar(ranked: Sequence[Candidate], scored: Sequence[Sentence], w: Weights) -> float:
    """How strong a winner's evidence must be to answer directly: a winner carried by many weak mentions, far below
    the best sentence that offers any candidate, is no answer, nor is one from a sentence far below the best of all:
    the best sentences are quoted instead."""
    offered = max((c.sentence.score for c in ranked if c.sentence is not None), default=0.0)
    top = max(scored, key=attrgetter("score"))
    best = top.score
    if ending(top.text) == "?":  # a subhead that asks the question is no evidence: the best statement sets the floor
        best = max((s.score for s in scored if ending(s.text) != "?"), default=0.0)
    return max(w.weak * offered, w.least * best)


def _first_direct(
    question: str,
    kind: str,
    tries: Sequence[Sequence[Candidate]],
    needs: Sequence[str],
    pool: Pool,
    bar: float,
    passages: Sequence[Passage],
    texts: Mapping[str, str],
    w: Weights,
    intent: TimeIntent | None = None,
) -> Composed | None:
    """The direct answer of the first try whose winner stands out, else None: its evidence scores at least ``bar``
    (``_bar``), its sentence holds every word the question ``needs`` (its verb, its role) and is about the question.
    A winner whose sentence says the role or verb asked for, gives it as the name asked for ("the episode, “One
    Tarrow Night”") or titles it with the role and says the verb ("Judge Ada Hale sentenced …" for "which judge
    sentenced …?"), needs ``w.said`` of the bar only: that is evidence the sentence's score does not count. What
    someone calls a thing is only a name a sentence gives so (quoted, or after "calls")."""
    naming = names_asked(question, kind)  # "what is the levy called?": a name its sentence gives it says so
    speaker = naming and asks_what_one_calls(question)  # "what does Hale call the levy?": only a name given so
    floor = w.said * bar if needs else bar  # "who is the board's spokesperson?": "spokesperson Ada Hale" says so
    won = asks_contest(question, kind) and asks_won(question)  # "who won the cup?", not "which team did they play?"
    doer = doer_asked(question, kind)  # "which judge sentenced …?": "Judge Ada Hale sentenced …" says so
    acted = object_verb(question, which=True) if kind == "thing" else None  # "which law firm did she hire?"
    for order in tries:
        winner = order[0].sentence  # every try's first candidate has its sentence
        named = naming and names_it(order[0], passages)
        least = w.said * bar if named or titled_doer(doer, order[0]) or _worn(order[0], question, acted) else floor
        if winner is None or order[0].strength < least or not says_needs(order[0], pool, needs, passages):
            continue
        if speaker and not named:
            continue
        if won and order[0].span is not None and beaten(winner.text, order[0].span):
            continue  # "Who won the cup?" is not answered with the side its own sentence says lost it
        grounds = grounded(question, winner, w.grounded)
        if not grounds and not age_of_named(question, winner.text, order[0].span):
            continue  # … unless it gives the age of whom the question names ("Brook, 59,")
        other = rival(order, pool, needs, passages)
        composed = _direct(question, kind, order[0], other, passages, texts, w, intent)
        if composed is not None:
            return composed
    return None


def _worn(c: Candidate, question: str, acted: str | None) -> bool:
    """ "Which law firm did Ada Hale hire?" is answered by a sentence that calls the winner so ("the law firm Kessa
    Vane") and says the question's subject right before its verb ("Ada Hale hired the firm"): that says what the
    question asks in so many words (not "Jo Bell hired …, not Ada Hale")."""
    if acted is None or c.sentence is None or c.span is None:
        return False
    text, subject = c.sentence.text, object_subject(question, which=True)
    at = verb_at(text, acted)
    if at is None or not subject or not apposed(text, c.span, head_nouns(question)):
        return False
    return bool(subject & {stem(w.lower()) for w in WORD.findall(text[max(0, at - 30) : at])[-2:]})
