"""The reader of an index: ``StoredIndex``, one loaded, read-only version (format in
``embeddings/index_format.py``, writer in ``embeddings/publish.py``; their public names are re-exported here)."""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import threading
from pathlib import Path

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
from embeddings.publish import VersionWriter, atomic_write_text, publish
from embeddings.records import Article, Chunk
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


class StoredIndex:
    """A loaded, read-only version: vectors in FAISS, metadata in memory, keywords in SQLite.

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
        self.articles = [
            Article(
                id=r[0],
                title=r[1],
                text=r[2],
                url=r[3],
                published=dt.date.fromisoformat(r[4]) if r[4] else None,
                author=r[5],
                section=r[6],
                source=r[7],
                origin=r[8] or "",
            )
            for r in db.execute(
                "SELECT id,title,text,url,published,author,section,source,origin FROM articles ORDER BY idx"
            )
        ]
        self.hashes = dict(db.execute("SELECT id, hash FROM articles"))
        self.by_id = {a.id: i for i, a in enumerate(self.articles)}
        rows = np.array(
            db.execute("SELECT article_idx, ordinal, start, end, tokens FROM chunks ORDER BY id").fetchall(),
            dtype=np.int64,
        ).reshape(-1, 5)
        self.chunk_article, self.chunk_ordinal, self.chunk_start, self.chunk_end, self.chunk_tokens = (
            np.ascontiguousarray(rows[:, i]) for i in range(5)
        )
        self.chunk_keys = [k for (k,) in db.execute("SELECT key FROM chunks ORDER BY id")]
        if self.faiss.ntotal != len(self.chunk_keys) or self.faiss.d != self.manifest.dim:
            raise IndexMismatch(
                f"{self.path}: {self.faiss.ntotal} vectors for {len(self.chunk_keys)} chunks; rebuild with --full"
            )

    def db(self) -> sqlite3.Connection:
        """This thread's read-only connection to the metadata and keyword index."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._db_uri, uri=True, check_same_thread=False)
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
        a = self.articles[int(self.chunk_article[chunk_id])]
        return a.text[int(self.chunk_start[chunk_id]) : int(self.chunk_end[chunk_id])]

    @functools.cached_property
    def _bounds(self) -> np.ndarray:
        # chunks are stored grouped by article, in article order: chunk ids of article i are bounds[i]..bounds[i+1]
        return np.searchsorted(self.chunk_article, np.arange(len(self.articles) + 1))

    def chunk_range(self, article: int) -> range:
        """Chunk ids of the article at position ``article``, in order."""
        return range(int(self._bounds[article]), int(self._bounds[article + 1]))

    def chunks_of(self, article_id: str) -> list[Chunk]:
        """The stored chunks of one article, in order (embed_text is not stored)."""
        a = self.articles[self.by_id[article_id]]
        return [
            Chunk(a.id, int(self.chunk_ordinal[i]), int(self.chunk_start[i]), int(self.chunk_end[i]),
                  self.chunk_text(i), int(self.chunk_tokens[i]), self.chunk_keys[i])
            for i in self.chunk_range(self.by_id[article_id])
        ]  # fmt: skip

    @functools.cached_property
    def matrix(self) -> np.ndarray:
        """All stored vectors as one read-only (chunks × dim) array, no copy: a view of the flat index's floats, or
        of the memory-mapped fp16 copy kept beside a compressed index."""
        return vector_matrix(self.faiss, self._raw)

    def vectors(self, chunk_ids: np.ndarray) -> np.ndarray:
        """Stored vectors of the given chunk ids (a copy)."""
        return np.array(self.matrix[chunk_ids], dtype=np.float32)

    def keyword_search(self, match: str, limit: int) -> list[tuple[int, float]]:
        """(chunk id, bm25 score — higher is better) for an FTS5 MATCH expression."""
        rows = (
            self.db()
            .execute(
                "SELECT rowid, -bm25(chunks_fts, 2.0, 1.0) FROM chunks_fts WHERE chunks_fts MATCH ? "
                "ORDER BY bm25(chunks_fts, 2.0, 1.0) LIMIT ?",
                (match, limit),
            )
            .fetchall()
        )
        return [(int(r), float(s)) for r, s in rows]
