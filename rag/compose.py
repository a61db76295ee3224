"""Extractive answers: the direct answer first, chosen by evidence voting across the retrieved passages.

Pure: passages in, a ``Composed`` answer out; no model runs here. A question that asks for a thing
("which city …", "how many …") gets a short phrase quoted from a cited sentence ("Lisbon [1]."), chosen
by redundancy voting over candidate spans (names, titles, numbers, dates) of the best sentences: each
distinct article that names a candidate near the question's terms adds a vote, weighted by how well
its sentence matches the question, whether the span is of the type asked for, and not already named
in the question. An open question gets one to three cited sentences. Opinion is always attributed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rag.answer_type import defined_name, expected_type
from rag.cite import lead_in, make_citation
from rag.evidence import Candidate as Candidate
from rag.evidence import Sentence as Sentence
from rag.evidence import Weights as Weights
from rag.evidence import score_sentences as score_sentences
from rag.evidence import sentences as sentences
from rag.evidence import vote as vote
from rag.extract import fits, titled
from rag.records import Citation, Passage

DEFAULT = Weights()


@dataclass(frozen=True, slots=True)
class Composed:
    """The composer's output: text with [n] markers, verified citations, and the evidence behind them."""

    text: str
    citations: tuple[Citation, ...]
    direct: str | None = None
    conflict: bool = False
    support: float = 0.0  # the winner's votes (0 for open answers): one input of the engine's confidence
    margin: float = 0.0  # winner's votes minus the runner-up's, over the winner's


def _cite(n: int, s: Sentence, passages: Sequence[Passage], texts: Mapping[str, str]) -> Citation | None:
    p = passages[s.passage]
    return make_citation(n, p, texts[p.article_id], s.text, s.start, s.end)


def _lead(p: Passage, texts: Mapping[str, str]) -> str:
    return lead_in(p.title, texts[p.article_id], p.published, p.section, p.url, p.source)


def _direct(
    kind: str,
    winner: Candidate,
    rival: Candidate | None,
    passages: Sequence[Passage],
    texts: Mapping[str, str],
    w: Weights,
) -> Composed | None:
    assert winner.sentence is not None and winner.span is not None
    sentence, span = winner.sentence, winner.span
    if span.kind == "name":  # shown as news writes it, with the person's title ("Vice President Jo Bell")
        span = titled(sentence.text, span)
    cite = _cite(1, sentence, passages, texts)
    if cite is None:
        return None
    margin = (winner.votes - (rival.votes if rival else 0.0)) / winner.votes if winner.votes > 0 else 0.0
    cite = replace(cite, highlight=(span.start, span.end))
    if rival is not None and _conflicting(kind, winner, rival, passages, texts, w):
        assert rival.sentence is not None and rival.span is not None
        other = _cite(2, rival.sentence, passages, texts)
        if other is not None:
            other = replace(other, highlight=(rival.span.start, rival.span.end))
            pair = sorted([(cite, span.text), (other, rival.span.text)], key=_newest_first)
            cites = tuple(replace(c, n=i) for i, (c, _) in enumerate(pair, start=1))
            said = "; ".join(f"{t} [{i}] ({_day(c)})" for i, (c, t) in enumerate(pair, start=1))
            return Composed(f"Sources differ: {said}.", cites, pair[0][1], True, winner.votes, margin)
    p = passages[sentence.passage]
    lead = _lead(p, texts)  # "According to <piece>, " for commentary: the answer still opens with the phrase
    text = f"{span.text} [1], {lead[:1].lower()}{lead[1:].removesuffix(', ')}." if lead else f"{span.text} [1]."
    if w.context and len(sentence.text.split()) <= w.context_words:
        said = sentence.text
        text += f" “{said}” [1]" if lead else f" {said} [1]"  # commentary stays a quote, never our own voice
    return Composed(text, (cite,), span.text, False, winner.votes, margin)


_SPECIFIC = frozenset({"person", "country", "state", "city", "place", "number", "date", "title"})


def _conflicting(
    kind: str, winner: Candidate, rival: Candidate, passages: Sequence[Passage], texts: Mapping[str, str], w: Weights
) -> bool:
    """Comparable support for two answers of the kind asked for, from pieces of different dates that each name
    only their own answer (a piece that names both is listing them, not disagreeing)."""
    if kind not in _SPECIFIC or rival.votes < w.conflict_ratio * winner.votes:
        return False
    if winner.sentence is None or rival.sentence is None or winner.span is None or rival.span is None:
        return False
    if fits(kind, winner.span) < 1 or fits(kind, rival.span) < 1:
        return False
    a, b = passages[winner.sentence.passage], passages[rival.sentence.passage]
    if a.article_id == b.article_id or a.published is None or b.published is None or a.published == b.published:
        return False
    return rival.span.text not in texts[a.article_id] and winner.span.text not in texts[b.article_id]


def _newest_first(pair: tuple[Citation, str]) -> tuple[bool, int]:
    published = pair[0].published
    return (published is None, -(published.toordinal() if published else 0))


def _day(c: Citation) -> str:
    return c.published.isoformat() if c.published else "undated"


_WHOLE = re.compile(r"[.!…][\"”’')\]]*\s*$")  # a statement's end, perhaps inside a quote or brackets (no "?")


_LATEST = re.compile(r"\b(?:latest|newest|most recent|updates?)\b", re.I)
DEFINING = 1.5  # "who is X?": a sentence that says who X is ("X, the harbour master, …") counts this much more


