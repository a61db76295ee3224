"""Immutable records passed between the stages of the embedding job."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit


def web_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host, else None: the only links we ever emit.

    >>> web_url("https://x.org/a"), web_url("javascript:alert(1)"), web_url(" HTTP://X.org"), web_url("//x.org")
    ('https://x.org/a', None, 'HTTP://X.org', None)
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


@dataclass(frozen=True, slots=True)
class Article:
    """One piece of the archive, as read from disk (text is never rewritten after loading)."""

    id: str
    title: str
    text: str
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    section: str | None = None
    source: str | None = None
    origin: str = ""  # "file:line" it was read from, for error messages and provenance

    @property
    def content_hash(self) -> str:
        """sha256 of everything that reaches the index: changes whenever the article must be re-embedded."""
        h = hashlib.sha256()
        for part in (
            self.title,
            self.text,
            self.url or "",
            self.published.isoformat() if self.published else "",
            self.author or "",
            self.section or "",
            self.source or "",
        ):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Chunk:
    """A sentence-aligned span of an article: ``article.text[start:end] == text``."""

    article_id: str
    ordinal: int
    start: int
    end: int
    text: str
    tokens: int = 0  # model tokens of the embedded form (header + text), special tokens included
    key: str = ""  # content key of the embedded form: equal keys can share one vector
    embed_text: str = field(default="", compare=False, repr=False)


def embed_key(embed_text: str) -> str:
    """Content key of an embedded text (vectors are reused between runs by this key)."""
    return hashlib.sha256(embed_text.encode("utf-8")).hexdigest()[:32]
