"""Where the passages hold a question's terms: one substring search of each passage per term, then a bisect per
sentence (pure; the CPU budget of serving). A term is held by a word of its stem, a question's acronym by the name
it stands for spelled out ("the Velling Roads Authority" for "VRA"), and a title ("governor") by its short form
("Gov."). ``rag/evidence.py`` scores each sentence by the terms it holds.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.acronyms import spelled_spans
from rag.records import Passage
from rag.text import SHORT_TITLES, WORD, stem

if TYPE_CHECKING:
    from rag.evidence import Sentence


@functools.lru_cache(maxsize=4096)
def _lower(text: str) -> str:
    """Lower case, offsets kept (the few characters whose lower case is longer stay as they are)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


def term_hits(text: str, terms: tuple[str, ...]) -> list[tuple[int, str]]:
    """(offset, stem) of every word of ``text`` whose stem is one of ``terms``, in order of offset.

    A stem is a prefix of its word, so a substring search per term finds every candidate word in C; only those
    few words are stemmed (a loop over every word of eight passages would cost milliseconds per question; one
    regex alternation of the terms, measured, costs more than these searches).
    """
    low = _lower(text)
    found = []
    for term in terms:
        i = low.find(term)
        while i != -1:
            if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
                word = WORD.match(low, i)
                if word is not None and stem(word.group(0)) == term:
                    found.append((i, term))
            i = low.find(term, i + 1)
    found.sort()
    return found


_SHORT_OF = {stem(long): short for short, long in SHORT_TITLES.items()}  # "govern" → "gov"


@functools.lru_cache(maxsize=4096)
def _short_titles(text: str, terms: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """(offset, term) of every short title in ``text`` for a question's term: "Gov." holds "governor".

    >>> _short_titles("It was Gov. Ada Brook.", (stem("governor"),))
    ((7, 'govern'),)
    """
    out = []
    for term in terms:
        if (short := _SHORT_OF.get(term)) is not None:
            out += [(m.start(), term) for m in re.finditer(rf"\b{short}\.", text, re.I)]
    return tuple(out)


def terms_held(
    sents: Sequence[Sentence], passages: Sequence[Passage], terms: tuple[str, ...], acronyms: tuple[str, ...] = ()
) -> list[tuple[frozenset[str], tuple[int, ...]]]:
    """The question's terms (stems) each sentence holds, and where their words start in it: one search of each
    passage, then a bisect per sentence. A question's acronym is held by the name it stands for, spelled out, and a
    title ("governor") by its short form ("Gov.")."""
    texts = {i: passages[i].text for i in dict.fromkeys(s.passage for s in sents)} if terms else {}
    titles = not _SHORT_OF.keys().isdisjoint(terms)
    hits = {i: term_hits(t, terms) for i, t in texts.items()}
    for i, t in texts.items() if acronyms or titles else ():
        # a name that spells out the question's acronym holds it: news writes "the Velling Roads Authority" in its
        # lede and "VRA" after, or never
        spelled = tuple((start, a.lower()) for start, _, a in spelled_spans(t, acronyms))
        if extra := spelled + (_short_titles(t, terms) if titles else ()):
            hits[i] = sorted(hits[i] + list(extra))
    offsets = {i: [at for at, _ in h] for i, h in hits.items()}
    none: tuple[frozenset[str], tuple[int, ...]] = (frozenset(), ())
    held = []
    for s in sents:
        found = hits.get(s.passage)
        if not found:
            held.append(none)
            continue
        at, origin = offsets[s.passage], passages[s.passage].start
        base = s.start - origin
        a, b = bisect.bisect_left(at, base), bisect.bisect_left(at, s.end - origin)
        held.append((frozenset(t for _, t in found[a:b]), tuple(x - base for x in at[a:b])) if b > a else none)
    return held
