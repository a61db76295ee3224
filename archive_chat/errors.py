"""The one exception tree of archive-chat.

    ArchiveChatError
    ├── BadArchive        input archive cannot be read (file, line, field named in the message)
    ├── EmptyArchive      the archive holds no article at all
    ├── IndexMissing      no published index at the given directory
    ├── IndexMismatch     index written by another format / model than the one asked for
    ├── BadQuery          a question or filter the engine cannot accept
    ├── UpstreamLLMError  the OpenAI-compatible endpoint failed, timed out or returned garbage
    │   └── LLMFormatRefused  it refused a structured-output ``response_format`` (the caller may ask in prose)
    └── LogUnavailable    the question log cannot be read (missing, or written by a newer version)

The CLI turns each into one line on stderr and a non-zero exit code; the API into a 4xx/5xx.
"""

from __future__ import annotations


class ArchiveChatError(Exception):
    """Base of every error archive-chat raises on purpose."""

    exit_code = 1


class BadArchive(ArchiveChatError):
    """An archive file is malformed; the message names the file (and line or field)."""

    exit_code = 65  # EX_DATAERR


class EmptyArchive(BadArchive):
    """The archive paths hold no article."""


class IndexMissing(ArchiveChatError):
    """No published index version at the given directory."""

    exit_code = 66  # EX_NOINPUT


class IndexMismatch(ArchiveChatError):
    """The index on disk does not match the format or model being asked for."""

    exit_code = 65


class BadQuery(ArchiveChatError):
    """A question, date or filter that cannot be answered as given."""

    exit_code = 64  # EX_USAGE


class UpstreamLLMError(ArchiveChatError):
    """The LLM endpoint failed, timed out or replied with something unusable."""

    exit_code = 69  # EX_UNAVAILABLE


class LogUnavailable(ArchiveChatError):
    """The question log is missing or in a format this version cannot read."""

    exit_code = 66  # EX_NOINPUT


class LLMFormatRefused(UpstreamLLMError):
    """The LLM endpoint refused the ``response_format`` it was sent (no JSON-schema support, or another dialect)."""
