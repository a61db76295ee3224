"""A question's words that the archive never writes, respelled as it does ("Who is Ada Brrok?" → "Ada Brook").

Readers type names from memory, and one slip of a key costs a name its keyword match and much of its meaning to the
vectors; the composer then finds no sentence that holds it. A word of five letters or more that no chunk of the
archive holds is replaced by a word one slip away behind its first letter (a letter swapped with the next, added,
replaced or dropped), or by two words a missing space ran together ("Riverbowl": "River Bowl"):
- whose term the archive holds beside the question's other words: of the variants, the one whose term holds the
  largest share of the chunks of the question's other terms, summed over them, if that is at least ``TOGETHER``
  ("Who is the Presdent of Tarvania?" is "President", which the pieces about Tarvania write, not the commoner
  "Present");
- as the archive writes it: the word itself is read from those chunks (a term is a stem, "presid", which
  "presiding" shares);
- and, when it is one letter shorter than the word typed (which is as often another word: "Bankso", "banks"),
  written beside the question's other words at least ``LIFT`` times as often as anywhere.
A word the archive writes is never touched, nor one of mixed or all capitals (an acronym), nor one in double quotes
(a reader who means the word as typed quotes it, as in a search engine). Pure: the archive comes in as a
``Vocabulary``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from embeddings.bm25 import found_in
from embeddings.terms import joined, terms, word_terms
from rag.text import keyword_terms

TOGETHER = 0.02  # the least summed share of the other terms' chunks that hold a respelling
LIFT = 1.0  # how much likelier beside the question's words than anywhere a respelling one letter shorter must be
SHORTEST = 5  # letters: a shorter word has too many one-slip neighbours that the archive writes
SAMPLE = 8  # chunks read for the word the archive writes
TERMS_READ = 3  # terms, best first, whose chunks are read for it
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(rf"(?<![\w’'-])[A-Za-z]{{{SHORTEST},}}(?![\w-])")
_TEXT_WORD = re.compile(r"[A-Za-z]{4,}")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')  # a word in double quotes is searched as typed: the reader's own override
_GROUPED_NUMBER = re.compile(r"\d[\d,.]*\d")  # "10,000", "6.9" (``joined`` writes such a number as one word)


class Vocabulary(Protocol):
    """What the archive tells of its terms (``embeddings.store.StoredIndex``)."""

    def chunk_counts(self, terms: Sequence[str]) -> np.ndarray: ...

    def chunks_holding(self, term: str) -> np.ndarray: ...

    def chunk_text(self, chunk_id: int) -> str: ...


def keyword_words(question: str, vocabulary: Vocabulary) -> list[str]:
    """The question's words for the keyword search (``rag.text.keyword_terms``), each grouped number as one word
    ("10,000": "10000", ``embeddings.terms.joined``) where the vocabulary holds it so. A version indexed under keyword
    terms 2 holds "10" and "000": until the next index run writes it again, such a number is searched in its pieces."""
    numbers = {m[0]: j for m in _GROUPED_NUMBER.finditer(question) if (j := joined(m[0])) != m[0]}
    held = vocabulary.chunk_counts([t for j in numbers.values() for t in terms(j)]) if numbers else ()
    one = {typed for typed, n in zip(numbers, held, strict=True) if n}
    return keyword_terms(_GROUPED_NUMBER.sub(lambda m: numbers[m[0]] if m[0] in one else m[0], question))


def slips(word: str) -> list[str]:
    """Every word one slip of a key away from ``word`` (lower case) behind its first letter, each once: swapped
    letters first, then a letter added, replaced or dropped (the order decides between equals). A reader seldom
    mistypes a word's first letter, and a name the archive lacks often has a neighbour that differs there ("Arno",
    "Sarno").

    >>> slips("brrok")[:3], "brook" in slips("borok"), "brook" in slips("brok"), "brook" in slips("brooks")
    (['brork', 'brrko', 'barrok'], True, True, True)
    >>> "sarno" in slips("arno"), "arnos" in slips("arno")
    (False, True)
    """
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]  # the first letter kept: it is rarely the slip
    swapped = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    added = [a + c + b for a, b in splits for c in _LETTERS]
    replaced = [a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]]
    dropped = [a + b[1:] for a, b in splits if b]
    return [w for w in dict.fromkeys(swapped + added + replaced + dropped) if w != word]


def _both(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which of ``a`` are in ``b`` (both ascending chunk numbers), as a bool mask over ``a``."""
    return found_in(b, a)[1] if len(b) else np.zeros(len(a), dtype=bool)


def _together(chunks: np.ndarray, context: Sequence[np.ndarray]) -> float:
    """The share of each context term's chunks that also hold ``chunks``' term, summed."""
    return sum(int(np.count_nonzero(_both(c, chunks))) / len(c) for c in context)


