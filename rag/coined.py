"""Terms news introduces by their kind: "the medication velorin", "a compound called tarrozine" give a name that no
capital marks and no dictionary knows, right after the noun a "what medication / compound …?" question asks by.

A word is a dictionary's when WordNet 3.0 has it as a noun, verb, adjective or adverb, in any of its forms, or joined
of two such words ("rollout", "co-founder"), or it is a small word (``rag.text.STOPWORDS``, ``_CLOSED``). Pure but
for ``english``, which reads WordNet's index files once per process (0.2 s).
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import Span
from rag.taxonomy import PLURALS, wordnet_directory
from rag.text import STOPWORDS

_WORD = re.compile(r"[A-Za-z][a-z]*(?:-[a-z]+)*")
_CALLED = ("called", "named", "dubbed", "known as")  # "a compound called …", "a drug known as …"
LONGEST = 2  # words of a term ("kessia tarrowi")
# small words WordNet leaves out and STOPWORDS does not list (a preposition's, a conjunction's, a pronoun's)
_CLOSED = frozenset(
    "since whose whom whoever whatever whether while until unless upon toward towards amid amidst among amongst "
    "despite during onto within without throughout besides beyond whereas although though unlike versus per via "
    "thus hence yet nor".split()
)
# the endings that make a dictionary word's other forms ("-ies" → "-y", "-ing" → "-e" …)
_FORMS = PLURALS + (("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""), ("er", ""),
                   ("est", ""), ("d", ""))  # fmt: skip
_VERB_ENDS = ("ed", "ing")  # "rebranded", "trialled": a verb's form, no name (unless after "called …")


def terms_after(sentence: str, noun: str, known: frozenset[str]) -> tuple[Span, ...]:
    """The lower-case words no dictionary knows (one or two) the sentence writes right after the question's head
    ``noun`` (or its plural), perhaps after "called" or "known as": a term of that kind. ``known``: the dictionary
    (``english``).

    >>> known = frozenset("the agency approved medication it found a bacterium lotion roll out typical help".split())
    >>> [s.text for s in terms_after("The agency approved the medication velorin for children.", "medication", known)]
    ['velorin']
    >>> [s.text for s in terms_after("It found a bacterium called kessia tarrowi in a lotion.", "bacterium", known)]
    ['kessia tarrowi']
    >>> t = "The medication typically helps; the medication rollout; the medication wasn't; the medicated velorin."
    >>> terms_after(t, "medication", known)
    ()
    """
    out = []
    for head in _noun(noun).finditer(sentence):
        rest = sentence[head.end() :]
        called = next((c for c in _CALLED if rest.startswith(f" {c} ")), None)  # "a compound called …"
        at = head.end() + (len(called) + 1 if called else 0)
        run: list[re.Match[str]] = []
        for word in _WORD.finditer(sentence, at, at + 60):
            gap = sentence[(run[-1].end() if run else at) : word.start()]
            if gap != " " or len(run) == LONGEST or not _unknown(word.group(0), known, bool(called)):
                break
            if sentence[word.end() : word.end() + 1] in ("'", "’"):
                break  # "wasn't", "the app's": a contraction or a possessive
            run.append(word)
        if run:
            out.append(Span(run[0].start(), run[-1].end(), sentence[run[0].start() : run[-1].end()], "phrase"))
    return tuple(out)


@functools.lru_cache(maxsize=256)
def _noun(noun: str) -> re.Pattern[str]:
    """The head noun written in lower case, alone or as its plural ("medication", "medications")."""
    return re.compile(rf"\b{re.escape(noun)}(?:s|es)?\b")


def _unknown(word: str, known: frozenset[str], called: bool) -> bool:
    """A lower-case word of four letters or more that no dictionary knows in any form, nor as two known words joined
    ("rollout") or hyphenated ("fast-tracked"); after "called …", a verb's ending does not make it one."""
    if not word.islower() or len(word) < 4 or word in STOPWORDS or word in _CLOSED:
        return False
    if not called and word.endswith(_VERB_ENDS):
        return False
    parts = word.split("-")
    if len(parts) > 1:
        return not all(_form(p, known) for p in parts)
    return not (_form(word, known) or _joined(word, known))


def _form(word: str, known: frozenset[str]) -> bool:
    return word in known or any(word.endswith(e) and word[: len(word) - len(e)] + to in known for e, to in _FORMS)


def _joined(word: str, known: frozenset[str]) -> bool:
    """Two known words of three letters or more written as one ("rollout", "pushback", "goalscorer")."""
    return any(_form(word[:i], known) and _form(word[i:], known) for i in range(3, len(word) - 2))


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
