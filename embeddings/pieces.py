"""The embedding model's word-piece tokenizer, read from its ``tokenizer.json``: the index job cuts each stored
sentence into pieces with it (``embeddings/sentence_table.py``), and the answer engine weighs those pieces
(``rag/lexicon.py``). One loader for both, so both cut a sentence the same way; ``fingerprint`` says which
tokenizer cut a stored sentence.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PieceTokenizer:
    """A model's tokenizer, without truncation, padding or special tokens."""

    tokenizer: Any  # tokenizers.Tokenizer
    fingerprint: str  # the first 16 hex digits of the sha256 of its tokenizer.json

    @property
    def vocabulary(self) -> int:
        """How many word pieces it knows."""
        return int(self.tokenizer.get_vocab_size())

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's piece ids (one batch: for many texts, as the index cuts its sentences)."""
        if not texts:
            return []
        return [e.ids for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def encode_one(self, text: str) -> list[int]:
        """One short text's piece ids, without a batch: a batch call costs ~0.3 ms however few its texts, one word
        ~20 µs (what an answer needs for the few words its cache lacks)."""
        return list(self.tokenizer.encode(text, add_special_tokens=False).ids)


def load_tokenizer(model_dir: Path) -> PieceTokenizer | None:
    """The tokenizer of the model in ``model_dir``; None, with a log line, without a readable ``tokenizer.json``."""
    path = model_dir / "tokenizer.json"
    if not path.is_file():
        log.info("no tokenizer.json in %s: no word pieces", model_dir)
        return None
    from tokenizers import Tokenizer

    raw = path.read_bytes()
    try:
        tokenizer = Tokenizer.from_str(raw.decode("utf-8"))
    except Exception as e:  # tokenizers raises a bare Exception for a file it cannot read
        log.warning("%s: not a tokenizer (%s): no word pieces", path, e)
        return None
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return PieceTokenizer(tokenizer, hashlib.sha256(raw).hexdigest()[:16])


def model_tokenizer(model: str) -> PieceTokenizer | None:
    """``load_tokenizer`` for a model name or path, as the settings give it."""
    from embeddings.encode import resolve_model

    return load_tokenizer(Path(resolve_model(model)))
