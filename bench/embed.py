"""Benchmark of the embedding job on a JSON Lines archive (not a test): full build, no-change re-run, adding articles.

    .venv/bin/python bench/embed.py --archive ../shared/eval/rtqa-dev/archive.jsonl --out bench/embed.json
    .venv/bin/python bench/embed.py --archive ../shared/eval/rtqa-dev/archive.jsonl --limit 150   # a quick check

Steps, each through ``run_job`` exactly as ``archive-chat index`` runs it (the model is loaded once, up front):

1. full build of the first N articles (all by default): embedded tokens/s and chunks/s;
2. re-run with no change, in process and as an ``archive-chat index`` process;
3. the index of the first N - K articles, made from a copy of (1) by the job's own incremental delete (no
   re-embedding: the job tests prove an incremental run equals a clean build), then the last K articles added
   to it (K = --add, 200 by default);
4. the same K articles embedded alone into an empty index; step 3 / step 4 is the cost of adding to a big index.

``--engine ray`` instead compares the engines in one run: a full build of the first --small articles and of all
N, by the local engine then by Ray in local mode (``run_ray_job``, 2 CPUs), each a fresh index and each loading
the model itself as ``archive-chat index`` does. From the two sizes it fits wall time = fixed + chunks × per-chunk
time per engine, and reports Ray's extra fixed cost and the archive size from which it is under 5% of a run:

    .venv/bin/python bench/embed.py --engine ray --precision int8 --out bench/embed-ray.json

See bench/README.md for the targets and recorded figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from archive_chat.settings import Settings
from embeddings.encode import encoder_from
from embeddings.job import JobReport, run_job
from embeddings.store import StoredIndex

DEFAULT_ARCHIVE = Path("/work/shared/eval/rtqa-dev/archive.jsonl")
TARGET_TOKENS_PER_S = 4000
TARGET_NOCHANGE_S = 5.0
TARGET_ADD_RATIO = 1.2


def write_lines(path: Path, lines: list[str]) -> Path:
    """A JSON Lines archive of the given raw lines (subsets keep the original records byte for byte)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def timed_job(archive: Path, index: Path, settings: Settings, **kwargs: Any) -> tuple[JobReport, float]:
    """Run the job and return its report with the wall time around it."""
    t0 = time.perf_counter()
    report = run_job([archive], index, settings.model_copy(update={"index_dir": index}), **kwargs)
    return report, time.perf_counter() - t0


