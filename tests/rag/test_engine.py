"""The engine end to end on the fixture index with the real model: answers, citations, abstention, follow-ups."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from archive_chat.errors import BadQuery
from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder
from embeddings.job import run_job
from rag.claims import SYSTEM_PROMPT as CLAIMS_SYSTEM_PROMPT
from rag.compose import compose, sentences
from rag.engine import ABSTAIN_TEXT, NOTHING_CLOSE, Engine, article_refs
from rag.floor import MARGIN
from rag.records import Answer, Filters, Turn
from tests.rag.llm_server import Reply, chat_reply, loopback_server, scripted_handler

AS_OF = dt.date(2023, 3, 1)


@pytest.fixture(scope="module")
def engine(fixture_index: Path, fixture_settings: Settings, encoder: SentenceEncoder) -> Iterator[Engine]:
    with Engine.open(fixture_index, fixture_settings, encoder=encoder) as e:
        yield e


def _assert_verified(engine: Engine, answer: Answer) -> None:
    for c in answer.citations:
        article = engine.article(c.article_id)
        assert article is not None and article.text[c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.text


def test_answer_is_cited_with_verified_quotes(engine: Engine) -> None:
    a = engine.answer("Which team does Teodor Brannock play for?", as_of=AS_OF)
    assert not a.abstained and a.citations
    assert "Kestrel Bay Ospreys" in a.text
    _assert_verified(engine, a)
    c = a.citations[0]
    assert c.link and c.link.startswith(c.url + "#:~:text=")  # type: ignore[operator]
    assert a.timings_ms["total_ms"] > 0 and a.passages


@pytest.mark.parametrize(
    ("question", "expected", "article_ids"),
    [
        (
            "Which team does Teodor Brannock play for?",
            "Kestrel Bay Ospreys",
            {"brannock-collapse", "brannock-recovery"},
        ),
        ("How many loyalty points will Bluecrest Rail give passengers?", "18,000 loyalty points", {"bluecrest-points"}),
        ("Which town was the earthquake in the Vellmar Highlands centred near?", "Ostrel", {"vellmar-earthquake"}),
        ("Who challenged Noor Castellan for the Unity bloc nomination?", "Aurel Rendall", {"old-chair-2022"}),
    ],
)
def test_a_question_that_asks_for_a_thing_gets_the_phrase_first(
    engine: Engine, question: str, expected: str, article_ids: set[str]
) -> None:
    a = engine.answer(question, as_of=AS_OF)
    assert a.direct == expected
    assert not a.conflict, "no two pieces of the fixture disagree on this"
    c = a.citations[0]
    # the phrase, then at most its one supporting sentence (the quote itself), both cited
    assert a.text in (f"{expected} [1].", f"{expected} [1]. {c.quote} [1]")
    assert c.article_id in article_ids and c.highlight is not None
    assert c.quote[c.highlight[0] : c.highlight[1]] == expected
    _assert_verified(engine, a)


def test_a_tampered_quote_is_never_shown(engine: Engine) -> None:
    passages, _ = engine.search("Which team does Teodor Brannock play for?", as_of=AS_OF)
    texts = {p.article_id: engine.article(p.article_id).text for p in passages}  # type: ignore[union-attr]
    assert compose("Which team does Teodor Brannock play for?", passages, texts).citations
    # the stored article changed under the passage: its sentence no longer verifies, so it is not quoted
    tampered = {k: v.replace("Kestrel Bay Ospreys", "Kestrel Bay Herons") for k, v in texts.items()}
    cites2 = compose("Which team does Teodor Brannock play for?", passages, tampered).citations
    assert all(tampered[c.article_id][c.start : c.end] == c.quote for c in cites2)
    assert all("Kestrel Bay Ospreys" not in c.quote for c in cites2)


def test_commentary_is_attributed_not_stated(engine: Engine) -> None:
    a = engine.answer("Is the Indus Waters Treaty still binding?", as_of=AS_OF)
    assert a.citations and a.citations[0].article_id == "indus-waters-commentary"
    assert a.text.startswith("According to “The Indus Waters Treaty cannot be suspended at will” (2023-01-27), ")
    news = engine.answer("Which team does Teodor Brannock play for?", as_of=AS_OF)
    assert "According to" not in news.text


def test_sentences_quoted_in_place_of_a_city_say_the_archive_gives_none(engine: Engine) -> None:
    # the commentary argues about the treaty but says nothing of where it was signed
    a = engine.answer("Which city was the Indus Waters Treaty signed in?", as_of=AS_OF)
    assert not a.abstained and a.direct is None and a.citations
    assert a.notice == "The closest sentences in the archive give no city for this question."
    assert engine.answer("Which team does Teodor Brannock play for?", as_of=AS_OF).notice is None


def test_off_topic_question_abstains_but_lists_closest_articles(engine: Engine) -> None:
    a = engine.answer("What is the best recipe for sourdough bread with rye flour?", as_of=AS_OF)
    assert a.abstained and a.text == ABSTAIN_TEXT and a.citations == ()
    assert a.articles  # still the closest articles


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("What happened to the goalie?", "brannock-collapse"),
        ("Any news on condiments?", "mustard-allergen"),
        # further from their piece than a broad news archive's bar, but far closer than any everyday question comes
        # to this small archive (``rag.floor``)
        ("What did sailors spot overhead?", "drones-naval-base"),
        ("Any compensation for rail passengers?", "bluecrest-points"),
    ],
)
def test_a_question_in_other_words_than_its_piece_is_answered_from_the_closest_piece(
    engine: Engine, question: str, article: str
) -> None:
    # no word of the question is in the piece ("goalkeeper", "mustard"): its sentences close in meaning answer
    a = engine.answer(question, as_of=AS_OF)
    assert not a.abstained and a.citations and a.direct is None
    assert {c.article_id for c in a.citations} == {article}
    _assert_verified(engine, a)


def test_a_small_archive_lowers_the_bar_to_its_noise_floor_and_still_abstains_off_topic(engine: Engine) -> None:
    """The closest an everyday question comes to the fixture archive is far below a news archive's bar: the bar
    drops to just above it, and everyday questions still abstain."""
    floor = engine.floor
    assert 0.0 < floor < engine.settings.abstain_below - MARGIN
    for question in ("How do I bleed a radiator?", "Which paint finish suits a bathroom ceiling?"):
        assert engine.answer(question, as_of=AS_OF).abstained


def test_recent_news_answered_only_from_old_pieces_says_how_old_they_are(engine: Engine) -> None:
    """ "This week" asked a year after the only quake piece: the answer stands, its notice gives the piece's date,
    and it reports a share of the confidence it would have (such answers are seldom right); asked the week after,
    no such notice."""
    question = "Which highlands did a strong earthquake shake this week?"
    late = engine.answer(question, as_of=dt.date(2024, 2, 20))
    assert not late.abstained and late.citations
    assert late.notice is not None and "from 2023-02-06, long before the time asked about" in late.notice
    soon = engine.answer(question, as_of=dt.date(2023, 2, 10))
    assert not soon.abstained and soon.citations and soon.notice is None
    assert late.direct == soon.direct and late.confidence < soon.confidence / 2


def test_an_abstention_with_no_article_before_its_date_promises_no_list(engine: Engine) -> None:
    a = engine.answer("What is the best recipe for sourdough bread with rye flour?", as_of=dt.date(1990, 1, 1))
    assert a.abstained and a.passages == () and a.articles == ()
    assert a.text == NOTHING_CLOSE and "listed below" not in a.text


def test_a_question_about_a_time_alone_gets_that_times_pieces_newest_first(engine: Engine) -> None:
    a = engine.answer("What happened this week?", as_of=dt.date(2023, 2, 8))
    assert not a.abstained and a.citations and a.direct is None
    days = [c.published for c in a.citations]
    assert all(d is not None and dt.date(2023, 2, 2) <= d <= dt.date(2023, 2, 8) for d in days)
    assert days == sorted(days, reverse=True)  # type: ignore[type-var]
    _assert_verified(engine, a)
    old = engine.answer("What happened this week?", as_of=dt.date(2023, 3, 1))  # the archive holds nothing then
    assert old.abstained and old.citations == ()


def test_lately_is_the_week_of_the_newest_piece_not_an_empty_one(engine: Engine) -> None:
    """Asked weeks after the archive's newest piece, "what's new?" still shows its newest pieces."""
    for message in ("What are the latest articles?", "What's new?"):
        a = engine.answer(message, as_of=dt.date(2023, 6, 1))
        assert not a.abstained and a.citations and a.direct is None
        days = [c.published for c in a.citations]
        assert all(d is not None and dt.date(2023, 2, 1) <= d <= dt.date(2023, 2, 7) for d in days), days
        assert days == sorted(days, reverse=True)  # type: ignore[type-var]


