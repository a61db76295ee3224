"""A reader's acronym finds the pieces that only spell the name out: the real model, a real index, real tantivy."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder
from embeddings.job import run_job
from embeddings.keyword_engine import NAMES
from embeddings.store import StoredIndex
from rag.compose import compose
from rag.engine import Engine
from rag.records import Passage
from rag.text import strip_citation_markers

PIECES = [
    ("roads", "Roads board halts the ferry link",
     "The Velling Roads Authority halted work on the Lakeport ferry link on Monday. The Velling Roads Authority "
     "said the link would cost twice the budget and asked the council for a new plan by June."),
    ("harbour", "Harbour fees rise",
     "Lakeport harbour fees rise in March for every boat over ten metres, the Lakeport Harbour Board (LHB) said on "
     "Tuesday. The LHB will review them in a year."),
    ("festival", "A summer festival returns",
     "The Lakeport summer festival returns in July with music on the quay and a fireworks night."),
    ("school", "New school opens",
     "A new primary school opened in Lakeport on Wednesday with 300 pupils and twelve teachers."),
]  # fmt: skip


@pytest.fixture(scope="module")
def spelled_index(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceEncoder) -> Path:
    """An archive that writes "the Velling Roads Authority" and never "VRA"."""
    root = tmp_path_factory.mktemp("acronyms")
    archive, index = root / "news.jsonl", root / "index"
    rows = [{"id": i, "title": t, "text": x, "published": "2031-05-05", "source": "example.com"} for i, t, x in PIECES]
    archive.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    run_job([archive], index, Settings(index_dir=index, archive=[archive], chunk_tokens=64), encoder=encoder)
    return index


def test_the_index_holds_the_initials_of_the_names_a_chunk_spells_out(spelled_index: Path) -> None:
    with StoredIndex(spelled_index) as index:
        assert index.ranker is not None and index.ranker.names, f"the tantivy index has a {NAMES!r} field"
        holding = index.holding("VRA", 8)
        assert holding and all("Velling Roads Authority" in index.chunk_text(c) for c in holding)
        assert index.holding("XQZ", 8) == []
        hits = index.keyword_search([], 5, names=["VRA"])  # the initials alone find them, by bm25 in tantivy
        assert len(hits.ids) and all("Velling Roads Authority" in index.chunk_text(int(c)) for c in hits.ids)
        plain = index.keyword_search(["vra"], 5)  # not a word of any chunk: without ``names``, nothing
        assert not len(plain.ids)


def test_an_acronym_the_archive_never_writes_finds_and_answers_from_the_name(
    spelled_index: Path, encoder: SentenceEncoder
) -> None:
    settings = Settings(index_dir=spelled_index, archive=[])
    with Engine.open(spelled_index, settings, encoder=encoder) as engine:
        wording = engine._versions.live.retriever.wording
        assert wording.searched("What did the VRA halt?") == "What did the VRA (Velling Roads Authority) halt?"
        assert wording.searched("What did the XQZ halt?") == "What did the XQZ halt?"
        # an acronym the archive writes as often as it spells it out is searched as the reader typed it
        assert wording.searched("What did the LHB review?") == "What did the LHB review?"
        a = engine.answer("What did the VRA halt?", as_of=dt.date(2031, 5, 6))
    assert not a.abstained, a.text
    assert a.passages[0].article_id == "roads"
    assert "Lakeport ferry link" in strip_citation_markers(a.text)
    assert all(c.article_id == "roads" for c in a.citations)


@pytest.mark.parametrize("asked", ["what did the vra halt", "WHAT DID THE VRA HALT?"])
def test_an_acronym_typed_in_lower_case_or_capitals_is_read_as_the_acronym(
    spelled_index: Path, encoder: SentenceEncoder, asked: str
) -> None:
    settings = Settings(index_dir=spelled_index, archive=[])
    with Engine.open(spelled_index, settings, encoder=encoder) as engine:
        a = engine.answer(asked, as_of=dt.date(2031, 5, 6))
        plain = engine.answer("what did the lakeport ferry link cost?", as_of=dt.date(2031, 5, 6))
    assert a.respelled == "what did the VRA halt?"
    assert not a.abstained and a.passages[0].article_id == "roads", a.text
    assert "Lakeport ferry link" in strip_citation_markers(a.text)
    assert plain.respelled is None, "words the archive writes are not acronyms, whatever their case"


def _direct(question: str, *texts: str) -> str | None:
    """The direct answer from one passage per text, ranked in the order given (pure: no model, no index)."""
    pieces = {f"a{i}": t for i, t in enumerate(texts)}
    passages = [
        Passage(i, a, "", t, 0, len(t), 1.0, published=dt.date(2031, 5, 5), source="Paper", dense=0.6)
        for i, (a, t) in enumerate(pieces.items())
    ]
    return compose(question, passages, pieces).direct


def test_letters_spelled_out_with_a_small_word_are_answered_by_the_name_most_sentences_give() -> None:
    """ "Notice to Ferry Captains (NOTFC)": "to" gives no letter and "Notice" gives two; one sentence's "Captain"
    does not outweigh the two that write "Captains"."""
    direct = _direct(
        "What does NOTFC stand for, the ferry system that failed on Monday?",
        "The Notice to Ferry Captain (NOTFC) system, the ferry system that failed on Monday, is back.",
        "Crews in Lakeport rely on the Notice to Ferry Captains (NOTFC) system.",
        "The Notice to Ferry Captains (NOTFC) system lists hazards.",
    )
    assert direct == "Notice to Ferry Captains"


def test_letters_that_stand_for_two_names_are_spelled_out_as_the_best_sentence_does() -> None:
    """Two sentences spell "VRA" out as another name: the sentence about the question's story still gives it."""
    direct = _direct(
        "What does VRA stand for, the agency that closed the Lakeport ferry?",
        "The Velling Roads Authority (VRA) closed the Lakeport ferry on Monday.",
        "The Velling Rail Act (VRA) was passed decades ago.",
        "Judges weighed the Velling Rail Act (VRA) again.",
    )
    assert direct == "Velling Roads Authority"


def test_a_name_whose_small_word_is_inside_it_is_spelled_out_whole() -> None:
    """ "National Institute on Aging (NIA)": "on Aging" is part of the name, not a place its letters leave out."""
    text = "The National Institute on Aging (NIA) funded the Lakeport study."
    assert _direct("What does NIA stand for?", text) == "National Institute on Aging"
