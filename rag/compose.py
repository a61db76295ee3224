"""Extractive answers: the direct answer first, chosen by evidence voting across the retrieved passages.

Pure: passages in, a ``Composed`` answer out; no model runs here. A question that asks for a thing
("which city …", "how many …") gets a short phrase quoted from a cited sentence ("Lisbon [1]."), chosen
by redundancy voting over candidate spans (names, titles, numbers, dates) of the best sentences: each
distinct article that names a candidate near the question's terms adds a vote, weighted by how well
its sentence matches the question, whether the span is of the type asked for, and not already named
in the question. An open question gets one to three cited sentences. Opinion is always attributed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from embeddings.chunk import split_sentences
from rag.answer_type import counted_unit, expected_type, head_nouns
from rag.cite import lead_in, make_citation
from rag.evaluate import contains, normalise
from rag.extract import Span, drop_ordinary_start, fits, modified, spans, titled, with_unit
from rag.records import Citation, Passage
from rag.text import WORD as _WORD
from rag.text import keyword_terms, local_idf
from rag.text import stem as _stem

MAX_SENTENCE_CHARS = 400  # longer "sentences" are usually navigation or lists, not an answer
MIN_SENTENCE_CHARS = 25


@dataclass(frozen=True, slots=True)
class Weights:
    """The constants of answer selection (chosen leave-one-week-out on both tuning sets, docs/benchmarks.md)."""

    passages: int = 8  # passages whose sentences compete
    voters: int = 30  # the best sentences whose candidates vote
    weak: float = 0.8  # no direct answer when the winner's sentence scores below this share of the best offering one
    focus: float = 1.0  # relevance = (share of the question's terms) ** focus: how much the best sentences dominate
    rank: float = 0.5  # 1 / (1 + rank of its passage)
    dense: float = 1.0  # cosine of the passage and the question
    carry: float = 0.3  # share of the previous sentence's relevance a sentence inherits (it may go on with "he")
    proximity: float = 0.5  # a candidate close to the question's words in its sentence
    fit: float = 1.0  # exponent on how well the candidate fits the type asked for (1, or 0.5 when plausible)
    repeat: float = 0.1  # each further mention in the same article (the first one in each article counts 1)
    context: bool = True  # follow the direct answer with its supporting sentence, when that is short
    context_words: int = 35  # … at most this many words (40 gave a median answer of 35 words on 2025h2: no margin)
    conflict_ratio: float = 0.85  # a rival with this share of the winner's votes, from other pieces, is a conflict
    open_share: float = 0.7  # an open answer's further sentences score at least this share of the best
    max_sentences: int = 3


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a passage, offsets in its article, scored against the question."""

    passage: int
    start: int
    end: int
    text: str
    score: float = 0.0
    positions: tuple[int, ...] = ()  # word positions of the question's terms in the sentence


@dataclass(slots=True)
class Candidate:
    """One answer candidate: its votes and the mention that best supports it."""

    key: tuple[str, ...]
    votes: float = 0.0
    best: float = -math.inf
    span: Span | None = None
    sentence: Sentence | None = None
    articles: dict[str, float] = field(default_factory=dict)  # article id → best mention score there


@dataclass(frozen=True, slots=True)
class Composed:
    """The composer's output: text with [n] markers, verified citations, and the evidence behind them."""

    text: str
    citations: tuple[Citation, ...]
    direct: str | None = None
    conflict: bool = False
    support: float = 0.0  # the winner's votes (0 for open answers): one input of the engine's confidence
    margin: float = 0.0  # winner's votes minus the runner-up's, over the winner's


_PRONOUNS = frozenset("he she him her his hers they them their it its".split())  # a sentence that goes on about …
_INNER_CAPITAL = re.compile(r"(?<=[\w,;:] )([A-Z][\w’'-]*)")  # a capitalised word inside a sentence