@pytest.mark.parametrize("message", ["Hi!", "What is this archive about?", "What can I ask you?"])
def test_a_message_to_the_archive_gets_what_it_holds_and_its_newest_pieces(engine: Engine, message: str) -> None:
    a = engine.answer(message, as_of=dt.date(2023, 1, 10))
    assert not a.abstained and a.direct is None
    assert a.confidence == 1.0  # said with certainty: the editors' report lists no greeting as unanswered
    assert a.text.startswith("Hello. I answer questions" if message == "Hi!" else "I answer questions"), a.text
    # the fixture's pieces published by then; its commentary (another source) came later
    assert "This archive holds 7 pieces from news.example.com, published from 2022-11-16 to 2023-01-07. " in a.text
    assert ". The newest: " in a.text
    days = [c.published for c in a.citations]
    assert days and all(d is not None and dt.date(2023, 1, 1) <= d <= dt.date(2023, 1, 7) for d in days), days
    _assert_verified(engine, a)


@pytest.mark.parametrize("lead", ["Hi, ", "Hello! ", "Thanks! And ", "hey "])
def test_a_greeting_before_a_question_changes_nothing(engine: Engine, lead: str) -> None:
    """ "Hi, where was the earthquake?" lost its direct answer: "where" after a comma read as a relative clause."""
    plain = engine.answer("Where was the earthquake?", as_of=AS_OF)
    greeted = engine.answer(f"{lead}where was the earthquake?", as_of=AS_OF)
    assert plain.direct == "Vellmar Highlands" and greeted.text == plain.text
    assert [c.article_id for c in greeted.citations] == [c.article_id for c in plain.citations]


