"""The environment a test gives a child process: no ``ARCHIVE_CHAT_*`` setting of the caller's, except the
suite's precision (tests/conftest.py sets fp32 to match its shared encoder)."""

from __future__ import annotations

import os


def clean_env() -> dict[str, str]:
    """``os.environ`` without its ``ARCHIVE_CHAT_*`` variables, but for ``ARCHIVE_CHAT_PRECISION``."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_CHAT_") or k == "ARCHIVE_CHAT_PRECISION"}
