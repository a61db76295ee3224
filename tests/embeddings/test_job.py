"""The embedding job: incremental runs equal clean builds, and a killed run loses nothing.

Every comparison is against a clean ``--full`` build of the same archive: same articles, same chunk
(article_id, ordinal, start, end, key) rows in the same order, vectors equal within 1e-5 and the same
keyword hits. What is compared needs no semantics, so most tests embed with the deterministic
``HashEncoder``; the killed-job test runs the real model, in-process and in a real ``archive-chat index``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from archive_chat.errors import BadArchive
from archive_chat.settings import Settings
from embeddings.compact import compact
from embeddings.encode import SentenceEncoder, model_fingerprint
from embeddings.job import CHECKPOINT_ENV, chunk_all, run_job
from embeddings.publish import VersionWriter
from embeddings.sentence_table import FILES, MANIFEST
from embeddings.spans import RULES
from embeddings.spool import ArticleSpool
from embeddings.staging import Staging
from embeddings.store import StoredIndex, current_version
from embeddings.terms import TERM_RULES
from tests.clean_env import clean_env
from tests.hash_encoder import HashEncoder

NEWS = Path(__file__).resolve().parents[1] / "fixtures" / "news"
ChunkRow = tuple[str, int, int, int, str]

ADDED = {
    "id": "lunar-greenhouse",
    "title": "Robotic greenhouse on the Moon harvests its first potatoes",
    "published": "2023-02-10",
    "source": "news.example.com",
    "text": "A robotic greenhouse on the far side of the Moon harvested its first crop of potatoes on Friday. "
    "The sealed greenhouse grew the potatoes under LED lamps in lunar regolith mixed with compost.",
}
APPENDED = " Doctors said on Thursday that he was awake and talking with his family, a sign of remarkable progress."


def _rows(idx: StoredIndex) -> list[ChunkRow]:
    """Every chunk as (article_id, ordinal, start, end, key), in chunk number (= vector row) order."""
    return [
        (idx.articles[a].id, int(o), int(s), int(e), k)
        for a, o, s, e, k in zip(
            idx.chunk_article, idx.chunk_ordinal, idx.chunk_start, idx.chunk_end, idx.chunk_keys, strict=True
        )
    ]


def _live(idx: StoredIndex) -> dict[str, tuple[object, list[tuple[int, int, int, int, str]], np.ndarray]]:
    """Each live article by id: the article (without its origin), its chunks' (ordinal, start, end, tokens, key),
    their vectors."""
    out = {}
    for article_id in sorted(idx.by_id):
        position, rows = idx.by_id[article_id], idx.chunk_range(idx.by_id[article_id])
        chunks = [(c.ordinal, c.start, c.end, c.tokens, c.key) for c in idx.chunks_of(article_id)]
        article = dataclasses.replace(idx.articles[position], origin="")  # the file and line it was read from when
        out[article_id] = (article, chunks, idx.vectors(np.arange(rows.start, rows.stop)))  # written: lines move
    return out


def _matches(idx: StoredIndex, query: str) -> set[tuple[str, int]]:
    """Every live chunk that holds a word of ``query``, as (article id, ordinal)."""
    hits = idx.keyword_search(query.split(), 100_000, idx.alive)
    return {(idx.articles[int(idx.chunk_article[c])].id, int(idx.chunk_ordinal[c])) for c in hits.ids.tolist()}


def assert_same_index(index: Path, clean: Path, queries: list[str], *, exact: bool = False) -> None:
    """The index at ``index`` holds what a clean build at ``clean`` holds: the same live articles, chunks, vectors
    and keyword matches. ``exact``: also numbered alike, and ranked alike with equal bm25 scores (true of a clean
    build and a compacted index, not of one with several segments, whose bm25 statistics count deleted chunks)."""
    got, want = StoredIndex(index), StoredIndex(clean)
    mine, theirs = _live(got), _live(want)
    assert list(mine) == list(theirs)
    for article_id, (article, chunks, vectors) in mine.items():
        assert (article, chunks) == theirs[article_id][:2], article_id
        np.testing.assert_allclose(vectors, theirs[article_id][2], atol=1e-5)
    g, w = got.manifest, want.manifest
    assert (g.articles, g.chunks, g.date_min, g.date_max, g.content_hash, g.max_tokens) == (
        w.articles,
        w.chunks,
        w.date_min,
        w.date_max,
        w.content_hash,
        w.max_tokens,
    )
    for q in queries:
        assert _matches(got, q) and _matches(got, q) == _matches(want, q), q
    if not exact:
        return
    assert [a.id for a in got.articles] == [a.id for a in want.articles] and _rows(got) == _rows(want)
    assert len(got.segments) == 1 and not len(got.deleted)
    for name in FILES:  # the sentence table, copied from the segments that held it, as a clean build finds it
        assert np.array_equal(getattr(got.sentences, name), getattr(want.sentences, name)), name
    for q in queries:
        hits = got.keyword_search(q.split(), 10)
        assert hits.ids.tolist() == want.keyword_search(q.split(), 10).ids.tolist(), q
        np.testing.assert_allclose(hits.scores, want.keyword_search(q.split(), 10).scores)


def _rewrite_jsonl(path: Path, edit: dict[str, dict[str, str] | None], add: list[dict[str, str]]) -> None:
    """Change (dict) or delete (None) lines by article id, then append ``add``."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj["id"] in edit:
            change = edit[obj["id"]]
            if change is None:
                continue
            obj = {**obj, **change}
        out.append(json.dumps(obj, ensure_ascii=False))
    out.extend(json.dumps(a, ensure_ascii=False) for a in add)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_incremental_add_change_delete_equals_a_clean_build(tmp_path: Path, hash_encoder: HashEncoder) -> None:
    archive, index, clean = tmp_path / "news", tmp_path / "index", tmp_path / "clean"
    shutil.copytree(NEWS, archive)
    settings = Settings(index_dir=index, archive=[archive], chunk_tokens=64, model=HashEncoder.name)

    first = run_job([archive], index, settings, encoder=hash_encoder)
    assert (first.added, first.changed, first.removed, first.unchanged) == (13, 0, 0, 0)
    assert first.published and first.version == "v000001" and first.rebuild_reason == "no index yet"
    old = StoredIndex(index)
    old_keys = set(old.chunk_keys)
    written = _files(index / "segments" / "s000001")
    collapse = [c.text for c in old.chunks_of("brannock-collapse")]
    assert len(collapse) >= 2, "the changed article spans several chunks, so some of them can be reused"

    again = run_job([archive], index, settings, encoder=hash_encoder)
    assert not again.published and again.version == "v000001"
    assert (again.unchanged, again.chunks_embedded, again.tokens_embedded) == (13, 0, 0)
    assert sorted(os.listdir(index / "versions")) == ["v000001"], "a no-change run publishes nothing"

    text = json.loads(
        next(
            line
            for line in (archive / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            if "brannock-collapse" in line
        )
    )["text"]
    _rewrite_jsonl(
        archive / "articles.jsonl",
        edit={"brannock-collapse": {"text": text + APPENDED}, "old-chair-2022": None},
        add=[ADDED],
    )
    report = run_job([archive], index, settings, encoder=hash_encoder)
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 1, 11)
    assert report.published and report.version == "v000002" and report.rebuild_reason is None

    new = StoredIndex(index)
    touched = [c for a in ("brannock-collapse", "lunar-greenhouse") for c in new.chunks_of(a)]
    fresh = {c.key for c in touched} - old_keys
    assert report.chunks_embedded == len(fresh) < len(touched), "only new or changed chunks are embedded"
    assert report.chunks_reused == new.manifest.chunks - len(fresh)
    assert report.tokens_embedded == sum(c.tokens for c in touched if c.key in fresh)
    assert [c.text for c in new.chunks_of("brannock-collapse")][0] == collapse[0]
    assert "old-chair-2022" not in new.by_id

    full = run_job([archive], clean, settings.model_copy(update={"index_dir": clean}), encoder=hash_encoder, full=True)
    assert full.rebuild_reason == "--full was given" and full.added == 13
    queries = ["Brannock", "potatoes greenhouse", "chair", "treaty", "awake family"]
    assert_same_index(index, clean, queries)

    # the run appended a segment and deleted the changed and the removed article; it rewrote nothing before
    assert [ref.name for ref in new.manifest.segments] == ["s000001", "s000002"]
    assert new.manifest.segments[1].articles == 2 and new.manifest.deleted == 2 == len(new.deleted)
    assert {old.articles[int(a)].id for a in new.deleted} == {"brannock-collapse", "old-chair-2022"}
    assert written == _files(index / "segments" / "s000001")
    with pytest.raises(KeyError):
        new.chunks_of("old-chair-2022")

    done = compact(index)
    assert done.published and (done.segments_before, done.deleted_before) == (2, 2)
    assert sorted(os.listdir(index / "segments")) == ["s000001", "s000002", "s000003"], "the version before reads two"
    assert_same_index(index, clean, queries, exact=True)
    assert not compact(index).published, "one segment, nothing deleted: nothing to do"


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file of ``folder`` (recursively) by path: (inode, modification time in ns)."""
    return {str(f.relative_to(folder)): (f.stat().st_ino, f.stat().st_mtime_ns) for f in folder.rglob("*")}


def test_changing_chunk_tokens_rebuilds_everything_with_a_reason(tmp_path: Path, hash_encoder: HashEncoder) -> None:
    archive, index = tmp_path / "news", tmp_path / "index"
    shutil.copytree(NEWS, archive)
    settings = Settings(index_dir=index, archive=[archive], chunk_tokens=64, model=HashEncoder.name)
    run_job([archive], index, settings, encoder=hash_encoder)

    smaller = settings.model_copy(update={"chunk_tokens": 48})
    report = run_job([archive], index, smaller, encoder=hash_encoder)
    assert report.published and report.rebuild_reason is not None
    assert report.rebuild_reason == "settings changed: chunk tokens 64 -> 48"  # only what changed
    assert (report.added, report.changed, report.unchanged) == (13, 0, 0)
    assert StoredIndex(index).manifest.max_tokens == 48

    # a chunk size above the model's own limit is capped to it, and the capped index is then up to date
    huge = settings.model_copy(update={"chunk_tokens": 10_000})
    capped = run_job([archive], index, huge, encoder=hash_encoder)
    assert capped.published and StoredIndex(index).manifest.max_tokens == hash_encoder.max_tokens
    rerun = run_job([archive], index, huge, encoder=hash_encoder)
    assert not rerun.published and rerun.rebuild_reason is None


@pytest.mark.parametrize("older", ["span rules", "keyword terms", "numbers in pieces"])
def test_sentence_tables_of_older_span_rules_are_written_again_without_embedding(
    tmp_path: Path, hash_encoder: HashEncoder, older: str
) -> None:
    archive, index = tmp_path / "news", tmp_path / "index"
    shutil.copytree(NEWS, archive)
    settings = Settings(index_dir=index, archive=[archive], chunk_tokens=64, model=HashEncoder.name)
    run_job([archive], index, settings, encoder=hash_encoder)
    with StoredIndex(index) as before:
        rows = _rows(before)
    # what a version written by an older archive-chat holds: a table under span rules this code does not use, or
    # one written before the keyword terms held the names' initials (its manifest says no "terms"), or before they
    # held a grouped number as one term (keyword terms 2)
    stored = index / "segments" / "s000001" / MANIFEST
    manifest = json.loads(stored.read_text())
    if older == "span rules":
        manifest["rules"] = RULES - 1
    elif older == "numbers in pieces":
        manifest["terms"] = TERM_RULES - 1
    else:
        del manifest["terms"]
    stored.write_text(json.dumps(manifest))
    with StoredIndex(index) as stale:
        assert stale.sentences is None

    report = run_job([archive], index, settings, encoder=hash_encoder)
    assert report.published and report.version == "v000002" and report.unchanged == 13
    assert (report.chunks_embedded, report.tokens_embedded) == (0, 0), "the vectors are reused"
    with StoredIndex(index) as after:
        assert after.sentences is not None and _rows(after) == rows
    assert not run_job([archive], index, settings, encoder=hash_encoder).published, "then it is up to date"


# --- crash safety: a real SIGKILL in the middle of a real `archive-chat index` process ------------------------------

SUBJECTS = ["The city council", "A local bakery", "The harbour authority", "University researchers", "The railway"]
VERBS = ["announced", "delayed", "celebrated", "questioned", "approved", "rejected", "reported"]
OBJECTS = [
    "a budget for road repairs",
    "plans for a riverside park",
    "the results of a study",
    "record passenger numbers",
]
TAILS = ["on Tuesday", "after months of debate", "despite objections from residents", "according to officials"]


def synthetic_archive(path: Path, n: int, seed: int = 7, lengths: tuple[int, int] = (2, 5)) -> None:
    """``n`` articles of (min, max) ``lengths`` sentences as JSON Lines (each sentence numbered, so no two chunks
    are equal)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            sentences = [
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)} (item {i}.{k})."
                for k in range(rng.randint(*lengths))
            ]
            record = {
                "id": f"syn-{i:04d}",
                "title": f"Synthetic story {i}",
                "published": f"2023-{1 + i % 9:02d}-{1 + i % 28:02d}",
                "text": " ".join(sentences),
            }
            f.write(json.dumps(record) + "\n")


