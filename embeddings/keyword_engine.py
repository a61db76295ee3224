"""The keyword ranking in tantivy: bm25 with block-max WAND, so a question's common words stay cheap at any size.

One tantivy index per version (``keywords.tantivy/`` in the version directory) over all its segments, written
beside each segment's numpy postings (``embeddings/keywords.py``), which still say which chunks hold which
question terms. Each chunk is a document of our own terms (folded Porter stems, the same ``terms`` the postings
hold) in one whitespace-tokenized field, its article's headline terms appended twice (a headline hit counts twice,
as in the postings), with its global chunk number and its article's day (``date.toordinal()``, -1 when undated) as
fast fields, and its global article number as an indexed field. A version that appends a segment starts from hard
links to the previous version's files (tantivy never rewrites a file it wrote: it adds segments, deletion files
and a new ``meta.json``), deletes the replaced articles' documents by article number and adds the new ones, so
bm25's statistics stay those of one index. A query is an OR of its
terms; a filter is a bool mask over chunk ids applied to a deeper read, and a narrow date range also a filter
inside tantivy. tantivy's idf, ln(1 + (N - n + 0.5)/(n + 0.5)), differs from FTS5's; docs/benchmarks.md
measures what that changes (round 6).
"""

from __future__ import annotations

import functools
import json
import math
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import tantivy

DIRECTORY = "keywords.tantivy"
NAMES = "names"  # the field of the names' initials (a version written before it has none)
HEAP_BYTES = 256_000_000  # the writer's buffer: a segment is flushed when it fills
OVERFETCH = 1.3  # a masked query first reads this many times the hits it needs, divided by the mask's share
RANGE_BELOW = 0.125  # a date bound keeping less than this share of the chunks is a filter inside tantivy


