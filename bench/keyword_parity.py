"""Keyword postings against SQLite FTS5 on a real index (not a test): same top results, and the cost of each.

    .venv/bin/python bench/keyword_parity.py --index var/dev --questions ../shared/eval/rtqa-dev/questions.jsonl

Builds an in-memory FTS5 table (``porter unicode61 remove_diacritics 2``, headline weight 2.0) from the index's
chunks, asks both sides each question's content words (OR), and reports the share of questions with the same
top chunk, the mean top-100 overlap, and the median ms per query of each.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import time
from pathlib import Path

from embeddings.store import StoredIndex
from rag.text import keyword_terms


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--questions", type=Path, required=True)
    args = p.parse_args()
    idx = StoredIndex(args.index)
    postings = idx.ranking_postings()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2')")
    rows = ((c, idx.articles.headers[int(a)].title, idx.chunk_text(c)) for c, a in enumerate(idx.chunk_article))
    db.executemany("INSERT INTO f (rowid, title, body) VALUES (?,?,?)", rows)
    same, overlap, t_fts, t_np = 0, [], [], []
    questions = [json.loads(line)["question"] for line in args.questions.read_text().splitlines() if line.strip()]
    for q in questions:
        words = keyword_terms(q)
        match = " OR ".join('"' + w + '"' for w in words)
        t = time.perf_counter()
        want = [r for (r,) in db.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f, 2.0, 1.0) LIMIT 300",
                                          (match,))] if words else []  # fmt: skip
        t_fts.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        got = postings.search(words, 300).ids.tolist()
        t_np.append((time.perf_counter() - t) * 1000)
        same += want[:1] == got[:1]
        overlap.append(len(set(want[:100]) & set(got[:100])) / max(1, len(want[:100])))
    print(json.dumps({
        "questions": len(questions), "same_top1": same, "top100_overlap": round(statistics.mean(overlap), 4),
        "fts5_ms_p50": round(statistics.median(t_fts), 2), "postings_ms_p50": round(statistics.median(t_np), 2),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