@pytest.mark.parametrize(
    "asked",
    [
        "Can you tell me where the earthquake was?",  # a polite lead, an indirect question
        "Do you know where the earthquake was",
        "Where was the earthquake? Thanks!",  # courtesy after it
        "Where was the earthquake, please?",
        "where was the earthquake",  # no question mark
        "Where was the earthquake ??",  # a space before it, and two
        "WHERE WAS THE EARTHQUAKE?",  # in capitals
        "Hi, can you tell me where the earthquake was, please",
    ],
)
def test_a_question_wrapped_in_courtesy_or_typed_loosely_is_the_same_question(engine: Engine, asked: str) -> None:
    plain = engine.answer("Where was the earthquake?", as_of=AS_OF)
    wrapped = engine.answer(asked, as_of=AS_OF)
    assert plain.direct == "Vellmar Highlands"
    assert (wrapped.text, wrapped.direct) == (plain.text, plain.direct)
    assert [p.text for p in wrapped.passages] == [p.text for p in plain.passages]
    assert wrapped.confidence == pytest.approx(plain.confidence)


def test_thanks_is_answered_without_pieces(engine: Engine) -> None:
    a = engine.answer("Thanks a lot!", as_of=AS_OF)
    assert not a.abstained and a.citations == () and a.text.startswith("You're welcome.")
    assert a.confidence == 1.0


def test_as_of_and_dates(engine: Engine) -> None:
    a = engine.answer("Who was elected chair of the Calderran Assembly?", as_of=dt.date(2023, 1, 4))
    assert all(p.published is None or p.published <= dt.date(2023, 1, 4) for p in a.passages)
    b = engine.answer("Who was elected chair of the Calderran Assembly this week?", as_of=dt.date(2023, 1, 9))
    assert b.citations[0].article_id == "assembly-chair-vote"
    assert b.direct == "Noor Castellan"
    empty = engine.answer("x y z", as_of=AS_OF, filters=Filters(since=dt.date(2023, 2, 1), until=dt.date(2023, 1, 1)))
    assert empty.abstained and not empty.passages  # a reversed window is empty, not an error
    with pytest.raises(BadQuery, match="question"):
        engine.answer("   ", as_of=AS_OF)


