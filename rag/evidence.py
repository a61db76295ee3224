"""The evidence behind an extractive answer: the sentences of the top passages, scored against the question,
and the candidate answers they vote for (pure; no model runs here).

Everything that depends only on a text, not on the question, is computed once: a passage's sentences and their
candidate spans come from the index's sentence table (``embeddings/sentence_table.py``), written with the version,
or for a passage without one (an older version, a hand-made passage) by the same rules from its own text, cached
(that split also takes a piece of a sentence cut at a chunk boundary for a sentence; the table does not). A
passage's lower-cased text and a sentence's word starts are cached too (all the caches together, splits and spans
included, grew a process by ~80 MiB over the 570 tuning questions before the table took those two over). A question
then costs one substring search per term and passage, a bisect per sentence and a look at its 30 best sentences'
spans (the CPU budget of serving).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from embeddings.sentence_table import scorable
from rag.answer_type import counted_units, head_nouns
from rag.dates import TimeIntent, in_window
from rag.evaluate import contains, normalise
from rag.extract import (
    FIRST_WORD,
    Span,
    coordinated,
    drop_ordinary_start,
    fits,
    modified,
    personal,
    spans,
    whole_name,
    with_unit,
)
from rag.records import Passage
from rag.text import WORD, keyword_terms, local_idf, stem


@dataclass(frozen=True, slots=True)
class Weights:
    """The constants of answer selection (chosen leave-one-week-out on both tuning sets, docs/benchmarks.md)."""

    passages: int = 8  # passages whose sentences compete
    voters: int = 30  # the best sentences whose candidates vote
    weak: float = 0.8  # no direct answer when the winner's sentence scores below this share of the best offering one
    least: float = 0.25  # … or below this share of the best sentence of all (a year from an aside is no "when")
    focus: float = 1.0  # relevance = (share of the question's terms) ** focus: how much the best sentences dominate
    rank: float = 0.5  # 1 / (1 + rank of its passage)
    dense: float = 1.0  # cosine of the passage and the question
    window: float = 1.0  # a sentence of a piece from the question's own window ("this week") counts 1 + this much
    carry: float = 0.3  # share of the previous sentence's relevance a sentence inherits (it may go on with "he")
    proximity: float = 0.5  # a candidate close to the question's words in its sentence
    fit: float = 1.0  # exponent on how well the candidate fits the type asked for (1, or 0.5 when plausible)
    personal: float = 0.25  # fit of a person's name ("Mary Hale") when the question asks for a thing, not a person
    repeat: float = 0.1  # each further mention in the same article (the first one in each article counts 1)
    context: bool = True  # follow the direct answer with its supporting sentence, when that is a short statement
    context_words: int = 35  # … at most this many words (40 gave a median answer of 35 words on 2025h2: no margin)
    conflict_ratio: float = 0.85  # a rival with this share of the winner's votes, from other pieces, is a conflict
    open_share: float = 0.7  # an open answer's further sentences score at least this share of the best
    max_sentences: int = 3


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


@dataclass(slots=True)
class Candidate:
    """One answer candidate: its votes and the mention that best supports it."""

    key: tuple[str, ...]
    votes: float = 0.0
    best: float = -math.inf
    span: Span | None = None
    sentence: Sentence | None = None
    articles: dict[str, float] = field(default_factory=dict)  # article id → best mention score there


_PRONOUNS = frozenset("he she him her his hers they them their it its".split())


@functools.lru_cache(maxsize=4096)
def _split(text: str) -> tuple[tuple[int, int], ...]:
    """The sentences of a passage worth scoring, for a passage without a sentence table (cached: a passage recurs
    across questions)."""
    return tuple(scorable(text))


@functools.lru_cache(maxsize=65536)
def _goes_on(text: str) -> bool:
    """The sentence holds a pronoun: it may go on about someone the sentence before named."""
    return not _PRONOUNS.isdisjoint(WORD.findall(text.lower()))


@functools.lru_cache(maxsize=4096)
def _lower(text: str) -> str:
    """Lower case, offsets kept (the few characters whose lower case is longer stay as they are)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


