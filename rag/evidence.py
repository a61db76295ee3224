"""The evidence behind an extractive answer: the sentences of the top passages, scored against the question (pure;
no model runs here). The candidate answers those sentences vote for are ``rag/vote.py``'s.

Everything that depends only on a text, not on the question, is computed once: a passage's sentences and their
candidate spans come from the index's sentence table (``embeddings/sentence_table.py``), written with the version,
or for a passage without one (an older version, a hand-made passage) by the same rules from its own text, cached
(that split also takes a piece of a sentence cut at a chunk boundary for a sentence; the table does not). A
passage's lower-cased text is cached too (all the caches together, splits and spans included, grew a process by
~80 MiB over the 570 tuning questions before the table took those two over). A question then costs one substring
search per term and passage and a bisect per sentence (``rag/held.py``: the CPU budget of serving).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from archive_chat.settings import NEWS_FLOOR, NEWS_HALF_LIFE_DAYS
from embeddings.sentence_table import scorable
from rag.acronyms import acronyms
from rag.dates import TimeIntent, in_window
from rag.extract import Span, spans
from rag.held import terms_held
from rag.lexicon import Lexicon
from rag.ranks import news_prior
from rag.records import Passage
from rag.text import WORD, keyword_terms, local_idf, stem


@dataclass(frozen=True, slots=True)
class Weights:
    """The constants of answer selection (chosen leave-one-week-out on both tuning sets, docs/benchmarks.md)."""

    passages: int = 8  # passages whose sentences compete
    whole: int = 2  # … of which the best ones compete with every sentence of their article, not only the passage's
    voters: int = 20  # the best sentences whose candidates vote
    weak: float = 0.8  # no direct answer when the winner's sentence scores below this share of the best offering one
    grounded: int = 2  # … or holds fewer of the question's terms than this (all of them, when it has fewer)
    least: float = 0.25  # … or below this share of the best sentence of all (a year from an aside is no "when")
    said: float = 0.5  # … of either, only this share when the winner's sentence says the role or verb asked for
    focus: float = 1.0  # relevance = (share of the question's terms) ** focus: how much the best sentences dominate
    rank: float = 0.5  # 1 / (1 + rank of its passage)
    dense: float = 1.0  # cosine of the passage and the question
    window: float = 1.0  # a sentence of a piece from the question's own window ("this week") counts 1 + this much
    carry: float = 0.3  # share of the previous sentence's relevance a sentence inherits (it may go on with "he")
    proximity: float = 0.25  # a candidate close to the question's words in its sentence
    fit: float = 1.0  # exponent on how well the candidate fits the type asked for (1, or 0.5 when plausible)
    personal: float = 0.25  # fit of a person's name ("Mary Hale") when the question asks for a thing, not a person
    repeat: float = 0.1  # each further mention in the same article (the first one in each article counts 1)
    sharp: float = 1.25  # a voter's sentence score counts to this power in its votes unless the question's
    # time leans to recent news (``TimeIntent.recency`` > 0: "this week", "latest", "on Monday"): one story's answering
    # sentence outweighs a name other pieces repeat (1 for recent news, where agreement across pieces is the
    # evidence). The tuning sets tie from 1 to 1.5 (2 costs 2025h2 two answers), 1.5 breaks a composer case (a
    # doubted mention's sentence comes to carry its candidate); chosen on reader batches
    unpinned: float = 0.5  # a voter without the figure the question pins its story by ("the $4.2 billion jackpot"),
    # when another has it, votes this share (``rag/figures.py``)
    context: bool = True  # follow the direct answer with its supporting sentence, when that is a short statement
    context_words: int = 35  # … at most this many words (40 gave a median answer of 35 words on 2025h2: no margin)
    conflict_ratio: float = 0.85  # a rival with this share of the winner's votes, from other pieces, is a conflict
    open_share: float = 0.7  # an open answer's further sentences score at least this share of the best
    max_sentences: int = 3
    teaser: float = 0.25  # a sentence cut off mid-way is quoted ("…") only when every whole one scores below this
    # share of the best: then the whole ones are off the question, and the teaser is all the archive says on it
    naming: float = 0.5  # a question that asks for a thing but gets sentences: one that names one of the best
    # ``max_sentences`` candidates (the answer is often among them when none stood out) scores 1 + this
    soft: float = 1.0  # a sentence's closeness to the question in meaning (``rag/lexicon.py``), added at this weight
    soft_floor: float = 0.1  # … counted from this cosine up (below it, none)
    short: int = 5  # a question of one to this many terms ("who won the cup?") says little of which story it asks
    # about but its date: its sentences weigh by their piece's age, as retrieval's news prior weighs pieces (``fresh``)
    fresh: tuple[float, float] = (NEWS_HALF_LIFE_DAYS, NEWS_FLOOR)  # … (half-life in days, floor): a piece that much
    # older than the newest passage weighs floor + (1 − floor) · 2^(−age / half-life), an undated one 0.5

    def power(self, recent: bool) -> float:
        """The power a voter's sentence score counts to: 1 for recent news, else ``sharp``."""
        return 1.0 if recent else self.sharp