def test_articles_are_date_sorted_newest_first(engine: Engine) -> None:
    _, refs = engine.search("news this winter: earthquake, drones, assembly chair, funeral", as_of=AS_OF, k=10)
    dated = [r.published for r in refs if r.published]
    assert dated == sorted(dated, reverse=True) and len(refs) >= 3
    assert article_refs(()) == ()


def test_follow_up_is_resolved_against_the_conversation(engine: Engine) -> None:
    history = [
        Turn("user", "What happened to Teodor Brannock during the match?"),
        Turn("assistant", "Teodor Brannock collapsed on the pitch [1]."),
    ]
    alone = engine.answer("What did he ask first when he woke up?", as_of=AS_OF)
    followed = engine.answer("What did he ask first when he woke up?", as_of=AS_OF, history=history)
    assert followed.citations and followed.citations[0].article_id == "brannock-recovery"
    assert "about the final score" in followed.text
    assert alone.abstained, "on its own the follow-up names no one: the conversation is what answers it"


async def test_stream_event_order_and_final_answer(engine: Engine) -> None:
    kinds: list[str] = []
    deltas: list[str] = []
    final = None
    async for kind, value in engine.stream("What did Bluecrest Rail offer passengers?", as_of=AS_OF):
        kinds.append(kind)
        if kind == "delta":
            deltas.append(str(value))
        if kind == "done":
            final = value
    assert kinds[0] == "passages" and kinds[-2:] == ["citations", "done"]
    assert set(kinds[1:-2]) == {"delta"} and len(deltas) >= 2
    assert isinstance(final, Answer) and "".join(deltas) == final.text and "18,000" in final.text


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_llm_mode_falls_back_to_extractive_when_the_llm_is_down(
    fixture_index: Path, fixture_settings: Settings, encoder: SentenceEncoder
) -> None:
    settings = fixture_settings.model_copy(
        update={"llm_base_url": f"http://127.0.0.1:{_closed_port()}/v1", "llm_timeout_s": 2.0}
    )
    e = Engine.open(fixture_index, settings, encoder=encoder)
    a = await e.answer_async("Which team does Teodor Brannock play for?", as_of=AS_OF, mode="llm")
    assert a.mode == "extractive" and a.notice and "LLM failed" in a.notice
    assert a.citations and "Kestrel Bay Ospreys" in a.text
    unconfigured = await Engine.open(fixture_index, fixture_settings, encoder=encoder).answer_async(
        "Which team does Teodor Brannock play for?", as_of=AS_OF, mode="llm"
    )
    assert unconfigured.notice and "not configured" in unconfigured.notice


def test_candidate_sentences_keep_article_offsets(engine: Engine) -> None:
    passages, _ = engine.search("Orlen funeral", as_of=AS_OF)
    for s in sentences(passages, len(passages)):
        p = passages[s.passage]
        assert engine.article(p.article_id).text[s.start : s.end] == s.text  # type: ignore[union-attr]
    assert dataclasses.is_dataclass(passages[0])


@pytest.mark.parametrize(
    "question",
    [
        "Which team does Teodor Brannock play for?",
        "Who challenged Noor Castellan for the Unity bloc nomination?",
        "How many passengers did the Bluecrest Rail line carry?",
        "What happened after the earthquake?",
    ],
)
def test_stored_sentences_compose_the_answer_the_passage_texts_do(engine: Engine, question: str) -> None:
    passages, _ = engine.search(question, as_of=AS_OF)
    assert passages and all(p.marks is not None for p in passages)
    texts = {p.article_id: engine.article(p.article_id).text for p in passages}  # type: ignore[union-attr]
    computed = [dataclasses.replace(p, marks=None) for p in passages]  # split and scanned per question instead
    assert compose(question, passages, texts) == compose(question, computed, texts)


def _copies_sentence_1_1(request: dict[str, Any]) -> Reply:
    """A stand-in model over real HTTP: claims what passage 1 sentence 1 says, and cites a passage 9 it never saw."""
    match = re.search(r'<passage n="1"[^>]*>\n\(1\) (.+)', request["messages"][-1]["content"])
    assert match
    claims = [
        {"sources": [{"passage": 1, "sentence": 1}], "text": match.group(1)},
        {"sources": [{"passage": 9, "sentence": 1}], "text": "He is also a famous chef."},
    ]
    return chat_reply(json.dumps({"claims": claims}))


