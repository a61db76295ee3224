"""Choose the answer-selection constants leave-one-week-out on both tuning sets.

Retrieval runs once per question (cached in var/); then every setting of a small grid of ``Weights`` is
scored on every question, and for each week the setting that is best on all *other* weeks (of both sets)
is scored on the held-out week. Prints in-sample and held-out accuracy per set side by side.

    .venv/bin/python bench/tune_answer.py \\
        --set dev=var/dev:../shared/eval/rtqa-dev/questions.jsonl \\
        --set h2=var/h2:../shared/eval/rtqa-2025h2/questions.jsonl --out var/tune-answer.json
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lowo import leave_one_week_out  # noqa: E402  (bench/, the script's own folder)

from archive_chat.settings import get_settings  # noqa: E402
from rag.compose import Weights, compose  # noqa: E402
from rag.confidence import features  # noqa: E402
from rag.dates import TimeIntent, resolve_time  # noqa: E402
from rag.engine import Engine  # noqa: E402
from rag.evalrun import read_questions  # noqa: E402
from rag.evaluate import answer_correct, recall_profile  # noqa: E402
from rag.lexicon import Lexicon  # noqa: E402

OFFTOPIC = Path(__file__).with_name("offtopic.txt")


def retrieved(name: str, index: Path, questions: Path, cache_dir: Path, refresh: bool) -> list[dict[str, Any]]:
    """Each question with its passages and their article texts, from the engine (cached by set name).

    The off-topic questions of bench/offtopic.txt come last, asked as of the set's last day, with no answer.
    """
    path = cache_dir / f"retrieved-{name}.pkl"
    engine = Engine.open(index, get_settings())
    LEXICONS[name] = engine.lexicon  # the word-piece idf of this set's archive, as its server would have it
    if path.exists() and not refresh:
        with open(path, "rb") as f:
            rows: list[dict[str, Any]] = pickle.load(f)
            return rows
    rows = []
    qs = read_questions(questions)
    last = max(q["date"] for q in qs)
    off = [{"question": line, "date": last, "offtopic": True} for line in OFFTOPIC.read_text().splitlines() if line]
    for q in qs + off:
        passages, _ = engine.search(q["question"], as_of=q["date"])
        texts = {p.article_id: engine.article(p.article_id).text for p in passages}  # type: ignore[union-attr]
        rows.append({**q, "set": name, "week": f"{name}:{q['date']}", "passages": passages, "texts": texts})
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(rows, f)
    return rows


def retrieved_sets(specs: list[str], cache_dir: Path, refresh: bool) -> tuple[list[str], list[dict[str, Any]]]:
    """The set names of ``--set NAME=INDEX:QUESTIONS`` arguments, and every set's ``retrieved`` rows in turn."""
    names, rows = [], []
    for spec in specs:
        name, rest = spec.split("=", 1)
        index, questions = rest.split(":", 1)
        names.append(name)
        rows += retrieved(name, Path(index), Path(questions), cache_dir, refresh)
    return names, rows


LEXICONS: dict[str, Lexicon | None] = {}  # set name → its engine's lexicon (``rag/lexicon.py``)
GRIDS: dict[str, dict[str, tuple[Any, ...]]] = {
    "answer": {
        "passages": (5, 8),
        "proximity": (0.5, 1.0),
        "fit": (1.0, 2.0),
        "weak": (0.5, 0.8),
        "personal": (1.0, 0.5, 0.25),
        "window": (0.0, 0.5, 1.0, 2.0),
    },
    "soft": {"soft": (0.0, 0.5, 1.0, 1.5, 2.0), "soft_floor": (0.1, 0.2, 0.3)},
    "soft-on": {"soft": (0.0, 1.0)},
    "soft-weight": {"soft": (0.0, 0.5, 1.0, 1.5, 2.0)},
    "soft-floor": {"soft_floor": (0.1, 0.2, 0.3)},
    "depth": {"passages": (8, 10), "voters": (20, 30, 40)},
    "whole": {"whole": (0, 1, 2, 3, 8)},
    "grounded": {"grounded": (0, 1, 2, 3)},
    "short": {"short": (0, 3, 4, 5, 6)},
}
# Each constant moved alone to a value either side of its default (``--grid around``): whether the defaults, chosen
# in earlier rounds, still hold leave-one-week-out for the code of today.
AROUND: dict[str, tuple[Any, ...]] = {
    "passages": (5, 10), "whole": (1, 3), "voters": (15, 30), "weak": (0.7, 0.9), "grounded": (1, 3),
    "least": (0.15, 0.35), "said": (0.3, 0.8, 1.0), "focus": (0.5, 2.0), "rank": (0.25, 1.0), "dense": (0.5, 2.0),
    "window": (0.5, 2.0),
    "carry": (0.15, 0.6), "proximity": (0.1, 0.5), "fit": (0.5, 2.0), "personal": (0.1, 0.5), "repeat": (0.0, 0.2),
    "unpinned": (0.25, 0.75, 1.0), "sharp": (1.0, 1.5, 2.0),
    "context_words": (30, 40), "naming": (0.25, 1.0), "soft": (0.5, 2.0), "soft_floor": (0.05, 0.2),
    "short": (0, 3, 5), "fresh": ((3.0, 0.4), (14.0, 0.4), (7.0, 0.2), (7.0, 0.6)),
}  # fmt: skip
# The classic approaches, each with the other constants at their defaults.
APPROACHES = {
    "sentence scoring only (1-3 best sentences, no phrase)": {"weak": 1e9},
    "answer-type filter, best sentence's first fitting span (no voting)": {"voters": 1},
    "redundancy voting over candidate spans (default)": {},
    "redundancy voting, phrase alone (no context sentence)": {"context": False},
    "redundancy voting, person names not doubted for thing questions": {"personal": 1.0},
}


