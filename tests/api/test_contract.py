"""The OpenAPI document tells the truth: schemathesis, every check, against a real server on the seed index.

The run is the project's ``schemathesis.toml`` plus a fixed seed and a bounded number of examples, so
``make test`` stays fast and repeatable; ``st run http://127.0.0.1:8000/openapi.json --checks all``
against ``make serve`` uses the same configuration.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from archive_chat.settings import Settings
from embeddings.encode import SentenceEncoder
from embeddings.job import run_job

ROOT = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "contract-admin-token"


@pytest.fixture(scope="module")
def seed_server(
    tmp_path_factory: pytest.TempPathFactory,
    api_settings: Settings,
    encoder: SentenceEncoder,
    serve_app: Callable[[FastAPI], str],
) -> str:
    """uvicorn over an index of the repository's ``seeds/``, admin enabled (reindex rebuilds that index)."""
    index = tmp_path_factory.mktemp("seed-index")
    settings = api_settings.model_copy(
        update={"index_dir": index, "archive": [ROOT / "seeds"], "admin_token": ADMIN_TOKEN}
    )
    run_job(settings.archive, index, settings, encoder=encoder)
    return serve_app(create_app(settings, encoder=encoder))


@pytest.mark.slow
def test_schemathesis_finds_nothing(seed_server: str) -> None:
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{seed_server}/openapi.json",
        "--checks", "all", "--seed", "20240901", "--max-examples", "8", "--workers", "1",
        "--header", f"Authorization: Bearer {ADMIN_TOKEN}", "--no-color",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    report = done.stdout[-8000:] + done.stderr[-2000:]
    assert done.returncode == 0, report
    assert "No issues found" in done.stdout or "passed" in done.stdout, report


def test_a_seed_piece_without_a_headline_is_cited_under_its_section_not_its_opening_words(seed_server: str) -> None:
    """The seed pieces are untitled commentary: the answer names "a commentary piece", and a citation card of a piece's
    opening sentence is headed "Commentary piece", not by the first words of the very sentence it quotes."""
    r = httpx.post(f"{seed_server}/v1/answer", json={"question": "Who convened the Arria-formula meeting?"}, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["citations"] and "a commentary piece" in body["answer"], body["answer"]
    repeats = [c for c in body["citations"] if c["quote"].startswith(c["title"].rstrip("…"))]
    assert repeats, "the answer quotes a seed piece's opening sentence, which its derived title repeats"
    for c in body["citations"]:
        assert c["heading"] == ("Commentary piece" if c in repeats else c["title"]), c


async def test_every_error_response_has_the_one_documented_shape(make_app: Callable[..., FastAPI]) -> None:
    spec = make_app(max_question_chars=123).openapi()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            errors = {code: r for code, r in operation["responses"].items() if code >= "400"}
            assert "500" in errors, (method, path)
            for code, response in errors.items():
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, code)
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert spec["components"]["schemas"]["AnswerRequest"]["properties"]["question"]["maxLength"] == 123
    assert "securitySchemes" not in spec["components"]  # no keys, no admin token: nothing to present


async def test_security_in_the_document_follows_the_settings(make_app: Callable[..., FastAPI]) -> None:
    spec = make_app(api_keys=["k"], admin_token="t").openapi()
    ops = spec["paths"]
    assert ops["/v1/search"]["post"]["security"] == [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}]
    assert ops["/v1/answer"]["post"]["security"] == [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}]
    assert ops["/v1/admin/status"]["get"]["security"] == [{"AdminToken": []}]
    assert "security" not in ops["/healthz"]["get"]
    public_widget = make_app(api_keys=["k"], widget_origin_exempt=True).openapi()["paths"]
    assert {} in public_widget["/v1/answer"]["post"]["security"]  # optional: a browser origin may go without
    assert {} not in public_widget["/v1/search"]["post"]["security"]
