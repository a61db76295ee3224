"""LLM mode, the checking half (pure): parse the model's claims, keep those their cited sentence supports,
and render them as an answer with [n] markers and verified quotes.

The rule (docs/api.md, "LLM mode"): each sentence of a claim is kept only when at least 60% of its content
words (lower-cased, stemmed, stop words removed) occur in a sentence the claim cites; it is then marked with
the citations of exactly those sentences. A claim with no sentence left is dropped. Every quote is the cited
sentence itself, verified verbatim against the article, never text from the model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from archive_chat.errors import UpstreamLLMError
from embeddings.chunk import split_sentences
from rag.cite import lead_in, make_citation
from rag.claims import Shown
from rag.compose import Composed
from rag.records import Citation, Passage
from rag.text import STOPWORDS, WORD, stem

MIN_SHARED = 0.6  # share of a claim sentence's content words that its cited sentence must hold


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim of the model's reply, with the (passage, sentence) pairs it names that were actually shown."""

    text: str
    sources: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Grounded:
    """A sentence of a claim and the shown sentences that support it."""

    text: str
    support: tuple[Shown, ...]


def parse_claims(reply: str, shown: Sequence[Shown]) -> list[Claim]:
    """The claims of a structured reply; a source that was not shown is dropped (the schema forbids it, but a
    server may not enforce it). Raises UpstreamLLMError when the reply is not the JSON asked for.

    >>> from rag.compose import Sentence
    >>> shown = [Shown(1, 1, Sentence(0, 0, 10, "Rain fell."))]
    >>> parse_claims('{"claims": [{"sources": [{"passage": 1, "sentence": 1}, {"passage": 9, "sentence": 1}],'
    ...              ' "text": "It rained."}]}', shown)
    [Claim(text='It rained.', sources=((1, 1),))]
    """
    try:
        body = _JSON.decode(reply)
        claims = body.get("claims") if isinstance(body, dict) else None
    except ValueError as exc:
        claims = completed_claims(reply)
        if not claims:
            raise UpstreamLLMError(f"the structured reply was not JSON: {reply[:120]!r}") from exc
    if not isinstance(claims, list):
        raise UpstreamLLMError(f"the structured reply had no list of claims: {reply[:120]!r}")
    given = {(s.passage, s.number) for s in shown}
    out: list[Claim] = []
    for c in claims:
        if not isinstance(c, dict) or not isinstance(c.get("text"), str) or not isinstance(c.get("sources"), list):
            continue
        pairs = [_pair(x) for x in c["sources"]]
        kept = tuple(dict.fromkeys(p for p in pairs if p in given))
        text = _LABEL.sub("", " ".join(c["text"].split()))
        if kept and text:
            out.append(Claim(text, kept))
    return out


# strict=False: a raw line break inside a string is kept (llama-cpp-python's schema grammar lets one through)
_JSON = json.JSONDecoder(strict=False)
_CLAIMS_OPEN = re.compile(r'\s*\{\s*"claims"\s*:\s*\[')
_BETWEEN = re.compile(r"[\s,]*")
# "Passage 1:", "Passage 2, sentence 1 -" or "(1)": the prompt's numbering, echoed at the start of a claim
_LABEL = re.compile(r"^(?:passage\s*\d+(?:\s*,?\s*sentence\s*\d+)?|\(\d+\))\s*[:.,\-–—]?\s*", re.IGNORECASE)


def completed_claims(reply: str) -> list[object]:
    """The claims a reply cut off (at its token budget) had finished before the cut.

    >>> completed_claims('{"claims": [{"sources": [], "text": "Done."}, {"sources": [], "text": "Cut o')
    [{'sources': [], 'text': 'Done.'}]
    """
    opened = _CLAIMS_OPEN.match(reply)
    if opened is None:
        return []
    claims: list[object] = []
    at = opened.end()
    while True:
        at = _BETWEEN.match(reply, at).end()  # type: ignore[union-attr]  # matches the empty string
        try:
            claim, at = _JSON.raw_decode(reply, at)
        except ValueError:
            return claims
        claims.append(claim)


def _pair(value: object) -> tuple[int, int] | None:
    if not isinstance(value, dict):
        return None
    p, s = value.get("passage"), value.get("sentence")
    # bool is an int to Python, not to JSON: true is no passage number
    return (p, s) if type(p) is int and type(s) is int else None


