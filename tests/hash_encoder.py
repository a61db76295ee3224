"""A small deterministic encoder for tests that need no semantics (as simonw/llm's tests use a demo model).

It is a real implementation of ``embeddings.encode.Encoder``, not a mock: the job chunks with its word
tokens and stores its vectors like any model's. Each lower-cased word counts once towards one of ``dim``
coordinates chosen by its blake2b hash, so the vectors are the same in every process and on every
machine, and texts that share words are near each other. Nothing is loaded: a job over it runs in
milliseconds, where the real model takes seconds. Stages that depend on meaning keep the real model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

TOKEN = re.compile(r"\w+|[^\w\s]")  # a word or one punctuation mark: a rough stand-in for wordpieces


class HashEncoder:
    """Bag of hashed words → an L2-normalised float32 vector of ``dim`` coordinates.

    >>> enc = HashEncoder()
    >>> v = enc.encode(["Ferry fares rise", "ferry fares RISE", "The harbour crane"])
    >>> v.shape, v.dtype.name, bool(np.allclose(v[0], v[1])), bool(v[0] @ v[2] < 0.9)
    ((3, 64), 'float32', True, True)
    >>> enc.token_starts("Fares rose, again.")
    [0, 6, 10, 12, 17]
    """

    name = "test-hash-encoder"  # what a manifest written with it names; give it as Settings(model=...)
    dim = 64
    max_tokens = 256

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised row per text; a text without a word gets the first unit vector."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in TOKEN.findall(text.lower()):
                out[row, self._coordinate(token)] += 1.0
        out[~out.any(axis=1), 0] = 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def token_starts(self, text: str) -> list[int]:
        """Character offset where each word or punctuation mark of ``text`` starts."""
        return [m.start() for m in TOKEN.finditer(text)]

    def _coordinate(self, token: str) -> int:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=4).digest()
        return int.from_bytes(digest, "little") % self.dim
