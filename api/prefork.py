"""``archive-chat serve --workers N``: N worker processes forked from one parent that imported what they run.

uvicorn's own ``--workers`` spawns fresh interpreters: each imports FastAPI, numpy, FAISS and the encoder's runtime
again, into private memory. Here the parent binds the socket, imports those modules once, freezes its heap
(``gc.freeze``, so the collector does not write to the shared pages) and forks; the workers share the parent's
pages copy-on-write. Each worker then builds its own app (``api.app:app_from_environment``): it loads its encoder
after the fork (ONNX Runtime's and torch's thread pools do not survive a fork) and maps the index, whose vectors
are file-backed pages shared anyway.

The parent only supervises: it forwards SIGINT / SIGTERM to the workers, restarts a worker that dies while
serving, and stops everything with the worker's exit code when one fails at start-up (it would fail again).

Each worker listens on a socket of its own, all bound to the one port with ``SO_REUSEPORT``, so the kernel spreads
new connections over the workers. With one shared socket the first worker to wake accepted a whole burst: all 8
connections of ``bench/serve.py``'s concurrent run landed on one of two workers, and the other idled.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import time
from types import FrameType

import uvicorn

log = logging.getLogger(__name__)

STARTUP_FAILURE = 3  # a worker whose app never started (uvicorn's own exit code for it)
RESTART_AFTER_S = 10.0  # a worker that dies sooner than this after its start is failing, not crashing


def preload(precision: str) -> None:
    """Import the encoder runtime every worker will load (only import: no model, no thread pool yet)."""
    if precision == "int8":
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    else:
        import sentence_transformers  # noqa: F401
        import torch  # noqa: F401


def _worker(config: uvicorn.Config, sock: socket.socket) -> int:
    """Run one worker on the inherited socket (in the forked child); its exit code."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)  # uvicorn installs its own handlers for a graceful shutdown
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    return 0 if server.started else STARTUP_FAILURE


def bind_sockets(config: uvicorn.Config, workers: int) -> list[socket.socket]:
    """One bound socket per worker: for TCP, ``workers`` sockets on one port with ``SO_REUSEPORT`` (the kernel
    spreads connections over them); otherwise, or for one worker, uvicorn's one socket, shared."""
    if workers == 1 or config.uds is not None or config.fd is not None or not hasattr(socket, "SO_REUSEPORT"):
        return [config.bind_socket()] * workers
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sockets: list[socket.socket] = []
    port = config.port
    try:
        for _ in range(workers):
            sock = socket.socket(family=family, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((config.host, port))
            port = sock.getsockname()[1]  # port 0 asks for a free one: the others join the first's
            sock.set_inheritable(True)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        log.error("cannot listen on %s:%d: %s", config.host, config.port, exc)
        raise SystemExit(STARTUP_FAILURE) from exc
    host = f"[{config.host}]" if family == socket.AF_INET6 else config.host
    log.info("Uvicorn running on http://%s:%d with %d workers (Press CTRL+C to quit)", host, port, workers)
    return sockets


class Supervisor:
    """Forks and watches the workers, one per bound socket (the same socket may be given to several)."""

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        self.config, self.sockets = config, sockets
        self.children: dict[int, tuple[int, float]] = {}  # pid → (its socket's slot, when it was started)
        self.stopping = False
        self.code = 0

    def spawn(self, slot: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the parent's code
            code = 1
            try:
                for other in self.sockets:
                    if other is not self.sockets[slot]:
                        other.close()  # the other workers' sockets: this one accepts on its own only
                code = _worker(self.config, self.sockets[slot])
            finally:
                os._exit(code)
        self.children[pid] = (slot, time.monotonic())

    def stop(self, signum: int = signal.SIGTERM, _frame: FrameType | None = None) -> None:
        self.stopping = True
        for pid in self.children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass  # exited already; os.wait reaps it

    def run(self) -> int:
        """Fork the workers and wait for them; the exit code of the whole server."""
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        for slot in range(len(self.sockets)):
            self.spawn(slot)
        while self.children:
            pid, status = os.wait()
            child = self.children.pop(pid, None)
            if child is None or self.stopping:
                continue
            slot, started = child
            code = os.waitstatus_to_exitcode(status)
            if code == STARTUP_FAILURE or time.monotonic() - started < RESTART_AFTER_S:
                log.error("worker %d failed at start-up (exit code %d): stopping the server", pid, code)
                self.code = code or 1
                self.stop()
            else:
                log.warning("worker %d exited (code %d) while serving: starting another", pid, code)
                self.spawn(slot)  # on the same socket: connections queued on it meanwhile are served
        return self.code


def serve_forked(app_factory: str, *, workers: int, precision: str, host: str, port: int) -> int:
    """Bind ``host:port``, preload, fork ``workers`` workers that each build ``app_factory``; the exit code."""
    config = uvicorn.Config(app_factory, factory=True, host=host, port=port, log_level="info")
    sockets = bind_sockets(config, workers)
    try:
        preload(precision)  # the app's own modules (FastAPI, numpy, FAISS, the engine) are imported by the caller
        gc.collect()
        gc.freeze()
        return Supervisor(config, sockets).run()
    finally:
        for sock in set(sockets):
            sock.close()