def content_terms(text: str) -> set[str]:
    """Stemmed words of ``text`` that carry meaning.

    >>> sorted(content_terms("The ships were stranded at sea"))
    ['sea', 'ship', 'strand']
    """
    return {stem(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS}


def supports(sentence: str, claim: str) -> bool:
    """True when ``sentence`` holds at least ``MIN_SHARED`` of ``claim``'s content words (and it has some).

    >>> supports("Bluecrest Rail will give riders 18,000 points.", "Riders get 18,000 points from Bluecrest")
    True
    >>> supports("Power was cut to 4,000 homes.", "Riders get 18,000 points from Bluecrest")
    False
    """
    terms = content_terms(claim)
    return bool(terms) and len(terms & content_terms(sentence)) >= MIN_SHARED * len(terms)


def ground(claims: Sequence[Claim], shown: Sequence[Shown]) -> list[Grounded]:
    """The claim sentences their cited sentences support, each once, in the model's order."""
    by_pair = {(s.passage, s.number): s for s in shown}
    out: list[Grounded] = []
    seen: set[tuple[str, ...]] = set()
    for claim in claims:
        cited = [by_pair[p] for p in claim.sources if p in by_pair]
        for start, end in split_sentences(claim.text):
            part = claim.text[start:end].strip()
            if part.endswith("?"):
                continue  # a claim is not a question: a small model echoes the one it was asked
            support = tuple(s for s in cited if supports(s.sentence.text, part))
            key = tuple(sorted(content_terms(part)))
            if support and key not in seen:  # a small model often says the same thing twice
                seen.add(key)
                out.append(Grounded(part, support))
    return out


def opening(composed: Composed) -> tuple[str, tuple[Citation, ...]]:
    """What an LLM answer starts with, from the extractive composer: the direct answer ("Lisbon [1].") for a
    question that asks for a thing, the "Sources differ" line on a conflict, else nothing."""
    if composed.conflict:
        return composed.text, composed.citations
    if composed.direct is None or not composed.citations:
        return "", ()
    head = f"{composed.direct} [1]."
    cut = composed.text.find(head)
    return (composed.text if cut < 0 else composed.text[: cut + len(head)]), composed.citations[:1]


def render(
    grounded: Sequence[Grounded],
    passages: Sequence[Passage],
    article_texts: Mapping[str, str],
    start: tuple[str, tuple[Citation, ...]] = ("", ()),
) -> tuple[str, tuple[Citation, ...]]:
    """``start`` then each grounded sentence with its [n] markers; one citation per distinct cited sentence,
    numbered after ``start``'s, and commentary attributed ("According to …, ").

    >>> from rag.compose import Sentence
    >>> p = Passage(0, "a1", "T", "Rain fell. Sun rose.", 0, 20, 1.0)
    >>> g = [Grounded("The sun rose", (Shown(1, 2, Sentence(0, 11, 20, "Sun rose.")),))]
    >>> text, cites = render(g, [p], {"a1": "Rain fell. Sun rose."})
    >>> text, [(c.n, c.quote) for c in cites]
    ('The sun rose [1].', [(1, 'Sun rose.')])
    """
    text, first = start
    cites = list(first)
    numbers = {(c.article_id, c.start, c.end): c.n for c in cites}
    parts = [text] if text else []
    for g in grounded:
        marks: list[str] = []
        for s in g.support:
            p = passages[s.sentence.passage]
            key = (p.article_id, s.sentence.start, s.sentence.end)
            if key not in numbers:
                article = article_texts.get(p.article_id, "")
                c = make_citation(len(cites) + 1, p, article, s.sentence.text, s.sentence.start, s.sentence.end)
                if c is None:
                    continue  # the article changed under the passage: never quote what does not verify
                cites.append(c)
                numbers[key] = c.n
            marks.append(f"[{numbers[key]}]")
        if marks:
            parts.append(_with_markers(_attributed(g, passages, article_texts), "".join(dict.fromkeys(marks))))
    return " ".join(parts), tuple(cites)


def _attributed(g: Grounded, passages: Sequence[Passage], article_texts: Mapping[str, str]) -> str:
    """Commentary is never said in the assistant's voice: "According to <piece>, <claim>"."""
    p = passages[g.support[0].sentence.passage]
    lead = lead_in(p.title, article_texts.get(p.article_id, ""), p.published, p.section, p.url, p.source)
    if not lead or g.text.startswith("According to"):
        return g.text
    first = g.text.split(" ", 1)[0]
    return lead + (g.text[0].lower() + g.text[1:] if first.lower() in STOPWORDS else g.text)


def _with_markers(sentence: str, marks: str) -> str:
    """ "Rain fell." → "Rain fell [1]." (the marker before the full stop, as extractive answers have it)."""
    body = sentence.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else "."
    return f"{body.rstrip('.!?').rstrip()} {marks}{end}"
