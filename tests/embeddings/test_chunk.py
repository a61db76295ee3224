"""The chunker: worked sentence-splitting examples, and its invariants checked with the real tokenizer.

The invariant loops are property tests without hypothesis: seeded generators produce varied texts (unicode,
quotes, abbreviations, newlines, run-on sentences without punctuation, single words, empty text) and every
chunk of every text is checked against the model's own tokenizer, special tokens included.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator

import pytest

from embeddings.chunk import chunk_article, chunk_spans, split_sentences
from embeddings.encode import SentenceEncoder
from embeddings.records import Chunk, embed_key

HEADER = "Senate passes spending bill after late-night vote (December 23, 2022)"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Mr. Smith went to Washington. He met the U.S. Senate! Then?",
            ["Mr. Smith went to Washington.", "He met the U.S. Senate!", "Then?"],
        ),
        (
            "The U.S. economy grew 3.5 percent. Dr. Jones agreed.",
            ["The U.S. economy grew 3.5 percent.", "Dr. Jones agreed."],
        ),
        (
            "J. K. Tarrow wrote it. Sales rose in Jan. 2023 sharply.",
            ["J. K. Tarrow wrote it.", "Sales rose in Jan. 2023 sharply."],
        ),
        # closing quotes and brackets stay with the sentence they close
        (
            'She said, “It is over.” Then she left. "Really?" he asked. (Yes.) Fine.',
            ["She said, “It is over.”", "Then she left.", '"Really?" he asked.', "(Yes.)", "Fine."],
        ),
        ("He said “Stop!” She stopped.", ["He said “Stop!”", "She stopped."]),
        # a line break always ends a sentence (headlines, list items); whitespace is trimmed off every span
        ("Headline\nBody text here.\n\n  Next para", ["Headline", "Body text here.", "Next para"]),
        ("Café opened… Then it closed.", ["Café opened…", "Then it closed."]),
        ("It costs $4.50 a month, i.e. cheap. Next.", ["It costs $4.50 a month, i.e. cheap.", "Next."]),
        # a court case's "v." is no sentence end ("Hale v. Velling"), nor a title's ("Rear Adm. Ada Hale"); a sentence
        # ending in a lone "v." is joined to the next
        (
            "Rear Adm. Ada Hale and Maj. Gen. Jo Bell spoke. Brig. Gen. Tom Ray did not. "
            "Reps. Ada Hale and Jo Bell did.",
            [
                "Rear Adm. Ada Hale and Maj. Gen. Jo Bell spoke.",
                "Brig. Gen. Tom Ray did not.",
                "Reps. Ada Hale and Jo Bell did.",
            ],
        ),
        (
            "The court overturned Hale v. Velling in 2031. Bell appealed. Ada V. Bell wrote it. Pick a v. Done.",
            [
                "The court overturned Hale v. Velling in 2031.",
                "Bell appealed.",
                "Ada V. Bell wrote it.",
                "Pick a v. Done.",
            ],
        ),
        ("no punctuation at all just words", ["no punctuation at all just words"]),
        ("word", ["word"]),
        ("", []),
        ("  \n\n ", []),
    ],
)
def test_split_sentences_worked_examples(text: str, sentences: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == sentences
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


def test_chunk_spans_worked_example_and_budget_check() -> None:
    text = "A b. C d. E f."
    starts = [0, 2, 3, 5, 7, 8, 10, 12, 13]  # one token per word and per full stop
    assert chunk_spans(text, starts, budget=6) == [(0, 9), (10, 14)]
    assert chunk_spans(text, starts, budget=3) == [(0, 4), (5, 9), (10, 14)]
    # with overlap, the next chunk starts one whole sentence back
    assert chunk_spans(text, starts, budget=6, overlap=3) == [(0, 9), (5, 14)]
    assert chunk_spans("", [], budget=6) == []
    with pytest.raises(ValueError, match="at least 1 token"):
        chunk_spans(text, starts, budget=0)


def test_chunk_article_embeds_header_and_rejects_a_header_that_leaves_no_room(encoder: SentenceEncoder) -> None:
    text = "The bill passed 68 to 29. It now goes to the House."
    chunks = _chunks(encoder, text, max_tokens=64)
    assert [c.text for c in chunks] == [text]
    (c,) = chunks
    assert (c.article_id, c.ordinal, c.start, c.end) == ("a1", 0, 0, len(text))
    assert c.embed_text == f"{HEADER}\n{text}"
    assert c.key == embed_key(c.embed_text)
    assert _chunks(encoder, "", max_tokens=64) == []
    with pytest.raises(ValueError, match=r"header of 'a1' \(its title and date\) is [\d,]+ tokens; a \d+-token chunk"):
        _chunks(encoder, text, max_tokens=len(encoder.token_starts(HEADER)) + 8)


# --- invariants over varied texts, with the real tokenizer ----------------------------------------------------------

WORDS = (
    "the of and government said U.S. Dr. Mr. Jan. St. officials “quoted” ‘single’ naïve café déjà Zürich "
    "São Paulo 東京 Москва 2023 3.5 $4.50 percent — – rail-way well-known it's O'Neill e.g. i.e. "
    "https://www.example.com/2023/01/03/politics/some-story/index.html antidisestablishmentarianism 🎉"
).split()
ENDINGS = [". ", "! ", "? ", ".” ", '." ', ".) ", "…\n", "\n", "\n\n", ", ", " ", "; "]


def _sentence(rng: random.Random) -> str:
    length = rng.choice([1, 3, 8, 20, 60, 250])  # 250 words: longer than any chunk, forcing a cut
    words = [rng.choice(WORDS) for _ in range(length)]
    return words[0][:1].upper() + words[0][1:] + "".join(" " + w for w in words[1:]) + rng.choice(ENDINGS)


def varied_texts() -> Iterator[str]:
    """Hand-picked edge cases, then seeded random articles."""
    yield ""
    yield "   \n\t "
    yield "word"
    yield "Antidisestablishmentarianism"
    yield "x" * 500  # one 'word' longer than the tokenizer reads as a word
    yield " ".join(["alpha"] * 700)  # a run-on sentence with no punctuation at all
    yield "\n".join(f"line {i} without a full stop" for i in range(80))
    yield "\u200bZero-width space before a long sentence " + "beta " * 300  # a char the tokenizer drops
    yield "The U.S. Senate met. " * 60
    yield "“Quoted.” “Again!” (Bracketed.) " * 40
    yield "Ünïcödé — 東京は晴れ。 Москва. Emoji 🎉 party! " * 30
    yield "https://www.cnn.com/2022/12/12/politics/" + "-".join(["spending"] * 120) + "/index.html"
    # no whitespace for ~200 tokens of multi-piece words: a cut inside a word would be re-read as more tokens
    yield "-".join(["antidisestablishmentarianism"] * 30)
    rng = random.Random(20230103)
    for _ in range(25):
        yield "".join(_sentence(rng) for _ in range(rng.randint(1, 25))).strip()


def _chunks(encoder: SentenceEncoder, text: str, *, max_tokens: int, overlap: int = 0) -> list[Chunk]:
    return chunk_article(
        "a1",
        text,
        HEADER,
        encoder.token_starts(text),
        len(encoder.token_starts(HEADER)),
        max_tokens=max_tokens,
        overlap=overlap,
    )


@pytest.mark.parametrize(("max_tokens", "overlap"), [(32, 0), (64, 0), (64, 20), (128, 40), (256, 0)])
def test_chunk_invariants_with_real_tokenizer(encoder: SentenceEncoder, max_tokens: int, overlap: int) -> None:
    tokenizer = encoder.model.tokenizer
    overlapped = 0
    for text in varied_texts():
        chunks = _chunks(encoder, text, max_tokens=max_tokens, overlap=overlap)
        sentences = split_sentences(text)
        starts = {s for s, _ in sentences}
        ends = {e for _, e in sentences}
        token_starts = encoder.token_starts(text)
        covered = bytearray(len(text))
        for n, c in enumerate(chunks):
            assert c.ordinal == n
            assert text[c.start : c.end] == c.text, "offsets point at the chunk text"
            assert c.text and c.text == c.text.strip()
            real = len(tokenizer(c.embed_text)["input_ids"])
            assert real <= max_tokens, f"{real} tokens > {max_tokens}: {c.text[:80]!r}"
            assert real == c.tokens, "the stored token count is the model's own"
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
        missed = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
        assert not missed, f"characters outside every chunk at {missed[:5]} of {text[:60]!r}"
        for prev, nxt in zip(chunks, chunks[1:], strict=False):
            assert nxt.start > prev.start and nxt.end > prev.end, "every chunk moves forward and adds new text"
            if nxt.start < prev.end:  # the repeated part is whole sentences worth at most `overlap` tokens
                overlapped += 1
                assert nxt.start in starts and prev.end in ends
                repeated = bisect.bisect_left(token_starts, prev.end) - bisect.bisect_left(token_starts, nxt.start)
                assert repeated <= overlap
        if overlap == 0:
            assert all(b.start >= a.end for a, b in zip(chunks, chunks[1:], strict=False))
    assert overlap == 0 or overlapped > 10, "the overlap setting was exercised"


def test_overlap_never_yields_a_chunk_its_predecessor_already_holds(encoder: SentenceEncoder) -> None:
    # Regression: a short sentence followed by one that fills the budget. Stepping back over the short one
    # used to produce a chunk holding only it, entirely inside the previous chunk.
    long = "Many" + " words" * 42 + "."  # 44 tokens: with "Short one." (3) it overflows the 46-token budget
    text = f"First sentence here. Short one. {long} End."
    chunks = _chunks(encoder, text, max_tokens=64, overlap=20)  # budget 64 - 16 (header) - 2 (specials)
    assert [c.text for c in chunks] == ["First sentence here. Short one.", f"{long} End."]
