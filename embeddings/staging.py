"""The checkpoint of an unfinished run: shards of (chunk key, vector) under ``INDEX/staging/``.

Both engines write here and read everything here, so a run killed under one engine resumes under either.
The local engine writes ``shard-*.npz`` (keys, vectors); the Ray engine's encoder actors write
``shard-*.parquet`` (key, vector and the chunk's metadata). Every shard appears by atomic rename, so a
shard that is there is whole. The folder is valid for one model and chunker setting (``settings.json``).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np


def drop_leftover(index_dir: Path) -> None:
    """Drop a checkpoint that a run killed after it published left behind: the live version already holds its
    vectors (called under the writer lock, by a run that finds nothing to do)."""
    shutil.rmtree(index_dir / "staging", ignore_errors=True)


class Staging:
    """Checkpointed vectors of an unfinished run, valid only for one model and chunker setting."""

    def __init__(self, index_dir: Path, settings_key: dict[str, object]) -> None:
        self.dir = index_dir / "staging"
        meta = self.dir / "settings.json"
        if self.dir.exists() and _read_json(meta) != settings_key:
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        meta.write_text(json.dumps(settings_key))
        self.shards = sorted(self.dir.glob("shard-*.npz"))

    def keys(self) -> set[str]:
        """The chunk keys of every checkpointed vector (their vectors are not read)."""
        return {k for keys, _ in self.shards_read(vectors=False) for k in keys}

    def shards_read(self, *, vectors: bool = True) -> Iterator[tuple[list[str], np.ndarray]]:
        """(keys, vectors) of one shard at a time: npz shards (local engine), then parquet shards (Ray engine)."""
        for shard in sorted(self.dir.glob("shard-*.npz")):
            with np.load(shard) as data:
                yield data["keys"].tolist(), data["vectors"] if vectors else np.zeros((0, 0), dtype=np.float32)
        parquet = sorted(self.dir.glob("shard-*.parquet"))
        if parquet:
            import pyarrow.parquet as pq  # only a Ray run writes these, and Ray brings pyarrow

            for shard in parquet:
                table = pq.read_table(shard, columns=["key", "vector"] if vectors else ["key"])
                keys = table.column("key").to_pylist()
                if not vectors:
                    yield keys, np.zeros((0, 0), dtype=np.float32)
                    continue
                flat = np.asarray(table.column("vector").combine_chunks().flatten(), dtype=np.float32)
                yield keys, flat.reshape(len(keys), -1)

    def save(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Checkpoint one group of vectors as an npz shard (the local engine)."""
        n = len(self.shards) + 1
        final = self.dir / f"shard-{n:06d}.npz"
        tmp = self.dir / f".shard-{n:06d}.tmp.npz"
        with open(tmp, "wb") as f:
            np.savez(f, keys=np.array(keys), vectors=vectors)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
        self.shards.append(final)

    def clear(self) -> None:
        """Drop the checkpoint (after a publish has consumed it)."""
        shutil.rmtree(self.dir, ignore_errors=True)


class StagedVectors:
    """Checkpointed vectors by chunk key, without holding them: each shard is copied once into one flat float32
    file beside the shards and rows are read back by key (``os.pread``); only the key → row map is in memory.

    A run appends what it embeds (``add``), so a chunk text seen again later in the same run is found too.
    """

    def __init__(self, staging: Staging, dim: int) -> None:
        self.dim = dim
        self._path = staging.dir / f".lookup-{os.getpid()}.f32"  # derived data: rebuilt by every run
        self._file = open(self._path, "w+b")  # noqa: SIM115 (closed by close)
        self._row: dict[str, int] = {}
        for keys, vectors in staging.shards_read():
            self.add(keys, vectors)

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, key: object) -> bool:
        return key in self._row

    def add(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Make ``vectors[i]`` the vector of ``keys[i]`` (a key already known keeps its first vector)."""
        new: dict[str, int] = {}  # key -> its first position in ``keys``
        for i, k in enumerate(keys):
            if k not in self._row:
                new.setdefault(k, i)
        if not new:
            return
        if vectors.shape[1] != self.dim:
            raise ValueError(f"staged vectors of dimension {vectors.shape[1]}, expected {self.dim}")
        self._file.seek(0, os.SEEK_END)
        self._file.write(np.ascontiguousarray(vectors[list(new.values())], dtype=np.float32).tobytes())
        for k in new:
            self._row[k] = len(self._row)

    def get(self, keys: Sequence[str]) -> np.ndarray:
        """The vectors of ``keys`` (every one must be staged), one row each."""
        self._file.flush()
        size = 4 * self.dim
        out = np.empty((len(keys), self.dim), dtype=np.float32)
        for j, key in enumerate(keys):
            out[j] = np.frombuffer(os.pread(self._file.fileno(), size, size * self._row[key]), dtype=np.float32)
        return out

    def close(self) -> None:
        """Close and remove the lookup file (the shards stay: they are the checkpoint)."""
        self._file.close()
        self._path.unlink(missing_ok=True)

    def __enter__(self) -> StagedVectors:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_parquet_shard(folder: Path, columns: dict[str, Any], vectors: np.ndarray) -> Path:
    """Write one parquet shard of ``columns`` (``key`` among them) plus ``vector``, appearing by atomic rename."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    dim = int(vectors.shape[1])
    flat = pa.array(np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1))
    table = pa.table({**columns, "vector": pa.FixedSizeListArray.from_arrays(flat, dim)})
    name = f"shard-{uuid.uuid4().hex}.parquet"  # actors on many nodes write at once: no shared counter
    tmp = folder / f".{name}.tmp"
    pq.write_table(table, tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, folder / name)
    return folder / name


def _read_json(path: Path) -> object:
    """The JSON value in ``path``, or None when it is missing or torn (a crash or power loss while writing)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
