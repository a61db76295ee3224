"""The widget's 👍/👎 in a real browser (Debian chromium), against a real server and question log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Route, expect

from tests.api.test_widget import RECORDER, Chat, browser  # noqa: F401  (browser is a fixture)

pytestmark = pytest.mark.slow

TOKEN = "editor-token-0771"
NOT_HELPFUL = "Who was elected chair of the Calderran Assembly?"
HELPFUL = "How many loyalty points did Bluecrest Rail offer?"
FEEDBACK_EVENTS = "window.__fb = []; addEventListener('archive-chat:feedback', (e) => __fb.push(e.detail));"


@pytest.fixture
def server(
    make_app: Callable[..., FastAPI], serve_app: Callable[[FastAPI], str], tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A server with its own, empty question log per test."""
    return serve_app(make_app(data_dir=tmp_path_factory.mktemp("var"), admin_token=TOKEN))


@pytest.fixture
def chat(browser: Browser, server: str) -> Iterator[Chat]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.add_init_script(RECORDER)
    page.add_init_script(FEEDBACK_EVENTS)
    yield Chat(page, server)
    context.close()


def _report(server: str) -> list[dict[str, Any]]:
    r = httpx.get(f"{server}/v1/admin/unanswered", headers={"Authorization": f"Bearer {TOKEN}"})
    r.raise_for_status()
    questions: list[dict[str, Any]] = r.json()["questions"]
    return questions


def _wait_for_verdicts(chat: Chat, n: int) -> list[dict[str, Any]]:
    chat.page.wait_for_function(f"window.__fb.length >= {n}")
    events: list[dict[str, Any]] = chat.page.evaluate("window.__fb")
    return events


def test_thumbs_down_by_keyboard_reaches_the_report_and_a_changed_mind_removes_it(chat: Chat, server: str) -> None:
    chat.open()
    answer = chat.ask(NOT_HELPFUL)
    assert not answer["abstained"] and len(answer["id"]) == 24
    group = chat.last_answer.get_by_role("group", name="Was this answer helpful?")
    up, down = group.get_by_role("button", name="Helpful", exact=True), group.get_by_role("button", name="Not helpful")
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(down).to_have_attribute("aria-pressed", "false")

    # Keyboard only: Tab moves from 👍 to 👎, Space presses it.
    up.focus()
    chat.page.keyboard.press("Tab")
    assert chat.focused() == {"cls": "vote", "label": "Not helpful", "n": None}
    chat.page.keyboard.press("Space")
    (event,) = _wait_for_verdicts(chat, 1)
    assert event == {"answer_id": answer["id"], "helpful": False, "status": 201}
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(group.get_by_role("status")).to_have_text("Thanks for your feedback.")
    assert [(g["question"], g["reasons"]) for g in _report(server)] == [(NOT_HELPFUL, ["not_helpful"])]

    # Enter on 👍 changes the verdict; the latest one counts, so the report no longer lists the question.
    up.focus()
    chat.page.keyboard.press("Enter")
    assert _wait_for_verdicts(chat, 2)[1] == {"answer_id": answer["id"], "helpful": True, "status": 201}
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(down).to_have_attribute("aria-pressed", "false")
    assert _report(server) == []


def test_each_reply_has_its_own_buttons_and_a_failure_says_so(chat: Chat, server: str) -> None:
    chat.open()
    first = chat.ask(HELPFUL)
    second = chat.ask(HELPFUL)
    assert first["id"] != second["id"]
    expect(chat.page.locator(".feedback")).to_have_count(2)

    def unavailable(route: Route) -> None:
        route.fulfill(status=503, json={"detail": "the verdict could not be recorded"})

    chat.page.route(f"{server}/v1/feedback", unavailable)
    down = chat.last_answer.get_by_role("button", name="Not helpful")
    down.click()
    (event,) = _wait_for_verdicts(chat, 1)
    assert event["status"] == 503 and event["answer_id"] == second["id"]
    expect(chat.last_answer.get_by_role("status")).to_have_text("the verdict could not be recorded")
    expect(down).to_have_attribute("aria-pressed", "false")

    chat.page.unroute(f"{server}/v1/feedback")
    chat.page.locator(".msg.assistant").first.get_by_role("button", name="Not helpful").click()
    assert _wait_for_verdicts(chat, 2)[1] == {"answer_id": first["id"], "helpful": False, "status": 201}
    assert chat.dialogs == [] and chat.page_errors == []
