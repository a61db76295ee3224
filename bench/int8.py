"""Benchmark of the int8 encoder path against fp32 (not a test): speed as ratios in one run, and agreement.

    .venv/bin/python bench/int8.py --index var/dev --questions ../shared/eval/rtqa-dev/questions.jsonl \\
        --out var/bench-int8.json

On a sample of the index's chunks (fixed seed) and the questions of a tuning set:
1. speed, fp32 then int8, repeated (the machine is shared: compare ratios within the run): chunks/s of batch
   encoding (the embedding job) and the latency of encoding one question (serving), with the library's default
   threads and with one thread;
2. agreement: cosine of each chunk's int8 vector to its fp32 one, and for each question the overlap of the 10
   nearest sample chunks by int8 and by fp32 vectors (how often retrieval would see the same candidates).
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
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive_chat.settings import Settings  # noqa: E402
from embeddings.encode import Encoder, encoder_from, limit_threads  # noqa: E402
from embeddings.onnx_encode import OnnxEncoder  # noqa: E402
from embeddings.store import StoredIndex  # noqa: E402


def chunk_rate(encoder: Encoder, texts: list[str]) -> float:
    t0 = time.perf_counter()
    encoder.encode(texts)
    return len(texts) / (time.perf_counter() - t0)


def query_ms(encoder: Encoder, questions: list[str]) -> float:
    """Median milliseconds to encode one question."""
    times = []
    for q in questions:
        t0 = time.perf_counter()
        encoder.encode([q])
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def speed(encoders: dict[str, Encoder], chunks: list[str], questions: list[str], rounds: int) -> dict[str, Any]:
    rates: dict[str, list[float]] = {k: [] for k in encoders}
    latency: dict[str, list[float]] = {k: [] for k in encoders}
    for _ in range(rounds):  # A then B, repeated: the load of a shared machine hits both alike
        for name, enc in encoders.items():
            rates[name].append(chunk_rate(enc, chunks))
            latency[name].append(query_ms(enc, questions))
    return {
        "chunks_per_s": {k: round(statistics.median(v), 1) for k, v in rates.items()},
        "query_ms_p50": {k: round(statistics.median(v), 2) for k, v in latency.items()},
        "int8_over_fp32_chunk_rate": [round(b / a, 2) for a, b in zip(rates["fp32"], rates["int8"], strict=True)],
        "fp32_over_int8_query_ms": [round(a / b, 2) for a, b in zip(latency["fp32"], latency["int8"], strict=True)],
    }


def agreement(encoders: dict[str, Encoder], chunks: list[str], questions: list[str]) -> dict[str, Any]:
    c32, c8 = encoders["fp32"].encode(chunks), encoders["int8"].encode(chunks)
    q32, q8 = encoders["fp32"].encode(questions), encoders["int8"].encode(questions)
    cos = (c32 * c8).sum(axis=1)
    top32 = np.argsort(-(q32 @ c32.T), axis=1)[:, :10]
    top8 = np.argsort(-(q8 @ c8.T), axis=1)[:, :10]
    overlap = [len(set(a) & set(b)) / 10 for a, b in zip(top32, top8, strict=True)]
    return {
        "chunk_cosine_min": round(float(cos.min()), 4),
        "chunk_cosine_median": round(float(np.median(cos)), 4),
        "top10_overlap_mean": round(float(np.mean(overlap)), 3),
        "top1_same": round(float(np.mean(top32[:, 0] == top8[:, 0])), 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--sample", type=int, default=2000, help="chunks of the index to encode (%(default)s)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    with StoredIndex(args.index) as index:
        rng = np.random.default_rng(7)
        ids = rng.choice(len(index.chunk_keys), size=min(args.sample, len(index.chunk_keys)), replace=False)
        chunks = [index.chunk_text(int(i)) for i in ids]
    questions = [json.loads(line)["question"] for line in args.questions.read_text().splitlines() if line.strip()]
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as cache:
        out: dict[str, Any] = {"index": str(args.index), "sample_chunks": len(chunks), "questions": len(questions),
                               "cores": os.cpu_count(), "load_avg_1m_before": round(load[0], 2)}  # fmt: skip
        for threads in (0, 1):
            limit_threads(threads or (os.cpu_count() or 1))
            settings = Settings(data_dir=Path(cache), threads=threads)
            encoders = {"fp32": encoder_from(settings),
                        "int8": encoder_from(settings.model_copy(update={"precision": "int8"}))}  # fmt: skip
            assert isinstance(encoders["int8"], OnnxEncoder)
            out[f"threads={threads or 'default'}"] = speed(encoders, chunks[:500], questions[:100], args.rounds)
        out["agreement"] = agreement(encoders, chunks, questions)
        out["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(out, indent=1))
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