def _intent(r: dict[str, Any]) -> TimeIntent:
    """What the question says about time, as of its date (the engine passes the same to the composer)."""
    day = r["date"] if isinstance(r["date"], dt.date) else dt.date.fromisoformat(str(r["date"]))
    return resolve_time(r["question"], day)


def settings_grid(base: Weights, grid: dict[str, tuple[Any, ...]]) -> list[Weights]:
    keys = list(grid)
    return [dataclasses.replace(base, **dict(zip(keys, v, strict=True))) for v in itertools.product(*grid.values())]


def around(base: Weights, moves: dict[str, tuple[Any, ...]]) -> list[Weights]:
    """``base``, then ``base`` with one constant moved at a time."""
    return [base, *(dataclasses.replace(base, **{k: v}) for k, vs in moves.items() for v in vs)]


def _moved(base: Weights, w: Weights) -> dict[str, Any]:
    """The constants of ``w`` that differ from ``base``."""
    return {k: v for k, v in dataclasses.asdict(w).items() if getattr(base, k) != v}


def _compose(r: dict[str, Any], w: Weights) -> Any:
    return compose(r["question"], r["passages"], r["texts"], w, _intent(r), LEXICONS.get(r["set"]))


def score(rows: list[dict[str, Any]], w: Weights) -> list[bool]:
    out = []
    for r in rows:
        composed = _compose(r, w)
        out.append(answer_correct(composed.text, r["answer"], r["choices"]))
    return out


