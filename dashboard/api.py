"""The figures JSON API at /api/v1/figures: errors in the API's JSON shape, documented in the OpenAPI file."""

from __future__ import annotations

from core.errors import json_error
from core.extensions import login_manager
from dashboard import figures_api_bp

# Unauthenticated calls get 401 JSON, never a redirect to the sign-in page.
login_manager.blueprint_login_views["figures_api"] = None


@figures_api_bp.errorhandler(400)
@figures_api_bp.errorhandler(401)
@figures_api_bp.errorhandler(403)
@figures_api_bp.errorhandler(404)
@figures_api_bp.errorhandler(405)
def _http_error(error):
    reasons = {
        401: "Send a valid API token: Authorization: Bearer <token>",
        403: "Your role may not do this",
        404: "Not found",
    }
    return json_error(error.code, reasons.get(error.code) or error.description)


def _count(description: str) -> dict:
    return {"type": "integer", "description": description}


FIGURES_SPEC = {
    "summary": "The Citizens in Policing figures for a period",
    "description": "Every dashboard figure for the period [from, to] (both days included), computed from the "
    "records: people are counted on 'to' from dated memberships, changes compare with the day before 'from'; "
    "duties, hours, letters and applications are those dated within the period. Admin and coordinator only.",
    "tags": ["Figures"],
    "parameters": [
        {
            "name": name,
            "in": "query",
            "required": True,
            "description": text,
            "schema": {"type": "string", "format": "date", "example": example},
        }
        for name, text, example in (
            ("from", "First day of the period (YYYY-MM-DD)", "2026-07-01"),
            ("to", "Last day of the period (YYYY-MM-DD), on or after 'from'", "2026-09-30"),
        )
    ],
    "responses": {
        "200": {
            "description": "The figures",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "period": {"type": "object"},
                            "headcount": {"type": "array", "items": {"type": "object"}},
                            "specials": {"type": "object"},
                            "csc": {
                                "type": "object",
                                "properties": {
                                    "in_post": _count("CSCs in post on 'to'"),
                                    "in_training": _count("CSCs in training on 'to'"),
                                    "duties_in_own_parishes": {
                                        "type": "object",
                                        "description": "N CSCs did D duties and H hours in their own parishes",
                                    },
                                },
                            },
                            "esp": {"type": "object"},
                            "cadets": {"type": "object"},
                            "active_citizens": {"type": "object"},
                            "watch": {"type": "object"},
                            "speed_watch": {"type": "object"},
                            "duties": {"type": "object"},
                            "recruitment": {"type": "object"},
                            "alerts": {"type": "object"},
                            "series": {"type": "object"},
                            "notes": {"type": "array", "items": {"type": "string"}},
                        },
                    }
                }
            },
        },
        "400": {
            "description": "A missing, malformed or inverted date (the field names which)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
    },
}


def document_figures() -> None:
    """Add /figures to the API's OpenAPI document when the api package offers the registry."""
    try:
        from api.openapi import register_openapi_path
    except ImportError:  # the registry is optional: the route works without it
        return
    register_openapi_path("/figures", "get", FIGURES_SPEC)


document_figures()
