"""``rag/respell.py``'s constants, chosen leave-one-week-out on the tuning sets (a benchmark, not a test).

Each set's questions are asked three ways: as written, with the longest name mistyped, and with any word mistyped
(``bench/typos.py``). Per question, a mistyped word respelled back to the word as written scores +1, one respelled
into another word −1, and a question as written that is respelled at all −``--clean-weight`` (20: a reader's
typo is taken to be rarer than a correct word the archive lacks is costly). Every grid setting is scored per week;
each week is then scored with the setting best on the other weeks.

    ARCHIVE_CHAT_PRECISION=int8 .venv/bin/python bench/respell_grid.py --index var/dev-t var/h2-t \\
        --questions ../shared/eval/rtqa-dev/questions.jsonl ../shared/eval/rtqa-2025h2/questions.jsonl
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from typos import mistyped  # bench/, the script's own folder

import rag.respell as respell
from archive_chat.settings import get_settings
from rag.engine import Engine

GRID = {"TOGETHER": (0.0, 0.01, 0.02, 0.05, 0.1), "LIFT": (0.0, 1.0, 1.5, 2.0, 3.0)}


def asked(questions: Path) -> list[tuple[str, str, str]]:
    """(week, as written, as asked) for each question: as written, then with each kind of slip where it has one."""
    rows = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = [(r["date"], r["question"], r["question"]) for r in rows]
    for any_word in (False, True):
        rng = random.Random(questions.parent.name + ("-any" if any_word else ""))
        typed = [(r["date"], r["question"], mistyped(r["question"], rng, any_word)) for r in rows]
        out += [t for t in typed if t[1] != t[2]]  # a question with no word to slip is asked once, as written
    return out


def score(written: str, typed: str, read: str, clean_weight: float) -> float:
    if written == typed:
        return -clean_weight if read != typed else 0.0
    words = zip(typed.split(), read.split(), written.split(), strict=True)  # a slip keeps the word count
    return sum((1.0 if b == c else -1.0) for a, b, c in words if a != b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, nargs="+", required=True)
    ap.add_argument("--questions", type=Path, nargs="+", required=True)
    ap.add_argument("--clean-weight", type=float, default=20.0)
    args = ap.parse_args()
    settings = list(itertools.product(*GRID.values()))
    code = (respell.TOGETHER, respell.LIFT)
    by_week: dict[tuple[float, ...], Counter[str]] = {s: Counter() for s in settings}
    parts: dict[tuple[float, ...], Counter[str]] = {s: Counter() for s in settings}
    for index, questions in zip(args.index, args.questions, strict=True):
        with Engine.open(index, get_settings()) as engine:
            wording = engine._versions.live.retriever.wording
            for setting in settings:
                respell.TOGETHER, respell.LIFT = setting
                for week, written, typed in asked(questions):
                    read = wording.respelled(typed)
                    by_week[setting][f"{index.name}:{week}"] += score(written, typed, read, args.clean_weight)
                    kind = "clean" if written == typed else "typo"
                    parts[setting][f"{kind} respelled"] += read != typed
                    parts[setting]["back as written"] += kind == "typo" and read == written
    report(settings, by_week, parts, code)


def report(
    settings: list[Any], by_week: dict[Any, Counter[str]], parts: dict[Any, Counter[str]], code: tuple[float, ...]
) -> None:
    total = {s: sum(by_week[s].values()) for s in settings}
    weeks = sorted({w for s in settings for w in by_week[s]})
    held, picks = 0.0, Counter()
    for week in weeks:
        best = max(settings, key=lambda s: total[s] - by_week[s][week])  # ties: the earlier setting
        picks[best] += 1
        held += by_week[best][week]
    print("setting (TOGETHER, LIFT): in-sample score, parts")
    for s in settings:
        print(f"  {s}{' (code)' if s == code else ''}: {total[s]:.0f} {dict(parts[s])}")
    print(f"held out by week: {held:.0f}; picked {dict(picks)} of {len(weeks)} weeks")


if __name__ == "__main__":
    main()
