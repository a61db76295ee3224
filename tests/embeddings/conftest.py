"""Fixtures of the embedding-job tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from archive_chat.settings import get_settings


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI reads ARCHIVE_CHAT_* once through a cached getter: pin the chunk size of the fixture index."""
    monkeypatch.setenv("ARCHIVE_CHAT_CHUNK_TOKENS", "64")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
