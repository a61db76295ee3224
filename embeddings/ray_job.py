"""The embedding job on Ray Data: the same stages as ``embeddings.job``, run as a streaming pipeline.

read archive shards (one task per file, the shared readers)
→ anti-join on (article id, content hash) against the live version (``plan.diff_articles``)
→ chunk new and changed articles in tokenizer actors (the shared ``job.chunk_all``)
→ anti-join on chunk key against the live version and the checkpoint (vectors that exist are reused)
→ embed in a pool of encoder actors, batches sorted by length, each batch written as a parquet shard of
  (chunk key, vector, chunk metadata) into ``INDEX/staging/`` — the shards are the checkpoint
→ publish: stream articles, chunks and vectors into a ``VersionWriter`` (the same atomic CURRENT switch).

The driver holds the archive's (id, hash, origin) triples and the chunk keys, not its texts. With no address
Ray runs in local mode on this machine; with one it joins that cluster, whose nodes must see the archive and
index paths (docs/operations.md, "Running the job on a Ray cluster").
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from archive_chat.errors import ArchiveChatError, BadArchive, EmptyArchive
from archive_chat.settings import Settings
from embeddings.durable import write_lock
from embeddings.encode import encoder_from, load_encoder
from embeddings.index_format import Manifest
from embeddings.job import CHECKPOINT_ENV, CHECKPOINT_EVERY, JobReport, chunk_all
from embeddings.load import DEFAULT_KEYS, archive_files, duplicate_id, read_archive_file
from embeddings.pieces import PieceTokenizer, model_tokenizer
from embeddings.plan import Live, diff_articles, open_live
from embeddings.publish import VersionWriter
from embeddings.ray_cluster import pool_sizes, ray_session
from embeddings.records import Article, Chunk
from embeddings.reuse import Reuse
from embeddings.staging import StagedVectors, Staging, drop_leftover, write_parquet_shard

Batch = dict[str, Any]
_ARTICLE_FIELDS = ("id", "title", "text", "url", "published", "author", "section", "source", "origin")


def _article_row(a: Article) -> Batch:
    row = {f: getattr(a, f) for f in _ARTICLE_FIELDS}
    row["published"] = a.published.isoformat() if a.published else None
    row["hash"] = a.content_hash
    row["error"] = None
    return row


def _article(row: Batch) -> Article:
    published = row.get("published")
    return Article(
        **{f: row[f] for f in _ARTICLE_FIELDS if f != "published"},
        published=dt.date.fromisoformat(published) if published else None,
    )


def _read_shard(row: Batch) -> list[Batch]:
    """One archive file → its article rows (a Ray task). A BadArchive travels back as a row: Ray's own
    wrapping of task errors loses the exception (and so the file, line and field it names)."""
    defaults = {k: row[f"default_{k}"] for k in DEFAULT_KEYS if row.get(f"default_{k}") is not None}
    try:
        return [_article_row(a) for a in read_archive_file(Path(row["path"]), defaults)]
    except ArchiveChatError as e:
        return [{**dict.fromkeys((*_ARTICLE_FIELDS, "hash")), "origin": row["path"], "error": str(e)}]


class _Chunker:
    """A tokenizer actor: chunks whole articles with the model's own tokenizer (``job.chunk_all``)."""

    def __init__(self, model: str, max_tokens: int, overlap: int) -> None:
        self.encoder = load_encoder(model)
        self.max_tokens, self.overlap = max_tokens, overlap

    def __call__(self, batch: Batch) -> Batch:
        columns = {c: np.asarray(v).tolist() for c, v in batch.items()}
        rows = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
        try:
            chunks = chunk_all([_article(r) for r in rows], self.encoder, max_tokens=self.max_tokens,
                               overlap=self.overlap)  # fmt: skip
        except ArchiveChatError as e:  # as in _read_shard: back as data, with the article it names
            return {**_chunk_columns([Chunk("", 0, 0, 0, "")]), "error": [str(e)]}
        return {**_chunk_columns(chunks), "error": [None] * len(chunks)}


def _chunk_columns(chunks: Sequence[Chunk]) -> Batch:
    return {
        "article_id": [c.article_id for c in chunks],
        "ordinal": [c.ordinal for c in chunks],
        "start": [c.start for c in chunks],
        "end": [c.end for c in chunks],
        "tokens": [c.tokens for c in chunks],
        "key": [c.key for c in chunks],
        "embed_text": [c.embed_text for c in chunks],
    }


