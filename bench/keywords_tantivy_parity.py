"""tantivy against our keyword ranking on a real index (not a test): how close, and how fast, per question.

    .venv/bin/python bench/keywords_tantivy_parity.py --index var/dev \
        --questions ../shared/eval/rtqa-dev/questions.jsonl

Indexes every chunk of the index in tantivy as our own terms (``embeddings.keywords.terms``: folded, Porter
stems) in one whitespace-tokenized field, the headline's terms appended twice (our postings count a headline hit
twice, in the same field), and asks each question's keywords (OR) of both. Prints the questions with the same
top chunk, the mean top-100 overlap, and each side's median ms. What differs then is tantivy's idf
(ln(1 + (N - n + 0.5) / (n + 0.5))) against FTS5's, and the length of a chunk (ours counts the headline once).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import tantivy

from embeddings.keywords import terms
from embeddings.store import StoredIndex
from rag.text import keyword_terms


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--limit", type=int, default=300)
    args = p.parse_args()
    idx = StoredIndex(args.index)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="freq")
    builder.add_integer_field("chunk", stored=True)
    schema = builder.build()
    with tempfile.TemporaryDirectory() as folder:
        index = tantivy.Index(schema, path=folder)
        writer = index.writer(heap_size=256_000_000, num_threads=1)
        for i, article in enumerate(idx.articles.headers):
            title = " ".join(terms(article.title))
            for c in idx.chunk_range(i):
                writer.add_document(
                    tantivy.Document(text=f"{' '.join(terms(idx.chunk_text(c)))} {title} {title}", chunk=c)
                )
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        searcher = index.searcher()
        same, overlap, ours_ms, theirs_ms = 0, [], [], []
        questions = [json.loads(line)["question"] for line in args.questions.read_text().splitlines() if line.strip()]
        for q in questions:
            words = keyword_terms(q)
            t = time.perf_counter()
            ours = idx.postings.search(words, args.limit).ids.tolist()
            ours_ms.append((time.perf_counter() - t) * 1000)
            stems = list(dict.fromkeys(s for w in words for s in terms(w)))
            if not stems or not ours:
                continue
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "text", s)) for s in stems]
            )
            t = time.perf_counter()
            hits = searcher.search(query, args.limit).hits
            theirs_ms.append((time.perf_counter() - t) * 1000)
            theirs = [searcher.doc(address)["chunk"][0] for _, address in hits]
            same += bool(theirs) and theirs[0] == ours[0]
            overlap.append(len(set(ours[:100]) & set(theirs[:100])) / min(100, len(ours)))
    print(json.dumps({
        "questions": len(questions), "same_top_chunk": same, "top100_overlap": round(statistics.mean(overlap), 3),
        "ours_median_ms": round(statistics.median(ours_ms), 2),
        "tantivy_median_ms": round(statistics.median(theirs_ms), 2),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
