"""The evidence's fast paths against brute force: term hits, inner capitals and lower-case forms.

Pure: no model, no index. The texts are made up, seeded, and include unicode and punctuation.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from embeddings.sentence_table import SentenceTable, SentenceTableWriter
from rag.compose import Weights
from rag.evidence import score_sentences, sentences, widened
from rag.held import term_hits
from rag.records import Passage
from rag.text import WORD, keyword_terms, stem
from rag.written import written

VOCAB = (
    "harbour harbours harboured moved moves move storm storms Storm Velling velling’s ship ships shipping port "
    "ported İstanbul straße Ölberg naïve café cafés the a of and said it he she Harbour-master 14 2031 ferry"
).split()


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(VOCAB) for _ in range(n)]
    seps = [rng.choice([" ", " ", " ", ", ", ". ", " – ", "\n", "“"]) for _ in range(n)]
    return "".join(w + s for w, s in zip(words, seps, strict=True))


def test_term_hits_equal_stemming_every_word() -> None:
    rng = random.Random(7)
    for _ in range(200):
        text = _text(rng, rng.randint(0, 60))
        terms = tuple(dict.fromkeys(stem(t) for t in keyword_terms(" ".join(rng.sample(VOCAB, 4)))))
        brute = [(m.start(), stem(m.group(0).lower())) for m in WORD.finditer(text)]
        assert term_hits(text, terms) == [(at, t) for at, t in brute if t in terms]


def test_written_equals_a_regex() -> None:
    rng = random.Random(11)
    for _ in range(200):
        text = _text(rng, rng.randint(0, 40))
        word = rng.choice(["storm", "Storm", "Velling", "ships", "ferry", "Harbour"])
        inner = re.search(rf"(?<=[\w,;:] ){re.escape(word)}(?!\w)", text) is not None
        anywhere = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None
        assert written(text, word, True) == inner, text
        assert written(text, word, False) == anywhere, text


def test_scores_equal_the_share_of_terms_held() -> None:
    rng = random.Random(3)
    for _ in range(50):
        texts = [_text(rng, rng.randint(5, 80)) for _ in range(3)]
        passages = [Passage(i, str(i), "", t, 0, len(t), 1.0) for i, t in enumerate(texts)]
        question = " ".join(rng.sample(VOCAB, 5)) + "?"
        w = Weights(carry=0.0, rank=0.0, dense=0.0)
        sents = sentences(passages, 3)
        scored = score_sentences(question, sents, passages, w)
        terms = {stem(t) for t in keyword_terms(question)}
        held = [terms & {stem(x.lower()) for x in WORD.findall(s.text)} for s in sents]
        for s, h in zip(scored, held, strict=True):
            assert (s.score > 0) == bool(h)


def test_scored_sentences_know_where_their_question_words_start() -> None:
    rng = random.Random(5)
    for _ in range(50):
        text = _text(rng, rng.randint(10, 80))
        question = " ".join(rng.sample(VOCAB, 5))
        terms = {stem(t) for t in keyword_terms(question)}
        p = Passage(0, "a1", "T", text, 100, 100 + len(text), 1.0, dense=0.5)
        for s in score_sentences(question, sentences([p], 1), [p], Weights()):
            words = [m.start() for m in WORD.finditer(s.text) if stem(m.group(0).lower()) in terms]
            assert s.hits == tuple(words), s.text


def test_a_widened_passage_holds_its_whole_articles_sentences_from_the_table(tmp_path: Path) -> None:
    texts = [
        "The storm closed the harbour on Tuesday. Fourteen ships were stranded there. The storm moved on.",
        "The lantern festival moves to Brenmoor in June. It drew many visitors last year, organisers said.",
    ]
    writer = SentenceTableWriter()
    for text in texts:
        writer.add(text)
    writer.write(tmp_path)
    table = SentenceTable.load(tmp_path, 2)
    assert table is not None
    cut = texts[1].index(" It drew")
    passage = Passage(0, "b", "", texts[1][:cut], 0, cut, 1.0, marks=table.window(1, 0, cut))
    assert len(passage.marks.rows) == 1  # type: ignore[union-attr]
    (wide,) = widened([passage], {"b": texts[1]}, 1)
    assert (wide.text, wide.start, wide.end) == (texts[1], 0, len(texts[1]))
    assert wide.marks is not None and wide.marks.rows == table.window(1, 0, len(texts[1])).rows
    assert [s.text for s in sentences([wide], 1)] == [texts[1][:cut], texts[1][cut + 1 :]]
    assert widened([passage], {}, 1) == [passage], "no text for its article: left as retrieved"
    assert widened([passage], {"b": texts[1]}, 0) == [passage]


def test_a_short_question_weighs_its_sentences_by_their_pieces_age_a_longer_one_does_not() -> None:
    text = "The Lakeport Owls won the Velling Cup final on Sunday."
    dates = (dt.date(2031, 4, 1), dt.date(2031, 5, 15), None)  # six weeks older, the newest, undated
    passages = [Passage(i, str(i), "", text, 0, len(text), 0.0, published=d) for i, d in enumerate(dates)]
    w = Weights(rank=0.0, dense=0.0)
    old, new, undated = (s.score for s in score_sentences("Who won the cup?", sentences(passages, 3), passages, w))
    assert new > undated > old > 0, "the newest piece's sentence first, then an undated one (0.5), a six-week-old one"
    assert new == score_sentences("Who won the cup?", sentences(passages, 3), passages, Weights(short=0, rank=0.0,
        dense=0.0))[1].score, "the newest piece's weighs as it did"  # fmt: skip
    long = "Which side won the Velling Cup final in Lakeport on Sunday?"
    assert len({s.score for s in score_sentences(long, sentences(passages, 3), passages, w)}) == 1
