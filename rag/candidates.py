"""An answer candidate (``Candidate``), and how candidates that name one thing join: a longer name takes the votes
of a shorter one that ends it ("Hale" → "Ada Hale"), and the sentences of a name's piece that name it by its surname
count as its evidence. Pure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from embeddings.spans import FIRMS
from rag.evidence import Sentence
from rag.extract import Span
from rag.records import Passage
from rag.respell import SHORTEST
from rag.verbs import PASTS


@dataclass(slots=True)
class Candidate:
    """One answer candidate: its votes and the mention that best supports it."""

    key: tuple[str, ...]
    votes: float = 0.0
    best: float = -math.inf
    span: Span | None = None
    sentence: Sentence | None = None
    articles: dict[str, float] = field(default_factory=dict)  # article id → best mention score there
    absorbed: float = 0.0  # the best sentence of what it names more fully: "in Ohio" for "Lakeport, Ohio", a name
    # for the list that holds it ("Norway and Chile"), a surname in the winner's piece ("Hale said" for "Ada Hale")

    @property
    def strength(self) -> float:
        """The score of the best sentence that is evidence for it: its own, or one of what it absorbed."""
        return max(self.sentence.score if self.sentence is not None else 0.0, self.absorbed)


# "Acme Inc" is Acme: the words that end a firm's name, keyed, and an airline's
_FIRM_ENDS = frozenset(w.lower().replace(".", "") for w in FIRMS) | {"airlines", "airways"}


def ends(key: tuple[str, ...], found: Mapping[tuple[str, ...], Candidate]) -> list[Candidate]:
    """The candidates whose key ends ``key`` ("Ruiz" for "Ana Ruiz", "Ohio" for "Lakeport, Ohio")."""
    return [found[key[j:]] for j in range(1, len(key)) if key[j:] in found]


def merge_contained(found: dict[tuple[str, ...], Candidate]) -> None:
    """Add the votes of every candidate to each longer candidate that ends with it ("Ruiz" → "Ana Ruiz",
    "Ansel XII" → "Pope Ansel XII"); a name at the front of a longer run ("Acme" in "Acme Labs") is another thing,
    unless what follows it only says it is a firm ("Acme" → "Acme Inc", "Velling" → "Velling Airlines")."""
    extra = {
        key: sum(c.votes for c in ends(key, found) if not _shouted_over(found[key], c))
        + (found[key[:-1]].votes if key[-1] in _FIRM_ENDS and key[:-1] in found else 0.0)
        for key in found
        if len(key) > 1
    }
    for key, v in extra.items():
        found[key].votes += v


_VOWELS = frozenset("aeiou")


def _misspelled(a: str, b: str) -> bool:
    """One word written two ways by a slip of one letter: a vowel for a vowel in a word of three letters or fewer
    ("da" / "de"; not "Hill" / "Hall", two roads), or one letter dropped from a word of ``SHORTEST`` or more ("Relef"
    / "Relief"; not "Bel" / "Bell"); only words of letters, no Roman numerals ("LVII" / "LVIII": two games).

    >>> _misspelled("da", "de"), _misspelled("relef", "relief"), _misspelled("hill", "hall"), _misspelled("bel", "bell")
    (True, True, False, False)
    >>> _misspelled("lvii", "lviii"), _misspelled("12500", "1250")
    (False, False)
    """
    if not (a.isalpha() and b.isalpha()) or _ROMAN.fullmatch(a) or _ROMAN.fullmatch(b):
        return False
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        return len(a) <= 3 and len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1 or len(long) < SHORTEST:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_ROMAN = re.compile(r"[ivxlcdm]+")


def merge_misspelled(found: dict[tuple[str, ...], Candidate]) -> None:
    """Join two names of three words or more that differ by a slip of one letter in one word after the first (a
    piece's typo, "the Kessa Harbour Relef Act"): the form more pieces write takes the other's votes and the strength
    of its sentence, and the other form is dropped. The first word may differ by a letter between two people ("Ada J.
    Hale", "Ida J. Hale"), so it must match.

    >>> found = {k: Candidate(k, votes=v, articles=dict.fromkeys(a, 1.0)) for k, v, a in (
    ...     (("casa", "da", "kessa"), 3.0, "x"), (("casa", "de", "kessa"), 2.0, "yz"), (("ada", "j", "hale"), 1.0, "x"),
    ...     (("ida", "j", "hale"), 1.0, "y"))}
    >>> merge_misspelled(found); sorted((" ".join(k), c.votes) for k, c in found.items())
    [('ada j hale', 1.0), ('casa de kessa', 5.0), ('ida j hale', 1.0)]
    """
    masked: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key in found:
        for i in range(1, len(key)) if len(key) >= 3 else ():
            masked.setdefault((*key[:i], "", *key[i + 1 :]), []).append(key)
    for group in masked.values():
        if len(group) != 2 or not all(k in found for k in group):
            continue
        a, b = group
        i = next(j for j, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
        if _misspelled(a[i], b[i]):
            keep, drop = sorted((found[a], found[b]), key=lambda c: (len(c.articles), c.votes), reverse=True)
            keep.votes += drop.votes
            keep.absorbed = max(keep.absorbed, drop.strength)  # the slip's sentence is evidence for the name
            del found[drop.key]


def _shouted_over(longer: Candidate, name: Candidate) -> bool:
    """A run in capitals ("SAINTS FIRE ADA HALE", a headline shouted) ends with a name the text also writes as names
    are written: the name is the thing, the run takes none of its votes."""
    loud, quiet = (c.span is not None and c.span.text.isupper() for c in (longer, name))
    return loud and not quiet


_OBJECT_OF = re.compile(
    r"\b(?:to|of|after|before|for|by|with|from|against|about|than|like|under|over|at|on|in)\s+$", re.I
)  # "an adviser to Hale", "after Hale": a mention of someone, not what they did


def by_surname(c: Candidate, pool: Mapping[tuple[str, ...], Candidate], passages: Sequence[Passage]) -> list[Sentence]:
    """The sentences of the candidate's own piece that name it by the end of its name alone ("Hale walked the jury
    through …" for "Ada Hale"), unless as a preposition's object ("an adviser to Hale"): news says what someone did
    beside the surname. ``pool``: the candidates by key, each with its best sentence."""
    if len(c.key) < 2 or c.sentence is None:
        return []
    piece = passages[c.sentence.passage].article_id
    return [
        e.sentence
        for e in ends(c.key, pool)
        if e.sentence is not None and e.span is not None
        and passages[e.sentence.passage].article_id == piece
        and not _OBJECT_OF.search(e.sentence.text, 0, e.span.start)
    ]  # fmt: skip


# After a name's "'s": no noun it owns, so the "'s" is the name's own ("Velling's said", "shares of Velling's fell",
# "the cut by Velling's."): a stop or the end, "said", or a verb (one in -ed or an irregular past, or one in -ing)
# that an object, a name or a stop follows ("Velling's stripped Lakeport …", "Velling's cutting the …"); not "Velling's
# in talks", where the "'s" is "is"
_STOP = re.compile(r"\s*(?:[.,;:!?)”\"]|$)")
_SAID = re.compile(r"\s+(?:said|says)\b")
_VERB = re.compile(r"[a-z]{2,}[^\We]ed|[a-z]{2,}ing")  # "stripped", "cutting"; not "speed"
_ACTS = re.compile(r"\s+([a-z]+)(?=\s+(?:the|a|an|its|their|his|her|[A-Z0-9])|\s*[.,;:!?]|\s*$)")


def own_possessive(sentence: str, span: Span) -> Span:
    """A name with the "'s" its sentence writes after it and that owns nothing, as a firm's ("Kessa's", "Tarrow's")
    does, which the span rules take for a possessive; any other name as is (the composer asks only for a thing's or a
    name's answer: a person's "'s" before a verb is a contraction, "Jo Bell's won").

    >>> t = "Velling's stripped Lakeport of its rating; Tarrow's mayor said so, and shares of Kessa's fell."
    >>> [own_possessive(t, Span(s, e, t[s:e], "name")).text for s, e in ((0, 7), (43, 49), (81, 86))]
    ["Velling's", 'Tarrow', "Kessa's"]
    >>> ts = ("Velling's speed.", "Velling's funding fell.", "Velling's revised outlook cut it.", "Velling's in talks")
    >>> [own_possessive(t, Span(0, 7, "Velling", "name")).text for t in ts]
    ['Velling', 'Velling', 'Velling', 'Velling']
    """
    end = span.end + 2
    if span.kind != "name" or sentence[span.end : end] not in ("'s", "’s"):
        return span
    acts = _ACTS.match(sentence, end)
    verb = acts is not None and (_VERB.fullmatch(acts[1]) is not None or acts[1] in PASTS)
    if _STOP.match(sentence, end) or _SAID.match(sentence, end) or verb:
        return Span(span.start, end, sentence[span.start : end], span.kind)
    return span