def sentences(passages: Sequence[Passage], limit: int) -> list[Sentence]:
    """Sentences of the top passages, offsets mapped into their articles."""
    out = []
    for i, p in enumerate(passages[:limit]):
        for s, e in split_sentences(p.text):
            text = p.text[s:e]
            if MIN_SENTENCE_CHARS <= len(text) <= MAX_SENTENCE_CHARS:
                out.append(Sentence(i, p.start + s, p.start + e, text))
    return out


def score_sentences(
    question: str, sents: Sequence[Sentence], passages: Sequence[Passage], w: Weights
) -> list[Sentence]:
    """Each sentence with its relevance: the idf-weighted share of the question's terms it holds (or, when it
    goes on with a pronoun, a part of its predecessor's), times a weight for its passage's rank and cosine."""
    terms = [_stem(t) for t in keyword_terms(question)]
    words = [[_stem(x) for x in _WORD.findall(s.text.lower())] for s in sents]
    docs = [set(ws) for ws in words]
    idf = local_idf(terms, docs)
    total = sum(idf.values()) or 1.0
    out: list[Sentence] = []
    previous = (-1, 0.0)  # (passage, share) of the sentence before
    for s, ws, d in zip(sents, words, docs, strict=True):
        share = sum(idf[t] for t in set(terms) if t in d) / total
        refers = previous[0] == s.passage and not _PRONOUNS.isdisjoint(ws)
        carried = w.carry * previous[1] if refers else 0.0
        previous = (s.passage, share)
        p = passages[s.passage]
        weight = 1 + w.rank / (1 + s.passage) + w.dense * (p.dense or 0.0)
        value = max(share, carried) ** w.focus * weight
        out.append(replace(s, score=value, positions=tuple(i for i, x in enumerate(ws) if x in idf)))
    return out


def _proximity(sentence: Sentence, span: Span) -> float:
    """1 when the span sits next to a question term, falling off with the distance in words."""
    if not sentence.positions:
        return 0.0
    at = len(_WORD.findall(sentence.text[: span.start]))
    width = max(1, len(_WORD.findall(span.text)))
    gap = min(max(0, p - (at + width - 1), at - p) for p in sentence.positions)
    return 1.0 / (1.0 + gap / 4.0)


# Names of one country, one written many ways: a question that names one of them names them all.
_ALIASES = (
    frozenset({("us",), ("usa",), ("america",), ("united", "states"), ("united", "states", "of", "america")}),
    frozenset({("uk",), ("britain",), ("great", "britain"), ("united", "kingdom")}),
)


def named_in(question: str) -> set[str]:
    """The stems the question names, with every other name of a country it names ("US" → "united", "states").

    >>> sorted(named_in("Which US city won?"))
    ['americ', 'city', 'of', 'stat', 'unit', 'us', 'usa', 'which', 'won']
    """
    words = normalise(question)
    asked = {_stem(t) for t in words}
    for names in _ALIASES:
        if any(contains(question, " ".join(n)) for n in names):
            asked |= {_stem(t) for n in names for t in n}
    return asked


def vote(
    question: str, kind: str, scored: Sequence[Sentence], passages: Sequence[Passage], w: Weights
) -> list[Candidate]:
    """Candidates ranked by votes; a shorter name that ends a longer one ("Ruiz", "Ana Ruiz") votes for it."""
    asked = named_in(question)
    unit = counted_unit(question) if kind == "number" else None
    heads = head_nouns(question) if kind == "thing" else frozenset()
    ordinary = frozenset(word for s in scored for word in _WORD.findall(s.text) if word.islower())
    inner = frozenset(m.group(1) for s in scored for m in _INNER_CAPITAL.finditer(s.text))
    found: dict[tuple[str, ...], Candidate] = {}
    repeats: dict[tuple[tuple[str, ...], str], int] = {}
    voters = sorted((s for s in scored if s.score > 0), key=lambda s: -s.score)[: w.voters]
    for s in voters:
        article = passages[s.passage].article_id
        for found_span in spans(s.text) + (modified(s.text, heads) if heads else ()):
            sp = drop_ordinary_start(s.text, found_span, ordinary, inner)
            if sp is None:
                continue
            f = fits(kind, sp)
            if unit and f > 0:  # "how many rounds": a number followed by "rounds" is the answer, with its unit
                counted = with_unit(s.text, sp, unit)
                sp, f = (counted, f) if counted else (sp, 0.5 * f)
            key = tuple(normalise(sp.text))
            stems = [_stem(t) for t in key]
            if f <= 0 or not key or all(t in asked for t in stems):
                continue
            named = sum(t in asked for t in stems) / len(key)  # partly named in the question: weaker
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