def _hits(text: str, terms: tuple[str, ...]) -> list[tuple[int, str]]:
    """(offset, stem) of every word of ``text`` whose stem is one of ``terms``, in order of offset.

    A stem is a prefix of its word, so a substring search per term finds every candidate word in C; only those
    few words are stemmed (a loop over every word of eight passages would cost milliseconds per question; one
    regex alternation of the terms, measured, costs more than these searches).
    """
    low = _lower(text)
    found = []
    for term in terms:
        i = low.find(term)
        while i != -1:
            if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
                word = WORD.match(low, i)
                if word is not None and stem(word.group(0)) == term:
                    found.append((i, term))
            i = low.find(term, i + 1)
    found.sort()
    return found


def sentences(passages: Sequence[Passage], limit: int) -> list[Sentence]:
    """Sentences of the top passages, offsets mapped into their articles."""
    out: list[Sentence] = []
    for i, p in enumerate(passages[:limit]):
        if p.marks is None:
            out.extend(Sentence(i, p.start + s, p.start + e, p.text[s:e]) for s, e in _split(p.text))
        else:
            out.extend(Sentence(i, s, e, p.text[s - p.start : e - p.start], 0.0, r) for r, s, e in p.marks.sentences())
    return out


def _spans(s: Sentence, passages: Sequence[Passage]) -> tuple[Span, ...]:
    """The candidate spans of a sentence: from its passage's sentence table, else found now."""
    marks = passages[s.passage].marks
    return spans(s.text) if marks is None or s.row < 0 else marks.spans(s.row, s.text, s.start)


def _held(
    sents: Sequence[Sentence], passages: Sequence[Passage], terms: tuple[str, ...]
) -> list[tuple[frozenset[str], tuple[int, ...]]]:
    """The question's terms (stems) each sentence holds, and where their words start in it: one search of each
    passage, then a bisect per sentence."""
    hits = {i: _hits(passages[i].text, terms) for i in dict.fromkeys(s.passage for s in sents)} if terms else {}
    offsets = {i: [at for at, _ in h] for i, h in hits.items()}
    none: tuple[frozenset[str], tuple[int, ...]] = (frozenset(), ())
    held = []
    for s in sents:
        found = hits.get(s.passage)
        if not found:
            held.append(none)
            continue
        at, origin = offsets[s.passage], passages[s.passage].start
        base = s.start - origin
        a, b = bisect.bisect_left(at, base), bisect.bisect_left(at, s.end - origin)
        held.append((frozenset(t for _, t in found[a:b]), tuple(x - base for x in at[a:b])) if b > a else none)
    return held


def score_sentences(
    question: str,
    sents: Sequence[Sentence],
    passages: Sequence[Passage],
    w: Weights,
    intent: TimeIntent | None = None,
) -> list[Sentence]:
    """Each sentence with its relevance: the idf-weighted share of the question's terms it holds (or, when it
    goes on with a pronoun, a part of its predecessor's), times a weight for its passage's rank and cosine, and
    more when its piece comes from the window the question names (``intent``: "this week", "in March")."""
    inside = [_from_window(p, intent) for p in passages]
    terms = tuple(dict.fromkeys(stem(t) for t in keyword_terms(question)))
    held = _held(sents, passages, terms)
    idf = local_idf(terms, [d for d, _ in held])
    total = sum(idf.values()) or 1.0
    out: list[Sentence] = []
    previous = (-1, 0.0)  # (passage, share) of the sentence before
    for s, (d, at) in zip(sents, held, strict=True):
        p = passages[s.passage]
        share = sum(idf[t] for t in d) / total
        carries = previous[0] == s.passage and previous[1] > 0 and _goes_on(s.text)
        relevance = max(share, w.carry * previous[1] if carries else 0.0)
        previous = (s.passage, share)
        if relevance == 0:
            out.append(s if s.score == 0 else Sentence(s.passage, s.start, s.end, s.text, 0.0, s.row))
            continue
        value = relevance**w.focus * (1 + w.rank / (1 + s.passage) + w.dense * (p.dense or 0.0))
        if inside[s.passage]:
            value *= 1 + w.window
        out.append(Sentence(s.passage, s.start, s.end, s.text, value, s.row, at))
    return out


