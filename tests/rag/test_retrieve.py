"""Retrieval: fusion, dense search against brute force, date filters and recency, per-article caps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

import rag.retrieve as retrieve
from archive_chat.errors import ArchiveChatError
from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder
from embeddings.store import StoredIndex
from rag.dates import NO_TIME, resolve_time
from rag.engine import Engine
from rag.ranks import best_window, first_seen, news_prior, rrf
from rag.records import Filters
from rag.retrieve import Retriever, dense_search
from rag.text import keyword_terms

AS_OF = dt.date(2023, 3, 1)


@pytest.fixture(scope="module")
def retriever(fixture_index: Path, encoder: SentenceEncoder) -> Iterator[Retriever]:
    with StoredIndex(fixture_index) as index:
        yield Retriever(index, encoder)


def test_rrf_rewards_agreement_between_rankings() -> None:
    fused = rrf([[10, 20, 30], [20, 40]], [1.0, 1.0])
    assert max(fused, key=lambda c: fused[c]) == 20  # found by both sides beats first on one side
    assert fused[40] < fused[10] and fused[30] < fused[10]
    assert rrf([[1]], [2.0], k=0) == {1: 2.0}


def test_keyword_terms_drop_stopwords_and_punctuation() -> None:
    assert keyword_terms("Who is THE chair of the Assembly?") == ["chair", "assembly"]
    assert keyword_terms('ferry"s OR "crane" (NEAR*)') == ["ferry", "crane", "near"]  # words only, no query syntax


def test_a_grouped_number_is_one_keyword_where_the_index_writes_it_so(retriever: Retriever) -> None:
    words = retriever.wording.keywords
    assert words("Who gives 18,000 loyalty points?") == ["gives", "18000", "loyalty", "points"]
    assert words("Who gives 99,000 loyalty points?") == ["gives", "99", "000", "loyalty", "points"]  # no piece has it
    index = retriever.index
    found = [index.chunk_text(c) for c in index.keyword_search(words("18,000"), 10).ids.tolist()]
    assert found and not any("3,000" in t and "18,000" not in t for t in found)  # no other number's "000"
    split = [index.chunk_text(c) for c in index.keyword_search(["18", "000"], 10).ids.tolist()]
    assert not any("3,000" in t for t in split), "an index of keyword terms 3 holds no '000' alone"


def test_dense_search_matches_brute_force(retriever: Retriever) -> None:
    index = retriever.index
    vectors = index.faiss.reconstruct_n(0, index.faiss.ntotal)
    rng = np.random.default_rng(7)
    for _ in range(5):
        q = rng.normal(size=vectors.shape[1]).astype(np.float32)
        q /= np.linalg.norm(q)
        mask = rng.random(len(vectors)) < 0.6
        got = dense_search(index, q, 5, mask)
        scores = vectors @ q
        expected = [int(i) for i in np.argsort(-np.where(mask, scores, -np.inf))[:5]]
        assert [c for c, _ in got] == expected
        assert np.allclose([s for _, s in got], scores[expected], atol=1e-5)
        assert all(mask[c] for c, _ in got)
    q = vectors[0]
    unfiltered = dense_search(index, q, 3, None)
    assert unfiltered[0][0] == 0 and unfiltered[0][1] == pytest.approx(1.0, abs=1e-5)


def _ids(passages: Sequence[object]) -> list[str]:
    return [p.article_id for p in passages]  # type: ignore[attr-defined]


def test_hybrid_finds_the_article_by_name_and_meaning(retriever: Retriever) -> None:
    ps = retriever.search(
        "Teodor Brannock collapsed on the pitch", as_of=AS_OF, filters=Filters(), intent=NO_TIME, k=5, cap=2
    )
    assert ps[0].article_id in {"brannock-collapse", "brannock-recovery"}
    assert ps[0].dense is not None and ps[0].keyword is not None  # both sides found it
    ps = retriever.search(
        "mystery quadcopters hovering above the military harbour", as_of=AS_OF, filters=Filters(), intent=NO_TIME, k=3,
        cap=2,
    )  # fmt: skip
    assert ps[0].article_id == "drones-naval-base"  # no shared keyword: the dense side carries it
    assert ps[0].keyword is None


def test_as_of_hides_articles_published_later(retriever: Retriever) -> None:
    early = dt.date(2023, 1, 4)
    ps = retriever.search("Castellan chair vote", as_of=early, filters=Filters(), intent=NO_TIME, k=10, cap=2)
    assert ps, "older coverage is still there"
    assert all(p.published is None or p.published <= early for p in ps)
    assert "assembly-chair-vote" not in _ids(ps) and "old-chair-2022" in _ids(ps)


def test_since_until_source_and_section_filters(retriever: Retriever) -> None:
    f = Filters(since=dt.date(2023, 2, 1), until=dt.date(2023, 2, 28))
    ps = retriever.search("news", as_of=AS_OF, filters=f, intent=NO_TIME, k=10, cap=3)
    assert ps and all(p.published and f.since <= p.published <= f.until for p in ps)  # type: ignore[operator]
    ps = retriever.search(
        "water treaty", as_of=AS_OF, filters=Filters(section="commentary"), intent=NO_TIME, k=10, cap=3
    )
    assert _ids(ps) == ["indus-waters-commentary"] * len(ps)
    ps = retriever.search(
        "water treaty", as_of=AS_OF, filters=Filters(source="commentary.example.org"), intent=NO_TIME, k=10, cap=3
    )
    assert set(_ids(ps)) == {"indus-waters-commentary"}
    assert retriever.search("x", as_of=AS_OF, filters=Filters(source="nowhere"), intent=NO_TIME, k=5, cap=2) == []


def test_recency_prefers_this_weeks_coverage(retriever: Retriever) -> None:
    as_of = dt.date(2023, 1, 8)
    q = "Who did the Unity bloc pick for assembly chair this week?"
    recent = _ids(retriever.search(q, as_of=as_of, filters=Filters(), intent=resolve_time(q, as_of), k=10, cap=1))
    assert recent.index("assembly-chair-vote") < recent.index("old-chair-2022")
    # without the prior the older, closer-worded piece wins: the preference is what reorders them
    flat = Retriever(retriever.index, retriever.encoder, recency_floor=1.0)
    plain = _ids(flat.search(q, as_of=as_of, filters=Filters(), intent=NO_TIME, k=10, cap=1))
    assert plain.index("old-chair-2022") < plain.index("assembly-chair-vote")


def test_a_timeless_question_keeps_the_piece_both_rankings_put_first(
    retriever: Retriever, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_of = dt.date(2023, 1, 8)
    q = "Which bloc nominated Noor Castellan for assembly chair?"  # no time word: the older piece is the match

    def first() -> str:
        ps = retriever.search(q, as_of=as_of, filters=Filters(), intent=resolve_time(q, as_of), k=5, cap=1)
        return ps[0].article_id

    assert first() == "old-chair-2022"
    monkeypatch.setattr(retrieve, "AGREED", 0)  # with every piece aged by the prior, this week's coverage wins
    assert first() == "assembly-chair-vote"


def test_passages_are_windows_of_their_article_capped_per_article(retriever: Retriever) -> None:
    assert best_window(np.array([0.0, 1.0, 0.0, 2.0]), 1) == (3, 3)
    assert best_window(np.array([0.5]), 5) == (0, 0)
    assert first_seen([4, 1, 5, 2], np.array([0, 0, 1, 1, 2, 2])) == [2, 0, 1]
    for cap in (1, 2):
        ps = retriever.search("Teodor Brannock", as_of=AS_OF, filters=Filters(), intent=NO_TIME, k=10, cap=cap)
        ids = _ids(ps)
        assert max(ids.count(i) for i in ids) <= cap
        for p in ps:
            article = retriever.index.articles[retriever.index.by_id[p.article_id]]
            assert article.text[p.start : p.end] == p.text
        spans = sorted((p.article_id, p.start, p.end) for p in ps)
        for (a1, _, e1), (a2, s2, _) in zip(spans, spans[1:], strict=False):
            assert a1 != a2 or e1 <= s2, "two passages of one article never overlap"


def test_a_passage_near_the_lede_takes_the_lede_in(
    fixture_index: Path, encoder: SentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "The league suspended the match and play was abandoned"  # the collapse piece's third chunk
    with StoredIndex(fixture_index) as index:
        one = Retriever(index, encoder, passage_chunks=1)
        first = one.search(question, as_of=AS_OF, filters=Filters(), intent=NO_TIME, k=1)[0]
        assert first.article_id == "brannock-collapse" and first.start == 0  # from the lede to the chunk that fits
        assert first.text.startswith("Kestrel Bay Ospreys goalkeeper") and "league suspended the match" in first.text
        monkeypatch.setattr("rag.retrieve.LEDE_REACH", 1)  # the chunk lies beyond reach: its window alone
        alone = one.search(question, as_of=AS_OF, filters=Filters(), intent=NO_TIME, k=1)[0]
        assert alone.start > 0 and alone.text.startswith("The league suspended the match")


def test_news_prior_prefers_recent_and_keeps_a_floor() -> None:
    as_of = dt.date(2023, 2, 1)
    fresh, week, old = (news_prior(as_of - dt.timedelta(days=d), as_of, 7.0, 0.4) for d in (0, 7, 365))
    assert fresh == 1.0 and week == pytest.approx(0.7) and old == pytest.approx(0.4, abs=1e-6)
    assert news_prior(None, as_of, 7.0, 0.4) == 0.5


class _ByLength:
    """A deterministic reranker: prefers the shortest passage (to prove the hook reorders)."""

    def score(self, question: str, texts: Sequence[str]) -> list[float]:
        return [-float(len(t)) for t in texts]


def test_optional_reranker_hook_reorders(fixture_index: Path, encoder: SentenceEncoder) -> None:
    r = Retriever(StoredIndex(fixture_index), encoder, reranker=_ByLength(), passage_chunks=1)
    ps = r.search("Teodor Brannock Ospreys", as_of=AS_OF, filters=Filters(), intent=NO_TIME, k=4, cap=2)
    assert len(ps) == 4 and [len(p.text) for p in ps] == sorted(len(p.text) for p in ps)
    assert [p.score for p in ps] == sorted((p.score for p in ps), reverse=True)


def test_configured_reranker_that_is_not_on_disk_fails_clearly(
    fixture_index: Path, fixture_settings: Settings, encoder: SentenceEncoder, tmp_path: Path
) -> None:
    settings = fixture_settings.model_copy(update={"reranker": str(tmp_path / "no-such-cross-encoder")})
    with pytest.raises(ArchiveChatError, match="cannot load reranker .*ARCHIVE_CHAT_RERANKER"):
        Engine.open(fixture_index, settings, encoder=encoder)
    plain = Engine.open(fixture_index, fixture_settings, encoder=encoder)
    assert plain.reranker is None  # off unless configured
