"""The vector index of every kind against brute force on seeded data (the faiss/contrib way), through the same
build, save and memory-mapped load the writer and the server use; filters through the IDSelector path; the
trained quantizer reused by incremental publishes; the kind in the manifest.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import faiss
import numpy as np
import pytest

from archive_chat.settings import Settings
from embeddings import vector_index as vi
from embeddings.index_format import segment_paths
from embeddings.job import run_job
from embeddings.records import Article, Chunk, embed_key
from embeddings.store import StoredIndex, publish, read_manifest
from embeddings.vector_build import VectorBuilder
from tests.hash_encoder import HashEncoder

DIM = 64
NEWS = Path(__file__).resolve().parents[1] / "fixtures" / "news"


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def clustered(n: int, seed: int, topics: int = 40) -> np.ndarray:
    """``n`` unit vectors around ``topics`` seeded centres (embeddings of a news archive have topics too)."""
    rng = np.random.default_rng(seed)
    centres = _unit(np.random.default_rng(99).standard_normal((topics, DIM)))
    return _unit(centres[rng.integers(0, topics, n)] + 0.6 * _unit(rng.standard_normal((n, DIM))))


def brute_force(x: np.ndarray, q: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
    """Ids of the ``k`` largest inner products per query, among ``allowed`` rows."""
    scores = q @ x.T
    if allowed is not None:
        scores[:, ~allowed] = -np.inf
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def recall_at(got: np.ndarray, want: np.ndarray) -> float:
    return float(np.mean([len(set(g) & set(w)) / len(w) for g, w in zip(got, want, strict=True)]))


def build(folder: Path, kind: str, x: np.ndarray, reuse: Path | None = None) -> tuple[faiss.Index, faiss.Index | None]:
    """Build ``kind`` over ``x`` the writer's way, then load it the server's way."""
    folder.mkdir(parents=True, exist_ok=True)
    builder = VectorBuilder(folder, DIM, kind, reuse=reuse)
    for s in range(0, len(x), 700):  # streamed in pieces, as the writer adds article by article
        builder.add(x[s : s + 700])
    assert builder.finish().kind == kind
    return vi.load(folder)


X, Q = clustered(6000, seed=1), clustered(60, seed=2)
# recall@10 against brute force each kind must reach on this seeded data (flat is exact); measured with
# faiss 1.15: ivf-sq8 0.993, ivf-pq 0.923, hnsw 1.0 unfiltered, 0.98-1.0 filtered
FLOOR = {"flat": 1.0, "ivf-sq8": 0.95, "ivf-pq": 0.88, "hnsw": 0.95}


@pytest.fixture(scope="module", autouse=True)
def one_thread() -> Iterator[None]:
    """FAISS's OpenMP threads spin-wait on a busy machine: the builds here take seconds on one, minutes on two."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    yield
    faiss.omp_set_num_threads(before)


Built = tuple[str, Path, faiss.Index, faiss.Index | None]


