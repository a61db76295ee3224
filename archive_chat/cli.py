"""The ``archive-chat`` command: index, stats, fetch, ask, eval, serve, unanswered.

Options default from ``ARCHIVE_CHAT_*`` environment variables (through Settings); domain errors become
one line on stderr and the error's exit code here, and nowhere else. Besides those: ``fetch`` exits 75 when no feed
it was given could be read, and a command whose output pipe closed ("| head") exits 141.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from archive_chat.errors import ArchiveChatError
from archive_chat.settings import Settings, get_settings
from rag.records import Citation


def _date(value: str) -> dt.date:
    from rag.dates import date_problem

    if (problem := date_problem(value)) is not None:
        raise argparse.ArgumentTypeError(f"{problem}, got {value!r}")
    return dt.date.fromisoformat(value)


def _positive(value: str) -> int:
    """A count of at least 1 ("--limit 3")."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _folder(value: str) -> Path:
    """A folder, or where one will be made: not a file."""
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a file, not a folder")
    return path


def _file(value: str) -> Path:
    """A file to write: not a folder."""
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a folder, not a file")
    return path


def _parser(settings: Settings) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="archive-chat", description=__doc__.splitlines()[0] if __doc__ else None)
    sub = p.add_subparsers(dest="command", required=True)

    def with_index(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--index", type=_folder, default=settings.index_dir, help="index directory (%(default)s)")

    sp = sub.add_parser("index", help="embed the archive into the index (incremental)")
    sp.add_argument("--archive", type=Path, action="append", help="archive file or folder (repeatable)")
    with_index(sp)
    sp.add_argument("--full", action="store_true", help="re-embed everything")
    sp.add_argument("--precision", choices=["fp32", "int8"], default=settings.precision,
                    help="fp32, or the model quantized to int8 and run by onnxruntime (%(default)s); query "
                         "encoding must match: set ARCHIVE_CHAT_PRECISION for ask, eval and serve")  # fmt: skip
    sp.add_argument("--json", action="store_true", help="print the report as one JSON object")
    sp.add_argument("--engine", choices=["local", "ray"], default=settings.engine, help="where to run (%(default)s)")
    sp.add_argument(
        "--ray-address",
        default=os.environ.get("RAY_ADDRESS") or None,
        help="a Ray cluster to run on (RAY_ADDRESS; default: Ray in local mode on this machine)",
    )

    sp = sub.add_parser("compact", help="merge the index's segments into one, without deleted articles")
    with_index(sp)
    sp.add_argument("--force", action="store_true", help="rewrite an index that already is one segment")
    sp.add_argument("--json", action="store_true", help="print the report as one JSON object")

    sp = sub.add_parser("stats", help="what an index holds")
    with_index(sp)
    sp.add_argument("--json", action="store_true")

    sp = sub.add_parser("fetch", help="pull new articles from RSS/Atom feeds or sitemaps into an archive folder")
    sp.add_argument("urls", nargs="+", metavar="FEED_URL")
    sp.add_argument("--archive", type=_folder, default=Path("archive"), help="folder to write to (%(default)s)")
    sp.add_argument("--limit", type=_positive, default=None, help="at most this many new articles")

    sp = sub.add_parser("ask", help="answer one question from the archive")
    sp.add_argument("question")
    with_index(sp)
    sp.add_argument("--as-of", type=_date, default=None)
    sp.add_argument("--mode", choices=["extractive", "llm"], default="extractive")
    sp.add_argument("--json", action="store_true")

    sp = sub.add_parser("eval", help="score the engine on a questions file (RealTimeQA format)")
    with_index(sp)
    sp.add_argument("--questions", type=Path, required=True)
    sp.add_argument("--out", type=_file, default=None, help="write per-question results as JSON Lines")
    sp.add_argument("--limit", type=_positive, default=None, help="only the first N questions")
    sp.add_argument(
        "--mode", choices=["extractive", "llm"], default="extractive", help="llm: ask ARCHIVE_CHAT_LLM_BASE_URL"
    )

    sp = sub.add_parser("serve", help="serve the answer API and the chat widget")
    with_index(sp)
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=8000)
    sp.add_argument("--workers", type=int, default=settings.workers, help="server processes (%(default)s)")
    sp.add_argument(
        "--threads",
        type=int,
        default=settings.threads,
        help="encoder threads per process (0: the library's default, one per core)",
    )

    sp = sub.add_parser("unanswered", help="what readers asked that the archive did not answer (the editors' report)")
    sp.add_argument("--since", type=_date, default=None, help="only questions asked on or after YYYY-MM-DD (UTC)")
    sp.add_argument("--limit", type=_positive, default=50, help="at most this many question groups (%(default)s)")
    sp.add_argument("--data-dir", type=Path, default=settings.data_dir, help="where the log is (%(default)s)")
    sp.add_argument("--json", action="store_true", help="the report as JSON, with the per-week trend")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    settings = get_settings()
    args = _parser(settings).parse_args(argv)
    try:
        return int(_COMMANDS[args.command](args, settings) or 0)
    except ArchiveChatError as e:
        print(f"archive-chat {args.command}: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # "archive-chat ask … | head": the reader stopped reading; no traceback for that
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # (nor at exit, flushing what is left)
        return 141  # 128 + SIGPIPE, as a shell reports it


def _index(args: argparse.Namespace, settings: Settings) -> int:
    archive = args.archive or settings.archive
    settings = settings.model_copy(update={"precision": args.precision})
    say = lambda m: print(m, file=sys.stderr)  # noqa: E731
    if args.engine == "ray":
        from embeddings.ray_job import run_ray_job

        report = run_ray_job(archive, args.index, settings, address=args.ray_address, full=args.full, log=say)
    else:
        from embeddings.job import run_job

        report = run_job(archive, args.index, settings, full=args.full, log=say)
    if args.json:
        print(json.dumps(dataclasses.asdict(report)))
        return 0
    print(
        f"articles: {report.added} added, {report.changed} changed, {report.removed} removed, "
        f"{report.unchanged} unchanged"
    )
    print(
        f"chunks embedded: {report.chunks_embedded} ({report.chunks_reused} reused), "
        f"{report.tokens_embedded} tokens in {report.seconds:.1f} s = {report.tokens_per_s:,.0f} tokens/s"
    )
    print(f"index {args.index}: version {report.version}" + ("" if report.published else " (unchanged)"))
    return 0


def _compact(args: argparse.Namespace, settings: Settings) -> int:
    from embeddings.compact import compact
    from embeddings.pieces import model_tokenizer

    report = compact(args.index, settings.vector_index, force=args.force, pieces=model_tokenizer(settings.model))
    if args.json:
        print(json.dumps(dataclasses.asdict(report)))
        return 0
    holds = f"version {report.version} ({report.articles} articles, {report.chunks} chunks)"
    if not report.published:
        print(f"index {args.index}: already one segment with nothing deleted: {holds}")
        return 0
    print(
        f"index {args.index}: {report.segments_before} segment(s) and {report.deleted_before} deleted article(s) "
        f"compacted into {holds} in {report.seconds:.1f} s"
    )
    return 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    from embeddings.encode import model_fingerprint
    from embeddings.index_format import segment_paths
    from embeddings.sentence_table import PIECE_MANIFEST
    from embeddings.store import model_mismatch, read_manifest

    m = read_manifest(args.index)
    # By name only: loading the configured model to compare dimensions would make stats slow.
    mismatch = model_mismatch(m, model_fingerprint(settings.model, settings.precision))
    info = {
        "version": m.version,
        "model": m.model,
        "dim": m.dim,
        "precision": m.precision,
        "articles": m.articles,
        "chunks": m.chunks,
        "date_min": m.date_min,
        "date_max": m.date_max,
        "chunk_tokens": m.max_tokens,
        "overlap": m.overlap,
        "created": m.created,
        "format_version": m.format_version,
        "segments": len(m.segments) or 1,
        # segments whose sentence table holds its word pieces (the rest cost more CPU per answer until compacted)
        "segments_with_pieces": sum((p / PIECE_MANIFEST).exists() for p in segment_paths(args.index, m)),
        "deleted": m.deleted,
        "content_hash": m.content_hash,
        "configured_model": settings.model,
        "configured_precision": settings.precision,
        "model_mismatch": mismatch,  # null when the configured model can search this index
    }
    if mismatch:
        print(f"archive-chat stats: warning: {mismatch}", file=sys.stderr)
    if args.json:
        print(json.dumps(info))
    else:
        for k, v in info.items():
            print(f"{k:>16}: {v}")
    return 0


def _fetch(args: argparse.Namespace, settings: Settings) -> int:
    import httpx

    from embeddings.fetch import FetchReport, fetch

    async def go() -> FetchReport:
        async with httpx.AsyncClient(
            follow_redirects=True, timeout=20.0, headers={"User-Agent": "archive-chat/0.1"}
        ) as client:
            return await fetch(args.urls, args.archive, client, limit=args.limit)

    report = asyncio.run(go())
    print(json.dumps(dataclasses.asdict(report), default=str))
    failed = {url for url, _ in report.failed}
    if failed.issuperset(args.urls):  # every feed unreadable: a cron job must see it (one dead page must not)
        print('archive-chat fetch: no feed could be read (see "failed")', file=sys.stderr)
        return 75  # EX_TEMPFAIL: the next run tries again
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    import httpx

    from api.questionlog.records import new_answer_id
    from api.schemas import AnswerOut
    from rag.engine import Engine
    from rag.records import Answer

    async def go() -> Answer:
        async with httpx.AsyncClient(timeout=settings.llm_timeout_s) as http:  # closed here, not leaked
            with Engine.open(args.index, settings, http=http) as engine:
                return await engine.answer_async(args.question, as_of=args.as_of, mode=args.mode)

    ans = asyncio.run(go())
    if args.json:
        # The same JSON as POST /v1/answer; the id is fresh but not logged (only the server logs questions).
        print(AnswerOut.of(ans, new_answer_id()).model_dump_json())
        return 0
    if ans.respelled:  # a word the archive never writes, searched as it writes it (as the widget says)
        print(f"Searched for: {ans.respelled} (put a word in quotes to search it as typed)\n")
    print(ans.text)
    if ans.notice:
        print(f"\n({ans.notice})")
    for c in ans.citations:
        print(f"\n{card(c)}")
    if ans.articles and not ans.citations:  # "… the closest articles are listed below"
        print("\nClosest articles:")
        for a in ans.articles:
            print(f"- {a.title}{_dash(a.source, a.published)}" + (f"\n  {a.url}" if a.url else ""))
    return 0


def _dash(source: str | None, published: dt.date | None) -> str:
    """The " — <outlet> <date>" after a heading, with what the piece has of the two (nothing when it has neither)."""
    line = " ".join(str(x) for x in (source, published) if x)
    return f" — {line}" if line else ""


def card(c: Citation) -> str:
    """A citation as ``ask`` prints it: the card's heading (an untitled piece by its section, not by the quote's
    own opening words), the outlet and date when known, the quote and the link.

    >>> when = dt.date(2025, 3, 1)
    >>> print(card(Citation(1, "a", "Fares rose", "Fares rose.", 0, 11, source="Velling Post", published=when)))
    [1] Fares rose — Velling Post 2025-03-01
        “Fares rose.”
    >>> print(card(Citation(2, "b", "Fares rose", "Fares rose.", 0, 11, heading="Commentary piece")))
    [2] Commentary piece
        “Fares rose.”
    """
    where = c.link or c.url
    return "\n".join(
        (
            f"[{c.n}] {c.heading or c.title}{_dash(c.source, c.published)}",
            f"    “{c.quote}”",
            *([f"    {where}"] if where else []),
        )
    )


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from rag.engine import Engine
    from rag.evalrun import read_questions, run_eval

    questions = read_questions(args.questions)  # a bad file fails before the model loads
    with Engine.open(args.index, settings) as engine:
        print(run_eval(engine, questions, out=args.out, limit=args.limit, mode=args.mode))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from api.app import serve

    if args.workers < 1 or args.threads < 0:
        raise ArchiveChatError(f"--workers must be ≥ 1 and --threads ≥ 0 (got {args.workers} and {args.threads})")
    update = {"index_dir": args.index, "workers": args.workers, "threads": args.threads}
    serve(settings.model_copy(update=update), args.host, args.port)
    return 0


def _unanswered(args: argparse.Namespace, settings: Settings) -> int:
    import sqlite3

    from api.questionlog.report import build_report
    from api.questionlog.store import QuestionLog
    from api.schemas_log import UnansweredOut
    from archive_chat.errors import LogUnavailable

    question_log = QuestionLog(args.data_dir, retention_days=settings.log_days, read_only=True)
    since = dt.datetime.combine(args.since, dt.time.min, dt.UTC) if args.since else None
    try:
        rows = question_log.answers(since)
    except sqlite3.Error as e:  # locked past the timeout, or not a log at all
        raise LogUnavailable(f"cannot read the question log {question_log.path}: {e}") from e
    finally:
        question_log.close()
    report = UnansweredOut.of(build_report(rows, low_confidence=settings.low_confidence, limit=args.limit))
    if args.json:
        print(report.model_dump_json())  # the same JSON as GET /v1/admin/unanswered
        return 0
    if not report.questions:
        print("no unanswered questions in this period")
    for g in report.questions:
        span = f"{g.first_asked:%Y-%m-%d} … {g.last_asked:%Y-%m-%d}"
        print(f"{g.count:>5}×  {span}  [{', '.join(g.reasons)}]  {_clipped(g.question)}")
        for a in g.articles:
            print(f"         closest: {a.title} ({a.article_id})")
    for w in report.trend:
        print(f"week {w.week}: {w.answers} answers, {w.share_abstained:.0%} abstained, "
              f"{w.share_not_helpful:.0%} marked not helpful")  # fmt: skip
    return 0


def _clipped(text: str, width: int = 100) -> str:
    """One line of at most ``width`` characters, cut at a word with "…" (the --json report keeps it whole).

    >>> _clipped("Who won the Velling ferry race?"), _clipped("Who won the Velling ferry race?", 20)
    ('Who won the Velling ferry race?', 'Who won the…')
    """
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rsplit(" ", 1)[0] + "…"


_COMMANDS = {"index": _index, "compact": _compact, "stats": _stats, "fetch": _fetch, "ask": _ask, "eval": _eval,
             "serve": _serve, "unanswered": _unanswered}  # fmt: skip

if __name__ == "__main__":
    sys.exit(main())
