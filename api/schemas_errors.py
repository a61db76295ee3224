"""The body of every 4xx and 5xx response, and the OpenAPI ``responses`` a route declares with it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class FieldErrorOut(BaseModel):
    """One invalid field of a 422: ``{"field": "as_of", "message": "expected YYYY-MM-DD", "type": "iso_date"}``."""

    field: str = Field(description="Dotted path of the field in the request (`body` for the body as a whole).")
    message: str
    type: str


class OpenAIErrorOut(BaseModel):
    message: str
    type: str
    code: str | None = None


class ErrorOut(BaseModel):
    """The body of every 4xx and 5xx response."""

    detail: str = Field(description="What went wrong, for a human; for 422 `<field>: <problem>; ...`.")
    errors: list[FieldErrorOut] | None = Field(default=None, description="422 only: each invalid field.")
    error: OpenAIErrorOut | None = Field(
        default=None, description="On the OpenAI-compatible paths only: the shape OpenAI SDKs read."
    )


_RETRY_AFTER = {"Retry-After": {"description": "Seconds until a request is allowed.", "schema": {"type": "integer"}}}
_WWW_AUTHENTICATE = {"WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}}
ERRORS: dict[int, dict[str, Any]] = {
    400: {"description": "Unreadable request (e.g. an invalid `Content-Length`)."},
    401: {"description": "Missing or invalid API key or admin token.", "headers": _WWW_AUTHENTICATE},
    404: {"description": "Not found."},
    409: {"description": "Conflict with the current state."},
    413: {"description": "Request body larger than `max_body_bytes` (checked before parsing)."},
    422: {"description": "Invalid request: `errors` names each field."},
    429: {"description": "Rate limit exceeded.", "headers": _RETRY_AFTER},
    500: {"description": "Internal error."},
    503: {"description": "No index is loaded yet."},
}


def error_responses(*codes: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, all with the ``ErrorOut`` body.

    ``descriptions`` override the generic text per status: ``error_responses(404, s404="No such article.")``.
    """
    return {
        code: {**ERRORS[code], "model": ErrorOut, **({"description": d} if (d := descriptions.get(f"s{code}")) else {})}
        for code in codes
    }
