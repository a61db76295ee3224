"""The sentence table against brute force: every stored sentence and span equals what the rules find in the
article's text now, and a passage's window holds exactly the sentences inside it.

On the real fixture index (built with the real model by the session fixture), plus small published versions for
the checks on load. Every article, name and number here is invented.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from archive_chat.errors import IndexMismatch
from archive_chat.settings import DEFAULT_MODEL
from embeddings.index_format import segment_paths
from embeddings.pieces import model_tokenizer
from embeddings.records import Article, Chunk, embed_key
from embeddings.sentence_table import (
    FILES,
    MANIFEST,
    MAX_SENTENCE_CHARS,
    PIECE_FILES,
    PIECE_MANIFEST,
    SentenceTable,
    SentenceTableWriter,
    scorable,
)
from embeddings.spans import spans
from embeddings.store import StoredIndex, publish

TOKENIZER = model_tokenizer(DEFAULT_MODEL)
assert TOKENIZER is not None, "the packaged model has a tokenizer.json"


def test_the_table_holds_each_articles_scorable_sentences_and_their_spans(fixture_index: Path) -> None:
    with StoredIndex(fixture_index) as index:
        table = index.sentences
        assert table is not None
        n_spans = 0
        for i in range(len(index.articles)):
            text = index.articles.text(i)
            marks = table.window(i, 0, len(text))
            stored = marks.sentences()
            assert [(s, e) for _, s, e in stored] == list(scorable(text))
            for row, s, e in stored:
                assert marks.spans(row, text[s:e], s) == spans(text[s:e])
                n_spans += len(spans(text[s:e]))
        assert n_spans > 50  # the fixture news names people, places, numbers and dates


def test_a_window_holds_exactly_the_sentences_inside_a_passage(fixture_index: Path) -> None:
    with StoredIndex(fixture_index) as index:
        assert index.sentences is not None
        windows = 0
        for i in range(len(index.articles)):
            text, ids = index.articles.text(i), index.chunk_range(i)
            for first in ids:
                for last in range(first, min(first + 3, ids.stop)):
                    start, end = int(index.chunk_start[first]), int(index.chunk_end[last])
                    inside = [(s, e) for s, e in scorable(text) if start <= s and e <= end]
                    got = [(s, e) for _, s, e in index.sentences.window(i, start, end).sentences()]
                    assert got == inside, (i, start, end)
                    windows += 1
        assert windows > 30


def test_rows_copied_from_a_stored_table_equal_the_rows_found_again(fixture_index: Path, tmp_path: Path) -> None:
    with StoredIndex(fixture_index) as index:
        assert index.sentences is not None
        order = list(reversed(range(len(index.articles))))  # another order than the stored one
        assert index.sentences.tokenizer == TOKENIZER.fingerprint  # the job wrote the model's word pieces
        bare = SentenceTableWriter()  # a table without pieces, as written before them
        found, copied, cut = (SentenceTableWriter(TOKENIZER) for _ in range(3))
        for i in order:
            text = index.articles.text(i)
            found.add(text)
            bare.add(text)
            copied.copy(index.sentences, i, text)
        bare.write(tmp_path)
        without = SentenceTable(tmp_path)
        for n, i in enumerate(order):
            cut.copy(without, n, index.articles.text(i))  # no pieces to copy: cut now
    for name, writer in (("found", found), ("copied", copied), ("cut", cut)):
        (tmp_path / name).mkdir()
        writer.write(tmp_path / name)
    for file in [f"{name}.npy" for name in FILES + PIECE_FILES] + [MANIFEST, PIECE_MANIFEST]:
        for name in ("copied", "cut"):
            assert (tmp_path / name / file).read_bytes() == (tmp_path / "found" / file).read_bytes(), (name, file)
    assert len(np.load(tmp_path / "copied" / "span_kind.npy")) > 10


def test_each_stored_sentence_holds_the_word_pieces_the_tokenizer_cuts_it_into(fixture_index: Path) -> None:
    with StoredIndex(fixture_index) as index:
        assert index.sentences is not None
        pieces = 0
        for i in range(len(index.articles)):
            text = index.articles.text(i)
            marks = index.sentences.window(i, 0, len(text))
            rows = marks.sentences()
            stored = [marks.pieces(row, TOKENIZER.fingerprint) for row, _, _ in rows]
            assert [list(map(int, p)) for p in stored if p is not None] == TOKENIZER.encode(
                [text[s:e] for _, s, e in rows]
            )
            assert all(marks.pieces(row, "another tokenizer") is None for row, _, _ in rows)
            pieces += sum(len(p) for p in stored if p is not None)
        assert pieces > 300


def test_a_table_written_without_a_tokenizer_has_no_pieces_and_is_read_as_before(tmp_path: Path) -> None:
    writer = SentenceTableWriter()
    writer.add("The ferry to Tarvania left at noon on Monday.")
    writer.write(tmp_path)
    table = SentenceTable.load(tmp_path, 1)
    assert table is not None and table.tokenizer is None
    assert not (tmp_path / PIECE_MANIFEST).exists()
    [(row, _, _)] = table.window(0, 0, 45).sentences()
    assert table.window(0, 0, 45).pieces(row, TOKENIZER.fingerprint) is None


def test_word_pieces_for_fewer_sentences_than_the_table_holds_are_a_mismatch(tmp_path: Path) -> None:
    writer = SentenceTableWriter(TOKENIZER)
    for text in ("The ferry to Tarvania left at noon on Monday.", "Ada Brook won the race in Lakeport on Sunday."):
        writer.add(text)
    writer.write(tmp_path)
    assert SentenceTable.load(tmp_path, 2) is not None
    np.save(tmp_path / "piece_first.npy", np.load(tmp_path / "piece_first.npy")[:-1])
    with pytest.raises(
        IndexMismatch, match=rf"{tmp_path}: sentence table word pieces for 1 of its 2 sentences.*--full"
    ):
        SentenceTable.load(tmp_path, 2)


def test_an_article_without_sentences_worth_scoring_has_an_empty_window(tmp_path: Path) -> None:
    writer = SentenceTableWriter()
    for text in ("Short. Bits.", "", "The ferry to Tarvania left at noon on Monday. Ok."):
        writer.add(text)
    writer.write(tmp_path)
    table = SentenceTable.load(tmp_path, 3)
    assert table is not None
    assert table.window(0, 0, 12).sentences() == [] and table.window(1, 0, 0).sentences() == []
    marks = table.window(2, 0, 49)
    [(row, s, e)] = marks.sentences()
    assert (s, e) == (0, 45)
    assert [sp.text for sp in marks.spans(row, "The ferry to Tarvania left at noon on Monday.", 0)] == ["Tarvania"]


def _version(index: Path) -> Path:
    text = "Harbour master Ilse Marrow counted 14 ships on May 2. The storm moved on to Tarvania."
    article = Article(id="a1", title="Storm", text=text, published=dt.date(2031, 5, 3))
    chunk = Chunk("a1", 0, 0, len(text), text, 20, embed_key(f"Storm\n{text}"))
    vecs = np.ones((1, 4), dtype=np.float32) / 2
    return segment_paths(index, publish(index, [article], [chunk], vecs, model="m", max_tokens=64, overlap=0))[0]


def test_a_table_made_by_other_span_rules_is_not_used(tmp_path: Path) -> None:
    folder = _version(tmp_path)
    with StoredIndex(tmp_path) as index:
        assert index.sentences is not None
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps({**manifest, "rules": manifest["rules"] + 1}))
    with StoredIndex(tmp_path) as index:
        assert index.sentences is None  # answers find the spans per question, by the rules of this code


def test_a_table_for_other_articles_is_a_mismatch_that_names_the_version(tmp_path: Path) -> None:
    folder = _version(tmp_path)
    writer = SentenceTableWriter()
    for text in ("One sentence that is long enough.", "Another sentence that is long enough."):
        writer.add(text)
    writer.write(folder)
    with pytest.raises(IndexMismatch, match=rf"{folder}.*2 articles, the index has 1.*--full"):
        StoredIndex(tmp_path)


def test_a_table_with_a_file_missing_or_counts_that_do_not_add_up_is_a_mismatch(tmp_path: Path) -> None:
    folder = _version(tmp_path)
    spans_file = folder / "span_kind.npy"
    kinds = np.load(spans_file)
    np.save(spans_file, kinds[:-1])  # one span's kind lost
    with pytest.raises(
        IndexMismatch,
        match=rf"{folder}: sentence table of {len(kinds) - 1} spans, its offsets count {len(kinds)}.*--full",
    ):
        StoredIndex(tmp_path)
    spans_file.unlink()
    with pytest.raises(IndexMismatch, match=rf"{folder}: unreadable sentence table.*span_kind.npy.*--full"):
        StoredIndex(tmp_path)


def test_a_table_written_with_other_sentence_limits_is_not_used(tmp_path: Path) -> None:
    folder = _version(tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps({**manifest, "max_chars": manifest["max_chars"] * 2}))
    with StoredIndex(tmp_path) as index:
        assert index.sentences is None


def test_a_piece_of_a_sentence_cut_at_a_chunk_boundary_is_no_sentence(tmp_path: Path) -> None:
    long = "The harbour council listed " + ", ".join(f"pier {i} of Port Velling" for i in range(40)) + "."
    text = f"{long} The storm moved on to Tarvania on Monday."
    assert len(long) > MAX_SENTENCE_CHARS
    writer = SentenceTableWriter()
    writer.add(text)
    writer.write(tmp_path)
    table = SentenceTable.load(tmp_path, 1)
    assert table is not None
    cut = len(long) - 60  # a passage that starts inside the long sentence, as after a chunk cut it
    got = [text[s:e] for _, s, e in table.window(0, cut, len(text)).sentences()]
    assert got == ["The storm moved on to Tarvania on Monday."]
    # the passage's own text, split on its own, takes the tail of the long sentence for a sentence
    assert [text[cut + s : cut + e] for s, e in scorable(text[cut:])][0].endswith("pier 39 of Port Velling.")
