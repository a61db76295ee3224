"""The keyword side of a loaded index version: bm25 search and the term lookups the answer engine makes, over the
version's segments numbered as one. ``StoredIndex`` (``embeddings/store.py``) has these as its own."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from embeddings.keyword_engine import TantivyRanker
from embeddings.keywords import Hits, Postings
from embeddings.segment import Segment
from embeddings.terms import query_terms, term_key


class TermLookups:
    """Keyword search and term lookups over segments numbered as one; the attributes are those ``StoredIndex`` sets
    when it joins its segments."""

    segments: list[Segment]
    chunk_base: np.ndarray  # segment s's chunk i is chunk ``chunk_base[s] + i``
    alive: np.ndarray | None  # the chunks a query may see (None: all)
    postings: Postings  # the first segment's
    ranker: TantivyRanker | None  # the version's tantivy index (None for a version written before it)

    def ranking_postings(self) -> Postings:
        """Postings that can rank by bm25: the stored ones, or for a version whose postings only look up (tantivy
        ranks it), ones built in memory from its chunks. For benchmarks that compare the two rankings (one
        segment only)."""
        first = self.segments[0]
        return first.postings if first.postings.ranks else first.built_postings()

    def keyword_search(
        self,
        words: list[str],
        limit: int,
        allowed: np.ndarray | None = None,
        days: tuple[int | None, int | None] | None = None,
        names: Sequence[str] = (),
    ) -> Hits:
        """The ``limit`` best chunks by bm25 for any of ``words``, among the ``allowed`` ones (a bool mask; None:
        all live ones), or for any of ``names`` (a question's acronyms) among the initials of the names they spell
        out.

        Ranked by the version's tantivy index, which also applies ``days`` (the date bounds that ``allowed``
        already holds, as day ordinals) itself; a version written before it is ranked from its postings (where
        ``words`` find the names' initials too).
        """
        allowed = self.alive if allowed is None else allowed
        if self.ranker is None:
            return self.postings.search(words, limit, allowed)
        query = query_terms(words)
        ids, scores = self.ranker.rank(query, limit, allowed, days, query_terms(names))
        held, bases = self._holding(query)
        return Hits(ids, scores, term_chunks=held, n_terms=len(query), term_bases=bases)

    def chunk_counts(self, terms: Sequence[str]) -> np.ndarray:
        """How many chunks hold each of ``terms`` (indexed terms, as ``query_terms`` makes them), over all segments;
        a deleted article's chunks still count."""
        keys = np.array([term_key(t) for t in terms], dtype=np.uint64)
        counts = np.zeros(len(keys), dtype=np.int64)
        for seg in self.segments:
            counts += seg.postings.counts(keys)
        return counts

    def chunks_holding(self, term: str) -> np.ndarray:
        """The ascending numbers of the chunks that hold ``term`` (an indexed term), over all segments."""
        held, bases = self._holding([term])
        return np.concatenate([chunks + base for chunks, base in zip(held, bases, strict=True)] or [np.zeros(0, int)])

    def spelled(self, word: str) -> tuple[int, int]:
        """How many chunks write ``word`` (an acronym), and how many spell out a name it is the initials of (0 and 0
        for a version without the names' initials)."""
        if self.ranker is None or not self.ranker.names:
            return 0, 0
        term = query_terms([word])
        return self.ranker.spelled(term[0]) if term else (0, 0)

    def holding(self, word: str, limit: int) -> list[int]:
        """Up to ``limit`` live chunks whose terms hold ``word``'s, by chunk number (the earliest first)."""
        chunks = np.unique(np.concatenate([self.chunks_holding(t) for t in query_terms([word])] or [np.zeros(0, int)]))
        live: list[int] = (chunks if self.alive is None else chunks[self.alive[chunks]])[:limit].tolist()
        return live

    def _holding(self, query: list[str]) -> tuple[tuple[np.ndarray, ...], tuple[int, ...]]:
        """Per segment and term of ``query`` that some chunk of it holds: the ascending segment-local numbers of
        the chunks holding it (views of the postings, no copy), and the segment's base."""
        held: list[np.ndarray] = []
        bases: list[int] = []
        for seg, base in zip(self.segments, self.chunk_base.tolist(), strict=False):
            arrays = seg.postings.holding(seg.postings.find(query)[1])
            held += arrays
            bases += [base] * len(arrays)
        return tuple(held), tuple(bases)
