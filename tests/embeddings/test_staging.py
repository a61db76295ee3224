"""The checkpoint read back by key: npz (local engine) and parquet (Ray engine) shards, one row at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from embeddings.staging import StagedVectors, Staging, write_parquet_shard

KEY = {"model": "m", "max_tokens": 64, "overlap": 0, "dim": 8}


def test_staged_vectors_match_both_shard_kinds_by_key(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    staging = Staging(tmp_path, KEY)
    a, b = rng.normal(size=(3, 8)).astype(np.float32), rng.normal(size=(2, 8)).astype(np.float32)
    staging.save(["k1", "k2", "k3"], a)
    write_parquet_shard(staging.dir, {"key": ["k4", "k2"]}, b)  # k2 again: the first shard's vector stays
    assert staging.keys() == {"k1", "k2", "k3", "k4"}
    with StagedVectors(staging, 8) as staged:
        assert len(staged) == 4 and "k4" in staged and "k9" not in staged
        np.testing.assert_array_equal(staged.get(["k3", "k4", "k1", "k2"]), np.stack([a[2], b[0], a[0], a[1]]))
        c = rng.normal(size=(3, 8)).astype(np.float32)
        staged.add(["k5", "k5", "k6"], c)  # a key twice in one call: rows stay aligned
        np.testing.assert_array_equal(staged.get(["k6", "k5"]), np.stack([c[2], c[0]]))
        lookup = list(staging.dir.glob(".lookup-*"))
        assert len(lookup) == 1 and lookup[0].stat().st_size == 6 * 8 * 4
    assert not list(staging.dir.glob(".lookup-*")), "the lookup file goes; the shards (the checkpoint) stay"
    assert len(list(staging.dir.glob("shard-*"))) == 2
