"""What an incremental run costs when it appends a segment and when it writes every article again (not a test).

    flock /tmp/archive-chat-bench.lock .venv/bin/python bench/append.py --index var/dev-ivf \
        --archive ../shared/eval/rtqa-dev/archive.jsonl --new 30 --rounds 2

The base: a copy of ``--index`` brought to the archive without its ``--new`` newest articles (no vector is
embedded: they are all stored). Each round copies the base twice and runs the job over the whole archive on each
copy, alternately: once as the product runs it (one segment appended), once made to write everything again (as a
run past ``MAX_SEGMENTS`` does, and as every run did before segments). Both embed the same new chunks with the same
model, which is loaded once. Reported per run: seconds, and the bytes of new files (hard links to the version
before, such as the tantivy files a version shares with the previous one, are not new).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

if not os.environ.get("PYTHONPATH"):  # PYTHONPATH=<worktree of another commit> runs that commit's code
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive_chat.settings import Settings  # noqa: E402
from embeddings import plan  # noqa: E402
from embeddings.encode import encoder_from  # noqa: E402
from embeddings.job import run_job  # noqa: E402
from embeddings.store import read_manifest  # noqa: E402


def new_bytes(index: Path, before: set[Path]) -> int:
    """Bytes of the files under ``index`` that are not in ``before`` and not hard links to an older file."""
    total = 0
    for f in index.rglob("*"):
        if f.is_file() and f not in before and f.stat().st_nlink == 1:
            total += f.stat().st_size
    return total


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--archive", type=Path, required=True)
    p.add_argument("--new", type=int, default=30, help="newest articles held back from the base")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--scratch", type=Path, default=Path("var/bench-append"))
    args = p.parse_args()
    m = read_manifest(args.index)
    settings = Settings(precision=m.precision)
    encoder = encoder_from(settings)
    lines = args.archive.read_text(encoding="utf-8").splitlines()
    by_date = sorted(range(len(lines)), key=lambda i: (json.loads(lines[i]).get("published") or "", i))
    held = set(by_date[-args.new :])
    shutil.rmtree(args.scratch, ignore_errors=True)
    args.scratch.mkdir(parents=True)
    base_archive, base = args.scratch / "base.jsonl", args.scratch / "base"
    base_archive.write_text("".join(line + "\n" for i, line in enumerate(lines) if i not in held), encoding="utf-8")
    shutil.copytree(args.index, base)
    prepared = run_job([base_archive], base, settings.model_copy(update={"index_dir": base}), encoder=encoder)
    print(json.dumps({"base": prepared.version, "removed": prepared.removed, "embedded": prepared.chunks_embedded}))
    limit = plan.MAX_SEGMENTS
    for r in range(args.rounds):
        for mode in ("append", "rewrite"):
            run = args.scratch / mode
            shutil.rmtree(run, ignore_errors=True)
            shutil.copytree(base, run)
            before = {f for f in run.rglob("*") if f.is_file()}
            plan.MAX_SEGMENTS = limit if mode == "append" else 0  # 0: no version may be appended to
            t0 = time.perf_counter()
            report = run_job([args.archive], run, settings.model_copy(update={"index_dir": run}), encoder=encoder)
            secs = time.perf_counter() - t0
            m = read_manifest(run)
            print(json.dumps({"round": r + 1, "mode": mode, "seconds": round(secs, 2), "new_mib": round(
                new_bytes(run, before) / 2**20, 2), "added": report.added, "embedded": report.chunks_embedded,
                "segments": len(m.segments), "load": os.getloadavg()[0]}), flush=True)  # fmt: skip
    plan.MAX_SEGMENTS = limit


if __name__ == "__main__":
    main()
