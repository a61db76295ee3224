"""fetch() against a real loopback HTTP server serving RSS, Atom, sitemaps and article pages."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from embeddings.fetch import CONCURRENCY, FETCHED_FILE, fetch, parse_listing
from embeddings.load import load_archive


class Site:
    """Routes served by the loopback server, and how often each path was requested."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.hits: Counter[str] = Counter()
        self.delay = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, title: str, *, published: str | None = None) -> None:
        meta = f'<meta property="article:published_time" content="{published}">' if published else ""
        body = (
            f"<html><head><title>{title}</title>{meta}</head><body><nav><a href='/'>Home</a> Subscribe today</nav>"
            f"<article><h1>{title}</h1><p>{title} was reported on Tuesday by our correspondent in the harbour town, "
            "who spoke to residents, the mayor and the ferry operators about what happens next.</p>"
            "<p>The council will meet again next month to decide on the budget for the coming year.</p></article>"
            "<footer>© Loopback Times. All rights reserved.</footer></body></html>"
        )
        self.routes[path] = (200, "text/html; charset=utf-8", body.encode("utf-8"))

    def xml(self, path: str, body: str, content_type: str = "application/xml") -> None:
        self.routes[path] = (200, content_type, body.encode("utf-8"))


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with site.lock:
                site.hits[self.path] += 1
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            time.sleep(site.delay)
            with site.lock:
                site.in_flight -= 1
            status, content_type, body = site.routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll interval: shutdown() waits up to one interval, on every test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    # trust_env=False: a proxy configured in the environment must not intercept loopback requests.
    async with httpx.AsyncClient(follow_redirects=True, timeout=10, trust_env=False) as client:
        yield client


def publish_feeds(site: Site) -> None:
    """An RSS feed, an Atom feed and a sitemap index with one child sitemap (one of its pages is missing)."""
    site.page("/news/a1", "Harbour reopens", published="2024-03-01T09:00:00Z")
    site.page("/news/a2", "Ferry timetable changes")  # no date on the page: the feed's pubDate is used
    site.page("/blog/b1", "Notes on the tides", published="2024-02-20")
    site.page("/blog/b2", "Why the market moved", published="2024-02-21")
    site.page("/pages/c1", "Council budget explained", published="2024-01-15")
    site.xml(
        "/rss.xml",
        f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loopback Times</title>
        <item><title>Harbour reopens</title><link>{site.url("/news/a1")}</link>
          <pubDate>Fri, 01 Mar 2024 09:00:00 GMT</pubDate></item>
        <item><title>Ferry timetable changes</title><link>/news/a2</link>
          <pubDate>Sat, 02 Mar 2024 10:00:00 GMT</pubDate></item>
        </channel></rss>""",
        "application/rss+xml",
    )
    site.xml(
        "/atom.xml",
        f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
        <id>urn:blog</id><updated>2024-02-21T00:00:00Z</updated>
        <entry><title>Notes on the tides</title><id>urn:b1</id><link href="{site.url("/blog/b1")}"/>
          <updated>2024-02-20T00:00:00Z</updated></entry>
        <entry><title>Why the market moved</title><id>urn:b2</id><link href="{site.url("/blog/b2")}"/>
          <updated>2024-02-21T00:00:00Z</updated></entry>
        <entry><title>Harbour reopens (again listed)</title><id>urn:a1</id><link href="{site.url("/news/a1")}"/>
          <updated>2024-03-01T00:00:00Z</updated></entry>
        </feed>""",
        "application/atom+xml",
    )
    site.xml(
        "/sitemap.xml",
        f"""<?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>{site.url("/sitemap-pages.xml")}</loc></sitemap>
        </sitemapindex>""",
    )
    site.xml(
        "/sitemap-pages.xml",
        f"""<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>{site.url("/pages/c1")}</loc><lastmod>2024-01-15</lastmod></url>
          <url><loc>{site.url("/pages/missing")}</loc><lastmod>2024-01-16</lastmod></url>
        </urlset>""",
    )


ARTICLE_PATHS = ["/news/a1", "/news/a2", "/blog/b1", "/blog/b2", "/pages/c1"]
FEEDS = ["/rss.xml", "/atom.xml", "/sitemap.xml"]


