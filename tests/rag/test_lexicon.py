"""The word-piece lexicon with the real packaged model's files: closeness in meaning, and what it adds to a sentence.

The texts are made up. No transformer runs: the lexicon reads the model's tokenizer and first-layer vectors.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from archive_chat.settings import DEFAULT_MODEL, Settings
from embeddings.encode import SentenceEncoder, resolve_model
from embeddings.job import run_job
from embeddings.pieces import model_tokenizer
from embeddings.sentence_table import SentenceTable, SentenceTableWriter
from rag.compose import Weights
from rag.engine import Engine
from rag.evidence import score_sentences, sentences
from rag.lexicon import Lexicon, idf, load_lexicon
from rag.records import Passage

ARCHIVE = [  # made-up pieces: the words every piece uses ("the", "of", "and", "in") weigh least
    "Lakeport council approves a new ferry terminal, and the council will vote on the budget in the spring.",
    "Quillon shares erased their gains for the year after the chipmaker cut its forecast in the autumn.",
    "A storm closed the harbour at Velling, and the fishing boats stayed in the port for three days.",
    "The weather was mild in the valley, and the orchards of the region expect an early harvest.",
    "The minister of transport said in a statement that the rail line would reopen by the end of the month.",
    "Ada Brook won the marathon in the rain, and the crowd in the square cheered for an hour.",
    "Tarvania and its neighbour signed a water treaty in the capital after a decade of talks.",
    "The museum in the old town reopened its doors, and the director thanked the volunteers of the city.",
    "Prices of bread and milk rose in the markets of the north as the drought cut the wheat crop.",
    "The school board of the district hired forty teachers and the union welcomed the decision.",
    "Police in the harbour district arrested two men after a robbery at a jewellery shop on Monday.",
    "The football club of the town sacked its coach after a run of defeats in the league.",
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    lex = load_lexicon(Path(resolve_model(DEFAULT_MODEL)), ARCHIVE)
    assert lex is not None, "the packaged model has a tokenizer and word-piece vectors"
    return lex


@pytest.mark.parametrize(
    ("question", "near", "far"),
    [
        (
            "Which semiconductor company lost all of its gains this year?",
            "Quillon shares erased their gains for the year after the chipmaker cut its forecast.",
            "The weather was mild across the valley, and the orchards expect an early harvest.",
        ),
        (
            "What did the council decide about the ferry terminal?",
            "Lakeport councillors approved plans for a new boat pier.",
            "The orchards expect an early harvest in the valley.",
        ),
    ],
)
def test_a_paraphrase_is_closer_than_an_unrelated_sentence(
    lexicon: Lexicon, question: str, near: str, far: str
) -> None:
    close, unrelated = lexicon.closeness(question, [near, far])
    assert close > unrelated + 0.1, (close, unrelated)
    assert lexicon.closeness(question, [question]) == pytest.approx([1.0], abs=1e-5)


def test_the_same_text_gets_the_same_closeness_from_the_cache(lexicon: Lexicon) -> None:
    texts = ["A storm closed the harbour at Velling.", "", "A storm closed the harbour at Velling."]
    first = lexicon.closeness("Why did the port close?", texts)
    assert first[0] == first[2] and first[1] == 0.0
    assert lexicon.closeness("Why did the port close?", texts) == first


def test_a_piece_every_document_holds_weighs_least() -> None:
    weights = idf([[0, 1], [0, 2], [0, 1, 3]], 4)
    assert weights[0] < weights[1] < weights[2] == weights[3]


def test_a_model_folder_without_its_files_gives_no_lexicon(tmp_path: Path) -> None:
    assert load_lexicon(tmp_path, ARCHIVE) is None
    (tmp_path / "tokenizer.json").write_text("{}")
    assert load_lexicon(tmp_path, ARCHIVE) is None, "no model.safetensors: sentences are scored by terms alone"


def test_the_sentence_that_says_it_in_other_words_scores_higher(lexicon: Lexicon) -> None:
    text = (
        "Quillon shares erased their gains for the year after the chipmaker cut its forecast. "
        "Quillon opened a visitor centre beside the orchards this year."
    )
    passages = [Passage(0, "a", "", text, 0, len(text), 0.5)]
    question = "Which semiconductor company lost all of its gains this year?"
    w = Weights()
    plain = score_sentences(question, sentences(passages, 1), passages, w)
    soft = score_sentences(question, sentences(passages, 1), passages, w, lexicon=lexicon)
    assert plain[0].score > 0 and plain[1].score > 0
    assert soft[0].score - plain[0].score > soft[1].score - plain[1].score >= 0
    off = score_sentences(question, sentences(passages, 1), passages, Weights(soft=0.0), lexicon=lexicon)
    assert [s.score for s in off] == [s.score for s in plain]


def test_a_sentence_with_none_of_the_question_terms_gains_nothing_beside_one_that_holds_one(lexicon: Lexicon) -> None:
    first, second = "The chipmaker cut its forecast.", "The firm opened a visitor centre."
    passages = [Passage(0, "a", "", first, 0, len(first), 0.5), Passage(1, "b", "", second, 0, len(second), 0.4)]
    question = "Which semiconductor firm lost value?"
    soft = score_sentences(question, sentences(passages, 2), passages, Weights(), None, lexicon)
    assert soft[0].score == 0.0 and soft[1].score > 0
    assert np.isfinite(lexicon.weighted).all()


def test_when_no_sentence_holds_a_question_term_the_closest_passage_is_scored_by_meaning(lexicon: Lexicon) -> None:
    first = "The chipmaker cut its forecast. The orchards expect an early harvest."
    second = "Quillon shares erased their gains after the chipmaker cut its forecast."
    passages = [Passage(0, "a", "", first, 0, len(first), 0.5), Passage(1, "b", "", second, 0, len(second), 0.4)]
    question = "Which semiconductor maker lowered its outlook?"
    plain = score_sentences(question, sentences(passages, 2), passages, Weights())
    assert [s.score for s in plain] == [0.0, 0.0, 0.0], "none holds a word of the question"
    soft = score_sentences(question, sentences(passages, 2), passages, Weights(), None, lexicon)
    assert soft[0].score > max(soft[1].score, 0.0), "the first passage's sentences, the closer in meaning first"
    assert soft[2].score == 0.0, "only the closest passage's: its vector found it"


def test_pieces_stored_at_index_time_give_the_closeness_of_the_text_without_cutting_it(
    lexicon: Lexicon, tmp_path: Path
) -> None:
    tokenizer = model_tokenizer(DEFAULT_MODEL)
    assert tokenizer is not None and lexicon.tokenizer == tokenizer.fingerprint
    text = (
        "Quillon shares erased their gains for the year after the chipmaker cut its forecast. "
        "Quillon opened a visitor centre beside the orchards this year."
    )
    writer = SentenceTableWriter(tokenizer)
    writer.add(text)
    writer.write(tmp_path)
    table = SentenceTable.load(tmp_path, 1)
    assert table is not None
    marked = [Passage(0, "a", "", text, 0, len(text), 0.5, marks=table.window(0, 0, len(text)))]
    bare = [Passage(0, "a", "", text, 0, len(text), 0.5)]
    question = "Which semiconductor company lost all of its gains this year?"
    fresh = load_lexicon(Path(resolve_model(DEFAULT_MODEL)), ARCHIVE)  # an empty cache
    assert fresh is not None
    stored = score_sentences(question, sentences(marked, 1), marked, Weights(), lexicon=fresh)
    assert len(fresh._cache) == 1, "only the question was cut into pieces; the sentences came from the table"
    by_text = score_sentences(question, sentences(bare, 1), bare, Weights(), lexicon=fresh)
    assert [s.score for s in stored] == pytest.approx([s.score for s in by_text], abs=1e-6)
    assert stored[0].score > stored[1].score > 0
    other = load_lexicon(Path(resolve_model(DEFAULT_MODEL)), ARCHIVE)
    assert other is not None
    other.tokenizer = "another tokenizer's"
    again = score_sentences(question, sentences(marked, 1), marked, Weights(), lexicon=other)
    assert len(other._cache) == 3, "a lexicon of another tokenizer ignores the stored pieces and cuts the text"
    assert [s.score for s in again] == pytest.approx([s.score for s in by_text], abs=1e-6)


def test_an_index_run_that_replaces_a_piece_gives_the_lexicon_a_fresh_build_gives(
    tmp_path: Path, fixture_archive: Path, encoder: SentenceEncoder
) -> None:
    """A changed piece is re-added at the end of the index and its old copy kept, deleted, until it compacts: the
    lexicon's idf is taken from the same live pieces either way, so one edit does not move every answer."""
    archive = tmp_path / "news"
    shutil.copytree(fixture_archive, archive)
    incremental = Settings(index_dir=tmp_path / "incremental", archive=[archive], chunk_tokens=64)
    run_job(incremental.archive, incremental.index_dir, incremental, encoder=encoder)
    path = archive / "articles.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    records[0]["text"] += " The club said he would return to training next month."
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run_job(incremental.archive, incremental.index_dir, incremental, encoder=encoder)
    fresh = incremental.model_copy(update={"index_dir": tmp_path / "fresh"})
    run_job(fresh.archive, fresh.index_dir, fresh, encoder=encoder)
    with (
        Engine.open(incremental.index_dir, incremental, encoder=encoder) as edited,
        Engine.open(fresh.index_dir, fresh, encoder=encoder) as built,
    ):
        assert len(edited._versions.live.index.articles) > len(built._versions.live.index.articles)  # the old copy
        assert edited.lexicon is not None and built.lexicon is not None
        np.testing.assert_allclose(edited.lexicon.weighted, built.lexicon.weighted)
