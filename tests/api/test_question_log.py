"""The question log, reader feedback and the editors' report, through a real uvicorn server over loopback.

Off-topic questions are invented and far from the fixture news, so the engine abstains on them; the
on-topic ones are answered from the fixture archive with a confidence well above ``low_confidence``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.questionlog.normalize import normalize
from api.questionlog.records import ArticleSeen, LoggedAnswer
from api.questionlog.store import FILENAME, QuestionLog
from archive_chat.cli import main
from archive_chat.settings import get_settings
from tests.api.test_answer import parse_sse
from tests.api.test_health_metrics import _sample

TOKEN = "editor-token-4417"
KEY = "reader-key-9d2c"
COOKIE = "session-cookie-5530"
HISTORY = "earlier-turn-marker-8812"
OFF_TOPIC = [  # each asked twice: as written, and with other case and spacing
    ("How do I repot a cactus?", "how do i  REPOT a cactus"),
    ("What is a good sourdough starter recipe?", "what is a good   SOURDOUGH starter recipe"),
    ("Which chess opening should beginners learn?", "WHICH chess opening should beginners   learn"),
]
NOT_HELPFUL = "Who was elected chair of the Calderran Assembly?"
HELPFUL = "How many loyalty points did Bluecrest Rail offer?"


@dataclass
class Asked:
    url: str
    data_dir: Path
    ids: dict[str, str]  # question -> answer id as the client saw it
    report: dict[str, Any]


def _answer(c: httpx.Client, question: str, **extra: Any) -> str:
    r = c.post("/v1/answer", json={"question": question, **extra})
    assert r.status_code == 200, r.text
    answer_id: str = r.json()["id"]
    return answer_id


def _stream(c: httpx.Client, question: str) -> str:
    r = c.post("/v1/answer/stream", json={"question": question})
    assert r.status_code == 200, r.text
    name, done = parse_sse(r.text)[-1]
    assert name == "done"
    answer_id: str = done["id"]
    return answer_id


def _openai(c: httpx.Client, question: str) -> str:
    r = c.post("/v1/chat/completions", json={"model": "m", "messages": [{"role": "user", "content": question}]})
    assert r.status_code == 200, r.text
    answer_id: str = r.json()["id"]
    return answer_id


@pytest.fixture(scope="module")
def asked(
    make_app: Callable[..., FastAPI], serve_app: Callable[[FastAPI], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Asked]:
    """Eight questions through the three answer endpoints, two verdicts, and the report fetched once."""
    data_dir = tmp_path_factory.mktemp("var")
    url = serve_app(make_app(data_dir=data_dir, admin_token=TOKEN, api_keys=[KEY]))
    ids: dict[str, str] = {}
    with httpx.Client(base_url=url, headers={"X-API-Key": KEY}, cookies={"session": COOKIE}, timeout=60) as c:
        for ask, (first, second) in zip((_answer, _stream, _openai), OFF_TOPIC, strict=True):
            ids[first], ids[second] = ask(c, first), ask(c, second)
        history = [{"role": "user", "content": HISTORY}, {"role": "assistant", "content": "Noted."}]
        ids[NOT_HELPFUL] = _answer(c, NOT_HELPFUL, history=history)
        ids[HELPFUL] = _stream(c, HELPFUL)
        for question, helpful in ((NOT_HELPFUL, False), (HELPFUL, True)):
            r = c.post("/v1/feedback", json={"answer_id": ids[question], "helpful": helpful, "comment": "Thanks"})
            assert r.status_code == 201, r.text
            assert r.json() == {"answer_id": ids[question], "helpful": helpful}
        r = c.get("/v1/admin/unanswered", headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        yield Asked(url, data_dir, ids, r.json())


def test_every_answer_has_its_own_id_on_every_endpoint(asked: Asked) -> None:
    ids = list(asked.ids.values())
    assert len(set(ids)) == len(ids) == 8
    openai_ids = {asked.ids[q] for q in OFF_TOPIC[2]}
    assert all(i.startswith("chatcmpl-") for i in openai_ids)
    assert all(len(i.removeprefix("chatcmpl-")) == 24 for i in ids)


def test_report_lists_the_three_off_topic_groups_and_the_one_marked_not_helpful(asked: Asked) -> None:
    groups = asked.report["questions"]
    assert [g["count"] for g in groups] == [2, 2, 2, 1], groups
    off_topic = {g["question"]: g for g in groups[:3]}
    assert len(off_topic) == 3
    for pair in OFF_TOPIC:
        (question,) = set(pair) & off_topic.keys()  # one wording represents both asks
        group = off_topic[question]
        assert group["reasons"] == ["abstained"]
        assert group["first_asked"] <= group["last_asked"]
        assert group["articles"] and all(set(a) == {"article_id", "title"} for a in group["articles"])
    last = groups[3]
    assert (last["question"], last["reasons"]) == (NOT_HELPFUL, ["not_helpful"])
    assert last["articles"][0]["article_id"] == "assembly-chair-vote"
    assert set(last) == {"question", "count", "first_asked", "last_asked", "reasons", "articles"}


def test_report_has_the_weekly_trend(asked: Asked) -> None:
    trend = asked.report["trend"]
    assert sum(w["answers"] for w in trend) == 8
    assert sum(w["abstained"] for w in trend) == 6 and sum(w["not_helpful"] for w in trend) == 1
    for w in trend:
        assert w["share_abstained"] == pytest.approx(w["abstained"] / w["answers"], abs=1e-4)
        assert dt.date.fromisoformat(w["week_start"]).weekday() == 0


def test_report_needs_the_admin_token(asked: Asked) -> None:
    assert httpx.get(f"{asked.url}/v1/admin/unanswered").status_code == 401
    wrong = httpx.get(f"{asked.url}/v1/admin/unanswered", headers={"Authorization": f"Bearer {KEY}"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"


def test_report_since_and_limit(asked: Asked) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = httpx.get(f"{asked.url}/v1/admin/unanswered", params={"limit": 2}, headers=auth)
    assert r.json()["questions"] == asked.report["questions"][:2]
    r = httpx.get(f"{asked.url}/v1/admin/unanswered", params={"since": "2999-01-01"}, headers=auth)
    assert r.json() == {"questions": [], "trend": []}
    for params, field in (({"since": "yesterday"}, "since"), ({"limit": 0}, "limit"), ({"limit": 501}, "limit")):
        r = httpx.get(f"{asked.url}/v1/admin/unanswered", params=params, headers=auth)
        assert r.status_code == 422 and r.json()["detail"].startswith(f"{field}:"), r.text


def test_no_stored_byte_holds_the_client_address_key_cookie_or_history(asked: Asked) -> None:
    files = [p for p in asked.data_dir.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [FILENAME], "the log is one file (no journal left behind)"
    raw = files[0].read_bytes()
    assert b"repot a cactus" in raw, "not the file the questions went to"
    for secret in ("127.0.0.1", KEY, COOKIE, HISTORY, TOKEN):
        assert secret.encode() not in raw, secret


def test_metrics_count_answers_and_verdicts(asked: Asked) -> None:
    text = httpx.get(f"{asked.url}/metrics").text
    assert _sample(text, "archive_chat_feedback_total", helpful="false") == 1
    assert _sample(text, "archive_chat_feedback_total", helpful="true") == 1
    assert _sample(text, "archive_chat_answers_total", mode="extractive", abstained="true") == 6
    assert _sample(text, "archive_chat_answers_total", mode="extractive", abstained="false") == 2
    assert _sample(text, "archive_chat_question_log_failures_total") == 0


def test_cli_prints_the_same_report(asked: Asked, capsys: pytest.CaptureFixture[str]) -> None:
    get_settings.cache_clear()
    try:
        assert main(["unanswered", "--data-dir", str(asked.data_dir), "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == asked.report
        assert main(["unanswered", "--data-dir", str(asked.data_dir), "--since", "2000-01-01"]) == 0
        out = capsys.readouterr().out
        assert out.count("    2×  ") == 3 and "    1×  " in out and NOT_HELPFUL in out
        assert "% abstained" in out and "assembly-chair-vote" in out
        assert main(["unanswered", "--data-dir", str(asked.data_dir / "missing")]) == 66
        assert "no question log at" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


# -- retention and unwritable directories -------------------------------------------------------------


def test_retention_deletes_rows_past_log_days_when_the_server_writes(
    make_app: Callable[..., FastAPI], serve_app: Callable[[FastAPI], str], tmp_path: Path
) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    seeded = QuestionLog(tmp_path, retention_days=90, clock=lambda: old)
    seeded.append(LoggedAnswer(
        answer_id="0" * 24, asked_at=old, question="Where did the zeppelin land?",
        normalized="where did the zeppelin land",
        index_version="v000001", mode="extractive", abstained=True, confidence=0.0, cited=(),
        closest=(ArticleSeen("orlen-funeral", "Funeral"),),
    ))  # fmt: skip
    seeded.close()
    url = serve_app(make_app(data_dir=tmp_path, log_days=30))
    assert httpx.post(f"{url}/v1/answer", json={"question": HELPFUL}, timeout=60).status_code == 200
    raw = _written(tmp_path / FILENAME, normalize(HELPFUL).encode())
    assert b"zeppelin" not in raw


def _written(path: Path, needle: bytes, timeout_s: float = 30.0) -> bytes:
    """The file's bytes once they hold ``needle``: the log's writer thread writes just after the answer goes out."""
    deadline = time.monotonic() + timeout_s
    while needle not in (raw := path.read_bytes()):
        assert time.monotonic() < deadline, f"{needle!r} never reached {path}"
        time.sleep(0.05)
    return raw


def _read_only_dir(tmp_path: Path) -> Path:
    """A directory this process cannot create files in (root ignores modes: then one on sysfs)."""
    tmp_path.chmod(0o555)
    if os.access(tmp_path, os.W_OK):
        tmp_path.chmod(0o755)
        return Path("/sys/fs")
    return tmp_path


def _full_dir(tmp_path: Path) -> Path:
    """A log file every write to which fails with ENOSPC."""
    (tmp_path / FILENAME).symlink_to("/dev/full")
    return tmp_path


def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "file").write_text("not a directory")
    return tmp_path / "file" / "var"


@pytest.mark.parametrize("unwritable", [_read_only_dir, _full_dir, _under_a_file])
def test_an_unwritable_log_never_fails_an_answer(
    make_app: Callable[..., FastAPI], serve_app: Callable[[FastAPI], str], tmp_path: Path,
    unwritable: Callable[[Path], Path],
) -> None:  # fmt: skip
    url = serve_app(make_app(data_dir=unwritable(tmp_path), admin_token=TOKEN))
    try:
        with httpx.Client(base_url=url, timeout=60) as c:
            ids = [_answer(c, NOT_HELPFUL), _stream(c, OFF_TOPIC[0][0]), _openai(c, HELPFUL)]
            assert all(ids)
            r = c.post("/v1/feedback", json={"answer_id": ids[0], "helpful": True})
            assert r.status_code == 503 and "not writable" in r.json()["detail"]
            text = c.get("/metrics").text
    finally:
        tmp_path.chmod(0o755)
    assert _sample(text, "archive_chat_question_log_failures_total") == 3
    assert _sample(text, "archive_chat_answers_total", mode="extractive", abstained="false") == 2
