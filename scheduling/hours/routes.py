"""Hours screens: totals for any period (page and CSV), welfare lists, and a volunteer's own hours."""

from __future__ import annotations

from datetime import date

from flask import flash, render_template, request
from flask_login import current_user

from core.csvio import csv_response
from core.dates import OUT_OF_RANGE, add_months, day_in_range, local_date, month_start, now_utc, years_before
from core.models import Role
from core.navigation import register_nav
from core.permissions import STAFF_AND_SUPERVISORS, allow
from scheduling import bp
from scheduling.hours import services as hours
from scheduling.hours import welfare as against_commitment
from scheduling.hours.commitment import commitment_of
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


def parse_period(args, today: date | None = None) -> tuple[date, date, str | None]:
    """The period from ?start=&end= (ISO dates), defaulting to this month so far; with any error."""
    today = today or local_date(now_utc())
    start, end = month_start(today), today
    error = None
    try:
        if args.get("start"):
            start = date.fromisoformat(args["start"])
        if args.get("end"):
            end = date.fromisoformat(args["end"])
    except ValueError:
        error = "Enter dates as 2026-07-01"
        start, end = month_start(today), today
    if not (day_in_range(start) and day_in_range(end)):
        error = OUT_OF_RANGE
        start, end = month_start(today), today
    if end < start:
        error = "The end of the period must not be before its start"
        start, end = end, start
    if (end - start).days > 366 * 10:
        error = "Choose a period of ten years or less"
        start = years_before(end, 10)
    return start, end, error


@bp.route("/hours", endpoint="hours")
@allow(STAFF_AND_SUPERVISORS)
def hours_view():
    """Hours for any period by programme, LPA, district, parish, month and ESP employer; CSC figure."""
    start, end, error = parse_period(request.args)
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
        error=error,
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
    month = None
    if request.args.get("month"):
        try:
            month = date.fromisoformat(request.args["month"] + "-01")
        except ValueError:
            month = None
        if month is None or not day_in_range(month):
            flash("Enter a month as 2026-07, between 1900 and 2999: showing this month", "info")
            month = None
    month = month or month_start(local_date(now_utc()))
    people = visible_volunteer_ids(current_user)  # a supervisor: the people of their command
    return render_template(
        "scheduling/welfare.html",
        month=month,
        previous=add_months(month, -1),
        following=add_months(month, 1),
        shortfall=against_commitment.shortfall_list(month, people=people),
        shortfall_3=against_commitment.shortfall_list(month, 3, people=people),
        welfare=against_commitment.welfare_list(month, people=people),
    )


@bp.route("/hours/mine")
@allow(Role.VOLUNTEER)
def my_hours():
    """A volunteer's own hours per month for a year, against their commitment and over 3 months."""
    today = local_date(now_utc())
    months = hours.volunteer_months(current_user.volunteer_id, today, 12)
    commitment = commitment_of(current_user.volunteer_id)
    last3 = sum(m.minutes for m in months[-3:])
    return render_template("scheduling/my_hours.html", months=months, commitment=commitment, last3=last3, today=today)
