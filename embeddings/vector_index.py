"""The vector index behind one small interface: which FAISS index, how it is trained, searched, saved and loaded.

Kinds (``ARCHIVE_CHAT_VECTOR_INDEX``):

    flat      exact inner product over float32 vectors (IndexFlatIP); nothing to train
    ivf-sq8   inverted lists (k-means over the vectors) holding 8-bit scalar-quantized vectors
    ivf-pq    inverted lists holding 48-byte product codes, re-ranked exactly on the raw fp16 vectors
    hnsw      a navigable small-world graph over float32 vectors (HNSW32); nothing to train
    auto      flat below ``AUTO_FLAT_BELOW`` vectors, ivf-sq8 from there (measured: docs/benchmarks.md)

Vectors are L2-normalised, so inner product = cosine. Files of one version (``save``/``load``)::

    vectors.faiss   the search index, read memory-mapped (IVF lists and flat codes stay file-backed)
    vectors.f16     IVF kinds only: every raw vector as fp16 (a faiss fp16 scalar quantizer, memory-mapped),
                    read by the passage-window step and by ivf-pq's re-ranking
    trained.faiss   IVF kinds only: the trained, empty index (quantizer and codebooks), reused by later versions
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

KINDS = ("flat", "ivf-sq8", "ivf-pq", "hnsw")
SETTINGS = ("auto", *KINDS)
# vectors; below it exact search costs about what ivf-sq8's does (under 1 ms a question). Past it exact search grows
# with n and ivf-sq8 with √n: at rtqa-dev's 14,414 chunks 2.0 against 0.9 ms of the answer's CPU, the same answers
# on both tuning sets (docs/benchmarks.md, round 8).
AUTO_FLAT_BELOW = 5_000
INDEX_FILE, RAW_FILE, TRAINED_FILE = "vectors.faiss", "vectors.f16", "trained.faiss"
NPROBE_SHARE = 1 / 16  # share of the lists one query visits (at least NPROBE_MIN); recall@10 ≥ 0.95 at 1M
NPROBE_MIN = 16
# IVF scans at least this many vectors per result asked for: top-300 on the 14k-chunk rtqa-dev index needs
# ~16 × 300 scanned for recall@300 0.98 (8×: 0.94, 2×: 0.73; docs/benchmarks.md); at 1M vectors it never binds
SCAN_PER_RESULT = 16
HNSW_M, HNSW_EF_SEARCH = 32, 128
PQ_K_FACTOR = 8  # ivf-pq: fetch k × this from the codes, keep the k best by exact fp16 inner product
TRAIN_PER_LIST = 50  # training sample per list (FAISS asks for at least 39)
ADD_BATCH = 65_536


def resolve_kind(setting: str, n: int) -> str:
    """The index kind for ``n`` vectors under a setting: ``auto`` decides by size; no vectors means flat.

    >>> resolve_kind("auto", 1_000), resolve_kind("auto", 5_000_000), resolve_kind("hnsw", 0)
    ('flat', 'ivf-sq8', 'flat')
    """
    if setting not in SETTINGS:
        raise ValueError(f"unknown vector index {setting!r}: choose one of {', '.join(SETTINGS)}")
    if n == 0:
        return "flat"
    if setting == "auto":
        return "flat" if n < AUTO_FLAT_BELOW else "ivf-sq8"
    return setting


def list_count(n: int) -> int:
    """Inverted lists for ``n`` vectors: 4·√n (FAISS's range is 4–16·√n), with ≥ 39 training vectors per list.

    >>> list_count(1_000_000), list_count(20_000), list_count(10)
    (4000, 512, 1)
    """
    return max(1, min(round(4 * math.sqrt(n)), n // 39))


def probe_count(nlist: int) -> int:
    """Lists one query visits: ``NPROBE_SHARE`` of them, at least ``NPROBE_MIN`` (or all when fewer).

    >>> probe_count(4000), probe_count(100), probe_count(8)
    (250, 16, 8)
    """
    return min(nlist, max(NPROBE_MIN, round(nlist * NPROBE_SHARE)))


def _pq_shape(dim: int, n: int) -> tuple[int, int]:
    """(sub-quantizers, bits) of the product code: 8 dimensions per sub-quantizer, 8 bits when n allows."""
    m = max(1, dim // 8)
    while dim % m:
        m -= 1
    bits = max(1, min(8, int(math.log2(max(2, n // 39)))))
    return m, bits


def empty(kind: str, dim: int, n: int) -> faiss.Index:
    """An untrained index of ``kind`` sized for ``n`` vectors (search-time parameters set and saved with it)."""
    ip = faiss.METRIC_INNER_PRODUCT
    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    if kind == "hnsw":
        hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, ip)
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        return hnsw
    nlist = list_count(n)
    quantizer = faiss.IndexFlatIP(dim)
    ivf: faiss.IndexIVF
    if kind == "ivf-sq8":
        ivf = faiss.IndexIVFScalarQuantizer(quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit, ip)
    elif kind == "ivf-pq":
        m, bits = _pq_shape(dim, n)
        ivf = faiss.IndexIVFPQ(quantizer, dim, nlist, m, bits, ip)
    else:
        raise ValueError(f"unknown vector index kind {kind!r}")
    ivf.nprobe = probe_count(nlist)
    return ivf


def train(kind: str, vectors: np.ndarray, *, seed: int = 0) -> faiss.Index:
    """An empty index of ``kind`` trained on a seeded sample of ``vectors`` (all of them when few)."""
    n, dim = vectors.shape
    index = empty(kind, dim, n)
    if not index.is_trained:
        ivf = faiss.extract_index_ivf(index)
        need = TRAIN_PER_LIST * ivf.nlist
        if isinstance(ivf, faiss.IndexIVFPQ):  # and 39 per code word of the product quantizer
            need = max(need, 39 << ivf.pq.nbits)
        size = min(n, need)
        rows = np.sort(np.random.default_rng(seed).choice(n, size, replace=False)) if size < n else slice(None)
        index.train(np.ascontiguousarray(vectors[rows], dtype=np.float32))
    return index


def fits(trained: faiss.Index, kind: str, n: int) -> bool:
    """Whether a trained index can take ``n`` vectors: same kind, list count within 2× of ``list_count(n)``.

    The lists of a quantizer trained on a much smaller (or larger) archive grow too long (or too sparse);
    past a 4× change in size, retrain.
    """
    if kind_of(trained) != kind:
        return False
    if kind not in ("ivf-sq8", "ivf-pq"):
        return True
    nlist, want = faiss.extract_index_ivf(trained).nlist, list_count(n)
    return want / 2 <= nlist <= want * 2


def add(index: faiss.Index, vectors: np.ndarray, batch: int = ADD_BATCH) -> None:
    """Add ``vectors`` (any array, a memory map too) in batches, so only one batch is copied at a time."""
    for start in range(0, len(vectors), batch):
        index.add(np.ascontiguousarray(vectors[start : start + batch], dtype=np.float32))


def raw_store(vectors: np.ndarray) -> faiss.Index:
    """The fp16 copy of ``vectors`` kept beside a compressed index (``RAW_FILE``)."""
    raw = faiss.IndexScalarQuantizer(vectors.shape[1], faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
    add(raw, vectors)
    return raw


def kind_of(index: faiss.Index) -> str:
    """The kind of a built (or loaded) index."""
    index = faiss.downcast_index(index)
    if isinstance(index, faiss.IndexRefine):
        index = faiss.downcast_index(index.base_index)
    if isinstance(index, faiss.IndexIVFScalarQuantizer):
        return "ivf-sq8"
    if isinstance(index, faiss.IndexIVFPQ):
        return "ivf-pq"
    if isinstance(index, faiss.IndexHNSW):
        return "hnsw"
    if isinstance(index, faiss.IndexFlat):
        return "flat"
    raise ValueError(f"not an index archive-chat writes: {type(index).__name__}")


def save(folder: Path, index: faiss.Index, raw: faiss.Index | None) -> None:
    """Write the search index (and the raw fp16 vectors of a compressed one) into a version folder."""
    faiss.write_index(index, str(folder / INDEX_FILE))
    if raw is not None:
        faiss.write_index(raw, str(folder / RAW_FILE))


def load(folder: Path) -> tuple[faiss.Index, faiss.Index | None]:
    """(search index, raw fp16 vectors or None), both memory-mapped: server processes share one page-cache copy.

    For ivf-pq the search index is an ``IndexRefine``: the product codes propose, the fp16 vectors re-rank.
    """
    if not (folder / RAW_FILE).exists():  # flat or hnsw: their float32 vectors are the raw vectors
        index = faiss.read_index(str(folder / INDEX_FILE), faiss.IO_FLAG_MMAP_IFC)
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH  # today's setting, not the one saved with the index
        return index, None
    index = faiss.read_index(str(folder / INDEX_FILE), faiss.IO_FLAG_MMAP)  # IVF lists as OnDiskInvertedLists
    ivf = faiss.extract_index_ivf(index)
    ivf.nprobe = probe_count(ivf.nlist)
    # OnDiskInvertedLists starts 32 prefetch threads per search by default: 10× the search itself, for lists
    # that are in the page cache anyway
    lists = faiss.downcast_InvertedLists(ivf.invlists)  # type: ignore[arg-type]
    if isinstance(lists, faiss.OnDiskInvertedLists):
        lists.prefetch_nthread = 0
    raw = faiss.read_index(str(folder / RAW_FILE), faiss.IO_FLAG_MMAP_IFC)
    if kind_of(index) == "ivf-pq":
        refine = faiss.IndexRefine(index, raw)
        refine.k_factor = PQ_K_FACTOR
        return refine, raw
    return index, raw


def matrix(index: faiss.Index, raw: faiss.Index | None) -> np.ndarray:
    """Every stored vector as one read-only (n × dim) view, no copy: fp16 from ``raw``, else fp32 from the index."""
    n, d = index.ntotal, index.d
    if n == 0:
        return np.zeros((0, d), dtype=np.float32)
    if raw is not None:
        # the codes of a QT_fp16 scalar quantizer are IEEE half floats, one row after another
        codes = faiss.downcast_index(raw).codes  # type: ignore[attr-defined]
        view = faiss.rev_swig_ptr(codes.data(), n * d * 2).view(np.float16).reshape(n, d)
    else:
        flat = faiss.downcast_index(index)
        if isinstance(flat, faiss.IndexHNSW):
            flat = faiss.downcast_index(flat.storage)
        view = faiss.rev_swig_ptr(flat.get_xb(), n * d).reshape(n, d)  # type: ignore[attr-defined]
    view.flags.writeable = False
    return view


def search_parameters(index: faiss.Index, k: int, share: float, sel: faiss.IDSelector | None) -> faiss.SearchParameters:
    """Parameters for one search: the selector, and nprobe / efSearch raised for a large ``k`` and in
    proportion to what a filter hides.

    A filter that admits a ``share`` of the vectors leaves that share of each visited list (or graph
    neighbourhood) usable, so visiting 1/share as many keeps the recall of an unfiltered search.
    """
    widen = 1 / max(share, 1e-6)
    index = faiss.downcast_index(index)
    if isinstance(index, faiss.IndexRefine):
        base = search_parameters(index.base_index, k * PQ_K_FACTOR, share, sel)
        return faiss.IndexRefineSearchParameters(k_factor=PQ_K_FACTOR, base_index_params=base)  # type: ignore[call-arg]
    if isinstance(index, faiss.IndexIVF):
        for_k = SCAN_PER_RESULT * k * index.nlist / max(1, index.ntotal)
        nprobe = min(index.nlist, math.ceil(max(index.nprobe, for_k) * widen))
        return faiss.SearchParametersIVF(sel=sel, nprobe=nprobe)  # type: ignore[call-arg]
    if isinstance(index, faiss.IndexHNSW):
        ef = min(max(index.ntotal, k), math.ceil(max(index.hnsw.efSearch, k) * widen))
        return faiss.SearchParametersHNSW(sel=sel, efSearch=ef)  # type: ignore[attr-defined,no-any-return]
    return faiss.SearchParameters(sel=sel)  # type: ignore[call-arg]


def search(
    index: faiss.Index, queries: np.ndarray, k: int, allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(scores, ids) of the ``k`` nearest stored vectors per query row, restricted to ``allowed`` (a bool mask).

    Ids are -1 where fewer than ``k`` vectors qualify.
    """
    q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
    if allowed is None:
        params = search_parameters(index, k, 1.0, None)
        return index.search(q, k, params=params)
    # faiss reads bit i of byte i >> 3, lowest bit first; ``bits`` must outlive the search (the selector points in)
    bits = np.packbits(allowed, bitorder="little")
    sel = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
    params = search_parameters(index, k, np.count_nonzero(allowed) / max(1, len(allowed)), sel)
    return index.search(q, k, params=params)
