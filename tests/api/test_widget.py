"""The embeddable widget in a real browser (Debian chromium) against the real API and fixture index.

The widget announces what it does with ``archive-chat:*`` CustomEvents on ``window``; an init script
records them in ``window.__ac`` so the tests can check the stream as it happened, not only its end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Locator, Page, Request, Route, expect, sync_playwright

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("ARCHIVE_CHAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ANSWER_TIMEOUT_MS = 60_000

QUESTION = "What happened to Teodor Brannock?"
FOLLOW_UP = "How is he doing after the collapse?"
# Asks for a thing (a team), so the answer carries a `direct` answer quoted from a cited sentence.
DIRECT_QUESTION = "Which team does Teodor Brannock play for?"
# Each question reaches one of the payloads in the fixture article "xss-test-piece".
XSS_QUESTIONS = {
    "<script>alert(1)</script>": "Which XSS payloads do security researchers find in comment sections?",
    "<img src=x onerror=alert(1)>": "Which XSS payload runs code when an image fails to load?",
}

# Runs before the page's scripts: records every widget event, plus what the DOM showed at each delta.
RECORDER = """
window.__ac = {requests: [], deltas: [], done: [], errors: []};
const acRoot = () => document.querySelector('#archive-chat-widget').shadowRoot;
addEventListener('archive-chat:request', (e) => __ac.requests.push({
  body: e.detail.body,
  sendDisabled: acRoot().querySelector('.send').disabled,
  thinking: acRoot().querySelector('.msg.assistant:last-child .thinking') !== null,
}));
addEventListener('archive-chat:delta', (e) => __ac.deltas.push({
  ...e.detail,
  shown: acRoot().querySelector('.msg.assistant:last-child .answer').textContent,
}));
addEventListener('archive-chat:done', (e) => __ac.done.push(e.detail));
addEventListener('archive-chat:error', (e) => __ac.errors.push(e.detail));
"""

ACTIVE_ELEMENT = """() => {
  const host = document.querySelector('#archive-chat-widget');
  if (document.activeElement !== host) return null;
  const el = host.shadowRoot.activeElement;
  return el && {cls: el.className, label: el.getAttribute('aria-label'), n: el.dataset.n || null};
}"""


class Chat:
    """A page with the widget on it, and the dialogs and script errors it produced."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    @property
    def launcher(self) -> Locator:
        return self.page.get_by_role("button", name="Open archive chat")

    @property
    def panel(self) -> Locator:
        return self.page.locator(".panel")

    @property
    def last_answer(self) -> Locator:
        return self.page.locator(".msg.assistant").last

    def open(self, path: str = "/") -> None:
        self.page.goto(self.base_url + path)
        self.launcher.click()
        expect(self.panel).to_be_visible()

    def ask(self, question: str) -> dict[str, Any]:
        """Type the question, press Enter and return the ``done`` event's answer object."""
        asked = self.page.evaluate("window.__ac.done.length")
        box = self.page.get_by_label("Your question")
        box.fill(question)
        box.press("Enter")
        self.page.wait_for_function(
            f"window.__ac.done.length > {asked} || window.__ac.errors.length > 0", timeout=ANSWER_TIMEOUT_MS
        )
        assert self.recorded("errors") == []
        assert self.dialogs == [] and self.page_errors == []
        answer: dict[str, Any] = self.page.evaluate("window.__ac.done.at(-1)")
        return answer

    def recorded(self, kind: str) -> Any:
        return self.page.evaluate(f"window.__ac.{kind}")

    def focused(self) -> dict[str, str | None] | None:
        focused: dict[str, str | None] | None = self.page.evaluate(ACTIVE_ELEMENT)
        return focused


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def chat(browser: Browser, live_server: str) -> Iterator[Chat]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.add_init_script(RECORDER)
    yield Chat(page, live_server)
    context.close()


def _article(live_server: str, article_id: str) -> dict[str, Any]:
    response = httpx.get(f"{live_server}/v1/articles/{article_id}")
    response.raise_for_status()
    article: dict[str, Any] = response.json()
    return article


def _citation(answer: dict[str, Any], n: int) -> dict[str, Any]:
    return next(c for c in answer["citations"] if c["n"] == n)


