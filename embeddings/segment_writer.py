"""The writer of one segment: an article at a time into SQLite, the vector builder, the keyword postings, the
sentence table, and (through the version's ``TantivyWriter``) the version's bm25 index."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from embeddings.keyword_build import PostingsWriter
from embeddings.keyword_engine import TantivyWriter
from embeddings.pieces import PieceTokenizer
from embeddings.records import Article, Chunk
from embeddings.sentence_table import SentenceTable, SentenceTableWriter
from embeddings.terms import name_terms, terms
from embeddings.vector_build import VectorBuilder

_SCHEMA = """
CREATE TABLE articles (idx INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
  url TEXT, published TEXT, author TEXT, section TEXT, source TEXT, origin TEXT, hash TEXT NOT NULL,
  digest TEXT NOT NULL);
CREATE TABLE chunks (id INTEGER PRIMARY KEY, article_idx INTEGER NOT NULL, ordinal INTEGER NOT NULL,
  start INTEGER NOT NULL, end INTEGER NOT NULL, tokens INTEGER NOT NULL, key TEXT NOT NULL);
"""


def article_digest(article: Article, chunks: Sequence[Chunk]) -> str:
    """sha256 over an article's id, content hash and every chunk's (ordinal, offsets, tokens, key). Vectors are
    not hashed (float noise between machines); a chunk's key and the model determine its vector."""
    h = hashlib.sha256(f"{article.id}\x00{article.content_hash}\n".encode())
    for c in chunks:
        h.update(f"{c.ordinal}\x00{c.start}\x00{c.end}\x00{c.tokens}\x00{c.key}\n".encode())
    return h.hexdigest()


@dataclass(slots=True)
class Written:
    """What a segment holds once finished."""

    articles: int = 0
    chunks: int = 0
    vector_index: str = "flat"
    digests: list[str] = field(default_factory=list)  # each article's ``article_digest``, in row order
    dates: list[str] = field(default_factory=list)  # the articles' dates (ISO), undated ones left out


class SegmentWriter:
    """Streams one segment into ``folder``: ``add`` each article in id order, then ``finish`` (or ``abandon``).

    Vectors are spooled to disk and the index (``vector_index``: a setting of ``embeddings/vector_index.py``; flat
    below ``exact_below`` vectors) is built from them at the end; articles and chunks go to SQLite as they come,
    their terms to the keyword postings (``embeddings/keywords.py``) and to ``ranker``, their sentences and
    candidate answers to the sentence table (``embeddings/sentence_table.py``).
    """

    def __init__(
        self,
        folder: Path,
        dim: int,
        vector_index: str,
        ranker: TantivyWriter,
        *,
        reuse: Path | None = None,
        exact_below: int = 0,
        pieces: PieceTokenizer | None = None,
    ) -> None:
        self.folder, self._ranker = folder, ranker
        self._db = sqlite3.connect(folder / "meta.sqlite")
        self._db.executescript(_SCHEMA)
        self._vectors = VectorBuilder(folder, dim, vector_index, reuse=reuse, exact_below=exact_below)
        self._postings = PostingsWriter(scratch=folder / ".postings-runs")  # removed once merged
        self._sentences = SentenceTableWriter(pieces)
        self.written = Written()
        self._last_id: str | None = None

    def add(
        self,
        article: Article,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        sentences: tuple[SentenceTable, int] | None = None,
    ) -> None:
        """Append one article, its chunks in order and one vector per chunk; ``sentences``: a stored table and the
        article's row there, to copy its sentences from instead of finding them again."""
        if self._last_id is not None and article.id <= self._last_id:
            raise ValueError(f"articles must come in id order: {article.id!r} after {self._last_id!r}")
        if len(chunks) != len(vectors) or any(c.article_id != article.id for c in chunks):
            raise ValueError(f"{article.id!r}: {len(chunks)} chunks of this article need as many vectors")
        w = self.written
        idx, first = w.articles, w.chunks
        published = article.published.isoformat() if article.published else None
        digest = article_digest(article, chunks)
        self._db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (idx, article.id, article.title, article.text, article.url, published, article.author,
             article.section, article.source, article.origin, article.content_hash, digest),
        )  # fmt: skip
        self._db.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?)",
            [(first + i, idx, c.ordinal, c.start, c.end, c.tokens, c.key) for i, c in enumerate(chunks)],
        )
        title_terms, day = terms(article.title), article.published.toordinal() if article.published else -1
        for c in chunks:
            body_terms, names = terms(c.text), name_terms(c.text)
            self._postings.add_terms(title_terms, body_terms, names)
            self._ranker.add(title_terms, body_terms, day, idx, names)
        if sentences is None:
            self._sentences.add(article.text)
        else:
            self._sentences.copy(*sentences, article.text)
        self._vectors.add(vectors)
        w.digests.append(digest)
        if published:
            w.dates.append(published)
        w.articles, w.chunks, self._last_id = idx + 1, first + len(chunks), article.id

    def abandon(self) -> None:
        """Stop writing (the caller removes the folder); after ``finish`` too."""
        self._db.close()
        self._vectors.abandon()

    def finish(self) -> Written:
        """Commit the metadata, build the vector index, write the postings and the sentence table."""
        self._db.commit()
        self._db.close()
        self.written.vector_index = self._vectors.finish().kind
        self._postings.write(self.folder)
        self._sentences.write(self.folder)
        return self.written