_NOT_TITLE = re.compile(
    r"\b(?:and|or|but|with|by|to|of|for|in|on|at|from|about|against|said|says|told|than|as|that|if|when|while|"
    r"because|after|before|like|is|was|are|were|has|had|have|the|a|an)\s+$",
    re.I,
)


def _defines(sentence: str, name: str) -> bool:
    """The sentence says who ``name`` is: an apposition, "is a / was the …", or a title just before the name
    (a capitalised word: "Mayor Ada Brook").

    >>> _defines("Ada Brook, the harbour master, spoke.", "Ada Brook"), _defines("Ada Brook spoke.", "Ada Brook")
    (True, False)
    >>> _defines("Mayor Ada Brook spoke.", "Ada Brook"), _defines("They thanked Ada Brook.", "Ada Brook")
    (True, False)
    >>> _defines("It went to Ada Brook.", "Ada Brook")
    False
    """
    at = sentence.find(name)
    if at < 0:
        return False
    after, before = sentence[at + len(name) :], sentence[:at]
    return bool(
        re.match(r"(?:,\s+(?:a|an|the|who)\b|\s+(?:is|was)\s+(?:a|an|the)\b)", after)
        or (re.search(r"\b[A-Z][\w.]*\s+$", before) is not None and not _NOT_TITLE.search(before))
    )


def _open(
    scored: Sequence[Sentence], passages: Sequence[Passage], texts: Mapping[str, str], w: Weights, question: str = ""
) -> Composed:
    """One to three of the best sentences, grouped by piece, commentary attributed; whole sentences only, when
    there are any (not a teaser cut off mid-sentence, nor a link's headline from a page's boilerplate).

    "Who is X?" prefers the sentences that say who X is; "the latest on X" puts the newest piece first."""
    name = defined_name(question)
    whole = [s for s in scored if _WHOLE.search(s.text)] or scored
    order = sorted(whole, key=lambda s: -s.score * (DEFINING if name and _defines(s.text, name) else 1.0))
    chosen: dict[str, list[tuple[Sentence, Citation]]] = {}
    quoted: set[str] = set()
    for s in order:
        if len(quoted) >= w.max_sentences or (quoted and s.score < w.open_share * order[0].score):
            break
        # the same sentence twice (a wire copy, or one with a kicker) says nothing new; unverifiable is never shown
        again = any(s.text in q or q in s.text for q in quoted)
        cite = None if again else _cite(0, s, passages, texts)
        if cite is not None:
            quoted.add(s.text)
            chosen.setdefault(passages[s.passage].article_id, []).append((s, cite))
    groups = list(chosen.values())
    if _LATEST.search(question):
        groups.sort(key=lambda g: -(passages[g[0][0].passage].published or dt.date.min).toordinal())
    parts: list[str] = []
    cites: list[Citation] = []
    leads: set[str] = set()
    for group in groups:
        p = passages[group[0][0].passage]
        lead = _lead(p, texts)
        if lead in leads:  # two untitled pieces named alike: "According to another opinion piece from …"
            lead = re.sub(r"^According to an? ", "According to another ", lead)
        leads.add(lead)
        said = []
        for j, (s, cite) in enumerate(group):
            cites.append(replace(cite, n=len(cites) + 1))
            said.append(f"{_continue_after(lead, s.text, texts[p.article_id]) if j == 0 else s.text} [{len(cites)}]")
        parts.append(lead + " ".join(said))
    return Composed(" ".join(parts), tuple(cites))


_LOWER_AFTER_COMMA = frozenset("the this that these those it its a an in on at for as but and he she they we".split())


def _continue_after(lead: str, sentence: str, article: str = "") -> str:
    """Lower-case the first word after "According to …, " when it is an ordinary word (the article also
    writes it in lower case); names keep their capitals.

    >>> _continue_after("According to X, ", "Tolls are a tax.", "… and tolls rise."), _continue_after("", "This.")
    ('tolls are a tax.', 'This.')
    """
    first = sentence.split(" ", 1)[0]
    plain = first.lower()
    if lead.endswith(", ") and (plain in _LOWER_AFTER_COMMA or re.search(rf"\b{re.escape(plain)}\b", article)):
        return plain + sentence[len(first) :]
    return sentence


def compose(
    question: str, passages: Sequence[Passage], article_texts: Mapping[str, str], weights: Weights = DEFAULT
) -> Composed:
    """The answer to ``question`` from ``passages``: a direct answer when it asks for a thing, else sentences."""
    scored = score_sentences(question, sentences(passages, weights.passages), passages, weights)
    if not scored:
        return Composed("", ())
    kind = expected_type(question)
    if kind is not None:
        ranked = vote(question, kind, scored, passages, weights)
        offered = max((c.sentence.score for c in ranked if c.sentence is not None), default=0.0)
        best = max(s.score for s in scored)
        winner = ranked[0].sentence if ranked else None
        # a winner carried by many weak mentions, far below the best sentence that offers any candidate, is no
        # answer, nor is one from a sentence far below the best of all: quote the best sentences instead
        if winner is not None and winner.score >= max(weights.weak * offered, weights.least * best):
            rival = ranked[1] if len(ranked) > 1 else None
            composed = _direct(kind, ranked[0], rival, passages, article_texts, weights)
            if composed is not None:
                return composed
    return _open(scored, passages, article_texts, weights, question)
