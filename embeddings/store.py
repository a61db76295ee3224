"""The index on disk: versioned, published atomically, checked on load.

Layout of an index directory::

    CURRENT                  name of the live version, replaced by rename (the publish switch)
    versions/v000007/        one complete, immutable version
        manifest.json        format version, model, dimension, chunker settings, counts, hashes
        vectors.faiss        L2-normalised float32 vectors, row i = chunk id i (inner product = cosine)
        meta.sqlite          articles, chunks (offsets into article text) and chunks_fts (FTS5, bm25)
    staging/                 vectors of an unfinished run, reused by the next run after a crash

The keyword side is SQLite FTS5: it ships with Python (no extra dependency), lives in the same file and
transaction as the metadata (so they can never disagree), answers bm25 queries from disk in milliseconds,
and can be joined with date and source columns.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from archive_chat.errors import IndexMismatch, IndexMissing
from embeddings.records import Article, Chunk

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a version holds and how it was made; compared before reuse and on load."""

    format_version: int
    version: str
    model: str
    dim: int
    max_tokens: int
    overlap: int
    articles: int
    chunks: int
    created: str
    date_min: str | None
    date_max: str | None
    # sha256 over the model, chunker settings, every article's (id, content hash) and every chunk's (ordinal,
    # offsets, tokens, key): equal for two versions holding the same chunks. Vectors are not hashed (float noise
    # between machines); a chunk's key and the model determine its vector.
    content_hash: str

    @property
    def precision(self) -> str:
        """ "int8" when the vectors come from the quantized model (its fingerprint ends in ``#int8``), else "fp32"."""
        return self.model.partition("#")[2] or "fp32"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old content or the new, never a torn file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def current_version(index_dir: Path) -> str | None:
    """Name of the published version, or None when nothing was ever published."""
    try:
        name = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def read_manifest(index_dir: Path, version: str | None = None) -> Manifest:
    """The manifest of ``version`` (default: the live one); checks the format version."""
    version = version or current_version(index_dir)
    if version is None:
        raise IndexMissing(f"no index at {index_dir}: run `archive-chat index --index {index_dir}` first")
    path = index_dir / "versions" / version / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise IndexMissing(f"{path}: unreadable manifest ({e}); rebuild with `archive-chat index --full`") from e
    if data.get("format_version") != FORMAT_VERSION:
        raise IndexMismatch(
            f"{path}: index format {data.get('format_version')} but this archive-chat reads format "
            f"{FORMAT_VERSION}; rebuild with `archive-chat index --full --index {index_dir}`"
        )
    return Manifest(**data)


def model_mismatch(manifest: Manifest, model: str, dim: int | None = None) -> str | None:
    """Why an index embedded as ``manifest`` says cannot be searched with ``model`` (a fingerprint, see
    ``model_fingerprint``) of ``dim`` dimensions; None when it can. ``dim=None`` compares the model only.

    >>> m = Manifest(1, "v000001", "a@10", 384, 256, 0, 1, 1, "", None, None, "")
    >>> model_mismatch(m, "a@10", 384) is None, model_mismatch(m, "b", 768) is not None
    (True, True)
    """
    if manifest.model == model and (dim is None or manifest.dim == dim):
        return None
    stored, _, precision = manifest.model.partition("#")
    stored = stored.rsplit("@", 1)[0]
    configured = f"{model} ({dim} dimensions)" if dim is not None else model
    return (
        f"index version {manifest.version} was embedded with model {manifest.model} ({manifest.dim} dimensions), "
        f"but the configured model is {configured}: re-index with `archive-chat index --full`, "
        f"or set ARCHIVE_CHAT_MODEL={stored} ARCHIVE_CHAT_PRECISION={precision or 'fp32'} to use this index"
    )


def check_fits(index_dir: Path, manifest: Manifest, model: str, dim: int | None = None) -> None:
    """Raise ``IndexMismatch`` unless ``model`` (of ``dim`` dimensions) is the one the index was embedded with."""
    problem = model_mismatch(manifest, model, dim)
    if problem is not None:
        raise IndexMismatch(f"{index_dir}: {problem}")


def next_version_name(index_dir: Path) -> str:
    """v000001, v000002, … — one past every version directory present."""
    versions = index_dir / "versions"
    nums = [int(p.name[1:]) for p in versions.glob("v[0-9]*")] if versions.exists() else []
    return f"v{max(nums, default=0) + 1:06d}"


_SCHEMA = """
CREATE TABLE articles (idx INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
  url TEXT, published TEXT, author TEXT, section TEXT, source TEXT, origin TEXT, hash TEXT NOT NULL);
CREATE TABLE chunks (id INTEGER PRIMARY KEY, article_idx INTEGER NOT NULL, ordinal INTEGER NOT NULL,
  start INTEGER NOT NULL, end INTEGER NOT NULL, tokens INTEGER NOT NULL, key TEXT NOT NULL);
CREATE VIRTUAL TABLE chunks_fts USING fts5(title, body, content='', tokenize='porter unicode61 remove_diacritics 2');
"""


def publish(
    index_dir: Path,
    articles: Sequence[Article],
    chunks: Sequence[Chunk],
    vectors: np.ndarray,
    *,
    model: str,
    max_tokens: int,
    overlap: int,
) -> Manifest:
    """Write a complete new version beside the live one, fsync it, then switch CURRENT to it by rename.

    ``articles`` must be sorted by id and ``chunks`` grouped by article in that order, ``vectors[i]``
    belonging to ``chunks[i]``. A crash at any point leaves the previous version live.
    """
    if len(chunks) != len(vectors):
        raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
    dim = int(vectors.shape[1]) if vectors.ndim == 2 else 0
    row = 0
    with VersionWriter(index_dir, model=model, dim=dim, max_tokens=max_tokens, overlap=overlap) as writer:
        for a in articles:
            n = 0
            while row + n < len(chunks) and chunks[row + n].article_id == a.id:
                n += 1
            writer.add(a, chunks[row : row + n], vectors[row : row + n])
            row += n
    if row != len(chunks):
        raise ValueError(f"chunk {row} ({chunks[row].article_id!r}) is not grouped under its article in id order")
    return writer.manifest


