"""Benchmark of the HTTP service (not a test): a real ``archive-chat serve`` process answering over loopback.

    .venv/bin/python bench/serve.py --index var/rtqa-128 --out var/bench-serve.json
    .venv/bin/python bench/serve.py --index var/rtqa-128 --requests 10   # a quick check

Steps, all against one server started as ``archive-chat serve --index DIR`` on a free loopback port with the rate
limit off (``ARCHIVE_CHAT_RATE_LIMIT_PER_MINUTE=0``), every request a ``POST /v1/answer`` of
``{"question", "as_of": date}`` from the questions file (cycled, in file order):

1. wait for ``GET /readyz`` == 200 (model load and index open); each run below starts with a few warm-up requests;
2. 1 client, N requests one after the other: client-side latency p50/p95/p99 and requests/s;
3. 8 clients, each its own connection and its own share of the same N requests: p50/p95/p99 and requests/s;
4. the server's RSS (current and peak, from /proc/PID/status), its CPU time per request, and the medians of the
   ``timings_ms`` it reports, to tell server work from HTTP and queueing time.

The server is stopped at the end, also on errors and Ctrl-C. See bench/README.md for the targets and figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from archive_chat.errors import ArchiveChatError
from embeddings.store import read_manifest

DEFAULT_QUESTIONS = Path("/work/shared/eval/rtqa-dev/questions.jsonl")
TARGET_P50_MS = 150.0  # at 1 client
TARGET_P95_MS = 400.0  # at 1 client
READY_TIMEOUT_S = 300.0
REQUEST_TIMEOUT_S = 120.0
STAGES = ("embed_query_ms", "retrieve_ms", "answer_ms", "total_ms")
# Passed through to the server and recorded: they change its figures (torch's OpenMP threads, malloc, Settings).
ENV_PREFIXES = ("ARCHIVE_CHAT_", "OMP_", "MKL_", "GOMP_", "MALLOC_")

Sample = tuple[float, dict[str, float]]  # client-side latency in ms, the server's timings_ms


def load_bodies(path: Path) -> list[dict[str, str]]:
    """``/v1/answer`` bodies from a RealTimeQA questions file: only its ``question`` and ``date`` fields."""
    bodies = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            q = json.loads(line)
            bodies.append({"question": q["question"], "as_of": q["date"]})
    if not bodies:
        raise SystemExit(f"no questions in {path}")
    return bodies


def free_port() -> int:
    """A loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(index: Path, port: int, log: Any, workers: int = 1, threads: int = 0) -> subprocess.Popen[bytes]:
    """``archive-chat serve`` as a child process in its own session (so a Ctrl-C reaches only this script)."""
    env = {**os.environ, "ARCHIVE_CHAT_RATE_LIMIT_PER_MINUTE": "0"}  # 0 disables the limiter (api/security.py)
    cmd = [sys.executable, "-m", "archive_chat.cli", "serve", "--index", str(index), "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--threads", str(threads)]  # fmt: skip
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn shuts down gracefully), then SIGKILL if it is still there after 15 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_ready(proc: subprocess.Popen[bytes], base: str, log_path: Path) -> dict[str, Any]:
    """Poll ``GET /readyz`` until 200; fail early if the server exits or takes longer than READY_TIMEOUT_S."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    with httpx.Client(base_url=base, timeout=5.0) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = log_path.read_text(errors="replace")[-3000:]
                raise SystemExit(f"the server exited with {proc.returncode} before it was ready:\n{tail}")
            try:
                r = client.get("/readyz")
                if r.status_code == 200:
                    return dict(r.json())
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(0.25)
    raise SystemExit(f"the server was not ready after {READY_TIMEOUT_S:.0f} s (log: {log_path})")


def tree(pid: int) -> list[int]:
    """``pid`` and its child processes (the workers of ``serve --workers N``)."""
    out = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
            except OSError:
                continue  # gone
    return out


def proc_status(pid: int) -> dict[str, float]:
    """Resident memory of the server's processes summed, in MiB: current (VmRSS), peak (VmHWM), the anonymous
    part (RssAnon: file-backed pages such as the memory-mapped vectors are shared between workers), and PSS."""
    total = {"rss_mib": 0.0, "peak_rss_mib": 0.0, "private_rss_mib": 0.0, "pss_mib": 0.0}
    for p in tree(pid):
        text = Path(f"/proc/{p}/status").read_text()
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        for key, name in (("rss_mib", "VmRSS"), ("peak_rss_mib", "VmHWM"), ("private_rss_mib", "RssAnon")):
            total[key] += int(fields[name].split()[0]) / 1024
        # PSS: each page divided by the processes that map it, so pages the workers share (forked from one
        # parent, or the mapped vectors) count once in the sum; RSS counts them once per process
        rollup = Path(f"/proc/{p}/smaps_rollup").read_text().splitlines()
        total["pss_mib"] += next(int(x.split()[1]) for x in rollup if x.startswith("Pss:")) / 1024
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server's processes so far (all their threads)."""
    total = 0
    for p in tree(pid):
        after_comm = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(after_comm[11]) + int(after_comm[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def git_commit() -> str | None:
    """The checked-out commit of the code under test (uncommitted edits are not reflected)."""
    here = Path(__file__).parent
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, check=False)
    return done.stdout.strip() or None


def busy_seconds() -> float:
    """CPU time the whole machine has spent not idle, summed over cores (first line of /proc/stat)."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # minus idle and iowait; no guest


def cpu_snapshot(pid: int) -> tuple[float, float]:
    """(server CPU s, CPU s of every process other than the server and this script), to difference around a run."""
    server = cpu_seconds(pid)
    return server, busy_seconds() - server - time.process_time()


def index_builds() -> list[int]:
    """PIDs of running ``archive_chat.cli index`` processes, which would compete for the cores."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue  # gone, or not ours to read
            if b"archive_chat.cli" in argv and b"index" in argv:
                pids.append(int(entry.name))
    return pids


def answer_once(client: httpx.Client, body: dict[str, str]) -> Sample:
    t0 = time.perf_counter()
    r = client.post("/v1/answer", json=body)
    ms = (time.perf_counter() - t0) * 1000
    return ms, checked_timings(r, body)


def checked_timings(r: httpx.Response, body: dict[str, str]) -> dict[str, float]:
    """The server's ``timings_ms``; a non-200 stops the benchmark (figures over errors would mislead)."""
    if r.status_code != 200:
        raise SystemExit(f"POST /v1/answer {body} -> {r.status_code}: {r.text[:500]}")
    return {k: float(v) for k, v in r.json()["timings_ms"].items()}


def run_sequential(base: str, bodies: list[dict[str, str]]) -> tuple[list[Sample], float]:
    """One client, one keep-alive connection, requests back to back; returns the samples and the wall time."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as client:
        t0 = time.perf_counter()
        samples = [answer_once(client, body) for body in bodies]
        return samples, time.perf_counter() - t0


async def run_concurrent(base: str, bodies: list[dict[str, str]], clients: int) -> tuple[list[Sample], float]:
    """``clients`` clients, each its own connection sending its share (every clients-th body) back to back."""

    async def one_client(share: list[dict[str, str]]) -> list[Sample]:
        samples = []
        async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT_S) as client:
            await client.get("/healthz")  # connect before the clock starts for everyone
            await start.wait()
            for body in share:
                t0 = time.perf_counter()
                r = await client.post("/v1/answer", json=body)
                samples.append(((time.perf_counter() - t0) * 1000, checked_timings(r, body)))
        return samples

    start = asyncio.Event()
    tasks = [asyncio.create_task(one_client(bodies[i::clients])) for i in range(clients)]
    await asyncio.sleep(0.5)
    t0 = time.perf_counter()
    start.set()
    results = await asyncio.gather(*tasks)
    return [s for r in results for s in r], time.perf_counter() - t0


def percentile(values: list[float], p: int) -> float:
    """Linear-interpolated percentile, ``p`` in 1..99: ``percentile([1, 2, 3, 4], 50) == 2.5``."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summary(samples: list[Sample], wall_s: float, cpu: tuple[float, float], clients: int) -> dict[str, Any]:
    """Latency percentiles, throughput, server CPU per request, the medians of the server's stage timings, and
    the share of the machine that other processes took meanwhile (anything far above 0 pollutes the figures)."""
    ms = [s[0] for s in samples]
    cpu_s, other_s = cpu
    server = {k: round(statistics.median(t[k] for _, t in samples if k in t), 1) for k in STAGES}
    return {
        "clients": clients,
        "requests": len(samples),
        "wall_s": round(wall_s, 2),
        "requests_per_s": round(len(samples) / wall_s, 2),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
        "server_cpu_ms_per_request": round(cpu_s * 1000 / len(samples), 1),
        "other_processes_cpu_share": round(max(0.0, other_s) / (wall_s * (os.cpu_count() or 1)), 3),
        "server_median_ms": server,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--index", type=Path, required=True, help="an existing index directory")
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="RealTimeQA JSON Lines (%(default)s)")
    p.add_argument("--requests", type=int, default=120, help="requests per run (%(default)s)")
    p.add_argument("--clients", type=int, default=8, help="clients of the concurrent run (%(default)s)")
    p.add_argument("--warmup", type=int, default=8, help="warm-up requests, not measured (%(default)s)")
    p.add_argument("--out", type=Path, default=None, help="also write the figures as JSON")
    p.add_argument("--workers", type=int, default=1, help="server processes (%(default)s)")
    p.add_argument("--threads", type=int, default=0, help="encoder threads per server process (0: torch's default)")
    args = p.parse_args(argv)
    if args.requests < args.clients or args.clients < 1:
        raise SystemExit("need --requests ≥ --clients ≥ 1")

    try:
        manifest = read_manifest(args.index)  # before starting anything: is it an index at all?
    except ArchiveChatError as e:
        raise SystemExit(f"bench/serve.py: {e}") from None
    pool = load_bodies(args.questions)
    bodies = [pool[i % len(pool)] for i in range(args.requests)]
    warmup = [pool[-1 - i % len(pool)] for i in range(args.warmup)]  # from the other end of the file
    busy = index_builds()
    if busy:
        print(f"warning: index builds running (pids {busy}): the figures will be pessimistic", file=sys.stderr)
    load_before = os.getloadavg()

    # SIGTERM becomes SystemExit, so the finally below stops the server as it does on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile(prefix="bench-serve-", suffix=".log", delete=False) as log:
        log_path = Path(log.name)
        t0 = time.perf_counter()
        proc = start_server(args.index.resolve(), port, log, args.workers, args.threads)
        failed = True
        try:
            ready = wait_ready(proc, base, log_path)
            ready_s = time.perf_counter() - t0
            memory_ready = proc_status(proc.pid)
            run_sequential(base, warmup)
            cpu0 = cpu_snapshot(proc.pid)
            seq, seq_s = run_sequential(base, bodies)
            cpu1 = cpu_snapshot(proc.pid)
            memory_sequential = proc_status(proc.pid)  # before any concurrency: what one request at a time needs

            asyncio.run(run_concurrent(base, warmup * 2, args.clients))  # warm the server's thread pool
            cpu1 = cpu_snapshot(proc.pid)
            conc, conc_s = asyncio.run(run_concurrent(base, bodies, args.clients))
            cpu2 = cpu_snapshot(proc.pid)
            memory_after = proc_status(proc.pid)
            failed = False
        finally:
            stop_server(proc)
            if failed:
                print(f"server log kept: {log_path}", file=sys.stderr)
            else:
                log_path.unlink()

    figures = {
        "index": str(args.index),
        "index_version": ready.get("index_version"),
        "articles": manifest.articles,
        "chunks": manifest.chunks,
        "chunk_tokens": manifest.max_tokens,
        "questions": str(args.questions),
        "commit": git_commit(),
        "env": {k: v for k, v in sorted(os.environ.items()) if k.startswith(ENV_PREFIXES)},
        "cores": os.cpu_count(),
        "workers": args.workers,
        "threads": args.threads,
        "load_avg_1m_before": round(load_before[0], 2),
        "load_avg_1m_after": round(os.getloadavg()[0], 2),
        "index_builds_running": busy,
        "ready_s": round(ready_s, 2),
        "warmup_requests": args.warmup * 3,
        "memory_ready": {k: round(v, 1) for k, v in memory_ready.items()},
        "memory_after_sequential": {k: round(v, 1) for k, v in memory_sequential.items()},
        "memory_after": {k: round(v, 1) for k, v in memory_after.items()},
        "sequential": summary(seq, seq_s, (cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]), 1),
        "concurrent": summary(conc, conc_s, (cpu2[0] - cpu1[0], cpu2[1] - cpu1[1]), args.clients),
    }
    print(markdown(figures))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def markdown(f: dict[str, Any]) -> str:
    """The figures as a markdown table, each next to its target."""
    seq, conc, mem = f["sequential"], f["concurrent"], f["memory_after"]

    def mark(ok: bool) -> str:
        return "yes" if ok else "**no**"

    def stages(run: dict[str, Any]) -> str:
        s = run["server_median_ms"]
        return f"{s['total_ms']:.0f} (embed {s['embed_query_ms']:.0f}, retrieve {s['retrieve_ms']:.0f}, " \
               f"answer {s['answer_ms']:.0f})"  # fmt: skip

    c = f"{conc['clients']} clients"
    rows = [
        ("1 client: p50", f"{seq['p50_ms']:.0f} ms", f"≤ {TARGET_P50_MS:g} ms", mark(seq["p50_ms"] <= TARGET_P50_MS)),
        ("1 client: p95", f"{seq['p95_ms']:.0f} ms", f"≤ {TARGET_P95_MS:g} ms", mark(seq["p95_ms"] <= TARGET_P95_MS)),
        ("1 client: p99 / max", f"{seq['p99_ms']:.0f} / {seq['max_ms']:.0f} ms", "", ""),
        ("1 client: throughput", f"{seq['requests_per_s']:.1f} req/s", "", ""),
        ("1 client: server timings_ms, medians", stages(seq), "", ""),
        ("1 client: server CPU per request", f"{seq['server_cpu_ms_per_request']:.0f} ms", "", ""),
        ("1 client: CPU taken by other processes", f"{seq['other_processes_cpu_share']:.0%} of the machine", "", ""),
        (f"{c}: p50 / p95", f"{conc['p50_ms']:.0f} / {conc['p95_ms']:.0f} ms", "", ""),
        (f"{c}: p99 / max", f"{conc['p99_ms']:.0f} / {conc['max_ms']:.0f} ms", "", ""),
        (f"{c}: throughput", f"{conc['requests_per_s']:.1f} req/s", "", ""),
        (f"{c}: server timings_ms, medians", stages(conc), "", ""),
        (f"{c}: server CPU per request", f"{conc['server_cpu_ms_per_request']:.0f} ms", "", ""),
        (f"{c}: CPU taken by other processes", f"{conc['other_processes_cpu_share']:.0%} of the machine", "", ""),
        ("server RSS after the runs: now / peak", f"{mem['rss_mib']:,.0f} / {mem['peak_rss_mib']:,.0f} MiB", "", ""),
        ("server RSS after the 1-client run", f"{f['memory_after_sequential']['rss_mib']:,.0f} MiB", "", ""),
        ("server RSS when ready", f"{f['memory_ready']['rss_mib']:,.0f} MiB", "", ""),
        ("server anonymous RSS (not file-backed) after the runs", f"{mem['private_rss_mib']:,.0f} MiB", "", ""),
        ("server PSS (shared pages split between processes) after the runs", f"{mem['pss_mib']:,.0f} MiB", "", ""),
        ("start-up to /readyz 200 (model load, index open)", f"{f['ready_s']:.1f} s", "", ""),
    ]
    head = (
        f"{f['index']} ({f['index_version']}): {f['articles']:,} articles, {f['chunks']:,} chunks of "
        f"≤ {f['chunk_tokens']} tokens; {seq['requests']} requests per run; {f['cores']} cores, load average "
        f"{f['load_avg_1m_before']:.1f} before, {f['load_avg_1m_after']:.1f} after"
        + (f"; index builds running: {f['index_builds_running']}" if f["index_builds_running"] else "")
        + "".join(f"; {k}={v}" for k, v in f["env"].items())
        + "\n\n| measure | value | target | met |\n|---|---|---|---|\n"
    )
    return head + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)


if __name__ == "__main__":
    sys.exit(main())
