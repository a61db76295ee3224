"""CPU per answer by stage, in process (not a test): ``Engine.answer`` over the first N questions of a set.

    .venv/bin/python bench/stages.py --index var/dev-int8 --precision int8 \
        --questions ../shared/eval/rtqa-dev/questions.jsonl

One encoder thread, a few warm-up answers, then N answers: process CPU per answer and the means of the engine's
own ``timings_ms`` (embed_query_ms, retrieve_ms — the encode included — answer_ms). ``--passes 2`` asks them
all again: the second pass sees the per-text caches warm (lower-cased passages, word starts; sentence splits and
spans too on a version without a sentence table), as a server does once its readers ask about the same stories
(``bench/serve.py``'s 8-client run comes after its 1-client run). Run two
commits one after the other (e.g. from a ``git worktree`` of the older one) to compare them on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time
from pathlib import Path

from archive_chat.settings import Settings
from rag.engine import Engine


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--precision", choices=("fp32", "int8"), default="fp32")
    p.add_argument("--n", type=int, default=120)
    p.add_argument("--passes", type=int, default=1, help="passes over the questions: the second sees warm caches")
    args = p.parse_args()
    engine = Engine.open(args.index, Settings(precision=args.precision, threads=1))
    rows = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()][: args.n]
    for q in rows[:8]:
        engine.answer(q["question"], as_of=dt.date.fromisoformat(q["date"]))
    for n in range(args.passes):
        timings: dict[str, list[float]] = {}
        cpu = time.process_time()
        for q in rows:
            answer = engine.answer(q["question"], as_of=dt.date.fromisoformat(q["date"]))
            for k, v in answer.timings_ms.items():
                timings.setdefault(k, []).append(v)
        per_answer = (time.process_time() - cpu) / len(rows) * 1000
        print(json.dumps({"pass": n + 1, "cpu_ms_per_answer": round(per_answer, 1), "loadavg": os.getloadavg(),
                          **{k: round(statistics.mean(v), 1) for k, v in timings.items()}}))  # fmt: skip


if __name__ == "__main__":
    main()
