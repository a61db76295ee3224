"""How a question's words read against one index version: an acronym the archive spells out, a word mistyped by one
key, an acronym typed in lower case. The pure rules are ``rag/text.py`` (acronyms, the names they spell) and
``rag/respell.py``; this reads the version's document counts and a few chunk texts for them, and caches what it
decided per word (a version's words do not change).
"""

from __future__ import annotations

import re

from embeddings.store import StoredIndex
from rag.acronyms import acronyms, spelled_name, spelled_out
from rag.respell import keyword_words, quoted, respelled
from rag.text import STOPWORDS

SPELLED_SAMPLE = 8  # chunks read to find the name a question's acronym stands for
CACHED = 4096  # words whose decision is kept (then the cache starts again)
_SHORT_LOWER = re.compile(r"(?<![\w’'-])[a-z]{3,5}(?![\w’'-])")  # "vra": an acronym typed in lower case, maybe


class Wording:
    """A question's words as one version writes them (its caches live as long as the version is served)."""

    def __init__(self, index: StoredIndex) -> None:
        self.index = index
        # acronym → how many chunks write it as a word, and the name the archive spells it out as (or None)
        self._names: dict[str, tuple[int, str | None]] = {}

    def respelled(self, question: str) -> str:
        """``question`` with each word that no chunk holds respelled as the archive writes it, where one slip of a key
        explains it ("Who is Ada Brrok?" → "Who is Ada Brook?", ``rag/respell.py``), and an acronym typed in lower
        case in capitals, when no chunk writes it as a word and the archive spells out a name it stands for ("what
        is the vra doing?" → "what is the VRA doing?")."""
        out = respelled(question, self.index, len(self.index.chunk_article))
        typed = quoted(out)
        return _SHORT_LOWER.sub(lambda m: m[0] if typed(m) or not self._acronym(m[0]) else m[0].upper(), out)

    def _acronym(self, word: str) -> bool:
        """Whether ``word``, typed in lower case, is an acronym: no chunk writes it, and the archive spells it out."""
        if word in STOPWORDS:
            return False
        written, name = self._read(word.upper())
        return not written and name is not None

    def searched(self, question: str) -> str:
        """The question as the search reads it: an acronym the archive writes out as a name gets that name beside it
        ("What is the VRA?" → "What is the VRA (Velling Roads Authority)?"). The vectors know a name, not initials
        the archive never uses; the keyword side finds the name's chunks by them either way (``names``)."""
        spelled = {a: n for a in acronyms(question) if (n := self._read(a)[1]) is not None}
        return spelled_out(question, spelled) if spelled else question

    def keywords(self, question: str) -> list[str]:
        """The question's words for the keyword search, grouped numbers as this version's postings hold them
        (``rag.respell.keyword_words``)."""
        return keyword_words(question, self.index)

    def names(self, question: str) -> tuple[str, ...]:
        """The question's acronyms that the archive spells out more than it writes them ("VRA")."""
        return tuple(a for a in acronyms(question) if self._read(a)[1] is not None)

    def _read(self, acronym: str) -> tuple[int, str | None]:
        """How many chunks write ``acronym`` as a word, and the name the archive writes it out as when more of its
        chunks spell the name out than write the acronym (read once per version: two document counts and, for such
        an acronym, a few chunks' texts)."""
        if acronym not in self._names:
            written, spelled = self.index.spelled(acronym)
            held = self.index.holding(acronym, SPELLED_SAMPLE) if spelled > written else []
            if len(self._names) >= CACHED:
                self._names.clear()
            self._names[acronym] = written, spelled_name(acronym, [self.index.chunk_text(c) for c in held])
        return self._names[acronym]
