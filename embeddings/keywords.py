"""The keyword side of an index: bm25 over stored postings, searched with numpy.

Written at index time beside the vectors (five ``.npy`` files in the version directory) and memory-mapped at
serve time, so server processes on one host share one copy and a query costs a few array operations:

    kw_terms.npy     uint64, sorted: an 8-byte hash of each term (the vocabulary, without the strings)
    kw_offsets.npy   int64, one more than the terms: term i's postings are rows offsets[i]..offsets[i+1]
    kw_chunks.npy    int32: chunk ids, ascending within a term
    kw_tf.npy        float32: the term's weighted count in that chunk (a headline hit counts TITLE_WEIGHT times)
    kw_doclen.npy    float32, one per chunk: its length in terms, headline included

Terms are what SQLite FTS5's ``porter unicode61 remove_diacritics 2`` tokenizer makes: Unicode letters and
digits, case- and accent-folded, Porter-stemmed. The score is FTS5's bm25 (k1 1.2, b 0.75, the idf floor of
1e-6), so the ranking is the one the earlier FTS5 table gave; its parity is tested on fixtures.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import Stemmer

K1, B = 1.2, 0.75
TITLE_WEIGHT = 2.0  # a headline word counts twice, as the FTS5 table's column weights (2.0, 1.0) did
FILES = ("kw_terms", "kw_offsets", "kw_chunks", "kw_tf", "kw_doclen")
_WORD = re.compile(r"[^\W_]+")  # unicode61: letters and digits; "_" and punctuation separate
_stemmer = Stemmer.Stemmer("porter")


def fold(text: str) -> str:
    """Lower case without accents (what ``remove_diacritics 2`` does).

    >>> fold("Zoë Ångström")
    'zoe angstrom'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(text: str) -> list[str]:
    """The indexed terms of ``text``, in order (repeats kept).

    >>> terms("Elections: the voters' choices, 2024")
    ['elect', 'the', 'voter', 'choic', '2024']
    """
    words: list[str] = _WORD.findall(fold(text) if not text.isascii() else text.lower())
    return list(_stemmer.stemWords(words))


def term_key(term: str) -> int:
    """The 64-bit hash a term is stored under (the vocabulary keeps no strings; a collision is ~1e-9 likely)."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")


class PostingsWriter:
    """Collects the terms of each chunk, in chunk-id order, and writes the postings files."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._term_ids: list[np.ndarray] = []
        self._tfs: list[np.ndarray] = []
        self._chunk_of: list[np.ndarray] = []
        self._doclen: list[float] = []

    def add(self, title_terms: Sequence[str], body: str) -> None:
        """Add the next chunk: its article's headline terms and its own text."""
        counts: dict[str, float] = dict(Counter(terms(body)))
        length = sum(counts.values()) + len(title_terms)
        for t in title_terms:
            counts[t] = counts.get(t, 0.0) + TITLE_WEIGHT
        ids = np.fromiter((self._ids.setdefault(t, len(self._ids)) for t in counts), dtype=np.int64, count=len(counts))
        self._term_ids.append(ids)
        self._tfs.append(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        self._chunk_of.append(np.full(len(counts), len(self._doclen), dtype=np.int32))
        self._doclen.append(float(length))

    def arrays(self) -> tuple[np.ndarray, ...]:
        """The five arrays of the files, in ``FILES`` order."""
        keys = np.fromiter((term_key(t) for t in self._ids), dtype=np.uint64, count=len(self._ids))
        rank = np.empty(len(keys), dtype=np.int64)  # term id -> position in the sorted vocabulary
        order = np.argsort(keys, kind="stable")
        rank[order] = np.arange(len(keys))
        term_ids = rank[np.concatenate(self._term_ids)] if self._term_ids else np.zeros(0, dtype=np.int64)
        chunks = np.concatenate(self._chunk_of) if self._chunk_of else np.zeros(0, dtype=np.int32)
        tfs = np.concatenate(self._tfs) if self._tfs else np.zeros(0, dtype=np.float32)
        by_term = np.argsort(term_ids, kind="stable")  # stable: chunk ids stay ascending within a term
        offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_ids, minlength=len(keys)), out=offsets[1:])
        return keys[order], offsets, chunks[by_term], tfs[by_term], np.array(self._doclen, dtype=np.float32)

    def write(self, directory: Path) -> None:
        """Write the five files into ``directory`` (the caller fsyncs and publishes them)."""
        for name, array in zip(FILES, self.arrays(), strict=True):
            np.save(directory / f"{name}.npy", array)


@dataclass(frozen=True, slots=True)
class Hits:
    """One query's keyword matches: bm25 per chunk and how many of the query's terms each chunk holds."""

    ids: np.ndarray  # int64 chunk ids, best score first (ties: lower id first)
    scores: np.ndarray  # float64 bm25, higher is better, aligned with ids
    matched: np.ndarray  # float64, one per chunk of the index: the share of the query's terms the chunk holds


class Postings:
    """The memory-mapped postings of one index version."""

    def __init__(self, keys: np.ndarray, offsets: np.ndarray, chunks: np.ndarray, tf: np.ndarray, doclen: np.ndarray):
        self.keys, self.offsets, self.chunks, self.tf, self.doclen = keys, offsets, chunks, tf, doclen
        self.avgdl = float(doclen.mean()) if len(doclen) else 0.0

    @classmethod
    def load(cls, directory: Path) -> Postings:
        """Memory-map the files of ``directory`` (read-only: pages are shared between processes)."""
        return cls(*(np.load(directory / f"{name}.npy", mmap_mode="r") for name in FILES))

    @classmethod
    def exists(cls, directory: Path) -> bool:
        """Whether ``directory`` holds postings (versions written before them do not)."""
        return all((directory / f"{name}.npy").is_file() for name in FILES)

    def _rows(self, term: str) -> slice:
        key = np.uint64(term_key(term))
        i = int(np.searchsorted(self.keys, key))
        if i == len(self.keys) or self.keys[i] != key:
            return slice(0, 0)
        return slice(int(self.offsets[i]), int(self.offsets[i + 1]))

    def search(self, words: Sequence[str], limit: int, allowed: np.ndarray | None = None) -> Hits:
        """The ``limit`` best chunks by bm25 for any of ``words`` (OR), among the ``allowed`` ones (a bool mask)."""
        n = len(self.doclen)
        query = list(dict.fromkeys(t for w in words for t in terms(w)))
        scores = np.zeros(n)
        matched = np.zeros(n)
        for term in query:
            rows = self._rows(term)
            ids = self.chunks[rows]
            if not len(ids):
                continue
            df = len(ids)
            idf = max(math.log((n - df + 0.5) / (df + 0.5)), 1e-6)
            tf = self.tf[rows].astype(np.float64)
            norm = K1 * (1 - B + B * self.doclen[ids] / (self.avgdl or 1.0))
            scores[ids] += idf * tf * (K1 + 1) / (tf + norm)
            matched[ids] += 1.0
        if query:
            matched /= len(query)
        candidates = np.flatnonzero(matched)
        if allowed is not None:
            candidates = candidates[allowed[candidates]]
        if len(candidates) > limit:
            candidates = candidates[np.argpartition(-scores[candidates], limit - 1)[:limit]]
        best = candidates[np.lexsort((candidates, -scores[candidates]))]
        return Hits(best, scores[best], matched)
