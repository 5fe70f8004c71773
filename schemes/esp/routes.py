"""Employer Supported Policing: the CiP team's views and the employer's own portal."""

from __future__ import annotations

from decimal import Decimal

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.audit import record
from core.csvio import csv_response, safe_filename
from core.dates import month_start, today
from core.extensions import db
from core.filters import uk_date
from core.models import Role
from core.navigation import register_nav
from core.period_picker import pick_month
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, show_refusal
from schemes import bp
from schemes.common import choice_arg, parse_year
from schemes.esp import services
from schemes.esp.forms import STATUS_CHOICES, BusinessForm, EngagementForm
from schemes.models import EspBusiness
from schemes.parishes.services import districts

register_nav("ESP", "schemes.esp", STAFF_AND_SUPERVISORS, order=42)
register_nav("Your employees", "schemes.esp_portal", {Role.EMPLOYER}, order=10)


@bp.record_once
def _take_over_home(_state) -> None:
    """Make this page the employer role's landing page (deferred: core.home imports the models)."""
    from core.landing import register_home

    register_home(Role.EMPLOYER, "schemes.esp_portal")


def _filters():
    return {
        "status": choice_arg("status", [v for v, _ in STATUS_CHOICES]),
        "sector": (request.args.get("sector") or "").strip()[:80] or None,
        "q": (request.args.get("q") or "").strip()[:80] or None,
        "force": choice_arg("force", ["yes", "no"]),
    }


@bp.route("/esp")
@allow(STAFF_AND_SUPERVISORS)
def esp():
    """ESP businesses with status, employee-Specials and ESP hours this month."""
    filters = _filters()
    month = today().replace(day=1)
    rows = services.business_rows(month=month, **filters)
    return render_template(
        "schemes/esp/index.html",
        rows=rows,
        filters=filters,
        statuses=STATUS_CHOICES,
        sectors=services.sectors(),
        month=month,
    )


@bp.route("/esp/export.csv")
@allow(STAFF_AND_SUPERVISORS)
def esp_csv():
    """ESP businesses as CSV (same filters)."""
    filters = _filters()
    month = today().replace(day=1)
    rows = services.business_rows(month=month, **filters)
    record("export", "esp_business", detail={"rows": len(rows), **filters}, commit=True)
    return csv_response(
        f"esp-businesses-{today().isoformat()}.csv",
        [
            "Business",
            "Sector",
            "Size",
            "Status",
            "Force",
            "Release minutes a month",
            "Training time off",
            "Signed",
            "Employee-Specials",
            f"ESP minutes used {month:%Y-%m}",
            "ESP minutes granted a month",
        ],
        (
            [
                r.business.name,
                r.business.sector,
                r.business.size_band,
                r.business.status.label,
                "yes" if r.business.is_force else "no",
                r.business.release_minutes_per_month,
                "yes" if r.business.training_time_off else "no",
                r.business.agreement_signed_on.isoformat() if r.business.agreement_signed_on else "",
                r.specials,
                r.used_minutes,
                r.granted_minutes,
            ]
            for r in rows
        ),
    )


def _business_form(business: EspBusiness | None) -> BusinessForm:
    form = BusinessForm(obj=business)
    form.district_id.choices = [("", "Not recorded")] + [(d.id, d.name) for d in districts()]
    if request.method == "GET":
        if business:
            form.status.data = business.status.value
            form.release_hours.data = Decimal(business.release_minutes_per_month) / 60
        else:
            form.release_hours.data = Decimal(4)
            form.training_time_off.data = True
    return form


