"""Pull new articles listed by RSS/Atom feeds or XML sitemaps into ``<archive>/fetched.jsonl``."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import httpx

from archive_chat.errors import BadArchive, EmptyArchive
from embeddings.load import load_archive
from embeddings.load_html import parse_date, parse_html, url_id
from embeddings.records import Article

FETCHED_FILE = "fetched.jsonl"
# Small on purpose: we are a polite guest on a news site, not a crawler.
CONCURRENCY = 4


@dataclass(frozen=True, slots=True)
class FetchReport:
    """What one fetch run did: URLs added to the archive, URLs already held, and (url, reason) failures."""

    added: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One article link found in a feed or sitemap, with the date the listing gives it."""

    url: str
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """A parsed feed or sitemap: article entries, and child sitemaps to read next (from a sitemap index)."""

    entries: tuple[FeedEntry, ...] = ()
    sitemaps: tuple[str, ...] = ()


async def fetch(
    urls: Sequence[str], out_dir: Path, client: httpx.AsyncClient, *, limit: int | None = None
) -> FetchReport:
    """Fetch the pages listed by ``urls`` (feeds or sitemaps) that ``out_dir`` lacks; append them as JSON lines.

    ``limit`` caps the pages fetched in this run; entries past it are left for the next run and not reported.
    """
    known_urls, known_ids = await asyncio.to_thread(_known, out_dir)
    entries, failed = await _collect_entries(urls, client)
    skipped = [e.url for e in entries if e.url in known_urls or url_id(e.url) in known_ids]
    new = [e for e in entries if e.url not in known_urls and url_id(e.url) not in known_ids][:limit]
    semaphore = asyncio.Semaphore(CONCURRENCY)
    results = await asyncio.gather(*(_fetch_page(entry, client, semaphore) for entry in new))
    added: list[Article] = []
    for entry, result in zip(new, results, strict=True):
        if isinstance(result, str):
            failed.append((entry.url, result))
        elif result.url in known_urls:  # the page's canonical URL is one we already hold under another link
            skipped.append(entry.url)
        else:
            added.append(result)
    _append(out_dir / FETCHED_FILE, added)
    # Each article's id is url_id(entry URL), so the entry URL is what the next run will recognise.
    added_ids = {a.id for a in added}
    return FetchReport(
        added=tuple(e.url for e in new if url_id(e.url) in added_ids),
        skipped=tuple(skipped),
        failed=tuple(failed),
    )


def _known(out_dir: Path) -> tuple[set[str], set[str]]:
    """URLs and ids of the articles already in the archive folder."""
    if not out_dir.exists():
        return set(), set()
    try:
        articles = load_archive([out_dir])
    except EmptyArchive:  # a fresh archive folder: nothing to skip
        return set(), set()
    return {a.url for a in articles if a.url}, {a.id for a in articles}


async def _collect_entries(
    urls: Sequence[str], client: httpx.AsyncClient
) -> tuple[list[FeedEntry], list[tuple[str, str]]]:
    """Entries of every feed and sitemap (sitemap indexes followed), first listing wins, in listing order."""
    entries: dict[str, FeedEntry] = {}
    failed: list[tuple[str, str]] = []
    queue, seen = list(urls), set(urls)
    while queue:
        listing_url = queue.pop(0)
        try:
            response = await client.get(listing_url)
            response.raise_for_status()
            listing = parse_listing(response.content, base_url=str(response.url))
        except (httpx.HTTPError, ValueError) as exc:
            failed.append((listing_url, _reason(exc)))
            continue
        for entry in listing.entries:
            entries.setdefault(entry.url, entry)
        fresh = [u for u in listing.sitemaps if u not in seen]
        seen.update(fresh)
        queue.extend(fresh)
    return list(entries.values()), failed


def parse_listing(body: bytes, *, base_url: str) -> Listing:
    """Entries of an XML sitemap (``<urlset>``/``<sitemapindex>``) or of an RSS/Atom feed; links made absolute."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        root = None  # not well-formed XML; feedparser copes with much broken RSS
    if root is not None and _local(root.tag) in {"urlset", "sitemapindex"}:
        locs = [(_child_text(node, "loc"), _child_text(node, "lastmod")) for node in root]
        if _local(root.tag) == "sitemapindex":
            return Listing(sitemaps=tuple(urljoin(base_url, loc) for loc, _ in locs if loc))
        return Listing(entries=tuple(FeedEntry(urljoin(base_url, loc), _lenient_date(mod)) for loc, mod in locs if loc))
    feed: Any = feedparser.parse(body)
    if not feed.version and not feed.entries:
        raise ValueError("not an RSS/Atom feed or an XML sitemap")
    entries = []
    for item in feed.entries:
        link = item.get("link")
        if link:
            when = item.get("published_parsed") or item.get("updated_parsed")
            entries.append(FeedEntry(urljoin(base_url, link), dt.date(*when[:3]) if when else None))
    return Listing(entries=tuple(entries))


async def _fetch_page(entry: FeedEntry, client: httpx.AsyncClient, semaphore: asyncio.Semaphore) -> Article | str:
    """The article at ``entry.url``, or why it could not be had."""
    async with semaphore:
        try:
            response = await client.get(entry.url)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            return _reason(exc)
    try:
        # trafilatura is CPU-bound: parse off the event loop so the other downloads keep going.
        article = await asyncio.to_thread(parse_html, response.text, url=entry.url, origin=entry.url)
    except BadArchive as exc:
        return str(exc)
    return article if article.published or not entry.published else replace(article, published=entry.published)


def _append(path: Path, articles: Sequence[Article]) -> None:
    """Append whole JSON lines and fsync, so a crash never leaves half an article behind a good one."""
    if not articles:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(json.dumps(_record(a), ensure_ascii=False) + "\n" for a in articles).encode("utf-8")
    with path.open("ab") as out:
        if out.tell() > 0:
            with path.open("rb") as existing:
                existing.seek(-1, os.SEEK_END)
                if existing.read(1) != b"\n":  # an earlier writer died mid-line: do not glue our line onto it
                    data = b"\n" + data
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _record(article: Article) -> dict[str, str | None]:
    """The JSON Lines form of an article (the fields `load_archive` reads back)."""
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author,
        "section": article.section,
        "source": article.source,
        "text": article.text,
    }


def _reason(exc: Exception) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(node: ET.Element, name: str) -> str | None:
    for child in node:
        if _local(child.tag) == name and child.text:
            return child.text.strip()
    return None


def _lenient_date(value: str | None) -> dt.date | None:
    """A sitemap lastmod as a date; a malformed one is only a missing hint, not a reason to drop the page."""
    try:
        return parse_date(value)
    except ValueError:
        return None
