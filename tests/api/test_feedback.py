"""``POST /v1/feedback`` validation, limits and auth; the question log switched off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.questionlog.store import FILENAME
from api.schemas_log import FEEDBACK_COMMENT_CHARS
from tests.api.conftest import WIDGET_ORIGIN

Q = {"question": "Who was elected chair of the Calderran Assembly?"}


async def _answer_id(c: httpx.AsyncClient, **headers: str) -> str:
    r = await c.post("/v1/answer", json=Q, headers=headers)
    assert r.status_code == 200, r.text
    answer_id: str = r.json()["id"]
    return answer_id


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"helpful": True}, "answer_id", "Field required"),
        ({"answer_id": "", "helpful": True}, "answer_id", "at least 1 character"),
        ({"answer_id": "x" * 101, "helpful": True}, "answer_id", "at most 100 characters"),
        ({"answer_id": "ID"}, "helpful", "Field required"),
        ({"answer_id": "ID", "helpful": "no"}, "helpful", "valid boolean"),
        ({"answer_id": "ID", "helpful": 0}, "helpful", "valid boolean"),
        ({"answer_id": "ID", "helpful": False, "comment": "x" * (FEEDBACK_COMMENT_CHARS + 1)}, "comment",
         f"at most {FEEDBACK_COMMENT_CHARS} characters"),
        ({"answer_id": "ID", "helpful": False, "rating": 5}, "rating", "Extra inputs are not permitted"),
    ],
)  # fmt: skip
async def test_bad_feedback_is_422_naming_the_field_and_limit(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient], tmp_path: Path,
    body: dict[str, object], field: str, says: str,
) -> None:  # fmt: skip
    async with client_for(make_app(data_dir=tmp_path)) as c:
        answer_id = await _answer_id(c)
        if body.get("answer_id") == "ID":
            body = {**body, "answer_id": answer_id}
        r = await c.post("/v1/feedback", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith(f"{field}: ") and says in r.json()["detail"], r.json()


async def test_unknown_ids_are_404_and_openai_ids_are_accepted(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient], tmp_path: Path
) -> None:
    async with client_for(make_app(data_dir=tmp_path)) as c:
        r = await c.post("/v1/feedback", json={"answer_id": "f" * 24, "helpful": False})
        assert r.status_code == 404 and r.json()["detail"].startswith("answer_id: no answer 'ffff")
        messages = [{"role": "user", "content": Q["question"]}]
        completion = (await c.post("/v1/chat/completions", json={"model": "m", "messages": messages})).json()
        r = await c.post("/v1/feedback", json={"answer_id": completion["id"], "helpful": True, "comment": "  "})
        assert r.status_code == 201 and r.json() == {"answer_id": completion["id"].removeprefix("chatcmpl-"),
                                                     "helpful": True}  # fmt: skip
        # The comment is the one full length allowed.
        answer_id = await _answer_id(c)
        comment = "é" * FEEDBACK_COMMENT_CHARS
        r = await c.post("/v1/feedback", json={"answer_id": answer_id, "helpful": False, "comment": comment})
        assert r.status_code == 201
    assert comment.encode() in (tmp_path / FILENAME).read_bytes()


async def test_feedback_is_rate_limited_and_keyed_like_the_answer_api(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient], tmp_path: Path
) -> None:
    app = make_app(data_dir=tmp_path, rate_limit_per_minute=3, api_keys=["k-1"], widget_origin_exempt=True)
    async with client_for(app, ip="10.9.0.1") as c:
        answer_id = await _answer_id(c, Origin=WIDGET_ORIGIN)  # a public widget needs no key ...
        verdict = {"answer_id": answer_id, "helpful": True}
        assert (await c.post("/v1/feedback", json=verdict, headers={"Origin": WIDGET_ORIGIN})).status_code == 201
        assert (await c.post("/v1/feedback", json=verdict)).status_code == 401  # ... anyone else does
        r = await c.post("/v1/feedback", json=verdict, headers={"Origin": WIDGET_ORIGIN})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


async def test_with_the_log_switched_off_nothing_is_written_and_answers_still_have_ids(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient], tmp_path: Path
) -> None:
    async with client_for(make_app(data_dir=tmp_path, question_log=False, admin_token="t")) as c:
        answer_id = await _answer_id(c)
        r = await c.post("/v1/feedback", json={"answer_id": answer_id, "helpful": False})
        assert r.status_code == 404 and "switched off" in r.json()["detail"]
        r = await c.get("/v1/admin/unanswered", headers={"Authorization": "Bearer t"})
        assert r.status_code == 404 and "switched off" in r.json()["detail"]
    assert list(tmp_path.iterdir()) == []


async def test_report_does_not_exist_without_an_admin_token(
    make_app: Callable[..., FastAPI], client_for: Callable[..., httpx.AsyncClient], tmp_path: Path
) -> None:
    async with client_for(make_app(data_dir=tmp_path)) as c:
        assert (await c.get("/v1/admin/unanswered", headers={"Authorization": "Bearer x"})).status_code == 404
