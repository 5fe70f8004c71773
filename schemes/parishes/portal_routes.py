"""The parish portal: a council's own page and monthly statement (and the statement download for staff)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy.orm import joinedload

from core.dates import month_start, today
from core.filters import uk_date
from core.models import Parish, Role
from core.navigation import register_nav
from core.period_picker import pick_month
from core.permissions import allow, get_scoped_or_404
from schemes import bp
from schemes.parishes import portal
from schemes.parishes.downloads import statement_response

register_nav("Your council", "schemes.parish_portal", {Role.PARISH}, order=10)


@bp.record_once
def _take_over_home(_state) -> None:
    """Make this page the parish role's landing page (deferred: core.home imports the models)."""
    from core.landing import register_home

    register_home(Role.PARISH, "schemes.parish_portal")


@bp.route("/parishes/portal")
@allow(Role.PARISH)
def parish_portal():
    """The parish council's own portal: posts, hours policed in the parish, claims, statements."""
    # the district names the page's caption: loaded with the council, not by a second query
    parish = get_scoped_or_404(Parish, current_user.parish_id or 0, options=(joinedload(Parish.district),))
    period = pick_month(request.args, today())
    month = period.month or month_start(period.start)
    statement = portal.parish_statement(parish, month)
    return render_template(
        "schemes/parishes/portal.html",
        s=statement,
        month=month,
        month_label=uk_date(month, "%B %Y"),
        period=period,
    )


@bp.route("/parishes/portal/statement.pdf")
@allow(Role.PARISH)
def parish_portal_pdf():
    """The council's monthly statement as PDF."""
    return statement_response(get_scoped_or_404(Parish, current_user.parish_id or 0))
