"""Fixtures for rag tests: a real llama.cpp server with the packaged SmolLM2 model."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.rag.llm_server import free_port, smollm2_gguf

SERVER_START_TIMEOUT_S = 120.0


def _log_tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def llm_base_url() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of a llama.cpp server running SmolLM2-135M-Instruct.

    Missing dependencies fail the tests rather than skip them: ``make test`` installs them, so a
    skip would only hide a broken setup.
    """
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.fail("llama-cpp-python is not installed: run `make install-dev` (it is in the dev extras)")
    try:
        model = smollm2_gguf()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    launcher = Path(__file__).with_name("llm_server.py")
    command = [
        sys.executable,
        str(launcher),
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
    ]
    with tempfile.TemporaryDirectory(prefix="llama-server-") as tmp:
        log_path = Path(tmp) / "server.log"
        # A file, not a pipe: llama.cpp logs a lot at load time and a full pipe would block it.
        with log_path.open("wb") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT_S
            while True:
                if process.poll() is not None:
                    pytest.fail(f"llama.cpp server exited with {process.returncode}:\n{_log_tail(log_path)}")
                try:
                    if httpx.get(f"{base_url}/v1/models", timeout=2.0).status_code == 200:
                        break
                except httpx.TransportError:
                    pass  # not listening yet
                if time.monotonic() > deadline:
                    pytest.fail(f"llama.cpp server not up after {SERVER_START_TIMEOUT_S:g} s:\n{_log_tail(log_path)}")
                time.sleep(0.25)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    """One AsyncClient per test, closed afterwards."""
    async with httpx.AsyncClient() as client:
        yield client
