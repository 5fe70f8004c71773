"""Community Speed Watch: groups, sites, sessions and the monthly and yearly figures."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for

from core.audit import record
from core.csvio import csv_response
from core.dates import today
from core.extensions import db
from core.params import whole_number
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, show_refusal
from schemes import bp
from schemes.common import choice_arg, int_arg, parse_year
from schemes.editing import EditScreen, save_record
from schemes.models import SpeedWatchGroup
from schemes.parishes.services import districts
from schemes.speedwatch import services
from schemes.speedwatch.forms import GroupForm, SessionForm, SiteForm

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _filters():
    return {
        "district_id": int_arg("district"),
        "active": choice_arg("active", ["yes", "no"]),
        "q": (request.args.get("q") or "").strip()[:80] or None,
    }


@bp.route("/speedwatch")
@allow(STAFF_AND_SUPERVISORS)
def speedwatch():
    """Speed Watch groups with sites, volunteers and this year's sessions and letters."""
    filters, year = _filters(), parse_year(request.args.get("year"))
    rows = services.group_rows(year, **filters)
    return render_template(
        "schemes/speedwatch/index.html", rows=rows, filters=filters, year=year, districts=districts()
    )


@bp.route("/speedwatch/export.csv")
@allow(STAFF_AND_SUPERVISORS)
def speedwatch_csv():
    """Speed Watch groups as CSV (same filters and year)."""
    filters, year = _filters(), parse_year(request.args.get("year"))
    rows = services.group_rows(year, **filters)
    record("export", "speed_watch_group", detail={"rows": len(rows), "year": year}, commit=True)
    return csv_response(
        f"speed-watch-groups-{year}.csv",
        [
            "Group",
            "District",
            "Parish",
            "Coordinator",
            "Started",
            "Active",
            "Sites",
            "Volunteers",
            f"Sessions {year}",
            "Vehicles checked",
            "Over the limit",
            "First letters",
            "Final letters",
            "Referrals",
        ],
        (
            [
                r.group.name,
                r.group.district.name,
                r.group.parish.name if r.group.parish else "",
                r.group.coordinator_name,
                r.group.started_on.isoformat(),
                "yes" if r.group.active else "no",
                r.sites,
                r.volunteers,
                r.year.sessions,
                r.year.checked,
                r.year.over,
                r.year.first_letters,
                r.year.final_letters,
                r.year.referrals,
            ]
            for r in rows
        ),
    )


def _group_form(group: SpeedWatchGroup | None) -> GroupForm:
    form = GroupForm(obj=group)
    form.district_id.choices = [(d.id, d.name) for d in districts()]
    form.parish_id.choices = [("", "No parish")] + services.parishes_in()
    return form


GROUP_SCREEN = EditScreen(
    "speed_watch_group",
    "schemes.speedwatch_detail",
    "group_id",
    "schemes.speedwatch",
    "Community Speed Watch",
    "Add a Speed Watch group",
)


def _save_group(group: SpeedWatchGroup | None):
    return save_record(GROUP_SCREEN, group, _group_form(group), services.save_group)


@bp.route("/speedwatch/new", methods=["GET", "POST"])
@allow(STAFF)
def speedwatch_new():
    """Add a Speed Watch group."""
    return _save_group(None)


