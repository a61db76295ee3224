"""How the passages write a word that opens a candidate: in lower case too ("Officials" / "officials"), or
capitalised inside a sentence, so a capital at a sentence's start is the word's own. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.evidence import Sentence
from rag.extract import FIRST_WORD, Span
from rag.records import Passage


def how_written(
    opening: Sequence[Span], voters: Sequence[Sentence], passages: Sequence[Passage]
) -> tuple[frozenset[str], frozenset[str]]:
    """Of the first words of these spans (each opens its sentence or a clause: ``extract.opens_clause``): which the
    passages also write in lower case, and which they capitalise inside a sentence (so a capital at a sentence's
    start is the word's own, not the sentence's)."""
    text = "\n".join(dict.fromkeys(passages[s.passage].text for s in voters))
    words = {m.group(0) for sp in opening if (m := FIRST_WORD.match(sp.text))}
    lower = frozenset(x.lower() for x in words if written(text, x.lower(), False))
    inner = frozenset(x for x in words if written(text, x, True))
    return lower, inner


def written(text: str, word: str, inside: bool) -> bool:
    """``word`` occurs in ``text`` as a whole word (``inside``: after a word and a space, within a sentence)."""
    i = text.find(word)
    while i != -1:
        end = i + len(word)
        after = end == len(text) or not (text[end].isalnum() or text[end] == "_")
        if inside:
            before = i >= 2 and text[i - 1] == " " and (text[i - 2].isalnum() or text[i - 2] in "_,;:")
        else:
            before = i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        if before and after:
            return True
        i = text.find(word, i + 1)
    return False