@pytest.fixture(scope="module", params=vi.KINDS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """(kind, folder, the index of that kind over ``X`` and its raw vectors, loaded memory-mapped), built once."""
    kind: str = request.param
    folder = tmp_path_factory.mktemp(kind)
    return kind, folder, *build(folder, kind, X)


def test_every_kind_finds_what_brute_force_finds(built: Built) -> None:
    kind, _, index, _ = built
    assert (index.ntotal, vi.kind_of(index)) == (len(X), kind)
    scores, ids = vi.search(index, Q, 10)
    want = brute_force(X, Q, 10)
    assert recall_at(ids, want) >= FLOOR[kind]
    if kind == "flat":
        np.testing.assert_allclose(scores, np.take_along_axis(Q @ X.T, want, axis=1), rtol=1e-5, atol=1e-5)
    else:  # approximate scores stay close to the true cosine of the ids returned
        true = np.einsum("qd,qkd->qk", Q, X[ids])
        np.testing.assert_allclose(scores, true, atol=0.05 if kind == "ivf-sq8" else 1e-3)


@pytest.mark.parametrize("share", [0.5, 0.03])
def test_filters_run_through_the_id_selector_for_every_kind(built: Built, share: float) -> None:
    kind, _, index, _ = built
    allowed = np.random.default_rng(3).random(len(X)) < share
    _, ids = vi.search(index, Q, 10, allowed)
    assert (ids >= 0).all(), "a narrow filter still fills k: nprobe / efSearch widen with it"
    assert allowed[ids].all(), "nothing outside the filter comes back"
    assert recall_at(ids, brute_force(X, Q, 10, allowed)) >= FLOOR[kind] - 0.03


def test_search_parameters_widen_with_the_filter_and_with_k() -> None:
    ivf = vi.train("ivf-sq8", X)
    vi.add(ivf, X)
    nprobe = ivf.nprobe
    assert faiss.extract_index_ivf(ivf).nlist == vi.list_count(len(X))
    wide = vi.search_parameters(ivf, 10, 0.25, None)
    assert wide.nprobe == min(ivf.nlist, 4 * nprobe)  # type: ignore[attr-defined]
    many = vi.search_parameters(ivf, 300, 1.0, None)  # top-300 of 6,000: scan 16 x 300 of them, not 16 lists
    assert many.nprobe == math.ceil(vi.SCAN_PER_RESULT * 300 * ivf.nlist / len(X)) > nprobe  # type: ignore[attr-defined]


def test_load_is_memory_mapped_and_the_matrix_reads_the_raw_vectors(built: Built) -> None:
    kind, folder, index, raw = built
    maps = Path("/proc/self/maps").read_text()
    assert str(folder / vi.INDEX_FILE) in maps, "the index is a shared file mapping, not a private copy"
    m = vi.matrix(index, raw)
    assert m.shape == X.shape and not m.flags.writeable
    if kind.startswith("ivf"):  # compressed: the window step reads the fp16 copy, itself mapped
        assert raw is not None and m.dtype == np.float16
        assert str(folder / vi.RAW_FILE) in maps
        np.testing.assert_allclose(m, X, atol=1e-3)
    else:
        assert raw is None and m.dtype == np.float32
        np.testing.assert_array_equal(m, X)


def _material(vectors: np.ndarray, first: int = 0) -> tuple[list[Article], list[Chunk]]:
    """One article per vector, ids in order from ``first``."""
    articles, chunks = [], []
    for i in range(first, first + len(vectors)):
        text = f"Piece {i} about the harbour crane."
        a = Article(id=f"a{i:06d}", title=f"T{i}", text=text, published=dt.date(2023, 1, 1) + dt.timedelta(i % 300))
        articles.append(a)
        chunks.append(Chunk(a.id, 0, 0, len(text), text, 8, embed_key(text)))
    return articles, chunks


def _quantizer(index_dir: Path) -> np.ndarray:
    m = read_manifest(index_dir)
    trained = faiss.read_index(str(segment_paths(index_dir, m)[0] / vi.TRAINED_FILE))
    return faiss.extract_index_ivf(trained).quantizer.reconstruct_n(0, faiss.extract_index_ivf(trained).nlist)


@pytest.mark.parametrize("kind", ["ivf-sq8", "ivf-pq"])
def test_an_incremental_publish_reuses_the_trained_quantizer(tmp_path: Path, kind: str) -> None:
    def put(vectors: np.ndarray, model: str = "m") -> np.ndarray:
        articles, chunks = _material(vectors)
        m = publish(tmp_path, articles, chunks, vectors, model=model, max_tokens=64, overlap=0, vector_index=kind)
        assert m.vector_index == kind
        return _quantizer(tmp_path)

    first = put(X[:4000])
    grown = np.concatenate([X[:4000], clustered(1500, seed=7)])
    np.testing.assert_array_equal(put(grown), first)  # the new vectors were added to the old lists
    with StoredIndex(tmp_path) as idx:
        _, ids = vi.search(idx.faiss, grown[-5:], 1)
        assert ids[:, 0].tolist() == list(range(len(grown) - 5, len(grown)))
    assert not np.array_equal(put(grown, model="other"), first), "another model's vectors retrain"
    small = _quantizer(tmp_path)
    big = clustered(3 * len(grown), seed=8)  # 3x the vectors the lists were made for: more lists, retrained
    assert len(put(big, model="other")) > len(small)


def test_the_manifest_records_the_kind_and_auto_stays_exact_when_small(tmp_path: Path) -> None:
    articles, chunks = _material(X[:50])
    m = publish(tmp_path / "a", articles, chunks, X[:50], model="m", max_tokens=64, overlap=0)
    assert (m.vector_index, read_manifest(tmp_path / "a").vector_index) == ("flat", "flat")
    path = tmp_path / "a" / "versions" / m.version / "manifest.json"
    data = json.loads(path.read_text())
    del data["vector_index"]  # a version written before the field: it was flat
    path.write_text(json.dumps(data))
    assert read_manifest(tmp_path / "a").vector_index == "flat"
    assert vi.resolve_kind("auto", vi.AUTO_FLAT_BELOW) == "ivf-sq8"
    with pytest.raises(ValueError, match="unknown vector index"):
        publish(tmp_path / "b", articles, chunks, X[:50], model="m", max_tokens=64, overlap=0, vector_index="lsh")


def test_changing_the_kind_republishes_without_embedding(tmp_path: Path, hash_encoder: HashEncoder) -> None:
    archive, index = tmp_path / "news", tmp_path / "index"
    shutil.copytree(NEWS, archive)
    flat = Settings(index_dir=index, archive=[archive], chunk_tokens=64, model=HashEncoder.name)
    assert run_job([archive], index, flat, encoder=hash_encoder).published
    before = StoredIndex(index)
    report = run_job([archive], index, flat.model_copy(update={"vector_index": "ivf-sq8"}), encoder=hash_encoder)
    assert report.published and report.chunks_embedded == 0
    after = StoredIndex(index)
    assert (before.manifest.vector_index, after.manifest.vector_index) == ("flat", "ivf-sq8")
    assert after.manifest.content_hash == before.manifest.content_hash
    np.testing.assert_allclose(after.matrix, before.matrix, atol=1e-3)
    again = run_job([archive], index, flat.model_copy(update={"vector_index": "ivf-sq8"}), encoder=hash_encoder)
    assert not again.published
