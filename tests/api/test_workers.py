"""``archive-chat serve --workers 2``: real uvicorn workers forked from one parent, sharing its imported modules and
one mapped copy of the vectors."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.prefork import RESTART_AFTER_S
from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder
from embeddings.job import run_job

LATE = {
    "id": "lighthouse-keeper",
    "url": "https://news.example.com/2023/02/11/local/lighthouse-keeper/index.html",
    "title": "Last lighthouse keeper of Skerry Point retires",
    "published": "2023-02-11",
    "source": "news.example.com",
    "text": "The last lighthouse keeper of Skerry Point, Oona Varga, retired on Saturday after 31 years.",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _maps(pid: int, name: str) -> bool:
    try:
        return name in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


Server = tuple[str, subprocess.Popen[bytes]]


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory, fixture_settings: Settings, fixture_index: Path) -> Settings:
    """Copies of the fixture archive and index that the tests may publish into, and a data dir for the log."""
    root = tmp_path_factory.mktemp("workers")
    shutil.copytree(fixture_settings.archive[0], root / "archive")
    shutil.copytree(fixture_index, root / "index", symlinks=True)
    return fixture_settings.model_copy(
        update={"archive": [root / "archive"], "index_dir": root / "index", "data_dir": root / "data"}
    )


@pytest.fixture(scope="module")
def two_workers(private: Settings) -> Iterator[Server]:
    port = _free_port()
    env = {**os.environ, "ARCHIVE_CHAT_RATE_LIMIT_PER_MINUTE": "0", "ARCHIVE_CHAT_RELOAD_CHECK_S": "0.2",
           "ARCHIVE_CHAT_DATA_DIR": str(private.data_dir)}  # fmt: skip
    cmd = [sys.executable, "-m", "archive_chat.cli", "serve", "--index", str(private.index_dir), "--port", str(port),
           "--workers", "2", "--threads", "1"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "server exited"
            mapped = [c for c in _children(proc.pid) if _maps(c, "vectors.faiss")]
            try:
                if len(mapped) == 2 and httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("two workers never became ready")
        yield base, proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def test_workers_answer_and_share_one_mapped_copy_of_the_vectors(two_workers: Server) -> None:
    base, proc = two_workers
    workers = _children(proc.pid)
    mapped = [pid for pid in workers if _maps(pid, "vectors.faiss")]
    assert len(mapped) == 2  # each worker maps the file (page cache, one copy) instead of reading it into its heap
    assert not _maps(proc.pid, "vectors.faiss")  # the supervisor holds no index at all
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(6):
            r = client.post("/v1/answer", json={"question": "Who collapsed during the Ospreys game?"})
            assert r.status_code == 200
            body = r.json()
            assert body["citations"] and "Brannock" in body["answer"]


def _sockets(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets on local ``port`` in ``state`` ("01" established, "0A" listening), /proc/net/tcp."""
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return {r[9] for r in rows if int(r[1].split(":")[1], 16) == port and r[3] == state}


def _held(pid: int, inodes: set[str]) -> set[str]:
    """Which of the socket ``inodes`` process ``pid`` has open."""
    out = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:[") and target[8:-1] in inodes:
            out.add(target[8:-1])
    return out


def test_each_worker_listens_on_a_socket_of_its_own(two_workers: Server) -> None:
    base, proc = two_workers
    listening = _sockets(int(base.rsplit(":", 1)[1]), "0A")
    assert len(listening) == 2  # one port, two sockets (SO_REUSEPORT): the kernel spreads connections over them
    assert sorted(len(_held(pid, listening)) for pid in _children(proc.pid)) == [1, 1]


def test_connections_are_spread_over_both_workers(two_workers: Server) -> None:
    """Each worker listens on a socket of its own (SO_REUSEPORT): a burst of connections is not all accepted by
    the worker that happens to wake first. 16 connections all on one of two workers: 2 in 65,536 by chance."""
    base, proc = two_workers
    port = int(base.rsplit(":", 1)[1])
    burst = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(16)]  # all before any request
    try:
        for conn in burst:
            conn.sendall(b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        for conn in burst:
            assert conn.recv(64).startswith(b"HTTP/1.1 200"), "answered, so accepted; the connection stays open"
        established = _sockets(port, "01")
        held = {pid: len(_held(pid, established)) for pid in _children(proc.pid)}
    finally:
        for conn in burst:
            conn.close()
    assert sum(held.values()) == 16, held
    assert all(n > 0 for n in held.values()), held


def _rollup(pid: int) -> dict[str, int]:
    """/proc/PID/smaps_rollup as kB per field."""
    lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
    return {k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in lines)}


