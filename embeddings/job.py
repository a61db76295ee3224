"""The embedding job: load the archive, diff it against the live index, embed what changed, publish.

Incremental: articles are matched by id and compared by content hash; unchanged articles keep their
chunks and vectors. Crash-safe: vectors are checkpointed to ``staging/`` as they are computed, and the
new version becomes visible only through ``store.publish``; a killed run leaves the old version live
and the next run reuses every checkpointed vector.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from archive_chat.errors import BadArchive
from archive_chat.settings import Settings
from embeddings.chunk import chunk_article
from embeddings.encode import Encoder, encoder_from
from embeddings.load import load_archive
from embeddings.plan import diff_articles, open_live
from embeddings.publish import publish
from embeddings.records import Article, Chunk
from embeddings.staging import Staging

CHECKPOINT_EVERY = 512  # chunks per staging shard: what a crash can cost at most
CHECKPOINT_ENV = "ARCHIVE_CHAT_CHECKPOINT_EVERY"  # overrides it (the crash test wants many small shards)


@dataclass(frozen=True, slots=True)
class JobReport:
    """What one run did; printed by ``archive-chat index`` (``--json``: these fields)."""

    added: int
    changed: int
    removed: int
    unchanged: int
    chunks_embedded: int
    chunks_reused: int
    tokens_embedded: int
    seconds: float
    tokens_per_s: float
    version: str
    published: bool
    rebuild_reason: str | None = None


def article_header(article: Article) -> str:
    """The headline and date line embedded in front of every chunk of an article."""
    if article.published:
        return f"{article.title} ({article.published:%B} {article.published.day}, {article.published.year})"
    return article.title


def chunk_all(articles: Sequence[Article], encoder: Encoder, *, max_tokens: int, overlap: int) -> list[Chunk]:
    """Chunk every article with the model's own tokenizer."""
    out: list[Chunk] = []
    for a in articles:
        header = article_header(a)
        try:
            chunks = chunk_article(
                a.id,
                a.text,
                header,
                encoder.token_starts(a.text),
                len(encoder.token_starts(header)),
                max_tokens=max_tokens,
                overlap=overlap,
            )
        except ValueError as e:  # a headline too long for the chunk size: name the article, not a traceback
            raise BadArchive(f"{a.origin or a.id}: {e}; shorten the title or raise chunk_tokens") from e
        out.extend(chunks)
    return out


class _Lazy:
    """The encoder, loaded on first use (a run that finds nothing to do never loads the model)."""

    def __init__(self, load: Callable[[], Encoder]) -> None:
        self._load = load
        self._value: Encoder | None = None

    def __call__(self) -> Encoder:
        if self._value is None:
            self._value = self._load()
        return self._value


def run_job(
    archive: Sequence[Path],
    index_dir: Path,
    settings: Settings,
    *,
    encoder: Encoder | None = None,
    full: bool = False,
    log: Callable[[str], None] | None = None,
) -> JobReport:
    """Bring the index at ``index_dir`` up to date with ``archive``; publish a new version if anything changed."""
    t0 = time.perf_counter()
    say = log or (lambda msg: None)
    articles = sorted(load_archive(archive), key=lambda a: a.id)  # raises before anything is touched
    enc = _Lazy(lambda: encoder or encoder_from(settings))
    live = open_live(index_dir, settings, full=full, model_limit=lambda: enc().max_tokens)
    if live.reason:
        say(f"full rebuild: {live.reason}")
    diff = diff_articles(((a.id, a.content_hash) for a in articles), live.hashes)
    if live.index is not None and live.current(diff, settings.vector_index):
        secs = time.perf_counter() - t0
        return JobReport(0, 0, 0, diff.unchanged, 0, 0, 0, secs, 0.0, live.index.version, False)

    old, model, overlap = live.index, live.model, live.overlap
    max_tokens = min(live.max_tokens, enc().max_tokens)
    todo = [a for a in articles if a.id in diff.todo]
    unchanged = [a for a in articles if a.id not in diff.todo]
    new_chunks = chunk_all(todo, enc(), max_tokens=max_tokens, overlap=overlap)

    # vectors we already have: the live index (unchanged articles and identical chunks) and the staging area
    staging = Staging(index_dir, {"model": model, "max_tokens": max_tokens, "overlap": overlap, "dim": enc().dim})
    cache = staging.load()
    reused_chunks: dict[str, list[Chunk]] = {}
    if old is not None:
        all_old = old.matrix
        for a in unchanged:
            reused_chunks[a.id] = old.chunks_of(a.id)
        old_key_row = {k: i for i, k in enumerate(old.chunk_keys)}
        wanted = {c.key for c in new_chunks} | {c.key for cs in reused_chunks.values() for c in cs}
        cache.update((k, all_old[old_key_row[k]]) for k in wanted if k in old_key_row and k not in cache)

    pending: dict[str, Chunk] = {}
    for c in new_chunks:
        if c.key not in cache:
            pending.setdefault(c.key, c)
    order = sorted(pending.values(), key=lambda c: c.tokens)  # similar lengths share a batch: little padding
    tokens = sum(c.tokens for c in order)
    bar = tqdm(total=tokens, unit="tok", unit_scale=True, desc="embedding", disable=not sys.stderr.isatty())
    every = max(1, int(os.environ.get(CHECKPOINT_ENV, CHECKPOINT_EVERY)))
    for i in range(0, len(order), every):
        group = order[i : i + every]
        vecs = enc().encode([c.embed_text for c in group])
        staging.save([c.key for c in group], vecs)
        cache.update(zip((c.key for c in group), vecs, strict=True))
        bar.update(sum(c.tokens for c in group))
    bar.close()

    by_article: dict[str, list[Chunk]] = dict(reused_chunks)
    for c in new_chunks:
        by_article.setdefault(c.article_id, []).append(c)
    final_chunks = [c for a in articles for c in by_article.get(a.id, [])]
    vectors = (
        np.stack([cache[c.key] for c in final_chunks]) if final_chunks else np.zeros((0, enc().dim), dtype=np.float32)
    )
    manifest = publish(
        index_dir, articles, final_chunks, vectors, model=model, max_tokens=max_tokens, overlap=overlap,
        vector_index=settings.vector_index,
    )  # fmt: skip
    staging.clear()
    secs = time.perf_counter() - t0
    return JobReport(
        added=diff.added,
        changed=len(todo) - diff.added,
        removed=diff.removed,
        unchanged=diff.unchanged,
        chunks_embedded=len(order),
        chunks_reused=len(final_chunks) - len(order),
        tokens_embedded=tokens,
        seconds=secs,
        tokens_per_s=tokens / secs if secs else 0.0,
        version=manifest.version,
        published=True,
        rebuild_reason=live.reason,
    )
