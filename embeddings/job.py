"""The embedding job: load the archive, diff it against the live index, embed what changed, publish.

Streaming: the archive is spooled to disk (``embeddings/spool.py``) and walked in id order,
``ARTICLES_PER_BATCH`` articles at a time: chunk the new and changed ones, embed the chunks no vector exists
for, and write the batch to the new version (``VersionWriter``). Memory holds one batch, plus ids, hashes and
chunk keys, never the archive's texts, its chunks or a vector matrix.

Incremental: articles are matched by id and compared by content hash; unchanged articles keep their
chunks and vectors (``embeddings/reuse.py``). Crash-safe: vectors are checkpointed to ``staging/`` as they
are computed, and the new version becomes visible only when the writer switches ``CURRENT``; a killed run
leaves the old version live and the next run reuses every checkpointed vector.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from archive_chat.errors import BadArchive
from archive_chat.settings import Settings
from embeddings.chunk import chunk_article, header_room
from embeddings.durable import write_lock
from embeddings.encode import Encoder, encoder_from
from embeddings.index_format import Manifest
from embeddings.pieces import model_tokenizer
from embeddings.plan import Diff, diff_articles, open_live
from embeddings.publish import VersionWriter
from embeddings.records import Article, Chunk
from embeddings.reuse import Reuse
from embeddings.spool import ArticleSpool
from embeddings.staging import StagedVectors, Staging, drop_leftover

CHECKPOINT_EVERY = 512  # chunks per staging shard: what a crash can cost at most
CHECKPOINT_ENV = "ARCHIVE_CHAT_CHECKPOINT_EVERY"  # overrides it (the crash test wants many small shards)
ARTICLES_PER_BATCH = 256  # articles chunked, embedded and written together: all the job holds at once


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

    @classmethod
    def nothing_to_do(cls, diff: Diff, version: str, t0: float) -> JobReport:
        """The live version already holds the archive: nothing embedded, nothing published."""
        return cls(0, 0, 0, diff.unchanged, 0, 0, 0, time.perf_counter() - t0, 0.0, version, False)

    @classmethod
    def published_run(
        cls, diff: Diff, manifest: Manifest, *, embedded: int, tokens: int, t0: float, reason: str | None
    ) -> JobReport:
        """A run that published ``manifest`` after embedding ``embedded`` chunks of ``tokens`` tokens."""
        secs = time.perf_counter() - t0
        return cls(
            added=diff.added,
            changed=len(diff.todo) - diff.added,
            removed=diff.removed,
            unchanged=diff.unchanged,
            chunks_embedded=embedded,
            chunks_reused=manifest.chunks - embedded,
            tokens_embedded=tokens,
            seconds=secs,
            tokens_per_s=tokens / secs if secs else 0.0,
            version=manifest.version,
            published=True,
            rebuild_reason=reason,
        )


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
        header_tokens = len(encoder.token_starts(header))
        try:
            chunks = chunk_article(
                a.id,
                a.text,
                header,
                encoder.token_starts(a.text),
                header_tokens,
                max_tokens=max_tokens,
                overlap=overlap,
            )
        except ValueError as e:  # a headline too long for the chunk size: name the article, not a traceback
            roomy = max_tokens < encoder.max_tokens and header_tokens <= header_room(encoder.max_tokens)
            fix = "shorten the title" + (" or raise chunk_tokens" if roomy else "")  # (only if the model has room)
            raise BadArchive(f"{a.origin or a.id}: {e}: {fix}") from e
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


class _Embed:
    """Embeds the chunks that have no vector yet, shortest first, checkpointing every ``every`` chunks."""

    def __init__(self, encoder: Encoder, staging: Staging, staged: StagedVectors) -> None:
        self.encoder, self.staging, self.staged = encoder, staging, staged
        self.every = max(1, int(os.environ.get(CHECKPOINT_ENV, CHECKPOINT_EVERY)))
        self.chunks = self.tokens = 0

    def __call__(self, chunks: Sequence[Chunk]) -> None:
        order = sorted(chunks, key=lambda c: c.tokens)  # similar lengths share a batch: little padding
        for i in range(0, len(order), self.every):
            group = order[i : i + self.every]
            keys, vectors = [c.key for c in group], self.encoder.encode([c.embed_text for c in group])
            self.staging.save(keys, vectors)
            self.staged.add(keys, vectors)
            self.chunks += len(group)
            self.tokens += sum(c.tokens for c in group)


def _write_batch(
    articles: Sequence[Article],
    todo: frozenset[str],
    writer: VersionWriter,
    reuse: Reuse,
    embed: _Embed,
    *,
    max_tokens: int,
    overlap: int,
) -> None:
    """One bounded batch of articles (in id order) → chunks of those in ``todo`` → vectors → the writer."""
    work = [a for a in articles if a.id in todo]
    chunks = chunk_all(work, embed.encoder, max_tokens=max_tokens, overlap=overlap)
    embed(reuse.missing(chunks))
    mine: dict[str, list[Chunk]] = {a.id: [] for a in work}
    for c in chunks:
        mine[c.article_id].append(c)
    for a in articles:
        reuse.write(writer, a, mine.get(a.id))  # None: unchanged, its live chunks and vectors


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
    enc = _Lazy(lambda: encoder or encoder_from(settings))
    # the spool reads the whole archive (and raises) before anything is touched; the lock: one writer at a time
    with ArticleSpool(archive) as spool, write_lock(index_dir, say):
        live = open_live(index_dir, settings, full=full, model_limit=lambda: enc().max_tokens)
        if live.reason:
            say(f"full rebuild: {live.reason}")
        diff = diff_articles(spool.hashes(), live.hashes)
        if live.index is not None and live.current(diff, settings.vector_index):
            drop_leftover(index_dir)
            return JobReport.nothing_to_do(diff, live.index.version, t0)

        max_tokens, overlap, dim = min(live.max_tokens, enc().max_tokens), live.overlap, enc().dim
        staging = Staging(index_dir, {"model": live.model, "max_tokens": max_tokens, "overlap": overlap, "dim": dim})
        bar = tqdm(total=spool.count, unit="article", desc="indexing", disable=not sys.stderr.isatty())
        with StagedVectors(staging, dim) as staged, VersionWriter(
            index_dir, model=live.model, dim=dim, max_tokens=max_tokens, overlap=overlap,
            vector_index=settings.vector_index, base=live.base(settings.vector_index),
            pieces=model_tokenizer(settings.model),
        ) as writer:  # fmt: skip
            reuse, embed = Reuse(live.index, staged), _Embed(enc(), staging, staged)
            for batch in spool.batches(ARTICLES_PER_BATCH):
                _write_batch(batch, diff.todo, writer, reuse, embed, max_tokens=max_tokens, overlap=overlap)
                bar.update(len(batch))
        bar.close()
        staging.clear()  # under the lock: the next writer's checkpoint goes in the same folder
    return JobReport.published_run(
        diff, writer.manifest, embedded=embed.chunks, tokens=embed.tokens, t0=t0, reason=live.reason
    )