def _from_window(p: Passage, intent: TimeIntent | None) -> bool:
    """The passage's piece was published in the window the question names (none named: False)."""
    if intent is None or intent.since is None or p.published is None:
        return False
    return in_window(p.published, intent)


@functools.lru_cache(maxsize=65536)
def _word_starts(text: str) -> tuple[int, ...]:
    """Where each word of a sentence starts (cached: a sentence recurs across questions)."""
    return tuple(m.start() for m in WORD.finditer(text))


def _proximity(s: Sentence, span: Span) -> float:
    """1 when the span sits next to a word of the question (``s.hits``), falling off with the distance in words."""
    if not s.hits:
        return 0.0
    starts = _word_starts(s.text)
    positions = [bisect.bisect_left(starts, h) for h in s.hits]
    at = bisect.bisect_left(starts, span.start)
    width = max(1, len(WORD.findall(span.text)))
    gap = min(max(0, p - (at + width - 1), at - p) for p in positions)
    return 1.0 / (1.0 + gap / 4.0)


# Names of one country, one written many ways: a question that names one of them names them all.
_ALIASES = (
    frozenset({("us",), ("usa",), ("america",), ("united", "states"), ("united", "states", "of", "america")}),
    frozenset({("uk",), ("britain",), ("great", "britain"), ("united", "kingdom")}),
)


@functools.lru_cache(maxsize=1024)
def named_in(question: str) -> frozenset[str]:
    """The stems the question names, with every other name of a country it names ("US" → "united", "states").

    >>> sorted(named_in("Which US city won?"))
    ['americ', 'city', 'of', 'stat', 'unit', 'us', 'usa', 'which', 'won']
    >>> sorted(named_in("An AI-led club?"))
    ['ai', 'ail', 'an', 'club', 'led']
    """
    asked = {stem(t) for t in normalise(question)} | {stem(t) for t in WORD.findall(question.lower())}  # "AI-led": ai
    for names in _ALIASES:
        if any(contains(question, " ".join(n)) for n in names):
            asked |= {stem(t) for n in names for t in n}
    return frozenset(asked)


STATEMENT = (".", "!", "…")  # how a statement ends (not "?", and not without a mark: a headline, a cut teaser)
_END = re.compile(r"([.!?…])[\"”’')\]]*\s*$")  # a sentence's last mark, perhaps inside a quote or brackets


def ending(text: str) -> str:
    """The mark a sentence ends with ("." "!" "?" "…"), or "" when it ends with none (a headline, a cut teaser).

    >>> ending("It rained."), ending("Did it rain?”"), ending("Rain on the coast")
    ('.', '?', '')
    """
    m = _END.search(text)
    return m.group(1) if m else ""


def vote(
    question: str, kind: str, scored: Sequence[Sentence], passages: Sequence[Passage], w: Weights
) -> list[Candidate]:
    """Candidates ranked by votes; a shorter name that ends a longer one ("Ruiz", "Ana Ruiz") votes for it."""
    asked = named_in(question)
    units = counted_units(question) if kind == "number" else ()
    heads = head_nouns(question) if kind == "thing" else frozenset()
    found: dict[tuple[str, ...], Candidate] = {}
    repeats: dict[tuple[tuple[str, ...], str], int] = {}
    # a question asserts nothing ("How many fans watched the final?" is a subhead, not evidence of a number)
    voters = sorted((s for s in scored if s.score > 0 and ending(s.text) != "?"), key=lambda s: -s.score)[: w.voters]
    found_spans = [_spans(s, passages) + (modified(s.text, heads) if heads else ()) for s in voters]
    ordinary, inner = _how_written([sp for f in found_spans for sp in f[:1]], voters, passages)
    for s, candidates in zip(voters, found_spans, strict=True):
        article = passages[s.passage].article_id
        for found_span in candidates:
            sp = drop_ordinary_start(s.text, found_span, ordinary, inner)
            if sp is None:
                continue
            sp = whole_name(s.text, sp)
            f = fits(kind, sp) * (w.personal if kind == "thing" and personal(sp) else 1.0)
            if units and f > 0:  # "how many rounds": a number followed by "rounds" is the answer, with its unit
                counted = with_unit(s.text, sp, units)
                sp, f = (counted, f) if counted else (sp, 0.5 * f)
            key = _key(sp.text)
            if f <= 0 or not key or all(t in asked for t in _stems(key)):
                continue
            named = sum(t in asked for t in _stems(key)) / len(key)  # partly named in the question: weaker
            mention = s.score * (1 + w.proximity * _proximity(s, sp)) * f**w.fit * (1 - 0.5 * named)
            c = found.setdefault(key, Candidate(key))
            n = repeats[key, article] = repeats.get((key, article), 0) + 1
            c.votes += w.repeat * mention if n > 1 else 0.0
            c.articles[article] = max(c.articles.get(article, 0.0), mention)
            if mention > c.best:
                c.best, c.span, c.sentence = mention, sp, s
    for c in found.values():
        c.votes += sum(c.articles.values())
    _merge_contained(found)
    return sorted(found.values(), key=lambda c: (-c.votes, -len(c.key), c.key))