async def test_llm_answer_opens_with_the_direct_answer_and_cites_only_what_it_was_shown(
    fixture_index: Path, fixture_settings: Settings, encoder: SentenceEncoder
) -> None:
    seen: list[dict[str, Any]] = []
    with loopback_server(scripted_handler(_copies_sentence_1_1, seen)) as url:
        e = Engine.open(fixture_index, fixture_settings.model_copy(update={"llm_base_url": url}), encoder=encoder)
        a = await e.answer_async("Which team does Teodor Brannock play for?", as_of=AS_OF, mode="llm")
    assert a.mode == "llm" and a.notice is None and not a.abstained
    assert a.direct == "Kestrel Bay Ospreys" and a.text.startswith("Kestrel Bay Ospreys [1]. ")
    assert "chef" not in a.text and len(a.text) > len("Kestrel Bay Ospreys [1]. ") and a.confidence > 0
    _assert_verified(e, a)
    assert seen[0]["response_format"]["type"] == "json_schema"
    assert seen[0]["messages"][0] == {"role": "system", "content": CLAIMS_SYSTEM_PROMPT}


async def test_llm_mode_keeps_the_notice_that_its_pieces_are_old(
    fixture_index: Path, fixture_settings: Settings, encoder: SentenceEncoder
) -> None:
    """The LLM's answer cites the same old pieces: the reader is told how old, as the extractive answer tells."""
    with loopback_server(scripted_handler(_copies_sentence_1_1, [])) as url:
        e = Engine.open(fixture_index, fixture_settings.model_copy(update={"llm_base_url": url}), encoder=encoder)
        question = "Which highlands did a strong earthquake shake this week?"
        a = await e.answer_async(question, as_of=dt.date(2024, 2, 20), mode="llm")
    assert a.mode == "llm" and not a.abstained and a.citations
    assert a.notice is not None and "long before the time asked about" in a.notice


async def test_llm_mode_abstains_on_weak_evidence_without_asking_the_llm(
    fixture_index: Path, fixture_settings: Settings, encoder: SentenceEncoder
) -> None:
    seen: list[dict[str, Any]] = []
    with loopback_server(scripted_handler(_copies_sentence_1_1, seen)) as url:
        e = Engine.open(fixture_index, fixture_settings.model_copy(update={"llm_base_url": url}), encoder=encoder)
        a = await e.answer_async("What is the best recipe for sourdough bread with rye flour?", as_of=AS_OF, mode="llm")
    assert a.abstained and a.mode == "llm" and a.text == ABSTAIN_TEXT and a.citations == () and a.notice is None
    assert a.articles, "the closest articles are still listed"
    assert seen == [], "the evidence rule is applied before the LLM is asked"


async def test_an_injected_article_does_not_change_the_llm_instructions(
    fixture_index: Path, fixture_settings: Settings, encoder: SentenceEncoder
) -> None:
    seen: list[dict[str, Any]] = []
    with loopback_server(scripted_handler(_copies_sentence_1_1, seen)) as url:
        e = Engine.open(
            fixture_index,
            fixture_settings.model_copy(update={"llm_base_url": url, "llm_sentences_per_passage": 3}),
            encoder=encoder,
        )
        a = await e.answer_async(
            "What happens when hidden text tells AI assistants to ignore all previous instructions?",
            as_of=AS_OF,
            mode="llm",
        )
    assert "PWNED" in json.dumps(seen[0]["messages"]), "the fixture's injection sentence was shown as data"
    roles = [m["role"] for m in seen[0]["messages"]]
    assert roles == ["system", "user"] and seen[0]["messages"][0]["content"] == CLAIMS_SYSTEM_PROMPT
    assert a.mode == "llm" and all(c.article_id == "injection-piece" for c in a.citations)
    _assert_verified(e, a)


