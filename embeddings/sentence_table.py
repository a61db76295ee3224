"""Each article's sentences and the candidate answers in them, computed once when a version is written and
memory-mapped when it is read: an answer looks its passages' sentences up instead of splitting them and scanning
them for names, numbers and dates per question (the per-text work that made a server's first answers about a
story cost half as much again as later ones).

Files of a version (a version written before them has none, and one written under other rules has them unused:
its answers find sentences and spans per question instead):

    sent.json          {"rules": RULES, "min_chars": …, "max_chars": …, "terms": TERM_RULES, "articles": …,
                       "sentences": …, "spans": …}
    sent_first.npy     int64, one more than the articles: article i's sentences are rows first[i]..first[i+1]
    sent_bounds.npy    int32 (sentences × 2): where each sentence starts and ends in its article's text
    span_first.npy     int64, one more than the sentences: sentence j's spans are rows first[j]..first[j+1]
    span_bounds.npy    int32 (spans × 2): where each candidate starts and ends in its article's text
    span_kind.npy      uint8: the candidate's kind, an index into ``KINDS``
    sent_pieces.json   {"tokenizer": its fingerprint, "sentences": …, "pieces": …}, when the writer had the model's
                       tokenizer (``embeddings/pieces.py``); the two files below come with it
    piece_first.npy    int64, one more than the sentences: sentence j's word pieces are rows first[j]..first[j+1]
    pieces.npy         uint16 (int32 for a vocabulary past 65,536): each sentence's word-piece ids, in order

The word pieces let an answer weigh a sentence's meaning (``rag/lexicon.py``) without tokenizing it per question.
A table without them (written before them, or without a tokenizer) is read as before; its answers cut sentences
into pieces per question.

Only sentences worth scoring are kept (``MIN_SENTENCE_CHARS`` to ``MAX_SENTENCE_CHARS`` long, in order), split by
``split_sentences`` over the whole article, as the index's chunks are. A passage, being whole chunks, holds whole
sentences, except where a chunk boundary cut a sentence longer than the model's token limit: such a piece is no
sentence, and the table leaves it out (splitting the passage's own text would take it for one).
"""

from __future__ import annotations

import array
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from archive_chat.errors import IndexMismatch
from embeddings.chunk import split_sentences
from embeddings.pieces import PieceTokenizer
from embeddings.spans import KINDS, RULES, Span, spans
from embeddings.terms import TERM_RULES

log = logging.getLogger(__name__)
MAX_SENTENCE_CHARS = 400  # longer "sentences" are usually navigation or lists, not an answer
MIN_SENTENCE_CHARS = 25
FILES = ("sent_first", "sent_bounds", "span_first", "span_bounds", "span_kind")
MANIFEST = "sent.json"
PIECE_FILES = ("piece_first", "pieces")
PIECE_MANIFEST = "sent_pieces.json"
# A table of other rules is not used, and the next index run writes its version again: the span rules, the sentence
# bounds, and the keyword terms written beside it (``TERM_RULES``: a version of other terms is written again too)
RULES_KEYS = {"rules": RULES, "min_chars": MIN_SENTENCE_CHARS, "max_chars": MAX_SENTENCE_CHARS, "terms": TERM_RULES}


def scorable(text: str) -> Iterator[tuple[int, int]]:
    """The sentences of ``text`` worth scoring as answers, as (start, end) offsets.

    >>> t = "Rain fell on the coast all day. Ok. The harbour stayed closed until Friday."
    >>> [t[s:e] for s, e in scorable(t)]
    ['Rain fell on the coast all day.', 'The harbour stayed closed until Friday.']
    """
    return ((s, e) for s, e in split_sentences(text) if MIN_SENTENCE_CHARS <= e - s <= MAX_SENTENCE_CHARS)


