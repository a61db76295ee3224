"""The OpenAPI document as this server runs it: limits and auth that depend on settings are filled in.

FastAPI derives the document from the routes and pydantic models; what only the settings know (the
question length limit, whether API keys are required, whether the widget's Origin exemption is on) is
added here, so the document a client downloads is the contract of this deployment.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from api import deps
from archive_chat.settings import Settings

# (schema, property) whose length limit is ``settings.max_question_chars``
QUESTION_FIELDS = (("AnswerRequest", "question"), ("SearchRequest", "question"), ("UserMessageIn", "content"))
API_KEY_SCHEMES: dict[str, Any] = {
    "ApiKeyBearer": {"type": "http", "scheme": "bearer", "description": "`Authorization: Bearer KEY`"},
    "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}
ADMIN_SCHEME: dict[str, Any] = {
    "AdminToken": {"type": "http", "scheme": "bearer", "description": "`Authorization: Bearer <admin token>`"}
}


def openapi_document(app: FastAPI, settings: Settings, routes: Iterable[BaseRoute]) -> dict[str, Any]:
    """FastAPI's document for ``app``, with the settings-dependent limits and security requirements.

    ``routes`` are the routers' own routes (they carry each route's dependencies, router-level ones included).
    """
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = doc.get("components", {}).get("schemas", {})
    _drop_default_422(doc)
    for name, prop in QUESTION_FIELDS:
        _limit_length(schemas[name]["properties"][prop], settings.max_question_chars)
    schemes = doc["components"].setdefault("securitySchemes", {})
    schemes.update({**(API_KEY_SCHEMES if settings.api_keys else {}), **(ADMIN_SCHEME if settings.admin_token else {})})
    for route in routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            requirement = _security(route, settings)
            if requirement is not None:
                for method in route.methods or ():
                    doc["paths"][route.path_format][method.lower()]["security"] = requirement
    if not schemes:
        del doc["components"]["securitySchemes"]
    return doc


def _drop_default_422(doc: dict[str, Any]) -> None:
    """FastAPI documents a 422 for every path parameter; ours cannot fail validation, and every route that
    can answer 422 declares it with the ``ErrorOut`` body."""
    for operations in doc.get("paths", {}).values():
        for operation in operations.values():
            ref = operation.get("responses", {}).get("422", {}).get("content", {}).get("application/json", {})
            if ref.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                del operation["responses"]["422"]
    for name in ("HTTPValidationError", "ValidationError"):
        doc.get("components", {}).get("schemas", {}).pop(name, None)


def _limit_length(schema: dict[str, Any], limit: int) -> None:
    """Set ``maxLength`` on the string (or every string branch) of a property schema."""
    if schema.get("type") == "string":
        schema["maxLength"] = limit
    for branch in schema.get("anyOf", ()):
        _limit_length(branch, limit)


def _security(route: APIRoute, settings: Settings) -> list[dict[str, list[str]]] | None:
    """The OpenAPI ``security`` of a route, None when it needs nothing; ``{}`` marks the auth optional."""
    calls = {d.call for d in route.dependant.dependencies}
    if deps.admin in calls:
        return [{"AdminToken": []}] if settings.admin_token else None
    if not settings.api_keys:
        return None
    either: list[dict[str, list[str]]] = [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}]
    if deps.api_key in calls:
        return either
    if deps.api_key_unless_widget in calls:
        return [*either, {}] if settings.widget_origin_exempt else either
    return None