class Sentence(NamedTuple):
    """A sentence of a passage, offsets in its article, scored against the question.

    Immutable like the other records, but a named tuple: an answer makes hundreds of them, and a frozen
    dataclass costs three times as much to construct (1.15 against 0.36 µs here).
    """

    passage: int
    start: int
    end: int
    text: str
    score: float = 0.0
    row: int = -1  # its row in the passage's sentence table, when the passage has one
    hits: tuple[int, ...] = ()  # once scored: where its words that are question terms start (sentence offsets)
    held: int = 0  # once scored: how many of the question's terms it holds, with its predecessor's when it goes on


_PRONOUNS = frozenset("he she him her his hers they them their it its".split())


@functools.lru_cache(maxsize=4096)
def _split(text: str) -> tuple[tuple[int, int], ...]:
    """The sentences of a passage worth scoring, for a passage without a sentence table (cached: a passage recurs
    across questions)."""
    return tuple(scorable(text))


# A page's own furniture, crawled with the story: a video player's list of other clips, a link to another story
# ("Read more: …", "RELATED: …"), a newsletter's or a puzzle page's sign-up line, a time stamp ("Updated March 4, 2031,
# 7:45 p.m. ET"). No evidence for any question, however many of its words they share.
_PROMO = re.compile(
    r"Video Ad Feedback|\bSign up for\b|\bSUBSCRIBE & SAVE\b|^\s*Need a news break\?|"
    r"^\W*(?:READ MORE|Read more|RELATED|Related|MORE)\s*:|"
    r"^\s*(?:Updated|Published|Posted)\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4},?\s+\d{1,2}:\d\d\s*[ap]\.?m\.?"
    r"\s*(?:[A-Z]{2,4})?\s*$"
)


@functools.lru_cache(maxsize=65536)
def _promo(text: str) -> bool:
    """The sentence is page furniture (``_PROMO``); cached, as a sentence recurs across questions.

    >>> _promo("Updated March 4, 2031, 7:45 p.m. ET"), _promo("Updated figures came out March 4, 2031.")
    (True, False)
    >>> _promo("Updated March 4, 2031, 7:45 p.m. ET LAKEPORT — The council voted 5-2.")  # the lede glued on
    False
    """
    return _PROMO.search(text) is not None


@functools.lru_cache(maxsize=65536)
def _goes_on(text: str) -> bool:
    """The sentence holds a pronoun: it may go on about someone the sentence before named."""
    return not _PRONOUNS.isdisjoint(WORD.findall(text.lower()))


def widened(passages: Sequence[Passage], texts: Mapping[str, str], n: int) -> list[Passage]:
    """``passages`` with the first ``n`` of them widened to their whole articles (``texts``: article id → text).

    Retrieval picks each article's best window of chunks for the question, and the answer is sometimes in the same
    article outside it: the story's last paragraph, a later quote.
    """
    out = list(passages)
    for i, p in enumerate(passages[:n]):
        text = texts.get(p.article_id)
        if text is None or (p.start, p.end) == (0, len(text)):
            continue
        marks = None if p.marks is None else p.marks.table.window(p.marks.article, 0, len(text))
        out[i] = dataclasses.replace(p, text=text, start=0, end=len(text), marks=marks)
    return out


