"""Mistyped copies of a questions file, for measuring ``rag/respell.py`` (a benchmark input, not a test).

Each question gets one slip of a key in one word of five letters or more (not its first word, nor the word's first
or last letter): a letter dropped, replaced by a common one, or swapped with the next, and with ``--any`` also a
letter added. ``names`` (the default) picks the longest capitalised word, a name as a reader types it from memory;
``--any`` picks any such word at random. Seeded by the file's name, so a file always gets the same slips.

    .venv/bin/python bench/typos.py ../shared/eval/rtqa-dev/questions.jsonl /tmp/dev-typo.jsonl
    .venv/bin/python bench/typos.py --any ../shared/eval/rtqa-dev/questions.jsonl /tmp/dev-typo2.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

_NAME = re.compile(r"(?<![\w’'])[A-Z][a-z]{4,}(?![\w’'])")
_WORD = re.compile(r"(?<![\w’'])[A-Za-z]{5,}(?![\w’'])")


def slip(word: str, rng: random.Random, ops: str) -> str:
    """``word`` with one slip inside it (never its first or last letter)."""
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(ops)
    if op == "drop":
        return word[:i] + word[i + 1 :]
    if op == "replace":
        return word[:i] + rng.choice([c for c in "aeioulnrst" if c != word[i].lower()]) + word[i + 1 :]
    if op == "add":
        return word[:i] + rng.choice("aeioulnrstdh") + word[i:]
    if word[i] == word[i + 1]:  # a swap of equal letters is no slip: drop one instead
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def mistyped(question: str, rng: random.Random, any_word: bool) -> str:
    """``question`` with one word slipped, or unchanged when it has no word to slip."""
    found = [m for m in (_WORD if any_word else _NAME).finditer(question) if m.start() > 0]
    if not found:
        return question
    m = rng.choice(found) if any_word else max(found, key=lambda m: len(m.group()))
    ops = ("drop", "replace", "swap", "add") if any_word else ("drop", "replace", "swap")
    return question[: m.start()] + slip(m.group(), rng, ops) + question[m.end() :]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("questions", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--any", action="store_true", help="slip any word of five letters or more, not the longest name")
    args = ap.parse_args()
    rng = random.Random(args.questions.parent.name + ("-any" if args.any else ""))
    lines = []
    for line in args.questions.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            lines.append(json.dumps({**row, "question": mistyped(row["question"], rng, args.any)}))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