async def test_fetch_writes_new_articles_and_reports_the_404(
    site: Site, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    publish_feeds(site)
    report = await fetch([site.url(p) for p in FEEDS], tmp_path / "archive", client)
    assert report.added == tuple(site.url(p) for p in ARTICLE_PATHS)
    assert report.skipped == ()
    assert report.failed == ((site.url("/pages/missing"), "HTTP 404"),)
    lines = (tmp_path / "archive" / FETCHED_FILE).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and all(json.loads(line)["text"] for line in lines)
    articles = {a.title: a for a in load_archive([tmp_path / "archive"])}
    assert articles["Harbour reopens"].published == dt.date(2024, 3, 1)
    assert articles["Ferry timetable changes"].published == dt.date(2024, 3, 2)  # from the RSS pubDate
    assert articles["Notes on the tides"].source == "127.0.0.1"
    assert all("Subscribe" not in a.text and "All rights reserved" not in a.text for a in articles.values())
    assert all(site.hits[p] == 1 for p in ARTICLE_PATHS)  # a1 is listed twice but fetched once


async def test_second_run_skips_everything_without_requesting_pages(
    site: Site, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    publish_feeds(site)
    await fetch([site.url(p) for p in FEEDS], tmp_path, client)
    before = (tmp_path / FETCHED_FILE).read_bytes()
    report = await fetch([site.url(p) for p in FEEDS], tmp_path, client)
    assert report.added == ()
    assert set(report.skipped) == {site.url(p) for p in ARTICLE_PATHS}
    assert report.failed == ((site.url("/pages/missing"), "HTTP 404"),)  # still absent, so tried again
    assert all(site.hits[p] == 1 for p in ARTICLE_PATHS)
    assert (tmp_path / FETCHED_FILE).read_bytes() == before


async def test_urls_held_in_other_archive_files_are_skipped(
    site: Site, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    publish_feeds(site)
    held = {"url": site.url("/blog/b1"), "title": "Held", "text": "Already in the archive."}
    (tmp_path / "older.jsonl").write_text(json.dumps(held), encoding="utf-8")
    report = await fetch([site.url("/atom.xml")], tmp_path, client)
    assert report.skipped == (site.url("/blog/b1"),)
    assert site.hits["/blog/b1"] == 0
    assert len(load_archive([tmp_path])) == 3


async def test_limit_leaves_the_rest_for_the_next_run(site: Site, client: httpx.AsyncClient, tmp_path: Path) -> None:
    publish_feeds(site)
    first = await fetch([site.url("/rss.xml"), site.url("/atom.xml")], tmp_path, client, limit=2)
    assert first.added == (site.url("/news/a1"), site.url("/news/a2"))
    second = await fetch([site.url("/rss.xml"), site.url("/atom.xml")], tmp_path, client)
    assert second.added == (site.url("/blog/b1"), site.url("/blog/b2"))
    assert second.skipped == first.added


async def test_bad_listings_are_reported_and_do_not_stop_the_others(
    site: Site, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    publish_feeds(site)
    site.page("/not-a-feed", "Just a page")
    report = await fetch([site.url("/gone.xml"), site.url("/not-a-feed"), site.url("/rss.xml")], tmp_path, client)
    assert dict(report.failed) == {
        site.url("/gone.xml"): "HTTP 404",
        site.url("/not-a-feed"): "ValueError: not an RSS/Atom feed or an XML sitemap",
    }
    assert len(report.added) == 2


async def test_page_without_text_is_reported(site: Site, client: httpx.AsyncClient, tmp_path: Path) -> None:
    site.routes["/empty"] = (200, "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    site.page("/full", "A full story")
    site.xml(
        "/rss.xml",
        f"""<rss version="2.0"><channel><title>t</title><item><link>{site.url("/empty")}</link></item>
        <item><link>{site.url("/full")}</link></item></channel></rss>""",
    )
    report = await fetch([site.url("/rss.xml")], tmp_path, client)
    assert report.added == (site.url("/full"),)
    ((url, reason),) = report.failed
    assert url == site.url("/empty") and "no article text" in reason


async def test_pages_are_fetched_concurrently_but_bounded(
    site: Site, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    paths = [f"/p/{i}" for i in range(10)]
    for path in paths:
        site.page(path, f"Story number {path[3:]} of the day")
    urls = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in paths)
    site.xml("/sitemap.xml", f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
    site.delay = 0.05
    report = await fetch([site.url("/sitemap.xml")], tmp_path, client)
    assert len(report.added) == 10
    assert 1 < site.max_in_flight <= CONCURRENCY


async def test_append_after_a_line_without_newline(site: Site, client: httpx.AsyncClient, tmp_path: Path) -> None:
    publish_feeds(site)
    (tmp_path / FETCHED_FILE).write_text('{"id": "old", "text": "An older article."}', encoding="utf-8")
    await fetch([site.url("/rss.xml")], tmp_path, client)
    assert [a.id for a in load_archive([tmp_path])][0] == "old"
    assert len(load_archive([tmp_path])) == 3


def test_parse_listing_resolves_relative_links_and_dates() -> None:
    rss = b"""<rss version="2.0"><channel><title>t</title>
        <item><link>/a</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>"""
    (entry,) = parse_listing(rss, base_url="https://news.test/feed.xml").entries
    assert (entry.url, entry.published) == ("https://news.test/a", dt.date(2024, 3, 5))
    sitemap = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://news.test/b</loc><lastmod>not a date</lastmod></url></urlset>"""
    (entry,) = parse_listing(sitemap, base_url="https://news.test/sitemap.xml").entries
    assert (entry.url, entry.published) == ("https://news.test/b", None)
    with pytest.raises(ValueError, match="not an RSS/Atom feed"):
        parse_listing(b"<html><body>hello</body></html>", base_url="https://news.test/")


def test_the_command_exits_0_when_only_a_page_fails(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dead page is retried on every run: it must not fail every run's exit code (a cron job's `fetch && index`)."""
    from archive_chat.cli import main

    publish_feeds(site)
    assert main(["fetch", *(site.url(p) for p in FEEDS), "--archive", str(tmp_path / "archive")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["failed"] == [[site.url("/pages/missing"), "HTTP 404"]] and len(report["added"]) == 5
    assert main(["fetch", site.url("/gone.xml"), "--archive", str(tmp_path / "archive")]) == 75  # no feed read
