"""Availability pages: a volunteer's own (weekly pattern, notice, one-off days, absences); staff's view of a
volunteer; who is available on a date."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.dates import today
from core.extensions import db
from core.models import Role
from core.navigation import register_nav
from core.params import whole_number
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, flash_refusal, show_refusal
from core.typed_dates import DateProblem, date_from_query, query_boxes
from scheduling import bp
from scheduling.availability import services
from scheduling.availability.day import LIMIT as DAY_LIMIT
from scheduling.availability.day import available_on
from scheduling.availability.forms import AbsenceForm, OneOffDateForm
from scheduling.availability.models import PartOfDay
from scheduling.availability.rules import PARTS_IN_ORDER, WEEKDAYS, notice_length
from volunteers.models import Volunteer

PART_HOURS = {
    PartOfDay.MORNING: "6am to noon",
    PartOfDay.AFTERNOON: "noon to 6pm",
    PartOfDay.EVENING: "6pm to midnight",
    PartOfDay.NIGHT: "midnight to 6am",
}

register_nav("My availability", "scheduling.my_availability", {Role.VOLUNTEER}, order=25)
register_nav("Who is available", "scheduling.available_on_day", STAFF_AND_SUPERVISORS, order=22)


def _my_id() -> int:
    if not current_user.volunteer_id:
        abort(404)
    return current_user.volunteer_id


def _notice_choices() -> list[tuple[int, str]]:
    return [(m, "No notice: I can come at once" if m == 0 else notice_length(m)) for m in services.NOTICE_CHOICES]


@bp.route("/availability", methods=["GET", "POST"])
@allow(Role.VOLUNTEER)
def my_availability():
    """My weekly pattern and notice (saved here), my one-off days and my absences."""
    volunteer_id = _my_id()
    error = None
    if request.method == "POST":
        try:
            services.set_weekly_pattern(
                volunteer_id, request.form.getlist("slots"), whole_number(request.form.get("notice")) or 0
            )
        except Refusal as problem:
            db.session.rollback()
            error = problem
        else:
            db.session.commit()
            flash("Your availability is saved", "success")
            return redirect(url_for("scheduling.my_availability"))
    return render_template(
        "scheduling/availability/mine.html",
        pattern=services.weekly_pattern(volunteer_id),
        notice=services.notice_minutes(volunteer_id),
        dates=services.one_off_dates(volunteer_id),
        absences=services.absences_of(volunteer_id),
        error=error,
        **_grid(),
    ), (400 if error else 200)


def _grid() -> dict:
    return {
        "weekdays": list(enumerate(WEEKDAYS)),
        "parts": PARTS_IN_ORDER,
        "part_hours": PART_HOURS,
        "slot_key": services.slot_key,
        "notice_choices": _notice_choices(),
        "notice_length": notice_length,
    }


@bp.route("/availability/dates/new", methods=["GET", "POST"])
@allow(Role.VOLUNTEER)
def add_availability_date():
    """Mark one day available or not, whatever my weekly pattern says."""
    volunteer_id = _my_id()
    form = OneOffDateForm()
    if form.validate_on_submit():
        try:
            services.set_one_off_date(volunteer_id, form.day.data, form.available.data == "yes")
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash("The date is saved", "success")
            return redirect(url_for("scheduling.my_availability"))
    return render_template("scheduling/availability/date_form.html", form=form), (400 if form.errors else 200)


@bp.route("/availability/dates/remove", methods=["POST"])
@allow(Role.VOLUNTEER)
def remove_availability_date():
    """Forget one of my one-off days."""
    try:
        services.remove_one_off_date(_my_id(), whole_number(request.form.get("date_id")) or 0)
    except Refusal as problem:
        flash_refusal(problem)
    else:
        db.session.commit()
        flash("The date is removed", "success")
    return redirect(url_for("scheduling.my_availability"))


def _absence_page(volunteer: Volunteer, back: str, mine: bool):
    form = AbsenceForm()
    if form.validate_on_submit():
        try:
            services.record_absence(
                volunteer.id, form.kind.data, form.starts_on.data, form.ends_on.data, form.reason.data, current_user.id
            )
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash("The absence is saved: no call-outs for those days", "success")
            return redirect(back)
    return render_template(
        "scheduling/availability/absence_form.html", form=form, volunteer=volunteer, mine=mine, back=back
    ), (400 if form.errors else 200)


@bp.route("/availability/absences/new", methods=["GET", "POST"])
@allow(Role.VOLUNTEER)
def add_my_absence():
    """Tell the team I am away (leave, sickness, other)."""
    volunteer = db.session.get(Volunteer, _my_id())
    return _absence_page(volunteer, url_for("scheduling.my_availability"), mine=True)


@bp.route("/availability/absences/remove", methods=["POST"])
@allow(Role.VOLUNTEER)
def remove_my_absence():
    """Remove one of my absences."""
    try:
        services.remove_absence(_my_id(), whole_number(request.form.get("absence_id")) or 0, current_user.id)
    except Refusal as problem:
        flash_refusal(problem)
    else:
        db.session.commit()
        flash("The absence is removed", "success")
    return redirect(url_for("scheduling.my_availability"))


@bp.route("/volunteers/<int:volunteer_id>/availability")
@allow(STAFF_AND_SUPERVISORS)
def volunteer_availability(volunteer_id: int):
    """A volunteer's pattern, notice, one-off days and absences (with reasons), for the team."""
    volunteer = get_scoped_or_404(Volunteer, volunteer_id)
    return render_template(
        "scheduling/availability/volunteer.html",
        volunteer=volunteer,
        pattern=services.weekly_pattern(volunteer.id),
        notice=services.notice_minutes(volunteer.id),
        dates=services.one_off_dates(volunteer.id),
        absences=services.absences_of(volunteer.id),
        show_reason=current_user.role in STAFF,  # private to the CiP team (and the volunteer): not supervisors
        **_grid(),
    )


