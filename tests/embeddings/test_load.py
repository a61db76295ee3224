"""The archive readers on small fixture files, the seed file, and the rtqa-dev archive."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from archive_chat.errors import BadArchive, EmptyArchive
from embeddings.load import load_archive, parse_html
from embeddings.load_html import derive_title

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_bd84f8e499b299c2.txt"
MIXED = ROOT / "tests" / "fixtures" / "archives" / "mixed"
# The shared evaluation data lies beside the checkout (../shared), on developers' machines and in CI alike.
RTQA = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "rtqa-dev" / "archive.jsonl"


# --- the seed file --------------------------------------------------------------------------------------------------


def test_seed_splits_into_ten_articles_with_headline_and_folder_defaults() -> None:
    articles = load_archive([SEEDS])
    assert len(articles) == 10
    first = articles[0]
    assert first.title == "US Backs Pakistan as Violence Escalates in Balochistan"
    assert first.text.startswith("US support for Pakistan following Balochistan violence reframes")
    assert first.origin == f"{SEEDS / SEED_FILE.name}:2"
    assert all(a.section == "commentary" and a.source is None for a in articles)  # the outlet is not known
    assert all(a.url is None and a.published is None for a in articles)


def test_seed_standfirst_kept_once_and_texts_are_verbatim() -> None:
    articles = load_archive([SEED_FILE])
    raw = SEED_FILE.read_text(encoding="utf-8")
    standfirst = articles[0].text
    assert sum(standfirst in a.text for a in articles) == 1
    assert all(a.text in raw and a.text == a.text.strip() for a in articles)


def test_seed_two_paragraph_lines_become_two_articles() -> None:
    texts = [a.text for a in load_archive([SEED_FILE])]
    israel = next(t for t in texts if t.startswith("Israel and India’s active support"))
    assert israel.endswith("regional connectivity.")
    assert any(t.startswith("Balochistan’s security challenge is not rooted") for t in texts)


def test_seed_ids_stable_across_loads_and_reordering(tmp_path: Path) -> None:
    first = load_archive([SEED_FILE])
    assert [a.id for a in first] == [a.id for a in load_archive([SEED_FILE])]
    assert all(a.id.startswith("000_bd84f8e499b299c2-") for a in first)
    # Move the teasers around (the headline piece must stay first to stay a headline): the ids do not change.
    pieces = SEED_FILE.read_text(encoding="utf-8").strip().split("\n\n")
    shuffled = tmp_path / SEED_FILE.name
    shuffled.write_text("\n\n".join(pieces[:2] + pieces[2:][::-1]) + "\n", encoding="utf-8")
    assert {a.id for a in load_archive([shuffled])} == {a.id for a in first}


def test_seed_titles_are_short_for_teasers() -> None:
    for article in load_archive([SEED_FILE])[1:]:
        assert len(article.title) <= 80
        assert article.text.startswith(article.title.removesuffix("…"))


def test_crlf_line_endings_are_normalised(tmp_path: Path) -> None:
    copy = tmp_path / "seed.txt"
    copy.write_bytes(SEED_FILE.read_bytes().replace(b"\n", b"\r\n"))
    assert [a.text for a in load_archive([copy])] == [a.text for a in load_archive([SEED_FILE])]


# --- fixture folder: txt, jsonl, md, html, archive.yaml -----------------------------------------------------------


def test_mixed_folder_walks_sorted_and_recursively() -> None:
    origins = [a.origin.removeprefix(str(MIXED) + "/") for a in load_archive([MIXED])]
    assert origins[0] == "article.html"
    assert origins[1:4] == ["articles.jsonl:1", "articles.jsonl:3", "articles.jsonl:4"]
    assert origins[-2:] == ["notes/front-matter.md", "notes/heading.md"]


def test_txt_wrapped_teaser_stays_whole_and_paragraph_lines_split() -> None:
    briefs = load_archive([MIXED / "briefs.txt"])
    assert len(briefs) == 5
    headline, wrapped, ferry, shops, cut = briefs
    assert headline.title == "Harbour Dredging Plan Splits the Council"
    assert wrapped.text.count("\n") == 2  # inner newlines of a wrapped paragraph are kept
    assert wrapped.title == "The fishing cooperative says the dredging would stir up decades of silt and…"
    assert ferry.origin.endswith("briefs.txt:10") and shops.origin.endswith("briefs.txt:11")
    assert cut.title == "Dr. Amina Farouk, who chairs the harbour trust, said the council had not…"
    assert {a.section for a in briefs} == {"opinion"} and {a.source for a in briefs} == {"fixture-weekly"}


def test_jsonl_fields_ids_and_defaults() -> None:
    wire, budget, letter = (a for a in load_archive([MIXED]) if ".jsonl:" in a.origin)
    assert (wire.id, wire.source, wire.section, wire.author) == ("wire-0001", "Example News", "news", "Sam Reed")
    assert wire.text.endswith("after talks.\n\nUnions said the offer would go to a ballot.")
    assert budget.published == dt.date(2024, 2, 2) and budget.text == "The budget vote was delayed by a week."
    assert budget.source == "example-news.test"  # from the URL host, www. stripped
    assert budget.section is None  # archive.yaml defaults are for .txt/.md only
    assert letter.title == "A reader letter without a title or URL" and letter.url is None
    assert budget.id == load_archive([MIXED / "articles.jsonl"])[1].id  # derived ids are stable


def test_markdown_front_matter_and_heading() -> None:
    tides, market = (a for a in load_archive([MIXED / "notes"]))
    assert tides.id == "note-tides" and tides.title == "Why the tides matter"
    assert tides.published == dt.date(2024, 3, 1) and tides.author == "Lena Ortiz" and tides.section == "science"
    assert tides.text.startswith("Tides set the working day") and "*Spring tides*" in tides.text
    assert market.title == "Market day returns" and market.text.startswith("# Market day returns\n\n")
    # Loaded on their own the notes have no archive.yaml above them; within MIXED they inherit it.
    assert market.section is None
    inherited = next(a for a in load_archive([MIXED]) if a.origin.endswith("heading.md"))
    assert (inherited.section, inherited.source) == ("opinion", "fixture-weekly")


def test_html_metadata_and_main_text_only() -> None:
    (article,) = load_archive([MIXED / "article.html"])
    assert article.title == "Rivers rise in the valley"
    assert article.published == dt.date(2024, 3, 5)
    assert article.author == "Jane Doe"
    assert article.url == "https://www.valleygazette.test/2024/03/05/rivers-rise"
    assert article.source == "valleygazette.test"
    assert article.text.startswith("The river Aran rose by two metres overnight")
    assert "“We had about an hour,” said Maria Lopez" in article.text
    for boilerplate in ("Subscribe", "Home", "All rights reserved", "Privacy policy", "newsletter", "Related stories"):
        assert boilerplate not in article.text


def test_parse_html_id_follows_given_url() -> None:
    html = (MIXED / "article.html").read_text(encoding="utf-8")
    a = parse_html(html, url="https://feeds.test/item?id=7", origin="x")
    b = parse_html(html, url="https://feeds.test/item?id=7", origin="y")
    assert a.id == b.id and a.url == "https://www.valleygazette.test/2024/03/05/rivers-rise"


def test_derive_title() -> None:
    assert derive_title("U.S. officials met on Monday. Nothing was agreed.") == "U.S. officials met on Monday"
    assert derive_title("Short one") == "Short one"
    long = "word " * 40
    assert len(derive_title(long)) <= 80 and derive_title(long).endswith("word…")


# --- errors ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"text": "ok", "title": "x"', "invalid JSON"),
        ('["not", "an", "object"]', "expected a JSON object"),
        ('{"title": "no text"}', "missing field 'text'"),
        ('{"text": "   "}', "field 'text' is empty"),
        ('{"text": "ok", "title": 3}', "field 'title' must be a string, got int"),
        ('{"body": "ok", "published": "last Tuesday"}', "field 'published': not an ISO date"),
        ('{"text": "ok", "published": 20240101}', "field 'published': expected an ISO date string"),
    ],
)
def test_jsonl_errors_name_file_line_and_field(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "fine"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(BadArchive, match=rf"bad\.jsonl:3: .*{expected}"):
        load_archive([path])


def test_undecodable_file_is_named_with_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Première ligne\n\nCafé".encode() + b"\n\nna\xefve\n")
    with pytest.raises(BadArchive, match=r"latin1\.txt:5: not UTF-8 text \(byte offset 26"):
        load_archive([tmp_path])


def test_duplicate_ids_name_both_origins(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "same", "text": "one"}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "other", "text": "two"}\n{"id": "same", "text": "three"}\n', "utf-8")
    with pytest.raises(BadArchive, match=r"duplicate article id 'same': .*a\.jsonl:1 and .*b\.jsonl:2"):
        load_archive([tmp_path])


def test_a_duplicate_id_made_from_a_shared_url_says_so(tmp_path: Path) -> None:
    url = "https://velling.example/fares"  # two pieces give one url and no id of their own
    for name, text in (("a", "Fares rose."), ("b", "Fares fell.")):
        (tmp_path / f"{name}.jsonl").write_text(json.dumps({"url": url, "text": text}) + "\n", encoding="utf-8")
    with pytest.raises(BadArchive, match=r"\(made from the url both give, https://velling\.example/fares: give each"):
        load_archive([tmp_path])


def test_empty_folder_hidden_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(EmptyArchive, match=f"no articles found in {tmp_path}"):
        load_archive([tmp_path])
    (tmp_path / ".draft.txt").write_text("A hidden draft.\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("Not an article.\n", encoding="utf-8")
    (tmp_path / "README.rst").write_text("Not an article either.\n", encoding="utf-8")
    with pytest.raises(EmptyArchive):
        load_archive([tmp_path])


def test_a_broken_link_and_an_empty_markdown_file_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The ferry ran.\n", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "moved" / "gone.txt")  # the piece it pointed at was moved
    with pytest.raises(BadArchive, match=r"gone\.txt: a link to .*moved/gone\.txt, which does not exist"):
        load_archive([tmp_path])
    (tmp_path / "gone.txt").unlink()
    (tmp_path / "b.md").write_text("  \n", encoding="utf-8")
    with pytest.raises(BadArchive, match=r"b\.md: empty file"):
        load_archive([tmp_path])
    (tmp_path / "b.md").write_text("---\ntitle: Fares\n---\n", encoding="utf-8")
    with pytest.raises(BadArchive, match=r"b\.md: no text after the front matter"):
        load_archive([tmp_path])


def test_missing_path_and_unknown_suffix_given_directly(tmp_path: Path) -> None:
    with pytest.raises(BadArchive, match="nope: no such file or directory"):
        load_archive([tmp_path / "nope"])
    (tmp_path / "notes.rst").write_text("x", encoding="utf-8")
    with pytest.raises(BadArchive, match="unsupported archive format"):
        load_archive([tmp_path / "notes.rst"])


def test_overlapping_paths_read_a_file_once() -> None:
    assert len(load_archive([SEEDS, SEED_FILE])) == 10


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("---\ntitle: [unclosed\n---\nBody text.\n", "invalid YAML front matter"),
        ("---\ntitle: Never closed\nBody text.\n", "never closed"),
        ("---\n- a\n- list\n---\nBody text.\n", "front matter must be a mapping"),
        ("---\ntitle: Only metadata\n---\n\n", "no text after the front matter"),
        ("---\ntitle: 2024\n---\nBody text.\n", "field 'title' must be a string"),
    ],
)
def test_markdown_errors_name_the_file(tmp_path: Path, content: str, expected: str) -> None:
    (tmp_path / "note.md").write_text(content, encoding="utf-8")
    with pytest.raises(BadArchive, match=rf"note\.md: .*{expected}"):
        load_archive([tmp_path])


def test_bad_archive_yaml_is_named(tmp_path: Path) -> None:
    shutil.copy(MIXED / "briefs.txt", tmp_path)
    (tmp_path / "archive.yaml").write_text("sauce: typo\n", encoding="utf-8")
    with pytest.raises(BadArchive, match=r"archive\.yaml: unknown key 'sauce'"):
        load_archive([tmp_path])


def test_html_without_text_is_named(tmp_path: Path) -> None:
    (tmp_path / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    with pytest.raises(BadArchive, match=r"menu\.html: no article text"):
        load_archive([tmp_path])


# --- the rtqa-dev archive -------------------------------------------------------------------------------------------


def test_rtqa_archive_loads_as_is() -> None:
    assert RTQA.exists(), f"{RTQA}: the shared evaluation data should lie beside the checkout"
    articles = load_archive([RTQA])  # its speed is a benchmark's business (bench/embed.py), not a test's
    assert len(articles) == 1495
    assert sum(a.published is not None for a in articles) == 1423
    assert all(a.title and a.text and a.source for a in articles)


def test_only_http_urls_are_kept_and_a_dropped_one_is_named(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    rows = [
        '{"id": "web", "title": "Kept", "text": "A story.", "url": "https://news.example.org/a"}',
        '{"id": "script", "title": "Linkless", "text": "Another story.", "url": "javascript:alert(document.cookie)"}',
        '{"id": "data", "title": "Linkless too", "text": "A third story.", "url": "data:text/html,<b>x</b>"}',
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="embeddings.load"):
        articles = {a.id: a for a in load_archive([tmp_path])}
    assert set(articles) == {"web", "script", "data"}  # the article stays; only its link goes
    assert articles["web"].url == "https://news.example.org/a"
    assert articles["script"].url is None and articles["data"].url is None
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "'script'" in warned and "'data'" in warned and "'web'" not in warned


def test_decomposed_accents_are_stored_composed_with_ids_unchanged(tmp_path: Path) -> None:
    """A page that writes "é" as "e" and a combining accent is stored in the composed form (NFC) every reader
    types, whatever the format; the id, derived before, stays the same (an index run re-embeds, not re-adds)."""
    decomposed = "Jose\u0301 Nun\u0303ez of Cafe\u0301 Velling spoke."
    record = {"id": "p1", "title": "Cafe\u0301 news", "text": decomposed, "published": "2031-03-04"}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")  # "\u0301" escaped in the file
    (tmp_path / "b.txt").write_text(f"Cafe\u0301 news\n\n{decomposed}\n", encoding="utf-8")
    by_origin = {a.origin.split(":")[0].rsplit("/", 1)[-1]: a for a in load_archive([tmp_path])}
    assert by_origin["a.jsonl"].text == "José Nuñez of Café Velling spoke." and by_origin["a.jsonl"].id == "p1"
    assert by_origin["a.jsonl"].title == "Café news"
    assert "José Nuñez" in by_origin["b.txt"].text and "\u0301" not in by_origin["b.txt"].text
