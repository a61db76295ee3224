"""Extractive answers: pick the sentences of the retrieved passages that best answer the question.

Pure apart from the encoder it is handed: passages in, (answer text, citations) out. Every sentence of
the answer is a verbatim quote of an article and carries its citation marker.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from embeddings.chunk import split_sentences
from embeddings.encode import Encoder
from rag.answer_type import expected_type, offers
from rag.cite import attribution, is_commentary, make_citation, source_line
from rag.records import Citation, Passage
from rag.retrieve import keyword_terms

MAX_PASSAGES = 6  # passages whose sentences compete
MAX_EMBEDDED = 14  # sentences embedded per question (the latency budget on two cores)
MAX_SENTENCE_CHARS = 400  # longer "sentences" are usually navigation or lists, not an answer
MIN_SENTENCE_CHARS = 25


@dataclass(frozen=True, slots=True)
class Sentence:
    """A candidate sentence, with offsets in its article."""

    passage: int  # index into the passages
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Weights:
    """How the evidence of a sentence adds up (a coarse grid on rtqa-dev, checked leave-one-week-out)."""

    dense: float = 1.0  # cosine of sentence and question
    keyword: float = 1.0  # idf-weighted share of the question's terms in the sentence
    rank: float = 0.5  # 1 / (1 + rank of its passage)
    answer_type: float = 0.4  # it offers the kind of thing asked for ("which state" → a state)


def candidates(passages: Sequence[Passage], limit: int = MAX_PASSAGES) -> list[Sentence]:
    """Sentences of the top passages, offsets mapped into their articles."""
    out = []
    for i, p in enumerate(passages[:limit]):
        for s, e in split_sentences(p.text):
            text = p.text[s:e]
            if MIN_SENTENCE_CHARS <= len(text) <= MAX_SENTENCE_CHARS:
                out.append(Sentence(i, p.start + s, p.start + e, text))
    return out


def _stem(word: str) -> str:
    return word[:6]


def keyword_score(question_terms: Sequence[str], text: str, idf: Mapping[str, float]) -> float:
    """IDF-weighted share of the question's terms present in ``text`` (prefix-stemmed), in [0, 1]."""
    if not question_terms:
        return 0.0
    have = {_stem(w) for w in re.findall(r"\w+", text.lower())}
    total = sum(idf.get(_stem(t), 1.0) for t in question_terms)
    return sum(idf.get(_stem(t), 1.0) for t in question_terms if _stem(t) in have) / total


def score(
    question: str,
    sentences: Sequence[Sentence],
    passages: Sequence[Passage],
    encoder: Encoder,
    query_vec: np.ndarray,
    weights: Weights = Weights(),
) -> list[float]:
    """One score per sentence: dense similarity + keyword evidence + passage rank + answer type."""
    if not sentences:
        return []
    terms = keyword_terms(question)
    docs = [{_stem(w) for w in re.findall(r"\w+", s.text.lower())} for s in sentences]
    idf = {_stem(t): math.log(1 + len(docs) / (1 + sum(_stem(t) in d for d in docs))) for t in terms}
    kind = expected_type(question)
    prior = [
        weights.keyword * keyword_score(terms, s.text, idf)
        + weights.rank / (1 + s.passage)
        + weights.answer_type * offers(kind, question, s.text)
        for s in sentences
    ]
    # embed only the most promising sentences: the encoder dominates the latency
    top = sorted(range(len(sentences)), key=lambda i: -prior[i])[:MAX_EMBEDDED]
    dense = [0.0] * len(sentences)
    vecs = encoder.encode([sentences[i].text for i in top])
    for i, v in zip(top, vecs @ query_vec, strict=True):
        dense[i] = float(v)
    return [prior[i] + weights.dense * dense[i] if i in top else -math.inf for i in range(len(sentences))]


_LOWER_AFTER_COMMA = frozenset("the this that these those it its a an in on at for as but and he she they we".split())


def _continue_after(lead: str, sentence: str) -> str:
    """Lower-case a plain first word when the sentence continues "According to …, " (names keep capitals).

    >>> _continue_after("According to “X”, ", "This commentary exposes bias."), _continue_after(": ", "This one.")
    ('this commentary exposes bias.', 'This one.')
    """
    first = sentence.split(" ", 1)[0]
    if lead.endswith(", ") and first.lower() in _LOWER_AFTER_COMMA:
        return first.lower() + sentence[len(first) :]
    return sentence


def compose(
    question: str,
    passages: Sequence[Passage],
    article_texts: Mapping[str, str],
    encoder: Encoder,
    query_vec: np.ndarray,
    *,
    max_sentences: int = 3,
    weights: Weights = Weights(),
) -> tuple[str, tuple[Citation, ...]]:
    """Answer text with [n] markers and its verified citations.

    The chosen sentences are grouped by article, best article first, each group led by its source: a news
    report by its headline and date, a commentary piece by "According to <headline> (<date>), …", so an
    opinion is never stated as the assistant's own and every quote shows where it comes from.
    """
    sents = candidates(passages)
    scores = score(question, sents, passages, encoder, query_vec, weights)
    order = sorted(range(len(sents)), key=lambda i: -scores[i])
    chosen: dict[str, list[tuple[Sentence, Citation]]] = {}  # article id → its verified quotes, best first
    quoted: set[str] = set()
    for i in order:
        if len(quoted) >= max_sentences or scores[i] == -math.inf:
            break
        s = sents[i]
        p = passages[s.passage]
        # the same sentence in two pieces (wire copy) says nothing new; an unverifiable one is never shown
        cite = None if s.text in quoted else make_citation(0, p, article_texts[p.article_id], s.text, s.start, s.end)
        if cite is None:
            continue
        quoted.add(s.text)
        chosen.setdefault(p.article_id, []).append((s, cite))
    parts: list[str] = []
    cites: list[Citation] = []
    for group in chosen.values():
        p = passages[group[0][0].passage]
        lead = (
            attribution(p.title, p.published) if is_commentary(p.section, p.url) else source_line(p.title, p.published)
        )
        texts = []
        for j, (s, cite) in enumerate(group):
            cites.append(replace(cite, n=len(cites) + 1))  # numbered in reading order
            said = _continue_after(lead, s.text) if j == 0 else s.text
            texts.append(f"{said} [{len(cites)}]")
        parts.append(lead + " ".join(texts))
    return " ".join(parts), tuple(cites)
