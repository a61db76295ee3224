"""Admin reindex: one job at a time, failures keep the old index, and a live swap drops no request."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.routes.admin import Reindexer
from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder
from embeddings.job import JobReport, run_job
from rag.engine import Engine

ADMIN = {"Authorization": "Bearer admin-secret"}
NEW_ARTICLE = {
    "id": "lunar-greenhouse",
    "url": "https://news.example.com/2023/02/10/science/lunar-greenhouse/index.html",
    "title": "Robotic greenhouse on the Moon harvests its first potatoes",
    "published": "2023-02-10",
    "source": "news.example.com",
    "section": "science",
    "author": "Ana Ruiz",
    "text": "A robotic greenhouse on the far side of the Moon harvested its first crop of potatoes on Friday. "
    "The sealed greenhouse grew the potatoes under LED lamps in lunar regolith mixed with compost. "
    "Mission scientists said the lunar potatoes were small but edible.",
}
NEW_TOPIC = "Which potatoes were harvested in the lunar greenhouse on the Moon?"


@pytest.fixture
def private_settings(tmp_path: Path, api_settings: Settings, fixture_archive: Path, fixture_index: Path) -> Settings:
    """Copies of the fixture archive and index that a test may reindex (the session ones stay intact)."""
    archive, index = tmp_path / "archive", tmp_path / "index"
    shutil.copytree(fixture_archive, archive)
    shutil.copytree(fixture_index, index, symlinks=True)
    return api_settings.model_copy(update={"archive": [archive], "index_dir": index, "admin_token": "admin-secret"})


def private_app(settings: Settings, encoder: SentenceEncoder) -> FastAPI:
    engine = Engine.open(settings.index_dir, settings, encoder=encoder)
    return create_app(settings, engine=engine, encoder=encoder)


def add_new_article(settings: Settings) -> None:
    (settings.archive[0] / "late-additions.jsonl").write_text(json.dumps(NEW_ARTICLE) + "\n", encoding="utf-8")


def wait_until_finished(get_status: Callable[[], dict[str, object]], timeout: float = 300) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while (status := get_status())["state"] == "running":
        assert time.monotonic() < deadline, "reindex did not finish"
        time.sleep(0.1)
    return status


async def test_a_second_reindex_while_one_runs_is_409(
    private_settings: Settings, encoder: SentenceEncoder, client_for: Callable[..., httpx.AsyncClient]
) -> None:
    app = private_app(private_settings, encoder)
    gate = threading.Event()
    real = app.state.reindexer

    def held_run() -> JobReport:  # the real job, held until the test has made its second request
        gate.wait(timeout=60)
        return real._run()  # type: ignore[no-any-return]

    app.state.reindexer = Reindexer(run=held_run, publish=real._publish)
    async with client_for(app) as c:
        r = await c.post("/v1/admin/reindex", headers=ADMIN)
        assert r.status_code == 202 and r.json()["state"] == "running"
        r = await c.post("/v1/admin/reindex", headers=ADMIN)
        assert r.status_code == 409 and "already running" in r.json()["detail"]
        gate.set()
        app.state.reindexer.join(timeout=120)
        status = (await c.get("/v1/admin/status", headers=ADMIN)).json()
    assert status["state"] == "succeeded", status
    report = status["report"]
    assert report["added"] == 0 and report["published"] is False, "nothing changed: no new version"
    assert status["index_version"] == report["version"] and status["error"] is None


async def test_a_failed_job_keeps_the_old_index_serving(
    private_settings: Settings, encoder: SentenceEncoder, client_for: Callable[..., httpx.AsyncClient]
) -> None:
    (private_settings.archive[0] / "broken.jsonl").write_text('{"id": "x", "title": \n', encoding="utf-8")
    app = private_app(private_settings, encoder)
    version = app.state.engine.version
    async with client_for(app) as c:
        assert (await c.post("/v1/admin/reindex", headers=ADMIN)).status_code == 202
        app.state.reindexer.join(timeout=120)
        status = (await c.get("/v1/admin/status", headers=ADMIN)).json()
        assert status["state"] == "failed" and "broken.jsonl" in status["error"], status
        assert status["index_version"] == version and status["report"] is None
        r = await c.post("/v1/answer", json={"question": "What happened to Teodor Brannock?"})
        assert r.status_code == 200 and r.json()["citations"]


def test_reindex_under_load_swaps_in_the_new_article_without_a_failed_request(
    private_settings: Settings, encoder: SentenceEncoder, serve_app: Callable[[FastAPI], str]
) -> None:
    app = private_app(private_settings, encoder)
    old_version = app.state.engine.version
    url = serve_app(app)
    add_new_article(private_settings)

    stop = threading.Event()
    failures: list[str] = []
    counts = [0] * 8
    questions = ["What happened to Teodor Brannock?", "What did Pakistan say about the Indus Waters Treaty?", NEW_TOPIC]

    def client(i: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            while not stop.is_set() and counts[i] < 500:
                q = questions[counts[i] % len(questions)]
                path = ("/v1/answer", "/v1/search", "/v1/answer/stream")[(i + counts[i]) % 3]
                try:
                    r = http.post(path, json={"question": q})
                    if r.status_code != 200 or (path.endswith("stream") and "event: done" not in r.text):
                        failures.append(f"{path} {r.status_code} {r.text[:200]}")
                except httpx.HTTPError as e:
                    failures.append(f"{path} {type(e).__name__}: {e}")
                counts[i] += 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(8)]
    for t in threads:
        t.start()
    with httpx.Client(base_url=url, headers=ADMIN, timeout=60) as admin:
        while min(counts) < 2:
            time.sleep(0.05)
        before = sum(counts)
        assert admin.post("/v1/admin/reindex").status_code == 202
        status = wait_until_finished(lambda: admin.get("/v1/admin/status").json())
        swapped_at = list(counts)
        assert sum(swapped_at) > before, "requests were answered while the job ran"
        deadline = time.monotonic() + 60
        while any(c < s + 2 for c, s in zip(counts, swapped_at, strict=True)) and time.monotonic() < deadline:
            time.sleep(0.05)  # every client keeps asking a little after the swap
    stop.set()
    for t in threads:
        t.join(timeout=120)

    assert failures == [], failures[:5]
    assert status["state"] == "succeeded", status
    assert status["report"]["added"] == 1  # type: ignore[index]
    assert status["index_version"] != old_version
    with httpx.Client(base_url=url, timeout=60) as http:
        found = http.post("/v1/search", json={"question": NEW_TOPIC}).json()
        assert found["passages"][0]["article_id"] == "lunar-greenhouse"
        answer = http.post("/v1/answer", json={"question": NEW_TOPIC}).json()
        assert answer["citations"] and answer["citations"][0]["article_id"] == "lunar-greenhouse"
        assert http.get("/v1/articles/lunar-greenhouse").status_code == 200
        assert http.get("/readyz").json()["index_version"] == status["index_version"]


def test_lifespan_starts_without_an_index_and_a_reindex_makes_it_ready(
    private_settings: Settings, encoder: SentenceEncoder, serve_app: Callable[[FastAPI], str], tmp_path: Path
) -> None:
    settings = private_settings.model_copy(update={"index_dir": tmp_path / "empty-index"})
    url = serve_app(create_app(settings, encoder=encoder))  # uvicorn runs the lifespan: no index there yet
    with httpx.Client(base_url=url, timeout=60) as http:
        r = http.get("/readyz")
        assert r.status_code == 503 and "no index" in r.json()["detail"]
        assert http.post("/v1/answer", json={"question": NEW_TOPIC}).status_code == 503
        assert http.post("/v1/admin/reindex", headers=ADMIN).status_code == 202
        status = wait_until_finished(lambda: http.get("/v1/admin/status", headers=ADMIN).json())
        assert status["state"] == "succeeded", status
        assert http.get("/readyz").json() == {"status": "ready", "index_version": status["index_version"]}
        r = http.post("/v1/answer", json={"question": "What happened to Teodor Brannock?"})
        assert r.status_code == 200 and r.json()["citations"]


def test_a_version_published_by_another_process_is_followed(
    private_settings: Settings, encoder: SentenceEncoder, serve_app: Callable[[FastAPI], str]
) -> None:
    """``archive-chat index`` (here: the job run beside the server) publishes; the server notices within
    ``reload_check_s`` (workers of one server learn of each other's reindex the same way)."""
    settings = private_settings.model_copy(update={"reload_check_s": 0.2})
    base = serve_app(private_app(settings, encoder))
    with httpx.Client(base_url=base, timeout=60) as http:
        before = http.get("/readyz").json()["index_version"]
        add_new_article(settings)
        report = run_job(settings.archive, settings.index_dir, settings, encoder=encoder)
        assert report.published and report.version != before
        time.sleep(0.3)
        http.post("/v1/search", json={"question": NEW_TOPIC})  # a request after the interval looks at CURRENT
        assert http.get("/readyz").json()["index_version"] == report.version
        hits = http.post("/v1/search", json={"question": NEW_TOPIC}).json()["passages"]
        assert hits[0]["article_id"] == NEW_ARTICLE["id"]


def test_following_can_be_switched_off(private_settings: Settings, encoder: SentenceEncoder) -> None:
    settings = private_settings.model_copy(update={"reload_check_s": 0.0})
    with Engine.open(settings.index_dir, settings, encoder=encoder) as engine:
        before = engine.version
        add_new_article(settings)
        run_job(settings.archive, settings.index_dir, settings, encoder=encoder)
        engine.follow(settings.reload_check_s)
        assert engine.version == before  # only an explicit reload() (the admin endpoint) switches
        assert engine.reload() and engine.version != before
