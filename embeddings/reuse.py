"""Where a new version's vectors come from, for both engines: the live version or the staging checkpoint, by key.

An unchanged article (same id and content hash: not in the run's ``Diff.todo``) keeps its live chunks and their
vector rows; a chunk of a new or changed article takes the vector of its key from the checkpoint or the live
version, and only a key neither holds is embedded. Live vectors are read a few rows at a time from the version's
memory-mapped vectors (``StoredIndex.vectors``), never as the whole matrix, so an incremental run costs memory in
what it writes, not in the size of the index.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from embeddings.publish import VersionWriter
from embeddings.records import Article, Chunk
from embeddings.staging import StagedVectors
from embeddings.store import StoredIndex


class Reuse:
    """The vectors that exist: the live version ``old`` (None on a full build) and the checkpoint ``staged``."""

    def __init__(self, old: StoredIndex | None, staged: StagedVectors) -> None:
        self.old, self.staged = old, staged
        self._old_row: dict[str, int] | None = None

    @property
    def old_row(self) -> dict[str, int]:
        """Chunk key → row in the live version (built on first use: a run that changes nothing needs none)."""
        if self._old_row is None:
            self._old_row = {}
            for i, k in enumerate(self.old.chunk_keys if self.old is not None else []):
                self._old_row.setdefault(k, i)  # a repeated key: its first row
        return self._old_row

    def missing(self, chunks: Sequence[Chunk]) -> list[Chunk]:
        """The chunks whose key has no vector yet, each key once."""
        out: dict[str, Chunk] = {}
        for c in chunks:
            if c.key not in self.staged and c.key not in self.old_row:
                out.setdefault(c.key, c)
        return list(out.values())

    def vectors(self, keys: Sequence[str]) -> np.ndarray:
        """The vector of every key (checkpoint first, then the live version), one row each."""
        out = np.empty((len(keys), self.staged.dim), dtype=np.float32)
        staged = [i for i, k in enumerate(keys) if k in self.staged]
        if staged:
            out[staged] = self.staged.get([keys[i] for i in staged])
        live = [i for i, k in enumerate(keys) if k not in self.staged]
        if live and self.old is not None:
            out[live] = self.old.vectors(np.array([self.old_row[keys[i]] for i in live], dtype=np.int64))
        elif live:
            raise KeyError(f"no vector for chunk key {keys[live[0]]!r}")
        return out

    def write(self, writer: VersionWriter, article: Article, chunks: Sequence[Chunk] | None) -> None:
        """Add ``article`` to ``writer``: with ``chunks``, whose vectors must all exist by now; or when ``chunks``
        is None (it is unchanged), keep it where it is when the writer appends to the live version, else add it
        with its live chunks and vectors."""
        if chunks is None:
            assert self.old is not None, "an unchanged article comes from the live version"
            if writer.base is not None:
                writer.keep(article.id)
                return
            rows = self.old.chunk_range(self.old.by_id[article.id])
            vectors = self.old.vectors(np.arange(rows.start, rows.stop))
            writer.add(article, self.old.chunks_of(article.id), vectors, self.old.stored_sentences(article.id))
        else:
            writer.add(article, chunks, self.vectors([c.key for c in chunks]))
