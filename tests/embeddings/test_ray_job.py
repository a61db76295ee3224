"""The embedding job on Ray (local mode, and a real head started here) against the local engine, real model.

Rules found while trying Ray on this machine, kept here as fixtures and in docs/operations.md:
- ``ray.init(address="local")`` always (``ray_cluster.ray_session`` does it), or a stale
  ``/tmp/ray/ray_current_cluster`` makes Ray attach to someone else's cluster;
- 2 CPUs for the tests, and an encoder pool that never reserves every CPU (``pool_sizes``), or reads starve;
- ``RAY_USAGE_STATS_ENABLED=0``; a ``ray start`` head needs ``RAY_AUTH_MODE=token`` on the driver;
- Ray does not keep order: everything compared is sorted (the index itself is written in id order).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from archive_chat.cli import main
from archive_chat.errors import BadArchive
from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder
from embeddings.job import CHECKPOINT_ENV, run_job
from embeddings.ray_cluster import pool_sizes
from embeddings.ray_job import run_ray_job
from embeddings.store import StoredIndex, current_version
from tests.clean_env import clean_env
from tests.embeddings.test_job import ADDED, APPENDED, NEWS, _rewrite_jsonl, assert_same_index, synthetic_archive

pytestmark = pytest.mark.slow
QUERIES = ["Brannock", "treaty", "chair"]


@pytest.fixture(autouse=True)
def _ray_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)  # never attach to a cluster by accident


def _stats(index: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["stats", "--index", str(index), "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_the_pool_never_reserves_every_cpu() -> None:
    for cpus in (1, 2, 3, 4, 8, 64):
        per_actor, actors = pool_sizes(cpus)
        assert actors >= 1 and (actors * per_actor < cpus or cpus == 1), cpus


def test_ray_local_mode_equals_the_local_engine(
    tmp_path: Path, fixture_archive: Path, fixture_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "ray-index"
    settings = Settings(index_dir=index, archive=[fixture_archive], chunk_tokens=64)
    report = run_ray_job([fixture_archive], index, settings)
    assert report.published and (report.added, report.removed) == (13, 0)
    assert report.chunks_embedded == StoredIndex(index).manifest.chunks
    assert_same_index(index, fixture_index, QUERIES)
    got, want = _stats(index, capsys), _stats(fixture_index, capsys)
    assert (got["articles"], got["chunks"], got["content_hash"]) == (
        want["articles"],
        want["chunks"],
        want["content_hash"],
    )

    again = run_ray_job([fixture_archive], index, settings)
    assert not again.published and again.unchanged == 13 and again.chunks_embedded == 0


def test_incremental_through_ray_equals_a_clean_build(tmp_path: Path, encoder: SentenceEncoder) -> None:
    archive, index, clean = tmp_path / "news", tmp_path / "index", tmp_path / "clean"
    shutil.copytree(NEWS, archive)
    settings = Settings(index_dir=index, archive=[archive], chunk_tokens=64)
    run_job([archive], index, settings, encoder=encoder)  # the live version, built by the local engine
    old_keys = set(StoredIndex(index).chunk_keys)
    text = next(json.loads(line)["text"] for line in (archive / "articles.jsonl").read_text().splitlines()
                if '"brannock-collapse"' in line)  # fmt: skip
    _rewrite_jsonl(
        archive / "articles.jsonl",
        edit={"brannock-collapse": {"text": text + APPENDED}, "old-chair-2022": None},
        add=[ADDED],
    )
    report = run_ray_job([archive], index, settings)
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 1, 11)
    new = StoredIndex(index)
    touched = [c for a in ("brannock-collapse", "lunar-greenhouse") for c in new.chunks_of(a)]
    fresh = {c.key for c in touched} - old_keys
    assert report.chunks_embedded == len(fresh) < len(touched), "only new or changed chunks are embedded"
    assert report.tokens_embedded == sum(c.tokens for c in touched if c.key in fresh)
    run_job([archive], clean, settings.model_copy(update={"index_dir": clean}), encoder=encoder, full=True)
    assert_same_index(index, clean, ["Brannock", "potatoes greenhouse", "awake family"])


def test_a_bad_archive_names_file_and_line_and_publishes_nothing(tmp_path: Path) -> None:
    archive = tmp_path / "archive.jsonl"
    archive.write_text('{"id": "a", "title": "T", "text": "Fine."}\n{"id": "b", "title": 7, "text": "x"}\n')
    with pytest.raises(BadArchive, match=f"{archive}:2"):
        run_ray_job([archive], tmp_path / "index", Settings(chunk_tokens=64))
    assert current_version(tmp_path / "index") is None


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process group this test started (the driver and the Ray processes it spawned)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def test_a_killed_ray_driver_leaves_the_old_index_live_and_the_rerun_reuses_the_shards(tmp_path: Path) -> None:
    index, clean = tmp_path / "index", tmp_path / "clean"
    small, big = tmp_path / "small" / "archive.jsonl", tmp_path / "big" / "archive.jsonl"
    small.parent.mkdir()
    big.parent.mkdir()
    synthetic_archive(small, 20)
    synthetic_archive(big, 120)
    settings = Settings(index_dir=index, archive=[big], chunk_tokens=64, batch_size=16)
    v1 = run_ray_job([small], index, settings).version
    live = StoredIndex(index)

    env = clean_env()
    env |= {"ARCHIVE_CHAT_CHUNK_TOKENS": "64", "ARCHIVE_CHAT_BATCH_SIZE": "16", CHECKPOINT_ENV: "16"}
    cmd = [sys.executable, "-m", "archive_chat.cli", "index", "--engine", "ray", "--archive", str(big),
           "--index", str(index)]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not list((index / "staging").glob("shard-*.parquet")):
            assert proc.poll() is None, f"the job ended before its first checkpoint: {proc.communicate()}"
            assert time.monotonic() < deadline, "no parquet shard within 300 s"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # the driver first, at once: that is the crash under test
    finally:
        _kill_group(proc)
    assert proc.returncode == -signal.SIGKILL

    assert current_version(index) == v1 and sorted(os.listdir(index / "versions")) == [v1]
    assert StoredIndex(index).chunk_keys == live.chunk_keys
    # Ray's workers outlive a SIGKILLed driver until the raylet reaps them and may finish a shard or two:
    # count the checkpoint once it has stopped changing.
    shards: list[Path] = []
    while (now := sorted((index / "staging").glob("shard-*.parquet"))) != shards:
        shards = now
        time.sleep(10)
    staged = sum(pq.read_metadata(p).num_rows for p in shards)
    assert staged >= 16

    resumed = run_ray_job([big], index, settings)
    assert resumed.published and resumed.version == "v000002" and (resumed.added, resumed.unchanged) == (100, 20)
    total_new = StoredIndex(index).manifest.chunks - live.manifest.chunks
    assert resumed.chunks_embedded == total_new - staged, "every checkpointed vector was reused, none embedded twice"
    assert not (index / "staging").exists()
    run_ray_job([big], clean, settings.model_copy(update={"index_dir": clean}))
    assert_same_index(index, clean, ["bakery", "harbour park"])


@pytest.fixture
def ray_head() -> Iterator[str]:
    """A real one-node Ray cluster on 127.0.0.1, started here and stopped by its PID."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ray = Path(sys.executable).with_name("ray")
    short = tempfile.mkdtemp(prefix="ray-", dir="/tmp")  # its socket paths must stay under 108 bytes
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token"}
    head = subprocess.Popen(
        [str(ray), "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}", "--num-cpus=2",
         "--include-dashboard=false", f"--temp-dir={short}", "--block"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert head.poll() is None and time.monotonic() < deadline, "the Ray head did not come up"
            time.sleep(0.5)
        yield f"127.0.0.1:{port}"
    finally:
        head.terminate()  # by its PID; `ray start --block` then stops what it started …
        try:
            head.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        _kill_group(head)  # … and whatever of its own process group is still there after that
        shutil.rmtree(short, ignore_errors=True)


def test_the_same_job_runs_on_a_ray_cluster(
    tmp_path: Path, ray_head: str, fixture_archive: Path, fixture_index: Path
) -> None:
    index = tmp_path / "index"
    env = clean_env()
    env |= {"ARCHIVE_CHAT_CHUNK_TOKENS": "64", "RAY_AUTH_MODE": "token", "RAY_ADDRESS": ray_head}
    cmd = [sys.executable, "-m", "archive_chat.cli", "index", "--engine", "ray", "--archive",
           str(fixture_archive), "--index", str(index), "--json"]  # fmt: skip
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["published"] and report["added"] == 13
    assert_same_index(index, fixture_index, QUERIES)
    assert StoredIndex(index).manifest.content_hash == StoredIndex(fixture_index).manifest.content_hash
