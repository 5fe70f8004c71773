"""The parish portal: a council's own page and monthly statement (and the statement download for staff)."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user
from sqlalchemy.orm import joinedload

from core.audit import record
from core.filters import uk_date
from core.models import Parish, Role
from core.navigation import register_nav
from core.permissions import allow, get_scoped_or_404
from schemes import bp
from schemes.common import parse_month
from schemes.parishes import portal

register_nav("Your council", "schemes.parish_portal", {Role.PARISH}, order=10)


@bp.record_once
def _take_over_home(_state) -> None:
    """Make this page the parish role's landing page (deferred: core.home imports the models)."""
    from core.landing import register_home

    register_home(Role.PARISH, "schemes.parish_portal")


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


@bp.route("/parishes/portal")
@allow(Role.PARISH)
def parish_portal():
    """The parish council's own portal: posts, hours policed in the parish, claims, statements."""
    # the district names the page's caption: loaded with the council, not by a second query
    parish = get_scoped_or_404(Parish, current_user.parish_id or 0, options=(joinedload(Parish.district),))
    month = parse_month(request.args.get("month"))
    statement = portal.parish_statement(parish, month)
    return render_template(
        "schemes/parishes/portal.html", s=statement, month=month, month_label=uk_date(month, "%B %Y")
    )


@bp.route("/parishes/portal/statement.pdf")
@allow(Role.PARISH)
def parish_portal_pdf():
    """The council's monthly statement as PDF."""
    return statement_response(get_scoped_or_404(Parish, current_user.parish_id or 0))
