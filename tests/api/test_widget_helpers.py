"""The widget's pure helpers (SSE parser, safeHref, marker linking, live paragraphs), run in the real Chromium.

No server: the page, the script and the answer stream are served by Playwright's router from an
invented origin, so these tests need nothing but the browser and ``api/static/widget.js`` itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.api.test_widget import browser  # noqa: F401  (a fixture)

pytestmark = pytest.mark.slow

ORIGIN = "http://widget.test"
WIDGET = Path(__file__).resolve().parents[2] / "api" / "static" / "widget.js"
PAGE = f'<!doctype html><html><body><script src="{ORIGIN}/widget.js" data-api="{ORIGIN}"></script></body></html>'


def _serve(route: Route) -> None:
    url = route.request.url
    if url.endswith("/widget.js"):
        route.fulfill(body=WIDGET.read_text(encoding="utf-8"), content_type="text/javascript")
    else:
        route.fulfill(body=PAGE, content_type="text/html")


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.route(f"{ORIGIN}/**", _serve)
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("window.ArchiveChat && window.ArchiveChat.helpers.sseParser")
    yield page
    context.close()


def helper(page: Page, name: str, *args: Any) -> Any:
    """``ArchiveChat.helpers[name](...args)`` evaluated in the page."""
    return page.evaluate("([name, args]) => window.ArchiveChat.helpers[name](...args)", [name, list(args)])


STREAM = (
    ": a comment line, ignored\r\n"
    'event: passages\r\ndata: {"passages": [], "articles": []}\r\n\r\n'
    'event: delta\ndata: {"text": "Caf\u00e9 \u00e0 Paris [1]"}\n\n'
    "event: note\ndata: first line\ndata: second line\n\n"
    "event: empty\n\n"  # no data: not an event
    "data: no event name\n\n"
    'event: done\ndata: {"answer": "x"}'  # the stream may end without the blank line
)
EVENTS = [
    {"event": "passages", "data": {"passages": [], "articles": []}},
    {"event": "delta", "data": {"text": "Caf\u00e9 \u00e0 Paris [1]"}},
    {"event": "note", "data": "first line\nsecond line"},
    {"event": "message", "data": "no event name"},
    {"event": "done", "data": {"answer": "x"}},
]


def test_sse_parser_gives_the_same_events_however_the_stream_is_cut(page: Page) -> None:
    results = page.evaluate(
        """stream => {
        const {sseParser} = window.ArchiveChat.helpers;
        const parse = (pieces) => {
          const p = sseParser();
          return pieces.flatMap(piece => p.push(piece)).concat(p.end());
        };
        const cuts = [];
        for (let i = 0; i <= stream.length; i++) cuts.push(parse([stream.slice(0, i), stream.slice(i)]));
        return {whole: parse([stream]), cuts, chars: parse(Array.from(stream))};
      }""",
        STREAM,
    )
    assert results["whole"] == EVENTS
    assert results["chars"] == EVENTS  # one character at a time, "\r" and "\n" of a CRLF apart included
    assert all(events == EVENTS for events in results["cuts"])
    assert helper(page, "parseEvent", 'event: delta\ndata: {"text": "a"}') == {"event": "delta", "data": {"text": "a"}}
    assert helper(page, "parseEvent", "data: {not json") == {"event": "message", "data": "{not json"}
    assert helper(page, "parseEvent", "event: x") is None


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("https://news.example/a?q=1#:~:text=rose", "https://news.example/a?q=1#:~:text=rose"),
        ("http://news.example/a", "http://news.example/a"),
        ("/v1/articles/b", "http://widget.test/v1/articles/b"),  # relative: against the base
        ("javascript:alert(1)", "FALLBACK"),
        ("JavaScript:alert(1)", "FALLBACK"),
        (" javascript:alert(1)", "FALLBACK"),
        ("data:text/html,<script>alert(1)</script>", "FALLBACK"),
        ("vbscript:msgbox(1)", "FALLBACK"),
        ("mailto:desk@news.example", "FALLBACK"),
        ("http://[not-a-host", "FALLBACK"),  # unparsable
        ("", "FALLBACK"),
        (None, "FALLBACK"),
    ],
)
def test_safe_href_lets_only_http_links_out(page: Page, candidate: str | None, expected: str) -> None:
    assert helper(page, "safeHref", candidate, "FALLBACK", "http://widget.test/page") == expected


C1, C2 = {"n": 1, "title": "One"}, {"n": 2, "title": "Two"}


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Rose [1].", ["Rose ", C1, "."]),
        ("[1] first, last [2]", [C1, " first, last ", C2]),
        ("Both [1, 2] and [2,1].", ["Both ", C1, C2, " and ", C2, C1, "."]),
        ("Adjacent [1][2]", ["Adjacent ", C1, C2]),
        ("Unknown [3] and partly unknown [1, 3] stay text.", ["Unknown [3] and partly unknown [1, 3] stay text."]),
        ("Not markers: [a], [], [1 2], [1234].", ["Not markers: [a], [], [1 2], [1234]."]),
        ("", []),
    ],
)
def test_link_markers_turns_known_citations_into_parts(page: Page, text: str, parts: list[Any]) -> None:
    assert helper(page, "linkMarkers", text, [C1, C2]) == parts


def test_live_edit_grows_the_last_paragraph_and_never_touches_earlier_ones(page: Page) -> None:
    assert helper(page, "liveEdit", 0, "Rain") == {"last": None, "added": ["Rain"]}
    assert helper(page, "liveEdit", 1, "Rain fell.\n\nWind") == {"last": "Rain fell.", "added": ["Wind"]}
    # Replay a stream whose deltas cut a paragraph break in two: the paragraphs shown end up exactly as
    # the whole text's, and each paragraph, once followed by another, is never changed again.
    deltas = ["Rain [1] fell", ".\n", "\nWind [2]", " rose.\n\n", "\n", "Calm", "."]
    replay = page.evaluate(
        """deltas => {
        const {liveEdit} = window.ArchiveChat.helpers;
        const shown = [], frozen = [];
        let text = "";
        for (const d of deltas) {
          text += d;
          const edit = liveEdit(shown.length, text);
          if (edit.last !== null) shown[shown.length - 1] = edit.last;
          shown.push(...edit.added);
          frozen.push(shown.slice(0, -1));
        }
        return {shown, frozen, whole: text.split(/\\n{2,}/)};
      }""",
        deltas,
    )
    assert replay["shown"] == replay["whole"] == ["Rain [1] fell.", "Wind [2] rose.", "Calm."]
    for before, after in zip(replay["frozen"], replay["frozen"][1:], strict=False):
        assert after[: len(before)] == before


def test_a_streamed_answer_grows_in_place_and_the_final_answer_links_its_markers(page: Page) -> None:
    deltas = ["Rain [1] fell", " all night.\n", "\nWind [2]", " rose."]
    answer = "".join(deltas)
    citations = [
        {"n": n, "article_id": f"a{n}", "title": f"Story {n}", "url": f"https://news.example/{n}", "quote": "q"}
        for n in (1, 2)
    ]
    events = [("passages", {"passages": [], "articles": []})] + [("delta", {"text": d}) for d in deltas]
    events += [("done", {"id": "r1", "answer": answer, "citations": citations, "passages": [], "articles": []})]
    body = "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)
    page.route(f"{ORIGIN}/v1/answer/stream", lambda route: route.fulfill(body=body, content_type="text/event-stream"))
    page.evaluate(
        """() => {
        window.__live = [];
        const box = () => document.querySelector('#archive-chat-widget').shadowRoot
          .querySelector('.msg.assistant:last-child .answer');
        addEventListener('archive-chat:delta', () => {
          const first = box().firstElementChild;
          window.__first = window.__first || first;
          window.__firstText = window.__firstText || first.firstChild;
          window.__live.push({
            paragraphs: Array.from(box().children, p => p.textContent),
            sameParagraph: first === window.__first,
            sameTextNode: first.firstChild === window.__firstText,
          });
        });
      }"""
    )
    page.evaluate("window.ArchiveChat.ask('How was the weather?')")
    page.wait_for_function("document.querySelector('#archive-chat-widget').shadowRoot.querySelector('.feedback')")
    live = page.evaluate("window.__live")
    assert [d["paragraphs"] for d in live] == [
        ["Rain [1] fell"],
        ["Rain [1] fell all night.\n"],
        ["Rain [1] fell all night.", "Wind [2]"],
        ["Rain [1] fell all night.", "Wind [2] rose."],
    ]
    assert all(d["sameParagraph"] and d["sameTextNode"] for d in live), live
    final = page.evaluate(
        """() => Array.from(document.querySelector('#archive-chat-widget').shadowRoot
          .querySelectorAll('.msg.assistant:last-child .answer p'), p => Array.from(p.childNodes, node =>
            node.nodeType === Node.ELEMENT_NODE ? `<${node.dataset.n}>` : node.textContent).join(''))"""
    )
    assert final == ["Rain <1> fell all night.", "Wind <2> rose."]
