"""The versioned index on disk: atomic publish, garbage collection, checks on load, failed jobs change nothing.

These need no model: vectors are seeded random unit vectors, since the store only keeps and returns them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from archive_chat.errors import BadArchive, IndexMismatch, IndexMissing
from archive_chat.settings import Settings
from embeddings.job import run_job
from embeddings.records import Article, Chunk, embed_key
from embeddings.store import FORMAT_VERSION, StoredIndex, current_version, publish, read_manifest

DIM = 8


def _material(n: int, seed: int = 0) -> tuple[list[Article], list[Chunk], np.ndarray]:
    """``n`` articles (sorted by id) of two sentence chunks each, and one unit vector per chunk."""
    articles, chunks = [], []
    for i in range(n):
        first, second = f"Story {i} opened with a harbour crane.", f"Its sequel number {i} followed."
        a = Article(
            id=f"a{i:03d}",
            title=f"Title {i}",
            text=f"{first} {second}",
            published=dt.date(2023, 1, 1 + i),
            source="example.com",
        )
        articles.append(a)
        for ordinal, (s, e) in enumerate([(0, len(first)), (len(first) + 1, len(a.text))]):
            chunks.append(Chunk(a.id, ordinal, s, e, a.text[s:e], 10, embed_key(f"{a.title}\n{a.text[s:e]}")))
    vecs = np.random.default_rng(seed).standard_normal((len(chunks), DIM)).astype(np.float32)
    return articles, chunks, vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def _publish(index: Path, n: int = 3, seed: int = 0) -> str:
    articles, chunks, vecs = _material(n, seed)
    return publish(index, articles, chunks, vecs, model="test-model", max_tokens=64, overlap=0).version


def _versions(index: Path) -> list[str]:
    """Every entry of versions/, temporaries included (a half-written version would show up here)."""
    return sorted(p.name for p in (index / "versions").iterdir())


def test_publish_round_trips_articles_chunks_vectors_and_keywords(tmp_path: Path) -> None:
    articles, chunks, vecs = _material(3)
    m = publish(tmp_path, articles, chunks, vecs, model="test-model", max_tokens=64, overlap=0)
    assert (m.version, m.format_version, m.articles, m.chunks, m.dim) == ("v000001", FORMAT_VERSION, 3, 6, DIM)
    assert (m.date_min, m.date_max) == ("2023-01-01", "2023-01-03")
    assert current_version(tmp_path) == "v000001"
    assert read_manifest(tmp_path) == m

    idx = StoredIndex(tmp_path)
    assert idx.articles == articles
    assert [c for a in articles for c in idx.chunks_of(a.id)] == chunks
    np.testing.assert_allclose(idx.vectors(np.arange(6)), vecs, atol=1e-6)
    hits = idx.keyword_search(["sequel", "1"], 5)
    assert [idx.chunk_text(h) for h in hits.ids[:2]] == [
        "Its sequel number 1 followed.",
        "Story 1 opened with a harbour crane.",
    ]
    assert hits.matched(2, 4).tolist() == [0.5, 1.0]  # both terms; "1" only (its headline)


def test_publish_switches_current_only_when_the_new_version_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _publish(tmp_path, 3)
    before = StoredIndex(tmp_path)

    def crash(*args: object) -> None:
        raise OSError("simulated crash")

    # a crash while the new version's files are being synced, i.e. before its directory is renamed into place
    with monkeypatch.context() as m:
        m.setattr("embeddings.durable._fsync_file", crash)
        with pytest.raises(OSError, match="simulated crash"):
            _publish(tmp_path, 4, seed=1)
    assert current_version(tmp_path) == first
    assert [v for v in _versions(tmp_path) if not v.startswith(".")] == [first], "no half-written version"

    # a crash after the rename but before the CURRENT switch: the complete new version is simply not live
    with monkeypatch.context() as m:
        m.setattr("embeddings.publish.atomic_write_text", crash)
        with pytest.raises(OSError, match="simulated crash"):
            _publish(tmp_path, 4, seed=1)
    assert current_version(tmp_path) == first
    after = StoredIndex(tmp_path)
    assert after.version == first and after.articles == before.articles
    np.testing.assert_array_equal(after.vectors(np.arange(6)), before.vectors(np.arange(6)))

    # the next publish succeeds, goes live, clears the leftover temporary, and keeps the version readers were on
    third = _publish(tmp_path, 5, seed=2)
    assert current_version(tmp_path) == third == "v000003"
    assert StoredIndex(tmp_path).manifest.articles == 5
    assert _versions(tmp_path) == [first, "v000002", third]
    assert StoredIndex(tmp_path, first).articles == before.articles
    _publish(tmp_path, 6, seed=3)
    assert _versions(tmp_path) == [third, "v000004"]


def test_garbage_collection_keeps_the_live_version_and_its_predecessor(tmp_path: Path) -> None:
    names = [_publish(tmp_path, 2 + i, seed=i) for i in range(4)]
    assert names == ["v000001", "v000002", "v000003", "v000004"]
    assert _versions(tmp_path) == names[-2:]  # the live one and its predecessor
    assert current_version(tmp_path) == "v000004"
    # a reader still on the predecessor can finish; older versions are gone
    assert StoredIndex(tmp_path, "v000003").manifest.articles == 4
    with pytest.raises(IndexMissing, match="v000001"):
        StoredIndex(tmp_path, "v000001")


def test_wrong_format_version_is_a_mismatch_that_says_how_to_fix(tmp_path: Path) -> None:
    version = _publish(tmp_path)
    path = tmp_path / "versions" / version / "manifest.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "format_version": FORMAT_VERSION + 1}))
    for load in (read_manifest, StoredIndex):
        with pytest.raises(IndexMismatch) as info:
            load(tmp_path)
        message = str(info.value)
        assert f"index format {FORMAT_VERSION + 1}" in message
        assert f"rebuild with `archive-chat index --full --index {tmp_path}`" in message


def test_missing_index_names_the_directory(tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere"
    with pytest.raises(IndexMissing, match=f"no index at {nowhere}: run `archive-chat index"):
        StoredIndex(nowhere)
    # CURRENT naming a version whose files are gone is missing too, with the path and the fix
    version = _publish(tmp_path)
    (tmp_path / "versions" / version / "manifest.json").unlink()
    with pytest.raises(IndexMissing, match="manifest.json: unreadable manifest.*--full"):
        StoredIndex(tmp_path)


def test_failed_job_leaves_the_last_good_index_serving(tmp_path: Path) -> None:
    index = tmp_path / "index"
    version = _publish(index)
    before = StoredIndex(index)
    archive = tmp_path / "archive.jsonl"
    good = {"id": "z1", "title": "Fine", "text": "A well-formed article."}
    archive.write_text(json.dumps(good) + "\n" + '{"id": "z2", "title": "Broken", "text": \n', encoding="utf-8")

    with pytest.raises(BadArchive, match=f"{archive}:2: invalid JSON"):
        run_job([archive], index, Settings(index_dir=index, archive=[archive], chunk_tokens=64))
    assert current_version(index) == version
    assert _versions(index) == [version]
    assert not (index / "staging").exists()
    after = StoredIndex(index)
    assert after.articles == before.articles and after.chunk_keys == before.chunk_keys


def test_article_texts_are_read_from_sqlite_when_asked_for_not_held(tmp_path: Path) -> None:
    articles, chunks, vecs = _material(3)
    publish(tmp_path, articles, chunks, vecs, model="test-model", max_tokens=64, overlap=0)
    idx = StoredIndex(tmp_path)
    assert [h.text for h in idx.articles.headers] == ["", "", ""]
    assert [h.title for h in idx.articles.headers] == [a.title for a in articles]
    assert idx.articles[1] == articles[1] and idx.articles[-1] == articles[-1] and idx.articles[0:2] == articles[0:2]
    assert idx.chunk_text(3) == "Its sequel number 1 followed."
    with pytest.raises(IndexError):
        idx.articles[3]


def test_a_server_reads_chunk_keys_and_hashes_only_when_the_job_asks(fixture_index: Path) -> None:
    with StoredIndex(fixture_index) as idx:
        idx.keyword_search(["rail", "timetable"], 5)
        idx.chunk_text(0)
        idx.vectors(np.array([0, 1]))
        first = idx.articles[0].id
        chunks = idx.chunks_of(first)  # the article's keys come from SQLite, a range at a time
        assert "chunk_keys" not in vars(idx) and "hashes" not in vars(idx)  # nothing per chunk held for serving
        assert [c.key for c in chunks] == idx.chunk_keys[: len(chunks)] and all(chunks[0].key)
        assert idx.hashes[first] and len(idx.chunk_keys) == idx.faiss.ntotal
