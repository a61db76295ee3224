"""``archive-chat serve --workers 2``: a real multi-process uvicorn server whose workers map one copy of the vectors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


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
def two_workers(fixture_index: Path) -> Iterator[Server]:
    port = _free_port()
    env = {**os.environ, "ARCHIVE_CHAT_RATE_LIMIT_PER_MINUTE": "0"}
    cmd = [sys.executable, "-m", "archive_chat.cli", "serve", "--index", str(fixture_index), "--port", str(port),
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


def test_bad_worker_count_is_refused_before_binding(fixture_index: Path) -> None:
    cmd = [sys.executable, "-m", "archive_chat.cli", "serve", "--index", str(fixture_index), "--workers", "0"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "--workers must be ≥ 1" in done.stderr
