"""``rag/taxonomy.py``'s constants, chosen leave-one-week-out on the tuning sets (a benchmark, not a test).

Each setting of (``SENSES``, ``WIDEST``, ``NARROWEST``) answers every question of both sets from the same retrieved
passages (``bench/tune_answer.py``'s cache); each week is then scored with the setting best on the other weeks.

    ARCHIVE_CHAT_PRECISION=int8 .venv/bin/python bench/taxonomy_grid.py \\
        --set dev=var/dev-t:../shared/eval/rtqa-dev/questions.jsonl \\
        --set h2=var/h2-t:../shared/eval/rtqa-2025h2/questions.jsonl --cache var/taxonomy-grid
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from lowo import leave_one_week_out  # bench/, the script's own folder
from tune_answer import retrieved_sets, score

import rag.taxonomy as taxonomy
from rag.compose import Weights

# WIDEST 0: no kind is asked for (the code without the taxonomy)
GRID = {"SENSES": (1, 2), "WIDEST": (0, 1000, 2000, 5000, 10000, 100000), "NARROWEST": (20, 50, 100, 200, 100000)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", action="append", required=True, help="NAME=INDEX:QUESTIONS")
    ap.add_argument("--cache", type=Path, default=Path("var/taxonomy-grid"), help="the retrieved passages, cached")
    args = ap.parse_args()
    sets, everything = retrieved_sets(args.set, args.cache, False)
    rows = [r for r in everything if not r.get("offtopic")]
    settings = list(itertools.product(*GRID.values()))
    code = (taxonomy.SENSES, taxonomy.WIDEST, taxonomy.NARROWEST)
    table = []
    for setting in settings:
        taxonomy.SENSES, taxonomy.WIDEST, taxonomy.NARROWEST = setting
        taxonomy.kinds_in.cache_clear()
        table.append(score(rows, Weights()))
    held, picks = leave_one_week_out(table, [r["set"] for r in rows], [r["week"] for r in rows])
    print("setting (SENSES, WIDEST, NARROWEST): correct per set, in sample")
    for setting, correct in zip(settings, table, strict=True):
        right = {s: sum(c for c, r in zip(correct, rows, strict=True) if r["set"] == s) for s in sets}
        print(f"  {setting}{' (code)' if setting == code else ''}: {right}")
    size = {s: sum(r["set"] == s for r in rows) for s in sets}
    print("held out by week:", {s: f"{held[s]:.3f} ({round(held[s] * size[s])})" for s in sets})
    chosen: dict[tuple[int, ...], int] = {}
    for i in picks.values():
        chosen[settings[i]] = chosen.get(settings[i], 0) + 1
    print(f"picked {chosen} of {len(picks)} weeks")


if __name__ == "__main__":
    main()