def sentences(passages: Sequence[Passage], limit: int) -> list[Sentence]:
    """Sentences of the top passages, offsets mapped into their articles."""
    out: list[Sentence] = []
    for i, p in enumerate(passages[:limit]):
        if p.marks is None:
            out.extend(Sentence(i, p.start + s, p.start + e, p.text[s:e]) for s, e in _split(p.text))
        else:
            out.extend(Sentence(i, s, e, p.text[s - p.start : e - p.start], 0.0, r) for r, s, e in p.marks.sentences())
    return out


def sentence_spans(s: Sentence, passages: Sequence[Passage]) -> tuple[Span, ...]:
    """The candidate spans of a sentence: from its passage's sentence table, else found now."""
    marks = passages[s.passage].marks
    return spans(s.text) if marks is None or s.row < 0 else marks.spans(s.row, s.text, s.start)


def score_sentences(
    question: str,
    sents: Sequence[Sentence],
    passages: Sequence[Passage],
    w: Weights,
    intent: TimeIntent | None = None,
    lexicon: Lexicon | None = None,
) -> list[Sentence]:
    """Each sentence with its relevance: the idf-weighted share of the question's terms it holds (or, when it
    goes on with a pronoun, a part of its predecessor's), times a weight for its passage's rank and cosine (and, for
    a short question, its piece's age: ``Weights.short``), and more when its piece comes from the window the question
    names (``intent``: "this week", "in March"). With a
    ``lexicon``, a sentence that holds any of them gains its closeness to the question in meaning."""
    inside = [_from_window(p, intent) for p in passages]
    terms = _terms(question)
    aged = _ages(passages, w.fresh) if 0 < len(terms) <= w.short else [1.0] * len(passages)
    held = terms_held(sents, passages, terms, tuple(a for a in acronyms(question) if a.lower() in terms))
    idf = local_idf(terms, [d for d, _ in held])
    total = sum(idf.values()) or 1.0
    out: list[Sentence] = []
    previous: tuple[int, float, frozenset[str]] = (-1, 0.0, frozenset())  # (passage, share, terms) of the one before
    for s, (d, at) in zip(sents, held, strict=True):
        p = passages[s.passage]
        share = sum(idf[t] for t in d) / total
        after = previous[0] == s.passage and (previous[1] > 0 or previous[2]) and _goes_on(s.text)
        relevance = max(share, w.carry * previous[1] if after else 0.0)
        if relevance and _promo(s.text):
            relevance = 0.0
        count = len(d | previous[2]) if after else len(d)
        previous = (s.passage, share, d)
        if relevance == 0:
            out.append(s if s.score == 0 else Sentence(s.passage, s.start, s.end, s.text, 0.0, s.row))
            continue
        value = relevance**w.focus * _standing(w, s.passage, p) * aged[s.passage]
        if inside[s.passage]:
            value *= 1 + w.window
        out.append(Sentence(s.passage, s.start, s.end, s.text, value, s.row, at, count))
    return _softened(question, out, passages, w, lexicon) if lexicon is not None and w.soft else out


@functools.lru_cache(maxsize=1024)
def _terms(question: str) -> tuple[str, ...]:
    """The question's terms, as stems, in order (cached: the scorer and ``grounded`` both ask)."""
    return tuple(dict.fromkeys(stem(t) for t in keyword_terms(question)))


def grounded(question: str, s: Sentence, need: int) -> bool:
    """The scored sentence holds at least ``need`` of the question's distinct terms (all of them, when it has
    fewer), counting those of the sentence before it when it goes on with a pronoun: a name or date from a sentence
    that shares one word with the question is no answer to it.

    >>> q = "When did Tarvania sign the ferry deal?"
    >>> text = "Tarvania signed the deal in the capital in May. Tarvania hosts a festival every May."
    >>> p = [Passage(0, "a", "", text, 0, len(text), 1.0)]
    >>> [grounded(q, s, 2) for s in score_sentences(q, sentences(p, 1), p, Weights())]
    [True, False]
    >>> text = "Tarvania wanted the new ferry badly. It was signed in the capital in May."
    >>> p = [Passage(0, "a", "", text, 0, len(text), 1.0)]
    >>> [grounded(q, s, 2) for s in score_sentences(q, sentences(p, 1), p, Weights())]
    [True, True]
    """
    return s.held >= min(need, len(_terms(question)))