def cli_nochange_seconds(archive: Path, index: Path, settings: Settings) -> float:
    """Wall time of a whole ``archive-chat index`` process that finds nothing to do."""
    env = {**os.environ, "ARCHIVE_CHAT_CHUNK_TOKENS": str(settings.chunk_tokens)}
    env["ARCHIVE_CHAT_CHUNK_OVERLAP"] = str(settings.chunk_overlap)
    cmd = [sys.executable, "-m", "archive_chat.cli", "index", "--archive", str(archive), "--index", str(index)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode != 0 or "(unchanged)" not in done.stdout:
        raise SystemExit(f"no-change CLI run failed ({done.returncode}): {done.stdout}{done.stderr}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE, help="a JSON Lines archive (%(default)s)")
    p.add_argument("--index", type=Path, default=None, help="work directory (default: a temporary one, removed)")
    p.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    p.add_argument("--add", type=int, default=200, help="articles added to the index of the others (%(default)s)")
    p.add_argument("--chunk-tokens", type=int, default=None, help="default: ARCHIVE_CHAT_CHUNK_TOKENS or Settings")
    p.add_argument("--batch-size", type=int, default=None, help="default: ARCHIVE_CHAT_BATCH_SIZE or Settings")
    p.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's choice)")
    p.add_argument("--precision", choices=("fp32", "int8"), default=None, help="default: ARCHIVE_CHAT_PRECISION")
    p.add_argument("--engine", choices=("local", "ray"), default="local", help="ray: compare local and Ray builds")
    p.add_argument("--small", type=int, default=100, help="--engine ray: articles of the small build (%(default)s)")
    p.add_argument("--out", type=Path, default=None, help="also write the figures as JSON")
    args = p.parse_args(argv)

    lines = [line for line in args.archive.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = lines[: args.limit] if args.limit else lines
    n = len(lines)
    add = min(args.add, n // 4)  # a small --limit still leaves a base three times the size of what is added
    if add < 1:
        raise SystemExit(f"need at least 4 articles, got {n}")
    settings = Settings()
    updates: dict[str, Any] = {}
    if args.chunk_tokens:
        updates["chunk_tokens"] = args.chunk_tokens
    if args.batch_size:
        updates["batch_size"] = args.batch_size
    if args.precision:
        updates["precision"] = args.precision
    settings = settings.model_copy(update=updates)
    if args.engine == "ray":
        return compare_engines(lines, settings, small=min(args.small, n // 2), out=args.out)

    work = args.index or Path(tempfile.mkdtemp(prefix="bench-embed-"))
    if args.index and work.exists() and any(work.iterdir()):
        raise SystemExit(f"{work} is not empty: give an empty or new --index directory")
    try:
        if args.threads:
            import torch

            torch.set_num_threads(args.threads)
        t0 = time.perf_counter()
        encoder = encoder_from(settings)
        load_s = time.perf_counter() - t0

        everything = write_lines(work / "archive" / "all.jsonl", lines)
        base_archive = write_lines(work / "archive" / "base.jsonl", lines[: n - add])
        added_archive = write_lines(work / "archive" / "added.jsonl", lines[n - add :])

        full, full_s = timed_job(everything, work / "full", settings, encoder=encoder)
        same, same_s = timed_job(everything, work / "full", settings)  # no encoder: a no-change run needs none
        assert not same.published, "the no-change re-run published a version"
        cli_s = cli_nochange_seconds(everything, work / "full", settings)

        shutil.copytree(work / "full", work / "base")
        base, _ = timed_job(base_archive, work / "base", settings, encoder=encoder)
        assert base.removed == add and base.chunks_embedded == 0, base
        grown, grown_s = timed_job(everything, work / "base", settings, encoder=encoder)
        assert grown.added == add and grown.unchanged == n - add, grown
        alone, alone_s = timed_job(added_archive, work / "alone", settings, encoder=encoder)
        chunks = StoredIndex(work / "full").manifest.chunks
    finally:
        if args.index is None:
            shutil.rmtree(work, ignore_errors=True)

    figures = {
        "archive": str(args.archive),
        "articles": n,
        "chunks": chunks,
        "chunk_tokens": settings.chunk_tokens,
        "batch_size": settings.batch_size,
        "threads": args.threads,
        "model_load_s": round(load_s, 2),
        "full_build": {
            "seconds": round(full_s, 2),
            "tokens_embedded": full.tokens_embedded,
            "chunks_embedded": full.chunks_embedded,
            "tokens_per_s": round(full.tokens_embedded / full_s, 1),
            "chunks_per_s": round(full.chunks_embedded / full_s, 2),
        },
        "nochange_rerun_s": round(same_s, 3),
        "nochange_cli_s": round(cli_s, 2),
        "add": {
            "base_articles": n - add,
            "added_articles": add,
            "add_to_base_s": round(grown_s, 2),
            "embed_alone_s": round(alone_s, 2),
            "ratio": round(grown_s / alone_s, 3),
            "add_report": asdict(grown),
        },
    }
    print(markdown(figures))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def markdown(f: dict[str, Any]) -> str:
    """The figures as a markdown table, each next to its target."""
    full, add = f["full_build"], f["add"]

    def mark(ok: bool) -> str:
        return "yes" if ok else "**no**"

    rows = [
        (
            "full build: embedded tokens/s",
            f"{full['tokens_per_s']:,.0f}",
            f"≥ {TARGET_TOKENS_PER_S:,}",
            mark(full["tokens_per_s"] >= TARGET_TOKENS_PER_S),
        ),
        ("full build: chunks/s", f"{full['chunks_per_s']:,.1f}", "", ""),
        ("full build: wall time", f"{full['seconds']:.1f} s ({full['tokens_embedded']:,} tokens)", "", ""),
        (
            "re-run, no change (job)",
            f"{f['nochange_rerun_s']:.2f} s",
            f"< {TARGET_NOCHANGE_S:g} s",
            mark(f["nochange_rerun_s"] < TARGET_NOCHANGE_S),
        ),
        ("re-run, no change (`archive-chat index` process)", f"{f['nochange_cli_s']:.2f} s", "", ""),
        (f"add {add['added_articles']} to an index of {add['base_articles']}", f"{add['add_to_base_s']:.1f} s", "", ""),
        (f"embed those {add['added_articles']} alone", f"{add['embed_alone_s']:.1f} s", "", ""),
        ("add / alone", f"{add['ratio']:.2f}×", f"≤ {TARGET_ADD_RATIO}×", mark(add["ratio"] <= TARGET_ADD_RATIO)),
        ("model load (once, not in the figures above)", f"{f['model_load_s']:.1f} s", "", ""),
    ]
    head = (
        f"{f['articles']:,} articles, {f['chunks']:,} chunks of ≤ {f['chunk_tokens']} tokens, "
        f"batch {f['batch_size']}, threads {f['threads'] or 'default'}\n\n"
        "| measure | value | target | met |\n|---|---|---|---|\n"
    )
    return head + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)


def build(engine: str, archive: Path, index: Path, settings: Settings) -> dict[str, Any]:
    """One full build by ``engine`` into a fresh ``index``, the model loaded inside (as the CLI does): its figures."""
    settings = settings.model_copy(update={"index_dir": index})
    t0 = time.perf_counter()
    if engine == "ray":
        from embeddings.ray_job import run_ray_job

        report = run_ray_job([archive], index, settings)  # local mode, 2 CPUs, as `index --engine ray`
    else:
        report = run_job([archive], index, settings)
    seconds = time.perf_counter() - t0
    with StoredIndex(index) as stored:
        chunks, content_hash = stored.manifest.chunks, stored.manifest.content_hash
    figures = {"engine": engine, "seconds": round(seconds, 2), "chunks": chunks, "tokens": report.tokens_embedded,
               "tokens_per_s": round(report.tokens_embedded / seconds, 1), "chunks_per_s": round(chunks / seconds, 2),
               "content_hash": content_hash, "load": os.getloadavg()}  # fmt: skip
    print(json.dumps(figures), file=sys.stderr, flush=True)  # each run as it ends: a long benchmark shows progress
    return figures


def compare_engines(lines: list[str], settings: Settings, *, small: int, out: Path | None) -> int:
    """Full builds of ``small`` and of all articles, local engine then Ray; the fit and the break-even size."""
    work = Path(tempfile.mkdtemp(prefix="bench-embed-ray-"))
    try:
        t0 = time.perf_counter()
        encoder_from(settings)  # an int8 run exports the model once here, not inside the first timed build
        prepare_s = time.perf_counter() - t0
        sizes = {"small": write_lines(work / "small.jsonl", lines[:small])}
        sizes["all"] = write_lines(work / "all.jsonl", lines)
        runs = {f"{engine}/{size}": build(engine, archive, work / f"{engine}-{size}", settings)
                for engine in ("local", "ray") for size, archive in sizes.items()}  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    fit = {}
    for engine in ("local", "ray"):
        a, b = runs[f"{engine}/small"], runs[f"{engine}/all"]
        per_chunk = (b["seconds"] - a["seconds"]) / (b["chunks"] - a["chunks"])
        fit[engine] = {"fixed_s": round(a["seconds"] - per_chunk * a["chunks"], 2), "per_chunk_s": per_chunk}
    extra = fit["ray"]["fixed_s"] - fit["local"]["fixed_s"]
    chunks, per_article = runs["ray/all"]["chunks"], runs["ray/all"]["chunks"] / len(lines)
    under_5 = max(0.0, extra / (0.05 * fit["ray"]["per_chunk_s"]))  # extra fixed cost ≤ 5% of the run's work
    figures = {"articles": len(lines), "small_articles": small, "precision": settings.precision,
               "prepare_s": round(prepare_s, 2), "runs": runs, "fit": fit, "ray_extra_fixed_s": round(extra, 2),
               "per_chunk_ratio": round(fit["ray"]["per_chunk_s"] / fit["local"]["per_chunk_s"], 3),
               "overhead_under_5pct_from_chunks": round(under_5), "chunks_per_article": round(per_article, 2),
               "same_content_hash": runs["local/all"]["content_hash"] == runs["ray/all"]["content_hash"],
               "slowdown_all": round(runs["ray/all"]["seconds"] / runs["local/all"]["seconds"], 3),
               "all_chunks": chunks}  # fmt: skip
    print(json.dumps(figures, indent=2))
    if out:
        out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
