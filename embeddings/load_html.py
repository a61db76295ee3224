"""HTML pages into articles, and the record rules every reader shares (ids, titles, dates, sources).

They live here rather than in load.py because fetch.py needs exactly these: ``parse_html`` for each page and
``url_id`` to recognise pages it already holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from archive_chat.errors import BadArchive
from embeddings.chunk import TITLE_SENTENCE_END
from embeddings.records import Article

TITLE_MAX = 80
# Below this, what trafilatura found is a menu or a "page not found" stub, not an article.
MIN_TEXT_CHARS = 25
# A sentence end closer than this to the start is an abbreviation ("U.S.", "Dr.") rather than a full sentence.
_MIN_SENTENCE = 20
# Dates come from page metadata and the URL only: the extensive search would pick any date quoted in the text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def clean_text(text: str) -> str:
    """Normalise line endings and strip the ends; inner text is never rewritten (quotes rely on its offsets)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def derive_title(text: str, limit: int = TITLE_MAX) -> str:
    """A title from the first sentence of ``text``, cut at a word boundary to ``limit`` chars with "…".

    >>> derive_title("U.S. officials met on Monday. Nothing was agreed.")
    'U.S. officials met on Monday'
    """
    line = " ".join(text.strip().split("\n\n", 1)[0].split())  # hard-wrapped lines join into one sentence
    sentence = line
    for match in TITLE_SENTENCE_END.finditer(line):
        if match.end() >= _MIN_SENTENCE:
            sentence = line[: match.end()]
            break
    if len(sentence) <= limit:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    head = sentence[: limit - 1]
    if sentence[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:—–-") + "…"


def parse_date(value: object) -> dt.date | None:
    """An ISO date or datetime (string, or as parsed by YAML) as a date; None stays None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        raise ValueError(f"not an ISO date or datetime: {value!r}") from None


def url_id(url: str) -> str:
    """The stable id of an article known by its URL."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def made_from_url(article_id: str, url: str | None, origin: str = "") -> str:
    """What a duplicate-id error adds when the id is no one's own but made from a URL two pieces share (and, where
    the format has one, which field fixes it: an HTML page has no id, only its URL).

    >>> made_from_url(url_id("https://x.org/a"), "https://x.org/a"), made_from_url("wire-1", "https://x.org/a")
    (" (made from the url both give, https://x.org/a: give each an 'id' of its own)", '')
    >>> made_from_url(url_id("https://x.org/a"), "https://x.org/a", "page.html:1")
    ' (made from the url both give, https://x.org/a: one page is a copy of the other)'
    """
    if not url or url_id(url) != article_id:
        return ""
    page = origin.lower().split(":")[0].endswith((".html", ".htm"))
    fix = "one page is a copy of the other" if page else "give each an 'id' of its own"
    return f" (made from the url both give, {url}: {fix})"


def text_id(text: str) -> str:
    """The stable id of an article with neither id nor URL."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def url_source(url: str | None) -> str | None:
    """The outlet named by a URL's host: ``https://www.cnn.com/x`` -> ``cnn.com``."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def parse_html(html: str, *, url: str | None, origin: str) -> Article:
    """Main text and metadata of an article page; the id follows ``url`` when given so re-fetches match."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    text = clean_text(doc.text or "") if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or len(text) < MIN_TEXT_CHARS:
        raise BadArchive(f"{origin}: no article text could be extracted from the HTML")
    title = (doc.title or "").strip()
    if title and text.startswith(title + "\n"):  # trafilatura repeats the <h1> as the first line of the text
        text = text[len(title) :].lstrip()
    page_url = doc.url or url
    return Article(
        id=url_id(url) if url else url_id(page_url) if page_url else text_id(text),
        title=title or derive_title(text),
        text=text,
        url=page_url,
        published=dt.date.fromisoformat(doc.date) if doc.date else None,
        author=doc.author or None,
        section=doc.categories[0] if doc.categories else None,
        source=url_source(page_url),
        origin=origin,
    )
