"""Acronyms a reader types, and the names an archive spells them out as: "VRA" for "the Velling Roads Authority".

Retrieval searches a question's acronym with the name the archive spells it out as, read from a few of the chunks
that spell it (``rag/wording.py``); answer selection counts a name that spells out the question's acronym as named by
the question (``rag/named.py``, ``rag/vote.py``) and a sentence that spells it out as holding it (``rag/held.py``).
"""

from __future__ import annotations

import collections
import functools
import re
from collections.abc import Sequence

from embeddings.terms import SMALL_WORDS

_ACRONYM = re.compile(r"\b[A-Z]{3,5}\b")  # two capitals ("AI", "US") are too many names' initials


@functools.lru_cache(maxsize=1024)
def acronyms(question: str) -> tuple[str, ...]:
    """The acronyms a question names, in order: "Who runs the VRA?" → ("VRA",).

    >>> acronyms("Did the VRA or the AI lab close?")
    ('VRA',)
    """
    return tuple(dict.fromkeys(_ACRONYM.findall(question)))


_SMALL_WORD = rf"(?:(?:{'|'.join(SMALL_WORDS)})\s+)?"  # "Velling Roads and Ferries": VRF (as the index reads it)


@functools.lru_cache(maxsize=256)
def spelling(acronym: str) -> re.Pattern[str]:
    """A name whose words start with the acronym's letters, in order, small words between them allowed ("VRA":
    "Velling Roads Authority"; "CDC"-style acronyms of a longer name match its first words).

    >>> bool(spelling("VRA").match("Velling Roads Authority Board")), bool(spelling("VRA").match("Velling Roads"))
    (True, False)
    """
    return re.compile(r"\b" + rf"[\w’'-]*\s+{_SMALL_WORD}".join(acronym) + r"[\w’'-]*")


