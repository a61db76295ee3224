"""The editors' page (``/admin``) in a real browser: the report behind a hand-typed token that is never stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect

from tests.api.test_widget import browser  # noqa: F401  (a fixture)

pytestmark = pytest.mark.slow
TOKEN = "editor-token-3190"
OFF_TOPIC = "How do I repot a cactus?"


def test_admin_page_shows_the_report_and_keeps_no_token(
    browser: Browser,  # noqa: F811
    make_app: Callable[..., FastAPI],
    serve_app: Callable[[FastAPI], str],
    tmp_path: Path,
) -> None:
    url = serve_app(make_app(data_dir=tmp_path, admin_token=TOKEN))
    for question in (OFF_TOPIC, OFF_TOPIC.upper()):
        assert httpx.post(f"{url}/v1/answer", json={"question": question}, timeout=60).status_code == 200

    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/admin")
    page.get_by_label("Admin token").fill("wrong")
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_role("status")).to_contain_text("Could not load the report: admin endpoints need")

    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_role("status")).to_have_text("1 question group(s).")
    cells = page.locator("#questions tr").first.locator("td").all_text_contents()
    assert cells[:3] == ["2", OFF_TOPIC, "abstained"]
    expect(page.locator("#trend tr")).to_have_count(1)

    stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie, location.href]")
    assert stored == [0, 0, "", f"{url}/admin"]
    assert TOKEN not in page.content()
    context.close()
