"""The OpenAI-compatible endpoint, in-process and through the official ``openai`` SDK over real HTTP."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import openai

Q = "What happened to Teodor Brannock?"
LINK = re.compile(r"\[(\d+)\]\((https?://[^)\s]+)\)")


def chat(content: str = Q, **extra: Any) -> dict[str, Any]:
    return {"model": "anything", "messages": [{"role": "user", "content": content}], **extra}


def chunks_of(text: str) -> list[Any]:
    """The ``data:`` payloads of an OpenAI stream, ``[DONE]`` kept as a string."""
    out = []
    for block in text.strip().split("\n\n"):
        assert block.startswith("data: "), block
        data = block.removeprefix("data: ")
        out.append(data if data == "[DONE]" else json.loads(data))
    return out


async def test_completion_keeps_citations_as_links_and_as_a_field(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/chat/completions", json=chat())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["object"] == "chat.completion" and body["model"] == "anything"
    assert body["id"].startswith("chatcmpl-")
    content = body["choices"][0]["message"]["content"]
    assert body["choices"][0]["finish_reason"] == "stop"
    citations = body["citations"]
    assert citations
    answer, _, sources = content.partition("\n\nSources:\n")
    for c in citations:
        assert f"[{c['n']}]({c['link']})" in answer, "inline [n] markers became links"
        assert f"[{c['n']}]({c['link']})" in sources and c["title"] in sources
    assert citations[0]["quote"] in answer


async def test_citation_without_url_links_to_this_api(client: httpx.AsyncClient) -> None:
    from api.routes.openai_compat import citation_link
    from rag.records import Citation

    c = Citation(n=1, article_id="a b/c", title="T", quote="q", start=0, end=1)
    assert citation_link(c, "http://host/") == "http://host/v1/articles/a%20b%2Fc"
    c = Citation(n=1, article_id="x", title="T", quote="q", start=0, end=1, url="https://x.org/a (1)")
    assert citation_link(c, "http://host/") == "https://x.org/a%20%281%29"


async def test_earlier_messages_become_history_and_system_prompts_are_ignored(client: httpx.AsyncClient) -> None:
    messages = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What happened to Teodor Brannock?"},
        {"role": "assistant", "content": "He collapsed on the field [1]."},
        {"role": "user", "content": [{"type": "text", "text": "How is he doing now?"}]},
    ]
    r = await client.post("/v1/chat/completions", json={"model": "m", "messages": messages, "temperature": 0.1})
    assert r.status_code == 200, r.text
    assert r.json()["citations"][0]["article_id"].startswith("brannock")


async def test_the_last_user_message_is_the_question(client: httpx.AsyncClient) -> None:
    # What the schema can state: some user message, none blank. An assistant prefill after it is ignored.
    alone = (await client.post("/v1/chat/completions", json=chat())).json()
    messages = [{"role": "user", "content": Q}, {"role": "assistant", "content": "ok"}]
    r = await client.post("/v1/chat/completions", json={"model": "m", "messages": messages})
    assert r.status_code == 200 and r.json()["citations"] == alone["citations"]
    r = await client.post("/v1/chat/completions", json={"model": "m", "messages": [{"role": "system", "content": Q}]})
    assert r.status_code == 422 and "must contain a user message" in r.json()["detail"]
    r = await client.post("/v1/chat/completions", json=chat("   "))
    assert r.status_code == 422 and "must not be empty" in r.json()["detail"]
    parts = [{"type": "text", "text": " "}, {"type": "image_url", "image_url": {"url": "https://x.org/a.png"}}]
    r = await client.post("/v1/chat/completions", json=chat(parts))  # type: ignore[arg-type]
    assert r.status_code == 422 and "must not be empty" in r.json()["detail"]
    r = await client.post("/v1/chat/completions", json={"model": "m", "messages": []})
    assert r.status_code == 422 and r.json()["detail"].startswith("messages:")
    r = await client.post("/v1/chat/completions", json={**chat(), "stream": 0})  # no silent conversions
    assert r.status_code == 422 and r.json()["detail"].startswith("stream:")


async def test_streaming_sends_chunks_then_done(client: httpx.AsyncClient) -> None:
    plain = (await client.post("/v1/chat/completions", json=chat())).json()
    r = await client.post("/v1/chat/completions", json=chat(stream=True))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    chunks = chunks_of(r.text)
    assert chunks[-1] == "[DONE]"
    data = chunks[:-1]
    assert all(c["object"] == "chat.completion.chunk" and c["id"] == data[0]["id"] for c in data)
    assert data[0]["choices"][0]["delta"]["role"] == "assistant"
    assert [c["choices"][0]["finish_reason"] for c in data] == [None] * (len(data) - 1) + ["stop"]
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in data)
    assert "\n\nSources:\n" in content and LINK.search(content)
    assert data[-1]["citations"] == plain["citations"]


async def test_an_abstention_lists_the_closest_articles_it_promises(client: httpx.AsyncClient) -> None:
    plain = (await client.post("/v1/answer", json={"question": "How do I repot a cactus?"})).json()
    assert plain["abstained"] and plain["articles"]
    r = await client.post("/v1/chat/completions", json=chat("How do I repot a cactus?"))
    content = r.json()["choices"][0]["message"]["content"]
    said, _, listed = content.partition("\n\nClosest articles:\n")
    assert said == plain["answer"] and "listed below" in said
    titles = [re.match(r"- \[(.+?)\]\((https?://\S+?)\)", line) for line in listed.splitlines()]
    assert all(titles) and [m[1] for m in titles if m] == [a["title"] for a in plain["articles"]]
    r = await client.post("/v1/chat/completions", json=chat("How do I repot a cactus?", stream=True))
    streamed = chunks_of(r.text)
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in streamed[:-1]) == content


async def test_a_notice_beside_the_answer_follows_the_content(client: httpx.AsyncClient) -> None:
    asked = "Which city was the Indus Waters Treaty signed in?"  # the fixture's pieces never say
    plain = (await client.post("/v1/answer", json={"question": asked})).json()
    assert plain["notice"]
    content = (await client.post("/v1/chat/completions", json=chat(asked))).json()["choices"][0]["message"]["content"]
    assert content.endswith(f"\n\n({plain['notice']})")


async def test_models_lists_one_model(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/models")
    assert r.status_code == 200
    body = r.json()
    assert body["object"] == "list" and [m["id"] for m in body["data"]] == ["archive-chat"]


def test_official_sdk_non_streaming(live_server: str) -> None:
    with openai.OpenAI(base_url=live_server + "/v1", api_key="x", max_retries=0) as sdk:
        assert [m.id for m in sdk.models.list()] == ["archive-chat"]
        resp = sdk.chat.completions.create(model="whatever", messages=[{"role": "user", "content": Q}])
    content = resp.choices[0].message.content or ""
    assert LINK.search(content) and "Sources:" in content
    citations = resp.model_dump()["citations"]
    assert citations == (resp.model_extra or {})["citations"]
    assert citations[0]["article_id"].startswith("brannock")
    assert citations[0]["quote"] in content


def test_official_sdk_streaming(live_server: str) -> None:
    with openai.OpenAI(base_url=live_server + "/v1", api_key="x", max_retries=0) as sdk:
        stream = sdk.chat.completions.create(
            model="whatever", messages=[{"role": "user", "content": Q}], stream=True,
            extra_body={"as_of": "2023-02-01"},
        )  # fmt: skip
        chunks = list(stream)
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "Sources:" in content and LINK.search(content)
    assert chunks[-1].choices[0].finish_reason == "stop"
    citations = chunks[-1].model_dump()["citations"]
    assert citations and citations[0]["article_id"].startswith("brannock")


def test_official_sdk_sees_http_errors(live_server: str) -> None:
    with openai.OpenAI(base_url=live_server + "/v1", api_key="x", max_retries=0) as sdk:
        try:
            sdk.chat.completions.create(model="m", messages=[{"role": "assistant", "content": "hi"}])
        except openai.UnprocessableEntityError as e:
            assert "must contain a user message" in str(e)
        else:
            raise AssertionError("expected a 422")
