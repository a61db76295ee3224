"""The writer of index versions: a new version (a full build's one segment, or the live version's segments and
one more) is written under temporary names, then made live by one atomic rename of ``CURRENT`` (layout in
``embeddings/index_format.py``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from archive_chat.errors import ArchiveChatError
from embeddings.durable import atomic_write_text, fsync_dir, fsync_tree
from embeddings.index_format import (
    DELETED_FILE,
    FORMAT_VERSION,
    Manifest,
    SegmentRef,
    current_version,
    next_segment_name,
    next_version_name,
    read_manifest,
)
from embeddings.keyword_engine import DIRECTORY as KEYWORD_DIRECTORY
from embeddings.keyword_engine import TantivyWriter
from embeddings.segment_writer import SegmentWriter
from embeddings.vector_build import trained_to_reuse
from embeddings.vector_index import AUTO_FLAT_BELOW

if TYPE_CHECKING:
    from embeddings.pieces import PieceTokenizer
    from embeddings.records import Article, Chunk
    from embeddings.sentence_table import SentenceTable
    from embeddings.store import StoredIndex


def version_hash(model: str, dim: int, max_tokens: int, overlap: int, digests: Iterable[str]) -> str:
    """A version's content hash: the settings and the sum of its live articles' digests (``article_digest``).

    A sum does not depend on the order the articles were written in or on which segment holds them: two versions
    holding the same chunks hash equal, whether built clean or appended to.
    """
    total = sum(int(d, 16) for d in digests) % (1 << 256)
    return hashlib.sha256(f"{model}\x00{dim}\x00{max_tokens}\x00{overlap}\n{total:064x}\n".encode()).hexdigest()


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

    Both engines publish through it: ``add`` each new or changed article (in id order) with its chunks and their
    vectors, and either ``add`` or ``keep`` each unchanged one. Leaving the ``with`` block without an exception
    fsyncs the version and switches CURRENT to it (one atomic rename); an exception leaves the previous version
    live and removes the temporaries.

    Without ``base`` the version is one new segment holding every article (a full build, or a compaction).
    With ``base`` (the live version, format 2) it is ``base``'s segments plus one new segment holding the articles
    added; ``keep`` marks an unchanged article of ``base``, and every live article of ``base`` neither kept nor
    added again is deleted (its chunks become tombstones). The segment's files are written by ``SegmentWriter``;
    the version's tantivy index continues ``base``'s (``embeddings/keyword_engine.py``).
    """

    def __init__(
        self,
        index_dir: Path,
        *,
        model: str,
        dim: int,
        max_tokens: int,
        overlap: int,
        vector_index: str = "auto",
        base: StoredIndex | None = None,
        pieces: PieceTokenizer | None = None,
    ) -> None:
        self.index_dir, self.model, self.dim, self.max_tokens, self.overlap = index_dir, model, dim, max_tokens, overlap
        self.base = base
        (index_dir / "versions").mkdir(parents=True, exist_ok=True)
        (index_dir / "segments").mkdir(parents=True, exist_ok=True)
        self.version, self.segment = next_version_name(index_dir), next_segment_name(index_dir)
        self.tmp = index_dir / "versions" / f".{self.version}.{os.getpid()}.tmp"
        self._segment_tmp = index_dir / "segments" / f".{self.segment}.{os.getpid()}.tmp"
        for folder in (self.tmp, self._segment_tmp):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
        kept_from = None if base is None else base.path / KEYWORD_DIRECTORY
        sizes = {} if base is None else {"chunks": int(base.chunk_base[-1]), "articles": len(base.articles)}
        self._ranker = TantivyWriter(self.tmp / KEYWORD_DIRECTORY, kept_from, **sizes)
        reuse = trained_to_reuse(index_dir, model=model, dim=dim, max_tokens=max_tokens, overlap=overlap)
        # an appended segment below auto's threshold is exact, whatever the setting: as cheap to search as any, and
        # too small to train an IVF index well
        exact_below = AUTO_FLAT_BELOW if base is not None else 0
        self._writer = SegmentWriter(
            self._segment_tmp, dim, vector_index, self._ranker, reuse=reuse, exact_below=exact_below, pieces=pieces
        )
        self._kept: set[str] = set()
        self.manifest: Manifest

    def add(
        self,
        article: Article,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        sentences: tuple[SentenceTable, int] | None = None,
    ) -> None:
        """Append one article, its chunks in order and one vector per chunk (``sentences``: see
        ``SegmentWriter.add``)."""
        self._writer.add(article, chunks, vectors, sentences)

    def keep(self, article_id: str) -> None:
        """Keep the live article ``article_id`` of ``base`` as it is (appending versions only)."""
        if self.base is None:
            raise ValueError("keep: this version is written whole; add every article")
        self._kept.add(article_id)

    def __enter__(self) -> VersionWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            self._abandon()
            return
        try:
            self._finish()
        except BaseException:
            self._abandon()
            raise

    def _abandon(self) -> None:
        self._writer.abandon()
        shutil.rmtree(self.tmp, ignore_errors=True)
        shutil.rmtree(self._segment_tmp, ignore_errors=True)

    def _deleted(self) -> np.ndarray:
        """The sorted numbers of ``base``'s articles this version deletes: those it deleted, and its live articles
        that were neither kept nor written again (replaced or removed)."""
        if self.base is None:
            return np.zeros(0, dtype=np.int64)
        gone = np.array([i for a, i in self.base.by_id.items() if a not in self._kept], dtype=np.int64)
        return np.union1d(self.base.deleted, gone).astype(np.int64)

    def _live_base(self, deleted: np.ndarray) -> tuple[list[str], list[str], int]:
        """Digests and dates of ``base``'s articles that stay live, and the count of their chunks."""
        if self.base is None:
            return [], [], 0
        digests, dates, chunks = [], [], 0
        for seg, lo in zip(self.base.segments, self.base.article_base, strict=False):
            dead = set((deleted[(deleted >= lo) & (deleted < lo + len(seg.headers))] - lo).tolist())
            for row, (a, digest) in enumerate(zip(seg.headers, seg.column("digest"), strict=True)):
                if row not in dead:
                    digests.append(digest)
                    dates += [a.published.isoformat()] if a.published else []
                    chunks += int(seg.bounds[row + 1] - seg.bounds[row])
        return digests, dates, chunks

    def _finish(self) -> None:
        if self.base is not None and current_version(self.index_dir) != self.base.version:
            raise RuntimeError(  # only a writer outside ``write_lock`` can get here
                f"{self.index_dir}: version {current_version(self.index_dir)} was published while this run appended "
                f"to {self.base.version}; nothing published, run again"
            )
        written = self._writer.finish()
        deleted = self._deleted()
        if self.base is not None:
            self._ranker.delete(np.setdiff1d(deleted, self.base.deleted).tolist())  # those this version deletes
        self._ranker.finish()
        digests, dates, chunks = self._live_base(deleted)
        base_refs = self.base.manifest.segments if self.base is not None else ()
        new = (SegmentRef(self.segment, written.articles, written.chunks, written.vector_index),)
        refs = base_refs + (new if written.articles or not base_refs else ())
        if len(deleted):
            np.save(self.tmp / DELETED_FILE, deleted)
        self.manifest = Manifest(
            format_version=FORMAT_VERSION,
            version=self.version,
            model=self.model,
            dim=self.dim,
            max_tokens=self.max_tokens,
            overlap=self.overlap,
            articles=len(digests) + written.articles,
            chunks=chunks + written.chunks,
            created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            date_min=min(dates + written.dates, default=None),
            date_max=max(dates + written.dates, default=None),
            content_hash=version_hash(self.model, self.dim, self.max_tokens, self.overlap, digests + written.digests),
            vector_index=refs[0].vector_index,
            segments=refs,
            deleted=len(deleted),
        )
        (self.tmp / "manifest.json").write_text(json.dumps(asdict(self.manifest), indent=2), encoding="utf-8")
        fsync_tree(self._segment_tmp, self.tmp, self.tmp / KEYWORD_DIRECTORY)
        if refs[-1].name == self.segment:
            os.rename(self._segment_tmp, self.index_dir / "segments" / self.segment)
            fsync_dir(self.index_dir / "segments")
        else:  # nothing added: the version only deletes
            shutil.rmtree(self._segment_tmp, ignore_errors=True)
        os.rename(self.tmp, self.index_dir / "versions" / self.version)
        fsync_dir(self.index_dir / "versions")
        previous = current_version(self.index_dir)
        atomic_write_text(self.index_dir / "CURRENT", self.version + "\n")  # the switch
        _collect_garbage(self.index_dir, live=self.version, previous=previous)


def _collect_garbage(index_dir: Path, *, live: str, previous: str | None) -> None:
    """Remove unfinished temporaries, every version older than the one that was live before ``live``, and every
    segment neither of the two reads (unless newer than the newest of theirs: that may be a running job's).

    The previously live version stays (a reader may still be finishing on it), even when a crashed run
    left a complete but never-live version between the two.
    """
    versions, segments = index_dir / "versions", index_dir / "segments"
    for tmp in [*versions.glob(".v*.tmp"), *segments.glob(".s*.tmp")]:
        shutil.rmtree(tmp, ignore_errors=True)
    floor = previous or live
    for old in versions.glob("v[0-9]*"):
        if old.name < floor and old.name not in (live, previous):
            shutil.rmtree(old, ignore_errors=True)
    read: set[str] = set()
    for name in {live, previous} - {None}:
        try:
            read |= {ref.name for ref in read_manifest(index_dir, name).segments}
        except ArchiveChatError:  # a previous version that cannot be read keeps nothing alive
            continue
    newest = max(read, default="")
    for old in segments.glob("s[0-9]*"):
        if old.name not in read and old.name < newest:
            shutil.rmtree(old, ignore_errors=True)
