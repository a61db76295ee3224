"""Run the engine over a questions file (RealTimeQA format) and score it as ../shared/eval/README.md says."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from archive_chat.errors import BadArchive
from rag.dates import date_problem
from rag.engine import Engine
from rag.evaluate import EvalRow, answer_correct, format_report, recall_profile, summarise
from rag.text import strip_citation_markers


def read_questions(path: Path) -> list[dict[str, Any]]:
    """Questions as dicts, their dates parsed; a missing file, no question at all or a malformed line is a
    ``BadArchive`` that names the file (and line and field)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise BadArchive(f"{path}: cannot read the questions file ({getattr(e, 'strerror', None) or e})") from e
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(_question(json.loads(line)))
        except json.JSONDecodeError as e:
            raise BadArchive(f"{path}:{n}: not JSON ({e.msg} at column {e.colno})") from e
        except ValueError as e:
            raise BadArchive(f"{path}:{n}: {e}") from e
    if not out:
        raise BadArchive(f"{path}: no questions (one JSON object per line)")
    return out


def _question(q: Any) -> dict[str, Any]:
    """One question line, checked field by field (the RealTimeQA format, ../shared/eval/README.md): ``question`` and
    ``date`` and ``answer`` (the right choice, which the score needs) required, ``choices`` a list of strings that
    holds the answer when it is given.

    >>> _question({"question": "Who won?", "date": "2031-02-30", "answer": "Owls"})
    Traceback (most recent call last):
    ValueError: field 'date': no such day (the date is YYYY-MM-DD), got '2031-02-30'
    >>> _question({"question": "Who won?", "date": "2031-02-03", "choices": ["Owls", "Hawks"], "answer": "Kites"})
    Traceback (most recent call last):
    ValueError: field 'answer': 'Kites' is not one of its choices
    >>> _question({"question": "Who won?", "date": "2031-02-03"})
    Traceback (most recent call last):
    ValueError: missing field 'answer'
    """
    if not isinstance(q, dict):
        raise ValueError(f"a question line must be a JSON object, got {type(q).__name__}")
    for name in ("question", "date", "answer"):
        if name not in q:
            raise ValueError(f"missing field {name!r}")
        if not isinstance(q[name], str) or not q[name].strip():
            raise ValueError(f"field {name!r} must be a non-empty string")
    if (problem := date_problem(q["date"])) is not None:
        raise ValueError(f"field 'date': {problem}, got {q['date']!r}")
    q["date"] = dt.date.fromisoformat(q["date"])
    choices = q.get("choices", [])
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise ValueError("field 'choices' must be a list of strings")
    if choices and q["answer"] not in choices:
        raise ValueError(f"field 'answer': {q['answer']!r} is not one of its choices")
    return q


def run_eval(
    engine: Engine,
    questions: Sequence[dict[str, Any]],
    *,
    out: Path | None = None,
    limit: int | None = None,
    mode: str = "extractive",
) -> str:
    """Ask every question (``read_questions``) as of its date (question text only) and return the formatted report.

    In "llm" mode the report ends with how many answers fell back to extractive mode, and why.
    """
    rows: list[EvalRow] = []
    records = []
    for q in questions[:limit]:
        t0 = time.perf_counter()
        if mode == "llm":
            ans = asyncio.run(engine.answer_async(q["question"], as_of=q["date"], mode="llm"))
        else:
            ans = engine.answer(q["question"], as_of=q["date"])
        latency = (time.perf_counter() - t0) * 1000
        valid = 0
        for c in ans.citations:
            art = engine.article(c.article_id)
            valid += art is not None and art.text[c.start : c.end] == c.quote and bool(c.quote)
        correct = answer_correct(ans.text, q["answer"], q.get("choices", []))  # (read_questions: every q has one)
        hits = recall_profile([p.text for p in ans.passages], q["answer"])
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
                "expected": q["answer"],
                "direct": ans.direct,
                "confidence": ans.confidence,
                "conflict": ans.conflict,
                "timings_ms": ans.timings_ms,
                "mode": ans.mode,
                "notice": ans.notice,
            }
        )
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    report = format_report(summarise(rows))
    return report + "\n" + fallback_report(records) if mode == "llm" else report


def fallback_reason(notice: str) -> str:
    """A notice with its specifics (URLs, quoted replies, numbers) removed, so that equal causes count together.

    >>> fallback_reason("the LLM failed (LLM at http://h:1/v1/chat timed out after 30 s): extractive answer shown")
    'the LLM failed (LLM at … timed out after … s)'
    """
    text = notice.removesuffix(": extractive answer shown")
    text = re.sub(r"https?://\S+", "…", text)
    text = re.sub(r"(['\"]).*?\1", "…", text.split(": '")[0].split(': "')[0])
    text = re.sub(r"\d+(\.\d+)?", "…", text)
    return text if text.count("(") <= text.count(")") else text + ")"


def fallback_report(records: Sequence[dict[str, object]]) -> str:
    """Lines on LLM mode: answers the LLM gave, abstentions, fallbacks to extractive and their reasons."""
    n = len(records)
    by_llm = [r for r in records if r["mode"] == "llm"]
    fell = [r for r in records if r["mode"] != "llm"]
    lines = [
        f"answered by the LLM      {sum(not r['abstained'] for r in by_llm)}/{n}",
        f"abstained (evidence rule) {sum(bool(r['abstained']) for r in by_llm)}/{n}",
        f"fell back to extractive  {len(fell)}/{n}",
        *(f"  {k}× {reason}" for reason, k in Counter(fallback_reason(str(r["notice"])) for r in fell).most_common()),
    ]
    prose = sum(r["mode"] == "llm" and r["notice"] is not None for r in records)
    if prose:
        lines.append(f"answered in prose (response_format refused) {prose}/{n}")
    return "\n".join(lines)
