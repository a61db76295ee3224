"""The answer engine: retrieval, the evidence behind an answer, and the answer assembled from it.

``Engine`` holds the encoder and, through ``rag/live.py``, the live index version. A request takes that version
once, so a reload swaps versions under no one's feet. How a message is read before the search is
``rag.reading.read``; the evidence rule is ``rag.confidence.weigh``; the answer made of it is
``rag.extractive.extractive_answer``; asking the LLM is ``rag.llm_answer.ask_llm``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import httpx

from archive_chat.errors import BadQuery, UpstreamLLMError
from archive_chat.settings import Settings
from embeddings.encode import Encoder, encoder_from, model_fingerprint
from embeddings.records import Article
from embeddings.store import check_fits, read_manifest
from rag.coined import english
from rag.compose import Weights
from rag.confidence import Evidence, weigh, with_stale
from rag.extractive import ABSTAIN_TEXT as ABSTAIN_TEXT  # public here as well, where it always was
from rag.extractive import NOTHING_CLOSE as NOTHING_CLOSE
from rag.extractive import extractive_answer
from rag.floor import abstain_below
from rag.gazetteer import town
from rag.lexicon import Lexicon
from rag.live import Live, Loader, Versions
from rag.llm_answer import ask_llm
from rag.reading import Reading, read
from rag.records import Answer, ArticleRef, Filters, Passage, Turn
from rag.records import article_refs as article_refs  # public here as well, where it always was
from rag.retrieve import Reranker
from rag.taxonomy import wordnet
from rag.text import stream_pieces

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Retrieved:
    live: Live
    passages: tuple[Passage, ...]
    timings: dict[str, float]
    reading: Reading  # the message as read: its question, time window, and what it says to the archive itself
    as_of: dt.date  # the day it is asked on


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 2)


class Engine:
    """Answers questions from one index directory, following newly published versions on ``reload()``."""

    def __init__(
        self,
        index_dir: Path,
        settings: Settings,
        encoder: Encoder,
        *,
        http: httpx.AsyncClient | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        self.index_dir = index_dir
        self.settings = settings
        self.encoder = encoder
        self.reranker = reranker
        self._http = http
        self.weights = Weights()
        wordnet()  # read once per process, here rather than in the first "which food …?"
        english()  # … and the whole dictionary, rather than in the first "which medication …?"
        town("lisbon")  # the towns' names likewise, rather than in the first "which city …?"
        self._versions = Versions(index_dir, Loader(index_dir, settings, encoder, reranker))
        # the CPU-bound stages of every answer run here, off the event loop, at most ``answer_threads`` at once
        self._pool = concurrent.futures.ThreadPoolExecutor(settings.answer_threads, thread_name_prefix="answer")

    @classmethod
    def open(
        cls,
        index_dir: Path,
        settings: Settings,
        *,
        encoder: Encoder | None = None,
        http: httpx.AsyncClient | None = None,
        reranker: Reranker | None = None,
    ) -> Engine:
        """Load the encoder (unless given) and the live index version of ``index_dir``."""
        if encoder is None:  # refuse an index of another model before spending seconds loading this one
            check_fits(index_dir, read_manifest(index_dir), model_fingerprint(settings.model, settings.precision))
        enc = encoder or encoder_from(settings)
        if reranker is None and settings.reranker:
            from rag.rerank import CrossEncoderReranker

            reranker = CrossEncoderReranker(settings.reranker, device=settings.device)
        return cls(index_dir, settings, enc, http=http, reranker=reranker)

    @property
    def lexicon(self) -> Lexicon | None:
        """The live version's word-piece lexicon (None for a model without one)."""
        return self._versions.live.lexicon

    @property
    def floor(self) -> float:
        """The closest an everyday question comes to the live version (``rag.floor``)."""
        return self._versions.live.floor

    @property
    def version(self) -> str:
        """The index version new requests are answered from."""
        return self._versions.live.index.version

    def reload(self) -> bool:
        """Switch to the newest published version, if there is one; True when switched."""
        return self._versions.reload()

    def follow(self, every_s: float) -> None:
        """Reload when another process published a newer version; looks at most once every ``every_s`` s."""
        self._versions.follow(every_s)

    def close(self) -> None:
        """Stop the answer threads (answers still queued are cancelled) and close the index connections this engine
        opened (the encoder and an injected client are not its own)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._versions.close()

    async def _in_pool(self, fn: Callable[..., _T], *args: object) -> _T:
        """``fn(*args)`` on the engine's answer threads."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, functools.partial(fn, *args))

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def article(self, article_id: str) -> Article | None:
        """One stored article, or None."""
        live = self._versions.live
        i = live.index.by_id.get(article_id)
        return None if i is None else live.index.articles[i]

    def stats(self) -> dict[str, object]:
        """What the live version holds."""
        m = self._versions.live.index.manifest
        return {key: getattr(m, key) for key in ("version", "model", "articles", "chunks", "date_min", "date_max")}

    # -- retrieval ---------------------------------------------------------------------------------------

    def _retrieve(
        self,
        question: str,
        as_of: dt.date | None,
        history: Sequence[Turn],
        filters: Filters | None,
        k: int,
    ) -> _Retrieved:
        if not question.strip():
            raise BadQuery("question: must not be empty")
        t0 = time.perf_counter()
        live = self._versions.live
        as_of = as_of or dt.date.today()
        q = read(question, as_of, history, filters or Filters(), live.retriever)
        if q.about == "thanks":  # answered without a search
            return _Retrieved(live, (), {"embed_query_ms": 0.0, "retrieve_ms": _ms(t0)}, q, as_of)
        qvec = self.encoder.encode([q.searched])[0]
        t1 = time.perf_counter()
        cap = self.settings.per_article_cap
        passages = live.retriever.search(
            q.searched, as_of=as_of, filters=q.filters, intent=q.intent, k=k, cap=cap, query_vec=qvec
        )
        timings = {"embed_query_ms": round((t1 - t0) * 1000, 2), "retrieve_ms": _ms(t0)}
        return _Retrieved(live, tuple(passages), timings, q, as_of)

    def search(
        self,
        question: str,
        *,
        as_of: dt.date | None = None,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        k: int | None = None,
    ) -> tuple[tuple[Passage, ...], tuple[ArticleRef, ...]]:
        """Passages and the date-sorted articles behind them, no answer."""
        r = self._retrieve(question, as_of, history, filters, k or self.settings.top_k)
        return r.passages, article_refs(r.passages)

    async def search_async(
        self, question: str, *, as_of: dt.date | None = None, filters: Filters | None = None, k: int | None = None
    ) -> tuple[tuple[Passage, ...], tuple[ArticleRef, ...]]:
        """``search`` on the answer threads, off the event loop."""
        return await self._in_pool(functools.partial(self.search, question, as_of=as_of, filters=filters, k=k))

    # -- answers -----------------------------------------------------------------------------------------

    def answer(
        self,
        question: str,
        *,
        as_of: dt.date | None = None,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
    ) -> Answer:
        """An extractive answer: one to three verbatim, cited sentences — or an abstention."""
        t0 = time.perf_counter()
        r = self._retrieve(question, as_of, history, filters, self.settings.top_k)
        return self._extractive(r, t0)

    def _evidence(self, r: _Retrieved) -> Evidence:
        """The evidence for the question as retrieval put it: a follow-up's sentences are scored with the names it
        leans on ("how is he now?" holds none of the words of the sentences about him)."""
        index, s = r.live.index, self.settings
        texts = {p.article_id: index.articles.text(index.by_id[p.article_id]) for p in r.passages}
        return weigh(
            r.reading.query, r.passages, texts, self.weights,
            abstain_below=abstain_below(s.abstain_below, r.live.floor), abstain_confidence=s.abstain_confidence,
            intent=r.reading.intent, lexicon=r.live.lexicon, as_of=min(r.as_of, r.reading.filters.until or r.as_of),
        )  # fmt: skip

    def _extractive(self, r: _Retrieved, t0: float, notice: str | None = None, ev: Evidence | None = None) -> Answer:
        t1 = time.perf_counter()
        ev = ev or self._evidence(r)
        timings = {**r.timings, "answer_ms": _ms(t1), "total_ms": _ms(t0)}
        return extractive_answer(r.reading, r.passages, ev, timings, notice)

    async def _ask_llm(
        self, question: str, r: _Retrieved, history: Sequence[Turn], t0: float
    ) -> tuple[Answer | None, str | None]:
        """The LLM's grounded answer (or, when the LLM fails, the extractive one with a notice saying so), or None
        and the notice that says why the extractive one is shown.

        Weak evidence abstains before the LLM is asked, on the same rule as extractive mode: a fluent model
        would otherwise answer from passages that do not cover the question.
        """
        if not self.settings.llm_base_url:
            return None, "LLM mode is not configured (set ARCHIVE_CHAT_LLM_BASE_URL): extractive answer shown"
        if not r.passages:
            return None, None
        ev = await self._in_pool(self._evidence, r)
        extractive = self._extractive(r, t0, ev=ev)
        if ev.abstained:
            return replace(extractive, mode="llm"), None
        t1 = time.perf_counter()
        try:
            reply = await ask_llm(self.settings, self._http, r.reading.asked or question, r.passages, ev, history)
        except UpstreamLLMError as e:  # the evidence is composed already: answer from it, not anew
            notice = with_stale(f"the LLM failed ({e}): extractive answer shown", ev)
            return replace(extractive, notice=notice, timings_ms={**extractive.timings_ms, "total_ms": _ms(t0)}), None
        # the extractive answer's evidence (direct answer, conflict, confidence), in the LLM's words
        timings = {**r.timings, "llm_ms": _ms(t1), "total_ms": _ms(t0)}
        return replace(
            extractive,
            text=reply.text,
            citations=reply.citations,
            mode="llm",
            timings_ms=timings,
            notice=with_stale(reply.notice, ev),
        ), None

    async def answer_async(
        self,
        question: str,
        *,
        as_of: dt.date | None = None,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        mode: str = "extractive",
    ) -> Answer:
        """``answer`` off the event loop; in "llm" mode ask the configured LLM, falling back to extractive."""
        answer: Answer | None = None
        async for kind, value in self.stream(question, as_of=as_of, history=history, filters=filters, mode=mode):
            if kind == "done":
                assert isinstance(value, Answer)
                answer = value
        assert answer is not None
        return answer

    async def stream(
        self,
        question: str,
        *,
        as_of: dt.date | None = None,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        mode: str = "extractive",
    ) -> AsyncIterator[tuple[str, object]]:
        """Events of one answer: passages, then answer deltas, then citations, then ("done", Answer).

        ("passages", (passages, articles)), ("delta", str)…, ("citations", citations), ("done", Answer).
        """
        if mode not in ("extractive", "llm"):
            raise BadQuery(f"mode: expected 'extractive' or 'llm', got {mode!r}")
        t0 = time.perf_counter()
        r = await self._in_pool(self._retrieve, question, as_of, history, filters, self.settings.top_k)
        yield "passages", (r.passages, article_refs(r.passages))
        llm = mode == "llm" and r.reading.opening is None  # a greeting is answered here, not by the LLM
        answer, notice = await self._ask_llm(question, r, history, t0) if llm else (None, None)
        if answer is None:
            answer = await self._in_pool(self._extractive, r, t0, notice)
        for delta in stream_pieces(answer.text):
            yield "delta", delta
        yield "citations", answer.citations
        yield "done", answer
