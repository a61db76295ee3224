"""Segments: incremental runs append one and delete what they replace; readers search a version's segments as one
index; compaction (``archive-chat compact``, or a run past ``MAX_SEGMENTS``) writes a clean build's index; the
versions before segments still read."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest

from archive_chat.cli import main
from archive_chat.errors import IndexMismatch, IndexMissing
from archive_chat.settings import Settings
from embeddings.compact import compact
from embeddings.durable import write_lock
from embeddings.index_format import DELETED_FILE, segment_paths
from embeddings.job import run_job
from embeddings.publish import VersionWriter
from embeddings.store import StoredIndex, current_version, read_manifest
from embeddings.terms import terms
from rag.engine import Engine
from tests.embeddings.test_job import assert_same_index, synthetic_archive
from tests.hash_encoder import HashEncoder

QUERIES = ["bakery", "railway budget", "harbour park"]


def _settings(index: Path, archive: Path) -> Settings:
    return Settings(index_dir=index, archive=[archive], chunk_tokens=64, model=HashEncoder.name)


def _edit(archive: Path, change: list[int], remove: list[int], add: int, tag: str) -> None:
    """Rewrite the synthetic archive: ``change`` articles get a new first sentence, ``remove`` go, ``add`` new ones
    (numbered after the last) come in."""
    rows = [json.loads(line) for line in archive.read_text(encoding="utf-8").splitlines()]
    out, last = [], max(int(r["id"][4:]) for r in rows)
    for r in rows:
        n = int(r["id"][4:])
        if n in remove:
            continue
        if n in change:
            r["text"] = f"The harbour park reopened with a {tag} fountain (item {n}.{tag}). {r['text']}"
        out.append(r)
    for k in range(add):
        text = f"A bakery on the harbour park sold {tag} bread to the railway crews (item {tag}.{k})."
        out.append({"id": f"syn-{last + 1 + k:04d}", "title": f"Added story {tag} {k}", "published": "2023-03-03",
                    "text": text})  # fmt: skip
    archive.write_text("".join(json.dumps(r) + "\n" for r in out), encoding="utf-8")


def _built(
    tmp_path: Path, hash_encoder: HashEncoder, articles: int, vector_index: str = "auto"
) -> tuple[Path, Path, Settings]:
    """A synthetic archive of ``articles`` articles and its index, built by the job: (archive, index, settings)."""
    archive, index = tmp_path / "archive.jsonl", tmp_path / "index"
    synthetic_archive(archive, articles)
    settings = _settings(index, archive).model_copy(update={"vector_index": vector_index})
    run_job([archive], index, settings, encoder=hash_encoder)
    return archive, index, settings


def _three_segments(tmp_path: Path, hash_encoder: HashEncoder) -> tuple[Path, Path, Settings]:
    archive, index, settings = _built(tmp_path, hash_encoder, 40)
    _edit(archive, change=[3, 4, 5], remove=[7, 8], add=4, tag="blue")
    run_job([archive], index, settings, encoder=hash_encoder)
    _edit(archive, change=[4, 20], remove=[9], add=3, tag="green")
    run_job([archive], index, settings, encoder=hash_encoder)
    return archive, index, settings


def test_appended_segments_search_as_one_index_without_their_deleted_chunks(
    tmp_path: Path, hash_encoder: HashEncoder
) -> None:
    archive, index, settings = _three_segments(tmp_path, hash_encoder)
    with StoredIndex(index) as idx:
        m = idx.manifest
        assert [ref.name for ref in m.segments] == ["s000001", "s000002", "s000003"]
        assert (m.deleted, m.articles) == (8, 44)  # 5 changed (one twice) and 3 removed; 40 - 3 + 7 added
        assert idx.alive is not None and len(idx.by_id) == m.articles
        live = sorted(idx.by_id)
        alive = idx.alive
        assert int(alive.sum()) == m.chunks
        assert not any(alive[idx.chunk_range(int(a))].any() for a in idx.deleted)
        everything = idx.vectors(np.arange(len(alive)))
        rng = np.random.default_rng(3)
        for q in [*everything[rng.choice(len(alive), 5)], *rng.standard_normal((5, everything.shape[1]))]:
            q = (q / np.linalg.norm(q)).astype(np.float32)
            scores, ids = idx.vector_search(q, 10, alive)
            exact = np.where(alive, everything @ q, -np.inf)
            assert ids.tolist() == np.argsort(-exact, kind="stable")[:10].tolist()
            np.testing.assert_allclose(scores, exact[ids], rtol=1e-5)
        for words in (["harbour", "park"], ["bakery"], ["fountain"]):
            no_filter = np.ones(len(alive), dtype=bool)  # a mask hiding nothing: tantivy holds no deleted chunk
            hits = idx.keyword_search(words, 100_000, no_filter)
            assert len(hits.ids) and alive[hits.ids].all(), words
            stems = {t for w in words for t in terms(w)}
            holds = [
                bool(stems & {*terms(idx.chunk_text(c)), *terms(idx.articles.headers[int(idx.chunk_article[c])].title)})
                for c in range(len(alive))
            ]  # fmt: skip
            assert set(hits.ids.tolist()) == {c for c in range(len(alive)) if alive[c] and holds[c]}, words
            shares = hits.matched_at(np.arange(len(alive)))
            assert ((shares > 0) == np.array(holds)).all(), words
    with Engine.open(index, settings, encoder=hash_encoder) as engine:
        removed = {"syn-0007", "syn-0008", "syn-0009"}
        for question in ("Synthetic story 7, 8 and 9", "harbour park fountain item 4"):
            passages, _ = engine.search(question, as_of=dt.date(2023, 12, 31), k=60)  # every article it can see
            assert sorted(p.article_id for p in passages) == live, question
            for p in passages:
                article = engine.article(p.article_id)
                assert p.article_id not in removed, "removed articles are deleted"
                assert article is not None and article.text[p.start : p.end] == p.text, "replaced texts are deleted"


def test_compaction_equals_a_clean_build_and_old_segments_are_collected(
    tmp_path: Path, hash_encoder: HashEncoder, capsys: pytest.CaptureFixture[str]
) -> None:
    archive, index, settings = _three_segments(tmp_path, hash_encoder)
    clean = tmp_path / "clean"
    run_job([archive], clean, settings.model_copy(update={"index_dir": clean}), encoder=hash_encoder)
    assert_same_index(index, clean, QUERIES)

    assert main(["compact", "--index", str(index), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["published"] and (report["segments_before"], report["deleted_before"]) == (3, 8)
    assert_same_index(index, clean, QUERIES, exact=True)
    assert read_manifest(index).content_hash == read_manifest(clean).content_hash
    assert main(["compact", "--index", str(index)]) == 0
    assert "already one segment with nothing deleted: version v000004" in capsys.readouterr().out

    _edit(archive, change=[11], remove=[], add=0, tag="red")
    run_job([archive], index, settings, encoder=hash_encoder)  # appends to the compacted segment
    assert [ref.name for ref in read_manifest(index).segments] == ["s000004", "s000005"]
    assert sorted(p.name for p in (index / "segments").iterdir()) == ["s000004", "s000005"]


def test_a_run_past_max_segments_compacts(
    tmp_path: Path, hash_encoder: HashEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("embeddings.plan.MAX_SEGMENTS", 2)
    archive, index, settings = _built(tmp_path, hash_encoder, 30)
    _edit(archive, change=[1], remove=[2], add=1, tag="blue")
    first = run_job([archive], index, settings, encoder=hash_encoder)
    assert len(read_manifest(index).segments) == 2
    _edit(archive, change=[3], remove=[], add=1, tag="green")
    again = run_job([archive], index, settings, encoder=hash_encoder)
    m = read_manifest(index)
    assert ([ref.name for ref in m.segments], m.deleted) == (["s000003"], 0)
    assert first.chunks_embedded and again.chunks_embedded < 5, "compacting reuses every stored vector"
    clean = tmp_path / "clean"
    run_job([archive], clean, settings.model_copy(update={"index_dir": clean}), encoder=hash_encoder)
    assert_same_index(index, clean, QUERIES, exact=True)


def test_a_version_before_segments_reads_and_the_next_run_writes_segments(
    tmp_path: Path, hash_encoder: HashEncoder
) -> None:
    archive, index, settings = _built(tmp_path, hash_encoder, 20)
    with StoredIndex(index) as idx:
        want = [idx.keyword_search(q.split(), 10).ids.tolist() for q in QUERIES]
        version = idx.path
    # format 1: the one segment's files in the version directory, no segments listed
    [segment] = segment_paths(index, read_manifest(index))
    for f in segment.iterdir():
        shutil.move(f, version / f.name)
    shutil.rmtree(index / "segments")
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    del manifest["segments"], manifest["deleted"]
    (version / "manifest.json").write_text(json.dumps({**manifest, "format_version": 1}), encoding="utf-8")
    with StoredIndex(index) as idx:
        assert idx.manifest.format_version == 1 and idx.segments[0].path == version
        assert [idx.keyword_search(q.split(), 10).ids.tolist() for q in QUERIES] == want
    _edit(archive, change=[2], remove=[], add=1, tag="blue")
    run_job([archive], index, settings, encoder=hash_encoder)
    m = read_manifest(index)
    assert m.format_version == 2 and [ref.name for ref in m.segments] == ["s000001"] and m.deleted == 0


def test_a_missing_segment_or_a_wrong_deletion_file_is_refused_by_name(
    tmp_path: Path, hash_encoder: HashEncoder
) -> None:
    archive, index, _ = _three_segments(tmp_path, hash_encoder)
    version = index / "versions" / read_manifest(index).version
    np.save(version / DELETED_FILE, np.array([0, 1], dtype=np.int64))
    with pytest.raises(IndexMismatch, match=rf"{DELETED_FILE}: 2 deleted articles, not the manifest's"):
        StoredIndex(index)
    (version / DELETED_FILE).unlink()  # a copy without it would bring the deleted articles back
    with pytest.raises(IndexMismatch, match=rf"{DELETED_FILE}: missing, the manifest deletes 8 articles"):
        StoredIndex(index)
    shutil.rmtree(index / "segments" / "s000002")
    with pytest.raises(IndexMissing, match=r"s000002/vectors\.faiss: unreadable"):
        StoredIndex(index)


def test_a_reload_after_an_append_shares_the_segments_it_already_read(
    tmp_path: Path, hash_encoder: HashEncoder
) -> None:
    archive, index, settings = _built(tmp_path, hash_encoder, 20)
    with Engine.open(index, settings, encoder=hash_encoder) as engine:
        first = StoredIndex(index)
        conn = first.segments[0].db()
        _edit(archive, change=[2], remove=[3], add=1, tag="blue")
        run_job([archive], index, settings, encoder=hash_encoder)
        second = StoredIndex(index, share=first)
        assert second.segments[0] is first.segments[0] and len(second.segments) == 2
        first.close()  # the retired version: the segment it shares stays open for the live one
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (20,)
        assert second.keyword_search(["bakery"], 5).ids.size and second.articles.text(0)
        second.close()
        with pytest.raises(sqlite3.ProgrammingError):
            conn.execute("SELECT 1")  # the last version reading it closed it

        assert engine.reload()
        passages, _ = engine.search("blue bread on the harbour park", as_of=dt.date(2023, 12, 31), k=3)
        assert "Added story blue 0" in [p.title for p in passages]


def test_one_writer_at_a_time_and_a_stale_base_publishes_nothing(tmp_path: Path, hash_encoder: HashEncoder) -> None:
    archive, index, settings = _built(tmp_path, hash_encoder, 20)
    _edit(archive, change=[2], remove=[], add=1, tag="blue")
    reports: list[object] = []
    said: list[str] = []

    def run() -> None:
        reports.append(run_job([archive], index, settings, encoder=hash_encoder, log=said.append))

    with write_lock(index):  # another run or a compaction is writing
        job = threading.Thread(target=run)
        job.start()
        job.join(timeout=3)
        assert job.is_alive() and current_version(index) == "v000001", "the run waits for the lock"
        assert any(m.startswith(f"waiting for {index / '.write.lock'}") for m in said), said
    job.join(timeout=60)
    assert not job.is_alive() and current_version(index) == "v000002" and len(reports) == 1

    # a writer outside the lock whose base stopped being live publishes nothing
    with StoredIndex(index) as live, pytest.raises(RuntimeError, match="was published while this run appended"):
        m = live.manifest
        with VersionWriter(index, model=m.model, dim=m.dim, max_tokens=m.max_tokens, overlap=m.overlap, base=live):
            compact(index, force=True)  # publishes v000003
    assert current_version(index) == "v000003"
    assert not [p for p in (index / "versions").iterdir() if p.name.startswith(".")]


def test_an_appended_segment_below_autos_threshold_is_exact_whatever_the_setting(
    tmp_path: Path, hash_encoder: HashEncoder
) -> None:
    archive, index, settings = _built(tmp_path, hash_encoder, 60, "ivf-sq8")
    _edit(archive, change=[2], remove=[], add=1, tag="blue")
    run_job([archive], index, settings, encoder=hash_encoder)
    m = read_manifest(index)
    assert [ref.vector_index for ref in m.segments] == ["ivf-sq8", "flat"] and m.vector_index == "ivf-sq8"


def test_compacting_where_there_is_no_index_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="no index at"):
        compact(tmp_path / "typo")
    assert not (tmp_path / "typo").exists()