class VersionWriter:
    """Streams one new version to disk, an article at a time, and publishes it on a clean exit.

    Both engines publish through it: ``add`` each article (in id order) with its chunks and their vectors;
    leaving the ``with`` block without an exception fsyncs the version and switches CURRENT to it (the same
    atomic rename as always); an exception leaves the previous version live and removes the temporary.
    Only FAISS's flat index holds every vector (it is the format); articles and chunks go to SQLite as they come.
    """

    def __init__(self, index_dir: Path, *, model: str, dim: int, max_tokens: int, overlap: int) -> None:
        self.index_dir, self.model, self.dim, self.max_tokens, self.overlap = index_dir, model, dim, max_tokens, overlap
        (index_dir / "versions").mkdir(parents=True, exist_ok=True)
        self.version = next_version_name(index_dir)
        self.tmp = index_dir / "versions" / f".{self.version}.{os.getpid()}.tmp"
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir()
        self._db = sqlite3.connect(self.tmp / "meta.sqlite")
        self._db.executescript(_SCHEMA)
        self._flat = faiss.IndexFlatIP(dim)
        self._hash = hashlib.sha256(f"{model}\x00{dim}\x00{max_tokens}\x00{overlap}\n".encode())
        self._articles = self._chunks = 0
        self._dates: list[str] = []
        self._last_id: str | None = None
        self.manifest: Manifest

    def add(self, article: Article, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Append one article, its chunks in order and one vector per chunk."""
        if self._last_id is not None and article.id <= self._last_id:
            raise ValueError(f"articles must come in id order: {article.id!r} after {self._last_id!r}")
        if len(chunks) != len(vectors) or any(c.article_id != article.id for c in chunks):
            raise ValueError(f"{article.id!r}: {len(chunks)} chunks of this article need as many vectors")
        idx, first = self._articles, self._chunks
        published = article.published.isoformat() if article.published else None
        self._db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (idx, article.id, article.title, article.text, article.url, published, article.author,
             article.section, article.source, article.origin, article.content_hash),
        )  # fmt: skip
        self._db.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?)",
            [(first + i, idx, c.ordinal, c.start, c.end, c.tokens, c.key) for i, c in enumerate(chunks)],
        )
        self._db.executemany(
            "INSERT INTO chunks_fts (rowid, title, body) VALUES (?,?,?)",
            [(first + i, article.title, c.text) for i, c in enumerate(chunks)],
        )
        if len(chunks):
            self._flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self._hash.update(f"{article.id}\x00{article.content_hash}\n".encode())
        for c in chunks:
            self._hash.update(f"{c.ordinal}\x00{c.start}\x00{c.end}\x00{c.tokens}\x00{c.key}\n".encode())
        if published:
            self._dates.append(published)
        self._articles, self._chunks, self._last_id = idx + 1, first + len(chunks), article.id

    def __enter__(self) -> VersionWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            self._db.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        self._finish()

    def _finish(self) -> None:
        self._db.commit()
        self._db.close()
        faiss.write_index(self._flat, str(self.tmp / "vectors.faiss"))
        self.manifest = Manifest(
            format_version=FORMAT_VERSION,
            version=self.version,
            model=self.model,
            dim=self.dim,
            max_tokens=self.max_tokens,
            overlap=self.overlap,
            articles=self._articles,
            chunks=self._chunks,
            created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            date_min=min(self._dates, default=None),
            date_max=max(self._dates, default=None),
            content_hash=self._hash.hexdigest(),
        )
        (self.tmp / "manifest.json").write_text(json.dumps(asdict(self.manifest), indent=2), encoding="utf-8")
        for f in self.tmp.iterdir():
            _fsync_file(f)
        _fsync_dir(self.tmp)
        os.rename(self.tmp, self.index_dir / "versions" / self.version)
        _fsync_dir(self.index_dir / "versions")
        previous = current_version(self.index_dir)
        atomic_write_text(self.index_dir / "CURRENT", self.version + "\n")  # the switch
        _collect_garbage(self.index_dir, live=self.version, previous=previous)


def _collect_garbage(index_dir: Path, *, live: str, previous: str | None) -> None:
    """Remove unfinished temporaries and every version older than the one that was live before ``live``.

    The previously live version stays (a reader may still be finishing on it), even when a crashed run
    left a complete but never-live version between the two.
    """
    versions = index_dir / "versions"
    for tmp in versions.glob(".v*.tmp"):
        shutil.rmtree(tmp, ignore_errors=True)
    floor = previous or live
    for old in versions.glob("v[0-9]*"):
        if old.name < floor and old.name not in (live, previous):
            shutil.rmtree(old, ignore_errors=True)


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
            self.faiss = faiss.read_index(str(self.path / "vectors.faiss"), faiss.IO_FLAG_MMAP_IFC)
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
        """All stored vectors as one read-only (chunks × dim) array: a view of FAISS's own storage, no copy."""
        n, d = self.faiss.ntotal, self.faiss.d
        if n == 0:
            return np.zeros((0, d), dtype=np.float32)
        flat = faiss.downcast_index(self.faiss)  # an IndexFlatIP: its vectors live in one float array
        view = faiss.rev_swig_ptr(flat.get_xb(), n * d).reshape(n, d)  # type: ignore[attr-defined]
        view.flags.writeable = False
        return view

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
