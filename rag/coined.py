"""Terms news introduces by their kind: "the medication velorin", "a compound called tarrozine" give a name that no
capital marks and no dictionary knows, right after the noun a "what medication / compound …?" question asks by.

A word is a dictionary's when WordNet 3.0 has it as a noun, verb, adjective or adverb, in any of its forms, or it is a
small word (``rag.text.STOPWORDS``, ``_CLOSED``). Pure but for ``english``, which reads WordNet's index files once per
process (0.2 s).
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import Span
from rag.taxonomy import wordnet_directory
from rag.text import STOPWORDS, stem

_WORD = re.compile(r"[A-Za-z][a-z-]*")
_CALLED = frozenset("called named dubbed known as".split())  # "a compound called …", "a drug known as …"
LONGEST = 2  # words of a term ("kessia tarrowi")
# small words WordNet leaves out and STOPWORDS does not list (a preposition's, a conjunction's, a pronoun's)
_CLOSED = frozenset(
    "since whose whom whoever whatever whether while until unless upon toward towards amid amidst among amongst "
    "despite during onto within without throughout besides beyond whereas although though unlike versus per via "
    "thus hence yet nor".split()
)
# the endings that make a dictionary word's other forms ("-ies" → "-y", "-ing" → "-e" …)
_FORMS = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
          ("ly", ""), ("er", ""), ("est", ""), ("d", ""))  # fmt: skip


def terms_after(sentence: str, heads: frozenset[str], known: frozenset[str]) -> tuple[Span, ...]:
    """The lower-case words no dictionary knows (one or two) the sentence writes right after one of the question's
    head nouns, perhaps after "called" or "known as": a term of that kind. ``known``: the dictionary (``english``).

    >>> known = frozenset("the agency approved medication for children it found a bacterium in lotion typical".split())
    >>> medication, bacterium = frozenset({"medica"}), frozenset({"bacter"})
    >>> [s.text for s in terms_after("The agency approved the medication velorin for children.", medication, known)]
    ['velorin']
    >>> [s.text for s in terms_after("It found a bacterium called kessia tarrowi in a lotion.", bacterium, known)]
    ['kessia tarrowi']
    >>> terms_after("The medication typically helps; the medication approved in May.", medication, known)
    ()
    """
    out = []
    for head in _heads(heads).finditer(sentence):  # a lower-case word that starts with a head noun's stem …
        if stem(head.group(0)) not in heads:
            continue  # … and is that noun ("medications", not "medicated")
        after = _AFTER.match(sentence, head.end())  # up to two called-words and LONGEST words after it
        run = list(_WORD.finditer(sentence, head.end(), after.end())) if after else []
        while run and run[0].group(0) in _CALLED:
            run = run[1:]  # "a compound called …", "a drug known as …"
        run = run[:LONGEST]
        n = next((k for k, t in enumerate(run) if not _unknown(t.group(0), known)), len(run))
        if n and all(sentence[a.end() : b.start()] == " " for a, b in zip(run[: n - 1], run[1:n], strict=True)):
            start, end = run[0].start(), run[n - 1].end()
            out.append(Span(start, end, sentence[start:end], "phrase"))
    return tuple(out)


_AFTER = re.compile(r"(?:\s+[A-Za-z][a-z-]*){1,4}")


@functools.lru_cache(maxsize=256)
def _heads(heads: frozenset[str]) -> re.Pattern[str]:
    """A pattern that finds the lower-case words that start with one of the head nouns' stems."""
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(heads)))})[a-z-]*\b")


def _unknown(word: str, known: frozenset[str]) -> bool:
    """A lower-case word of four letters or more that is no form of a dictionary word."""
    if not word.islower() or len(word) < 4 or word in STOPWORDS or word in _CLOSED or word in known:
        return False
    return not any(word.endswith(end) and word[: len(word) - len(end)] + to in known for end, to in _FORMS)


@functools.cache
def english() -> frozenset[str]:
    """Every lemma and irregular form WordNet 3.0 has, in lower case ("say", "said", "typically", "across")."""
    directory = wordnet_directory()
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        with open(directory / f"index.{pos}", encoding="latin-1") as f:
            words.update(line.split(" ", 1)[0] for line in f if not line.startswith("  "))
        with open(directory / f"{pos}.exc", encoding="latin-1") as f:
            words.update(line.split(" ", 1)[0] for line in f)
    return frozenset(words)
