"""The tantivy keyword ranking: bm25 as its formula says, exact under filters, chunk ids kept, safe across fork.

The reference is bm25 computed by brute force over the same documents, with tantivy's idf
(ln(1 + (N - n + 0.5) / (n + 0.5))). tantivy stores each document's length in one byte (exact for short ones,
within a few percent past that), so scores agree to 3 %; filtered reads are checked against tantivy's own
unfiltered ranking, exactly.
"""

from __future__ import annotations

import math
import os
import pickle
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from embeddings.bm25 import K1, B
from embeddings.keyword_engine import TantivyRanker, TantivyWriter
from embeddings.terms import terms

from .test_keywords import QUERIES, _chunks

Docs = list[list[str]]


def _build(folder: Path, chunks: list[tuple[str, str]], days: list[int]) -> tuple[TantivyRanker, Docs]:
    writer, docs = TantivyWriter(folder), []
    for (title, body), day in zip(chunks, days, strict=True):
        writer.add(terms(title), terms(body), day)
        docs.append(terms(body) + terms(title) * 2)
    writer.finish()
    return TantivyRanker(folder, len(chunks)), docs


def _bm25(docs: Docs, stems: list[str]) -> np.ndarray:
    """Each document's bm25 for ``stems`` (OR), by the formula, with tantivy's idf."""
    n, avgdl = len(docs), sum(map(len, docs)) / len(docs)
    counts = [Counter(d) for d in docs]
    scores = np.zeros(n)
    for s in dict.fromkeys(stems):
        df = sum(s in c for c in counts)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for i, c in enumerate(counts):
            if c[s]:
                scores[i] += idf * c[s] * (K1 + 1) / (c[s] + K1 * (1 - B + B * len(docs[i]) / avgdl))
    return scores


def _days(n: int) -> list[int]:
    rng = np.random.default_rng(3)
    return [-1 if rng.random() < 0.1 else 738_000 + int(rng.integers(0, 60)) for _ in range(n)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[TantivyRanker, Docs, list[int]]:
    chunks = _chunks()
    days = _days(len(chunks))
    ranker, docs = _build(tmp_path_factory.mktemp("tantivy"), chunks, days)
    return ranker, docs, days


def _stems(words: list[str]) -> list[str]:
    return list(dict.fromkeys(t for w in words for t in terms(w)))


def test_scores_are_bm25_and_ids_are_the_chunks_in_order(built: tuple[TantivyRanker, Docs, list[int]]) -> None:
    ranker, docs, _ = built
    for words in QUERIES:
        stems = _stems(words)
        ids, scores = ranker.rank(stems, 10)
        want = _bm25(docs, stems)
        assert len(ids), words
        np.testing.assert_allclose(scores, want[ids], rtol=0.03)  # the chunk id maps to the document scored
        assert scores[0] == pytest.approx(want.max(), rel=0.03)
        assert np.all(np.diff(scores) <= 0)
        assert set(np.flatnonzero(want > 0)) >= set(ids.tolist())


def _expected(ranker: TantivyRanker, stems: list[str], limit: int, keep: np.ndarray) -> list[int]:
    """Every match, unfiltered, then the ``keep`` ones: what a filtered read must return."""
    ids, _ = ranker.rank(stems, ranker.chunks)
    return [int(i) for i in ids if keep[i]][:limit]


def test_masks_and_day_ranges_return_the_filtered_top(built: tuple[TantivyRanker, Docs, list[int]]) -> None:
    """A wide mask is read deeper; a narrow one sends its day range into tantivy. Both keep the unfiltered order."""
    ranker, docs, days = built
    day = np.array(days)
    rng = np.random.default_rng(7)
    for words in [*QUERIES, ["said", "the", "minister"]]:
        stems = _stems(words)
        for share in (0.03, 0.3, 1.0):
            allowed = rng.random(len(docs)) < share
            for lo, hi in ((None, None), (None, 738_030), (738_010, 738_040), (0, None)):
                in_days = (day >= (lo if lo is not None else -(10**9))) & (day <= (hi if hi is not None else 10**9))
                limit = int(rng.integers(1, 40))
                mask = allowed & in_days  # the mask holds the date bounds too, as retrieval's does
                got, _ = ranker.rank(stems, limit, mask, (lo, hi))
                assert got.tolist() == _expected(ranker, stems, limit, mask), (words, share, lo, hi)


def test_nothing_to_find() -> None:
    ranker = TantivyRanker(Path("/nonexistent"), 0)
    assert not len(ranker.rank([], 5)[0])  # no terms: no index read at all
    assert not TantivyRanker.exists(Path("/nonexistent"))


def test_unknown_words_and_empty_masks(built: tuple[TantivyRanker, Docs, list[int]]) -> None:
    ranker, docs, _ = built
    assert not len(ranker.rank(["qwertyuiopzz"], 5)[0])
    assert not len(ranker.rank(_stems(["rail"]), 5, np.zeros(len(docs), dtype=bool))[0])


def test_a_forked_worker_opens_its_own_reader(built: tuple[TantivyRanker, Docs, list[int]]) -> None:
    """Servers fork workers from a loaded parent: the child must not use the parent's reader, and ranks the same."""
    ranker, _, _ = built
    stems = _stems(["funeral", "president"])
    want = ranker.rank(stems, 10)[0].tolist()
    parent_searcher = ranker.searcher()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its ranking and whether it opened a reader of its own
        try:
            got = ranker.rank(stems, 10)[0].tolist()
            os.write(write, pickle.dumps((got, ranker.searcher() is not parent_searcher)))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        got, own = pickle.loads(f.read())
    os.waitpid(pid, 0)
    assert got == want and own
    assert ranker.searcher() is parent_searcher


def test_terms_are_whitespace_tokens_as_written(tmp_path: Path) -> None:
    """Stems with digits or odd letters stay single tokens, and the headline counts twice."""
    chunks = [("", "The 2024 budget rose."), ("Budget news", "Nothing else here."), ("", "zoë says hi")]
    ranker, docs = _build(tmp_path / "t", chunks, [-1, -1, -1])
    assert ranker.rank(["2024"], 5)[0].tolist() == [0]
    assert ranker.rank(_stems(["zoe"]), 5)[0].tolist() == [2]
    ids, scores = ranker.rank(_stems(["budget"]), 5)
    assert ids.tolist() == [1, 0]  # two headline hits beat one in a longer body
    np.testing.assert_allclose(scores, _bm25(docs, _stems(["budget"]))[[1, 0]], rtol=0.03)


def test_a_mask_that_keeps_only_the_weakest_matches_reads_deeper(tmp_path: Path) -> None:
    """The first read is sized by the mask's share; when the kept chunks all rank low, the read must go on."""
    rng = np.random.default_rng(11)
    vocab = [f"w{i}" for i in range(40)]
    chunks = [("", " ".join(rng.choice(vocab, size=6, replace=False))) for _ in range(3000)]
    ranker, _ = _build(tmp_path / "t", chunks, [-1] * len(chunks))
    for word in vocab[:5]:
        ranked, _ = ranker.rank([word], ranker.chunks)
        allowed = np.ones(len(chunks), dtype=bool)
        allowed[ranked[: len(ranked) * 9 // 10]] = False  # the best 90 % of the matches are masked out
        got, _ = ranker.rank([word], 30, allowed)
        assert got.tolist() == [int(i) for i in ranked if allowed[i]][:30]
        assert len(got) == 30