@bp.route("/volunteers/<int:volunteer_id>/absences/new", methods=["GET", "POST"])
@allow(STAFF_AND_SUPERVISORS)
def record_absence(volunteer_id: int):
    """Record a volunteer's absence for them."""
    volunteer = get_scoped_or_404(Volunteer, volunteer_id)
    return _absence_page(volunteer, url_for("scheduling.volunteer_availability", volunteer_id=volunteer.id), False)


@bp.route("/volunteers/<int:volunteer_id>/absences/remove", methods=["POST"])
@allow(STAFF_AND_SUPERVISORS)
def remove_absence(volunteer_id: int):
    """Remove one of a volunteer's absences."""
    volunteer = get_scoped_or_404(Volunteer, volunteer_id)
    try:
        services.remove_absence(volunteer.id, whole_number(request.form.get("absence_id")) or 0, current_user.id)
    except Refusal as problem:
        flash_refusal(problem)
    else:
        db.session.commit()
        flash("The absence is removed", "success")
    return redirect(url_for("scheduling.volunteer_availability", volunteer_id=volunteer.id))


@bp.route("/availability/day")
@allow(STAFF_AND_SUPERVISORS)
def available_on_day():
    """Who of my area is available on a date, and for which parts of it."""
    error = None
    day = today()
    if any(query_boxes(request.args, "day")):
        try:
            day = date_from_query(request.args, "day") or today()
        except DateProblem as problem:
            error = problem.message("Date")
    boxes = query_boxes(request.args, "day") if error else (str(day.day), str(day.month), str(day.year))
    return render_template(
        "scheduling/availability/day.html",
        day=day,
        people=[] if error else available_on(day, current_user),
        error=error,
        boxes=boxes,
        part_hours=PART_HOURS,
        limit=DAY_LIMIT,
    ), (400 if error else 200)
