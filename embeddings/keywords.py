"""The keyword side of an index: which chunks hold which terms, and bm25 over the same postings in numpy.

Written at index time beside the vectors (``.npy`` files in the version directory) and memory-mapped at
serve time, so server processes on one host share one copy and a query costs a few array operations. Every
version holds the lookup files (``FILES``), which tell the passage step which chunks hold a question's terms:

    kw_terms.npy     uint64, sorted: an 8-byte hash of each term (the vocabulary, without the strings)
    kw_offsets.npy   int64, one more than the terms: term i's postings are rows offsets[i]..offsets[i+1]
    kw_chunks.npy    int32: chunk ids, ascending within a term
    kw_doclen.npy    float32, one per chunk: its length in terms, headline included

Versions ranked by tantivy (``embeddings/keyword_engine.py``) hold no more. Versions written before it rank from
the postings, with the weighted counts (``RANKING_FILES``)

    kw_tf.npy        float32: the term's weighted count in that chunk (a headline hit counts TITLE_WEIGHT times)

and, derived from those (computed on the first search when a version lacks them):

    kw_sat.npy       float32, one per posting: bm25's term-frequency part for that chunk (``embeddings/bm25.py``),
                     so a query multiplies by the idf instead of gathering each chunk's length
    kw_impact_offsets.npy, kw_impact.npy
                     each common term's chunk ids again, by that value, highest first (empty for the other
                     terms): a query stops reading a common term's chunks early

Terms are what SQLite FTS5's ``porter unicode61 remove_diacritics 2`` tokenizer makes (``embeddings/terms.py``). The
score is FTS5's bm25 (k1 1.2, b 0.75, the idf floor of 1e-6), so the ranking is the one the earlier FTS5 table gave;
its parity is tested on fixtures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from embeddings.bm25 import K1, derive, found_in
from embeddings.terms import query_terms, term_key

SAT_MAX = float(np.float32(K1 + 1))  # no stored saturation exceeds this: k1 + 1 is its limit, rounded as stored
DENSE_BELOW = 65_536  # postings: a query with fewer scores them all, which is cheaper there than pruning
TITLE_WEIGHT = 2.0  # a headline word counts twice, as the FTS5 table's column weights (2.0, 1.0) did
FILES = ("kw_terms", "kw_offsets", "kw_chunks", "kw_doclen")  # every version: which chunks hold which terms
RANKING_FILES = ("kw_tf",)  # versions ranked from the postings (written before the tantivy ranking)
DERIVED_FILES = ("kw_sat", "kw_impact_offsets", "kw_impact")  # computed on the first search when missing


@dataclass(frozen=True, slots=True)
class Hits:
    """One query's keyword matches: the best chunks by bm25, and which query terms any chunk holds."""

    ids: np.ndarray  # int64 chunk ids, best score first (ties: lower id first)
    scores: np.ndarray  # float64 bm25, higher is better, aligned with ids
    term_chunks: tuple[np.ndarray, ...] = ()  # per query term: the ascending ids of the chunks holding it
    n_terms: int = 0  # distinct terms of the query (also those no chunk holds)
    # several segments: ``term_chunks`` holds one array per segment and term, of ids local to the segment, and
    # these are the segments' first ids (a chunk is in one segment, so a term still counts once per chunk)
    term_bases: tuple[int, ...] = ()

    def matched(self, lo: int, hi: int) -> np.ndarray:
        """For chunks ``lo``..``hi - 1``: the share of the query's terms each one holds."""
        return self.matched_at(np.arange(lo, hi))

    def matched_at(self, ids: np.ndarray) -> np.ndarray:
        """For each chunk id of ``ids``: the share of the query's terms it holds (one search per term)."""
        out = np.zeros(len(ids))
        for chunks, base in zip(self.term_chunks, self.term_bases or (0,) * len(self.term_chunks), strict=True):
            if len(chunks) and len(ids):
                local = ids - base if base else ids
                out += found_in(chunks, local)[1]
        return out / self.n_terms if self.n_terms else out


