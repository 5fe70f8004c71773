"""The parish statement download, shared by the portal and the coordinators' parish pages."""

from __future__ import annotations

from flask import Response, request

from core.audit import record
from core.models import Parish
from schemes.common import parse_month
from schemes.parishes import portal


def statement_response(parish: Parish) -> Response:
    """The monthly statement PDF for the ?month= asked for (audited as a report run)."""
    month = parse_month(request.args.get("month"))
    body = portal.statement_pdf(portal.parish_statement(parish, month))
    record(
        "report_run",
        "parish",
        parish.id,
        detail={"report": "parish_monthly_statement", "month": month.isoformat()},
        commit=True,
    )
    response = Response(body, mimetype="application/pdf")
    name = f"statement-{parish.name}-{month:%Y-%m}.pdf".replace(" ", "-")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{"".join(c for c in name if c.isalnum() or c in ".-_")}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
