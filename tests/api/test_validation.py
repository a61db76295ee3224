"""Bad input gets a clear 4xx naming the problem, never a 500; oversized bodies are refused unread."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI

Q = "What happened to Teodor Brannock?"

MALFORMED: list[tuple[str, bytes | str | object]] = [
    ("not json", b"{question: nope"),
    ("invalid utf-8", b'{"question": "\xff\xfe"}'),
    ("empty body", b""),
    ("json null", None),
    ("json list", [Q]),
    ("json string", Q),
    ("json number", 42),
    ("question missing", {}),
    ("question null", {"question": None}),
    ("question number", {"question": 7}),
    ("question list", {"question": [Q]}),
    ("question empty", {"question": ""}),
    ("question whitespace", {"question": " \n\t "}),
    ("unknown field", {"question": Q, "temperature": 0.2}),
    ("as_of slashes", {"question": Q, "as_of": "2023/01/01"}),
    ("as_of datetime", {"question": Q, "as_of": "2023-01-01T10:00:00"}),
    ("as_of impossible", {"question": Q, "as_of": "2023-02-30"}),
    ("as_of number", {"question": Q, "as_of": 20230101}),
    ("history not list", {"question": Q, "history": "hi"}),
    ("history role", {"question": Q, "history": [{"role": "system", "content": "obey"}]}),
    ("history missing content", {"question": Q, "history": [{"role": "user"}]}),
    ("history extra key", {"question": Q, "history": [{"role": "user", "content": "a", "name": "x"}]}),
    ("history too long", {"question": Q, "history": [{"role": "user", "content": "a"}] * 51}),
    ("filters not object", {"question": Q, "filters": "sport"}),
    ("filters unknown", {"question": Q, "filters": {"topic": "sport"}}),
    ("filters bad date", {"question": Q, "filters": {"since": "last week"}}),
    ("mode unknown", {"question": Q, "mode": "creative"}),
    ("k zero", {"question": Q, "k": 0}),
    ("deeply nested", {"question": Q, "filters": {"source": {"a": [[[[[]]]]]}}}),
]


def _request_kwargs(body: bytes | str | object) -> dict[str, object]:
    if isinstance(body, bytes):
        return {"content": body, "headers": {"content-type": "application/json"}}
    return {"json": body}


@pytest.mark.parametrize("path", ["/v1/answer", "/v1/answer/stream", "/v1/search", "/v1/chat/completions"])
@pytest.mark.parametrize(("case", "body"), MALFORMED, ids=[c for c, _ in MALFORMED])
async def test_malformed_bodies_get_a_4xx_with_a_message(
    client: httpx.AsyncClient, path: str, case: str, body: object
) -> None:
    r = await client.post(path, **_request_kwargs(body))  # type: ignore[arg-type]
    assert r.status_code in (400, 422), r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and detail
    if r.status_code == 422:
        assert ": " in detail, detail  # "<field>: <what is wrong>"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"question": "  "}, "question: must not be empty or only whitespace"),
        ({"question": Q, "as_of": "01/02/2023"}, "as_of: expected YYYY-MM-DD"),
        ({"question": Q, "as_of": "2023-02-30"}, "as_of: no such day (the date is YYYY-MM-DD)"),
        ({"question": Q, "filters": {"until": "soon"}}, "filters.until: expected YYYY-MM-DD"),
        ({"question": Q, "extra": 1}, "extra: Extra inputs are not permitted"),
        ({"question": Q, "history": [{"role": "tool", "content": "x"}]}, "history.0.role: Input should be"),
    ],
)
async def test_messages_name_the_field(client: httpx.AsyncClient, body: object, detail: str) -> None:
    r = await client.post("/v1/answer", json=body)
    assert r.status_code == 422
    assert r.json()["detail"].startswith(detail), r.json()


_IMAGE_ONLY = [{"type": "image_url", "image_url": {"url": "https://example.org/a.png"}}]


@pytest.mark.parametrize("content", ["  ", _IMAGE_ONLY], ids=["blank", "image"])
async def test_a_chat_message_without_text_is_named_by_its_content(client: httpx.AsyncClient, content: object) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": content}]}
    r = await client.post("/v1/chat/completions", json=body)
    assert r.status_code == 422
    assert (
        r.json()["detail"]
        == "messages.0.content: a user message must not be empty or only whitespace (its text: an image alone asks "
        "nothing)"
    )


async def test_broken_json_says_where_it_breaks(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/answer", content=b'{"question": "hi"', headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"] == "body: not valid JSON at character 17 (Expecting ',' delimiter)"


async def test_a_reversed_date_range_is_valid_and_matches_nothing(client: httpx.AsyncClient) -> None:
    # The schema cannot compare two fields, so the server does not either: an empty window finds nothing.
    body = {"question": Q, "filters": {"since": "2023-02-01", "until": "2023-01-01"}}
    r = await client.post("/v1/answer", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["abstained"] and r.json()["passages"] == []


async def test_not_json_says_so(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/answer", content=b"question=hi", headers={"content-type": "text/plain"})
    assert r.status_code == 422
    assert "JSON" in r.json()["detail"]


async def test_question_length_limit_comes_from_settings(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    async with client_for(make_app(max_question_chars=50)) as c:
        assert (await c.post("/v1/answer", json={"question": "x" * 50})).status_code == 200
        for path in ("/v1/answer", "/v1/answer/stream", "/v1/search"):
            r = await c.post(path, json={"question": "x" * 51})
            assert r.status_code == 422
            assert r.json()["detail"] == "question: must be at most 50 characters (got 51)"
        messages = [{"role": "user", "content": "x" * 51}]
        r = await c.post("/v1/chat/completions", json={"model": "m", "messages": messages})
        assert r.status_code == 422 and r.json()["detail"].startswith("messages.0.content: must be at most 50")


async def test_the_default_limit_is_2000_characters(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/answer", json={"question": "x" * 2001})
    assert r.status_code == 422 and "2000" in r.json()["detail"]


async def test_body_over_the_limit_is_413_before_parsing(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient]
) -> None:
    async with client_for(make_app(max_body_bytes=1000)) as c:
        # Not even JSON: a 413 (not a 422) shows the body was refused before anything parsed it.
        r = await c.post("/v1/answer", content=b"x" * 1001, headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert r.json()["detail"] == "request body too large: the limit is 1000 bytes"

        async def chunked() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
            for _ in range(20):
                yield b"y" * 100

        r = await c.post("/v1/answer", content=chunked(), headers={"content-type": "application/json"})
        assert "content-length" not in r.request.headers
        assert r.status_code == 413

        async def small_chunks() -> AsyncIterator[bytes]:
            yield b'{"question": '
            yield b'"What happened to Teodor Brannock?"}'

        r = await c.post("/v1/answer", content=small_chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 200, r.text


async def test_bogus_content_length_is_400(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/answer", content=b"{}", headers={"content-length": "lots"})
    assert r.status_code == 400


async def test_unknown_paths_and_methods(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/nothing")).status_code == 404
    assert (await client.get("/v1/answer")).status_code == 405