class Postings:
    """The memory-mapped postings of one index version: the lookup arrays, and the counts when it ranks by them."""

    def __init__(
        self,
        keys: np.ndarray,
        offsets: np.ndarray,
        chunks: np.ndarray,
        tf: np.ndarray | None,
        doclen: np.ndarray,
        sat: np.ndarray | None = None,
        impact_offsets: np.ndarray | None = None,
        impact: np.ndarray | None = None,
    ):
        self.keys, self.offsets, self.chunks, self.tf, self.doclen = keys, offsets, chunks, tf, doclen
        self._chunk_ids = np.asarray(chunks)  # the same memory without np.memmap's bookkeeping on every slice
        self.avgdl = float(doclen.mean()) if len(doclen) else 0.0
        self._derived: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        if sat is not None and impact_offsets is not None and impact is not None:
            self._derived = (sat, impact_offsets, impact)

    @classmethod
    def load(cls, directory: Path) -> Postings:
        """Memory-map the files of ``directory`` (read-only: pages are shared between processes)."""

        def mapped(name: str) -> np.ndarray | None:
            path = directory / f"{name}.npy"
            return np.load(path, mmap_mode="r") if path.is_file() else None

        keys, offsets, chunks, doclen = (np.load(directory / f"{name}.npy", mmap_mode="r") for name in FILES)
        return cls(keys, offsets, chunks, mapped("kw_tf"), doclen, *(mapped(name) for name in DERIVED_FILES))

    @property
    def ranks(self) -> bool:
        """Whether these postings can rank (they hold the counts: versions written before the tantivy ranking)."""
        return self.tf is not None

    def _ranking(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sat, impact_offsets, impact): loaded, or derived from the counts on the first search."""
        if self._derived is None:
            if self.tf is None:
                raise RuntimeError("these postings hold no counts: the version is ranked by its tantivy index")
            self._derived = derive(self.offsets, self.chunks, self.tf, self.doclen)
        return self._derived

    @property
    def sat(self) -> np.ndarray:
        """bm25's term-frequency part of every posting (``embeddings.bm25.saturation``)."""
        return self._ranking()[0]

    @property
    def impact_offsets(self) -> np.ndarray:
        """Term i's chunks in impact order are ``impact[impact_offsets[i]:impact_offsets[i + 1]]``."""
        return self._ranking()[1]

    @property
    def impact(self) -> np.ndarray:
        """Each common term's chunk ids, highest saturation first."""
        return self._ranking()[2]

    @classmethod
    def exists(cls, directory: Path) -> bool:
        """Whether ``directory`` holds postings (versions written before them do not)."""
        return all((directory / f"{name}.npy").is_file() for name in FILES)

    def _term(self, term: str) -> int:
        """The term's row in the vocabulary, or -1."""
        key = np.uint64(term_key(term))
        i = int(np.searchsorted(self.keys, key))
        return i if i < len(self.keys) and self.keys[i] == key else -1

    def counts(self, keys: np.ndarray) -> np.ndarray:
        """How many chunks hold each term of ``keys`` (their ``term_key`` hashes, uint64); 0 for one no chunk holds."""
        if not len(self.keys):
            return np.zeros(len(keys), dtype=np.int64)
        rows, held = found_in(self.keys, keys)
        return np.where(held, self.offsets[rows + 1] - self.offsets[rows], 0).astype(np.int64)

    def lookup(self, words: Sequence[str]) -> tuple[list[str], list[int], list[slice]]:
        """The distinct terms of ``words``; the vocabulary rows of those any chunk holds, and their postings."""
        query = query_terms(words)
        found, rows = self.find(query)
        return query, found, rows

    def find(self, query: Sequence[str]) -> tuple[list[int], list[slice]]:
        """The vocabulary rows of the terms of ``query`` that any chunk holds, and their postings."""
        found = [i for i in (self._term(t) for t in query) if i >= 0]
        return found, [slice(int(self.offsets[i]), int(self.offsets[i + 1])) for i in found]

    def holding(self, rows: list[slice]) -> tuple[np.ndarray, ...]:
        """Each term's chunk ids (its postings ``rows``), as plain arrays: views of the memory map without the
        ``np.memmap`` subclass, whose bookkeeping on every slice cost more than the passage step's searches."""
        return tuple(self._chunk_ids[r] for r in rows)

    def search(self, words: Sequence[str], limit: int, allowed: np.ndarray | None = None) -> Hits:
        """The ``limit`` best chunks by bm25 for any of ``words`` (OR), among the ``allowed`` ones (a bool mask).

        Exact, and cheap when a common word is asked for: the rarer words' chunks are scored in full (each
        term's postings looked up for them). A chunk holding only common words scores below the sum of their
        idf·(k1+1), the bound of a saturated term ("max-score" pruning). When the rarer words' chunks do not
        already beat that and one word is common, its chunks are read in impact order until nothing unread can
        reach the top ``limit`` (the threshold algorithm). Otherwise, and for any query whose terms have at
        most ``DENSE_BELOW`` postings, every posting is scattered into a score per chunk: with several common
        words MaxScore and the threshold algorithm both measured slower than that (docs/benchmarks.md).
        """
        self._ranking()  # loaded, derived now, or the error of a version whose postings do not rank
        n = len(self.doclen)
        query, found, rows = self.lookup(words)
        hits = partial(Hits, term_chunks=self.holding(rows), n_terms=len(query))
        if not rows or limit <= 0:
            return hits(np.zeros(0, dtype=np.int64), np.zeros(0))
        idf = [max(math.log((n - (r.stop - r.start) + 0.5) / ((r.stop - r.start) + 0.5)), 1e-6) for r in rows]
        by_impact = [slice(int(self.impact_offsets[i]), int(self.impact_offsets[i + 1])) for i in found]
        common = [r.stop > r.start for r in by_impact]
        rare = [r for r, c in zip(rows, common, strict=True) if not c]
        candidates = np.unique(np.concatenate([self.chunks[r] for r in rare])) if rare else np.zeros(0, np.int64)
        if allowed is not None:
            candidates = candidates[allowed[candidates]]
        scores = self._scores(rows, idf, candidates)
        bound = sum(w * SAT_MAX for w, c in zip(idf, common, strict=True) if c)
        if len(candidates) >= limit and np.partition(scores, len(scores) - limit)[len(scores) - limit] >= bound:
            return hits(*_top(candidates, scores, limit))
        if sum(common) == 1 and sum(r.stop - r.start for r in rows) > DENSE_BELOW:
            return hits(*self._by_impact(rows, idf, by_impact, candidates, scores, limit, allowed))
        return hits(*self._dense(rows, idf, limit, allowed))

    def _dense(
        self, rows: list[slice], idf: list[float], limit: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every matching chunk scored by scattering each term's postings into one score per chunk."""
        scores, holds = np.zeros(len(self.doclen)), np.zeros(len(self.doclen), dtype=bool)
        for r, w in zip(rows, idf, strict=True):
            ids = self.chunks[r]
            scores[ids] += w * self.sat[r].astype(np.float64)
            holds[ids] = True
        candidates = np.flatnonzero(holds if allowed is None else holds & allowed)
        return _top(candidates, scores[candidates], limit)

    def _by_impact(
        self,
        rows: list[slice],
        idf: list[float],
        by_impact: list[slice],
        candidates: np.ndarray,
        scores: np.ndarray,
        limit: int,
        allowed: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The top ``limit`` when one query term is common: its chunks read in impact order, deeper until decided.

        Every chunk holding a rarer term is among ``candidates`` already, so a chunk not read yet holds only
        the common term, at most at the impact of the first unread entry: its score is at most that entry's
        (``frontier``, the same product ``_scores`` computes). The list is ordered by impact, then id, so the
        search stops when the ``limit``-th best read so far has a higher score, or an equal one and a lower id.
        """
        term = next(i for i, r in enumerate(by_impact) if r.stop > r.start)
        ordered, depth, read = self.impact[by_impact[term]], limit, 0
        while True:
            new = np.setdiff1d(ordered[read:depth], candidates)
            if allowed is not None:
                new = new[allowed[new]]
            candidates = np.concatenate([candidates, new])
            scores = np.concatenate([scores, self._scores(rows, idf, new)])
            read = depth
            if read >= len(ordered):
                return _top(candidates, scores, limit)
            if len(candidates) >= limit:
                ids, best = _top(candidates, scores, limit)
                unread = ordered[read : read + 1].astype(np.int64)
                frontier = idf[term] * float(self._saturated(rows[term], unread)[0])
                if best[-1] > frontier or (best[-1] == frontier and ids[-1] < unread[0]):
                    return ids, best
            depth *= 4

    def _scores(self, rows: list[slice], idf: list[float], candidates: np.ndarray) -> np.ndarray:
        """bm25 of each candidate chunk over the query's terms."""
        scores = np.zeros(len(candidates))
        for r, w in zip(rows, idf, strict=True):
            scores += w * self._saturated(r, candidates)
        return scores

    def _saturated(self, rows: slice, candidates: np.ndarray) -> np.ndarray:
        """bm25's tf part of one term for each candidate chunk (0 where the chunk lacks the term), in float64."""
        chunks = self.chunks[rows]
        if not len(candidates):
            return np.zeros(0)
        at, held = found_in(chunks, candidates)
        out: np.ndarray = np.where(held, self.sat[rows][at], 0.0).astype(np.float64)
        return out


def _top(candidates: np.ndarray, scores: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``limit`` best (id, score) pairs, best first, ties by lower id."""
    if len(candidates) > limit:  # keep every chunk scoring at least the limit-th best (ties decided by id below)
        keep = scores >= np.partition(scores, len(scores) - limit)[len(scores) - limit]
        candidates, scores = candidates[keep], scores[keep]
    order = np.lexsort((candidates, -scores))[:limit]
    return candidates[order].astype(np.int64), scores[order]
