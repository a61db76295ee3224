"""Session fixtures shared by every test package: the real packaged model and a real fixture index.

The fixture archive (tests/fixtures/news/) is a dozen short, dated news articles over Nov 2022 – Feb 2023,
one commentary piece (Markdown, section "Commentary", an /opinion/ URL), one article whose text carries
XSS payloads (id "xss-test-piece", title mentions "XSS") and one carrying a prompt injection
(id "injection-piece"). The news is invented: its people, teams, places and organisations (Teodor Brannock
of the Kestrel Bay Ospreys, Noor Castellan of the Calderran Assembly, Bluecrest Rail, …) occur in neither
evaluation set, and no test may borrow a question, answer or entity from those sets. The commentary piece
(Indus Waters Treaty) comes from the project's own seed material. Stories with two pieces: the Brannock
collapse (2023-01-03) and recovery (2023-01-06); the Castellan nomination (2022-11-16, the older,
closer-worded piece) and election (2023-01-07).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder, load_encoder
from embeddings.job import run_job
from tests.hash_encoder import HashEncoder

# The product's default precision is int8. The suite's shared encoder (below) is the fp32 sentence-transformers
# model, so every Settings the tests make, and every process they start, is at fp32 to match it; the int8 path
# has its own tests (tests/embeddings/test_onnx_encode.py), which set precision="int8" themselves.
os.environ["ARCHIVE_CHAT_PRECISION"] = "fp32"
FIXTURES = Path(__file__).parent / "fixtures"
NEWS = FIXTURES / "news"


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    """The real default embedding model (all-MiniLM-L6-v2 from PyPI), loaded once."""
    return load_encoder()


@pytest.fixture(scope="session")
def hash_encoder() -> HashEncoder:
    """The deterministic test encoder, for tests of mechanics that need no semantics (indexes built with it
    name it as their model: pass ``model=hash_encoder.name`` in their settings)."""
    return HashEncoder()


@pytest.fixture(scope="session")
def fixture_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the fixture news archive (tests may not modify it)."""
    dst = tmp_path_factory.mktemp("archive") / "news"
    shutil.copytree(NEWS, dst)
    return dst


@pytest.fixture(scope="session")
def fixture_settings(tmp_path_factory: pytest.TempPathFactory, fixture_archive: Path) -> Settings:
    """Settings pointing at the fixture archive and a session index directory."""
    index_dir = tmp_path_factory.mktemp("index")
    return Settings(index_dir=index_dir, archive=[fixture_archive], chunk_tokens=64)


@pytest.fixture(scope="session")
def fixture_index(fixture_settings: Settings, encoder: SentenceEncoder) -> Iterator[Path]:
    """An index built from the fixture archive with the real model (read-only for tests)."""
    run_job(fixture_settings.archive, fixture_settings.index_dir, fixture_settings, encoder=encoder)
    yield fixture_settings.index_dir
