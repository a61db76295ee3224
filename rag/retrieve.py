"""Hybrid, date-aware retrieval: dense (FAISS) + keyword (bm25 postings), fused, filtered, capped per article."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from archive_chat.settings import NEWS_FLOOR, NEWS_HALF_LIFE_DAYS
from embeddings.encode import Encoder
from embeddings.keywords import Hits
from embeddings.store import StoredIndex
from rag.about import Holdings
from rag.dates import TimeIntent
from rag.ranks import best_window, first_seen, news_prior, rrf, window_weight
from rag.records import Filters, Passage
from rag.wording import Wording

RRF_K = 10  # fusion constant over *article* ranks; measured better than the usual 60 here (docs/benchmarks.md)
CANDIDATES = 300  # chunks per side, before they are grouped into articles
KEYWORD_IN_PASSAGE = 0.3  # weight of question-term overlap when choosing the passage inside an article
RECENCY_WORD_PULL = 0.25  # how much "this week" / "latest" lowers the floor of the news prior
LEDE_REACH = 3  # a passage that would start within this many chunks of its article's first starts at the first
AGREED = 1  # an article among the first this many of every ranking is not aged by the news prior (no time words)


@dataclass(frozen=True, slots=True)
class Fusion:
    """How much each ranking of articles counts in the fusion (chosen leave-one-week-out, docs/benchmarks.md)."""

    dense: float = 1.0  # chunk vectors nearest the question
    keyword: float = 1.0  # bm25 over chunk text and headline
    rrf_k: float = RRF_K


class Reranker(Protocol):
    """Optional second stage (e.g. a cross-encoder): higher score = more relevant."""

    def score(self, question: str, texts: Sequence[str]) -> Sequence[float]:
        """One relevance score per text."""
        ...


def dense_search(index: StoredIndex, query: np.ndarray, k: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
    """Top-k (chunk id, cosine) over a stored version's segments, whatever their index kind, restricted to
    ``allowed`` (a bool mask) if given."""
    if k <= 0:
        return []
    scores, ids = index.vector_search(query, k, allowed)
    return list(zip(ids.tolist(), scores.tolist(), strict=True))


class Retriever:
    """Retrieval over one loaded index version.

    Two stages: chunks found by the dense and keyword sides vote for their *articles* (reciprocal rank
    fusion over article ranks, times a news-recency prior); each top article then contributes the window
    of ``passage_chunks`` consecutive chunks that best matches the question. The right article is found far
    more often than the right 128-token chunk, so the passage is chosen inside it (docs/benchmarks.md).
    """

    def __init__(
        self,
        index: StoredIndex,
        encoder: Encoder,
        *,
        reranker: Reranker | None = None,
        passage_chunks: int = 3,
        half_life_days: float = NEWS_HALF_LIFE_DAYS,
        recency_floor: float = NEWS_FLOOR,
        fusion: Fusion = Fusion(),
    ) -> None:
        self.index = index
        self.encoder = encoder
        self.reranker = reranker
        self.passage_chunks = passage_chunks
        self.half_life_days = half_life_days
        self.recency_floor = recency_floor
        self.fusion = fusion
        headers = index.articles.headers  # metadata only: no article text is read here
        days = np.array([a.published.toordinal() if a.published else -1 for a in headers], dtype=np.int64)
        self.chunk_day = days[index.chunk_article] if len(index.chunk_article) else days[:0]
        # each article's source and section (lower case), as arrays: a filter is one vectorised substring test,
        # and the chunk mask of a value asked for before is reused
        self._fields = {
            "source": np.array([(a.source or "").lower() for a in headers], dtype=str),
            "section": np.array([(a.section or "").lower() for a in headers], dtype=str),
        }
        self._field_masks: dict[tuple[str, str], np.ndarray] = {}
        self.wording = Wording(index)  # the question's words as this version writes them (acronyms, slips)

    @functools.cached_property
    def holdings(self) -> Holdings:
        """What this version holds (its pieces' days and main sources), counted on first use."""
        headers = self.index.articles.headers
        return Holdings.of([headers[i] for i in self.index.by_id.values()])

    def allowed(self, as_of: dt.date, filters: Filters) -> np.ndarray | None:
        """Bool mask of the chunks a query may see, or None when it may see them all."""
        day = self.chunk_day
        mask = day <= as_of.toordinal()  # undated (-1) articles stay visible: their date is unknown, not late
        if self.index.alive is not None:
            mask &= self.index.alive  # not the chunks of articles the version deleted
        if filters.since:
            mask &= day >= filters.since.toordinal()
        if filters.until:
            mask &= (day >= 0) & (day <= filters.until.toordinal())
        for field, value in (("source", filters.source), ("section", filters.section)):
            if value:
                mask &= self._field_mask(field, value.lower())
        return None if bool(mask.all()) else mask

    @staticmethod
    def day_bounds(as_of: dt.date, filters: Filters) -> tuple[int | None, int | None]:
        """The date part of ``allowed`` as (lowest, highest) day ordinals, None where open (undated: day -1)."""
        low = filters.since.toordinal() if filters.since else None
        high = as_of.toordinal()
        if filters.until:
            low, high = max(low or 0, 0), min(high, filters.until.toordinal())
        return low, high

    def _field_mask(self, field: str, value: str) -> np.ndarray:
        """Bool mask of the chunks whose article's ``field`` contains ``value`` (cached: at most 256 values)."""
        mask = self._field_masks.get((field, value))
        if mask is None:
            ok = np.char.find(self._fields[field], value) >= 0
            mask = ok[self.index.chunk_article] if len(self.index.chunk_article) else np.zeros(0, dtype=bool)
            if len(self._field_masks) < 256:
                self._field_masks[(field, value)] = mask
        return mask

    def _articles(self, chunk_ids: Sequence[int]) -> list[int]:
        return first_seen(chunk_ids, self.index.chunk_article)

    def _rank(
        self, rankings: Sequence[tuple[list[int], float]], as_of: dt.date, intent: TimeIntent
    ) -> dict[int, float]:
        """Fused article scores: weighted RRF over the rankings, times the news prior (and the question's window)."""
        live = [(r, w) for r, w in rankings if w > 0 and r]
        fused = rrf([r for r, _ in live], [w for _, w in live], k=self.fusion.rrf_k)
        # Every question to a news archive leans towards recent coverage; "this week" / "latest" lean harder
        # (a lower floor). Windows from the question itself only boost: coverage often follows the event. When the
        # question says nothing of time, an article that both meaning and words put first is the match whatever
        # its age (what a word means, a piece of history): the prior only sorts the rest.
        floor = self.recency_floor * (1 - RECENCY_WORD_PULL * min(1.0, intent.recency))
        timeless = intent.recency == 0 and len(live) > 1
        agreed = set.intersection(*(set(r[:AGREED]) for r, _ in live)) if timeless else set()
        for a in fused:
            published = self.index.articles.headers[a].published
            if a not in agreed:
                fused[a] *= news_prior(published, as_of, self.half_life_days, floor)
            if intent.strict:
                fused[a] *= window_weight(published, intent)
        return fused

    def search(
        self,
        question: str,
        *,
        as_of: dt.date,
        filters: Filters,
        intent: TimeIntent,
        k: int,
        cap: int = 1,
        query_vec: np.ndarray | None = None,
    ) -> list[Passage]:
        """The top ``k`` passages for ``question`` as of ``as_of``, at most ``cap`` per article."""
        allowed = self.allowed(as_of, filters)
        if allowed is not None and not allowed.any():
            return []
        f = self.fusion
        qv = self.encoder.encode([question])[0] if query_vec is None else query_vec
        dense = dense_search(self.index, qv, CANDIDATES, allowed)
        days = self.day_bounds(as_of, filters)
        # "VRA", when the archive writes the Velling Roads Authority out more than it shortens it: also the chunks that
        # spell it out (an acronym the archive does use finds its chunks as a word)
        names = self.wording.names(question)
        hits = self.index.keyword_search(self.wording.keywords(question), CANDIDATES, allowed, days, names)
        keyword = hits.ids.tolist()
        fused = self._rank(
            [(self._articles([c for c, _ in dense]), f.dense), (self._articles(keyword), f.keyword)], as_of, intent
        )
        ranked = sorted(fused, key=lambda a: (-fused[a], a))
        kw_of = dict(zip(keyword, hits.scores.tolist(), strict=True))
        passages: list[Passage] = []
        top = ranked[: k * 2 if self.reranker else k]
        for a, fit in zip(top, self._fits(top, qv, hits), strict=True):
            for first, last in self._windows(a, fit, cap):
                passages.append(self._passage(a, first, last, fused[a], kw_of, qv))
        if self.reranker is not None:
            scores = self.reranker.score(question, [p.text for p in passages])
            passages = [replace(p, score=float(s)) for p, s in zip(passages, scores, strict=True)]
            passages.sort(key=lambda p: -p.score)
        return passages[:k]

    def _fits(self, articles: Sequence[int], qv: np.ndarray, hits: Hits) -> list[np.ndarray]:
        """Each article's chunks' fit to the question, computed for all the articles at once: its cosine to the
        question plus KEYWORD_IN_PASSAGE times the share of the question's terms it holds (from the postings)."""
        ranges = [self.index.chunk_range(a) for a in articles]
        if not ranges:
            return []
        ids = np.concatenate([np.arange(r.start, r.stop) for r in ranges])
        fit = self.index.matrix[ids] @ qv + KEYWORD_IN_PASSAGE * hits.matched_at(ids)
        return np.split(fit, np.cumsum([len(r) for r in ranges])[:-1])

    def _windows(self, article: int, fit: np.ndarray, cap: int) -> list[tuple[int, int]]:
        """Up to ``cap`` non-overlapping chunk windows of one article by its chunks' ``fit``, best first (chunk
        ids, inclusive); one that would start within ``LEDE_REACH`` chunks of the article's first starts there."""
        lo = self.index.chunk_range(article).start
        if not len(fit):
            return []
        out: list[tuple[int, int]] = []
        for _ in range(cap):
            first, last = best_window(fit, self.passage_chunks)
            if not np.isfinite(fit[first : last + 1]).all():
                break
            if first <= LEDE_REACH and np.isfinite(fit[:first]).all():
                first = 0  # news gives its facts first: a window near the lede takes the lede in too
            out.append((lo + first, lo + last))
            fit[first : last + 1] = -np.inf
        return out

    def _passage(
        self, article: int, first: int, last: int, score: float, kw_of: dict[int, float], qv: np.ndarray
    ) -> Passage:
        a = self.index.articles.headers[article]  # its metadata; the text is read (or found cached) on its own
        sims = self.index.matrix[first : last + 1] @ qv
        best = first + int(np.argmax(sims))
        start, end = int(self.index.chunk_start[first]), int(self.index.chunk_end[last])
        kws = [kw_of[c] for c in range(first, last + 1) if c in kw_of]
        table = self.index.sentences
        return Passage(
            chunk_id=best,
            article_id=a.id,
            title=a.title,
            text=self.index.articles.text(article)[start:end],
            start=start,
            end=end,
            score=score,
            url=a.url,
            published=a.published,
            source=a.source,
            section=a.section,
            author=a.author,
            dense=float(sims.max()),
            keyword=max(kws) if kws else None,
            marks=table.window(article, start, end) if table is not None else None,
        )