# Each paragraph of an answer as shown, with every citation button written back as its "[n]" marker.
SHOWN_PARAGRAPHS = """answer => Array.from(answer.children, p => Array.from(p.childNodes, node =>
  node.nodeType === Node.ELEMENT_NODE && node.classList.contains('cite') ? `[${node.dataset.n}]` : node.textContent
).join(''))"""


def _without_markers(locator: Locator) -> str:
    """The element's text without its citation buttons' numbers."""
    text: str = locator.evaluate(
        "e => Array.from(e.childNodes).filter(n => !(n.classList && n.classList.contains('cite')))"
        ".map(n => n.textContent).join('')"
    )
    return text.strip()


def _sse(*events: tuple[str, Any]) -> str:
    return "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)


def test_answer_streams_in_and_a_citation_opens_a_card_with_the_verbatim_quote(chat: Chat, live_server: str) -> None:
    chat.open()
    assert chat.focused() == {"cls": "input", "label": None, "n": None}
    answer = chat.ask(QUESTION)

    (request,) = chat.recorded("requests")
    assert request["body"] == {"question": QUESTION, "history": []}
    assert request["sendDisabled"] and request["thinking"], "no thinking state / send not disabled while streaming"
    expect(chat.page.locator(".send")).to_be_enabled()

    # The answer grew in the DOM piece by piece, and the pieces add up to the final answer.
    deltas = chat.recorded("deltas")
    shown = [d["shown"] for d in deltas]
    assert len(deltas) >= 2, "expected the answer to arrive in several deltas"
    assert all(b.startswith(a) and len(b) > len(a) for a, b in zip(shown, shown[1:], strict=False))
    assert deltas[-1]["answer"] == answer["answer"] and [d["count"] for d in deltas] == list(range(1, len(deltas) + 1))
    assert not answer["abstained"] and answer["citations"]

    cite = chat.last_answer.locator(".cite").first
    n = int(cite.get_attribute("data-n") or "0")
    expect(cite).to_have_attribute("aria-label", f"Citation {n}")
    citation = _citation(answer, n)
    cite.click()

    card = chat.page.locator(".card")
    expect(card).to_be_visible()
    expect(card.get_by_role("heading")).to_have_text(citation["heading"])
    quote = card.locator("blockquote").text_content()
    assert quote == citation["quote"]
    article = _article(live_server, citation["article_id"])
    assert quote in article["text"] and article["text"][citation["start"] : citation["end"]] == quote

    link = card.get_by_role("link", name="Read the highlighted passage")
    expected = citation["link"] or citation["url"] or f"/v1/articles/{citation['article_id']}"
    assert link.evaluate("a => a.href") == chat.page.evaluate("u => new URL(u, location.href).href", expected)
    expect(link).to_have_attribute("target", "_blank")
    assert "noopener" in (link.get_attribute("rel") or "").split()

    # Escape closes the card first and gives focus back to the marker that opened it.
    chat.page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    assert chat.focused() == {"cls": "cite", "label": f"Citation {n}", "n": str(n)}
    cite.press("Enter")
    expect(card).to_be_visible()


def test_articles_under_the_answer_are_sorted_newest_first(chat: Chat) -> None:
    chat.open()
    answer = chat.ask(QUESTION)

    items = chat.last_answer.locator(".sources li")
    dates: list[str] = items.evaluate_all("els => els.map(e => e.dataset.published)")
    titles: list[str] = items.locator("a").all_text_contents()
    assert sorted(titles) == sorted(a["title"] for a in answer["articles"])
    dated = [d for d in dates if d]
    assert len(dated) >= 2, "the question should reach several dated articles"
    assert dated == sorted(dated, reverse=True)
    assert dates == dated + [""] * (len(dates) - len(dated)), "undated articles belong at the end"


