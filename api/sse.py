"""Server-Sent Events: one way to frame an event and one loop that relays the engine's events to a client.

Both streaming endpoints (``/v1/answer/stream`` and the OpenAI-compatible ``/v1/chat/completions``) use
``relay``; they differ only in how an engine event and a failure are encoded.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable

from fastapi.responses import StreamingResponse

from archive_chat.errors import ArchiveChatError

log = logging.getLogger(__name__)

Event = tuple[str, object]  # (name, payload) as the engine streams them
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # no proxy buffering of the stream


def sse(data: object, event: str | None = None) -> str:
    """One Server-Sent Event; JSON never contains a raw newline, so a single ``data:`` line suffices.

    >>> sse({"text": "é"}, "delta")
    'event: delta\\ndata: {"text": "é"}\\n\\n'
    """
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data, ensure_ascii=False)}\n\n"


def error_detail(exc: Exception) -> str:
    """A message safe to show a client: our own errors verbatim, anything else generic (and logged)."""
    if isinstance(exc, ArchiveChatError):
        return str(exc)
    log.exception("answer stream failed", exc_info=exc)
    return "internal error while composing the answer"


async def relay(
    first: Event,
    events: AsyncIterator[Event],
    encode: Callable[[str, object], Awaitable[str | None]],
    fail: Callable[[Exception], str],
    last: str | None = None,
) -> AsyncGenerator[str, None]:
    """``first`` and then every event of ``events``, each encoded by ``encode`` (None: not forwarded).

    The status line is already sent when an event fails, so a failure is reported in-band as ``fail(exc)``
    and ends the stream; ``last`` follows only a stream that ran to its end. ``events`` is always closed.
    """
    item: Event | None = first
    try:
        while item is not None:
            if (text := await encode(*item)) is not None:
                yield text
            item = await anext(events, None)
    except Exception as exc:
        yield fail(exc)
        return
    finally:
        aclose = getattr(events, "aclose", None)
        if aclose is not None:
            await aclose()
    if last is not None:
        yield last


def event_stream(body: AsyncIterator[str]) -> StreamingResponse:
    """The HTTP response that sends ``body`` as ``text/event-stream``."""
    return StreamingResponse(body, media_type="text/event-stream", headers=HEADERS)