@bp.route("/speedwatch/<int:group_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def speedwatch_edit(group_id: int):
    """Edit a Speed Watch group."""
    return _save_group(get_scoped_or_404(SpeedWatchGroup, group_id))


@bp.route("/speedwatch/<int:group_id>")
@allow(STAFF_AND_SUPERVISORS)
def speedwatch_detail(group_id: int):
    """A group: sites, volunteers and recent sessions."""
    group = get_scoped_or_404(SpeedWatchGroup, group_id)
    return render_template(
        "schemes/speedwatch/detail.html",
        group=group,
        sites=services.sites_of(group.id),
        volunteers=services.group_volunteers(group.id),
        sessions=services.session_rows(group.id, limit=50),
        site_form=SiteForm(formdata=None),
    )


@bp.route("/speedwatch/<int:group_id>/sites", methods=["POST"])
@allow(STAFF)
def speedwatch_site_new(group_id: int):
    """Add a site to a group."""
    group = get_scoped_or_404(SpeedWatchGroup, group_id)
    form = SiteForm()
    if form.validate_on_submit():
        try:
            site = services.add_site(group, form.location.data, form.speed_limit_mph.data, form.approved_on.data)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            record("speed_watch_site_created", "speed_watch_site", site.id, detail={"group_id": group.id})
            db.session.commit()
            flash("Site added", "success")
            return redirect(url_for("schemes.speedwatch_detail", group_id=group.id))
    back = url_for("schemes.speedwatch_detail", group_id=group.id)
    return render_template("schemes/form.html", form=form, title="Add a site", caption=group.name, back_url=back)


@bp.route("/speedwatch/<int:group_id>/sessions/new", methods=["GET", "POST"])
@allow(STAFF)
def speedwatch_session_new(group_id: int):
    """Record a session at one of the group's approved sites."""
    group = get_scoped_or_404(SpeedWatchGroup, group_id)
    form = SessionForm()
    form.site_id.choices = [("", "Choose a site")] + [
        (s.id, f"{s.location} ({s.speed_limit_mph} mph)") for s in services.approved_sites(group.id)
    ]
    if request.method == "GET":
        for name in ("first_letters", "final_letters", "referrals"):
            getattr(form, name).data = 0
    if form.validate_on_submit():
        values = {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}
        try:
            session = services.add_session(group, datetime.now(UTC), **values)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            detail = {"group_id": group.id, "checked": session.vehicles_checked, "over": session.vehicles_over_limit}
            record("speed_watch_session_created", "speed_watch_session", session.id, detail=detail)
            db.session.commit()
            flash("Session recorded", "success")
            return redirect(url_for("schemes.speedwatch_detail", group_id=group.id))
    back = url_for("schemes.speedwatch_detail", group_id=group.id)
    return render_template("schemes/form.html", form=form, title="Record a session", caption=group.name, back_url=back)


def _session_filters():
    month = whole_number(request.args.get("month"), 2)
    return {
        "group_id": int_arg("group"),
        "year": parse_year(request.args.get("year")),
        "month": month if month is not None and 1 <= month <= 12 else None,
    }


@bp.route("/speedwatch/sessions.csv")
@allow(STAFF_AND_SUPERVISORS)
def speedwatch_sessions_csv():
    """Sessions for a year (or month, or group) as CSV."""
    filters = _session_filters()
    rows = services.session_rows(**filters)
    record("export", "speed_watch_session", detail={"rows": len(rows), **filters}, commit=True)
    return csv_response(
        f"speed-watch-sessions-{filters['year']}.csv",
        [
            "Group",
            "Site",
            "Date",
            "Start",
            "End",
            "Vehicles checked",
            "Over the limit",
            "First letters",
            "Final letters",
            "Referrals",
        ],
        (
            [
                s.group.name,
                s.site.location,
                s.session_date.isoformat(),
                s.start_time.strftime("%H:%M"),
                s.end_time.strftime("%H:%M"),
                s.vehicles_checked,
                s.vehicles_over_limit,
                s.first_letters,
                s.final_letters,
                s.referrals,
            ]
            for s in rows
        ),
    )


@bp.route("/speedwatch/figures")
@allow(STAFF_AND_SUPERVISORS)
def speedwatch_figures():
    """Sessions, vehicles, letters, referrals and new groups per month of a year."""
    year = parse_year(request.args.get("year"))
    months, total = services.yearly_figures(year)
    return render_template(
        "schemes/speedwatch/figures.html",
        months=months,
        total=total,
        year=year,
        month_names=MONTHS,
        this_year=today().year,
    )


@bp.route("/speedwatch/figures.csv")
@allow(STAFF_AND_SUPERVISORS)
def speedwatch_figures_csv():
    """The monthly figures of a year as CSV."""
    year = parse_year(request.args.get("year"))
    months, total = services.yearly_figures(year)
    record("export", "speed_watch_session", detail={"report": "figures", "year": year}, commit=True)
    rows = [
        [
            f"{MONTHS[m - 1]} {year}",
            f.sessions,
            f.checked,
            f.over,
            f.first_letters,
            f.final_letters,
            f.referrals,
            f.new_groups,
        ]
        for m, f in months
    ]
    rows.append(
        [
            f"Total {year}",
            total.sessions,
            total.checked,
            total.over,
            total.first_letters,
            total.final_letters,
            total.referrals,
            total.new_groups,
        ]
    )
    return csv_response(
        f"speed-watch-figures-{year}.csv",
        [
            "Month",
            "Sessions",
            "Vehicles checked",
            "Over the limit",
            "First letters",
            "Final letters",
            "Referrals",
            "New groups",
        ],
        rows,
    )
