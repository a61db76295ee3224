"""rag.cite: quotes verify only when exact, links highlight the quote, opinion is recognised."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

import pytest

from rag.cite import is_commentary, lead_in, locate, make_citation, piece_name, text_fragment_link, verify_quote
from rag.records import Passage

ARTICLE = (
    "Islamabad — The United States said on Thursday it backs Pakistan's bid for IMF support. "
    "Officials in Washington, D.C. called the talks “constructive”. "
    "The talks resume next week; the talks are expected to last three days."
)


def test_verify_quote_accepts_exact_slice() -> None:
    quote = "backs Pakistan's bid"
    start = ARTICLE.index(quote)
    assert verify_quote(ARTICLE, quote, start, start + len(quote))


@pytest.mark.parametrize(
    ("quote", "shift"),
    [
        ("backs Pakistan’s bid", 0),  # typographic apostrophe: not what the article says
        ("backs Pakistan's bid", 1),  # shifted offsets
        ("backs Pakistan's bid", -1),
        ("backs Pakistan's bid.", 0),  # one character more than the slice
    ],
)
def test_verify_quote_rejects_tampering(quote: str, shift: int) -> None:
    start = ARTICLE.index("backs Pakistan's bid") + shift
    assert not verify_quote(ARTICLE, quote, start, start + len(quote))


def test_verify_quote_rejects_empty_and_out_of_range() -> None:
    assert not verify_quote(ARTICLE, "", 3, 3)
    assert not verify_quote(ARTICLE, "x", -1, 0)
    assert not verify_quote(ARTICLE, "days.", len(ARTICLE) - 5, len(ARTICLE) + 1)


def test_locate_picks_occurrence_nearest_to_hint() -> None:
    first = ARTICLE.index("the talks")
    second = ARTICLE.index("the talks", first + 1)
    assert locate(ARTICLE, "the talks") == (first, first + 9)
    assert locate(ARTICLE, "the talks", near=second - 2) == (second, second + 9)
    assert locate(ARTICLE, "the talks", near=len(ARTICLE)) == (second, second + 9)
    assert locate(ARTICLE, "not in the article") is None
    assert locate(ARTICLE, "") is None


def test_locate_finds_overlapping_occurrences() -> None:
    assert locate("aaaa", "aa", near=1) == (1, 3)


def _fragment(link: str) -> str:
    assert "#:~:text=" in link
    return link.split("#:~:text=", 1)[1]


def test_fragment_link_escapes_directive_syntax() -> None:
    link = text_fragment_link("https://example.org/story#comments", "Washington, D.C. — well-known & loved")
    assert link.startswith("https://example.org/story#:~:text=")
    assert "#comments" not in link
    directive = _fragment(link)
    # ',' separates start/end, '-' marks prefix/suffix, '&' separates directives: none may appear raw.
    for raw in (",", "-", "&", " ", "#"):
        assert raw not in directive
    assert "%2C" in directive and "%2D" in directive and "%26" in directive
    assert unquote(directive) == "Washington, D.C. — well-known & loved"


def test_fragment_link_unicode_round_trips() -> None:
    quote = "Müller called the talks “constructive” — 会谈"
    directive = _fragment(text_fragment_link("https://example.org/a", quote))
    assert directive.isascii()
    assert unquote(directive) == quote


def test_fragment_link_collapses_whitespace() -> None:
    directive = _fragment(text_fragment_link("https://example.org/a", "two\n  lines"))
    assert unquote(directive) == "two lines"


def test_fragment_link_long_quote_uses_start_and_end() -> None:
    quote = ARTICLE.split(". ")[0]  # 17 words
    directive = _fragment(text_fragment_link("https://example.org/a", quote))
    start, end = directive.split(",")
    words = quote.split()
    assert unquote(start) == " ".join(words[:4])
    assert unquote(end) == " ".join(words[-4:])
    assert len(directive) < len(quote)


def test_fragment_link_of_blank_quote_is_plain_url() -> None:
    assert text_fragment_link("https://example.org/a#x", "  ") == "https://example.org/a"


@pytest.mark.parametrize(
    ("section", "url"),
    [
        ("Opinion", None),
        ("opinions/columnists", None),
        ("News Analysis", None),
        ("Editorials", None),
        ("Op-Ed", None),
        ("COMMENTARY", None),
        (None, "https://www.nytimes.com/2023/01/05/opinion/pakistan-imf.html"),
        (None, "https://www.washingtonpost.com/opinions/2023/01/05/pakistan/"),
        (None, "https://example.com/commentary/2023/pakistan"),
        (None, "https://example.com/editorial/pakistan"),
        (None, "https://example.com/op-ed/pakistan"),
        (None, "https://example.com/analysis/pakistan"),
        (None, "https://edition.cnn.com/2023/01/05/politics/pakistan-imf-analysis/index.html"),
    ],
)
def test_is_commentary_true(section: str | None, url: str | None) -> None:
    assert is_commentary(section, url)


@pytest.mark.parametrize(
    ("section", "url"),
    [
        (None, None),
        ("World", "https://edition.cnn.com/2023/01/05/asia/pakistan-imf/index.html"),
        ("Developed markets", None),
        (None, "https://example.com/world/opinion-poll-results"),  # a word in the slug, not a section
        (None, "https://example.com/news/story?ref=/opinion/"),  # query strings do not count
    ],
)
def test_is_commentary_false(section: str | None, url: str | None) -> None:
    assert not is_commentary(section, url)


def test_attribution_format() -> None:
    assert (
        lead_in("US Backs Pakistan’s IMF Bid", ARTICLE, dt.date(2023, 1, 5), "Opinion", None, None)
        == "According to “US Backs Pakistan’s IMF Bid” (2023-01-05), "
    )
    assert (
        lead_in("  US  Backs\nPakistan ", ARTICLE, None, "Opinion", None, None) == "According to “US Backs Pakistan”, "
    )
    opinion_url = "https://example.com/opinion/pakistan-imf"
    assert lead_in("US Backs Pakistan", ARTICLE, None, None, opinion_url, None) == "According to “US Backs Pakistan”, "
    # a news report is quoted in the assistant's voice, with no lead-in
    assert lead_in("US Backs Pakistan", ARTICLE, dt.date(2023, 1, 5), "World", None, None) == ""


def test_untitled_commentary_is_named_by_section_outlet_and_date() -> None:
    derived = ARTICLE[:40]  # a "title" that is only the opening words of the text
    assert (
        lead_in(derived, ARTICLE, dt.date(2023, 1, 5), "Opinion", None, "Example")
        == "According to an opinion piece from Example (2023-01-05), "
    )
    assert piece_name(derived, ARTICLE, None, "Editorial", None) == "an editorial piece"
    assert piece_name("", ARTICLE, None, None, "Example") == "a piece from Example"
    assert piece_name("US Backs Pakistan", ARTICLE, None, "Opinion", "Example") == "“US Backs Pakistan”"


def _passage(url: str | None, title: str = "US backs Pakistan", section: str | None = None) -> Passage:
    return Passage(
        chunk_id=1,
        article_id="a1",
        title=title,
        text=ARTICLE,
        start=0,
        end=len(ARTICLE),
        score=1.0,
        url=url,
        published=dt.date(2023, 1, 5),
        source="Example",
        section=section,
    )


def test_make_citation_verifies_and_links() -> None:
    quote = "called the talks “constructive”"
    start = ARTICLE.index(quote)
    citation = make_citation(3, _passage("https://example.org/a"), ARTICLE, quote, start, start + len(quote))
    assert citation is not None
    assert (citation.n, citation.article_id, citation.quote) == (3, "a1", quote)
    assert ARTICLE[citation.start : citation.end] == citation.quote
    assert citation.published == dt.date(2023, 1, 5) and citation.source == "Example"
    assert citation.link == text_fragment_link("https://example.org/a", quote)


def test_a_card_is_headed_by_the_piece_where_its_derived_title_would_only_repeat_the_quote() -> None:
    """An untitled piece's title is its opening words: over a quote of its opening sentence the card names the piece
    by its section instead; over a later sentence, or with a real headline, the title stays."""
    opening = ARTICLE[: ARTICLE.index("IMF support.") + len("IMF support.")]
    later = "called the talks “constructive”"
    derived = ARTICLE[:40] + "…"

    def cite(title: str, quote: str) -> str:
        start = ARTICLE.index(quote)
        c = make_citation(1, _passage(None, title=title, section="Opinion"), ARTICLE, quote, start, start + len(quote))
        assert c is not None and c.title == title  # the title stays what the index holds
        return c.heading

    assert cite(derived, opening) == "Opinion piece"
    assert cite(derived, later) == derived
    assert cite("US backs Pakistan", opening) == "US backs Pakistan"


def test_make_citation_without_url_has_no_link() -> None:
    start = ARTICLE.index("talks")
    citation = make_citation(1, _passage(None), ARTICLE, "talks", start, start + 5)
    assert citation is not None and citation.link is None


def test_make_citation_refuses_unverified_quote() -> None:
    start = ARTICLE.index("talks")
    assert make_citation(1, _passage("https://example.org/a"), ARTICLE, "talks", start + 1, start + 6) is None
    assert make_citation(1, _passage(None), ARTICLE, "", 0, 0) is None


def test_a_citation_links_only_to_http_urls() -> None:
    quote = "called the talks “constructive”"
    start = ARTICLE.index(quote)
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "/relative/path"):
        c = make_citation(1, _passage(bad), ARTICLE, quote, start, start + len(quote))
        assert c is not None and c.url is None and c.link is None, bad
    c = make_citation(1, _passage("https://x.org/a"), ARTICLE, quote, start, start + len(quote))
    assert c is not None and c.link is not None and c.link.startswith("https://x.org/a#:~:text=")