def test_a_killed_job_leaves_the_old_index_live_and_the_rerun_resumes(tmp_path: Path, encoder: SentenceEncoder) -> None:
    index, clean = tmp_path / "index", tmp_path / "clean"
    small, big = tmp_path / "small" / "archive.jsonl", tmp_path / "big" / "archive.jsonl"
    small.parent.mkdir()
    big.parent.mkdir()
    synthetic_archive(small, 20)
    synthetic_archive(big, 300)
    settings = Settings(index_dir=index, archive=[big], chunk_tokens=64, batch_size=16)
    v1 = run_job([small], index, settings, encoder=encoder).version
    live = StoredIndex(index)

    env = clean_env()
    env |= {"ARCHIVE_CHAT_CHUNK_TOKENS": "64", "ARCHIVE_CHAT_BATCH_SIZE": "16", CHECKPOINT_ENV: "16"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "archive_chat.cli", "index", "--archive", str(big), "--index", str(index), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not list((index / "staging").glob("shard-*.npz")):
            assert proc.poll() is None, f"the job ended before its first checkpoint: {proc.communicate()}"
            assert time.monotonic() < deadline, "no staging shard within 120 s"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    # the old version is still live and loadable; nothing half-written is visible: the job streams into a hidden
    # temporary version (.vNNNNNN.<pid>.tmp) from its first batch, which the next publish removes
    assert current_version(index) == v1
    assert [v for v in os.listdir(index / "versions") if not v.startswith(".")] == [v1]
    after = StoredIndex(index)
    assert after.articles == live.articles and after.chunk_keys == live.chunk_keys
    staged = 0
    for shard in (index / "staging").glob("shard-*.npz"):
        with np.load(shard) as data:
            staged += len(data["keys"])
    assert staged >= 16

    resumed = run_job([big], index, settings, encoder=encoder)
    assert resumed.published and resumed.version == "v000002"
    assert (resumed.added, resumed.unchanged) == (280, 20)
    total_new = StoredIndex(index).manifest.chunks - live.manifest.chunks
    assert 0 < resumed.chunks_embedded < total_new, "the killed run had embedded part, not all, of the chunks"
    assert resumed.chunks_embedded == total_new - staged, "every checkpointed vector was reused"
    assert not (index / "staging").exists()
    assert sorted(os.listdir(index / "versions")) == [v1, "v000002"], "the killed run's temporary is gone"

    run_job([big], clean, settings.model_copy(update={"index_dir": clean}), encoder=encoder)
    assert_same_index(index, clean, ["bakery", "harbour park", "item"])


def test_a_headline_too_long_for_the_chunk_size_is_a_bad_archive(tmp_path: Path, hash_encoder: HashEncoder) -> None:
    archive = tmp_path / "archive.jsonl"
    settings = Settings(index_dir=tmp_path / "index", archive=[archive], chunk_tokens=64, model=HashEncoder.name)
    for words, fix in ((60, "shorten the title or raise chunk_tokens"), (300, "shorten the title")):
        record = {"id": "wordy", "title": " ".join(["Headline"] * words), "text": "Short body."}
        archive.write_text(json.dumps(record) + "\n", encoding="utf-8")
        said = rf"{archive}:1: header of 'wordy' \(its title and date\) is \d+ tokens; a 64-token chunk needs 54"
        with pytest.raises(BadArchive, match=f"{said}.*: {fix}$"):  # no "raise chunk_tokens" past the model's limit
            run_job([archive], tmp_path / "index", settings, encoder=hash_encoder)
        assert current_version(tmp_path / "index") is None


def test_a_torn_staging_area_is_discarded_not_fatal(tmp_path: Path, hash_encoder: HashEncoder) -> None:
    index = tmp_path / "index"
    (index / "staging").mkdir(parents=True)
    (index / "staging" / "settings.json").write_text("")  # power lost before the file reached the disk
    np.savez(index / "staging" / "shard-000001.npz", keys=np.array(["stale"]), vectors=np.zeros((1, 3)))
    settings = Settings(index_dir=index, archive=[NEWS], chunk_tokens=64, model=HashEncoder.name)
    report = run_job([NEWS], index, settings, encoder=hash_encoder)
    assert report.published and report.chunks_embedded == StoredIndex(index).manifest.chunks
    assert not (index / "staging").exists()


# --- memory: an incremental run reads the live vectors it keeps by row, never the whole matrix -----------------------


class WideHashEncoder(HashEncoder):
    """The hash encoder with wide vectors: the matrix outweighs the job's bookkeeping (keys, keyword postings)."""

    dim = 2048


def _random_version(archive: Path, index: Path, settings: Settings, encoder: HashEncoder) -> StoredIndex:
    """A live version of ``archive`` with random unit vectors: a vector that is re-embedded rather than reused can
    never match it."""
    rng = np.random.default_rng(3)
    max_tokens = min(settings.chunk_tokens, encoder.max_tokens)
    with ArticleSpool([archive]) as spool, VersionWriter(
        index, model=model_fingerprint(settings.model), dim=encoder.dim, max_tokens=max_tokens,
        overlap=settings.chunk_overlap,
    ) as writer:  # fmt: skip
        for batch in spool.batches(100):
            for a in batch:
                chunks = chunk_all([a], encoder, max_tokens=max_tokens, overlap=settings.chunk_overlap)
                vectors = rng.normal(size=(len(chunks), encoder.dim)).astype(np.float32)
                writer.add(a, chunks, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    return StoredIndex(index)


def test_an_incremental_run_holds_a_batch_not_the_old_matrix(tmp_path: Path) -> None:
    archive, index, encoder = tmp_path / "archive.jsonl", tmp_path / "index", WideHashEncoder()
    synthetic_archive(archive, 300, lengths=(30, 30))
    settings = Settings(index_dir=index, archive=[archive], chunk_tokens=64, model=HashEncoder.name)
    old = _random_version(archive, index, settings, encoder)
    matrix_bytes = old.faiss.ntotal * old.manifest.dim * 4
    assert old.faiss.ntotal > 2_000
    last = json.loads(archive.read_text(encoding="utf-8").splitlines()[5])["text"]
    _rewrite_jsonl(archive, {"syn-0005": {"text": last + " A sentence added at the end."}}, [])

    tracemalloc.start()
    try:
        report = run_job([archive], index, settings, encoder=encoder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (report.changed, report.unchanged) == (1, 299)
    assert report.chunks_embedded == 1, "only the changed last chunk (or a new one) is embedded"
    # Holding the old matrix (or the new one) in memory once would already exceed half of it.
    assert peak < matrix_bytes / 2, f"peak {peak / 2**20:.1f} MiB, old matrix {matrix_bytes / 2**20:.1f} MiB"
    new = StoredIndex(index)
    for article_id in ("syn-0000", "syn-0150", "syn-0299"):  # unchanged: their rows copied, not re-embedded
        got, want = new.chunk_range(new.by_id[article_id]), old.chunk_range(old.by_id[article_id])
        np.testing.assert_array_equal(
            new.vectors(np.arange(got.start, got.stop)), old.vectors(np.arange(want.start, want.stop))
        )


def test_a_run_with_nothing_to_do_drops_the_checkpoint_a_killed_run_left_after_publishing(
    tmp_path: Path, hash_encoder: HashEncoder
) -> None:
    """A run killed between publishing its version and clearing its checkpoint leaves ``staging/`` behind, which can
    be as large as the vectors it embedded; the next run finds the live version current and drops it."""
    archive, index = tmp_path / "news", tmp_path / "index"
    shutil.copytree(NEWS, archive)
    settings = Settings(index_dir=index, archive=[archive], chunk_tokens=64, model=HashEncoder.name)
    assert run_job([archive], index, settings, encoder=hash_encoder).published
    left = Staging(index, {"model": HashEncoder.name})
    left.save(["some-chunk"], np.zeros((1, hash_encoder.dim), dtype=np.float32))
    assert (index / "staging").exists()
    again = run_job([archive], index, settings, encoder=hash_encoder)
    assert not again.published and again.version == "v000001"
    assert not (index / "staging").exists(), "the live version holds the archive: the checkpoint is nothing's"