def _merge_contained(found: dict[tuple[str, ...], Candidate]) -> None:
    """Add the votes of every candidate to each longer candidate that ends with it ("Ruiz" → "Ana Ruiz",
    "Leo XVI" → "Pope Leo XVI"); a name at the front of a longer run ("Acme" in "Acme Labs") is another thing."""
    extra = {
        key: sum(found[key[j:]].votes for j in range(1, len(key)) if key[j:] in found) for key in found if len(key) > 1
    }
    for key, v in extra.items():
        found[key].votes += v


def _cite(n: int, s: Sentence, passages: Sequence[Passage], texts: Mapping[str, str]) -> Citation | None:
    p = passages[s.passage]
    return make_citation(n, p, texts[p.article_id], s.text, s.start, s.end)


def _lead(p: Passage, texts: Mapping[str, str]) -> str:
    return lead_in(p.title, texts[p.article_id], p.published, p.section, p.url, p.source)


def _direct(
    kind: str,
    winner: Candidate,
    rival: Candidate | None,
    passages: Sequence[Passage],
    texts: Mapping[str, str],
    w: Weights,
) -> Composed | None:
    assert winner.sentence is not None and winner.span is not None
    if winner.span.kind == "name":  # shown as news writes it, with the person's title ("Vice President Jo Bell")
        winner = replace(winner, span=titled(winner.sentence.text, winner.span))
    cite = _cite(1, winner.sentence, passages, texts)
    if cite is None:
        return None
    margin = (winner.votes - (rival.votes if rival else 0.0)) / winner.votes if winner.votes > 0 else 0.0
    cite = replace(cite, highlight=(winner.span.start, winner.span.end))
    if rival is not None and _conflicting(kind, winner, rival, passages, texts, w):
        assert rival.sentence is not None and rival.span is not None
        other = _cite(2, rival.sentence, passages, texts)
        if other is not None:
            other = replace(other, highlight=(rival.span.start, rival.span.end))
            pair = sorted([(cite, winner.span.text), (other, rival.span.text)], key=_newest_first)
            cites = tuple(replace(c, n=i) for i, (c, _) in enumerate(pair, start=1))
            said = "; ".join(f"{t} [{i}] ({_day(c)})" for i, (c, t) in enumerate(pair, start=1))
            return Composed(f"Sources differ: {said}.", cites, pair[0][1], True, winner.votes, margin)
    p = passages[winner.sentence.passage]
    lead = _lead(p, texts)
    text = f"{lead}{winner.span.text} [1]."
    if w.context and len(winner.sentence.text.split()) <= w.context_words:
        said = winner.sentence.text
        text += f" “{said}” [1]" if lead else f" {said} [1]"  # commentary stays a quote, never our own voice
    return Composed(text, (cite,), winner.span.text, False, winner.votes, margin)


_SPECIFIC = frozenset({"person", "country", "state", "city", "place", "number", "date", "title"})


