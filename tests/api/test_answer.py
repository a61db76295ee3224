"""/v1/answer, /v1/answer/stream, /v1/search and /v1/articles over the real fixture index."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from archive_chat.errors import ArchiveChatError, BadQuery, IndexMissing, UpstreamLLMError
from archive_chat.settings import Settings
from rag.engine import Engine
from rag.records import Answer, Filters, Turn

QUESTION = "What did Pakistan say about the Indus Waters Treaty?"


def parse_sse(text: str) -> list[tuple[str, Any]]:
    """``[(event, data), ...]`` of a complete Server-Sent Events body."""
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((fields["event"], json.loads(fields["data"])))
    return events


async def test_answer_cites_verbatim_quotes(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/answer", json={"question": QUESTION})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {
        "id", "answer", "citations", "passages", "articles", "abstained", "direct", "conflict", "confidence",
        "respelled", "mode", "timings_ms",
    }  # fmt: skip
    assert body["abstained"] is False and body["mode"] == "extractive"
    assert body["direct"] is None and body["conflict"] is False, "an open question gets sentences, not a phrase"
    assert 0.0 <= body["confidence"] <= 1.0
    assert body["citations"], body
    for c in body["citations"]:
        assert set(c) == {
            "n", "article_id", "title", "url", "published", "source", "quote", "start", "end", "link", "highlight",
            "heading",
        }  # fmt: skip
        assert c["highlight"] is None  # only a direct answer's phrase is highlighted
        assert c["heading"] == c["title"]  # the fixture's pieces have headlines of their own
        assert f"[{c['n']}]" in body["answer"]
        article = (await client.get(f"/v1/articles/{c['article_id']}")).json()
        assert article["text"][c["start"] : c["end"]] == c["quote"]
    assert body["passages"][0]["article_id"] == "indus-waters-commentary"
    assert {"article_id", "title", "url", "published", "text", "score"} <= set(body["passages"][0])
    dates = [a["published"] for a in body["articles"]]
    assert dates == sorted(dates, reverse=True), "articles are listed newest first"
    assert {a["article_id"] for a in body["articles"]} == {p["article_id"] for p in body["passages"]}
    assert body["timings_ms"]["total_ms"] > 0


async def test_a_yes_or_no_question_is_answered_yes_with_the_sentence_that_says_so(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/answer", json={"question": "Did the league suspend the match?", "as_of": "2023-01-31"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["direct"] == "Yes" and body["answer"].startswith("Yes [1]. The league suspended the match"), body
    quote = body["citations"][0]["quote"]
    assert quote.startswith("The league suspended the match") and body["citations"][0]["highlight"] is None


async def test_answer_accepts_history_filters_and_as_of(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/v1/answer",
        json={
            "question": "How is he doing now?",
            "as_of": "2023-01-31",
            "history": [
                {"role": "user", "content": "What happened to Teodor Brannock?"},
                {"role": "assistant", "content": "He collapsed on the pitch [1]."},
            ],
            "filters": {"since": "2023-01-01", "until": "2023-01-31", "section": "sport"},
        },
    )
    assert r.status_code == 200, r.text
    passages = r.json()["passages"]
    assert passages and all("2023-01-01" <= p["published"] <= "2023-01-31" for p in passages)
    assert passages[0]["article_id"].startswith("brannock")


async def test_llm_mode_without_an_llm_falls_back_with_a_notice(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/answer", json={"question": QUESTION, "mode": "llm"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["mode"] == "extractive" and "LLM" in body["notice"]


async def test_an_answer_without_the_city_asked_for_says_so(client: httpx.AsyncClient) -> None:
    asked = {"question": "Which city was the Indus Waters Treaty signed in?"}  # the fixture's pieces never say
    body = (await client.post("/v1/answer", json=asked)).json()
    assert body["abstained"] is False and body["direct"] is None and body["citations"]
    assert body["notice"] == "The closest sentences in the archive give no city for this question."
    streamed = parse_sse((await client.post("/v1/answer/stream", json=asked)).text)
    assert streamed[-1][1]["notice"] == body["notice"]


async def test_stream_sends_passages_deltas_citations_done_in_order(client: httpx.AsyncClient) -> None:
    plain = (await client.post("/v1/answer", json={"question": QUESTION})).json()
    r = await client.post("/v1/answer/stream", json={"question": QUESTION})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(r.text)
    names = [name for name, _ in events]
    assert names[0] == "passages" and names[-2:] == ["citations", "done"]
    assert set(names[1:-2]) == {"delta"} and len(names) >= 5, names
    passages, deltas, citations, done = events[0][1], events[1:-2], events[-2][1], events[-1][1]
    assert set(passages) == {"passages", "articles"} and passages["passages"]
    assert "".join(d["text"] for _, d in deltas) == done["answer"]
    assert citations["citations"] == done["citations"]
    done.pop("timings_ms"), plain.pop("timings_ms")
    assert done.pop("id") != plain.pop("id"), "every answer has its own id"
    assert done == plain, "the done event carries the same answer object as /v1/answer"


async def test_a_mistyped_name_is_answered_as_spelled_and_the_answer_says_what_was_searched(
    client: httpx.AsyncClient,
) -> None:
    question = "Which team does Teodor Brannock play for?"
    right = (await client.post("/v1/answer", json={"question": question})).json()
    typed = (await client.post("/v1/answer", json={"question": question.replace("Brannock", "Brannok")})).json()
    assert right["respelled"] is None and right["direct"]
    assert typed["respelled"] == question
    assert (typed["answer"], typed["direct"]) == (right["answer"], right["direct"])
    stream = await client.post("/v1/answer/stream", json={"question": question.replace("Brannock", "Brannok")})
    assert parse_sse(stream.text)[-1][1]["respelled"] == question


async def test_search_returns_passages_and_articles_without_an_answer(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/search", json={"question": "Teodor Brannock collapsed on the pitch", "k": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"passages", "articles"}
    assert 1 <= len(body["passages"]) <= 3
    assert body["passages"][0]["article_id"].startswith("brannock")


async def test_article_by_id_and_a_clear_404(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/articles/indus-waters-commentary")
    assert r.status_code == 200
    article = r.json()
    assert article["id"] == "indus-waters-commentary" and article["section"] == "Commentary"
    assert article["text"].startswith("Pakistan argues")
    r = await client.get("/v1/articles/no-such-article")
    assert r.status_code == 404
    assert "no-such-article" in r.json()["detail"]


class FailingEngine(Engine):
    """The real engine, except that answering raises ``error`` — after ``after`` stream events."""

    error: Exception = ArchiveChatError("boom")
    after: int = 0

    async def answer_async(self, question: str, **kwargs: Any) -> Answer:
        raise self.error

    async def stream(
        self, question: str, *, as_of: Any = None, history: Sequence[Turn] = (), filters: Filters | None = None,
        mode: str = "extractive",
    ) -> AsyncIterator[tuple[str, object]]:  # fmt: skip
        n = 0
        async for event in super().stream(question, as_of=as_of, history=history, filters=filters, mode=mode):
            if n == self.after:
                raise self.error
            n += 1
            yield event


@pytest.fixture
def failing_app(api_settings: Settings, api_engine: Engine) -> Callable[[Exception, int], FastAPI]:
    def make(error: Exception, after: int = 0) -> FastAPI:
        engine = FailingEngine(api_settings.index_dir, api_settings, api_engine.encoder)
        engine.error, engine.after = error, after
        return create_app(api_settings, engine=engine)

    return make


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (BadQuery("filters: unknown section"), 400),
        (IndexMissing("no index at /x"), 503),
        (UpstreamLLMError("LLM timed out"), 502),
        (ArchiveChatError("something specific"), 500),
    ],
)
async def test_domain_errors_become_http_statuses(
    failing_app: Callable[[Exception, int], FastAPI],
    client_for: Callable[..., httpx.AsyncClient],
    error: Exception,
    status: int,
) -> None:
    async with client_for(failing_app(error, 0)) as c:
        for path in ("/v1/answer", "/v1/answer/stream"):
            r = await c.post(path, json={"question": QUESTION})
            assert r.status_code == status, (path, r.text)
            assert r.json() == {"detail": str(error)}


async def test_stream_failing_midway_ends_with_an_error_event(
    failing_app: Callable[[Exception, int], FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    async with client_for(failing_app(UpstreamLLMError("connection reset"), 2)) as c:
        r = await c.post("/v1/answer/stream", json={"question": QUESTION})
    assert r.status_code == 200
    events = parse_sse(r.text)
    assert [name for name, _ in events] == ["passages", "delta", "error"]
    assert events[-1][1] == {"detail": "connection reset"}


async def test_openai_stream_failing_midway_ends_with_an_openai_error_and_no_done(
    failing_app: Callable[[Exception, int], FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    body = {"messages": [{"role": "user", "content": QUESTION}], "stream": True}
    async with client_for(failing_app(UpstreamLLMError("connection reset"), 2)) as c:
        r = await c.post("/v1/chat/completions", json=body)
    assert r.status_code == 200
    data = [block.removeprefix("data: ") for block in r.text.strip().split("\n\n")]
    assert "[DONE]" not in data
    chunks = [json.loads(d) for d in data]
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert chunks[-1] == {"error": {"message": "connection reset", "type": "server_error"}}


async def test_unexpected_errors_midway_do_not_leak_internals(
    failing_app: Callable[[Exception, int], FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    async with client_for(failing_app(RuntimeError("secret path /etc/x"), 1)) as c:
        r = await c.post("/v1/answer/stream", json={"question": QUESTION})
    events = parse_sse(r.text)
    assert events[-1] == ("error", {"detail": "internal error while composing the answer"})


async def test_no_index_means_503_and_not_ready(
    api_settings: Settings, client_for: Callable[..., httpx.AsyncClient]
) -> None:
    app = create_app(api_settings)  # no engine, and ASGITransport runs no lifespan to open one
    async with client_for(app) as c:
        r = await c.post("/v1/answer", json={"question": QUESTION})
        assert r.status_code == 503 and "no index" in r.json()["detail"]
        assert (await c.get("/readyz")).status_code == 503
        assert (await c.get("/healthz")).status_code == 200
