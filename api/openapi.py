"""The OpenAPI 3 document, built from a small registry other packages can add paths to."""

from __future__ import annotations

import copy
from typing import Any

_PATHS: dict[str, dict[str, dict[str, Any]]] = {}
_SCHEMAS: dict[str, dict[str, Any]] = {}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "reason"],
            "properties": {
                "status": {"type": "integer"},
                "reason": {"type": "string"},
                "field": {"type": "string", "nullable": True},
            },
        }
    },
}


def register_openapi_path(path: str, method: str, spec: dict[str, Any]) -> None:
    """Document one operation, e.g. ``register_openapi_path("/figures", "get", {...})``.

    ``path`` is relative to /api/v1 and uses OpenAPI templating (``/shifts/{shift_id}``).
    Operations get bearer security and the standard error responses unless they say otherwise.
    """
    _PATHS.setdefault(path, {})[method.lower()] = spec


def register_openapi_schema(name: str, schema: dict[str, Any]) -> None:
    """Add a named schema under components/schemas."""
    _SCHEMAS[name] = schema


def error_response(description: str) -> dict[str, Any]:
    """A documented error response with the JSON error body."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A documented JSON success response."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document(server_url: str = "/api/v1") -> dict[str, Any]:
    """The whole OpenAPI 3.0 document."""
    paths: dict[str, Any] = {}
    for path, operations in sorted(_PATHS.items()):
        paths[path] = {}
        for method, spec in operations.items():
            op = copy.deepcopy(spec)
            responses = op.setdefault("responses", {})
            if op.get("security", None) != []:
                op.setdefault("security", [{"bearerAuth": []}])
                responses.setdefault("401", error_response("Missing, unknown or revoked token"))
                responses.setdefault("403", error_response("Your role may not do this"))
            paths[path][method] = op
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Citizens in Policing API",
            "version": "1.0.0",
            "description": "Shifts, duties and hours for volunteers' phones. Times are UTC (ISO 8601, Z); "
            "duty times are entered as Europe/London wall-clock times. Errors are "
            '{"error": {"status", "reason", "field"}}.',
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token made on the 'API tokens' page",
                }
            },
            "schemas": {"Error": ERROR_SCHEMA, **copy.deepcopy(_SCHEMAS)},
        },
    }
