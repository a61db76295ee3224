"""One segment of an index, read side: its vectors, articles, chunks, postings and sentences, numbered from 0.

A segment is immutable once written (``embeddings/publish.py`` writes it) and may be shared by many versions;
``embeddings/store.py`` reads a version's segments in order and numbers their rows globally. A format-1 version
directory is read as a segment too.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import threading
from pathlib import Path
from typing import Literal

import numpy as np

from archive_chat.errors import IndexMismatch, IndexMissing
from embeddings.keyword_build import PostingsWriter
from embeddings.keywords import Postings
from embeddings.records import Article, Chunk
from embeddings.sentence_table import SentenceTable
from embeddings.terms import terms
from embeddings.vector_index import load as load_vectors
from embeddings.vector_index import matrix as vector_matrix

SQLITE_MMAP_BYTES = 1 << 40  # map the whole metadata file, whatever its size
SQLITE_CACHE_KIB = 256


class Segment:
    """A loaded, read-only segment: vectors in FAISS, postings and sentences memory-mapped, metadata in SQLite and
    memory (headers without text, and the chunks' offsets as arrays).

    It owns the SQLite connections it opens (one per thread that reads it): ``close()``. Versions that share it
    (``StoredIndex(..., share=...)``) hold it by ``acquire`` and ``release``; the last ``release`` closes it.
    """

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        try:
            # memory-mapped, read-only: server processes on one host share the page cache's one copy
            self.faiss, self._raw = load_vectors(path)
        except RuntimeError as e:
            raise IndexMissing(f"{path}/vectors.faiss: unreadable ({e}); rebuild with --full") from e
        self._db_uri = f"file:{path / 'meta.sqlite'}?mode=ro"
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._holders = 1
        try:
            self._read(self.db(), dim)
        except BaseException:
            self.close()
            raise

    def _read(self, db: sqlite3.Connection, dim: int) -> None:
        self.headers = [
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
        rows = np.array(
            db.execute("SELECT article_idx, ordinal, start, end, tokens FROM chunks ORDER BY id").fetchall(),
            dtype=np.int64,
        ).reshape(-1, 5)
        self.chunk_article, self.chunk_ordinal, self.chunk_start, self.chunk_end, self.chunk_tokens = (
            np.ascontiguousarray(rows[:, i]) for i in range(5)
        )
        if self.faiss.ntotal != len(self.chunk_article) or self.faiss.d != dim:
            raise IndexMismatch(
                f"{self.path}: {self.faiss.ntotal} vectors for {len(self.chunk_article)} chunks; rebuild with --full"
            )
        # chunks are stored grouped by article, in article order: chunks of article i are bounds[i]..bounds[i+1]
        self.bounds = np.searchsorted(self.chunk_article, np.arange(len(self.headers) + 1))
        self.postings = self._postings()
        self.sentences = SentenceTable.load(self.path, len(self.headers))

    def db(self) -> sqlite3.Connection:
        """This thread's read-only connection to the segment's metadata."""
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

    def acquire(self) -> Segment:
        """One more version reads this segment."""
        with self._connections_lock:
            self._holders += 1
        return self

    def release(self) -> None:
        """One version fewer reads this segment: the last one closes its connections."""
        with self._connections_lock:
            self._holders = max(0, self._holders - 1)
            last = self._holders == 0
        if last:
            self.close()

    @property
    def held(self) -> bool:
        """Whether an open version still reads this segment."""
        return self._holders > 0

    def close(self) -> None:
        """Close the connections of every thread; the metadata in memory stays readable, and a query opens them
        again."""
        with self._connections_lock:
            connections, self._connections = self._connections, []
            self._local = threading.local()
        for conn in connections:
            conn.close()

    def text(self, article: int) -> str:
        """The text of the segment's article ``article``, read from SQLite."""
        row = self.db().execute("SELECT text FROM articles WHERE idx = ?", (article,)).fetchone()
        return str(row[0])

    def keys(self, lo: int = 0, hi: int | None = None) -> list[str]:
        """The keys of chunks ``lo``..``hi - 1`` (default: all), in order."""
        hi = len(self.chunk_article) if hi is None else hi
        rows = self.db().execute("SELECT key FROM chunks WHERE id >= ? AND id < ? ORDER BY id", (lo, hi))
        return [k for (k,) in rows]

    def column(self, name: Literal["hash", "digest"]) -> list[str]:
        """Each article's content ``hash`` or ``digest`` (its id, content hash and chunks:
        ``segment_writer.article_digest``), by row."""
        return [v for (v,) in self.db().execute(f"SELECT {name} FROM articles ORDER BY idx")]

    def chunks_of(self, article: int, text: str) -> list[Chunk]:
        """The stored chunks of the segment's article ``article`` (whose text is ``text``), in order."""
        lo, hi = int(self.bounds[article]), int(self.bounds[article + 1])
        a = self.headers[article].id
        return [
            Chunk(a, int(self.chunk_ordinal[i]), int(self.chunk_start[i]), int(self.chunk_end[i]),
                  text[int(self.chunk_start[i]) : int(self.chunk_end[i])], int(self.chunk_tokens[i]), key)
            for i, key in zip(range(lo, hi), self.keys(lo, hi), strict=True)
        ]  # fmt: skip

    @functools.cached_property
    def matrix(self) -> np.ndarray:
        """The segment's vectors as one read-only (chunks × dim) array, no copy: a view of the flat index's floats,
        or of the memory-mapped fp16 copy kept beside a compressed index."""
        return vector_matrix(self.faiss, self._raw)

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
        return self.built_postings()

    def built_postings(self) -> Postings:
        """Postings built in memory from the stored chunks, with the counts to rank from."""
        writer = PostingsWriter()
        for i, a in enumerate(self.headers):
            title_terms, text = terms(a.title), self.text(i)
            for c in range(int(self.bounds[i]), int(self.bounds[i + 1])):
                writer.add(title_terms, text[int(self.chunk_start[c]) : int(self.chunk_end[c])])
        return writer.postings()
