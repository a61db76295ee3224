"""The index on disk: versioned, published atomically, checked on load.

Layout of an index directory (format 2; docs/segments.md)::

    CURRENT                  name of the live version, replaced by rename (the publish switch)
    versions/v000007/        one complete, immutable version: which segments it reads, which articles it deleted
        manifest.json        format version, model, dimension, chunker settings, counts, hashes, its segments
        deleted.npy          int64, sorted: numbers of the articles this version deletes (replaced or removed);
                             their chunks are its tombstones. Absent when none is deleted
        keywords.tantivy/    the bm25 ranking of every segment's terms in one tantivy index, whose documents carry
                             global chunk and article numbers; a later version starts from hard links to its files
                             (embeddings/keyword_engine.py)
    segments/s000003/        immutable once written; shared by every version that lists it
        vectors.faiss        the vector index (flat, IVF or HNSW: the segment's "vector_index"), id i = its chunk i
        vectors.f16          IVF kinds: the raw vectors as fp16, memory-mapped; trained.faiss: the reusable quantizer
        meta.sqlite          articles and chunks (offsets into article text), numbered from 0 within the segment
        kw_*.npy             keyword postings (embeddings/keywords.py): which chunks hold which terms, memory-mapped
        sent*.npy, span*.npy each article's sentences and the candidate answers in them, memory-mapped
                             (embeddings/sentence_table.py); piece*.npy: each sentence's word pieces
    staging/                 vectors of an unfinished run, reused by the next run after a crash

Numbers are global and stable: a version's segments are read in order, and segment s's chunk i is chunk
``base_s + i``, where ``base_s`` counts the chunks of the segments before it (articles likewise). An incremental
run appends one segment and deletes the articles it replaces; nothing written before moves. Compaction
(``archive-chat compact``, or a run once the segments reach ``MAX_SEGMENTS``) writes the live articles as one new
segment, numbered as a clean build would number them.

Format 1 (before segments) kept one segment's files and the tantivy index in the version directory itself; it is
still read, as a version of one segment, and the next run writes format 2. Versions written before the tantivy
index rank from the postings (FTS5's bm25, tested for parity); versions written before the postings (with an FTS5
table instead) build them in memory from the chunk texts when opened; versions written before the sentence table
compute sentences per answer, and those written before its word pieces cut sentences into pieces per answer.

The keyword side is two sets of files rather than SQLite FTS5: numpy postings arrays, which tell the passage step
which chunks hold which question terms, and a tantivy index of the same terms, which ranks by bm25 with
block-max WAND (a question with several common words stays a few ms at a million chunks). Both are memory-mapped,
so server processes share them through the page cache.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from archive_chat.errors import IndexMismatch, IndexMissing

FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
MAX_SEGMENTS = 8  # a run that would write more compacts instead: each segment costs every query one more search
DELETED_FILE = "deleted.npy"


@dataclass(frozen=True, slots=True)
class SegmentRef:
    """One segment of a version, as its manifest lists it."""

    name: str  # its directory under segments/ ("" in a format-1 version: the version directory itself)
    articles: int  # rows, deleted ones included
    chunks: int
    vector_index: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a version holds and how it was made; compared before reuse and on load."""

    format_version: int
    version: str
    model: str
    dim: int
    max_tokens: int
    overlap: int
    articles: int
    chunks: int
    created: str
    date_min: str | None
    date_max: str | None
    # sha256 over the model, chunker settings and the sum of the live articles' digests (each a sha256 over the
    # article's id, content hash and every chunk's ordinal, offsets, tokens, key): equal for two versions holding
    # the same chunks, however segmented (format 1 hashed them in sequence). Vectors are not hashed (float noise
    # between machines); a chunk's key and the model determine its vector.
    content_hash: str
    vector_index: str = "flat"  # the first segment's index kind (embeddings/vector_index.py); before it: flat
    segments: tuple[SegmentRef, ...] = ()  # in number order (format 1: none listed; the version is its one segment)
    deleted: int = 0  # articles of the segments that this version deletes (``articles`` counts the others)

    @property
    def precision(self) -> str:
        """ "int8" when the vectors come from the quantized model (its fingerprint ends in ``#int8``), else "fp32"."""
        return self.model.partition("#")[2] or "fp32"


def current_version(index_dir: Path) -> str | None:
    """Name of the published version, or None when nothing was ever published."""
    try:
        name = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def read_manifest(index_dir: Path, version: str | None = None) -> Manifest:
    """The manifest of ``version`` (default: the live one); checks the format version."""
    version = version or current_version(index_dir)
    if version is None:
        raise IndexMissing(f"no index at {index_dir}: run `archive-chat index --index {index_dir}` first")
    path = index_dir / "versions" / version / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise IndexMissing(f"{path}: unreadable manifest ({e}); rebuild with `archive-chat index --full`") from e
    if data.get("format_version") not in READABLE_FORMATS:
        raise IndexMismatch(
            f"{path}: index format {data.get('format_version')} but this archive-chat reads format "
            f"{FORMAT_VERSION}; rebuild with `archive-chat index --full --index {index_dir}`"
        )
    data["segments"] = tuple(SegmentRef(**ref) for ref in data.get("segments", ()))
    return Manifest(**data)


def segment_paths(index_dir: Path, manifest: Manifest) -> list[Path]:
    """The directories of a version's segments, in number order (a format-1 version: its own directory)."""
    if not manifest.segments:
        return [index_dir / "versions" / manifest.version]
    return [index_dir / "segments" / ref.name for ref in manifest.segments]


def model_mismatch(manifest: Manifest, model: str, dim: int | None = None) -> str | None:
    """Why an index embedded as ``manifest`` says cannot be searched with ``model`` (a fingerprint, see
    ``model_fingerprint``) of ``dim`` dimensions; None when it can. ``dim=None`` compares the model only.

    >>> m = Manifest(1, "v000001", "a@10", 384, 256, 0, 1, 1, "", None, None, "")
    >>> model_mismatch(m, "a@10", 384) is None, model_mismatch(m, "b", 768) is not None
    (True, True)
    """
    if manifest.model == model and (dim is None or manifest.dim == dim):
        return None
    stored, _, precision = manifest.model.partition("#")
    stored = stored.rsplit("@", 1)[0]
    configured = f"{model} ({dim} dimensions)" if dim is not None else model
    return (
        f"index version {manifest.version} was embedded with model {manifest.model} ({manifest.dim} dimensions), "
        f"but the configured model is {configured}: re-index with `archive-chat index --full`, "
        f"or set ARCHIVE_CHAT_MODEL={stored} ARCHIVE_CHAT_PRECISION={precision or 'fp32'} to use this index"
    )


def check_fits(index_dir: Path, manifest: Manifest, model: str, dim: int | None = None) -> None:
    """Raise ``IndexMismatch`` unless ``model`` (of ``dim`` dimensions) is the one the index was embedded with."""
    problem = model_mismatch(manifest, model, dim)
    if problem is not None:
        raise IndexMismatch(f"{index_dir}: {problem}")


def next_version_name(index_dir: Path) -> str:
    """v000001, v000002, … — one past every version directory present."""
    return _next_name(index_dir / "versions", "v")


def next_segment_name(index_dir: Path) -> str:
    """s000001, s000002, … — one past every segment directory present."""
    return _next_name(index_dir / "segments", "s")


def _next_name(folder: Path, prefix: str) -> str:
    nums = [int(p.name[1:]) for p in folder.glob(f"{prefix}[0-9]*")] if folder.exists() else []
    return f"{prefix}{max(nums, default=0) + 1:06d}"