def test_workers_share_the_modules_their_parent_imported(two_workers: Server) -> None:
    _, proc = two_workers
    workers = _children(proc.pid)
    assert len(workers) == 2
    for pid in workers:
        mem = _rollup(pid)
        # forked after the parent imported the app and the encoder's runtime: a good part of each worker's heap is
        # the parent's pages, shared copy-on-write (a spawned interpreter's heap is all its own: PSS = all of it)
        assert mem["Pss_Anon"] < 0.8 * mem["Anonymous"], mem


def _ask_until(base: str, stop: threading.Event, outcomes: list[str]) -> None:
    """Ask questions over one connection until ``stop``; record each status code, or the transport error."""
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            try:
                r = client.post("/v1/answer", json={"question": "Who collapsed during the Ospreys game?"})
                outcomes.append(str(r.status_code))
            except httpx.TransportError as e:
                outcomes.append(repr(e))


def test_both_workers_follow_a_version_another_process_published_under_load(
    two_workers: Server, private: Settings, encoder: SentenceEncoder
) -> None:
    base, _ = two_workers
    before = httpx.get(f"{base}/readyz").json()["index_version"]
    stop, outcomes = threading.Event(), []  # four readers keep asking while the new version is written and switched
    readers = [threading.Thread(target=_ask_until, args=(base, stop, outcomes)) for _ in range(4)]
    for t in readers:
        t.start()
    try:
        (private.archive[0] / "late.jsonl").write_text(json.dumps(LATE) + "\n", encoding="utf-8")
        report = run_job(private.archive, private.index_dir, private, encoder=encoder)
        assert report.published and report.version != before
        time.sleep(0.3)
        deadline, fresh = time.monotonic() + 60, 0
        while fresh < 20:  # 20 new connections in a row (spread over both workers) all see the new version
            assert time.monotonic() < deadline, "a worker kept serving the old version"
            httpx.post(f"{base}/v1/search", json={"question": "lighthouse keeper"}, timeout=60)  # looks at CURRENT
            fresh = fresh + 1 if httpx.get(f"{base}/readyz").json()["index_version"] == report.version else 0
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=120)
    assert len(outcomes) >= 8, outcomes  # the load was real
    assert set(outcomes) == {"200"}, [o for o in outcomes if o != "200"][:5]


def test_a_worker_that_dies_while_serving_is_replaced(two_workers: Server) -> None:
    base, proc = two_workers
    time.sleep(RESTART_AFTER_S)  # past start-up: a death now is a crash to recover from, not a failing start
    victim = _children(proc.pid)[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, "the server stopped instead of replacing the worker"
        assert time.monotonic() < deadline, "no worker took the dead one's place"
        workers = [c for c in _children(proc.pid) if c != victim and _maps(c, "vectors.faiss")]
        if len(workers) == 2:
            break
        time.sleep(0.5)
    r = httpx.post(f"{base}/v1/answer", json={"question": "Who collapsed during the Ospreys game?"}, timeout=60)
    assert r.status_code == 200 and r.json()["citations"]


def test_bad_worker_count_is_refused_before_binding(fixture_index: Path) -> None:
    cmd = [sys.executable, "-m", "archive_chat.cli", "serve", "--index", str(fixture_index), "--workers", "0"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "--workers must be ≥ 1" in done.stderr
