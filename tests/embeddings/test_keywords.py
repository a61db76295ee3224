"""The keyword postings: the same bm25 ranking as SQLite FTS5 on the fixture news, filters, files and old versions.

The parity reference is a real FTS5 table built with the tokenizer and column weights the index used before
the postings (``porter unicode61 remove_diacritics 2``, headline 2.0, body 1.0), over the texts with their numbers
written as one word each (``joined``), as the index reads them.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from archive_chat.errors import IndexMismatch
from embeddings import keywords
from embeddings.bm25 import K1, B
from embeddings.index_format import read_manifest
from embeddings.keyword_build import PostingsWriter
from embeddings.keywords import Postings
from embeddings.store import StoredIndex
from embeddings.terms import fold, joined, term_key, terms

FIXTURE = Path(__file__).parents[1] / "fixtures" / "news" / "articles.jsonl"
QUERIES = [
    ["goalkeeper", "collapse"],
    ["funeral", "president"],
    ["loyalty", "points", "timetable"],
    ["allergens", "mustard", "label"],
    ["doctors", "progress", "intensive", "care"],
    ["rail", "december"],
    ["zoë", "ångström"],  # accented forms fold to their plain letters
    ["18,000", "points"],  # a number is one word
]


def _chunks() -> list[tuple[str, str]]:
    """(headline, body) of every sentence-sized chunk of the fixture news: a few hundred small documents."""
    out = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        out += [(a["title"], s) for s in re.split(r"(?<=[.!?])\s+", a["text"]) if s.strip()]
    out.append(("Zoë Ångström wins", "Zoe Angstrom said the prize was a surprise."))
    return out


def _fts(chunks: list[tuple[str, str]]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2')")
    rows = [(i, joined(t), joined(b)) for i, (t, b) in enumerate(chunks)]  # numbers as one word, as the index has them
    db.executemany("INSERT INTO f (rowid, title, body) VALUES (?,?,?)", rows)
    return db


def _postings(chunks: list[tuple[str, str]]) -> Postings:
    writer = PostingsWriter()
    for title, body in chunks:
        writer.add(terms(title), body)
    return writer.postings()


def test_terms_fold_case_and_accents_and_stem_like_fts5() -> None:
    assert terms("Élections: the Voters' CHOICES, café_au_lait 2024") == [
        "elect", "the", "voter", "choic", "cafe", "au", "lait", "2024"
    ]  # fmt: skip


@pytest.mark.parametrize("words", QUERIES, ids=lambda w: "+".join(w))
def test_ranking_and_scores_match_fts5_bm25(words: list[str]) -> None:
    chunks = _chunks()
    match = " OR ".join(f'"{joined(w)}"' for w in words)
    want = (
        _fts(chunks)
        .execute(
            "SELECT rowid, -bm25(f, 2.0, 1.0) FROM f WHERE f MATCH ? ORDER BY bm25(f, 2.0, 1.0), rowid LIMIT 20",
            (match,),
        )
        .fetchall()
    )
    hits = _postings(chunks).search(words, 20)
    assert want, "the query must match something in the fixtures"
    np.testing.assert_allclose(hits.scores, [s for _, s in want], rtol=1e-6)
    # each chunk has its FTS5 score (so the order agrees up to equal scores, which may come either way round)
    got = dict(zip(hits.ids.tolist(), hits.scores.tolist(), strict=True))
    assert set(got) == {i for i, _ in want}
    assert [got[i] for i, _ in want] == pytest.approx([s for _, s in want], rel=1e-6)


def test_a_number_is_found_however_it_is_grouped_and_no_other_number_shares_its_digits() -> None:
    p = _postings([("Mill", "The mill cut 10,000 jobs."), ("Mill", "The mill cut 25,000 jobs, then 3,000 and 10 more."),
                   ("Mill", "It cut 10000 jobs."), ("Quake", "A 6.9 quake, then one of 6.")])  # fmt: skip
    hits = p.search(["10,000"], 10)
    assert sorted(hits.ids.tolist()) == [0, 2]
    assert p.search(["6.9"], 10).ids.tolist() == [3]
    assert terms("$1.5 billion for 10,000 jobs") == ["1p5", "billion", "for", "10000", "job"]


def test_matched_is_the_share_of_query_terms_each_chunk_holds() -> None:
    p = _postings([("Harbour news", "The crane fell."), ("City", "A crane and a ferry."), ("City", "Nothing.")])
    hits = p.search(["crane", "ferry", "harbour", "cranes"], 10)  # "cranes" stems to "crane": three distinct terms
    assert hits.matched(0, 3).tolist() == pytest.approx([2 / 3, 2 / 3, 0.0])
    assert hits.matched(1, 2).tolist() == pytest.approx([2 / 3])
    assert hits.matched_at(np.array([2, 0, 1, 0])).tolist() == pytest.approx([0.0, 2 / 3, 2 / 3, 2 / 3])  # any order
    assert set(hits.ids.tolist()) == {0, 1}


def test_allowed_mask_filters_before_the_limit() -> None:
    chunks = [("T", f"ferry crossing number {i}") for i in range(50)]
    allowed = np.zeros(50, dtype=bool)
    allowed[[3, 40, 41]] = True
    hits = _postings(chunks).search(["ferry"], 2, allowed)
    assert len(hits.ids) == 2 and set(hits.ids.tolist()) <= {3, 40, 41}
    assert not len(_postings(chunks).search(["ferry"], 5, np.zeros(50, dtype=bool)).ids)


def test_unknown_and_empty_queries_find_nothing() -> None:
    p = _postings(_chunks())
    assert not len(p.search(["qwertyuiopzz"], 5).ids)
    assert not len(p.search(["crane"], 0).ids)
    assert not len(p.search([], 5).ids) and not p.search([], 5).matched(0, 10).any()


def test_written_files_are_memory_mapped_and_search_the_same(tmp_path: Path) -> None:
    chunks = _chunks()
    writer = PostingsWriter()
    for title, body in chunks:
        writer.add(terms(title), body)
    writer.write(tmp_path, ranking=True)
    loaded = Postings.load(tmp_path)
    assert isinstance(loaded.chunks, np.memmap) and isinstance(loaded.tf, np.memmap)
    for words in QUERIES:
        a, b = loaded.search(words, 10), _postings(chunks).search(words, 10)
        assert a.ids.tolist() == b.ids.tolist()


def test_a_version_ranked_by_tantivy_keeps_only_the_lookup_files(tmp_path: Path) -> None:
    """Which chunks hold which terms is all the passage step needs: no counts, saturations or impact order."""
    chunks = _chunks()
    writer = PostingsWriter(scratch=tmp_path / "runs", run_postings=97)  # spills: the counts go to scratch
    for title, body in chunks:
        writer.add(terms(title), body)
    (tmp_path / "out").mkdir()
    writer.write(tmp_path / "out")
    assert sorted(f.stem for f in (tmp_path / "out").iterdir()) == sorted(keywords.FILES)
    assert not (tmp_path / "runs").exists()
    lookup, full = Postings.load(tmp_path / "out"), _postings(chunks)
    assert not lookup.ranks and full.ranks
    for words in QUERIES:
        query, _, rows = lookup.lookup(words)
        want = full.search(words, 10)
        assert [a.tolist() for a in lookup.holding(rows)] == [a.tolist() for a in want.term_chunks]
    with pytest.raises(RuntimeError, match="tantivy"):
        lookup.search(["ferry"], 5)


def test_a_version_written_before_the_postings_builds_them_when_opened(tmp_path: Path, fixture_index: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(fixture_index, index)  # the session's fixture index is read-only
    with StoredIndex(index) as stored:  # the postings its chunks make, ranking from them as FTS5 did
        writer = PostingsWriter()
        for i, article in enumerate(stored.articles.headers):
            for c in stored.chunk_range(i):
                writer.add(terms(article.title), stored.chunk_text(c))
        want = [writer.postings().search(w, 10).ids.tolist() for w in QUERIES]
    for f in stored.segments[0].path.glob("kw_*.npy"):
        f.unlink()
    shutil.rmtree(index / "versions" / stored.version / "keywords.tantivy")  # nor the tantivy index after them
    rebuilt = StoredIndex(index)
    assert not isinstance(rebuilt.postings.chunks, np.memmap) and rebuilt.ranker is None
    assert [rebuilt.keyword_search(w, 10).ids.tolist() for w in QUERIES] == want
    assert any(want), "the fixture index must match some queries"


def test_a_version_whose_postings_only_look_up_builds_ranking_ones_equal_to_them(fixture_index: Path) -> None:
    """The parity benchmarks rank a new version's chunks by its postings too: built in memory, they hold exactly the
    terms, offsets, chunks and lengths the version stored, plus the counts to rank with."""
    with StoredIndex(fixture_index) as stored:
        assert not stored.postings.ranks
        built = stored.ranking_postings()
        assert built.ranks
        for name in ("keys", "offsets", "chunks", "doclen"):
            assert np.array_equal(getattr(built, name), getattr(stored.postings, name)), name
        assert any(len(built.search(w, 10).ids) for w in QUERIES), "the fixture index must match some queries"


def test_a_version_missing_its_tantivy_index_is_refused_by_name(tmp_path: Path, fixture_index: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(fixture_index, index)
    version = index / "versions" / read_manifest(index).version
    shutil.rmtree(version / "keywords.tantivy")  # its postings only look up: nothing could rank its keywords
    with pytest.raises(IndexMismatch, match=r"keywords\.tantivy: missing.*rebuild with --full"):
        StoredIndex(index)


def _brute_force(p: Postings, words: list[str], limit: int, allowed: np.ndarray | None) -> list[int]:
    """bm25 over every chunk, the plain way: one dense score per chunk (from the stored saturations, which
    are checked against the formula on tf and length here)."""
    n = len(p.doclen)
    scores, holds = np.zeros(n), np.zeros(n, dtype=bool)
    for t in dict.fromkeys(t for w in words for t in terms(w)):
        key = np.uint64(term_key(t))
        i = int(np.searchsorted(p.keys, key))
        if i == len(p.keys) or p.keys[i] != key:
            continue
        ids, tf = p.chunks[p.offsets[i] : p.offsets[i + 1]], p.tf[p.offsets[i] : p.offsets[i + 1]].astype(float)
        idf = max(np.log((n - len(ids) + 0.5) / (len(ids) + 0.5)), 1e-6)
        saturated = tf * (K1 + 1) / (tf + K1 * (1 - B + B * p.doclen[ids] / p.avgdl))
        stored = p.sat[p.offsets[i] : p.offsets[i + 1]].astype(float)  # the same, rounded to float32 once
        assert np.allclose(stored, saturated, rtol=1e-6)
        scores[ids] += idf * stored
        holds[ids] = True
    ok = np.flatnonzero(holds if allowed is None else holds & allowed)
    return sorted(ok.tolist(), key=lambda c: (-scores[c], c))[:limit]


@pytest.fixture(params=["dense", "pruned"])
def strategy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each pruning test twice: as a small index searches (every posting scored) and as a big one does (the
    threshold algorithm for one common word), by lowering the size that switches."""
    if request.param == "pruned":
        monkeypatch.setattr(keywords, "DENSE_BELOW", 0)
    return str(request.param)


