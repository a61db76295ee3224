"""The index's tantivy ranking against its postings' (FTS5's bm25) on a real index (not a test), per question.

    .venv/bin/python bench/keywords_tantivy_parity.py --index var/dev \
        --questions ../shared/eval/rtqa-dev/questions.jsonl

Asks each question's keywords (OR, as retrieval does, as of the question's date) of both rankings of one
version: ``StoredIndex.keyword_search`` (tantivy, ``embeddings/keyword_engine.py``) and ``Postings.search``
(numpy, what versions written before tantivy use). Prints the questions with the same top chunk, the mean
top-100 overlap, and each side's median ms. What differs is tantivy's idf (ln(1 + (N - n + 0.5) / (n + 0.5)))
against FTS5's, and its one-byte document lengths.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

from embeddings.store import StoredIndex
from rag.retrieve import Filters, Retriever
from rag.text import keyword_terms


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--limit", type=int, default=300)
    args = p.parse_args()
    idx = StoredIndex(args.index)
    postings = idx.ranking_postings()
    if idx.ranker is None:
        raise SystemExit(f"{idx.path}: no tantivy index (written before it); rebuild with archive-chat index --full")
    scope = Retriever(idx, encoder=None)  # type: ignore[arg-type]  # only its filters: no question is encoded
    same, overlap, ours_ms, theirs_ms = 0, [], [], []
    rows = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    for row in rows:
        words, as_of = keyword_terms(row["question"]), dt.date.fromisoformat(row["date"])
        allowed = scope.allowed(as_of, Filters())
        t = time.perf_counter()
        ours = postings.search(words, args.limit, allowed).ids.tolist()
        ours_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        theirs = idx.keyword_search(words, args.limit, allowed, Retriever.day_bounds(as_of, Filters())).ids.tolist()
        theirs_ms.append((time.perf_counter() - t) * 1000)
        if ours:
            same += bool(theirs) and theirs[0] == ours[0]
            overlap.append(len(set(ours[:100]) & set(theirs[:100])) / min(100, len(ours)))
    print(json.dumps({
        "questions": len(rows), "same_top_chunk": same, "top100_overlap": round(statistics.mean(overlap), 3),
        "postings_median_ms": round(statistics.median(ours_ms), 2),
        "tantivy_median_ms": round(statistics.median(theirs_ms), 2),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
