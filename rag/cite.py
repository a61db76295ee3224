"""Citations: verify quotes against article text, locate them, link to them, attribute opinion."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote as _percent_encode
from urllib.parse import urlsplit

from embeddings.records import web_url
from rag.records import Citation, Passage

# A fragment longer than this many words is linked as textStart,textEnd: browsers match
# either form, and the short one keeps shared links readable.
_FRAGMENT_MAX_WORDS = 10
_FRAGMENT_EDGE_WORDS = 4

_COMMENTARY_SECTIONS = ("opinion", "commentary", "analysis", "editorial", "column", "op-ed")
_COMMENTARY_PATH_PARTS = ("/opinion/", "/opinions/", "/commentary/", "/editorial/", "/op-ed/", "/analysis/")


def verify_quote(article_text: str, quote: str, start: int, end: int) -> bool:
    """True only if ``article_text[start:end] == quote`` and the quote is non-empty."""
    if not quote or start < 0 or end > len(article_text) or start >= end:
        return False
    return article_text[start:end] == quote


def locate(article_text: str, quote: str, near: int = 0) -> tuple[int, int] | None:
    """Offsets of the occurrence of ``quote`` closest to ``near`` (earlier wins a tie), or None.

    >>> locate("a b a b", "a", near=3)
    (4, 5)
    """
    if not quote:
        return None
    best: int | None = None
    i = article_text.find(quote)
    while i != -1:
        if best is None or abs(i - near) < abs(best - near):
            best = i
        if i > near:
            break  # occurrences only move further away from here on
        i = article_text.find(quote, i + 1)
    return None if best is None else (best, best + len(quote))


def _encode_fragment_part(text: str) -> str:
    # quote() leaves '-' alone (it is unreserved in URLs), but in a text directive '-' marks a
    # prefix/suffix, ',' separates start and end and '&' separates directives: all must be escaped.
    return _percent_encode(text, safe="").replace("-", "%2D")


def text_fragment_link(url: str, quote: str) -> str:
    """``url`` plus a ``#:~:text=`` directive that highlights ``quote`` (WICG Scroll-To-Text-Fragment).

    Whitespace is collapsed (the browser matches rendered text); a quote of more than ten words
    becomes ``textStart,textEnd`` from its first and last four words; an existing fragment is dropped.

    >>> text_fragment_link("https://x.org/a#top", "Prices rose 3%, a so-called surge")
    'https://x.org/a#:~:text=Prices%20rose%203%25%2C%20a%20so%2Dcalled%20surge'
    """
    base = url.split("#", 1)[0]
    words = quote.split()
    if not words:
        return base
    if len(words) > _FRAGMENT_MAX_WORDS:
        start = _encode_fragment_part(" ".join(words[:_FRAGMENT_EDGE_WORDS]))
        end = _encode_fragment_part(" ".join(words[-_FRAGMENT_EDGE_WORDS:]))
        directive = f"{start},{end}"
    else:
        directive = _encode_fragment_part(" ".join(words))
    return f"{base}#:~:text={directive}"


def is_commentary(section: str | None, url: str | None) -> bool:
    """True for opinion, commentary, analysis, editorial and column pieces (by section or URL path)."""
    if section:
        lowered = section.lower()
        if any(word in lowered for word in _COMMENTARY_SECTIONS):
            return True
    if url:
        path = urlsplit(url).path.lower()
        if any(part in path for part in _COMMENTARY_PATH_PARTS):
            return True
        # CNN files analysis under the news sections: /2023/01/05/politics/some-slug-analysis/index.html
        if re.search(r"-analysis(?:/|\.html?$|$)", path):
            return True
    return False


def is_derived_title(title: str, text: str) -> bool:
    """True when the title is only the opening words of the text (a piece with no real headline).

    >>> is_derived_title("Rain is due on Friday", "Rain is due on Friday. Bring a coat.")
    True
    >>> is_derived_title("Rain", "Sun.")
    False
    """
    head = _head(title)
    return bool(head) and " ".join(text[: len(title) + 40].split()).startswith(head)


def _head(title: str) -> str:
    """A title's words, its ellipsis and runs of white space dropped: what a text that it opens starts with."""
    return " ".join(title.replace("…", " ").split())


def piece_name(title: str, text: str, published: dt.date | None, section: str | None, source: str | None) -> str:
    """How an answer names a piece: its headline and date, or for an untitled piece its section, outlet and date.

    >>> piece_name("Tolls Are a Tax on Commuters", "Every morning…", dt.date(2024, 3, 1), "opinion", "Gazette")
    '“Tolls Are a Tax on Commuters” (2024-03-01)'
    >>> piece_name("Every morning the queue", "Every morning the queue grows.", None, "opinion", "Gazette")
    'an opinion piece from Gazette'
    """
    when = f" ({published.isoformat()})" if published is not None else ""
    if title.strip() and not is_derived_title(title, text):
        return f"“{' '.join(title.split())}”{when}"
    kind = (section or "").strip().lower() or "a piece"
    kind = kind if kind == "a piece" else f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} piece"
    return f"{kind}{f' from {source}' if source else ''}{when}"


def heading(title: str, text: str, quote: str, section: str | None) -> str:
    """What a citation card heads its quote with: the headline, or, when the piece has none and its title (its
    opening words) only repeats the start of the quote under it, the piece by its section (the outlet and date stand
    on the card's line below).

    >>> heading("Tolls Are a Tax", "Every morning…", "Every morning", "opinion")
    'Tolls Are a Tax'
    >>> text = "Every morning the queue grows. Fares rose."
    >>> heading("Every morning the queue", text, "Every morning the queue grows.", "opinion")
    'Opinion piece'
    >>> heading("Every morning the queue", text, "Fares rose.", "opinion"), heading("", "Rain.", "Rain.", None)
    ('Every morning the queue', 'Untitled piece')
    """
    head = _head(title)
    if head and not (is_derived_title(title, text) and " ".join(quote.split()).startswith(head)):
        return " ".join(title.split())
    kind = " ".join((section or "").split())
    return f"{kind[0].upper()}{kind[1:]} piece" if kind else "Untitled piece"


def lead_in(
    title: str, text: str, published: dt.date | None, section: str | None, url: str | None, source: str | None
) -> str:
    """ "According to <piece>, " for commentary (never said in the assistant's voice); nothing for news reports.

    >>> lead_in("Tolls Are a Tax", "Every morning…", None, "opinion", None, None)
    'According to “Tolls Are a Tax”, '
    """
    if not is_commentary(section, url):
        return ""
    return f"According to {piece_name(title, text, published, section, source)}, "


def make_citation(n: int, passage: Passage, article_text: str, quote: str, start: int, end: int) -> Citation | None:
    """A Citation numbered ``n`` for ``quote`` at ``article_text[start:end]``, or None if it does not verify."""
    if not verify_quote(article_text, quote, start, end):
        return None
    url = web_url(passage.url)  # an index built before ingestion checked schemes may hold any URL
    return Citation(
        n=n,
        article_id=passage.article_id,
        title=passage.title,
        quote=quote,
        start=start,
        end=end,
        url=url,
        published=passage.published,
        source=passage.source,
        link=text_fragment_link(url, quote) if url else None,
        heading=heading(passage.title, article_text, quote, passage.section),
    )
