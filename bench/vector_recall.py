"""Recall of each vector-index kind on real embeddings (not a test): a tuning set's questions against its index.

    flock /tmp/archive-chat-bench.lock .venv/bin/python bench/vector_recall.py --index var/dev \\
        --questions ../shared/eval/rtqa-dev/questions.jsonl

The index's own (flat, exact) vectors are rebuilt as every other kind by the writer's path
(``VectorBuilder``) in a temporary folder and loaded memory-mapped. Each question is encoded with the
configured model, as the engine does, and searched twice: over every chunk, and as of its date (the
filter every eval question runs with, through the IDSelector). Reported per kind: recall@10 and recall@300
(the candidates the retriever takes from the dense side) against exact search, and single-query p50.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive_chat.settings import Settings  # noqa: E402
from embeddings import vector_index as vi  # noqa: E402
from embeddings.encode import encoder_from  # noqa: E402
from embeddings.store import StoredIndex  # noqa: E402
from embeddings.vector_build import VectorBuilder  # noqa: E402
from rag.evalrun import read_questions  # noqa: E402

CANDIDATES = 300  # rag.retrieve.CANDIDATES


def overlap(got: np.ndarray, want: np.ndarray) -> float:
    """Share of the valid ids of ``want`` that ``got`` holds."""
    w = {int(i) for i in want if i >= 0}
    return len(w & {int(i) for i in got}) / len(w) if w else 1.0


def run(index: faiss.Index, queries: np.ndarray, masks: list[np.ndarray]) -> dict[str, list[np.ndarray] | float]:
    """Top-10 and top-300 ids per question, unfiltered and as of its date; p50 of one unfiltered top-300 search."""
    out: dict[str, list[np.ndarray] | float] = {}
    times = []
    for name, k in (("10", 10), ("300", CANDIDATES)):
        plain, asof = [], []
        for q, mask in zip(queries, masks, strict=True):
            t0 = time.perf_counter()
            plain.append(vi.search(index, q, k)[1][0])
            times.append(time.perf_counter() - t0)
            asof.append(vi.search(index, q, k, mask)[1][0])
        out[name], out[name + "_asof"] = plain, asof
    out["p50_ms"] = statistics.median(times) * 1000
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--kinds", default="ivf-sq8,ivf-pq,hnsw")
    args = p.parse_args()
    faiss.omp_set_num_threads(1)
    stored = StoredIndex(args.index)
    questions = read_questions(args.questions)
    queries = encoder_from(Settings()).encode([q["question"] for q in questions])
    headers = stored.articles.headers  # metadata only: no article text is read
    days = np.array([a.published.toordinal() if a.published else -1 for a in headers])[stored.chunk_article]
    masks = [days <= q["date"].toordinal() for q in questions]  # read_questions parsed the dates
    exact = run(stored.faiss, queries, masks)
    for kind in args.kinds.split(","):
        folder = Path(tempfile.mkdtemp(prefix=f"recall-{kind}-"))
        t0 = time.perf_counter()
        builder = VectorBuilder(folder, stored.manifest.dim, kind)
        builder.add(stored.matrix)
        builder.finish()
        build_s = time.perf_counter() - t0
        index, _raw = vi.load(folder)
        got = run(index, queries, masks)
        row = {"index": str(args.index), "kind": kind, "chunks": index.ntotal, "questions": len(questions),
               "build_s": round(build_s, 1), "p50_ms": round(float(got["p50_ms"]), 3),
               "exact_p50_ms": round(float(exact["p50_ms"]), 3), "load_avg": os.getloadavg()[0]}  # fmt: skip
        for name in ("10", "10_asof", "300", "300_asof"):
            pairs = zip(got[name], exact[name], strict=True)  # type: ignore[arg-type]
            row[f"recall_at_{name}"] = round(float(np.mean([overlap(g, w) for g, w in pairs])), 4)
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