class _Embedder:
    """An encoder actor: embeds one batch (sorted by length upstream) and checkpoints it as a parquet shard."""

    def __init__(self, settings: Settings, shard_dir: str, threads: int) -> None:
        # one thread per reserved CPU: no oversubscription; the configured model and precision (fp32 or int8)
        self.encoder = encoder_from(settings.model_copy(update={"threads": threads}))
        self.shard_dir = Path(shard_dir)

    def __call__(self, batch: Batch) -> Batch:
        keys = list(batch["key"])
        first = sorted({k: i for i, k in reversed(list(enumerate(keys)))}.values())  # a key embedded once
        texts = [str(batch["embed_text"][i]) for i in first]
        vectors = self.encoder.encode(texts)
        meta = {c: [batch[c][i].item() if hasattr(batch[c][i], "item") else batch[c][i] for i in first]
                for c in ("key", "article_id", "ordinal", "start", "end", "tokens")}  # fmt: skip
        write_parquet_shard(self.shard_dir, meta, vectors)
        return {"key": meta["key"], "tokens": meta["tokens"]}


def _keep(batch: Batch, column: str, values: frozenset[str], inside: bool) -> Batch:
    """A broadcast semi-join (``inside``) or anti-join on one column against a set the driver computed.

    >>> _keep({"id": np.array(["a", "b"]), "n": np.array([1, 2])}, "id", frozenset({"b"}), False)["n"].tolist()
    [1]
    """
    keep = np.array([(v in values) == inside for v in batch[column].tolist()], dtype=bool)
    return {c: np.asarray(v)[keep] for c, v in batch.items()}


def run_ray_job(
    archive: Sequence[Path],
    index_dir: Path,
    settings: Settings,
    *,
    address: str | None = None,
    full: bool = False,
    num_cpus: int | None = 2,
    log: Callable[[str], None] | None = None,
) -> JobReport:
    """``run_job`` on Ray: bring the index at ``index_dir`` up to date with ``archive``, publish if anything changed."""
    with ray_session(address, num_cpus=num_cpus):
        try:
            return _run(archive, index_dir, settings, full=full, say=log or (lambda msg: None))
        except Exception as e:  # a reader's BadArchive arrives wrapped in Ray's task errors: surface it
            raise _domain_error(e) from e


def _domain_error(e: BaseException) -> BaseException:
    """The first ArchiveChatError in the cause chain of a Ray error (else ``e``)."""
    seen: BaseException | None = e
    while seen is not None:
        if isinstance(seen, ArchiveChatError):
            return seen
        seen = getattr(seen, "cause", None) or seen.__cause__
    return e


def _run(
    archive: Sequence[Path], index_dir: Path, settings: Settings, *, full: bool, say: Callable[[str], None]
) -> JobReport:
    import ray
    import ray.data

    t0 = time.perf_counter()
    ray.data.DataContext.get_current().enable_progress_bars = False
    files = archive_files(archive)
    articles = ray.data.from_items(
        [{"path": str(p), "defaults": d} for p, d in files], override_num_blocks=max(1, len(files))
    )
    articles = articles.flat_map(_read_shard).materialize()
    ids = _check_ids(articles, archive)
    enc = load_encoder(settings.model, device=settings.device, batch_size=settings.batch_size)  # limits and dim
    with write_lock(index_dir, say):  # one writer at a time: the live version stays live until this run publishes
        return _write(index_dir, settings, articles, ids, enc, full=full, say=say, t0=t0)


def _write(index_dir: Path, settings: Settings, articles: Any, ids: list[tuple[str, str]], enc: Any, *, full: bool,
           say: Callable[[str], None], t0: float) -> JobReport:  # fmt: skip
    """Diff the read archive against the live version, chunk, embed and publish (under the writer lock)."""
    live = open_live(index_dir, settings, full=full, model_limit=lambda: enc.max_tokens)
    if live.reason:
        say(f"full rebuild: {live.reason}")
    diff = diff_articles(ids, live.hashes)
    if live.index is not None and live.current(diff, settings.vector_index):
        drop_leftover(index_dir)
        return JobReport.nothing_to_do(diff, live.index.version, t0)

    max_tokens = min(live.max_tokens, enc.max_tokens)
    settings_key = {"model": live.model, "max_tokens": max_tokens, "overlap": live.overlap, "dim": enc.dim}
    staging = Staging(index_dir, settings_key)
    chunks = _chunk(articles, diff.todo, settings.model, max_tokens=max_tokens, overlap=live.overlap)
    known = frozenset(staging.keys()) | frozenset(live.index.chunk_keys if live.index else ())
    fresh = _embed(chunks, known, settings, staging)
    manifest = _publish(index_dir, articles, chunks, diff.todo, staging, live, dim=enc.dim, max_tokens=max_tokens,
                        vector_index=settings.vector_index, pieces=model_tokenizer(settings.model))  # fmt: skip
    staging.clear()
    return JobReport.published_run(
        diff, manifest, embedded=len(fresh), tokens=sum(fresh.values()), t0=t0, reason=live.reason
    )