def test_pruned_search_equals_brute_force_with_common_and_rare_words(strategy: str) -> None:
    rng = np.random.default_rng(3)
    vocab = [f"word{i}" for i in range(400)]
    weights = 1 / np.arange(1, 401)
    chunks = [("", " ".join(rng.choice(vocab, size=30, p=weights / weights.sum()))) for _ in range(3000)]
    p = _postings(chunks)
    for _ in range(60):
        words = [vocab[i] for i in rng.integers(0, 400, size=int(rng.integers(1, 6)))] + [
            vocab[int(rng.integers(0, 5))]
        ]
        limit = int(rng.integers(1, 300))
        allowed = rng.random(3000) < 0.7 if rng.random() < 0.5 else None
        assert p.search(words, limit, allowed).ids.tolist() == _brute_force(p, words, limit, allowed), (words, limit)


def test_impact_ordered_search_is_exact_among_ties_and_narrow_filters(strategy: str) -> None:
    """Equal-length chunks make many equal scores: the early stop must still return brute force's ids."""
    rng = np.random.default_rng(5)
    vocab = [f"term{i}" for i in range(60)]
    chunks = [("", " ".join(rng.choice(vocab, size=8, replace=False))) for _ in range(2000)]
    p = _postings(chunks)
    assert (np.diff(p.impact_offsets) > 0).sum() > 10, "most terms must be common here"
    for _ in range(60):
        words = [vocab[i] for i in rng.integers(0, 60, size=int(rng.integers(1, 4)))]
        limit = int(rng.integers(1, 400))
        allowed = rng.random(2000) < float(rng.choice([0.02, 0.3, 1.0]))
        assert p.search(words, limit, allowed).ids.tolist() == _brute_force(p, words, limit, allowed), (words, limit)


