"""The reader of an index: ``StoredIndex``, one loaded, read-only version, its segments numbered as one (format in
``embeddings/index_format.py``, writer in ``embeddings/publish.py``; their public names are re-exported here; its
keyword search and term lookups in ``embeddings/term_lookups.py``)."""

from __future__ import annotations

import functools
from pathlib import Path

import faiss
import numpy as np

from archive_chat.errors import IndexMismatch
from embeddings import vector_index
from embeddings.durable import atomic_write_text
from embeddings.index_format import (
    DELETED_FILE,
    FORMAT_VERSION,
    Manifest,
    check_fits,
    current_version,
    model_mismatch,
    next_version_name,
    read_manifest,
    segment_paths,
)
from embeddings.joined import ArticleTable, JoinedSentences, StackedMatrix
from embeddings.keyword_engine import DIRECTORY as KEYWORD_DIRECTORY
from embeddings.keyword_engine import TantivyRanker
from embeddings.publish import VersionWriter, publish
from embeddings.records import Chunk
from embeddings.segment import Segment
from embeddings.sentence_table import SentenceTable
from embeddings.term_lookups import TermLookups

__all__ = [
    "FORMAT_VERSION",
    "Manifest",
    "StoredIndex",
    "VersionWriter",
    "atomic_write_text",
    "check_fits",
    "current_version",
    "model_mismatch",
    "next_version_name",
    "publish",
    "read_manifest",
]