# when no sentence holds a term of the question ("what happened to the goalie?" of a piece on the goalkeeper), the
# sentences of this many passages closest to it (cosine) are scored by meaning alone: only a vector found them
MEANING_ONLY = 1
SOFT_AMONG = 64  # sentences, by term share, whose closeness is computed (all the voters and more: a tuned count)


def _standing(w: Weights, rank: int, p: Passage) -> float:
    """The weight of a sentence of the passage ranked ``rank``: more for a higher rank and a closer cosine."""
    return 1 + w.rank / (1 + rank) + w.dense * (p.dense or 0.0)


def _softened(
    question: str, scored: list[Sentence], passages: Sequence[Passage], w: Weights, lexicon: Lexicon
) -> list[Sentence]:
    """``scored`` with the closeness to the question added to its best ``SOFT_AMONG`` sentences by terms: ``soft``
    times the cosine above ``soft_floor`` (rescaled to [0, 1]), times the same passage weight as the term share.
    When none holds a term, the sentences of the ``MEANING_ONLY`` passages closest by cosine get their closeness
    alone (whether that is close enough to answer is the abstention rule's call: ``rag/confidence.py``)."""
    scores = [s.score for s in scored]
    among = sorted((i for i, x in enumerate(scores) if x > 0), key=scores.__getitem__, reverse=True)[:SOFT_AMONG]
    if not among:  # a reader's own words, none of the piece's: how close each sentence is in meaning is all there is
        closest = sorted(range(len(passages)), key=lambda i: -(passages[i].dense or 0.0))[:MEANING_ONLY]
        among = [i for i, s in enumerate(scored) if s.passage in closest and not _promo(s.text)][:SOFT_AMONG]
    texts = [scored[i].text for i in among]
    out = list(scored)
    for i, c in zip(among, lexicon.closeness(question, texts, _pieces(scored, among, passages, lexicon)), strict=True):
        s = scored[i]
        near = max(0.0, (c - w.soft_floor) / (1 - w.soft_floor))
        out[i] = s._replace(score=s.score + w.soft * near * _standing(w, s.passage, passages[s.passage]))
    return out


def _pieces(
    scored: Sequence[Sentence], among: Sequence[int], passages: Sequence[Passage], lexicon: Lexicon
) -> list[np.ndarray | None]:
    """The word pieces of the sentences ``among``, where their passage's sentence table holds the lexicon's."""
    out: list[np.ndarray | None] = []
    for i in among:
        s = scored[i]
        marks = passages[s.passage].marks
        out.append(None if marks is None or s.row < 0 else marks.pieces(s.row, lexicon.tokenizer))
    return out


def _ages(passages: Sequence[Passage], fresh: tuple[float, float]) -> list[float]:
    """Each passage's weight by its piece's age, counted from the newest passage's date (``Weights.fresh``); an
    undated piece weighs 0.5, as in retrieval (``ranks.news_prior``)."""
    newest = max((p.published for p in passages if p.published is not None), default=None)
    if newest is None:
        return [1.0] * len(passages)
    return [news_prior(p.published, newest, *fresh) for p in passages]


def _from_window(p: Passage, intent: TimeIntent | None) -> bool:
    """The passage's piece was published in the window the question names (none named: False)."""
    if intent is None or intent.since is None or p.published is None:
        return False
    return in_window(p.published, intent)


STATEMENT = (".", "!", "…")  # how a statement ends (not "?", and not without a mark: a headline, a cut teaser)
# … but not a statement that ends on a title that asks: 'a column titled "Why are we angry?"'
_TITLED = re.compile(r"\b(?:titled|entitled|headlined|called|named)\s+[\"“‘'][^\"“”]*[?!][\"”’']\s*$", re.I)
_END = re.compile(r"([.!?…])[\"”’')\]]*\s*$")  # a sentence's last mark, perhaps inside a quote or brackets


def ending(text: str) -> str:
    """The mark a sentence ends with ("." "!" "?" "…"), or "" when it ends with none (a headline, a cut teaser).

    >>> ending("It rained."), ending("Did it rain?”"), ending("Rain on the coast")
    ('.', '?', '')
    >>> ending('Ada Hale wrote a column titled "Why are we angry?"')  # a statement: the question is a title
    '.'
    """
    m = _END.search(text)
    mark = m.group(1) if m else ""
    return "." if mark in ("?", "!") and _TITLED.search(text) else mark
