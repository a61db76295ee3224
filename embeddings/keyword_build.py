"""Writing a version's keyword postings: collected chunk by chunk, spilled in sorted runs, merged into the files.

An archive's postings outgrow memory long before its vectors do (about 112 per chunk, 16 bytes each while
collected). With a scratch folder the writer holds at most ``RUN_POSTINGS`` of them: past that it sorts them
by term and spills them as a run; ``write`` merges the runs into memory-mapped output files (the layout is in
``embeddings/keywords.py``). Chunks arrive in id order, so every run's chunks follow the previous run's, and
concatenating the runs term by term keeps each term's chunks ascending. Without a scratch folder (a small index
rebuilt in memory) everything stays in one run.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from embeddings.bm25 import derive
from embeddings.keywords import TITLE_WEIGHT, Postings
from embeddings.terms import name_terms, term_key, terms

RUN_POSTINGS = 1 << 24  # postings held before a run is spilled: 16 bytes each while collected, 256 MiB
_RUN_PARTS = ("keys", "chunks", "tf")

Run = tuple[np.ndarray, np.ndarray, np.ndarray]  # term keys (sorted), chunk ids, weighted counts


class PostingsWriter:
    """Collects the terms of each chunk, in chunk-id order, and writes the postings files."""

    def __init__(self, scratch: Path | None = None, run_postings: int = RUN_POSTINGS) -> None:
        self._scratch, self._run_postings = scratch, run_postings
        self._keys: dict[str, int] = {}  # term -> its 64-bit key, computed once per term
        self._buffer: list[Run] = []
        self._buffered = 0
        self._runs: list[Path] = []
        self._doclen: list[float] = []

    def add(self, title_terms: Sequence[str], body: str) -> None:
        """Add the next chunk: its article's headline terms and its own text."""
        self.add_terms(title_terms, terms(body), name_terms(body))

    def add_terms(self, title_terms: Sequence[str], body_terms: Sequence[str], names: Sequence[str] = ()) -> None:
        """Add the next chunk: its article's headline terms, its own terms (``terms`` of its text) and the initials of
        the names it spells out (``name_terms``: held, for the lookup, but no part of its length)."""
        counts: dict[str, float] = dict(Counter(body_terms))
        length = sum(counts.values()) + len(title_terms)
        for t in names:
            counts[t] = counts.get(t, 0.0) + 1.0
        for t in title_terms:
            counts[t] = counts.get(t, 0.0) + TITLE_WEIGHT
        keys = np.fromiter((self._key(t) for t in counts), dtype=np.uint64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        self._buffer.append((keys, np.full(len(counts), len(self._doclen), dtype=np.int32), tf))
        self._doclen.append(float(length))
        self._buffered += len(counts)
        if self._scratch is not None and self._buffered >= self._run_postings:
            self._spill(self._scratch)

    def _key(self, term: str) -> int:
        key = self._keys.get(term)
        if key is None:
            key = self._keys[term] = term_key(term)
        return key

    def _sorted(self) -> Run:
        """The buffered postings by term key (stable: chunk ids stay ascending within a term)."""
        if not self._buffer:
            return np.zeros(0, np.uint64), np.zeros(0, np.int32), np.zeros(0, np.float32)
        keys, chunks, tf = (np.concatenate(part) for part in zip(*self._buffer, strict=True))
        order = np.argsort(keys, kind="stable")
        return keys[order], chunks[order], tf[order]

    def _spill(self, scratch: Path) -> None:
        scratch.mkdir(parents=True, exist_ok=True)
        run = scratch / f"run-{len(self._runs):05d}"
        for part, array in zip(_RUN_PARTS, self._sorted(), strict=True):
            np.save(f"{run}-{part}.npy", array)
        self._runs.append(run)
        self._buffer, self._buffered = [], 0

    def _all_runs(self) -> list[Run]:
        spilled = [tuple(np.load(f"{r}-{p}.npy", mmap_mode="r") for p in _RUN_PARTS) for r in self._runs]
        return [*spilled, self._sorted()]

    def _merged(self, make: Callable[[str, type[np.generic], int], np.ndarray]) -> tuple[np.ndarray, ...]:
        """Terms, offsets, chunks, counts, lengths: the runs merged into the chunk and count arrays ``make`` gives."""
        runs = self._all_runs()
        total = sum(len(keys) for keys, _, _ in runs)
        chunks, tf = make("kw_chunks", np.int32, total), make("kw_tf", np.float32, total)
        keys, offsets = merge(runs, chunks, tf)
        return keys, offsets, chunks, tf, np.array(self._doclen, dtype=np.float32)

    def arrays(self) -> tuple[np.ndarray, ...]:
        """Terms, offsets, chunks, counts and lengths, in that order, in memory."""
        return self._merged(lambda _name, dtype, n: np.empty(n, dtype=dtype))

    def postings(self) -> Postings:
        """The collected postings, searchable in memory (ranking from them derives what it needs)."""
        return Postings(*self.arrays())

    def write(self, directory: Path, *, ranking: bool = False) -> None:
        """Write ``FILES`` into ``directory`` (the caller fsyncs and publishes them), and with ``ranking`` the
        ``RANKING_FILES`` and ``DERIVED_FILES`` too (only a version ranked from its postings needs them). The runs
        are merged straight into memory-mapped files, so no run is ever all in memory."""
        counts = directory if ranking or self._scratch is None else self._scratch
        counts.mkdir(parents=True, exist_ok=True)

        def mapped(name: str, dtype: type[np.generic], n: int) -> np.ndarray:
            folder = counts if name == "kw_tf" else directory
            return np.lib.format.open_memmap(folder / f"{name}.npy", mode="w+", dtype=dtype, shape=(n,))

        arrays = self._merged(mapped)
        _write_rest(directory, arrays, ranking=ranking)
        for array in arrays[2:4]:  # the chunk and count files
            if isinstance(array, np.memmap):
                array.flush()
        del arrays
        if not ranking and counts == directory:
            (directory / "kw_tf.npy").unlink()  # no scratch folder: the counts were merged beside the rest
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


def merge(runs: Sequence[Run], out_chunks: np.ndarray, out_tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge sorted runs into one term-ordered layout: writes chunks and counts, returns (keys, offsets).

    Every term's postings from run r land right after its postings from the runs before r, so with runs in
    chunk order each term's chunk ids stay ascending.
    """
    per_run = [np.unique(np.asarray(keys), return_counts=True) for keys, _, _ in runs]
    vocab = np.unique(np.concatenate([u for u, _ in per_run])) if per_run else np.zeros(0, np.uint64)
    at = [np.searchsorted(vocab, u) for u, _ in per_run]
    df = np.zeros(len(vocab), dtype=np.int64)
    for pos, (_, counts) in zip(at, per_run, strict=True):
        df[pos] += counts
    offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    cursor = offsets[:-1].copy()  # where each term's next postings go
    for (_, chunks, tf), pos, (_, counts) in zip(runs, at, per_run, strict=True):
        within = np.arange(len(chunks)) - np.repeat(np.cumsum(counts) - counts, counts)
        dest = np.repeat(cursor[pos], counts) + within
        out_chunks[dest], out_tf[dest] = chunks, tf
        cursor[pos] += counts
    return vocab.astype(np.uint64), offsets


def write_postings(directory: Path, arrays: Sequence[np.ndarray]) -> None:
    """Write five postings arrays made in memory (``bench/keywords.py``), ranking files and derived ones included."""
    np.save(directory / "kw_chunks.npy", arrays[2])
    np.save(directory / "kw_tf.npy", arrays[3])
    _write_rest(directory, arrays, ranking=True)


def _write_rest(directory: Path, arrays: Sequence[np.ndarray], *, ranking: bool) -> None:
    """Every file but ``kw_chunks`` and ``kw_tf`` (written already): vocabulary, offsets, lengths, and with
    ``ranking`` the derived files, the per-posting saturations straight into a memory-mapped file."""
    keys, offsets, chunks, tf, doclen = arrays
    for name, array in (("kw_terms", keys), ("kw_offsets", offsets), ("kw_doclen", doclen)):
        np.save(directory / f"{name}.npy", array)
    if not ranking:
        return
    sat = np.lib.format.open_memmap(directory / "kw_sat.npy", mode="w+", dtype=np.float32, shape=(len(chunks),))
    _, impact_offsets, impact = derive(offsets, chunks, tf, doclen, sat_out=sat)
    sat.flush()
    np.save(directory / "kw_impact_offsets.npy", impact_offsets)
    np.save(directory / "kw_impact.npy", impact)
