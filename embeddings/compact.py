"""Compaction: the live version's live articles written again as one segment, without its tombstones.

The new version holds what a clean build of the same archive holds, numbered as a clean build numbers it
(articles in id order), so its content hash, rows, vectors, keyword ranking and sentence table equal a clean
build's (tested). No vector is re-embedded and no sentence found again: each is read from the segment that holds
it. Index kind and quantizer follow the setting,
as in any run (an IVF quantizer trained for the same model is reused).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings.durable import write_lock
from embeddings.pieces import PieceTokenizer
from embeddings.publish import VersionWriter
from embeddings.store import StoredIndex, read_manifest
from embeddings.vector_index import resolve_kind


@dataclass(frozen=True, slots=True)
class CompactReport:
    """What one compaction did; printed by ``archive-chat compact`` (``--json``: these fields)."""

    version: str
    published: bool
    segments_before: int
    deleted_before: int
    articles: int
    chunks: int
    seconds: float


def compact(
    index_dir: Path, vector_index: str = "auto", *, force: bool = False, pieces: PieceTokenizer | None = None
) -> CompactReport:
    """Write the live version of ``index_dir`` as one segment and publish it; a version that already is one
    segment with nothing deleted, of the kind ``vector_index`` asks for, is left as it is unless ``force``.
    ``pieces``: the model's tokenizer, for the sentence table's word pieces (copied where a segment has them)."""
    t0 = time.perf_counter()
    read_manifest(index_dir)  # no index there: say so before the lock makes the folder
    with write_lock(index_dir), StoredIndex(index_dir) as live:
        m = live.manifest
        before = (len(m.segments) or 1, m.deleted)
        whole = before == (1, 0) and bool(m.segments) and m.vector_index == resolve_kind(vector_index, m.chunks)
        if whole and not force:
            return CompactReport(m.version, False, *before, m.articles, m.chunks, time.perf_counter() - t0)
        with VersionWriter(
            index_dir, model=m.model, dim=m.dim, max_tokens=m.max_tokens, overlap=m.overlap, vector_index=vector_index,
            pieces=pieces,
        ) as writer:  # fmt: skip
            for article_id in sorted(live.by_id):
                position = live.by_id[article_id]
                rows = live.chunk_range(position)
                vectors = live.vectors(np.arange(rows.start, rows.stop))
                chunks, sentences = live.chunks_of(article_id), live.stored_sentences(article_id)
                writer.add(live.articles[position], chunks, vectors, sentences)
    n = writer.manifest
    return CompactReport(n.version, True, *before, n.articles, n.chunks, time.perf_counter() - t0)