@functools.lru_cache(maxsize=4096)
def spelled_spans(text: str, acronyms: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    """(start, end, acronym) of every name in ``text`` that spells out one of ``acronyms`` (cached per text and
    question: a passage's sentences and a sentence's candidates all ask).

    >>> spelled_spans("Trucks of the Velling Roads Authority were late.", ("VRA",))
    ((14, 37, 'VRA'),)
    """
    return tuple((m.start(), m.end(), a) for a in acronyms for m in spelling(a).finditer(text))


def spelled_name(acronym: str, texts: Sequence[str]) -> str | None:
    """The name ``texts`` spell ``acronym`` out as most often: what a reader's "VRA" stands for in an archive that
    calls it "the Velling Roads Authority".

    >>> spelled_name("VRA", ["The Velling Roads Authority met.", "Velling Roads Authority staff left the VRA."])
    'Velling Roads Authority'
    >>> spelled_name("VRA", ["The VRA met."]) is None
    True
    """
    names = collections.Counter(m.group() for t in texts for m in spelling(acronym).finditer(t))
    return names.most_common(1)[0][0] if names else None


def spelled_out(question: str, names: dict[str, str]) -> str:
    """``question`` with each of its acronyms followed by the name it stands for, as the search reads it.

    >>> spelled_out("Who runs the VRA now?", {"VRA": "Velling Roads Authority"})
    'Who runs the VRA (Velling Roads Authority) now?'
    """
    for acronym, name in names.items():
        at = re.search(rf"\b{acronym}\b", question)
        if at is not None:
            question = f"{question[: at.end()]} ({name}){question[at.end() :]}"
    return question


# "What does VRA stand for?", "what is vra short for": the letters a reader asks to have spelled out
_STANDS_FOR = re.compile(
    r"^\s*what\s+(?:does|did|do|is|was)\s+(?:the\s+)?(?:(?:acronym|abbreviation|initials)\s+)?[\"“‘']?"
    r"(?P<letters>[A-Za-z][A-Za-z0-9&]{1,7})[\"”’']?\s+(?:stands?|short)\s+for\b",
    re.I,
)


def stands_for(question: str) -> str | None:
    """The acronym a "what does … stand for?" question asks to have spelled out, in capitals, or None.

    >>> stands_for("What does VRA stand for?"), stands_for("what is vra short for, the agency?")
    ('VRA', 'VRA')
    >>> stands_for("What does Hale stand for in the race?"), stands_for("Who runs the VRA?")
    (None, None)
    """
    m = _STANDS_FOR.match(question)
    if m is None or (not m["letters"].isupper() and m["letters"] != m["letters"].lower()):
        return None  # "Hale": a name, not letters
    return m["letters"].upper()


_NAMED_WORD = r"[A-Z][\w’'-]*"
# … and the small words a name spelled out beside its letters may hold ("Notice to Ferry Captains (NOTFC)"), which
# also lead a place its letters leave out ("Velling Roads Authority in Tarrow")
_PLACE_SMALL = "to|on|in|at|a|an"
_BESIDE_SMALL = rf"(?:(?:{'|'.join(SMALL_WORDS)}|{_PLACE_SMALL})\s+)?"
# the name before the letters ("the Velling Roads Authority (VRA)", "…, known as VRA") or after them ("VRA (Velling
# Roads Authority)", "VRA stands for Velling Roads Authority")
_BEFORE = (
    rf"((?:{_NAMED_WORD}\s+{_BESIDE_SMALL})*{_NAMED_WORD})"
    r"\s*(?:\(\s*|,\s*(?:also\s+)?(?:known\s+as|or|called)\s+(?:the\s+)?)"
)
_AFTER = (
    r"(?:\s*\(\s*|,?\s+(?:which\s+)?(?:stands\s+for|is\s+short\s+for)\s+(?:the\s+)?)"
    rf"((?:{_NAMED_WORD}\s+{_BESIDE_SMALL})*{_NAMED_WORD})"
)


def spelled_out_in(acronym: str, sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` spells ``acronym`` out beside it: the name's (start, end), or None. The name's words
    start with letters of the acronym, in order, and the acronym's letters run through the name in order ("HMA":
    "High Mobility Artillery"; "HIMA": the "i" of "High").

    >>> s = "The Velling Roads Authority, known as VRA, met."
    >>> s[slice(*spelled_out_in("VRA", s))]
    'Velling Roads Authority'
    >>> s = "Staff of the VRFA (Velling Roads and Ferries Authority) left."
    >>> s[slice(*spelled_out_in("VRFA", s))]
    'Velling Roads and Ferries Authority'
    >>> spelled_out_in("VRA", "Ada Hale (VRA) spoke.") is None
    True
    >>> s = "The Notice to Ferry Captains (NOTFC) system failed."  # a word may give two letters ("No")
    >>> s[slice(*spelled_out_in("NOTFC", s))]
    'Notice to Ferry Captains'
    >>> s = "The VRA (Velling Roads Authority in Tarrow) met."  # a place its letters leave out is no part of it
    >>> s[slice(*spelled_out_in("VRA", s))]
    'Velling Roads Authority'
    """
    for pattern in (rf"{_BEFORE}{acronym}\b", rf"\b{acronym}{_AFTER}"):
        for m in re.finditer(pattern, sentence):
            start, end = m.span(1)
            words = [(start + w.start(), w.group()) for w in re.finditer(r"\S+", sentence[start:end])]
            for at, word in words:  # the longest tail of the run that spells it
                if word[0] == acronym[0] and _spells(acronym, sentence[at:end]):
                    return at, _untrailed(acronym, sentence[at:end]) + at
    return None


_TRAIL = re.compile(rf"\s+(?:{_PLACE_SMALL})\s+\S+(?:\s+\S+)*$")


def _untrailed(acronym: str, name: str) -> int:
    """The length of ``name`` without a place or the like its letters leave out ("Velling Roads Authority in Tarrow"
    for "VRA": "Velling Roads Authority"; but "National Institute on Aging" is all of "NIA").

    >>> _untrailed("NIA", "National Institute on Aging"), _untrailed("VRA", "Velling Roads Authority in Tarrow")
    (27, 23)
    """
    m = _TRAIL.search(name)
    if m is None or _initials(name) == acronym or _initials(name[: m.start()]) != acronym:
        return len(name)
    return m.start()


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _spells(acronym: str, name: str) -> bool:
    """The capitalised words of ``name`` start with letters of ``acronym`` in order (but a last word the letters
    leave out: "Centers for Disease Control and Prevention" for "CDC"), at least half of them, and the acronym's
    letters occur in ``name`` in order."""
    initials = _initials(name)
    if len(initials) < max(2, len(acronym) // 2) or not _in_order(initials[:-1], acronym):
        return False
    return _in_order(list(acronym.lower()), name.lower())


def _in_order(letters: Sequence[str], text: str) -> bool:
    it = iter(text)
    return all(c in it for c in letters)