def _chunk(articles: Any, todo: frozenset[str], model: str, *, max_tokens: int, overlap: int) -> Any:
    """The chunks of the ``todo`` articles (a materialized dataset), by one tokenizer actor; a BadArchive raises."""
    import ray.data

    chunks = (
        articles.map_batches(_keep, fn_kwargs={"column": "id", "values": todo, "inside": True})
        .map_batches(
            _Chunker,
            fn_constructor_kwargs={"model": model, "max_tokens": max_tokens, "overlap": overlap},
            batch_size=32,
            compute=ray.data.ActorPoolStrategy(size=1),
            num_cpus=0.5,
        )  # fmt: skip
        .materialize()
    )
    for batch in chunks.select_columns(["error"]).iter_batches(batch_format="pyarrow"):
        for error in batch.column("error").drop_null().to_pylist():
            raise BadArchive(error)
    return chunks


def _embed(chunks: Any, known: frozenset[str], settings: Settings, staging: Staging) -> dict[str, int]:
    """Embed every chunk whose key is not ``known``, shortest first, in the encoder pool; {key: tokens} embedded."""
    import ray
    import ray.data

    actor_cpus, actors = pool_sizes(float(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]
    every = max(1, int(os.environ.get(CHECKPOINT_ENV, CHECKPOINT_EVERY)))
    embedded = (
        chunks.map_batches(_keep, fn_kwargs={"column": "key", "values": known, "inside": False})
        .sort(["tokens", "key"])  # similar lengths share a batch; equal keys sit side by side
        .map_batches(
            _Embedder,
            fn_constructor_kwargs={"settings": settings, "shard_dir": str(staging.dir), "threads": int(actor_cpus)},
            batch_size=every,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=actor_cpus,
        )  # fmt: skip
    )
    fresh: dict[str, int] = {}
    for batch in embedded.iter_batches(batch_format="numpy"):
        fresh.update(zip(batch["key"].tolist(), batch["tokens"].tolist(), strict=True))
    return fresh


def _check_ids(articles: Any, archive: Sequence[Path]) -> list[tuple[str, str]]:
    """The archive's (id, hash) pairs; a duplicate id is a BadArchive naming both places, none an EmptyArchive."""
    origin_of: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for batch in articles.select_columns(["id", "hash", "origin", "error"]).iter_batches(batch_format="pyarrow"):
        columns = (batch.column(c).to_pylist() for c in ("id", "hash", "origin", "error"))  # None stays None
        for i, h, origin, error in sorted(zip(*columns, strict=True), key=lambda r: (r[3] is None, r[2])):
            if error is not None:
                raise BadArchive(error)
            if i in origin_of:  # Ray does not keep order: name both places, sorted, so the message is stable
                first, second = sorted((origin_of[i], origin))
                raise duplicate_id(i, first, second)
            origin_of[i] = origin
            pairs.append((i, h))
    if not pairs:
        raise EmptyArchive(f"no articles found in {', '.join(str(p) for p in archive)}")
    return pairs


def _publish(index_dir: Path, articles: Any, chunks: Any, todo: frozenset[str], staging: Staging, live: Live, *,
             dim: int, max_tokens: int, vector_index: str, pieces: PieceTokenizer | None) -> Manifest:  # fmt: skip
    """Stream every article (by id), its chunks (by ordinal; the ``todo`` articles') and their vectors into a new
    version."""
    new_chunks = iter(chunks.sort(["article_id", "ordinal"]).iter_rows())
    pending = next(new_chunks, None)
    with StagedVectors(staging, dim) as staged, VersionWriter(index_dir, model=live.model, dim=dim,
            max_tokens=max_tokens, overlap=live.overlap, vector_index=vector_index,
            base=live.base(vector_index), pieces=pieces) as writer:  # fmt: skip
        reuse = Reuse(live.index, staged)
        for row in articles.sort("id").iter_rows():
            article = _article(row)
            if article.id not in todo:
                reuse.write(writer, article, None)
                continue
            mine: list[Chunk] = []
            while pending is not None and pending["article_id"] == article.id:
                s, e = int(pending["start"]), int(pending["end"])
                mine.append(Chunk(article.id, int(pending["ordinal"]), s, e, article.text[s:e], int(pending["tokens"]),
                                  str(pending["key"])))  # fmt: skip
                pending = next(new_chunks, None)
            reuse.write(writer, article, mine)
    return writer.manifest
