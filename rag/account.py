"""Accounts: answers made of cited sentences, for the questions that do not ask for one thing ("why …", "what
does the archive say about …", "who is <name>?") and for a question about a time alone ("what happened last
week?"). Pure: passages in, text with [n] markers and verified citations out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from embeddings.sentence_table import scorable
from rag.cite import lead_in, make_citation
from rag.evidence import STATEMENT, Sentence, Weights, ending
from rag.named import defined_name
from rag.records import Citation, Passage


def cite(n: int, s: Sentence, passages: Sequence[Passage], texts: Mapping[str, str]) -> Citation | None:
    """Citation ``n`` of sentence ``s``, or None when its quote does not verify against the article."""
    p = passages[s.passage]
    return make_citation(n, p, texts[p.article_id], s.text, s.start, s.end)


def lead(p: Passage, texts: Mapping[str, str]) -> str:
    """ "According to <piece>, " for commentary, nothing for a news report."""
    return lead_in(p.title, texts[p.article_id], p.published, p.section, p.url, p.source)


_LATEST = re.compile(r"\b(?:latest|newest|most recent|updates?)\b", re.I)
DEFINING = 1.5  # "who is X?": a sentence that says who X is ("X, the harbour master, …") counts this much more


_NOT_TITLE = re.compile(
    r"\b(?:and|or|but|with|by|to|of|for|in|on|at|from|about|against|said|says|told|than|as|that|if|when|while|"
    r"because|after|before|like|is|was|are|were|be|been|will|would|can|could|should|may|might|must|not|do|does|did|"
    r"has|had|have|the|a|an|met|saw|called|named|asked|hired|fired|"
    r"\w+ed|\w+ing|\w+[^s]s)\s+$",  # a verb: "thanked", "visiting", "thinks" (not "boss")
    re.I,
)


def _defines(sentence: str, name: str) -> bool:
    """The sentence says who or what ``name`` is: an apposition, "is a / was the …", or a title or kind just
    before the name ("Mayor Ada Brook", "search startup Quillon"; not a verb: "thanked Ada Brook").

    >>> _defines("Ada Brook, the harbour master, spoke.", "Ada Brook"), _defines("Ada Brook spoke.", "Ada Brook")
    (True, False)
    >>> _defines("Mayor Ada Brook spoke.", "Ada Brook"), _defines("They thanked Ada Brook.", "Ada Brook")
    (True, False)
    >>> _defines("It went to Ada Brook.", "Ada Brook"), _defines("The search startup Quillon grew.", "Quillon")
    (False, True)
    >>> _defines("The winner will be Ada Brook.", "Ada Brook")  # a verb before the name, not a title
    False
    """
    at = sentence.find(name)
    if at < 0:
        return False
    after, before = sentence[at + len(name) :], sentence[:at]
    return bool(
        re.match(r"(?:,\s+(?:a|an|the|who)\b|\s+(?:is|was)\s+(?:a|an|the)\b)", after)
        or (re.search(r"\b\w[\w.]*\s+$", before) is not None and not _NOT_TITLE.search(before))
    )


def account(
    scored: Sequence[Sentence],
    passages: Sequence[Passage],
    texts: Mapping[str, str],
    w: Weights,
    question: str,
    offered: Sequence[str] = (),
) -> tuple[str, tuple[Citation, ...]]:
    """One to three of the best sentences, grouped by piece, commentary attributed; whole sentences only, when
    there are any (not a teaser cut off mid-sentence, nor a link's headline from a page's boilerplate).

    "Who is X?" prefers the sentences that say who X is; "the latest on X" puts the newest piece first. A question
    that asks for a thing, answered with sentences because no candidate stood out, prefers those that name one of
    the best candidates (``offered``): the reader sees them in context."""
    name = defined_name(question)
    on_topic = [s for s in scored if s.score > 0]  # a sentence that holds none of the question's terms is off it
    top = max((s.score for s in on_topic), default=0.0)
    whole = [s for s in on_topic if ending(s.text) in STATEMENT and s.score >= w.teaser * top] or on_topic
    if offered and w.naming:  # … looked for only among the sentences that may be quoted
        floor = w.open_share * max(s.score for s in whole) / (1 + w.naming)
        whole = [_naming(s, offered, w) if s.score >= floor else s for s in whole]
    order = sorted(whole, key=lambda s: -s.score * (DEFINING if name and _defines(s.text, name) else 1.0))
    chosen: dict[str, list[tuple[Sentence, Citation]]] = {}
    quoted: set[str] = set()
    for s in order:
        if len(quoted) >= w.max_sentences or (quoted and s.score < w.open_share * order[0].score):
            break
        # the same sentence twice (a wire copy, or one with a kicker) says nothing new; unverifiable is never shown
        again = any(s.text in q or q in s.text for q in quoted)
        cited = None if again else cite(0, s, passages, texts)
        if cited is not None:
            quoted.add(s.text)
            chosen.setdefault(passages[s.passage].article_id, []).append((s, cited))
    groups = list(chosen.values())
    if _LATEST.search(question):
        groups.sort(key=lambda g: _newest(passages[g[0][0].passage]))
    return _render(groups, passages, texts)


def _naming(s: Sentence, offered: Sequence[str], w: Weights) -> Sentence:
    return s._replace(score=s.score * (1 + w.naming)) if any(c in s.text for c in offered) else s


def digest(passages: Sequence[Passage], texts: Mapping[str, str], w: Weights) -> tuple[str, tuple[Citation, ...]]:
    """For a question about a time and nothing else ("what happened last week?"): the opening sentence of each of
    the best pieces of that time, newest first."""
    groups: list[list[tuple[Sentence, Citation]]] = []
    seen: set[str] = set()
    for i, p in sorted(enumerate(passages), key=lambda ip: _newest(ip[1])):
        text = texts[p.article_id]
        first = next(((s, e) for s, e in scorable(text) if ending(text[s:e]) in STATEMENT), None)
        if len(groups) >= w.max_sentences or p.article_id in seen or first is None:
            continue
        cited = cite(0, Sentence(i, first[0], first[1], text[first[0] : first[1]]), passages, texts)
        if cited is not None:
            seen.add(p.article_id)
            groups.append([(Sentence(i, first[0], first[1], cited.quote), cited)])
    return _render(groups, passages, texts)


def _newest(p: Passage) -> int:
    return -(p.published or dt.date.min).toordinal()


def _render(
    groups: Sequence[Sequence[tuple[Sentence, Citation]]], passages: Sequence[Passage], texts: Mapping[str, str]
) -> tuple[str, tuple[Citation, ...]]:
    """The answer text of these sentences, grouped by piece in this order, numbered from 1."""
    parts: list[str] = []
    cites: list[Citation] = []
    leads: set[str] = set()
    for group in groups:
        p = passages[group[0][0].passage]
        said_by = lead(p, texts)
        if said_by in leads:  # two untitled pieces named alike: "According to another opinion piece from …"
            said_by = re.sub(r"^According to an? ", "According to another ", said_by)
        leads.add(said_by)
        said = []
        for j, (s, cited) in enumerate(group):
            cites.append(replace(cited, n=len(cites) + 1))
            text = s.text if ending(s.text) else f"{s.text}…"  # a teaser cut off mid-sentence says so
            if j == 0:
                said.append(f"{_continue_after(said_by, text, texts[p.article_id])} [{len(cites)}]")
            else:  # the piece's further sentence is still the piece's, never said in the assistant's voice
                said.append(f"It adds: “{text}” [{len(cites)}]" if said_by else f"{text} [{len(cites)}]")
        parts.append(said_by + " ".join(said))
    return " ".join(parts), tuple(cites)


_LOWER_AFTER_COMMA = frozenset("the this that these those it its a an in on at for as but and he she they we".split())


def _continue_after(lead: str, sentence: str, article: str = "") -> str:
    """Lower-case the first word after "According to …, " when it is an ordinary word (the article also
    writes it in lower case); names keep their capitals.

    >>> _continue_after("According to X, ", "Tolls are a tax.", "… and tolls rise."), _continue_after("", "This.")
    ('tolls are a tax.', 'This.')
    >>> _continue_after("By X, ", "Now, tolls rise.", "… for now."), _continue_after("By X, ", "Ada won.")
    ('now, tolls rise.', 'Ada won.')
    """
    m = re.match(r"[\w’'-]+", sentence)
    if m is None or not lead.endswith(", "):
        return sentence
    plain = m.group(0).lower()  # "Now," is tested as "now"
    if plain in _LOWER_AFTER_COMMA or re.search(rf"\b{re.escape(plain)}\b", article):
        return plain + sentence[m.end() :]
    return sentence