def _save_business(business: EspBusiness | None):
    form = _business_form(business)
    if form.validate_on_submit():
        values = {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}
        values["release_hours"] = float(form.release_hours.data)
        try:
            saved = services.save_business(business, today=today(), user_id=current_user.id, **values)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            record(
                "esp_business_updated" if business else "esp_business_created",
                "esp_business",
                saved.id,
                detail={"name": saved.name, "status": saved.status.value},
            )
            db.session.commit()
            flash(f"{saved.name} saved", "success")
            return redirect(url_for("schemes.esp_detail", business_id=saved.id))
    back = url_for("schemes.esp_detail", business_id=business.id) if business else url_for("schemes.esp")
    return render_template(
        "schemes/form.html",
        form=form,
        title=f"Edit {business.name}" if business else "Add an ESP business",
        caption="Employer Supported Policing",
        back_url=back,
    )


@bp.route("/esp/new", methods=["GET", "POST"])
@allow(STAFF)
def esp_new():
    """Add an ESP business (prospect, engaged or registered)."""
    return _save_business(None)


@bp.route("/esp/<int:business_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def esp_edit(business_id: int):
    """Edit a business and its agreement."""
    return _save_business(get_scoped_or_404(EspBusiness, business_id))


@bp.route("/esp/<int:business_id>")
@allow(STAFF_AND_SUPERVISORS)
def esp_detail(business_id: int):
    """A business: agreement, engagement history, employee-Specials and hours used against granted."""
    get_scoped_or_404(EspBusiness, business_id)
    business = services.load_business(business_id)
    month = today().replace(day=1)
    return render_template(
        "schemes/esp/detail.html",
        b=business,
        employees=services.employees(business_id),
        history=services.hours_by_month(business, month),
        form=EngagementForm(formdata=None),
        year=month.year,
    )


@bp.route("/esp/<int:business_id>/engagements", methods=["POST"])
@allow(STAFF)
def esp_engagement_new(business_id: int):
    """Add a step to a business's engagement history."""
    get_scoped_or_404(EspBusiness, business_id)
    business = services.load_business(business_id)
    form = EngagementForm()
    if form.validate_on_submit():
        step = services.add_engagement(
            business, form.occurred_on.data, form.status.data, form.note.data, current_user.id
        )
        record(
            "esp_engagement_created",
            "esp_business",
            business.id,
            detail={"status": step.status.value, "on": step.occurred_on.isoformat()},
        )
        db.session.commit()
        flash("Engagement recorded", "success")
        return redirect(url_for("schemes.esp_detail", business_id=business.id))
    return render_template(
        "schemes/form.html",
        form=form,
        title="Record an engagement step",
        caption=business.name,
        back_url=url_for("schemes.esp_detail", business_id=business.id),
    )


def _pdf_response(business: EspBusiness, year: int) -> Response:
    body = services.statement_pdf(services.annual_statement(business, year))
    record(
        "report_run", "esp_business", business.id, detail={"report": "esp_annual_statement", "year": year}, commit=True
    )
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{safe_filename(f"esp-statement-{business.name}-{year}.pdf")}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/esp/<int:business_id>/statement.pdf")
@allow(STAFF_AND_SUPERVISORS)
def esp_statement_pdf(business_id: int):
    """Any business's annual ESP statement, for the CiP team."""
    return _pdf_response(get_scoped_or_404(EspBusiness, business_id), parse_year(request.args.get("year")))


@bp.route("/esp/portal")
@allow(Role.EMPLOYER)
def esp_portal():
    """The employer's own view: its employee-Specials' ESP hours this month (names and ranks only)."""
    business = get_scoped_or_404(EspBusiness, current_user.esp_business_id or 0)
    period = pick_month(request.args, today())
    month = period.month or month_start(period.start)
    return render_template(
        "schemes/esp/portal.html",
        b=business,
        period=period,
        month=month,
        month_label=uk_date(month, "%B %Y"),
        people=services.employer_month(business, month),
        history=services.hours_by_month(business, month),
    )


@bp.route("/esp/portal/statement.pdf")
@allow(Role.EMPLOYER)
def esp_portal_pdf():
    """The employer's annual statement of the time it gave."""
    business = get_scoped_or_404(EspBusiness, current_user.esp_business_id or 0)
    return _pdf_response(business, parse_year(request.args.get("year")))
