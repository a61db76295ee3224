"""What a run must do, shared by both engines: which live version can be reused, and which articles changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from archive_chat.errors import IndexMismatch, IndexMissing
from archive_chat.settings import Settings
from embeddings.encode import model_fingerprint
from embeddings.index_format import MAX_SEGMENTS
from embeddings.store import StoredIndex
from embeddings.vector_index import resolve_kind


@dataclass(frozen=True, slots=True)
class Diff:
    """The anti-joins on (article id, content hash) between the archive and the live version."""

    todo: frozenset[str]  # ids of new and changed articles: these are chunked and (where needed) embedded
    added: int
    removed: int
    unchanged: int


def diff_articles(current: Iterable[tuple[str, str]], live: Mapping[str, str]) -> Diff:
    """Compare the archive's (id, content hash) pairs with the live version's ``{id: hash}``.

    >>> d = diff_articles([("a", "1"), ("b", "2"), ("c", "3")], {"a": "1", "b": "x", "z": "9"})
    >>> sorted(d.todo), d.added, d.removed, d.unchanged
    (['b', 'c'], 1, 1, 1)
    """
    todo: set[str] = set()
    seen = added = unchanged = 0
    present = 0
    for article_id, content_hash in current:
        seen += 1
        old = live.get(article_id)
        if old is not None:
            present += 1
        if old == content_hash:
            unchanged += 1
        else:
            todo.add(article_id)
            added += old is None
    return Diff(frozenset(todo), added=added, removed=len(live) - present, unchanged=unchanged)


@dataclass(frozen=True, slots=True)
class Live:
    """The live version a run may reuse (None: a full rebuild, for ``reason``) and the settings it runs with."""

    index: StoredIndex | None
    reason: str | None
    model: str
    max_tokens: int  # not yet capped to the model's own limit unless that was needed to compare
    overlap: int

    def current(self, diff: Diff, vector_index: str) -> bool:
        """Whether the live version already is what a run would publish: no article changed and its vector index
        is of the kind the setting asks for (a new kind republishes the same vectors; nothing is re-embedded)."""
        if self.index is None or diff.todo or diff.removed or self.stale_sentences:
            return False
        m = self.index.manifest
        return m.vector_index == resolve_kind(vector_index, m.chunks)

    @property
    def stale_sentences(self) -> bool:
        """Whether a segment of the live version has no sentence table of these span rules (``RULES`` in
        ``embeddings/spans.py``): the run then writes every article again, its vectors reused, to write one."""
        return self.index is not None and any(s.sentences is None for s in self.index.segments)

    def base(self, vector_index: str) -> StoredIndex | None:
        """The live version when a run appends a segment to it, None when it writes every article again: appending
        needs a version with segments (format 2), fewer than ``MAX_SEGMENTS`` of them, fewer deleted articles than
        live ones, sentence tables of these span rules, and the index kind the setting asks for (else the run
        compacts: one new segment)."""
        if self.index is None:
            return None
        m = self.index.manifest
        appendable = bool(m.segments) and len(m.segments) < MAX_SEGMENTS and m.deleted < m.articles
        appendable = appendable and not self.stale_sentences
        return self.index if appendable and m.vector_index == resolve_kind(vector_index, m.chunks) else None

    @property
    def hashes(self) -> Mapping[str, str]:
        """The live version's article table as ``{id: content hash}`` (empty on a full rebuild)."""
        return self.index.hashes if self.index is not None else {}


def open_live(index_dir: Path, settings: Settings, *, full: bool, model_limit: Callable[[], int]) -> Live:
    """Open the live version at ``index_dir`` and decide whether it can be reused.

    ``model_limit`` returns the model's own token limit; it is called (it may load the model) only when the
    stored chunk size is below the configured one, to tell "capped to the model" from "changed".
    """
    model = model_fingerprint(settings.model, settings.precision)
    max_tokens, overlap = settings.chunk_tokens, settings.chunk_overlap
    old: StoredIndex | None = None
    reason: str | None = "--full was given" if full else None
    try:
        old = StoredIndex(index_dir)
        old.close()  # only its metadata in memory and its vectors are reused: no keyword queries
    except IndexMissing:
        reason = reason or "no index yet"
    except IndexMismatch as e:
        reason = reason or f"the live index cannot be reused ({e})"
    if old is not None and reason is None:
        m = old.manifest
        if m.max_tokens < max_tokens and (m.model, m.overlap) == (model, overlap):
            # The stored limit may be this very setting capped to the model's own limit: compare capped values,
            # or a chunk_tokens above the model limit would force a full rebuild on every run.
            max_tokens = min(max_tokens, model_limit())
        changed = [
            f"{name} {was} -> {now}"
            for name, was, now in (
                ("model", m.model, model), ("chunk tokens", m.max_tokens, max_tokens), ("overlap", m.overlap, overlap)
            )
            if was != now
        ]  # fmt: skip
        if changed:
            reason = "settings changed: " + ", ".join(changed)  # only what changed ("model a -> a#int8")
    return Live(old if reason is None else None, reason, model, max_tokens, overlap)
