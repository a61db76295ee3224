"""bm25's parts over postings, in numpy (pure): a posting's term-frequency part (its saturation) and each common
term's chunks in the order of it, which ``embeddings/keywords.py`` stores beside the postings and searches with.
The constants are FTS5's (k1 1.2, b 0.75), so the ranking is the one the earlier FTS5 table gave.
"""

from __future__ import annotations

import numpy as np

K1, B = 1.2, 0.75
COMMON_SHARE = 1 / 64  # a term in more chunks than this is "common": scored only where pruning cannot rule it out


def found_in(ascending: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``values``: its row in the non-empty ascending array (where it is, or where it would go, clipped to
    the last row), and whether it is there.

    >>> found_in(np.array([2, 5, 9]), np.array([5, 1, 12]))
    (array([1, 0, 2]), array([ True, False, False]))
    """
    at = np.minimum(np.searchsorted(ascending, values), len(ascending) - 1)
    return at, ascending[at] == values


def saturation(tf: np.ndarray, doclen: np.ndarray, avgdl: float) -> np.ndarray:
    """bm25's term-frequency part, ``tf·(k1+1) / (tf + k1·(1 - b + b·doclen/avgdl))``, in float64."""
    tf = tf.astype(np.float64)
    out: np.ndarray = tf * (K1 + 1) / (tf + K1 * (1 - B + B * doclen / (avgdl or 1.0)))
    return out


def derive(
    offsets: np.ndarray, chunks: np.ndarray, tf: np.ndarray, doclen: np.ndarray, *, sat_out: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each posting's saturation, and each common term's chunks sorted by it, highest first (ties: lower id).

    Returns ``(sat, impact_offsets, impact)``: ``sat`` is float32, aligned with ``chunks``; term i's chunks in
    impact order are ``impact[impact_offsets[i]:impact_offsets[i + 1]]``, an empty range for terms in
    ``COMMON_SHARE`` of the chunks or fewer. ``sat_out`` (a memory-mapped file, say) receives ``sat``.
    """
    avgdl = float(doclen.mean()) if len(doclen) else 0.0
    sat = np.empty(len(chunks), dtype=np.float32) if sat_out is None else sat_out
    for lo in range(0, len(chunks), 1 << 23):  # in slices: bounded temporaries on a big index
        ids = np.asarray(chunks[lo : lo + (1 << 23)])
        sat[lo : lo + len(ids)] = saturation(np.asarray(tf[lo : lo + len(ids)]), np.asarray(doclen[ids]), avgdl)
    df = np.diff(offsets)
    common = df > COMMON_SHARE * len(doclen)
    impact_offsets = np.zeros(len(df) + 1, dtype=np.int64)
    np.cumsum(np.where(common, df, 0), out=impact_offsets[1:])
    impact = np.empty(int(impact_offsets[-1]), dtype=np.int32)
    for t in np.flatnonzero(common):
        ids = np.asarray(chunks[offsets[t] : offsets[t + 1]])
        order = np.lexsort((ids, -sat[offsets[t] : offsets[t + 1]]))
        impact[impact_offsets[t] : impact_offsets[t + 1]] = ids[order]
    return sat, impact_offsets, impact