def cpu_per_answer(rows: list[dict[str, Any]], w: Weights, rounds: int = 2) -> list[float]:
    """CPU milliseconds per compose over the questions, pass by pass: the first pass fills the per-text caches
    (sentence splits and spans, for passages without a sentence table) as a server's first hours would; later
    passes see every passage again."""
    out = []
    for _ in range(rounds):
        t0 = time.process_time()
        for r in rows:
            _compose(r, w)
        out.append(1000 * (time.process_time() - t0) / len(rows))
    return out


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> tuple[np.ndarray, float]:
    """Logistic regression by Newton's method with a small L2 penalty: (coefficients, bias)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + l2 * np.r_[w[:-1], 0]
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + l2 * np.diag(np.r_[np.ones(len(w) - 1), 0])
        w -= np.linalg.solve(hess, grad)
    return w[:-1], float(w[-1])


def calibrate(rows: list[dict[str, Any]], off: list[dict[str, Any]], w: Weights, sets: list[str]) -> dict[str, Any]:
    """Fit the confidence on both sets, check it leave-one-week-out, and tabulate abstention thresholds."""

    def feats(r: dict[str, Any]) -> tuple[tuple[float, ...], Any]:
        composed = _compose(r, w)
        closest = max((p.dense or 0.0 for p in r["passages"]), default=0.0)
        return features(composed, closest), composed

    x, y, closest, has_cite = [], [], [], []
    for r in rows:
        f, composed = feats(r)
        x.append(f)
        y.append(answer_correct(composed.text, r["answer"], r["choices"]))
        closest.append(f[2])
        has_cite.append(bool(composed.citations))
    xa, ya = np.array(x), np.array(y, dtype=float)
    coef, bias = fit_logistic(xa, ya)
    week_of = np.array([r["week"] for r in rows])
    held = np.zeros(len(rows))
    for week in sorted(set(week_of)):
        c, b = fit_logistic(xa[week_of != week], ya[week_of != week])
        held[week_of == week] = 1 / (1 + np.exp(-(xa[week_of == week] @ c + b)))
    fitted = 1 / (1 + np.exp(-(xa @ coef + bias)))
    xo = np.array([feats(r)[0] for r in off])
    off_conf = 1 / (1 + np.exp(-(xo @ coef + bias))) if len(off) else np.zeros(0)
    off_closest = xo[:, 2] if len(off) else np.zeros(0)
    answerable = np.array([bool(r.get("answerable")) for r in rows])
    table = []
    for threshold in (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3):
        for held_side, conf in (("in-sample", fitted), ("held-out week", held)):
            abstain = (conf < threshold) | (np.array(closest) < 0.35) | ~np.array(has_cite)
            table.append({
                "threshold": threshold, "fit": held_side,
                **{f"accuracy_{s}": float(((~abstain) & (ya > 0))[[r["set"] == s for r in rows]].mean()) for s in sets},
                "abstained": int(abstain.sum()),
                "abstained_answerable": int((abstain & answerable).sum()),
                "correct_lost": int((abstain & (ya > 0)).sum()),
                "answered_wrong": int(((~abstain) & (ya == 0)).sum()),
                "offtopic_abstained": int(((off_conf < threshold) | (off_closest < 0.35)).sum()),
                "offtopic": len(off),
            })  # fmt: skip
    bins = []
    for lo in np.arange(0, 1, 0.2):
        sel = (held >= lo) & (held < lo + 0.2)
        if sel.any():
            mean = float(held[sel].mean())
            bins.append({"bin": f"{lo:.1f}-{lo + 0.2:.1f}", "n": int(sel.sum()), "mean_confidence": mean,
                         "accuracy": float(ya[sel].mean())})  # fmt: skip
    return {
        "coef": [round(float(c), 3) for c in coef], "bias": round(bias, 3),
        "brier_in_sample": float(((fitted - ya) ** 2).mean()), "brier_held_out_week": float(((held - ya) ** 2).mean()),
        "reliability_held_out_week": bins, "abstention": table,
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", required=True, help="NAME=INDEX:QUESTIONS")
    ap.add_argument("--out", type=Path, default=Path("var/tune-answer.json"))
    ap.add_argument("--refresh", action="store_true", help="re-run retrieval instead of using the cache")
    ap.add_argument("--no-grid", action="store_true", help="only score the defaults and calibrate")
    ap.add_argument("--grid", choices=[*sorted(GRIDS), "around"], default="answer", help="which constants to choose")
    ap.add_argument("--calibrate-best", action="store_true", help="fit the confidence for the in-sample best setting")
    ap.add_argument("--cpu", action="store_true", help="only measure compose CPU per answer (first pass, second pass)")
    ap.add_argument("--soft", type=float, default=Weights.soft, help="--cpu: the closeness weight (0: off)")
    args = ap.parse_args()
    sets, everything = retrieved_sets(args.set, args.out.parent, args.refresh)
    rows = [r for r in everything if not r.get("offtopic")]
    off = [r for r in everything if r.get("offtopic")]
    if args.cpu:
        first, second = cpu_per_answer(rows, Weights(soft=args.soft))
        print(f"compose CPU per answer over {len(rows)} questions: {first:.2f} ms first pass, {second:.2f} ms second")
        return 0
    for s in sets:
        sub = [r for r in rows if r["set"] == s and r.get("answerable")]
        r5 = sum(recall_profile([p.text for p in r["passages"]], r["answer"])[1] for r in sub) / len(sub)
        print(f"{s}: answer-recall@5 {r5:.3f} over {len(sub)} answerable")
    base = Weights()
    moves = AROUND if args.grid == "around" else GRIDS[args.grid]
    grid = [base] if args.no_grid else around(base, moves) if args.grid == "around" else settings_grid(base, moves)
    t0 = time.perf_counter()
    table = [score(rows, w) for w in grid]
    print(f"{len(grid)} settings x {len(rows)} questions in {time.perf_counter() - t0:.0f} s")

    def acc(i: int, s: str) -> float:
        idx = [j for j, r in enumerate(rows) if r["set"] == s]
        return sum(table[i][j] for j in idx) / len(idx)

    default = grid.index(base) if base in grid else None
    best = max(range(len(grid)), key=lambda i: sum(acc(i, s) for s in sets))
    held_out, picks = leave_one_week_out(table, [r["set"] for r in rows], [r["week"] for r in rows])
    approaches = {}
    for label, change in APPROACHES.items():
        correct = score(rows, dataclasses.replace(base, **change))
        approaches[label] = {s: sum(c for c, r in zip(correct, rows, strict=True) if r["set"] == s) / sum(
            r["set"] == s for r in rows) for s in sets}  # fmt: skip
    report = {
        "grid": {k: list(v) for k, v in moves.items()},
        "default": None if default is None else {s: acc(default, s) for s in sets},
        "in_sample_best": {"weights": dataclasses.asdict(grid[best]), **{s: acc(best, s) for s in sets}},
        "held_out": held_out,
        "settings": [{"moved": _moved(base, w), **{s: acc(i, s) for s in sets}} for i, w in enumerate(grid)],
        "approaches": approaches,
        "picked": {w: dataclasses.asdict(grid[i]) for w, i in picks.items()},
        "confidence": calibrate(rows, off, grid[best] if args.calibrate_best else base, sets),
    }
    print(json.dumps({k: v for k, v in report.items() if k not in ("picked", "settings")}, indent=1))
    for row in report["settings"]:
        print(" ".join(f"{s} {row[s]:.3f}" for s in sets), row["moved"] or "(defaults)")
    print("picked per held-out week:", Counter(json.dumps(_moved(base, grid[i])) for i in picks.values()).most_common())
    args.out.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
