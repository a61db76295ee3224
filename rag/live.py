"""Which index version answers: the live one of a directory, the one retired before it, hot reload, and what a
version is loaded with.

A request takes ``Versions.live`` once and keeps it, so a reload swaps versions under no one's feet; the
version it replaced stays open for one more reload interval (requests may still be on it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from archive_chat.errors import IndexMismatch
from archive_chat.settings import Settings
from embeddings.encode import Encoder, model_fingerprint, resolve_model
from embeddings.store import StoredIndex, check_fits, current_version
from rag.floor import noise_floor, probes
from rag.lexicon import Lexicon, load_pieces, sample
from rag.retrieve import Reranker, Retriever, dense_search


@dataclass(frozen=True, slots=True)
class Live:
    """One loaded version, the retriever over it, and the word-piece lexicon with its archive's idf."""

    index: StoredIndex
    retriever: Retriever
    lexicon: Lexicon | None = None
    floor: float = 1.0  # the closest an everyday question comes to this version (``rag.floor``; 1.0: none taken)


class Loader:
    """Loads one version of ``index_dir`` for ``encoder``: its index, the retriever over it, and its lexicon."""

    def __init__(self, index_dir: Path, settings: Settings, encoder: Encoder, reranker: Reranker | None) -> None:
        self.index_dir, self.settings, self.encoder, self.reranker = index_dir, settings, encoder, reranker
        # what a manifest must name to be searched with it (an int8 encoder says so in its ``precision``)
        self._model = model_fingerprint(encoder.name, getattr(encoder, "precision", "fp32"))
        self._pieces = load_pieces(Path(resolve_model(encoder.name)))  # the model's, read once; each version's idf

    def __call__(self, version: str | None, previous: Live | None) -> Live:
        """``version`` (None: the published one), sharing the segments ``previous`` has open."""
        index = StoredIndex(self.index_dir, version, share=previous.index if previous is not None else None)
        try:
            check_fits(self.index_dir, index.manifest, self._model, self.encoder.dim)
        except IndexMismatch:
            index.close()
            raise
        s = self.settings
        return Live(
            index,
            Retriever(
                index,
                self.encoder,
                reranker=self.reranker,
                passage_chunks=s.passage_chunks,
                half_life_days=s.recency_half_life_days,
                recency_floor=s.recency_floor,
            ),
            self._lexicon(index, previous.lexicon if previous is not None else None),
            noise_floor(probes(self.encoder, self._model), lambda v: _nearest(index, v)),
        )

    def _lexicon(self, index: StoredIndex, previous: Lexicon | None) -> Lexicon | None:
        """The encoder's word-piece lexicon, with the idf of an even sample of this version's articles; the
        previous version's, when the archive has not grown or shrunk much since (a reload stays cheap)."""
        arts, live = index.articles, len(index.by_id)  # live articles: a changed one's old copy is deleted
        if self._pieces is None:
            return None
        if previous is not None and previous.fits(live):
            return previous
        texts = [f"{arts.headers[i].title}\n{arts.text(i)}" for i in sample(index.by_id)]
        return self._pieces.lexicon(texts, live)


def _nearest(index: StoredIndex, vector: np.ndarray) -> float:
    """The best cosine ``vector`` finds in the version (1.0, no floor, when it holds no vectors)."""
    return max((c for _, c in dense_search(index, vector, 1, None)), default=1.0)


class Versions:
    """The live version of ``index_dir``, loaded by ``load(version, live)``: ``version`` None for the published one,
    else a version name; ``live`` the version loaded before, whose segments the new one may share, or None."""

    def __init__(self, index_dir: Path, load: Callable[[str | None, Live | None], Live]) -> None:
        self.index_dir = index_dir
        self._load = load
        self._lock = threading.Lock()
        self.live = load(None, None)
        self._retired: Live | None = None  # the version before the live one: requests may still be on it
        self._checked = time.monotonic()  # when ``follow`` last looked for a newer version

    def reload(self) -> bool:
        """Switch to the newest published version, if there is one; True when switched."""
        with self._lock:
            latest = current_version(self.index_dir)
            if latest is None or latest == self.live.index.version:
                return False
            # One reference swap: requests in flight keep their version. The one retired before it has had a
            # whole reload interval to finish, so its connections are closed now.
            dead, self._retired, self.live = self._retired, self.live, self._load(latest, self.live)
            if dead is not None:
                dead.index.close()
            return True

    def follow(self, every_s: float) -> None:
        """Reload when another process (``archive-chat index``, another worker's reindex) published a newer
        version; looks at ``CURRENT`` at most once every ``every_s`` seconds (0: never)."""
        now = time.monotonic()
        if every_s <= 0 or now - self._checked < every_s:
            return
        self._checked = now
        if current_version(self.index_dir) not in (None, self.live.index.version):
            self.reload()

    def close(self) -> None:
        """Close the connections of the live and the retired version."""
        with self._lock:
            for live in (self._retired, self.live):
                if live is not None:
                    live.index.close()
            self._retired = None
