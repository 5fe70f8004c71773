"""Hours screens: totals for any period (page and CSV), welfare lists, and a volunteer's own hours."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from core.csvio import csv_response
from core.dates import add_months, local_date, month_start, now_utc
from core.models import Role
from core.navigation import register_nav
from core.period_picker import pick_month, pick_period
from core.permissions import STAFF_AND_SUPERVISORS, allow
from scheduling import bp
from scheduling.hours import services as hours
from scheduling.hours import welfare as against_commitment
from scheduling.hours.commitment import commitment_of, commitment_verdict
from scheduling.hours.csc import csc_hours_in_own_parish
from volunteers.scopes import visible_volunteer_ids

register_nav("My hours", "scheduling.my_hours", {Role.VOLUNTEER}, order=24)
register_nav("Hours", "scheduling.hours", STAFF_AND_SUPERVISORS, order=26)

BREAKDOWNS = {
    "programme": ("Programme", hours.totals_by_programme),
    "lpa": ("Local Policing Area", hours.totals_by_lpa),
    "district": ("District", hours.totals_by_district),
    "parish": ("Parish", hours.totals_by_parish),
    "month": ("Month", hours.totals_by_month),
    "esp": ("ESP employer", hours.esp_hours_by_employer),
}


@bp.route("/hours", endpoint="hours")
@allow(STAFF_AND_SUPERVISORS)
def hours_view():
    """Hours for any period by programme, LPA, district, parish, month and ESP employer; CSC figure."""
    today = local_date(now_utc())
    period = pick_period(request.args, today, (month_start(today), today), legacy=("start", "end"))
    start, end = period.start, period.end
    by = request.args.get("by", "district")
    if by not in BREAKDOWNS:
        by = "district"
    label, fn = BREAKDOWNS[by]
    rows = fn(start, end)
    if request.args.get("format") == "csv":
        if by == "programme":
            return csv_response(
                f"hours-by-{by}-{start}-{end}.csv",
                [label, "Duties", "Hours", "Volunteers"],
                [(r.label, r.duties, round(r.minutes / 60, 1), r.people) for r in rows],
            )
        return csv_response(
            f"hours-by-{by}-{start}-{end}.csv",
            [label, "Duties", "Hours"],
            [(r.label, r.duties, round(r.minutes / 60, 1)) for r in rows],
        )
    return render_template(
        "scheduling/hours.html",
        start=start,
        end=end,
        period=period,
        by=by,
        label=label,
        rows=rows,
        breakdowns=BREAKDOWNS,
        csc=csc_hours_in_own_parish(start, end),
    )


@bp.route("/hours/welfare")
@allow(STAFF_AND_SUPERVISORS)
def welfare():
    """Specials below their commitment (this month and over 3 months) and those doing far more (welfare)."""
    today = local_date(now_utc())
    period = pick_month(request.args, today)
    month = period.month or month_start(today)
    people = visible_volunteer_ids(current_user)  # a supervisor: the people of their command
    return render_template(
        "scheduling/welfare.html",
        period=period,
        month=month,
        previous=add_months(month, -1),
        following=add_months(month, 1) if month < month_start(today) else None,
        shortfall=against_commitment.shortfall_list(month, people=people),
        shortfall_3=against_commitment.shortfall_list(month, 3, people=people),
        welfare=against_commitment.welfare_list(month, people=people),
    )


@bp.route("/hours/mine")
@allow(Role.VOLUNTEER)
def my_hours():
    """A volunteer's own hours per month for any period (the last 12 months by default), against their commitment."""
    today = local_date(now_utc())
    period = pick_period(request.args, today, (add_months(month_start(today), -11), today))
    chosen = period.months
    months = hours.volunteer_months(current_user.volunteer_id, chosen[-1], len(chosen))
    commitment = commitment_of(current_user.volunteer_id)
    rows = [(m, commitment_verdict(m.minutes, commitment, m.month, today)) for m in months]
    last3 = sum(m.minutes for m in hours.volunteer_months(current_user.volunteer_id, today, 3))
    return render_template(
        "scheduling/my_hours.html",
        period=period,
        rows=rows,
        total=sum(m.minutes for m in months),
        commitment=commitment,
        last3=last3,
        today=today,
        caption="The last 12 months" if not request.args else f"Your hours, {period.label}",
    )
