"""Run the engine over a questions file (RealTimeQA format) and score it as ../shared/eval/README.md says."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

from archive_chat.errors import BadArchive
from rag.engine import Engine
from rag.evaluate import EvalRow, answer_correct, format_report, recall_profile, strip_citation_markers, summarise


def read_questions(path: Path) -> list[dict[str, Any]]:
    """Questions as dicts; a malformed line names file and line."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
            q["date"] = dt.date.fromisoformat(q["date"])
            if not isinstance(q["question"], str):
                raise TypeError("question must be a string")
        except (ValueError, KeyError, TypeError) as e:
            raise BadArchive(f"{path}:{n}: bad question line ({e})") from e
        out.append(q)
    return out


def run_eval(engine: Engine, questions: Path, *, out: Path | None = None, limit: int | None = None) -> str:
    """Ask every question as of its date (question text only) and return the formatted report."""
    rows: list[EvalRow] = []
    records = []
    for q in read_questions(questions)[:limit]:
        t0 = time.perf_counter()
        ans = engine.answer(q["question"], as_of=q["date"])
        latency = (time.perf_counter() - t0) * 1000
        valid = 0
        for c in ans.citations:
            art = engine.article(c.article_id)
            valid += art is not None and art.text[c.start : c.end] == c.quote and bool(c.quote)
        correct = "answer" in q and answer_correct(ans.text, q["answer"], q.get("choices", []))
        hits = recall_profile([p.text for p in ans.passages], q["answer"]) if "answer" in q else (False,) * 3
        row = EvalRow(
            q.get("id", ""),
            bool(q.get("answerable", True)),
            correct,
            hits,
            len(ans.citations),
            valid,
            ans.abstained,
            latency,
            len(strip_citation_markers(ans.text).split()),
        )
        rows.append(row)
        records.append(
            {
                **dataclasses.asdict(row),
                "question": q["question"],
                "answer": ans.text,
                "expected": q.get("answer"),
                "direct": ans.direct,
                "confidence": ans.confidence,
                "conflict": ans.conflict,
                "timings_ms": ans.timings_ms,
            }
        )
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return format_report(summarise(rows))