def listed(
    ranked: Sequence[Candidate], scored: Sequence[Sentence], passages: Sequence[Passage], w: Weights
) -> tuple[Candidate, float] | None:
    """For a question that asks for several things: the candidates one sentence lists together ("Norway and
    Chile"), as one candidate with their votes summed, when that outvotes the best single candidate; else None.
    With it, the score of its members' best sentence: the list is as strong as the evidence for its names."""
    by_key = {c.key: c for c in ranked}
    best: tuple[Candidate, float] | None = None
    for s in sorted((s for s in scored if s.score > 0), key=lambda s: -s.score)[: w.voters]:
        for run in coordinated(s.text, _spans(s, passages)):
            members = [by_key.get(_key(sp.text)) for sp in run]
            if any(m is None or m.sentence is None for m in members) or len({_key(sp.text) for sp in run}) < len(run):
                continue  # every name a candidate, and no name listed twice
            votes = sum(m.votes for m in members if m is not None)
            if best is None or votes > best[0].votes:
                span = Span(run[0].start, run[-1].end, s.text[run[0].start : run[-1].end], "list")
                strength = max(m.sentence.score for m in members if m is not None and m.sentence is not None)
                best = (Candidate(_key(span.text), votes, s.score, span, s), max(s.score, strength))
    return best if best is not None and ranked and best[0].votes > ranked[0].votes else None


def _how_written(
    first: Sequence[Span], voters: Sequence[Sentence], passages: Sequence[Passage]
) -> tuple[frozenset[str], frozenset[str]]:
    """Of the first words of these spans: which the passages also write in lower case, and which they capitalise
    inside a sentence (so a capital at a sentence's start is the word's own, not the sentence's)."""
    text = "\n".join(dict.fromkeys(passages[s.passage].text for s in voters))
    words = {m.group(0) for sp in first if sp.start <= 1 and (m := FIRST_WORD.match(sp.text))}
    lower = frozenset(x.lower() for x in words if _written(text, x.lower(), False))
    inner = frozenset(x for x in words if _written(text, x, True))
    return lower, inner


def _written(text: str, word: str, inside: bool) -> bool:
    """``word`` occurs in ``text`` as a whole word (``inside``: after a word and a space, within a sentence)."""
    i = text.find(word)
    while i != -1:
        end = i + len(word)
        after = end == len(text) or not (text[end].isalnum() or text[end] == "_")
        if inside:
            before = i >= 2 and text[i - 1] == " " and (text[i - 2].isalnum() or text[i - 2] in "_,;:")
        else:
            before = i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        if before and after:
            return True
        i = text.find(word, i + 1)
    return False


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> tuple[str, ...]:
    return tuple(normalise(text))


@functools.lru_cache(maxsize=65536)
def _stems(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(stem(t) for t in key)


def _merge_contained(found: dict[tuple[str, ...], Candidate]) -> None:
    """Add the votes of every candidate to each longer candidate that ends with it ("Ruiz" → "Ana Ruiz",
    "Leo XVI" → "Pope Leo XVI"); a name at the front of a longer run ("Acme" in "Acme Labs") is another thing."""
    extra = {
        key: sum(found[key[j:]].votes for j in range(1, len(key)) if key[j:] in found) for key in found if len(key) > 1
    }
    for key, v in extra.items():
        found[key].votes += v