def test_follow_up_sends_the_conversation_so_far(chat: Chat) -> None:
    bodies: list[Any] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/v1/answer/stream"):
            bodies.append(request.post_data_json)

    chat.page.on("request", on_request)
    chat.open()
    first = chat.ask(QUESTION)
    chat.ask(FOLLOW_UP)

    assert bodies[0] == {"question": QUESTION, "history": []}
    assert bodies[1] == {
        "question": FOLLOW_UP,
        "history": [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": first["answer"]}],
    }
    expect(chat.page.locator(".msg.user")).to_have_count(2)
    expect(chat.page.locator(".msg.assistant")).to_have_count(2)


@pytest.mark.parametrize("payload", list(XSS_QUESTIONS))
def test_markup_in_articles_and_answers_stays_inert_text(chat: Chat, payload: str) -> None:
    chat.open()
    answer = chat.ask(XSS_QUESTIONS[payload])
    assert any("XSS" in a["title"] for a in answer["articles"])

    # The retrieved passages are all shown; the payload must be there as visible characters.
    chat.last_answer.locator(".passages summary").click()
    expect(chat.last_answer.locator(".passage p").filter(has_text=payload).first).to_be_visible()
    for cite in chat.last_answer.locator(".cite").all():
        cite.click()
        expect(chat.page.locator(".card blockquote")).to_be_visible()
    chat.page.wait_for_timeout(300)  # an injected handler would have fired by now

    injected = chat.page.evaluate(
        """() => {
        const root = document.querySelector('#archive-chat-widget').shadowRoot;
        return {
          imgs: root.querySelectorAll('img').length,
          onerror: root.querySelectorAll('[onerror]').length + document.querySelectorAll('[onerror]').length,
          scripts: root.querySelectorAll('script').length,
        };
      }"""
    )
    assert injected == {"imgs": 0, "onerror": 0, "scripts": 0}
    assert chat.dialogs == [] and chat.page_errors == []


def test_error_responses_show_the_servers_detail(chat: Chat, live_server: str) -> None:
    def rate_limited(route: Route) -> None:
        route.fulfill(status=429, json={"detail": "rate limited — retry in 7 s"}, headers={"Retry-After": "7"})

    chat.page.route(f"{live_server}/v1/answer/stream", rate_limited)
    chat.open()
    chat.page.get_by_label("Your question").fill(QUESTION)
    chat.page.get_by_label("Your question").press("Enter")
    expect(chat.last_answer.get_by_role("alert")).to_have_text("rate limited — retry in 7 s")
    assert chat.recorded("errors") == [{"status": 429, "detail": "rate limited — retry in 7 s"}]
    expect(chat.page.locator(".send")).to_be_enabled()

    # An `error` event mid-stream keeps what arrived and says why it stopped.
    def failing_stream(route: Route) -> None:
        body = 'event: delta\ndata: {"text": "Partial"}\n\nevent: error\ndata: {"detail": "the model went away"}\n\n'
        route.fulfill(status=200, body=body, headers={"Content-Type": "text/event-stream"})

    chat.page.unroute(f"{live_server}/v1/answer/stream")
    chat.page.route(f"{live_server}/v1/answer/stream", failing_stream)
    chat.last_answer.get_by_role("button", name="Try again").click()
    expect(chat.last_answer.get_by_role("alert")).to_have_text("the model went away")
    expect(chat.last_answer.locator(".answer")).to_have_text("Partial")
    expect(chat.page.locator(".msg.user")).to_have_count(1)


def test_data_attributes_set_title_as_of_mode_and_default_api_origin(chat: Chat, live_server: str) -> None:
    # A page on the API's origin that embeds the widget without data-api: it must default to its own origin.
    page_html = (
        "<!doctype html><title>embed</title><p>Host page</p>"
        '<script src="/widget.js" data-title="Newsroom archive" data-as-of="2099-12-31" data-mode="extractive">'
        "</script>"
    )
    chat.page.route(f"{live_server}/embed-test", lambda route: route.fulfill(body=page_html, content_type="text/html"))
    chat.open("/embed-test")
    expect(chat.page.get_by_role("dialog", name="Newsroom archive")).to_be_visible()
    chat.ask(QUESTION)
    (request,) = chat.recorded("requests")
    assert request["body"] == {"question": QUESTION, "history": [], "as_of": "2099-12-31", "mode": "extractive"}


def test_phone_viewport_panel_fits_the_screen(chat: Chat) -> None:
    chat.page.set_viewport_size({"width": 390, "height": 844})
    chat.open()
    chat.ask(QUESTION)
    box = chat.panel.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844
    overflow = chat.page.evaluate("() => document.querySelector('#archive-chat-widget').shadowRoot"
                                  ".querySelector('.log').scrollWidth")  # fmt: skip
    assert overflow <= 390, "the conversation scrolls sideways on a phone"


def test_keyboard_only_use(chat: Chat) -> None:
    chat.page.goto(chat.base_url + "/")
    for _ in range(60):
        chat.page.keyboard.press("Tab")
        if (chat.focused() or {}).get("cls") == "launcher":
            break
    else:
        pytest.fail("Tab never reached the launcher")

    chat.page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    expect(chat.launcher).to_have_attribute("aria-expanded", "true")
    assert chat.focused() == {"cls": "input", "label": None, "n": None}

    # Shift+Enter is a newline, not a send.
    chat.page.keyboard.type("first line")
    chat.page.keyboard.press("Shift+Enter")
    chat.page.keyboard.type("second line")
    expect(chat.page.get_by_label("Your question")).to_have_value("first line\nsecond line")
    assert chat.recorded("requests") == []

    chat.page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")
    assert (chat.focused() or {}).get("cls") == "launcher"


def test_screenshot_of_an_answer_with_an_open_citation(chat: Chat) -> None:
    chat.open()
    chat.ask(QUESTION)
    chat.last_answer.locator(".cite").first.click()
    expect(chat.page.locator(".card")).to_be_visible()
    chat.page.wait_for_timeout(300)  # let the card's entrance animation finish
    ARTIFACTS.mkdir(exist_ok=True)
    chat.page.screenshot(path=str(ARTIFACTS / "widget.png"))


def test_a_direct_answer_leads_the_reply_and_its_citation_marks_the_phrase(chat: Chat) -> None:
    chat.open()
    answer = chat.ask(DIRECT_QUESTION)
    direct = answer["direct"]
    assert isinstance(direct, str) and direct, "a which-team question should get a direct answer"
    assert not answer["abstained"] and 0.0 <= answer["confidence"] <= 1.0

    box = chat.last_answer.locator(".answer")
    lead = box.locator(".direct")
    expect(lead).to_have_count(1)
    expect(lead).to_be_visible()
    assert lead.evaluate("e => e === e.parentElement.firstElementChild"), "the direct answer must come first"
    assert _without_markers(lead) == direct

    # Prominent: bigger and bolder than the answer's other text.
    size = "e => [parseFloat(getComputedStyle(e).fontSize), Number(getComputedStyle(e).fontWeight)]"
    lead_size, lead_weight = lead.evaluate(size)
    body_size, body_weight = chat.last_answer.locator(".bubble").evaluate(size)
    assert lead_size > body_size and lead_weight >= 600 > body_weight

    # Nothing is said twice: the lead line and the paragraphs under it give back the answer text
    # (the lead drops only the "." after its marker).
    shown: list[str] = box.evaluate(SHOWN_PARAGRAPHS)
    text = answer["answer"].strip()
    assert text.startswith(shown[0]) and direct in shown[0]
    rest = text[len(shown[0]) :].removeprefix(".")
    assert " ".join(" ".join(shown[1:]).split()) == " ".join(rest.split())
    if not answer["conflict"]:
        expect(chat.last_answer.locator(".conflict")).to_have_count(0)

    # The lead's citation opens a card whose quote marks exactly the direct answer.
    cite = lead.locator(".cite").first
    n = int(cite.get_attribute("data-n") or "0")
    expect(cite).to_have_attribute("aria-label", f"Citation {n}")
    citation = _citation(answer, n)
    assert citation["highlight"] is not None
    start, end = citation["highlight"]
    assert citation["quote"][start:end] == direct
    cite.click()
    card = chat.page.locator(".card")
    expect(card).to_be_visible()
    mark = card.locator("blockquote mark")
    expect(mark).to_have_count(1)
    expect(mark).to_have_text(direct)
    assert card.locator("blockquote").text_content() == citation["quote"]
    expect(cite).to_have_attribute("aria-expanded", "true")

    chat.page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    assert chat.focused() == {"cls": "cite", "label": f"Citation {n}", "n": str(n)}
    cite.press("Enter")
    expect(mark).to_be_visible()
    chat.page.wait_for_timeout(300)  # let the card's entrance animation finish
    ARTIFACTS.mkdir(exist_ok=True)
    chat.page.screenshot(path=str(ARTIFACTS / "widget-direct-answer.png"))


def test_a_mistyped_name_is_answered_and_the_reply_says_what_was_searched(chat: Chat) -> None:
    chat.open()
    answer = chat.ask(DIRECT_QUESTION.replace("Brannock", "Brannok"))
    assert answer["respelled"] == DIRECT_QUESTION and answer["direct"], answer
    line = chat.last_answer.locator(".respelled")
    expect(line).to_have_text(f"Searched for: {DIRECT_QUESTION} (put a word in quotes to search it as typed)")
    follows = "e => !!(e.compareDocumentPosition(e.parentElement.querySelector('.answer')) & 4)"
    assert line.evaluate(follows), "the line stands above the answer"
    expect(chat.last_answer.locator(".answer .direct")).to_be_visible()
    line.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    chat.page.screenshot(path=str(ARTIFACTS / "widget-respelled.png"))

    chat.ask(DIRECT_QUESTION)  # spelled as the archive writes it: no line
    expect(chat.last_answer.locator(".respelled")).to_have_count(0)
    quoted = chat.ask(DIRECT_QUESTION.replace("Brannock", '"Brannok"'))  # in quotes: searched as typed
    assert quoted["respelled"] is None
    expect(chat.last_answer.locator(".respelled")).to_have_count(0)


def test_a_reply_that_lacks_the_thing_asked_for_says_so_under_its_sentences(chat: Chat) -> None:
    chat.open()
    answer = chat.ask("Which city was the Indus Waters Treaty signed in?")  # the fixture's pieces never say
    assert answer["direct"] is None and answer["citations"] and answer["notice"], answer
    note = chat.last_answer.locator(".notice")
    expect(note).to_have_text("The closest sentences in the archive give no city for this question.")
    follows = "e => !!(e.compareDocumentPosition(e.parentElement.querySelector('.answer')) & 2)"
    assert note.evaluate(follows), "the note stands under the sentences it speaks of"
    note.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    chat.page.screenshot(path=str(ARTIFACTS / "widget-notice.png"))
    chat.ask(DIRECT_QUESTION)  # a direct answer: no note
    expect(chat.last_answer.locator(".notice")).to_have_count(0)


def _canned_citation(n: int, quote: str, highlight: list[int] | None) -> dict[str, Any]:
    return {
        "n": n, "article_id": f"canned-{n}", "title": f"Canned article {n}", "url": None, "published": "2023-01-0{n}",
        "source": "Test Wire", "quote": quote, "start": 0, "end": len(quote), "link": None, "highlight": highlight,
        "heading": f"Canned article {n}",
    }  # fmt: skip


def _canned_answer(text: str, citations: list[dict[str, Any]], direct: str | None, conflict: bool) -> dict[str, Any]:
    return {
        "answer": text, "citations": citations, "passages": [], "articles": [], "abstained": False,
        "direct": direct, "conflict": conflict, "confidence": 0.4, "mode": "extractive", "timings_ms": {},
    }  # fmt: skip


def test_conflicting_sources_are_labelled_and_a_highlight_that_does_not_fit_shows_a_plain_quote(
    chat: Chat, live_server: str
) -> None:
    # Canned streams (the engine decides when sources conflict; here only the rendering is under test).
    first = "<i>Update:</i> The summit will be held in Lisbon, organisers said."
    second = "Organisers later named Porto as the host city."
    conflict_text = "Sources differ: Lisbon [1] (2023-01-05); Porto [2] (2023-01-02)."
    at = first.index("Lisbon")
    untitled = _canned_citation(2, second, [40, 99])
    untitled |= {"title": second[:30] + "…", "heading": "Opinion piece"}  # no headline of its own …
    untitled |= {"source": None, "published": None}  # … nor an outlet or a date (the server's heading names none)
    citations = [_canned_citation(1, first, [at, at + len("Lisbon")]), untitled]
    conflict = _canned_answer(conflict_text, citations, direct="Lisbon", conflict=True)
    open_text = "Organisers weighed two cities [1]. Neither has confirmed [2]."
    open_question = _canned_answer(open_text, citations, direct=None, conflict=False)
    bodies = [
        _sse(("delta", {"text": conflict_text}), ("done", conflict)),
        _sse(("delta", {"text": open_text}), ("done", open_question)),
    ]
    chat.page.route(
        f"{live_server}/v1/answer/stream",
        lambda route: route.fulfill(status=200, body=bodies.pop(0), headers={"Content-Type": "text/event-stream"}),
    )
    chat.open()
    chat.ask("Where will the summit be held?")

    label = chat.last_answer.locator(".conflict")
    expect(label).to_be_visible()
    expect(label).to_have_text("Conflicting sources")
    lead = chat.last_answer.locator(".answer .direct")
    expect(lead).to_be_visible()
    assert chat.last_answer.locator(".answer").evaluate(SHOWN_PARAGRAPHS) == [conflict_text]

    lead.locator(".cite").nth(0).click()
    blockquote = chat.page.locator(".card blockquote")
    expect(blockquote.locator("mark")).to_have_text("Lisbon")
    assert blockquote.text_content() == first and blockquote.locator("i").count() == 0

    expect(chat.page.locator(".card h3")).to_have_text("Canned article 1")
    lead.locator(".cite").nth(1).click()  # its highlight runs past the quote: shown without a mark
    expect(chat.page.locator(".card")).to_have_attribute("aria-label", "Citation 2")
    expect(blockquote).to_have_text(second)
    expect(blockquote.locator("mark")).to_have_count(0)
    # an untitled piece: the card is headed by the piece's section and outlet, not the opening words the quote repeats;
    # with no outlet nor date it has no meta line (and no stray "null" where one would be)
    expect(chat.page.locator(".card h3")).to_have_text("Opinion piece")
    expect(chat.page.locator(".card .meta")).to_have_count(0)
    assert "null" not in (chat.page.locator(".card").text_content() or "")

    # No direct answer: the reply reads as plain paragraphs, no lead line, no label.
    chat.ask("What did the organisers do?")
    expect(chat.last_answer.locator(".answer .direct")).to_have_count(0)
    expect(chat.last_answer.locator(".conflict")).to_have_count(0)
    assert chat.last_answer.locator(".answer").evaluate(SHOWN_PARAGRAPHS) == [open_text]


def test_lead_and_highlight_helpers(chat: Chat) -> None:
    chat.page.goto(chat.base_url + "/")
    results = chat.page.evaluate(
        """() => {
        const {splitLead, splitHighlight} = window.ArchiveChat.helpers;
        return {
          lead: [
            splitLead("Lisbon [1]. It hosts the summit [2].", "Lisbon"),
            splitLead("Lisbon [1].", "Lisbon"),
            splitLead("St. Louis [1, 2]. A second sentence.", "St. Louis"),
            splitLead("3.5 million [1]\\n\\nMore below [2].", "3.5 million"),
            splitLead("Sources differ: Lisbon [1] (2023-01-05); Porto [2] (2023-01-02).", "Lisbon"),
            splitLead("An opening sentence. Lisbon [1].", "Lisbon"),
            splitLead("Lisbon [1].", null),
            splitLead("Lisbon [1], according to \u201cU.S. Bid Fails\u201d. \u201cIt went to Lisbon.\u201d [1]",
                      "Lisbon"),
          ],
          highlight: [
            splitHighlight("held in Lisbon.", [8, 14]),
            splitHighlight("Lisbon", [0, 6]),
            splitHighlight("\\u{1F600} in Lisbon", [5, 11]),
            splitHighlight("Lisbon", [0, 7]),
            splitHighlight("Lisbon", [3, 3]),
            splitHighlight("Lisbon", [4, 2]),
            splitHighlight("Lisbon", [-1, 2]),
            splitHighlight("Lisbon", [0.5, 2]),
            splitHighlight("Lisbon", null),
            splitHighlight("Lisbon", undefined),
          ],
        };
      }"""
    )
    assert results["lead"] == [
        {"lead": "Lisbon [1]", "rest": "It hosts the summit [2]."},
        {"lead": "Lisbon [1]", "rest": ""},
        {"lead": "St. Louis [1, 2]", "rest": "A second sentence."},
        {"lead": "3.5 million [1]", "rest": "More below [2]."},
        {"lead": "Sources differ: Lisbon [1] (2023-01-05); Porto [2] (2023-01-02).", "rest": ""},
        None,  # the phrase is not in the first sentence: nothing is set apart
        None,
        {"lead": "Lisbon [1], according to “U.S. Bid Fails”.", "rest": "“It went to Lisbon.” [1]"},  # not "U."
    ]
    assert results["highlight"] == [
        ["held in ", "Lisbon", "."],
        ["", "Lisbon", ""],
        ["\U0001f600 in ", "Lisbon", ""],  # offsets count code points, as Python does
        None, None, None, None, None, None, None,
    ]  # fmt: skip
