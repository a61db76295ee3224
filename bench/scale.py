"""The vector index at scale (not a test): every kind over N synthetic 384-d unit vectors, against exact search.

    flock /tmp/archive-chat-bench.lock .venv/bin/python bench/scale.py --vectors 1000000 --data clustered

Data (``--data``): ``news`` (default) — section → topic → story → chunk, spreads calibrated so that the
nearest-neighbour cosines match the rtqa-dev index's real embeddings (see ``news``), queries held out from
the same draw; ``topics`` — 100 sections of ``N/1000`` Zipf-weighted topics, wide spread and no stories, so a
vector's 10 nearest are barely nearer than its 100th (harder than real data); ``uniform`` — independent
Gaussian directions, the hardest case for any index.

Each kind is built by the production path (``embeddings.vector_build.VectorBuilder``: spool, train, add, save)
with one FAISS thread, then measured in a fresh process that loads it memory-mapped (``vector_index.load``)
and asks ``--queries`` questions one at a time: recall@10 and @100 against brute force, p50/p95 latency,
recall@10 under a filter admitting the oldest quarter (through the IDSelector path), and memory from
``/proc/self/smaps_rollup`` (file-backed = Rss − Anonymous: page cache, shared by every process mapping
the index; Anonymous: private to the process). Prints one JSON line per kind, then a summary line for the default kind
with the keyword ranking's p50/p95 (tantivy, as the index ranks) from ``bench/keywords.py`` over as many synthetic
chunks (both query mixes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from embeddings import vector_index as vi  # noqa: E402
from embeddings.vector_build import VectorBuilder  # noqa: E402

DIM = 384
FILTER_SHARE = 0.25


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def topics(n: int, rng: np.random.Generator, centres: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``n`` unit vectors around Zipf-weighted topics (and the topic centres, to draw queries from)."""
    if centres is None:
        sections = _unit(rng.standard_normal((100, DIM), dtype=np.float32))
        topics = max(100, n // 1000)
        around = sections[rng.integers(0, 100, topics)]
        centres = _unit(around + 0.9 * _unit(rng.standard_normal((topics, DIM), dtype=np.float32)))
    weights = 1.0 / np.arange(1, len(centres) + 1)
    pick = rng.choice(len(centres), n, p=weights / weights.sum())
    out = np.empty((n, DIM), dtype=np.float32)
    for s in range(0, n, 100_000):
        e = min(n, s + 100_000)
        noise = _unit(rng.standard_normal((e - s, DIM), dtype=np.float32))
        out[s:e] = _unit(centres[pick[s:e]] + 1.1 * noise)
    return out, centres


def news(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` unit vectors shaped like a news archive's chunk embeddings: section → topic → story (≈ 8 chunks) →
    chunk, plus the common direction sentence embeddings share. The spreads were chosen so that the mean cosine
    of a chunk's 2nd / 11th / 101st nearest neighbour and of all pairs (0.76 / 0.63 / 0.45 / 0.10 on the rtqa-dev
    index's real vectors) come out at 0.77 / 0.56 / 0.47 / 0.11 at the same size (14k)."""
    common = _unit(rng.standard_normal((1, DIM), dtype=np.float32))
    sections = _unit(rng.standard_normal((50, DIM), dtype=np.float32))
    nt, ns = max(50, n // 500), max(1, n // 8)
    topics = _unit(sections[rng.integers(0, 50, nt)] + _unit(rng.standard_normal((nt, DIM), dtype=np.float32)))
    weights = 1.0 / np.arange(1, nt + 1)
    pick = rng.choice(nt, ns, p=weights / weights.sum())
    stories = _unit(topics[pick] + 0.9 * _unit(rng.standard_normal((ns, DIM), dtype=np.float32)))
    out = np.empty((n, DIM), dtype=np.float32)
    for s in range(0, n, 100_000):
        e = min(n, s + 100_000)
        noise = _unit(rng.standard_normal((e - s, DIM), dtype=np.float32))
        out[s:e] = _unit(stories[rng.integers(0, ns, e - s)] + 0.6 * noise + 0.35 * common)
    return out


def data(kind: str, n: int, queries: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(stored vectors, query vectors) of one synthetic data set (``news`` queries: held-out chunks of it)."""
    rng = np.random.default_rng(seed)
    if kind == "news":
        x = news(n + queries, rng)
        return x[:n], x[n:]
    if kind == "uniform":
        return _unit(rng.standard_normal((n, DIM), dtype=np.float32)), _unit(
            rng.standard_normal((queries, DIM), dtype=np.float32)
        )
    x, centres = topics(n, rng)
    q, _ = topics(queries, rng, centres)
    return x, q


def exact(x: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    """Ids of the ``k`` nearest rows of ``x`` for each query, by brute force."""
    flat = faiss.IndexFlatIP(x.shape[1])
    vi.add(flat, x)
    return flat.search(q, k)[1]  # type: ignore[no-any-return]


def recall(got: np.ndarray, want: np.ndarray, k: int) -> float:
    """Mean share of each query's true top-``k`` that the approximate top-``k`` holds."""
    return float(np.mean([len(set(g[:k]) & set(w[:k])) / k for g, w in zip(got, want, strict=True)]))


def build(kind: str, x: np.ndarray, folder: Path) -> float:
    """Build ``kind`` over ``x`` into ``folder`` by the writer's own path; seconds taken."""
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    builder = VectorBuilder(folder, x.shape[1], kind)
    for s in range(0, len(x), 100_000):
        builder.add(x[s : s + 100_000])
    builder.finish()
    return time.perf_counter() - t0


def memory() -> dict[str, float]:
    """This process's resident memory by kind, MiB (``/proc/self/smaps_rollup``)."""
    out = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":")
        if name in ("Rss", "Anonymous"):
            out[name.lower()] = int(value.split()[0]) / 1024
    out["file"] = out["rss"] - out["anonymous"]  # page cache: mapped files, shared between processes
    return out


def measure(folder: Path, work: Path, nprobe: int = 0) -> dict[str, Any]:
    """In this (fresh) process: load ``folder`` memory-mapped, ask every query once, report figures."""
    faiss.omp_set_num_threads(1)
    q, want, want_filtered = (np.load(work / f) for f in ("q.npy", "gt.npy", "gt_filtered.npy"))
    before = memory()
    index, _raw = vi.load(folder)
    if nprobe and vi.kind_of(index).startswith("ivf"):
        faiss.extract_index_ivf(index).nprobe = nprobe
    allowed = np.arange(index.ntotal) < int(index.ntotal * FILTER_SHARE)
    for row in q:  # warm up: a serving process has faulted its pages in long before
        vi.search(index, row, 100)
        vi.search(index, row, 10, allowed)
    got, filtered, times = [], [], []
    for row in q:
        t0 = time.perf_counter()
        got.append(vi.search(index, row, 100)[1][0])
        times.append((time.perf_counter() - t0) * 1000)
        filtered.append(vi.search(index, row, 10, allowed)[1][0])
    after = memory()
    times.sort()
    return {
        "vector_recall_at_10": round(recall(np.array(got), want, 10), 4),
        "vector_recall_at_100": round(recall(np.array(got), want, 100), 4),
        "filtered_recall_at_10": round(recall(np.array(filtered), want_filtered, 10), 4),
        "vector_p50_ms": round(statistics.median(times), 3),
        "vector_p95_ms": round(times[int(0.95 * (len(times) - 1))], 3),
        "rss_mib": round(after["rss"], 1),
        "rss_file_mib": round(after["file"], 1),
        "rss_anon_mib": round(after["anonymous"], 1),
        "rss_anon_index_mib": round(after["anonymous"] - before["anonymous"], 1),
        "files_mib": round(sum(p.stat().st_size for p in folder.iterdir()) / 2**20, 1),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vectors", type=int, default=100_000)
    p.add_argument("--data", choices=["news", "topics", "uniform"], default="news")
    p.add_argument("--kinds", default=",".join(vi.KINDS))
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--work", type=Path, help="keep the built indexes here (default: a temporary folder)")
    p.add_argument("--nprobe", type=int, default=0, help="IVF lists per query (default: the index's own)")
    p.add_argument("--remeasure", action="store_true", help="measure the indexes already in --work, build nothing")
    p.add_argument("--no-keywords", action="store_true", help="skip the keyword side (bench/keywords.py)")
    p.add_argument("--measure", nargs=2, type=Path, metavar=("INDEX", "WORK"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure, nprobe=args.nprobe)))
        return
    faiss.omp_set_num_threads(1)
    work = args.work or Path(tempfile.mkdtemp(prefix="scale-"))
    work.mkdir(parents=True, exist_ok=True)
    if not args.remeasure:
        x, q = data(args.data, args.vectors, args.queries, args.seed)
        np.save(work / "q.npy", q)
        np.save(work / "gt.npy", exact(x, q, 100))
        np.save(work / "gt_filtered.npy", exact(x[: int(len(x) * FILTER_SHARE)], q, 10))
    rows = {}
    for kind in args.kinds.split(","):
        build_s = 0.0 if args.remeasure else build(kind, x, work / kind)
        child = [sys.executable, __file__, "--measure", str(work / kind), str(work), "--nprobe", str(args.nprobe)]
        figures = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
        rows[kind] = {"kind": kind, "vectors": args.vectors, "data": args.data, "build_s": round(build_s, 1),
                      **figures, "load_avg": os.getloadavg()[0]}  # fmt: skip
        print(json.dumps(rows[kind]), flush=True)
    default = vi.resolve_kind("auto", args.vectors)
    if default in rows:
        words = {} if args.no_keywords else keyword_figures(args.vectors, args.queries)
        print(json.dumps({"default_kind": default, **words, **rows[default]}))


def keyword_figures(n: int, queries: int) -> dict[str, Any]:
    """Keyword p50 over ``n`` synthetic chunks (``bench/keywords.py``, its own process): the benchmark's mix of one
    common word, and the question-like mix of five of seven."""
    out = {}
    script = Path(__file__).with_name("keywords.py")
    for label, mix in (("keyword", []), ("keyword_question", ["--common", "5", "--query-terms", "7"])):
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            cmd = [sys.executable, str(script), "--chunks", str(n), "--queries", str(queries), *mix, "--out", f.name]
            subprocess.run(cmd, check=True, capture_output=True)
            figures = json.loads(Path(f.name).read_text())
        out[f"{label}_p50_ms"], out[f"{label}_p95_ms"] = figures["p50_ms"], figures["p95_ms"]
    return out


if __name__ == "__main__":
    main()
