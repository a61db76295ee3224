"""LLM mode, wired: ask for structured claims, check and render them; in prose when structure is refused.

The I/O edge of LLM mode. The prompt and schema (``rag.claims``) and the check of the reply (``rag.grounding``,
``rag.prompt.postcheck``) are pure; this module only opens the HTTP client (``ask_llm``) and sends and receives
through an ``LLMClient``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass

import httpx

from archive_chat.errors import LLMFormatRefused, UpstreamLLMError
from archive_chat.settings import Settings
from rag.claims import (
    MAX_PASSAGES,
    Shown,
    claims_messages,
    claims_schema,
    passage_budget,
    reply_tokens,
    response_formats,
    select_sentences,
)
from rag.compose import Composed
from rag.confidence import Evidence
from rag.grounding import ground, opening, parse_claims, render
from rag.llm import LLMClient
from rag.prompt import build_messages, looks_like_garbage, postcheck
from rag.records import Citation, Passage, Turn

log = logging.getLogger(__name__)

PROSE_NOTICE = (
    "the LLM endpoint refused structured output (response_format), so its prose answer was checked "
    "marker by marker instead"
)


@dataclass(frozen=True, slots=True)
class LLMReply:
    """An LLM answer that passed its checks: text with [n] markers, verified citations, and a notice or None."""

    text: str
    citations: tuple[Citation, ...]
    notice: str | None = None


async def ask_llm(
    settings: Settings,
    http: httpx.AsyncClient | None,
    question: str,
    passages: Sequence[Passage],
    evidence: Evidence,
    history: Sequence[Turn] = (),
) -> LLMReply:
    """``answer_with_llm`` against the configured endpoint, through ``http`` or a client opened (and closed) here."""
    s = settings
    if not s.llm_base_url:
        raise UpstreamLLMError("no LLM is configured (ARCHIVE_CHAT_LLM_BASE_URL)")
    async with AsyncExitStack() as stack:
        # an injected client is its owner's to close; one opened here is closed here
        if http is None:
            http = await stack.enter_async_context(httpx.AsyncClient(timeout=s.llm_timeout_s))
        llm = LLMClient(http, s.llm_base_url, s.llm_model, s.llm_api_key, s.llm_timeout_s)
        return await answer_with_llm(
            llm, question, passages, evidence.texts, evidence.composed, history,
            s.llm_context_tokens, s.llm_sentences_per_passage,
        )  # fmt: skip


async def answer_with_llm(
    llm: LLMClient,
    question: str,
    passages: Sequence[Passage],
    article_texts: Mapping[str, str],
    composed: Composed,
    history: Sequence[Turn] = (),
    context_tokens: int = 2048,
    sentences_per_passage: int = 1,
) -> LLMReply:
    """The LLM's grounded answer, opened by the composer's direct answer; UpstreamLLMError when there is none.

    Structured output is asked for in each ``response_format`` dialect in turn; an endpoint that refuses them
    all is asked in prose (today's [n]-marker path) and the reply says so in its notice.
    """
    start = opening(composed)
    budget = passage_budget(context_tokens, question, history)
    shown = select_sentences(question, passages, budget, sentences_per_passage)
    if not shown:
        raise UpstreamLLMError("no sentence of the passages could be shown to the model")
    messages = claims_messages(question, passages, shown, history)
    for fmt in response_formats(claims_schema(shown)):
        try:
            reply = await llm.complete(messages, max_tokens=reply_tokens(context_tokens), response_format=fmt)
        except LLMFormatRefused:
            continue  # the next dialect, or prose
        try:
            return _checked(reply, shown, passages, article_texts, start)
        except UpstreamLLMError as exc:
            # the reply itself, for whoever tunes a model or prompt (docs/benchmarks.md); not in the notice
            log.debug("structured reply not used (%s): %s", exc, reply[:2000])
            raise
    return await _prose(llm, question, passages, article_texts, start, history, budget)


def _checked(
    reply: str,
    shown: Sequence[Shown],
    passages: Sequence[Passage],
    article_texts: Mapping[str, str],
    start: tuple[str, tuple[Citation, ...]],
) -> LLMReply:
    grounded = ground(parse_claims(reply, shown), shown)
    if not grounded:
        raise UpstreamLLMError("no claim shared enough words with the sentence it cited")
    text, cites = render(grounded, passages, article_texts, start)
    if text == start[0]:
        raise UpstreamLLMError("no claim's cited sentence verified in its article")
    return LLMReply(text, cites)


async def _prose(
    llm: LLMClient,
    question: str,
    passages: Sequence[Passage],
    article_texts: Mapping[str, str],
    start: tuple[str, tuple[Citation, ...]],
    history: Sequence[Turn],
    budget_tokens: int,
) -> LLMReply:
    given = passages[:MAX_PASSAGES]
    # about 0.6 words a token leaves room for the conservative token estimate being short
    messages = build_messages(question, given, history, max_passage_words=max(60, int(budget_tokens * 0.6)))
    reply = "".join([delta async for delta in llm.stream(messages)])
    if looks_like_garbage(reply):
        raise UpstreamLLMError("the reply was empty or degenerate")
    text, cites = postcheck(reply, given, article_texts, first=len(start[1]) + 1)
    if not cites:  # an answer must be grounded: uncited LLM prose is not shown as one
        raise UpstreamLLMError("the reply cited none of the passages verifiably")
    return LLMReply(" ".join(t for t in (start[0], text) if t), start[1] + cites, PROSE_NOTICE)
