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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np


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

    def load(self) -> dict[str, np.ndarray]:
        """Every checkpointed vector by chunk key."""
        cache: dict[str, np.ndarray] = {}
        for shard in sorted(self.dir.glob("shard-*.npz")):
            with np.load(shard) as data:
                cache.update(zip(data["keys"].tolist(), data["vectors"], strict=True))
        parquet = sorted(self.dir.glob("shard-*.parquet"))
        if parquet:
            import pyarrow.parquet as pq  # only a Ray run writes these, and Ray brings pyarrow

            for shard in parquet:
                table = pq.read_table(shard, columns=["key", "vector"])
                vectors = np.asarray(table.column("vector").combine_chunks().flatten(), dtype=np.float32)
                keys = table.column("key").to_pylist()
                cache.update(zip(keys, vectors.reshape(len(keys), -1), strict=True))
        return cache

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
