"""The reader of an index: ``StoredIndex``, one loaded, read-only version (format in
``embeddings/index_format.py``, writer in ``embeddings/publish.py``; their public names are re-exported here)."""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import overload

import numpy as np

from archive_chat.errors import IndexMismatch, IndexMissing
from embeddings.index_format import (
    FORMAT_VERSION,
    Manifest,
    check_fits,
    current_version,
    model_mismatch,
    next_version_name,
    read_manifest,
)
from embeddings.keyword_build import PostingsWriter
from embeddings.keyword_engine import DIRECTORY as KEYWORD_DIRECTORY
from embeddings.keyword_engine import TantivyRanker
from embeddings.keywords import Hits, Postings, terms
from embeddings.publish import VersionWriter, atomic_write_text, publish
from embeddings.records import Article, Chunk
from embeddings.sentence_table import SentenceTable
from embeddings.vector_index import load as load_vectors
from embeddings.vector_index import matrix as vector_matrix

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


TEXT_CACHE = 256  # article texts kept per process: the handful a few concurrent answers are reading


class ArticleTable(Sequence[Article]):
    """The articles of a version, by position: metadata in memory (``headers``, whose ``text`` is empty), each
    text read from SQLite when an article is asked for (a few recent ones cached), so a server process holds no
    copy of the archive's text; the page cache holds one for every process on the host."""

    def __init__(self, headers: list[Article], read_text: Callable[[int], str]) -> None:
        self.headers = headers
        self.text = functools.lru_cache(maxsize=TEXT_CACHE)(read_text)

    def __len__(self) -> int:
        return len(self.headers)

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        position = range(len(self.headers))[i]  # IndexError as a list's, negative positions as a list's
        return replace(self.headers[position], text=self.text(position))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Sequence)
            and len(other) == len(self)
            and all(a == b for a, b in zip(self, other, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]  # mutable-looking like a list: not hashable


SQLITE_MMAP_BYTES = 1 << 40  # map the whole metadata file, whatever its size
SQLITE_CACHE_KIB = 256


class StoredIndex:
    """A loaded, read-only version: vectors in FAISS, keyword postings memory-mapped, metadata in SQLite and memory.

    It owns the SQLite connections it opens (one per thread that queries it): ``close()``, or use it as a
    context manager.
    """

    def __init__(self, index_dir: Path, version: str | None = None) -> None:
        self.manifest = read_manifest(index_dir, version)
        self.path = index_dir / "versions" / self.manifest.version
        try:
            # memory-mapped, read-only: server processes on one host share the page cache's one copy
            self.faiss, self._raw = load_vectors(self.path)
        except RuntimeError as e:
            raise IndexMissing(f"{self.path}/vectors.faiss: unreadable ({e}); rebuild with --full") from e
        self._db_uri = f"file:{self.path / 'meta.sqlite'}?mode=ro"
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        try:
            self._read(self.db())
        except BaseException:
            self.close()
            raise

    def _read(self, db: sqlite3.Connection) -> None:
        headers = [
            Article(
                id=r[0],
                title=r[1],
                text="",
                url=r[2],
                published=dt.date.fromisoformat(r[3]) if r[3] else None,
                author=r[4],
                section=r[5],
                source=r[6],
                origin=r[7] or "",
            )
            for r in db.execute("SELECT id,title,url,published,author,section,source,origin FROM articles ORDER BY idx")
        ]
        self.articles = ArticleTable(headers, self._article_text)
        self.by_id = {a.id: i for i, a in enumerate(headers)}  # headers: no text is read at start-up
        rows = np.array(
            db.execute("SELECT article_idx, ordinal, start, end, tokens FROM chunks ORDER BY id").fetchall(),
            dtype=np.int64,
        ).reshape(-1, 5)
        self.chunk_article, self.chunk_ordinal, self.chunk_start, self.chunk_end, self.chunk_tokens = (
            np.ascontiguousarray(rows[:, i]) for i in range(5)
        )
        if self.faiss.ntotal != len(self.chunk_article) or self.faiss.d != self.manifest.dim:
            raise IndexMismatch(
                f"{self.path}: {self.faiss.ntotal} vectors for {len(self.chunk_article)} chunks; rebuild with --full"
            )
        self.postings = self._postings()
        self.sentences = SentenceTable.load(self.path, len(headers))
        ranker = self.path / KEYWORD_DIRECTORY
        self.ranker = TantivyRanker(ranker, len(self.chunk_article)) if TantivyRanker.exists(self.path) else None
        if self.ranker is None and not self.postings.ranks:
            raise IndexMismatch(
                f"{ranker}: missing, and the keyword postings cannot rank without it; rebuild with --full"
            )

    @functools.cached_property
    def chunk_keys(self) -> list[str]:
        """Every chunk's key, by chunk id: read when the embedding job asks (a server never does)."""
        return [k for (k,) in self.db().execute("SELECT key FROM chunks ORDER BY id")]

    @functools.cached_property
    def hashes(self) -> dict[str, str]:
        """Each article's content hash by id: read when the embedding job asks (a server never does)."""
        return dict(self.db().execute("SELECT id, hash FROM articles"))

    def _article_text(self, position: int) -> str:
        row = self.db().execute("SELECT text FROM articles WHERE idx = ?", (position,)).fetchone()
        return str(row[0])

    def db(self) -> sqlite3.Connection:
        """This thread's read-only connection to the metadata and keyword index."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._db_uri, uri=True, check_same_thread=False)
            # read through a memory map (page-cache pages, shared by every process) with a small private cache:
            # a server thread's connection would otherwise fill up to 2 MiB of its own per thread
            conn.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
            conn.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            self._local.conn = conn
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        """Close the connections of every thread; the metadata in memory stays readable, queries do not."""
        with self._connections_lock:
            connections, self._connections = self._connections, []
            self._local = threading.local()
        for conn in connections:
            conn.close()

    def __enter__(self) -> StoredIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> str:
        """The version id this object was loaded from."""
        return self.manifest.version

    def chunk_text(self, chunk_id: int) -> str:
        """The text of one chunk, sliced from its article."""
        text = self.articles.text(int(self.chunk_article[chunk_id]))
        return text[int(self.chunk_start[chunk_id]) : int(self.chunk_end[chunk_id])]

    @functools.cached_property
    def _bounds(self) -> np.ndarray:
        # chunks are stored grouped by article, in article order: chunk ids of article i are bounds[i]..bounds[i+1]
        return np.searchsorted(self.chunk_article, np.arange(len(self.articles) + 1))

    def chunk_range(self, article: int) -> range:
        """Chunk ids of the article at position ``article``, in order."""
        return range(int(self._bounds[article]), int(self._bounds[article + 1]))

    def chunks_of(self, article_id: str) -> list[Chunk]:
        """The stored chunks of one article, in order (embed_text is not stored)."""
        a, ids = self.articles[self.by_id[article_id]], self.chunk_range(self.by_id[article_id])
        keys = [k for (k,) in self.db().execute(
            "SELECT key FROM chunks WHERE id >= ? AND id < ? ORDER BY id", (ids.start, ids.stop))]  # fmt: skip
        return [
            Chunk(a.id, int(self.chunk_ordinal[i]), int(self.chunk_start[i]), int(self.chunk_end[i]),
                  self.chunk_text(i), int(self.chunk_tokens[i]), key)
            for i, key in zip(ids, keys, strict=True)
        ]  # fmt: skip

    @functools.cached_property
    def matrix(self) -> np.ndarray:
        """All stored vectors as one read-only (chunks × dim) array, no copy: a view of the flat index's floats, or
        of the memory-mapped fp16 copy kept beside a compressed index."""
        return vector_matrix(self.faiss, self._raw)

    def vectors(self, chunk_ids: np.ndarray) -> np.ndarray:
        """Stored vectors of the given chunk ids (a copy)."""
        return np.array(self.matrix[chunk_ids], dtype=np.float32)

    def _postings(self) -> Postings:
        """The keyword postings: memory-mapped, or for a version written before them, built now from its chunks."""
        if Postings.exists(self.path):
            postings = Postings.load(self.path)
            if len(postings.doclen) != len(self.chunk_article):
                raise IndexMismatch(
                    f"{self.path}: keyword postings for {len(postings.doclen)} chunks, the index has "
                    f"{len(self.chunk_article)}; rebuild with --full"
                )
            return postings
        return self._built_postings()

    def ranking_postings(self) -> Postings:
        """Postings that can rank by bm25: the stored ones, or for a version whose postings only look up (tantivy
        ranks it), ones built in memory from its chunks. For benchmarks that compare the two rankings."""
        return self.postings if self.postings.ranks else self._built_postings()

    def _built_postings(self) -> Postings:
        """Postings built in memory from the stored chunks, with the counts to rank from."""
        writer = PostingsWriter()
        for i, a in enumerate(self.articles.headers):
            title_terms = terms(a.title)
            for c in self.chunk_range(i):
                writer.add(title_terms, self.chunk_text(c))
        return writer.postings()

    def keyword_search(
        self,
        words: list[str],
        limit: int,
        allowed: np.ndarray | None = None,
        days: tuple[int | None, int | None] | None = None,
    ) -> Hits:
        """The ``limit`` best chunks by bm25 for any of ``words``, among the ``allowed`` ones (a bool mask).

        Ranked by the version's tantivy index, which also applies ``days`` (the date bounds that ``allowed``
        already holds, as day ordinals) itself; a version written before it is ranked from its postings.
        """
        if self.ranker is None:
            return self.postings.search(words, limit, allowed)
        query, _, rows = self.postings.lookup(words)
        ids, scores = self.ranker.rank(query, limit, allowed, days)
        return Hits(ids, scores, term_chunks=self.postings.holding(rows), n_terms=len(query))