class _Overlap(Engine):
    """The real engine, counting how many answers are in their retrieval stage at once, and on which threads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock, self.busy, self.peak, self.threads = threading.Lock(), 0, 0, set[str]()

    def _retrieve(self, *args: Any) -> Any:
        with self.lock:
            self.busy += 1
            self.peak = max(self.peak, self.busy)
            self.threads.add(threading.current_thread().name)
        try:
            time.sleep(0.05)  # long enough that answers asked together would overlap, were they allowed to
            return super()._retrieve(*args)
        finally:
            with self.lock:
                self.busy -= 1


@pytest.mark.parametrize("answer_threads", [1, 2])
async def test_a_process_runs_at_most_answer_threads_answers_and_searches_at_once(
    fixture_index: Path, fixture_settings: Settings, encoder: SentenceEncoder, answer_threads: int
) -> None:
    settings = fixture_settings.model_copy(update={"answer_threads": answer_threads})
    questions = ["Which team does Teodor Brannock play for?", "Who leads the Calderran Assembly?"] * 3
    with _Overlap.open(fixture_index, settings, encoder=encoder) as e:
        assert isinstance(e, _Overlap)
        answers = await asyncio.gather(*(e.answer_async(q, as_of=AS_OF) for q in questions))
        searched = await asyncio.gather(*(e.search_async(q, as_of=AS_OF) for q in questions))
    assert all(a.citations for a in answers) and all(passages for passages, _ in searched)
    assert e.peak == answer_threads
    assert len(e.threads) == answer_threads and all(name.startswith("answer") for name in e.threads)


def test_the_live_version_carries_the_models_lexicon(engine: Engine) -> None:
    """The real model's word pieces, with the idf of the fixture archive: a word every article has weighs less
    than one no article has (a piece's weighted row is as long as its idf)."""
    lex = engine.lexicon
    assert lex is not None
    assert lex.weighted.shape[1] == engine.encoder.dim
    [[the, zeppelin]] = lex._tokenize(["the zeppelin"])
    lengths = np.linalg.norm(lex.weighted[[the, zeppelin]], axis=1)
    assert 0 <= lengths[0] < lengths[1], lengths


def test_a_reload_keeps_the_lexicon_until_the_archive_has_grown(
    tmp_path: Path, fixture_archive: Path, encoder: SentenceEncoder
) -> None:
    """A small append reuses the idf sample (a reload stays cheap); one that grows the archive by more than a
    tenth takes a new one."""
    archive = tmp_path / "news"
    shutil.copytree(fixture_archive, archive)
    settings = Settings(index_dir=tmp_path / "index", archive=[archive], chunk_tokens=64)

    def append(n: int, start: int) -> None:
        with open(archive / "articles.jsonl", "a", encoding="utf-8") as f:
            for i in range(start, start + n):
                row = {"id": f"added-{i}", "title": f"Lakeport ferry timetable {i}", "published": "2023-02-01"}
                f.write(json.dumps({**row, "text": f"The Lakeport ferry adds sailing {i}."}) + "\n")
        run_job([archive], settings.index_dir, settings, encoder=encoder)

    run_job([archive], settings.index_dir, settings, encoder=encoder)
    with Engine.open(settings.index_dir, settings, encoder=encoder) as engine:
        first = engine.lexicon
        assert first is not None and first.articles == 13
        append(1, 0)
        assert engine.reload() and engine.lexicon is first, "14 articles: within a tenth of 13"
        append(2, 1)
        assert engine.reload() and engine.lexicon is not first
        assert engine.lexicon is not None and engine.lexicon.articles == 16


def test_a_greeting_earlier_in_the_chat_changes_no_answer(engine: Engine) -> None:
    """A widget sends every earlier turn: "hello there" is no topic for "who is Noor Castellan" to lean on (it was
    searched as "who is Noor Castellan (hello)", which read as "who …?" and answered with a bloc's name)."""
    alone = engine.answer("who is Noor Castellan", as_of=AS_OF)
    after = engine.answer("who is Noor Castellan", as_of=AS_OF, history=(Turn("user", "hello there"),))
    assert after.text == alone.text and after.direct is alone.direct is None


def test_where_asks_for_the_place_of_its_own_verb(engine: Engine) -> None:
    """The funeral's square was the answer to "where was he buried?": its sentence says "funeral", not "buried"."""
    a = engine.answer("Where was Osric Orlen buried?", as_of=AS_OF)
    assert a.text.startswith("He was buried in his home village of Lesk. [1]") and a.direct != "Cathedral Square"
