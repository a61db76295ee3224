"""The int8 encoder path: the same sentence-transformers model exported to ONNX here, quantized with onnxruntime's
dynamic int8 quantization, and run by onnxruntime (``--precision int8``, ``ARCHIVE_CHAT_PRECISION=int8``).

Nothing is downloaded: the export reads the local model folder (its transformer, tokenizer and pooling
config) and writes ``<cache>/<model>-<hash>/model-int8.onnx`` once; later runs load that file. Only mean
pooling followed by normalisation (the all-MiniLM family's head) is supported; another head is refused.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from archive_chat.errors import ArchiveChatError
from embeddings.encode import resolve_model

PRECISIONS = ("fp32", "int8")
ONNX_OPSET = 17


def _read_json(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}


def _check_mean_pooling(model_dir: Path, name: str) -> None:
    modules = json.loads((model_dir / "modules.json").read_text()) if (model_dir / "modules.json").exists() else []
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    pooling = next((m for m in modules if m.get("type", "").endswith("Pooling")), None)
    config = _read_json(model_dir / pooling["path"] / "config.json") if pooling else {}
    if kinds != ["Transformer", "Pooling", "Normalize"] or not config.get("pooling_mode_mean_tokens"):
        raise ArchiveChatError(
            f"--precision int8 supports models with mean pooling and normalisation; {name!r} has "
            f"{kinds or 'no modules'} ({model_dir}). Use --precision fp32 for it."
        )


def cache_path(model_dir: Path, cache_dir: Path) -> Path:
    """Where the quantized export of the model in ``model_dir`` lives: keyed by the model's weights and config."""
    digest = hashlib.sha256()
    for f in sorted(model_dir.glob("*.json")) + sorted(model_dir.glob("*.safetensors")):
        digest.update(f.name.encode())
        digest.update(str(f.stat().st_size).encode())
    digest.update(f"opset{ONNX_OPSET}".encode())
    return cache_dir / f"{model_dir.parent.name}-{digest.hexdigest()[:12]}" / "model-int8.onnx"


def export_int8(model_dir: Path, target: Path) -> Path:
    """Export the transformer of ``model_dir`` to ONNX and quantize its weights to int8 (atomic: a crash leaves
    no half-written model). Takes some seconds, once per model."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    target.parent.mkdir(parents=True, exist_ok=True)
    transformer = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):  # keyword arguments: the positional order of forward() differs by version
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                    token_type_ids=token_type_ids).last_hidden_state  # fmt: skip

    fp32 = target.with_name(f".{os.getpid()}-fp32.onnx")
    tmp = target.with_name(f".{os.getpid()}-{target.name}")
    ids = torch.ones((2, 8), dtype=torch.long)
    mask = torch.ones_like(ids)
    mask[1, 5:] = 0  # padding in the example, so that the traced graph applies the mask
    try:
        axes = {n: {0: "batch", 1: "tokens"} for n in ("input_ids", "attention_mask", "token_type_ids", "hidden")}
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on Python-side branches of the model code
            torch.onnx.export(
                Hidden(),
                (ids, mask, torch.zeros_like(ids)),
                str(fp32),
                dynamo=False,
                opset_version=ONNX_OPSET,
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["hidden"],
                dynamic_axes=axes,
            )
        logging.disable(logging.WARNING)  # onnxruntime suggests a pre-processing step on the root logger
        try:
            # per channel: cosine to the fp32 vectors ≥ 0.99 (≈ 0.97 per tensor), docs/benchmarks.md
            quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.disable(logging.NOTSET)
        tmp.replace(target)
    finally:
        fp32.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    return target


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors that the mask keeps, L2-normalised: the sentence-transformers head.

    >>> [round(float(x), 2) for x in mean_pool(np.array([[[3.0, 4.0], [9.0, 9.0]]]), np.array([[1, 0]]))[0]]
    [0.6, 0.8]
    """
    m = mask[..., None].astype(np.float32)
    summed = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(summed, axis=1, keepdims=True)
    return np.ascontiguousarray(summed / np.clip(norms, 1e-12, None), dtype=np.float32)


class OnnxEncoder:
    """The model's int8 ONNX export behind the ``Encoder`` interface (its own fast tokenizer, no torch at run time)."""

    def __init__(self, name: str, *, cache_dir: Path, batch_size: int = 64, threads: int = 0) -> None:
        import onnxruntime as ort

        model_dir = Path(resolve_model(name))
        if not (model_dir / "config.json").exists():
            raise ArchiveChatError(f"--precision int8 needs a local model folder; {name!r} is not one ({model_dir})")
        _check_mean_pooling(model_dir, name)
        path = cache_path(model_dir, cache_dir)
        if not path.exists():
            export_int8(model_dir, path)
        options = ort.SessionOptions()
        if threads > 0:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        self.name = name
        self.precision = "int8"
        self.path = path
        self.max_tokens = int(_read_json(model_dir / "sentence_bert_config.json").get("max_seq_length", 256))
        self._tokenizer, self._plain = _tokenizers(model_dir, self.max_tokens)
        self.dim = int(_read_json(model_dir / "config.json")["hidden_size"])
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` in batches of similar length (little padding), rows in the input's order."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for at in range(0, len(order), self.batch_size):
            rows = order[at : at + self.batch_size]
            batch = self._tokenizer.encode_batch([texts[i] for i in rows])
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            columns = {
                "input_ids": np.array([e.ids for e in batch], dtype=np.int64),
                "attention_mask": mask,
                "token_type_ids": np.array([e.type_ids for e in batch], dtype=np.int64),
            }
            (hidden,) = self.session.run(["hidden"], {k: v for k, v in columns.items() if k in self._inputs})
            out[rows] = mean_pool(hidden, mask)
        return out

    def token_starts(self, text: str) -> list[int]:
        """Character start of every wordpiece of ``text`` (the same tokenizer as the fp32 path)."""
        return [start for start, _ in self._plain.encode(text, add_special_tokens=False).offsets]


def _tokenizers(model_dir: Path, max_tokens: int) -> tuple[Any, Any]:
    """The model's fast tokenizer (``tokenizer.json``, read by the ``tokenizers`` library: no torch or
    transformers at serve time), once set to truncate and pad batches as sentence-transformers does, once plain."""
    from tokenizers import Tokenizer

    batching = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    batching.enable_truncation(max_length=max_tokens)
    pad = _read_json(model_dir / "special_tokens_map.json").get("pad_token", "[PAD]")
    pad = pad["content"] if isinstance(pad, dict) else pad
    batching.enable_padding(pad_id=batching.token_to_id(pad) or 0, pad_token=pad)
    plain = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    plain.no_truncation()
    plain.no_padding()
    return batching, plain