class SentenceTableWriter:
    """Collects each article's sentences and spans (and with ``pieces``, their word pieces), in article order,
    and writes the table's files."""

    def __init__(self, pieces: PieceTokenizer | None = None) -> None:
        self._articles, self._pieces = 0, pieces
        self._sent_first, self._span_first = array.array("q", [0]), array.array("q", [0])
        self._sent_bounds, self._span_bounds, self._kinds = array.array("i"), array.array("i"), array.array("B")
        self._piece_first = array.array("q", [0])
        self._piece_ids = array.array("H" if pieces is None or pieces.vocabulary <= 1 << 16 else "i")

    def add(self, text: str) -> None:
        """Add the next article's text."""
        bounds = list(scorable(text))
        for s, e in bounds:
            self._sent_bounds.extend((s, e))
            for sp in spans.__wrapped__(text[s:e]):  # not through the query-time cache: each sentence comes once
                self._span_bounds.extend((s + sp.start, s + sp.end))
                self._kinds.append(KINDS.index(sp.kind))
            self._span_first.append(len(self._kinds))
        self._add_pieces(text, bounds)
        self._sent_first.append(len(self._sent_bounds) // 2)
        self._articles += 1

    def _add_pieces(self, text: str, bounds: list[tuple[int, int]]) -> None:
        """The word pieces of the article's sentences at ``bounds``, when the writer has a tokenizer."""
        if self._pieces is None:
            return
        for ids in self._pieces.encode([text[s:e] for s, e in bounds]):
            self._piece_ids.extend(ids)
            self._piece_first.append(len(self._piece_ids))

    def copy(self, table: SentenceTable, article: int, text: str) -> None:
        """Add the next article's rows as ``table`` (a loaded table, so of these rules) holds them for its article
        ``article``, whose text is ``text``: what ``add`` of the same text adds, without scanning the text again
        (nor cutting it into pieces, when ``table`` holds the pieces of this writer's tokenizer)."""
        lo, hi = int(table.sent_first[article]), int(table.sent_first[article + 1])
        self._copy_pieces(table, lo, hi, text)
        a, b = int(table.span_first[lo]), int(table.span_first[hi])
        self._sent_bounds.frombytes(np.ascontiguousarray(table.sent_bounds[lo:hi], dtype=np.int32).tobytes())
        shifted = table.span_first[lo + 1 : hi + 1] + (len(self._kinds) - a)
        self._span_first.frombytes(np.ascontiguousarray(shifted, dtype=np.int64).tobytes())
        self._span_bounds.frombytes(np.ascontiguousarray(table.span_bounds[a:b], dtype=np.int32).tobytes())
        self._kinds.frombytes(np.ascontiguousarray(table.span_kind[a:b], dtype=np.uint8).tobytes())
        self._sent_first.append(len(self._sent_bounds) // 2)
        self._articles += 1

    def _copy_pieces(self, table: SentenceTable, lo: int, hi: int, text: str) -> None:
        """The word pieces of ``table``'s sentence rows ``lo..hi``: copied when it holds this tokenizer's, else cut."""
        if self._pieces is None:
            return
        if table.tokenizer != self._pieces.fingerprint:
            self._add_pieces(text, [(int(s), int(e)) for s, e in table.sent_bounds[lo:hi]])
            return
        a, b = int(table.piece_first[lo]), int(table.piece_first[hi])
        shifted = table.piece_first[lo + 1 : hi + 1] + (len(self._piece_ids) - a)
        self._piece_first.frombytes(np.ascontiguousarray(shifted, dtype=np.int64).tobytes())
        self._piece_ids.extend(table.pieces[a:b].tolist())

    def write(self, folder: Path) -> None:
        """Write the files into a version's folder."""
        arrays: dict[str, np.ndarray] = {
            "sent_first": np.frombuffer(self._sent_first, dtype=np.int64),
            "sent_bounds": np.frombuffer(self._sent_bounds, dtype=np.int32).reshape(-1, 2),
            "span_first": np.frombuffer(self._span_first, dtype=np.int64),
            "span_bounds": np.frombuffer(self._span_bounds, dtype=np.int32).reshape(-1, 2),
            "span_kind": np.frombuffer(self._kinds, dtype=np.uint8),
        }
        for name, values in arrays.items():
            np.save(folder / f"{name}.npy", values)
        counts = {"articles": self._articles, "sentences": len(self._span_first) - 1, "spans": len(self._kinds)}
        if self._pieces is not None:
            first, ids = (
                np.frombuffer(self._piece_first, np.int64),
                np.frombuffer(self._piece_ids, self._piece_ids.typecode),
            )
            for name, values in zip(PIECE_FILES, (first, ids), strict=True):
                np.save(folder / f"{name}.npy", values)
            written = {"tokenizer": self._pieces.fingerprint, "sentences": counts["sentences"]}
            (folder / PIECE_MANIFEST).write_text(json.dumps({**written, "pieces": len(self._piece_ids)}), "utf-8")
        (folder / MANIFEST).write_text(json.dumps({**RULES_KEYS, **counts}), encoding="utf-8")


class SentenceTable:
    """A version's stored sentences and spans, memory-mapped (server processes share the page cache's copy)."""

    def __init__(self, folder: Path) -> None:
        loaded = [_mapped(folder, name) for name in FILES]
        self.sent_first, self.sent_bounds, self.span_first, self.span_bounds, self.span_kind = loaded
        self.tokenizer: str | None = None  # the fingerprint of the tokenizer that cut its word pieces, if any
        self.piece_first = self.pieces = np.zeros(0, dtype=np.int64)
        if (folder / PIECE_MANIFEST).exists():
            self.tokenizer = json.loads((folder / PIECE_MANIFEST).read_text(encoding="utf-8"))["tokenizer"]
            self.piece_first, self.pieces = (_mapped(folder, name) for name in PIECE_FILES)

    @classmethod
    def load(cls, folder: Path, articles: int) -> SentenceTable | None:
        """The table of the version in ``folder``; None when it has none or one made under other rules."""
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        written = {k: manifest.get(k) for k in RULES_KEYS}
        if written != RULES_KEYS:
            log.warning("%s: sentence table written under other rules (%s, these are %s): not used; answers find "
                        "sentences and spans per question until the next `archive-chat index`", folder, written,
                        RULES_KEYS)  # fmt: skip
            return None
        try:
            table = cls(folder)
        except (OSError, ValueError, KeyError) as e:
            raise IndexMismatch(f"{folder}: unreadable sentence table ({e}); rebuild with --full") from e
        problem = table._inconsistency(articles)
        if problem:
            raise IndexMismatch(f"{folder}: sentence table {problem}; rebuild with --full")
        return table

    def _inconsistency(self, articles: int) -> str | None:
        """What does not add up between the table's arrays and the version's ``articles``, or None."""
        sentences, n_spans = len(self.sent_bounds), len(self.span_kind)
        if len(self.sent_first) != articles + 1:
            return f"for {len(self.sent_first) - 1} articles, the index has {articles}"
        if int(self.sent_first[-1]) != sentences or len(self.span_first) != sentences + 1:
            return f"of {sentences} sentences, its offsets count {int(self.sent_first[-1])}"
        if int(self.span_first[-1]) != n_spans or len(self.span_bounds) != n_spans:
            return f"of {n_spans} spans, its offsets count {int(self.span_first[-1])}"
        if self.tokenizer is not None and (
            len(self.piece_first) != sentences + 1 or int(self.piece_first[-1]) != len(self.pieces)
        ):
            return f"word pieces for {len(self.piece_first) - 1} of its {sentences} sentences"
        return None

    def window(self, article: int, start: int, end: int) -> Marks:
        """The sentences of one article that lie within ``[start, end)`` of its text (a passage)."""
        lo, hi = int(self.sent_first[article]), int(self.sent_first[article + 1])
        bounds = self.sent_bounds[lo:hi]
        first = lo + int(np.searchsorted(bounds[:, 0], start))
        last = lo + int(np.searchsorted(bounds[:, 1], end, side="right"))
        return Marks(self, range(first, max(first, last)), article)


def _mapped(folder: Path, name: str) -> np.ndarray:
    """One of a table's arrays, memory-mapped (``np.asarray``: the same memory without np.memmap's bookkeeping on
    every slice)."""
    return np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r"))


@dataclass(frozen=True, slots=True)
class Marks:
    """One passage's rows of a ``SentenceTable``, and its article's number there."""

    table: SentenceTable
    rows: range
    article: int

    def sentences(self) -> list[tuple[int, int, int]]:
        """(row, start, end) of each sentence, offsets in the article's text."""
        bounds = self.table.sent_bounds[self.rows.start : self.rows.stop].tolist()
        return [(row, s, e) for row, (s, e) in zip(self.rows, bounds, strict=True)]

    def pieces(self, row: int, tokenizer: str) -> np.ndarray | None:
        """The word-piece ids of the sentence in ``row``, when the table holds the pieces of ``tokenizer`` (its
        fingerprint); else None."""
        if self.table.tokenizer != tokenizer:
            return None
        return self.table.pieces[int(self.table.piece_first[row]) : int(self.table.piece_first[row + 1])]

    def spans(self, row: int, sentence: str, start: int) -> tuple[Span, ...]:
        """The candidate spans of the sentence in ``row``, whose text is ``sentence`` starting at ``start`` in the
        article: equal to ``spans(sentence)``."""
        a, b = int(self.table.span_first[row]), int(self.table.span_first[row + 1])
        if a == b:
            return ()
        bounds, kinds = self.table.span_bounds[a:b].tolist(), self.table.span_kind[a:b].tolist()
        return tuple(
            Span(s - start, e - start, sentence[s - start : e - start], KINDS[k])
            for (s, e), k in zip(bounds, kinds, strict=True)
        )
