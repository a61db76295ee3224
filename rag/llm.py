"""Optional LLM mode, the I/O half: a client for any OpenAI-compatible chat endpoint.

The prompt it is sent and the check of its reply are pure and live in ``rag.prompt``.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx

from archive_chat.errors import LLMFormatRefused, UpstreamLLMError

DEFAULT_MAX_TOKENS = 512


class LLMClient:
    """Chat completions from an OpenAI-compatible server (Ollama, vLLM, llama.cpp, OpenAI)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        *,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        temperature: float = 0.0,
    ) -> None:
        self._client = client
        self.url = chat_completions_url(base_url)
        self.model = model
        self._api_key = api_key
        self.timeout_s = timeout_s
        self.max_tokens = max_tokens
        self.temperature = temperature

    def _request(
        self,
        messages: list[dict[str, str]],
        stream: bool,
        max_tokens: int | None,
        response_format: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        request = {
            "model": self.model,
            "messages": messages,
            "max_tokens": self.max_tokens if max_tokens is None else max_tokens,
            "temperature": self.temperature,
            "stream": stream,
        }
        if response_format is not None:
            request["response_format"] = response_format
        return request

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    async def complete(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int | None = None,
        response_format: dict[str, Any] | None = None,
    ) -> str:
        """The assistant's reply to ``messages``; every failure is an UpstreamLLMError.

        With ``response_format`` (structured output), an endpoint that refuses it raises LLMFormatRefused.
        """
        try:
            # httpx times each read separately, so a server that trickles bytes could hold us far
            # beyond timeout_s; the outer deadline bounds the whole exchange.
            async with asyncio.timeout(self.timeout_s):
                response = await self._client.post(
                    self.url,
                    json=self._request(messages, False, max_tokens, response_format),
                    headers=self._headers(),
                    timeout=self.timeout_s,
                )
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise UpstreamLLMError(f"LLM at {self.url} timed out after {self.timeout_s:g} s") from exc
        except httpx.HTTPError as exc:
            raise UpstreamLLMError(f"LLM at {self.url} unreachable: {type(exc).__name__}: {exc}") from exc
        if response_format is not None and refused_format(response.status_code, response.text):
            raise LLMFormatRefused(
                f"LLM at {self.url} refused response_format {response_format.get('type')!r}: "
                f"HTTP {response.status_code} {response.text[:200]!r}"
            )
        _raise_for_status(self.url, response.status_code, response.text)
        try:
            body = response.json()
        except ValueError as exc:
            raise UpstreamLLMError(f"LLM at {self.url} replied with non-JSON: {response.text[:200]!r}") from exc
        content = _message_content(body, "message")
        if content is None:
            raise UpstreamLLMError(f"LLM at {self.url} replied without choices[0].message.content: {_clip(body)}")
        if not content.strip():
            raise UpstreamLLMError(f"LLM at {self.url} replied with empty content")
        return content

    async def stream(self, messages: list[dict[str, str]], *, max_tokens: int | None = None) -> AsyncIterator[str]:
        """The reply as it is generated (server-sent ``data:`` events); failures are UpstreamLLMError.

        Here timeout_s bounds each wait for the next bytes, not the whole answer: a long answer
        that keeps flowing is fine, a stalled one is not.
        """
        got_content = False
        try:
            async with self._client.stream(
                "POST",
                self.url,
                json=self._request(messages, True, max_tokens),
                headers={**self._headers(), "Accept": "text/event-stream"},
                timeout=self.timeout_s,
            ) as response:
                if response.status_code >= 400:
                    await response.aread()
                    _raise_for_status(self.url, response.status_code, response.text)
                async for line in response.aiter_lines():
                    event = _sse_data(line)
                    if event is None:
                        continue
                    if event == "[DONE]":
                        break
                    delta = _parse_stream_event(self.url, event)
                    if delta:
                        got_content = True
                        yield delta
        except httpx.TimeoutException as exc:
            raise UpstreamLLMError(f"LLM at {self.url} timed out after {self.timeout_s:g} s") from exc
        except httpx.HTTPError as exc:
            raise UpstreamLLMError(f"LLM at {self.url} unreachable: {type(exc).__name__}: {exc}") from exc
        if not got_content:
            raise UpstreamLLMError(f"LLM at {self.url} streamed no content")


def chat_completions_url(base_url: str) -> str:
    """The chat endpoint under ``base_url``, which may or may not already end in /v1.

    >>> chat_completions_url("http://127.0.0.1:11434/v1/")
    'http://127.0.0.1:11434/v1/chat/completions'
    """
    base = base_url.rstrip("/")
    if not base.endswith("/v1"):
        base += "/v1"
    return base + "/chat/completions"


# Statuses that say nothing about the request body: auth, wrong URL, overload. Dropping response_format
# would not help, so they stay ordinary failures.
_NOT_ABOUT_THE_BODY = frozenset({401, 403, 404, 408, 429, 502, 503, 504})
_FORMAT_WORDS = re.compile(r"response_format|json_schema|json_object|schema|grammar", re.IGNORECASE)


def refused_format(status: int, body: str) -> bool:
    """True when an error reply is about the ``response_format`` it was sent.

    Servers say so differently: llama-cpp-python answers HTTP 500 naming ``response_format``, others 400 or 422.

    >>> refused_format(500, "Input should be 'text' or 'json_object' (loc: response_format.type)")
    True
    >>> refused_format(400, "maximum context length exceeded"), refused_format(429, "slow down: schema")
    (False, False)
    """
    return status >= 400 and status not in _NOT_ABOUT_THE_BODY and _FORMAT_WORDS.search(body) is not None


def _clip(value: object, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _raise_for_status(url: str, status: int, text: str) -> None:
    if status >= 400:
        raise UpstreamLLMError(f"LLM at {url} answered HTTP {status}: {text[:200]!r}")


def _message_content(body: object, key: str) -> str | None:
    """``body["choices"][0][key]["content"]`` when every step has the right type, else None."""
    if not isinstance(body, dict):
        return None
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    message = choices[0].get(key)
    if not isinstance(message, dict):
        return None
    content = message.get("content")
    return content if isinstance(content, str) else None


def _sse_data(line: str) -> str | None:
    # Only data lines carry payload; comments (":"), "event:", "id:" and blank separators do not.
    if not line.startswith("data:"):
        return None
    return line[5:].strip()


def _parse_stream_event(url: str, event: str) -> str:
    """The text delta of one streamed chunk ('' for role-only or final chunks)."""
    try:
        body = json.loads(event)
    except ValueError as exc:
        raise UpstreamLLMError(f"LLM at {url} streamed non-JSON event: {event[:200]!r}") from exc
    if isinstance(body, dict) and "error" in body:
        raise UpstreamLLMError(f"LLM at {url} streamed an error: {_clip(body['error'])}")
    if not isinstance(body, dict) or not isinstance(body.get("choices"), list):
        raise UpstreamLLMError(f"LLM at {url} streamed an event without choices: {_clip(body)}")
    if not body["choices"]:
        return ""  # OpenAI's usage chunk has an empty choices list
    content = _message_content(body, "delta")
    return content or ""