def _slipped(word: str, term: str) -> Callable[[str], list[str]]:
    """What finds, in a text, the words one slip from ``word`` whose term is ``term`` (in lower case)."""
    near = set(slips(word.lower()))
    return lambda text: [w.lower() for w in _TEXT_WORD.findall(text) if w.lower() in near and terms(w) == [term]]


def _spaced(first: str, second: str) -> Callable[[str], list[str]]:
    """What finds, in a text, two words typed as one ("riverbowl"): with a space or hyphen between, as written."""
    pattern = re.compile(rf"\b{first}[\s-]{second}\b", re.I)
    return lambda text: pattern.findall(text)


def _options(word: str, vocabulary: Vocabulary) -> list[tuple[np.ndarray, Callable[[str], list[str]]]]:
    """Each respelling the archive may write for ``word``: the chunks that hold it, and what finds it in their texts.
    A one-slip variant's term, or two words of three letters or more that a missing space ran together."""
    lower = word.lower()
    variants = list(dict.fromkeys(word_terms(slips(lower))))
    held = vocabulary.chunk_counts(variants) if variants else np.zeros(0, dtype=np.int64)
    out = [(vocabulary.chunks_holding(t), _slipped(word, t)) for t, n in zip(variants, held, strict=True) if n]
    for i in range(3, len(lower) - 2):
        first, second = word_terms([lower[:i], lower[i:]])
        both = np.intersect1d(vocabulary.chunks_holding(first), vocabulary.chunks_holding(second), assume_unique=True)
        if len(both):
            out.append((both, _spaced(lower[:i], lower[i:])))
    return out


def _written(
    finds: Callable[[str], list[str]], chunks: np.ndarray, context: Sequence[np.ndarray], vocabulary: Vocabulary
) -> str | None:
    """What the archive writes, as ``finds`` finds it, most often among up to ``SAMPLE`` of ``chunks`` (those beside
    the context first); None when they write none ("dureds" is no word, though its term, "dure", is "during"'s)."""
    beside = np.zeros(len(chunks), dtype=bool)
    for c in context:
        beside |= _both(chunks, c)
    sample = np.concatenate([chunks[beside], chunks[~beside]])[:SAMPLE] if context else chunks[:SAMPLE]
    seen = Counter(w for c in sample.tolist() for w in finds(vocabulary.chunk_text(c)))
    return seen.most_common(1)[0][0] if seen else None


def _respelling(word: str, vocabulary: Vocabulary, context: Sequence[np.ndarray], total: int) -> str | None:
    """What the archive writes for ``word`` beside the context terms (or, with none, what it writes most), in
    ``word``'s case; None when there is none."""
    options = _options(word, vocabulary)
    shares = [_together(chunks, context) if context else 0.0 for chunks, _ in options]
    ranked = sorted(range(len(options)), key=lambda i: (-shares[i], -len(options[i][0])))  # stable among equals
    for i in ranked[:TERMS_READ]:
        chunks, finds = options[i]
        if context and shares[i] < TOGETHER:
            break
        better = _written(finds, chunks, context, vocabulary)
        if better is None or (
            context and len(better) < len(word) and shares[i] / len(context) < LIFT * len(chunks) / total
        ):
            continue  # not written; or one letter shorter and no likelier beside the question's words than anywhere
        return better[0].upper() + better[1:] if word[0].isupper() else better.lower()
    return None


def quoted(question: str) -> Callable[[re.Match[str]], bool]:
    """What tells whether a match in ``question`` lies in double quotes (meant as typed).

    >>> inside = quoted('Who is Ada "Brrok" of Lakport?')
    >>> [inside(m) for m in re.finditer(r"[A-Z]\\w+", 'Who is Ada "Brrok" of Lakport?')]
    [False, False, True, False]
    """
    spans = [m.span() for m in _QUOTED.finditer(question)]
    return lambda m: any(a < m.start() < b for a, b in spans)


def respelled(question: str, vocabulary: Vocabulary, total: int) -> str:
    """``question`` with each word the archive never writes respelled as it does, where one slip explains it
    (``total``: how many chunks the archive has). tests/rag/test_respell.py has examples."""
    typed = quoted(question)
    words = [m for m in _WORD.finditer(question) if (m.group().islower() or m.group().istitle()) and not typed(m)]
    if not words:
        return question
    held = vocabulary.chunk_counts(word_terms([m.group().lower() for m in words]))
    unknown = [m for m, n in zip(words, held, strict=True) if not n]
    if not unknown:
        return question
    asked = list(dict.fromkeys(t for w in keyword_words(question, vocabulary) for t in terms(w)))
    known = [t for t, n in zip(asked, vocabulary.chunk_counts(asked), strict=True) if n]
    context = [vocabulary.chunks_holding(t) for t in known]
    out = question
    for m in reversed(unknown):  # from the end: earlier offsets stay valid
        better = _respelling(m.group(), vocabulary, context, total)
        if better is not None:
            out = out[: m.start()] + better + out[m.end() :]
    return out
