"""The crash loop: the embedding job SIGKILLed 20 times at random moments, some of them inside publish.

Each round changes the archive and starts the job in a real process, then kills it: at a random moment
of its run, or once it has begun writing a new version (``versions/.v*.tmp``); a round whose job ends
before its moment does not count as a kill. After every kill the
live index is the previous version or a complete new one, opens, and answers. A last uninterrupted run
must equal a clean build, by ``archive-chat stats --json`` (``articles``, ``chunks``, ``content_hash``)
and chunk by chunk. The job embeds with the deterministic ``HashEncoder`` (the same vectors in every
process), so a round costs a process start rather than a model load.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from archive_chat.cli import main
from archive_chat.settings import Settings, get_settings
from embeddings.job import CHECKPOINT_ENV, run_job
from embeddings.load import load_archive
from embeddings.spool import PREFIX
from embeddings.store import StoredIndex, current_version
from rag.engine import Engine
from tests.clean_env import clean_env
from tests.embeddings.test_job import NEWS, assert_same_index, synthetic_archive
from tests.hash_encoder import HashEncoder

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
QUESTION = "What happened to Teodor Brannock?"
JOB = (
    "import sys; from pathlib import Path; from archive_chat.settings import Settings; "
    "from embeddings.job import run_job; from tests.hash_encoder import HashEncoder; "
    "archive, index = Path(sys.argv[1]), Path(sys.argv[2]); "
    "run_job([archive], index, Settings(index_dir=index, archive=[archive], chunk_tokens=64, "
    "model=HashEncoder.name), encoder=HashEncoder())"
)


def _settings(archive: Path, index: Path) -> Settings:
    return Settings(index_dir=index, archive=[archive], chunk_tokens=64, model=HashEncoder.name)


def _start_job(archive: Path, index: Path) -> subprocess.Popen[bytes]:
    env = clean_env() | {CHECKPOINT_ENV: "8"}
    return subprocess.Popen(
        [sys.executable, "-c", JOB, str(archive), str(index)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _publishing(index: Path) -> bool:
    """True while the job writes a new version (its temporary directory exists)."""
    return any((index / "versions").glob(".v*.tmp")) if (index / "versions").exists() else False


def _kill(proc: subprocess.Popen[bytes], index: Path, at: float | None) -> str:
    """SIGKILL ``proc`` ``at`` seconds after its start, or (``at=None``) as soon as it is publishing.

    Returns when it was killed ("run", "publish"), or "finished" when the job ended first.
    """
    start = time.monotonic()
    while proc.poll() is None:
        publishing = _publishing(index)
        if (at is None and publishing) or (at is not None and time.monotonic() - start >= at):
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate()
            return "publish" if publishing else "run"
        assert time.monotonic() - start < 120, "the job neither finished nor published within 120 s"
        time.sleep(0.0005)
    _, err = proc.communicate()
    assert proc.returncode == 0, err.decode()[-3000:]
    return "finished"


Hashes = dict[str, str]  # article id → content hash: what a version holds


def _hashes(archive: Path) -> Hashes:
    return {a.id: a.content_hash for a in load_archive([archive])}


def _check_live(
    index: Path, settings: Settings, before: tuple[str, Hashes], new: Hashes, encoder: HashEncoder
) -> tuple[str, Hashes]:
    """The live version is the one before the kill, or a complete newer one that holds the new archive; it opens
    and answers. ``before`` and the result are (version, article hashes) of the live index."""
    live = current_version(index)
    assert live is not None and live >= before[0], (live, before[0])
    with StoredIndex(index) as stored:
        held = dict(stored.hashes)
        assert held == (before[1] if live == before[0] else new), live
        assert len(stored.by_id) == stored.manifest.articles
    with Engine.open(index, settings, encoder=encoder) as engine:
        answer = engine.answer(QUESTION)
        assert engine.version == live
        assert answer.citations and not answer.abstained
        for c in answer.citations:
            article = engine.article(c.article_id)
            assert article is not None and article.text[c.start : c.end] == c.quote
    return live, held


def _stats(index: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["stats", "--index", str(index), "--json"]) == 0
    stats: dict[str, object] = json.loads(capsys.readouterr().out)
    return stats


def test_twenty_kills_lose_nothing_and_the_last_run_equals_a_clean_build(
    tmp_path: Path, hash_encoder: HashEncoder, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(20240917)
    archive, index, clean = tmp_path / "archive", tmp_path / "index", tmp_path / "clean"
    shutil.copytree(NEWS, archive)
    extra = archive / "extra.jsonl"
    synthetic_archive(extra, 30, seed=0)
    settings = _settings(archive, index)

    t0 = time.monotonic()
    assert _kill(_start_job(archive, index), index, at=float("inf")) == "finished"
    duration = time.monotonic() - t0  # one whole run in its own process: the span the kills are drawn from
    live = _check_live(index, settings, ("v000000", {}), _hashes(archive), hash_encoder)

    moments: dict[str, int] = {"run": 0, "publish": 0, "finished": 0}
    rounds, killed = 0, set()
    while moments["run"] + moments["publish"] < KILLS:
        rounds += 1
        assert rounds <= 3 * KILLS, f"only {moments} after {rounds} rounds"
        synthetic_archive(extra, 30 + rounds, seed=rounds)  # every round has new and changed articles to embed
        new = _hashes(archive)
        # every third kill waits for publish; the others fall in the second half of a run's span (the first half
        # is mostly the interpreter starting), or after the job's end, when the run was quicker than the first
        at = None if rounds % 3 == 0 else rng.uniform(0.5, 1.05) * duration
        started = time.monotonic()
        job = _start_job(archive, index)
        moment = _kill(job, index, at)
        moments[moment] += 1
        killed.add(job.pid)
        if moment == "finished":  # the first run was slow (a cold start, a busy machine): draw from the quicker span
            duration = min(duration, time.monotonic() - started)
        live = _check_live(index, settings, live, new, hash_encoder)
    assert moments["publish"] >= KILLS // 4, moments

    final = run_job([archive], index, settings, encoder=hash_encoder)
    assert final.version == current_version(index) and not (index / "staging").exists()
    left = [p for pid in killed for p in Path(tempfile.gettempdir()).glob(f"{PREFIX}{pid}-*")]
    assert not left, left  # the killed jobs' spools (copies of the archive) went with the next run
    run_job([archive], clean, _settings(archive, clean), encoder=hash_encoder)
    monkeypatch.setenv("ARCHIVE_CHAT_MODEL", HashEncoder.name)
    get_settings.cache_clear()
    got, want = _stats(index, capsys), _stats(clean, capsys)
    get_settings.cache_clear()
    assert {k: got[k] for k in ("articles", "chunks", "content_hash")} == {
        k: want[k] for k in ("articles", "chunks", "content_hash")
    }
    assert got["model_mismatch"] is None
    assert_same_index(index, clean, ["Brannock", "bakery", "harbour park"])
    versions = sorted(p.name for p in (index / "versions").iterdir())
    assert versions[-1] == final.version and not any(v.startswith(".") for v in versions), versions
    with capsys.disabled():
        print(f"crash loop: {moments} in {rounds} rounds")  # where the kills fell (shown with -s)
