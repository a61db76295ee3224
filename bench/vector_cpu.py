"""CPU per query of exact (flat) and ivf-sq8 search by archive size (not a test): where ``auto``'s threshold lies.

    flock /tmp/archive-chat-bench.lock .venv/bin/python bench/vector_cpu.py --index var/dev --sizes 2000,4000,8000,14414

For each size N, the first N stored vectors of the index are built as both kinds (``vector_index.empty`` / ``train``,
the writer's own calls) and searched as the retriever does: top 300, one thread, under a filter that hides a tenth
of the chunks. The queries are stored vectors with noise (question-like: near a chunk, not on it). Between queries
a 64 MB array is swept, as the rest of an answer's work would, so the vectors are read from memory, not from a warm
cache: exact search reads all N of them per query. Reported: CPU ms per query for each kind (two rounds each,
alternating) and ivf-sq8's recall@300 against exact search.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from embeddings import vector_index as vi  # noqa: E402
from embeddings.store import StoredIndex  # noqa: E402
from rag.retrieve import CANDIDATES  # noqa: E402  (what the retriever asks the dense side for)


def cpu_ms(index: faiss.Index, queries: np.ndarray, allowed: np.ndarray, sweep: np.ndarray) -> float:
    total = 0.0
    for q in queries:
        sweep += 1.0  # evict the vectors from the caches, as an answer's other work does
        t0 = time.process_time()
        vi.search(index, q, CANDIDATES, allowed)
        total += time.process_time() - t0
    return 1000 * total / len(queries)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--sizes", default="2000,4000,8000,14414", help="comma-separated vector counts")
    p.add_argument("--queries", type=int, default=150)
    args = p.parse_args()
    faiss.omp_set_num_threads(1)
    with StoredIndex(args.index) as index:
        matrix = np.ascontiguousarray(index.matrix, dtype=np.float32)
    rng = np.random.default_rng(0)
    rows = rng.integers(0, len(matrix), args.queries)
    noisy = matrix[rows] + rng.normal(0, 0.05, (args.queries, matrix.shape[1])).astype(np.float32)
    queries = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    sweep = np.ones(16 << 20, dtype=np.float32)
    for n in (int(s) for s in args.sizes.split(",")):
        x = matrix[:n]
        flat = vi.empty("flat", x.shape[1], n)
        vi.add(flat, x)
        ivf = vi.train("ivf-sq8", x)
        vi.add(ivf, x)
        allowed = np.ones(n, dtype=bool)
        allowed[-n // 10 :] = False
        times: dict[str, list[float]] = {"flat": [], "ivf-sq8": []}
        for _ in range(2):
            for kind, built in (("flat", flat), ("ivf-sq8", ivf)):
                times[kind].append(round(cpu_ms(built, queries, allowed, sweep), 3))
        sample = queries[:40]
        exact = [set(vi.search(flat, q, CANDIDATES, allowed)[1][0].tolist()) for q in sample]
        found = [set(vi.search(ivf, q, CANDIDATES, allowed)[1][0].tolist()) for q in sample]
        recall = float(np.mean([len(a & b) / CANDIDATES for a, b in zip(exact, found, strict=True)]))
        print(json.dumps({"vectors": n, "cpu_ms_per_query": times, "ivf_recall_at_300": round(recall, 3),
                          "lists": faiss.extract_index_ivf(ivf).nlist, "loadavg": os.getloadavg()[0]}))  # fmt: skip


if __name__ == "__main__":
    main()