def _conflicting(
    kind: str, winner: Candidate, rival: Candidate, passages: Sequence[Passage], texts: Mapping[str, str], w: Weights
) -> bool:
    """Comparable support for two answers of the kind asked for, from pieces of different dates that each name
    only their own answer (a piece that names both is listing them, not disagreeing)."""
    if kind not in _SPECIFIC or rival.votes < w.conflict_ratio * winner.votes:
        return False
    if winner.sentence is None or rival.sentence is None or winner.span is None or rival.span is None:
        return False
    if fits(kind, winner.span) < 1 or fits(kind, rival.span) < 1:
        return False
    a, b = passages[winner.sentence.passage], passages[rival.sentence.passage]
    if a.article_id == b.article_id or a.published is None or b.published is None or a.published == b.published:
        return False
    return rival.span.text not in texts[a.article_id] and winner.span.text not in texts[b.article_id]


def _newest_first(pair: tuple[Citation, str]) -> tuple[bool, int]:
    published = pair[0].published
    return (published is None, -(published.toordinal() if published else 0))


def _day(c: Citation) -> str:
    return c.published.isoformat() if c.published else "undated"


def _open(scored: Sequence[Sentence], passages: Sequence[Passage], texts: Mapping[str, str], w: Weights) -> Composed:
    """One to three of the best sentences, grouped by piece, commentary attributed."""
    order = sorted(scored, key=lambda s: -s.score)
    chosen: dict[str, list[tuple[Sentence, Citation]]] = {}
    quoted: set[str] = set()
    for s in order:
        if len(quoted) >= w.max_sentences or (quoted and s.score < w.open_share * order[0].score):
            break
        cite = None if s.text in quoted else _cite(0, s, passages, texts)
        if cite is not None:  # the same sentence twice (wire copy) says nothing new; unverifiable is never shown
            quoted.add(s.text)
            chosen.setdefault(passages[s.passage].article_id, []).append((s, cite))
    parts: list[str] = []
    cites: list[Citation] = []
    for group in chosen.values():
        p = passages[group[0][0].passage]
        lead = _lead(p, texts)
        said = []
        for j, (s, cite) in enumerate(group):
            cites.append(replace(cite, n=len(cites) + 1))
            said.append(f"{_continue_after(lead, s.text, texts[p.article_id]) if j == 0 else s.text} [{len(cites)}]")
        parts.append(lead + " ".join(said))
    return Composed(" ".join(parts), tuple(cites))


_LOWER_AFTER_COMMA = frozenset("the this that these those it its a an in on at for as but and he she they we".split())


def _continue_after(lead: str, sentence: str, article: str = "") -> str:
    """Lower-case the first word after "According to …, " when it is an ordinary word (the article also
    writes it in lower case); names keep their capitals.

    >>> _continue_after("According to X, ", "Tolls are a tax.", "… and tolls rise."), _continue_after("", "This.")
    ('tolls are a tax.', 'This.')
    """
    first = sentence.split(" ", 1)[0]
    plain = first.lower()
    if lead.endswith(", ") and (plain in _LOWER_AFTER_COMMA or re.search(rf"\b{re.escape(plain)}\b", article)):
        return plain + sentence[len(first) :]
    return sentence


def compose(
    question: str, passages: Sequence[Passage], article_texts: Mapping[str, str], weights: Weights = Weights()
) -> Composed:
    """The answer to ``question`` from ``passages``: a direct answer when it asks for a thing, else sentences."""
    scored = score_sentences(question, sentences(passages, weights.passages), passages, weights)
    if not scored:
        return Composed("", ())
    kind = expected_type(question)
    if kind is not None:
        ranked = vote(question, kind, scored, passages, weights)
        offered = max((c.sentence.score for c in ranked if c.sentence is not None), default=0.0)
        winner = ranked[0].sentence if ranked else None
        # a winner carried by many weak mentions, far below the best sentence that offers any candidate, is no
        # answer: quote the best sentences instead
        if winner is not None and winner.score >= weights.weak * offered:
            rival = ranked[1] if len(ranked) > 1 else None
            composed = _direct(kind, ranked[0], rival, passages, article_texts, weights)
            if composed is not None:
                return composed
    return _open(scored, passages, article_texts, weights)
