"""How close a sentence is to the question in meaning, without running the model: each text is the idf-weighted
sum of its word pieces' input vectors (the embedding model's own first layer), compared by cosine.

The sentence scores of ``rag/evidence.py`` count the question's words a sentence holds; a sentence that says the
same thing in other words ("erased its gains" for "lost its gains", "chipmaker" for "semiconductor company") holds
few of them. This closeness adds to a sentence that holds at least one (``Weights.soft``), and is all a sentence of
the best passage scores when none does (``evidence.MEANING_ONLY``). A sentence of the
index's sentence table comes with its word pieces, cut at index time (``embeddings/sentence_table.py``): it costs
one sparse product. Any other text (the question; a passage of a version written without pieces) costs a dict
lookup per word (the tokenizer runs once per new word) on top, and its vector is cached. No transformer pass at
query time.

The core (``Lexicon``) is pure; ``load_pieces`` at the bottom reads the model's files once, and ``Pieces.lexicon``
takes each archive's idf from a sample of it.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain
from pathlib import Path

import numpy as np

from embeddings.pieces import PieceTokenizer, load_tokenizer

log = logging.getLogger(__name__)

WINDOW = 256  # word pieces per stretch of an article that counts as one document for the idf (a chunk's size)
SAMPLE_ARTICLES = 500  # articles, evenly spaced, whose openings give the idf (an archive of any size loads fast)
OPENING = 3000  # characters of each sampled article read (~700 word pieces: 0.3 s for the sample on 2 cores)
CACHED = 16384  # sentence vectors kept (a sentence recurs across questions): 25 MB at 384 dimensions
WORDS = 1 << 18  # distinct words whose pieces are kept (a dict: ~40 MB at most)
REFRESH = 0.1  # a reload takes a new idf sample once the archive has grown or shrunk by this share


class Lexicon:
    """Word-piece vectors (one unit row per piece, their mean removed) and each piece's idf over the archive.

    >>> pieces = lambda texts: [[len(word) % 4 for word in text.split()] for text in texts]  # piece: word length
    >>> lex = Lexicon(np.eye(4, dtype=np.float32), np.ones(4, dtype=np.float32), pieces)
    >>> [round(x, 2) for x in lex.closeness("ab cd", ["ab ef", "abc", ""])]
    [1.0, 0.0, 0.0]
    """

    def __init__(
        self,
        vectors: np.ndarray,
        idf: np.ndarray,
        tokenize: Callable[[list[str]], Sequence[Sequence[int]]],
        articles: int = 0,
        tokenizer: str = "",
    ) -> None:
        self.weighted = vectors * idf[:, None]  # a text's vector is the sum of its pieces' rows
        self.articles = articles  # how many articles the archive had when the idf was taken
        self.tokenizer = tokenizer  # the fingerprint of ``tokenize``'s tokenizer: stored pieces must be its
        self._tokenize = tokenize  # texts → each one's piece ids
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def fits(self, articles: int) -> bool:
        """Whether this idf still serves an archive of ``articles`` (within ``REFRESH`` of the count it was taken at):
        a reload after a small append keeps it, and costs no new sample.

        >>> lex = Lexicon(np.eye(2, dtype=np.float32), np.ones(2, dtype=np.float32), lambda t: [], articles=100)
        >>> lex.fits(109), lex.fits(111), lex.fits(89)
        (True, False, False)
        """
        return abs(articles - self.articles) <= REFRESH * self.articles

    def closeness(
        self, question: str, texts: Sequence[str], pieces: Sequence[np.ndarray | None] | None = None
    ) -> list[float]:
        """The cosine of each text to the question (0 for a text with no word pieces). ``pieces``: each text's
        word-piece ids where the index stored them (``tokenizer``'s), else None: that text is cut here."""
        stored = {i: p for i, p in enumerate(pieces or ()) if p is not None}
        known, summed = self._vectors([question, *(t for i, t in enumerate(texts) if i not in stored)], stored)
        if not texts:
            return []
        rows = np.stack([summed[i] if i in summed else known[t] for i, t in enumerate(texts)])
        return [float(x) for x in rows @ known[question]]

    def _vectors(
        self, texts: list[str], stored: dict[int, np.ndarray]
    ) -> tuple[dict[str, np.ndarray], dict[int, np.ndarray]]:
        """The unit vector of each of ``texts``, from the cache or cut into pieces now (and cached), and of each
        of the ``stored`` piece lists: one sparse product for all that are new."""
        wanted = dict.fromkeys(texts)
        with self._lock:
            known = {t: v for t in wanted if (v := self._cache.get(t)) is not None}
        new = [t for t in wanted if t not in known]
        summed = self._sum([*self._tokenize(new), *stored.values()]) if new or stored else []
        known.update(zip(new, summed, strict=False))
        if new:
            with self._lock:
                self._cache.update((t, known[t]) for t in new)
                while len(self._cache) > CACHED:
                    self._cache.popitem(last=False)
        return known, dict(zip(stored, summed[len(new) :], strict=True))

    def _sum(self, pieces: Sequence[Sequence[int] | np.ndarray]) -> list[np.ndarray]:
        """Unit vectors of texts cut into ``pieces``: their piece counts (a sparse matrix) times the weighted rows."""
        from scipy.sparse import csr_matrix

        if not pieces:
            return []
        ends = np.cumsum([len(p) for p in pieces])
        ids = np.concatenate([np.asarray(p, dtype=np.int64) for p in pieces])
        counts = csr_matrix(
            (np.ones(len(ids), dtype=np.float32), ids, np.concatenate([[0], ends])),
            shape=(len(pieces), self.weighted.shape[0]),
        )
        sums = np.asarray(counts @ self.weighted, dtype=np.float32)
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        return list(sums)


def idf(documents: Iterable[Sequence[int]], vocabulary: int) -> np.ndarray:
    """ln((n + 1) / (df + 1)) of each word piece over ``documents`` (lists of piece ids).

    >>> [round(float(x), 2) for x in idf([[0, 1], [1]], 3)]
    [0.41, 0.0, 1.1]
    """
    df = np.zeros(vocabulary, dtype=np.int64)
    n = 0
    for doc in documents:
        n += 1
        df[np.unique(np.asarray(doc, dtype=np.int64))] += 1
    return np.log((n + 1) / (df + 1)).astype(np.float32)


def stretches(ids: Sequence[int], width: int = WINDOW) -> list[Sequence[int]]:
    """An article's piece ids cut into stretches of ``width`` (the last one shorter).

    >>> stretches(list(range(5)), 2)
    [[0, 1], [2, 3], [4]]
    """
    return [ids[i : i + width] for i in range(0, len(ids), width)] or [ids]


def sample(live: Mapping[str, int], limit: int = SAMPLE_ARTICLES) -> list[int]:
    """Up to ``limit`` positions of the live articles (id → position), evenly spaced in the order of their ids: the
    same articles however a version stores them (an index run re-adds a changed article at the end, and keeps its
    old copy, deleted, until it compacts).

    >>> sample({"c": 0, "a": 1, "b": 2}, 10), sample({k: i for i, k in enumerate("jihgfedcba")}, 3)
    ([0, 1, 2], [1, 5, 9])
    """
    ids = sorted(live)
    step = max(1, math.ceil(len(ids) / limit))
    return sorted(live[i] for i in ids[::step][:limit])


class Pieces:
    """A model's word pieces: their unit vectors (mean removed) and its tokenizer, read once per model. Each
    archive's ``Lexicon`` weighs them by its own idf (``lexicon``)."""

    def __init__(self, vectors: np.ndarray, tokenizer: PieceTokenizer) -> None:
        self.vectors, self._tokenizer = vectors, tokenizer
        self._words: dict[str, list[int]] = {}  # the pieces of each run between spaces (the tokenizer splits there)

    def split(self, texts: list[str]) -> list[list[int]]:
        """Each text's piece ids, word by word from a cache: the tokenizer costs ~4 µs a piece."""
        out = []
        for text in texts:
            chunks = text.split()
            found = list(map(self._words.get, chunks))
            for i in [i for i, f in enumerate(found) if f is None]:
                found[i] = ids = self._tokenizer.encode_one(chunks[i])
                if len(self._words) < WORDS:
                    self._words[chunks[i]] = ids
            out.append(list(chain.from_iterable(found)))  # type: ignore[arg-type]
        return out

    def lexicon(self, articles: Sequence[str], archive: int = 0) -> Lexicon:
        """The lexicon with the idf of ``articles`` (texts, a sample of the ``archive`` articles)."""
        documents = (s for ids in self._tokenizer.encode([a[:OPENING] for a in articles]) for s in stretches(ids))
        weights = idf(documents, self.vectors.shape[0])
        return Lexicon(self.vectors, weights, self.split, archive, self._tokenizer.fingerprint)


def load_pieces(model_dir: Path) -> Pieces | None:
    """The word pieces of the model in ``model_dir``: its tokenizer (``embeddings/pieces.py``) and the word-piece
    matrix of its ``model.safetensors``. None, with a log line, for a model without those files: sentences are
    then scored by the question's words alone."""
    weights = model_dir / "model.safetensors"
    tokenizer = load_tokenizer(model_dir) if weights.exists() else None
    if tokenizer is None:
        log.info("no word-piece vectors in %s (model.safetensors, tokenizer.json): closeness off", model_dir)
        return None
    from safetensors import safe_open

    with safe_open(str(weights), framework="numpy") as f:
        names = [k for k in f.keys() if k.endswith("word_embeddings.weight")]
        if len(names) != 1:
            log.info("%s: no single word_embeddings matrix (%d found): closeness off", weights, len(names))
            return None
        matrix = np.asarray(f.get_tensor(names[0]), dtype=np.float32)
    matrix = matrix - matrix.mean(0)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    if tokenizer.vocabulary > matrix.shape[0]:
        log.info("%s: %d word pieces, %d vectors: closeness off", model_dir, tokenizer.vocabulary, len(matrix))
        return None
    return Pieces(matrix, tokenizer)


def load_lexicon(model_dir: Path, articles: Sequence[str], archive: int = 0) -> Lexicon | None:
    """``load_pieces`` and their ``lexicon`` for ``articles`` in one step (None for a model without pieces)."""
    pieces = load_pieces(model_dir)
    return pieces.lexicon(articles, archive) if pieces is not None else None