class StoredIndex(TermLookups):
    """A loaded, read-only version: its segments in order, numbered as one (segment s's row i is ``base_s + i``).

    Articles and chunks are addressed by these global numbers, deleted ones included: ``alive`` masks the chunks
    of the articles the version deleted, and ``by_id`` holds live articles only. With one segment and nothing
    deleted (a clean build, or a compacted index) every array is the segment's own. It owns the SQLite connections
    its segments open (one per thread that queries them): ``close()``, or use it as a context manager.

    ``share``: an open version whose segments this one also reads shares them instead of loading them again, so a
    server's reload after an incremental run loads the one new segment (a segment's connections close when the
    last version reading it is closed).
    """

    def __init__(self, index_dir: Path, version: str | None = None, *, share: StoredIndex | None = None) -> None:
        self.manifest = read_manifest(index_dir, version)
        self.path = index_dir / "versions" / self.manifest.version
        self.segments: list[Segment] = []
        self._released = False
        loaded = {s.path: s for s in share.segments if s.held} if share is not None else {}
        try:
            for path in segment_paths(index_dir, self.manifest):
                seg = loaded.get(path)
                self.segments.append(seg.acquire() if seg is not None else Segment(path, self.manifest.dim))
            self._join()
        except BaseException:
            self.close()
            raise

    def _join(self) -> None:
        segs, refs = self.segments, self.manifest.segments
        for seg, ref in zip(segs, refs, strict=False):
            if (len(seg.headers), len(seg.chunk_article)) != (ref.articles, ref.chunks):
                raise IndexMismatch(
                    f"{seg.path}: {len(seg.headers)} articles and {len(seg.chunk_article)} chunks, the manifest of "
                    f"{self.path} lists {ref.articles} and {ref.chunks}; rebuild with --full"
                )
        self.article_base = np.cumsum([0] + [len(s.headers) for s in segs])
        self.chunk_base = np.cumsum([0] + [len(s.chunk_article) for s in segs])
        one = segs[0] if len(segs) == 1 else None
        headers = one.headers if one else [h for s in segs for h in s.headers]
        self.articles = ArticleTable(headers, self._article_text)
        if one:
            self.chunk_article, self.chunk_ordinal = one.chunk_article, one.chunk_ordinal
            self.chunk_start, self.chunk_end, self.chunk_tokens = one.chunk_start, one.chunk_end, one.chunk_tokens
        else:
            self.chunk_article = np.concatenate(
                [s.chunk_article + b for s, b in zip(segs, self.article_base, strict=False)]
            )
            for name in ("chunk_ordinal", "chunk_start", "chunk_end", "chunk_tokens"):
                setattr(self, name, np.concatenate([getattr(s, name) for s in segs]))
        self.deleted = self._deleted(len(headers))
        dead = np.zeros(len(headers), dtype=bool)
        dead[self.deleted] = True
        # the chunks a query may see, None when all: a deleted article's chunks are its tombstones
        self.alive = ~dead[self.chunk_article] if len(self.deleted) else None
        self.by_id = {a.id: i for i, a in enumerate(headers) if not dead[i]}  # headers: no text is read at start-up
        self.postings = segs[0].postings  # the first segment's: what a version of one segment ranks from, if at all
        self.sentences = one.sentences if one else JoinedSentences.of(segs, self.segment_of)
        ranker = self.path / KEYWORD_DIRECTORY
        self.ranker = TantivyRanker(ranker, int(self.chunk_base[-1])) if TantivyRanker.exists(self.path) else None
        if self.ranker is None and (one is None or not self.postings.ranks):
            raise IndexMismatch(
                f"{ranker}: missing, and the keyword postings cannot rank without it; rebuild with --full"
            )

    def _deleted(self, articles: int) -> np.ndarray:
        """The sorted numbers of the articles this version deletes (empty when none)."""
        path = self.path / DELETED_FILE
        if not path.is_file():
            if self.manifest.deleted:
                raise IndexMismatch(f"{path}: missing, the manifest deletes {self.manifest.deleted} articles; rebuild "
                                    "with --full")  # fmt: skip
            return np.zeros(0, dtype=np.int64)
        deleted = np.load(path)
        if len(deleted) != self.manifest.deleted or (len(deleted) and not 0 <= deleted[0] <= deleted[-1] < articles):
            raise IndexMismatch(f"{path}: {len(deleted)} deleted articles, not the manifest's; rebuild with --full")
        return np.asarray(deleted, dtype=np.int64)

    def segment_of(self, article: int) -> tuple[Segment, int]:
        """The segment holding the article numbered ``article``, and its row there."""
        s = int(np.searchsorted(self.article_base, article, side="right")) - 1
        return self.segments[s], article - int(self.article_base[s])

    @functools.cached_property
    def chunk_keys(self) -> list[str]:
        """Every chunk's key, by chunk number: read when the embedding job asks (a server never does)."""
        return [k for s in self.segments for k in s.keys()]

    @functools.cached_property
    def hashes(self) -> dict[str, str]:
        """Each live article's content hash by id: read when the embedding job asks (a server never does)."""
        live = (zip(s.headers, s.column("hash"), strict=True) for s in self.segments)
        return {a.id: h for pairs in live for a, h in pairs if a.id in self.by_id}

    def _article_text(self, position: int) -> str:
        segment, row = self.segment_of(position)
        return segment.text(row)

    def close(self) -> None:
        """Close the connections of every thread on the segments no other open version reads; the metadata in
        memory stays readable, and a query opens them again."""
        for segment in self.segments:
            if not self._released:
                segment.release()
            elif not segment.held:
                segment.close()
        self._released = True

    def __enter__(self) -> StoredIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> str:
        """The version id this object was loaded from."""
        return self.manifest.version

    @property
    def faiss(self) -> faiss.Index:
        """The vector index of a version of one segment (``vector_search`` searches any)."""
        if len(self.segments) != 1:
            raise ValueError(f"{self.path}: {len(self.segments)} segments, each with its own vector index")
        return self.segments[0].faiss

    def chunk_text(self, chunk_id: int) -> str:
        """The text of one chunk, sliced from its article."""
        text = self.articles.text(int(self.chunk_article[chunk_id]))
        return text[int(self.chunk_start[chunk_id]) : int(self.chunk_end[chunk_id])]

    @functools.cached_property
    def _bounds(self) -> np.ndarray:
        # chunks are numbered grouped by article, in article order: chunks of article i are bounds[i]..bounds[i+1]
        return np.searchsorted(self.chunk_article, np.arange(len(self.articles) + 1))

    def chunk_range(self, article: int) -> range:
        """Chunk numbers of the article numbered ``article``, in order."""
        return range(int(self._bounds[article]), int(self._bounds[article + 1]))

    def stored_sentences(self, article_id: str) -> tuple[SentenceTable, int] | None:
        """The sentence table holding a live article's sentences and its row there (None: its segment has none)."""
        segment, row = self.segment_of(self.by_id[article_id])
        return (segment.sentences, row) if segment.sentences is not None else None

    def chunks_of(self, article_id: str) -> list[Chunk]:
        """The stored chunks of one live article, in order (embed_text is not stored)."""
        position = self.by_id[article_id]
        segment, row = self.segment_of(position)
        return segment.chunks_of(row, self.articles.text(position))

    @functools.cached_property
    def matrix(self) -> np.ndarray | StackedMatrix:
        """All stored vectors, by chunk number, read-only and not copied: one segment's (a view of the flat index's
        floats, or of the memory-mapped fp16 copy kept beside a compressed index), or several segments' stacked."""
        if len(self.segments) == 1:
            return self.segments[0].matrix
        return StackedMatrix([seg.matrix for seg in self.segments], self.chunk_base, self.manifest.dim)

    def vectors(self, chunk_ids: np.ndarray) -> np.ndarray:
        """Stored vectors of the given chunk numbers (a copy)."""
        return np.array(self.matrix[chunk_ids], dtype=np.float32)

    def vector_search(self, query: np.ndarray, k: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest chunks to one ``query`` vector among the ``allowed`` ones (a bool mask over chunk
        numbers; None: all live ones): (scores, chunk numbers), best first, each segment's best merged."""
        q = query.reshape(1, -1)
        allowed = self.alive if allowed is None else allowed
        found: list[tuple[np.ndarray, np.ndarray]] = []
        several = len(self.segments) > 1  # one segment: the caller has seen whether anything is allowed
        for seg, lo, hi in zip(self.segments, self.chunk_base, self.chunk_base[1:], strict=False):
            mask = None if allowed is None else allowed[lo:hi]  # one segment: a view of the whole mask
            if seg.faiss.ntotal == 0 or (several and mask is not None and not mask.any()):
                continue
            scores, ids = vector_index.search(seg.faiss, q, k, mask)
            keep = ids[0] >= 0
            found.append((scores[0][keep], ids[0][keep] + lo))
        if len(found) == 1:
            return found[0]
        if not found:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores, ids = (np.concatenate(parts) for parts in zip(*found, strict=True))
        order = np.lexsort((ids, -scores))[:k]
        return scores[order], ids[order]
