"""What `archive-chat compact` costs on a copy of an index (not a test): wall seconds and process CPU.

    flock /tmp/archive-chat-bench.lock .venv/bin/python bench/compact.py --index var/bench-append/append

``--index`` is copied to ``--scratch`` first (the original is never written), then compacted with ``force``, so an
index of one segment is written again too. To compare two versions of the code on the same input, run it
alternately as it is and with ``PYTHONPATH=<worktree of the other commit>``, which then supplies the code.
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

from embeddings.compact import compact  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--scratch", type=Path, default=Path("var/bench-compact"))
    p.add_argument("--vector-index", default="auto")
    args = p.parse_args()
    shutil.rmtree(args.scratch, ignore_errors=True)
    shutil.copytree(args.index, args.scratch)
    t0, c0 = time.perf_counter(), time.process_time()
    report = compact(args.scratch, args.vector_index, force=True)
    print(json.dumps({"seconds": round(time.perf_counter() - t0, 2), "cpu_s": round(time.process_time() - c0, 2),
                      "segments_before": report.segments_before, "chunks": report.chunks,
                      "load": os.getloadavg()[0]}))  # fmt: skip


if __name__ == "__main__":
    main()
