"""Hybrid, date-aware retrieval: dense (FAISS) + keyword (FTS5 bm25), fused, filtered, capped per article."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Protocol

import faiss
import numpy as np

from embeddings.encode import Encoder
from embeddings.store import StoredIndex
from rag.dates import TimeIntent, recency_weight
from rag.records import Filters, Passage

RRF_K = 60  # the usual reciprocal-rank-fusion constant: flattens the head so both sides count
CANDIDATES = 100  # per side, before fusion

STOPWORDS = frozenset(
    "a about above after again against all am an and any are as at be because been before being below between both "
    "but by can could did do does doing down during each few for from further had has have having he her here hers "
    "herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on "
    "once only or other our ours out over own same she should so some such than that the their theirs them then "
    "there these they this those through to too under until up very was we were what when where which while who "
    "whom why will with would you your yours also said says say week weeks recently recent latest new year years "
    "according announced reportedly named called name one first last next many much".split()
)


class Reranker(Protocol):
    """Optional second stage (e.g. a cross-encoder): higher score = more relevant."""

    def score(self, question: str, texts: Sequence[str]) -> Sequence[float]:
        """One relevance score per text."""
        ...


def keyword_terms(question: str) -> list[str]:
    """The content words of a question, in order, without duplicates.

    >>> keyword_terms("Which team does Damar Hamlin play for this week?")
    ['team', 'damar', 'hamlin', 'play']
    """
    seen: dict[str, None] = {}
    for w in re.findall(r"\w+", question.lower()):
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit()):
            seen.setdefault(w, None)
    return list(seen)


def fts_query(terms: Sequence[str]) -> str:
    """An FTS5 MATCH expression that ORs the terms (each quoted, so no term is read as syntax)."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def rrf(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings an id appears in.

    >>> sorted(rrf([[1, 2], [2, 3]], [1.0, 1.0], k=0).items())
    [(1, 1.0), (2, 1.5), (3, 0.5)]
    """
    fused: dict[int, float] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + w / (k + rank)
    return fused


def cap_per_article(ranked: Sequence[int], article_of: np.ndarray, cap: int) -> list[int]:
    """Keep ranked chunk ids, at most ``cap`` from any one article."""
    taken: dict[int, int] = {}
    out = []
    for c in ranked:
        a = int(article_of[c])
        if taken.get(a, 0) < cap:
            taken[a] = taken.get(a, 0) + 1
            out.append(c)
    return out


OUTSIDE_WINDOW = 0.5  # coverage of an event often appears after it: a question's window boosts, never hides


def window_weight(published: dt.date | None, intent: TimeIntent, slack_days: int = 3) -> float:
    """1.0 inside the question's window (plus a few days of follow-up coverage), OUTSIDE_WINDOW elsewhere."""
    if published is None or (intent.since is None and intent.until is None):
        return 1.0
    if intent.since and published < intent.since:
        return OUTSIDE_WINDOW
    if intent.until and (published - intent.until).days > slack_days:
        return OUTSIDE_WINDOW
    return 1.0


def dense_search(index: faiss.Index, query: np.ndarray, k: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
    """Top-k (chunk id, cosine) from FAISS, restricted to ``allowed`` (a bool mask) when given."""
    if index.ntotal == 0 or k <= 0:
        return []
    params = None
    if allowed is not None:
        bits = np.packbits(allowed, bitorder="little")  # faiss reads bit i of byte i >> 3, lowest bit first
        params = faiss.SearchParameters(sel=faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits)))
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k, params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


class Retriever:
    """Retrieval over one loaded index version."""

    def __init__(self, index: StoredIndex, encoder: Encoder, *, reranker: Reranker | None = None) -> None:
        self.index = index
        self.encoder = encoder
        self.reranker = reranker
        days = np.array([a.published.toordinal() if a.published else -1 for a in index.articles], dtype=np.int64)
        self.article_day = days
        self.chunk_day = days[index.chunk_article] if len(index.chunk_article) else days[:0]
        self._sources = np.array([(a.source or "").lower() for a in index.articles], dtype=object)
        self._sections = np.array([(a.section or "").lower() for a in index.articles], dtype=object)

    def allowed(self, as_of: dt.date, filters: Filters, intent: TimeIntent) -> np.ndarray | None:
        """Bool mask of the chunks a query may see, or None when it may see them all."""
        day = self.chunk_day
        mask = day <= as_of.toordinal()  # undated (-1) articles stay visible: their date is unknown, not late
        since, until = filters.since, filters.until  # a question's own window only boosts (see window_weight)
        if since:
            mask &= day >= since.toordinal()
        if until:
            mask &= (day >= 0) & (day <= until.toordinal())
        for value, column in ((filters.source, self._sources), (filters.section, self._sections)):
            if value:
                ok = np.array([value.lower() in s for s in column], dtype=bool)
                mask &= ok[self.index.chunk_article]
        return None if bool(mask.all()) else mask

    def search(
        self, question: str, *, as_of: dt.date, filters: Filters, intent: TimeIntent, k: int, cap: int,
        query_vec: np.ndarray | None = None,
    ) -> list[Passage]:
        """The top ``k`` passages for ``question`` as of ``as_of``, at most ``cap`` per article."""
        allowed = self.allowed(as_of, filters, intent)
        if allowed is not None and not allowed.any():
            return []
        qv = self.encoder.encode([question])[0] if query_vec is None else query_vec
        dense = dense_search(self.index.faiss, qv, CANDIDATES, allowed)
        terms = keyword_terms(question)
        keyword: list[tuple[int, float]] = []
        if terms:
            hits = self.index.keyword_search(fts_query(terms), CANDIDATES * 3)
            keyword = [(c, s) for c, s in hits if allowed is None or allowed[c]][:CANDIDATES]
        fused = rrf([[c for c, _ in dense], [c for c, _ in keyword]], [1.0, 1.0])
        if intent.recency > 0 or intent.since or intent.until:
            for c in fused:
                a = self.index.articles[int(self.index.chunk_article[c])]
                fused[c] *= recency_weight(a.published, intent, as_of) * window_weight(a.published, intent)
        ranked = sorted(fused, key=lambda c: (-fused[c], c))
        ranked = cap_per_article(ranked, self.index.chunk_article, cap)
        if self.reranker is not None:
            head = ranked[: k * 3]
            scores = self.reranker.score(question, [self.index.chunk_text(c) for c in head])
            order = sorted(range(len(head)), key=lambda i: -scores[i])
            fused = {head[i]: float(scores[i]) for i in order}
            ranked = [head[i] for i in order]
        dense_of, kw_of = dict(dense), dict(keyword)
        return [self.passage(c, fused[c], dense_of.get(c), kw_of.get(c)) for c in ranked[:k]]

    def passage(self, chunk_id: int, score: float, dense: float | None, keyword: float | None) -> Passage:
        """A Passage record for one chunk."""
        a = self.index.articles[int(self.index.chunk_article[chunk_id])]
        return Passage(
            chunk_id=chunk_id, article_id=a.id, title=a.title, text=self.index.chunk_text(chunk_id),
            start=int(self.index.chunk_start[chunk_id]), end=int(self.index.chunk_end[chunk_id]), score=score,
            url=a.url, published=a.published, source=a.source, section=a.section, author=a.author,
            dense=dense, keyword=keyword,
        )
