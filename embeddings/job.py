"""The embedding job: load the archive, diff it against the live index, embed what changed, publish.

Incremental: articles are matched by id and compared by content hash; unchanged articles keep their
chunks and vectors. Crash-safe: vectors are checkpointed to ``staging/`` as they are computed, and the
new version becomes visible only through ``store.publish``; a killed run leaves the old version live
and the next run reuses every checkpointed vector.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from archive_chat.errors import BadArchive, IndexMismatch, IndexMissing
from archive_chat.settings import Settings
from embeddings.chunk import chunk_article
from embeddings.encode import Encoder, encoder_from, model_fingerprint
from embeddings.load import load_archive
from embeddings.records import Article, Chunk
from embeddings.store import StoredIndex, publish

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


class _Staging:
    """Checkpointed vectors of an unfinished run, valid only for one model and chunker setting."""

    def __init__(self, index_dir: Path, settings_key: dict[str, object]) -> None:
        self.dir = index_dir / "staging"
        meta = self.dir / "settings.json"
        if self.dir.exists() and _read_json(meta) != settings_key:
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        meta.write_text(json.dumps(settings_key))
        self.shards = sorted(self.dir.glob("shard-*.npz"))

    def load(self) -> dict[str, np.ndarray]:
        cache: dict[str, np.ndarray] = {}
        for shard in self.shards:
            with np.load(shard) as data:
                cache.update(zip(data["keys"].tolist(), data["vectors"], strict=True))
        return cache

    def save(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        n = len(self.shards) + 1
        final = self.dir / f"shard-{n:06d}.npz"
        tmp = self.dir / f".shard-{n:06d}.tmp.npz"
        with open(tmp, "wb") as f:
            np.savez(f, keys=np.array(keys), vectors=vectors)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
        self.shards.append(final)

    def clear(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _read_json(path: Path) -> object:
    """The JSON value in ``path``, or None when it is missing or torn (a crash or power loss while writing)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


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
    model = model_fingerprint(settings.model, settings.precision)
    max_tokens, overlap = settings.chunk_tokens, settings.chunk_overlap

    old: StoredIndex | None = None
    reason: str | None = "--full was given" if full else None
    try:
        old = StoredIndex(index_dir)
        old.close()  # only its metadata in memory and its vectors are reused: no keyword queries
    except IndexMissing:
        reason = reason or "no index yet"
    except IndexMismatch as e:
        reason = reason or f"the live index cannot be reused ({e})"
    enc = encoder
    if old is not None and reason is None:
        m = old.manifest
        if m.max_tokens < max_tokens and (m.model, m.overlap) == (model, overlap):
            # The stored limit may be this very setting capped to the model's own limit (below): compare capped
            # values, or a chunk_tokens above the model limit would force a full rebuild on every run.
            enc = enc or encoder_from(settings)
            max_tokens = min(max_tokens, enc.max_tokens)
        if (m.model, m.max_tokens, m.overlap) != (model, max_tokens, overlap):
            reason = (
                f"settings changed: model {m.model} -> {model}, chunk tokens {m.max_tokens} -> {max_tokens}, "
                f"overlap {m.overlap} -> {overlap}"
            )
    if reason:
        say(f"full rebuild: {reason}")

    old_hashes = old.hashes if old is not None and reason is None else {}
    new_ids = {a.id for a in articles}
    unchanged = [a for a in articles if old_hashes.get(a.id) == a.content_hash]
    todo = [a for a in articles if old_hashes.get(a.id) != a.content_hash]
    added = sum(1 for a in todo if a.id not in old_hashes)
    removed = sum(1 for i in old_hashes if i not in new_ids)

    if old is not None and reason is None and not todo and not removed:
        secs = time.perf_counter() - t0
        return JobReport(0, 0, 0, len(unchanged), 0, 0, 0, secs, 0.0, old.version, False)

    enc = enc or encoder_from(settings)
    max_tokens = min(max_tokens, enc.max_tokens)
    new_chunks = chunk_all(todo, enc, max_tokens=max_tokens, overlap=overlap)

    # vectors we already have: the live index (unchanged articles and identical chunks) and the staging area
    staging = _Staging(index_dir, {"model": model, "max_tokens": max_tokens, "overlap": overlap, "dim": enc.dim})
    cache = staging.load()
    reused_chunks: dict[str, list[Chunk]] = {}
    if old is not None and reason is None:
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
        vecs = enc.encode([c.embed_text for c in group])
        staging.save([c.key for c in group], vecs)
        cache.update(zip((c.key for c in group), vecs, strict=True))
        bar.update(sum(c.tokens for c in group))
    bar.close()

    by_article: dict[str, list[Chunk]] = dict(reused_chunks)
    for c in new_chunks:
        by_article.setdefault(c.article_id, []).append(c)
    final_chunks = [c for a in articles for c in by_article.get(a.id, [])]
    vectors = (
        np.stack([cache[c.key] for c in final_chunks]) if final_chunks else np.zeros((0, enc.dim), dtype=np.float32)
    )
    manifest = publish(index_dir, articles, final_chunks, vectors, model=model, max_tokens=max_tokens, overlap=overlap)
    staging.clear()
    secs = time.perf_counter() - t0
    return JobReport(
        added=added,
        changed=len(todo) - added,
        removed=removed,
        unchanged=len(unchanged),
        chunks_embedded=len(order),
        chunks_reused=len(final_chunks) - len(order),
        tokens_embedded=tokens,
        seconds=secs,
        tokens_per_s=tokens / secs if secs else 0.0,
        version=manifest.version,
        published=True,
        rebuild_reason=reason,
    )
