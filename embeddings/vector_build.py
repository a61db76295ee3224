"""Building one version's vector files while its vectors stream in (the version writer's vector side)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from archive_chat.errors import ArchiveChatError
from embeddings import vector_index as vi
from embeddings.index_format import read_manifest, segment_paths

IVF_KINDS = ("ivf-sq8", "ivf-pq")
_SPOOL = "vectors.f32.tmp"


@dataclass(frozen=True, slots=True)
class Built:
    """What ``VectorBuilder.finish`` wrote: the index kind, and whether its quantizer came from ``reuse``."""

    kind: str
    reused_training: bool


def trained_to_reuse(index_dir: Path, *, model: str, dim: int, max_tokens: int, overlap: int) -> Path | None:
    """The live version's trained index (its first segment's that has one), when that version was embedded by the
    same model and chunker settings.

    Vectors of another model (or of chunks cut differently) fall elsewhere in the space: only then is the
    quantizer trained again (and when the archive outgrew it, see ``vector_index.fits``).
    """
    try:
        m = read_manifest(index_dir)
    except ArchiveChatError:  # nothing live, or a format this version cannot read: nothing to reuse
        return None
    if (m.model, m.dim, m.max_tokens, m.overlap) != (model, dim, max_tokens, overlap):
        return None
    return next((p / vi.TRAINED_FILE for p in segment_paths(index_dir, m) if (p / vi.TRAINED_FILE).exists()), None)


class VectorBuilder:
    """Spools a version's vectors to a temporary float32 file, then builds the configured index from it.

    The kind is decided at the end, since ``auto`` depends on the count. Vectors never need to fit in
    memory twice: they are added to the index (and to the fp16 copy) one batch at a time from the spool.
    """

    def __init__(
        self, folder: Path, dim: int, setting: str, *, reuse: Path | None = None, exact_below: int = 0
    ) -> None:
        vi.resolve_kind(setting, 0)  # an unknown setting fails before any work
        self.folder, self.dim, self.setting, self.reuse = folder, dim, setting, reuse
        self.exact_below = exact_below  # fewer vectors than this are written flat, whatever the setting
        self.count = 0
        self._spool = open(folder / _SPOOL, "wb")  # noqa: SIM115 (closed by finish or abandon)

    def add(self, vectors: np.ndarray) -> None:
        """Append rows (one per chunk, in chunk-id order)."""
        if len(vectors):
            self._spool.write(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
            self.count += len(vectors)

    def abandon(self) -> None:
        """Close the spool (the caller removes the folder)."""
        self._spool.close()

    def finish(self) -> Built:
        """Build and save the index (and for IVF kinds the fp16 vectors and the trained index); drop the spool."""
        self._spool.close()
        spool = self.folder / _SPOOL
        n, kind = self.count, vi.resolve_kind(self.setting, self.count)
        kind = "flat" if n < self.exact_below else kind
        x = np.memmap(spool, dtype=np.float32, mode="r", shape=(n, self.dim)) if n else np.zeros((0, self.dim))
        reused = False
        if kind in IVF_KINDS:
            index = self._reusable(kind, n)
            reused = index is not None
            index = index if index is not None else vi.train(kind, x)
            faiss.write_index(index, str(self.folder / vi.TRAINED_FILE))
        else:
            index = vi.empty(kind, self.dim, n)
        vi.add(index, x)
        vi.save(self.folder, index, vi.raw_store(x) if kind in IVF_KINDS else None)
        del x
        spool.unlink()
        return Built(kind, reused)

    def _reusable(self, kind: str, n: int) -> faiss.Index | None:
        if self.reuse is None:
            return None
        trained = faiss.read_index(str(self.reuse))
        if trained.d != self.dim or not vi.fits(trained, kind, n):
            return None
        return trained
