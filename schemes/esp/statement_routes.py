"""The ESP annual statement as an HTML page: the same figures as its PDF, for the employer and the CiP team."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user

from core.dates import today
from core.models import Role
from core.permissions import STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from schemes import bp
from schemes.common import parse_year
from schemes.esp import services
from schemes.models import EspBusiness


def _statement_page(business: EspBusiness, pdf_url: str, back_url: str, page_url):
    year = parse_year(request.args.get("year"))
    return render_template(
        "schemes/esp/statement.html",
        s=services.annual_statement(business, year),
        month_names=services.MONTH_NAMES,
        pdf_url=pdf_url(year),
        back_url=back_url,
        page_url=page_url,
        today_year=today().year,
    )


@bp.route("/esp/<int:business_id>/statement")
@allow(STAFF_AND_SUPERVISORS)
def esp_statement(business_id: int):
    """Any business's annual ESP statement as a page, for the CiP team."""
    business = get_scoped_or_404(EspBusiness, business_id)
    return _statement_page(
        business,
        lambda year: url_for("schemes.esp_statement_pdf", business_id=business.id, year=year),
        url_for("schemes.esp_detail", business_id=business.id),
        lambda year: url_for("schemes.esp_statement", business_id=business.id, year=year),
    )


@bp.route("/esp/portal/statement")
@allow(Role.EMPLOYER)
def esp_portal_statement():
    """The employer's annual statement of the time it gave, as a page."""
    business = get_scoped_or_404(EspBusiness, current_user.esp_business_id or 0)
    return _statement_page(
        business,
        lambda year: url_for("schemes.esp_portal_pdf", year=year),
        url_for("schemes.esp_portal"),
        lambda year: url_for("schemes.esp_portal_statement", year=year),
    )
