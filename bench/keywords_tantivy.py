"""The same keyword benchmark against tantivy (not a test): is a compiled engine what keyword p50 ≤ 5 ms needs?

    .venv/bin/python bench/keywords_tantivy.py --chunks 1000000

Chunks are drawn from the Zipf vocabulary of ``bench/keywords.py`` (``--terms`` words each, repeats kept as
term frequencies), indexed whitespace-tokenized in one segment by tantivy (PyPI ``tantivy``, in the dev
extras; not a dependency of the product), and asked the same two query mixes: one common word of six, and
five of seven (question-like). Each query is an OR of term queries for the top ``--limit``, one at a time.
tantivy scores bm25 with its own idf (ln(1 + (N - n + 0.5) / (n + 0.5))), not FTS5's, so its ranking is not
ours; this measures speed only. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time

import numpy as np
import tantivy
from keywords import query  # bench/keywords.py, beside this file


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--chunks", type=int, default=1_000_000)
    p.add_argument("--vocab", type=int, default=200_000)
    p.add_argument("--terms", type=int, default=110)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--limit", type=int, default=300)
    args = p.parse_args()
    rng = np.random.default_rng(0)
    weights = 1.0 / np.arange(1, args.vocab + 1)
    weights /= weights.sum()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    schema = builder.build()
    result: dict[str, object] = {"chunks": args.chunks, "vocab": args.vocab, "terms_per_chunk": args.terms}
    with tempfile.TemporaryDirectory() as folder:
        index = tantivy.Index(schema, path=folder)
        writer = index.writer(heap_size=512_000_000, num_threads=1)
        t0 = time.perf_counter()
        for start in range(0, args.chunks, 50_000):
            for row in rng.choice(args.vocab, size=(min(50_000, args.chunks - start), args.terms), p=weights):
                writer.add_document(tantivy.Document(body=" ".join(f"w{i}" for i in row)))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        result["build_s"] = round(time.perf_counter() - t0, 1)
        result["index_mib"] = round(sum(e.stat().st_size for e in os.scandir(folder)) / 2**20)
        searcher = index.searcher()
        for common, n_words in ((1, 6), (5, 7)):
            qrng, times = np.random.default_rng(1), []
            for _ in range(args.queries):
                terms = [tantivy.Query.term_query(schema, "body", w) for w in query(qrng, args.vocab, n_words, common)]
                q = tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])
                t = time.perf_counter()
                searcher.search(q, args.limit)
                times.append((time.perf_counter() - t) * 1000)
            result[f"common{common}_p50_ms"] = round(statistics.median(times), 2)
            result[f"common{common}_p95_ms"] = round(statistics.quantiles(times, n=100)[94], 2)
    result["loadavg"] = os.getloadavg()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
