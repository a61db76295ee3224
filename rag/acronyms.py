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
