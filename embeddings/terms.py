"""The terms the keyword side indexes (``embeddings/keywords.py`` holds their postings): what SQLite FTS5's ``porter
unicode61 remove_diacritics 2`` tokenizer makes of a text (Unicode letters and digits, case- and accent-folded,
Porter-stemmed), a grouped number as one term, the initials of the names a text spells out, and the 64-bit key a
term is stored under. Pure.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

import Stemmer

_WORD = re.compile(r"[^\W_]+")  # unicode61: letters and digits; "_" and punctuation separate
_stemmer = Stemmer.Stemmer("porter")
# The terms a chunk's text adds beyond its words (``TERM_RULES`` names this version of them; a version whose sentence
# tables were written under other ones is written again by the next index run): 2, the initials of the names it
# spells out, so that "BLA" finds "the Balochistan Liberation Army" (``initials``); 3, a number as one term however it
# is grouped ("10,000" is "10000", not "10" and "000": ``joined``)
TERM_RULES = 3
SMALL_WORDS = ("of", "and", "for", "the", "&")  # inside a name, no letter of its acronym ("Velling Roads and Ferries")
_NAME_WORD = r"[A-Z][a-z][\w’'-]*"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:{'|'.join(SMALL_WORDS)})\s+)?{_NAME_WORD})+")
_NOT_IN_NAMES = frozenset("the a an in on at for but and as by to with from of if when after before this that".split())


def fold(text: str) -> str:
    """Lower case without accents (what ``remove_diacritics 2`` does).

    >>> fold("Zoë Ångström")
    'zoe angstrom'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _NON_ASCII.sub(_uncombined, decomposed)  # only the non-ASCII runs are looked at, character by character


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _uncombined(run: re.Match[str]) -> str:
    return "".join(c for c in run.group() if not unicodedata.combining(c))


def terms(text: str) -> list[str]:
    """The indexed terms of ``text``, in order (repeats kept); a number is one term however it is grouped
    (``joined``).

    >>> terms("Elections: the voters' choices, 2024")
    ['elect', 'the', 'voter', 'choic', '2024']
    >>> terms("10,000 jobs, a 6.9 quake, 1,2,3")
    ['10000', 'job', 'a', '6p9', 'quak', '1', '2', '3']
    """
    words: list[str] = _WORD.findall(joined(fold(text) if not text.isascii() else text.lower()))
    return list(_stemmer.stemWords(words))


# "10,000": a thousands separator; "6.9": a decimal point. Each match starts at a digit (a look-behind would be tried at
# every character of a chunk's text: twice the time)
_GROUPED = re.compile(r"(\d),(?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"(\d)\.(?=\d)")


def joined(text: str) -> str:
    """``text`` with its numbers written as one word each: "10,000" as "10000" and "6.9" as "6p9" (a letter: any
    other mark would split the word again), so that a query for "10,000" finds "10,000" and "10000", not every "000"
    of the archive.

    >>> joined("$1.5 billion for 10,000 and 10000 jobs, in 2,31")
    '$1p5 billion for 10000 and 10000 jobs, in 2,31'
    """
    return _DECIMAL.sub(r"\1p", _GROUPED.sub(r"\1", text))


def word_terms(words: Sequence[str]) -> list[str]:
    """The term of each of ``words``, lower-case ASCII words of letters alone (what ``terms`` makes of each, at one
    call of the stemmer for all).

    >>> word_terms(["voters", "choices"])
    ['voter', 'choic']
    """
    return list(_stemmer.stemWords(words))


def name_terms(text: str) -> list[str]:
    """The terms of the ``initials`` of the names ``text`` spells out (a chunk's text, not a headline, whose capitals
    are no names): indexed apart from its words, so that only a question's acronym looks for them.

    >>> name_terms("The Velling Roads Authority met.")
    ['vra']
    """
    return list(_stemmer.stemWords(initials(text)))


def initials(text: str) -> list[str]:
    """The acronyms of the names ``text`` spells out, in lower case: the initials of a name's first three to five
    words, small words skipped, as news shortens a name (as ``rag.acronyms.spelling`` reads one). A capitalised word
    that opens a sentence ("The", "In") is no part of the name after it.

    >>> initials("The Velling Roads and Ferries Authority said the Lakeport Harbour Board agreed.")
    ['vrf', 'vrfa', 'lhb']
    >>> initials("Centers for Disease Control and Prevention staff met Ada Brook.")
    ['cdc', 'cdcp']
    """
    out = []
    for run in _NAME_RUN.finditer(text):
        words = [w for w in run.group().split() if w not in SMALL_WORDS]
        if words[0].lower() in _NOT_IN_NAMES:
            words = words[1:]
        letters = "".join(w[0] for w in words).lower()
        out += [letters[:n] for n in range(3, min(len(letters), 5) + 1)]
    return out


def query_terms(words: Sequence[str]) -> list[str]:
    """The distinct indexed terms of a query's words, in order.

    >>> query_terms(["Voters", "voter", "choices"])
    ['voter', 'choic']
    """
    return list(dict.fromkeys(t for w in words for t in terms(w)))


def term_key(term: str) -> int:
    """The 64-bit hash a term is stored under (the vocabulary keeps no strings; a collision is ~1e-9 likely)."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")
