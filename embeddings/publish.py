"""The writer of index versions: a new version is written whole under a temporary name, then made live by
one atomic rename of ``CURRENT`` (layout in ``embeddings/index_format.py``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from embeddings.index_format import FORMAT_VERSION, Manifest, current_version, next_version_name
from embeddings.keyword_build import PostingsWriter
from embeddings.keyword_engine import DIRECTORY as KEYWORD_DIRECTORY
from embeddings.keyword_engine import TantivyWriter
from embeddings.keywords import terms
from embeddings.records import Article, Chunk
from embeddings.sentence_table import SentenceTableWriter
from embeddings.vector_build import VectorBuilder, trained_to_reuse


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


_SCHEMA = """
CREATE TABLE articles (idx INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
  url TEXT, published TEXT, author TEXT, section TEXT, source TEXT, origin TEXT, hash TEXT NOT NULL);
CREATE TABLE chunks (id INTEGER PRIMARY KEY, article_idx INTEGER NOT NULL, ordinal INTEGER NOT NULL,
  start INTEGER NOT NULL, end INTEGER NOT NULL, tokens INTEGER NOT NULL, key TEXT NOT NULL);
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
    vector_index: str = "auto",
) -> Manifest:
    """Write a complete new version beside the live one, fsync it, then switch CURRENT to it by rename.

    For callers that already hold a whole (small) version, such as tests; both jobs stream through ``VersionWriter``.

    ``articles`` must be sorted by id and ``chunks`` grouped by article in that order, ``vectors[i]``
    belonging to ``chunks[i]``. A crash at any point leaves the previous version live.
    """
    if len(chunks) != len(vectors):
        raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
    dim = int(vectors.shape[1]) if vectors.ndim == 2 else 0
    row = 0
    with VersionWriter(
        index_dir, model=model, dim=dim, max_tokens=max_tokens, overlap=overlap, vector_index=vector_index
    ) as writer:
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
    Vectors are spooled to disk and the index (``vector_index``: a setting of ``embeddings/vector_index.py``) is
    built from them at the end; articles and chunks go to SQLite as they come, their terms to the keyword
    postings (``embeddings/keywords.py``) and the tantivy index that ranks them (``embeddings/keyword_engine.py``),
    their sentences and candidate answers to the sentence table (``embeddings/sentence_table.py``).
    """

    def __init__(
        self, index_dir: Path, *, model: str, dim: int, max_tokens: int, overlap: int, vector_index: str = "auto"
    ) -> None:
        self.index_dir, self.model, self.dim, self.max_tokens, self.overlap = index_dir, model, dim, max_tokens, overlap
        (index_dir / "versions").mkdir(parents=True, exist_ok=True)
        self.version = next_version_name(index_dir)
        self.tmp = index_dir / "versions" / f".{self.version}.{os.getpid()}.tmp"
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir()
        self._db = sqlite3.connect(self.tmp / "meta.sqlite")
        self._db.executescript(_SCHEMA)
        reuse = trained_to_reuse(index_dir, model=model, dim=dim, max_tokens=max_tokens, overlap=overlap)
        self._vectors = VectorBuilder(self.tmp, dim, vector_index, reuse=reuse)
        self._postings = PostingsWriter(scratch=self.tmp / ".postings-runs")  # removed once merged
        self._ranker = TantivyWriter(self.tmp / KEYWORD_DIRECTORY)
        self._sentences = SentenceTableWriter()
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
        title_terms, day = terms(article.title), article.published.toordinal() if article.published else -1
        for c in chunks:
            body_terms = terms(c.text)
            self._postings.add_terms(title_terms, body_terms)
            self._ranker.add(title_terms, body_terms, day)
        self._sentences.add(article.text)
        self._vectors.add(vectors)
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
            self._vectors.abandon()
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        self._finish()

    def _finish(self) -> None:
        self._db.commit()
        self._db.close()
        built = self._vectors.finish()
        self._postings.write(self.tmp)
        self._ranker.finish()
        self._sentences.write(self.tmp)
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
            vector_index=built.kind,
        )
        (self.tmp / "manifest.json").write_text(json.dumps(asdict(self.manifest), indent=2), encoding="utf-8")
        for folder in (self.tmp, self.tmp / KEYWORD_DIRECTORY):
            for f in folder.iterdir():
                if f.is_file():
                    _fsync_file(f)
            _fsync_dir(folder)
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