def schema() -> tantivy.Schema:
    """Terms in one field and the initials of the names the chunk spells out in another (``name_terms``: only a
    question's acronym is looked for there, so its length weighs on no other query); the chunk number and its
    article's day as fast fields, the article number indexed."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="freq")
    builder.add_integer_field("chunk", fast=True)
    builder.add_integer_field("day", fast=True, indexed=True)
    builder.add_integer_field("article", indexed=True)
    builder.add_text_field(NAMES, tokenizer_name="whitespace", index_option="freq")  # last: the others keep their ids
    return builder.build()


def _link(source: Path, directory: Path) -> None:
    """Make ``directory`` a copy of the tantivy index in ``source``: its segment files as hard links (immutable),
    its own small files (``meta.json``, ``.managed.json``, locks) as copies, which tantivy replaces."""
    for f in source.iterdir():
        if f.name.startswith(".") or f.suffix == ".json":
            shutil.copy2(f, directory / f.name)
        else:
            os.link(f, directory / f.name)


class TantivyWriter:
    """Adds chunks in number order to a tantivy index in ``directory``; ``finish`` commits it.

    A new index, or with ``start_from`` (the previous version's ``keywords.tantivy``) that index continued: chunks
    and articles are then numbered from ``chunks`` and ``articles``, and ``delete`` removes earlier articles.
    """

    def __init__(self, directory: Path, start_from: Path | None = None, *, chunks: int = 0, articles: int = 0) -> None:
        self.directory = directory
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        if start_from is None:
            self._index = tantivy.Index(schema(), path=str(directory))
        else:
            _link(start_from, directory)
            self._index = tantivy.Index.open(str(directory))
        self._writer = self._index.writer(HEAP_BYTES, num_threads=1)
        self._chunks, self._articles = chunks, articles

    def add(
        self,
        title_terms: Sequence[str],
        body_terms: Sequence[str],
        day: int,
        article: int = 0,
        names: Sequence[str] = (),
    ) -> None:
        """Add the next chunk: its article's headline terms, its own terms, its article's day (-1: none), its
        article's number among those this writer adds (from 0) and the initials of the names it spells out."""
        title = " ".join(title_terms)
        text = f"{' '.join(body_terms)} {title} {title}" if title_terms else " ".join(body_terms)
        doc = tantivy.Document(text=text, chunk=self._chunks, day=day, article=self._articles + article)
        doc.add_text(NAMES, " ".join(names))
        self._writer.add_document(doc)
        self._chunks += 1

    def delete(self, articles: Sequence[int]) -> None:
        """Delete the chunks of the earlier articles numbered ``articles``."""
        for a in articles:
            self._writer.delete_documents_by_term("article", int(a))

    def finish(self) -> None:
        """Commit, and wait until background merges are written."""
        self._writer.commit()
        self._writer.wait_merging_threads()


class TantivyRanker:
    """A version's tantivy index, opened read-only in each process on its first query (forked workers each
    open their own: a reader opened before a fork is never used after it)."""

    def __init__(self, directory: Path, chunks: int) -> None:
        self.directory, self.chunks = directory, chunks
        self._schema = schema()
        self._pid = -1
        self._searcher: tantivy.Searcher | None = None

    @functools.cached_property
    def names(self) -> bool:
        """Whether the index holds the names' initials (a version written before them does not)."""
        meta = json.loads((self.directory / "meta.json").read_text(encoding="utf-8"))
        return any(f.get("name") == NAMES for f in meta.get("schema", ()))

    def spelled(self, term: str) -> tuple[int, int]:
        """How many chunks hold ``term`` as a word, and how many spell out a name it is the initials of."""
        searcher = self.searcher()
        return searcher.doc_freq("text", term), searcher.doc_freq(NAMES, term) if self.names else 0

    @staticmethod
    def exists(version: Path) -> bool:
        """Whether a version holds a tantivy index (versions written before it do not)."""
        return (version / DIRECTORY / "meta.json").is_file()

    def searcher(self) -> tantivy.Searcher:
        if self._searcher is None or self._pid != os.getpid():
            index = tantivy.Index.open(str(self.directory))
            index.config_reader(reload_policy="Manual")
            self._searcher, self._pid = index.searcher(), os.getpid()
        return self._searcher

    def rank(
        self,
        stems: Sequence[str],
        limit: int,
        allowed: np.ndarray | None = None,
        days: tuple[int | None, int | None] | None = None,
        names: Sequence[str] = (),
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``limit`` best (chunk ids, bm25 scores) for any of ``stems`` (OR), or of ``names`` (a question's
        acronyms) among the initials of the names chunks spell out, best first.

        ``allowed`` is exact: a bool mask over chunk ids; hits outside it are dropped, and the read goes deeper
        until ``limit`` remain or the matches run out. ``days`` (lowest, highest day ordinal; None: open) are the
        date bounds the mask already holds: when the mask keeps less than ``RANGE_BELOW`` of the chunks, they
        also go to tantivy as a range filter (read from its term index: cheap for a narrow range, and a wide one
        costs more than reading a few times deeper, docs/benchmarks.md).
        """
        if not (stems or names) or limit <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        share = 1.0 if allowed is None else max(float(np.count_nonzero(allowed)) / max(1, len(allowed)), 1e-6)
        narrow = days is not None and days != (None, None) and share < RANGE_BELOW
        query = self._query(stems, names if self.names else (), days if narrow else None)
        depth = min(self.chunks, math.ceil(limit * OVERFETCH / (1.0 if narrow else share)) + 16)
        searcher = self.searcher()
        while True:
            hits = searcher.search(query, depth, count=False).hits
            ids = np.array(searcher.fast_field_values("chunk", [a for _, a in hits]), dtype=np.int64)
            scores = np.array([s for s, _ in hits], dtype=np.float64)
            if allowed is not None:
                keep = allowed[ids]
                ids, scores = ids[keep], scores[keep]
            if len(ids) >= limit or len(hits) < depth or depth >= self.chunks:
                return ids[:limit], scores[:limit]
            depth = min(self.chunks, depth * 4)

    def _query(
        self, stems: Sequence[str], names: Sequence[str], days: tuple[int | None, int | None] | None
    ) -> tantivy.Query:
        fields = [("text", s) for s in stems] + [(NAMES, s) for s in names]
        words = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self._schema, f, s)) for f, s in fields]
        )
        if days is None or days == (None, None):
            return words
        within = tantivy.Query.range_query(
            self._schema, "day", tantivy.FieldType.Integer, days[0], days[1], use_inverted_index=True
        )
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, words), (tantivy.Occur.Must, tantivy.Query.const_score_query(within, 0.0))]
        )