def test_impact_files_are_written_and_a_version_without_them_searches_the_same(tmp_path: Path) -> None:
    chunks = _chunks() * 30  # common words need more than 1/64 of the chunks
    writer = PostingsWriter()
    for title, body in chunks:
        writer.add(terms(title), body)
    writer.write(tmp_path, ranking=True)
    loaded = Postings.load(tmp_path)
    assert isinstance(loaded.impact, np.memmap) and len(loaded.impact) > 0
    for f in [*tmp_path.glob("kw_impact*.npy"), tmp_path / "kw_sat.npy"]:
        f.unlink()
    computed = Postings.load(tmp_path)
    assert np.array_equal(computed.impact, loaded.impact) and np.array_equal(computed.sat, loaded.sat)
    for words in [*QUERIES, ["the", "said"]]:
        want = _brute_force(loaded, words, 50, None)
        assert loaded.search(words, 50).ids.tolist() == computed.search(words, 50).ids.tolist() == want


def test_spilled_runs_merge_into_the_same_files_as_one_run(tmp_path: Path) -> None:
    """A big archive's writer spills sorted runs to a scratch folder; merged, they are the in-memory layout."""
    chunks = _chunks() * 3
    whole, spilled = PostingsWriter(), PostingsWriter(scratch=tmp_path / "runs", run_postings=97)
    for title, body in chunks:
        whole.add(terms(title), body)
        spilled.add(terms(title), body)
    assert len(list((tmp_path / "runs").glob("run-*-keys.npy"))) > 10, "the small run size must spill many runs"
    (tmp_path / "out").mkdir()  # the version folder exists when the publisher writes into it
    spilled.write(tmp_path / "out", ranking=True)
    want = whole.arrays()
    got = Postings.load(tmp_path / "out")
    for name, a, b in zip(
        ("keys", "offsets", "chunks", "tf", "doclen"),
        want,
        (got.keys, got.offsets, got.chunks, got.tf, got.doclen),
        strict=True,
    ):
        assert np.array_equal(a, b), name
    assert not (tmp_path / "runs").exists(), "the scratch runs are removed once merged"
    assert np.array_equal(got.sat, whole.postings().sat) and isinstance(got.sat, np.memmap)
    for words in QUERIES:
        assert got.search(words, 20).ids.tolist() == whole.postings().search(words, 20).ids.tolist()


def test_fold_drops_every_combining_mark_and_keeps_every_other_character() -> None:
    """``fold`` looks only at non-ASCII runs: the same as decomposing and filtering every character."""
    for start in range(0, 0x30000, 0x1000):
        text = "a" + "".join(chr(c) for c in range(start, start + 0x1000) if not 0xD800 <= c < 0xE000) + " Zoë"
        decomposed = unicodedata.normalize("NFKD", text.lower())
        assert fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c)), hex(start)
