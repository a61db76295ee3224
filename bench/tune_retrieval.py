"""Measure retrieval variants on both tuning sets, and choose among them leave-one-week-out.

Each variant is a ``Retriever`` setting (fusion weights, passage width, news prior). Questions are encoded
once per set; every variant retrieves for every question as of its date. Prints answer-recall@5 per set
(and article-recall@5: the answer is somewhere in a top-5 article), then the held-out-week figures.

    .venv/bin/python bench/tune_retrieval.py \\
        --set dev=var/dev:../shared/eval/rtqa-dev/questions.jsonl \\
        --set h2=var/h2:../shared/eval/rtqa-2025h2/questions.jsonl --variants baseline,title,phrase
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lowo import leave_one_week_out  # noqa: E402  (bench/, the script's own folder)

from archive_chat.settings import get_settings  # noqa: E402
from embeddings.encode import load_encoder  # noqa: E402
from embeddings.store import StoredIndex  # noqa: E402
from rag.dates import resolve_time  # noqa: E402
from rag.evalrun import read_questions  # noqa: E402
from rag.evaluate import contains  # noqa: E402
from rag.records import Filters  # noqa: E402
from rag.retrieve import Fusion, Retriever  # noqa: E402

BASE = {"passage_chunks": 4, "half_life_days": 7.0, "recency_floor": 0.4, "fusion": Fusion()}


def variant(name: str) -> dict[str, Any]:
    """A named setting: "key=value+key=value" over Fusion fields and Retriever arguments; "baseline" is BASE."""
    if name == "baseline":
        return dict(BASE)
    out = dict(BASE)
    fusion: dict[str, float] = {}
    for part in name.split("+"):
        key, value = part.split("=")
        if key in {f.name for f in dataclasses.fields(Fusion)}:
            fusion[key] = float(value)
        else:
            out[key] = type(BASE[key])(value)
    out["fusion"] = dataclasses.replace(Fusion(), **fusion)
    return out


def run(retriever: Retriever, rows: list[dict[str, Any]], vecs: Any) -> tuple[list[bool], list[bool], float]:
    hits, article_hits = [], []
    t0 = time.perf_counter()
    for q, qv in zip(rows, vecs, strict=True):
        ps = retriever.search(
            q["question"], as_of=q["date"], filters=Filters(), intent=resolve_time(q["question"], q["date"]), k=10,
            query_vec=qv,
        )  # fmt: skip
        hits.append(any(contains(p.text, q["answer"]) for p in ps[:5]))
        texts = [retriever.index.articles[retriever.index.by_id[p.article_id]].text for p in ps[:5]]
        article_hits.append(any(contains(t, q["answer"]) for t in texts))
    return hits, article_hits, (time.perf_counter() - t0) * 1000 / max(1, len(rows))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", required=True, help="NAME=INDEX:QUESTIONS")
    ap.add_argument("--variants", required=True, help="comma-separated variant names (see variant())")
    ap.add_argument("--out", type=Path, default=Path("var/tune-retrieval.json"))
    args = ap.parse_args()
    names = args.variants.split(",")
    settings = get_settings()
    encoder = load_encoder(settings.model)
    results: dict[str, dict[str, Any]] = {n: {} for n in names}
    weeks: dict[str, list[str]] = {}
    for spec in args.set:
        set_name, rest = spec.split("=", 1)
        index_dir, questions = rest.split(":", 1)
        index = StoredIndex(Path(index_dir))
        rows = [q for q in read_questions(Path(questions)) if q.get("answerable")]
        weeks[set_name] = [str(q["date"]) for q in rows]
        vecs = encoder.encode([q["question"] for q in rows])
        for n in names:
            hits, art, ms = run(Retriever(index, encoder, **variant(n)), rows, vecs)
            results[n][set_name] = {"hits": hits, "article_hits": art, "ms": ms}
            print(f"{n:40s} {set_name}: R@5 {sum(hits) / len(hits):.3f}  article-R@5 {sum(art) / len(art):.3f}  "
                  f"{ms:.1f} ms/q", flush=True)  # fmt: skip
    # leave one week out: each week gets the variant that is best on all other weeks (sets weighed equally)
    order = list(weeks)
    set_of = [s for s in order for _ in weeks[s]]
    week_of = [f"{s}:{w}" for s in order for w in weeks[s]]
    table = [[h for s in order for h in results[n][s]["hits"]] for n in names]
    held, _ = leave_one_week_out(table, set_of, week_of)
    summary = {n: {s: round(sum(r["hits"]) / len(r["hits"]), 3) for s, r in results[n].items()} for n in names}
    held_out = {s: round(share, 3) for s, share in held.items()}
    print(json.dumps({"in_sample": summary, "held_out_week": held_out}, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"in_sample": summary, "held_out_week": held_out}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
