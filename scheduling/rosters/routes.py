"""Shift and roster screens: open shifts, sign up and withdraw, create shifts, rosters, attendance, calendar."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from core.dates import (
    LONDON,
    OUT_OF_RANGE,
    add_months,
    day_in_range,
    local_date,
    month_bounds,
    now_utc,
)
from core.extensions import db
from core.models import Role
from core.navigation import register_nav
from core.params import whole_number
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404, scoped_select
from core.refusals import Refusal, flash_refusal, show_refusal
from core.transactions import commit_unit
from scheduling import bp
from scheduling.duties.lists import finished_bookings
from scheduling.models import Attendance, Shift, ShiftSignup, SignupStatus
from scheduling.rosters import gaps
from scheduling.rosters import roster as board
from scheduling.rosters import services as rosters
from scheduling.rosters.eligibility import misfits, rules_in_words
from scheduling.rosters.forms import ShiftForm
from scheduling.rosters.models import ShiftTemplate
from scheduling.rosters.web import fill_shift_choices, form_data_of, shift_input_from_form
from volunteers.models import Volunteer

VIEWERS = STAFF_AND_SUPERVISORS | {Role.VOLUNTEER}

register_nav("Shifts", "scheduling.shifts", VIEWERS, order=20)
register_nav("Rosters", "scheduling.roster", STAFF_AND_SUPERVISORS, order=21)


def _volunteer() -> Volunteer:
    volunteer = db.session.get(Volunteer, current_user.volunteer_id) if current_user.volunteer_id else None
    if volunteer is None:
        abort(404)
    return volunteer


@bp.route("/shifts")
@allow(VIEWERS)
def shifts():
    """Upcoming shifts; a volunteer sees their own places and can sign up."""
    is_volunteer = current_user.role == Role.VOLUNTEER
    district_id = whole_number(request.args.get("district"))
    base = scoped_select(Shift, current_user)
    if district_id is not None:
        base = base.where(Shift.district_id == district_id)
    views = rosters.shift_views(rosters.open_shifts(base), current_user.volunteer_id if is_volunteer else None)
    mine = rosters.my_signups(current_user.volunteer_id) if is_volunteer else []
    finished = finished_bookings(current_user.volunteer_id) if is_volunteer else []  # "I did this shift"
    return render_template(
        "scheduling/shifts.html",
        views=views,
        mine=mine,
        finished=finished,
        is_volunteer=is_volunteer,
        districts=rosters.districts(),
        district_id=district_id,
        staff=current_user.role in STAFF,
    )


@bp.route("/shifts/<int:shift_id>")
@allow(VIEWERS)
def shift(shift_id: int):
    """One shift: details, places, and for staff the people on it."""
    item = get_scoped_or_404(Shift, shift_id)
    view = rosters.shift_views([item], current_user.volunteer_id if current_user.role == Role.VOLUNTEER else None)[0]
    signups = []
    if current_user.role in STAFF_AND_SUPERVISORS:
        # The people signed up whom this user may see: a supervisor, the people of their command.
        signups = db.session.scalars(
            scoped_select(ShiftSignup, current_user)
            .where(ShiftSignup.shift_id == item.id)
            .options(joinedload(ShiftSignup.volunteer))
            .order_by(ShiftSignup.signed_up_at)
        ).all()
    problem = None
    if current_user.role == Role.VOLUNTEER:
        problem = rosters.eligibility_problem(item, _volunteer())
    unfit = misfits(item, [s.volunteer_id for s in signups if s.status in rosters.ACTIVE]) if not item.cancelled else {}
    return render_template(
        "scheduling/shift.html",
        view=view,
        shift=item,
        signups=signups,
        rules=rules_in_words(item),
        staff=current_user.role in STAFF,
        problem=problem,
        unfit=unfit,
        now=now_utc(),
    )


@bp.route("/shifts/<int:shift_id>/signup", methods=["POST"])
@allow(Role.VOLUNTEER)
def signup(shift_id: int):
    """Sign up to a shift (a waiting-list place when it is full)."""
    get_scoped_or_404(Shift, shift_id)
    try:
        status = commit_unit(lambda: rosters.sign_up(shift_id, _volunteer()).status)
    except Refusal as problem:
        flash_refusal(problem)
    else:
        if status == SignupStatus.WAITING:
            flash("The shift is full: you are on the waiting list", "success")
        else:
            flash("You are signed up", "success")
    return redirect(url_for("scheduling.shift", shift_id=shift_id))


@bp.route("/shifts/<int:shift_id>/withdraw", methods=["POST"])
@allow(Role.VOLUNTEER)
def withdraw(shift_id: int):
    """Give up a place; the first person waiting moves up."""
    get_scoped_or_404(Shift, shift_id)
    try:
        commit_unit(lambda: rosters.withdraw(shift_id, current_user.volunteer_id))
    except Refusal as problem:
        flash_refusal(problem)
    else:
        flash("You have withdrawn from the shift", "success")
    return redirect(url_for("scheduling.shift", shift_id=shift_id))


@bp.route("/shifts/new", methods=["GET", "POST"])
@allow(STAFF)
def new_shift():
    """Create a shift or event."""
    template = db.session.get(ShiftTemplate, whole_number(request.args.get("template")) or 0)
    form = ShiftForm(data=form_data_of(template) if template is not None and request.method == "GET" else None)
    fill_shift_choices(form)
    if form.validate_on_submit():
        try:
            created = rosters.create_shift(shift_input_from_form(form), current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash("Shift created", "success")
            return redirect(url_for("scheduling.shift", shift_id=created.id))
    return render_template("scheduling/shift_form.html", form=form, template=template)


@bp.route("/shifts/<int:shift_id>/assign", methods=["POST"])
@allow(STAFF)
def assign(shift_id: int):
    """Fill a gap: put a volunteer on the shift (the same rules, except the deadline)."""
    get_scoped_or_404(Shift, shift_id)
    volunteer = db.session.get(Volunteer, whole_number(request.form.get("volunteer_id")) or 0)
    if volunteer is None:
        flash("Choose a volunteer", "error")
        return redirect(url_for("scheduling.shift", shift_id=shift_id))
    try:
        status = commit_unit(lambda: gaps.add_to_shift(shift_id, volunteer).status)
    except Refusal as problem:
        flash_refusal(problem, volunteer.full_name)
    else:
        flash(f"{volunteer.full_name} added ({status.label.lower()}) and told", "success")
    back = "scheduling.shift_gaps" if request.form.get("back") == "gaps" else "scheduling.shift"
    return redirect(url_for(back, shift_id=shift_id))


@bp.route("/signups/<int:signup_id>/attendance", methods=["POST"])
@allow(STAFF_AND_SUPERVISORS)
def attendance(signup_id: int):
    """Record that someone attended or did not show."""
    signup = get_scoped_or_404(ShiftSignup, signup_id)
    value = request.form.get("attendance", "")
    if value not in {a.value for a in Attendance} | {""}:
        abort(400)
    try:
        rosters.record_attendance(signup, Attendance(value) if value else None)
    except Refusal as problem:
        flash_refusal(problem)
    else:
        db.session.commit()
        flash("Attendance recorded", "success")
    return redirect(url_for("scheduling.shift", shift_id=signup.shift_id))


ROSTER_VIEWS = ("day", "week", "month")


def _roster_window(view: str, start: date) -> tuple[date, int, date, date]:
    """The first day, the number of days, and the previous and next starts of a day, week or month."""
    if view == "day":
        return start, 1, start - timedelta(days=1), start + timedelta(days=1)
    if view == "week":
        start = start - timedelta(days=start.weekday())
        return start, 7, start - timedelta(days=7), start + timedelta(days=7)
    start, next_start = month_bounds(start)
    return start, (next_start - start).days, add_months(start, -1), next_start


def _roster_area(args, areas) -> str:
    """The area shown: "all" (a summary by district), "every" (every shift), "c<command>" or "d<district>".

    Without a choice in the address an account tied to a command (a supervisor's LPA) sees that command,
    and everyone else the force-wide summary: a national week is hundreds of shifts, so each line is one
    choice away (an LPA, a district, or "every shift"). ``district=<id>`` (older links) picks one district.
    """
    known = {"all", "every"} | {f"c{cid}" for cid, _, _ in areas} | {f"d{did}" for _, _, ds in areas for did, _ in ds}
    area = args.get("area")
    if area is None and whole_number(args.get("district")) is not None:
        area = f"d{whole_number(args.get('district'))}"
    if area is None and current_user.command_id is not None:
        area = f"c{current_user.command_id}"
    return area if area in known else "all"


@bp.route("/rosters")
@allow(STAFF_AND_SUPERVISORS)
def roster():
    """The day, week or month roster of an area (a district, an LPA or every area), with gaps and no-shows."""
    view = request.args.get("view", "week")
    view = view if view in ROSTER_VIEWS else "week"
    try:
        start = date.fromisoformat(request.args["start"]) if request.args.get("start") else local_date(now_utc())
    except ValueError:
        start = local_date(now_utc())
    if not day_in_range(start):
        flash(f"{OUT_OF_RANGE}: showing this {view}", "info")
        start = local_date(now_utc())
    start, days, prev_start, next_start = _roster_window(view, start)
    areas = board.area_choices()
    area = _roster_area(request.args, areas)
    scope = board.RosterScope(
        district_id=int(area[1:]) if area[0] == "d" else None, command_id=int(area[1:]) if area[0] == "c" else None
    )
    by_day: dict[date, list] = {}
    summary = found = None
    if area == "all":
        summary = board.area_summary(start, days, areas)
        shifts, gaps, no_shows = (sum(getattr(row, name) for row in summary) for name in ("shifts", "gaps", "no_shows"))
    else:
        viewer = current_user.command_id if current_user.role == Role.SUPERVISOR else None
        found = board.roster_lines(start, days, scope, whole_number(request.args.get("page"), 6) or 1, viewer)
        for line in found.lines:
            by_day.setdefault(line.starts_at.astimezone(LONDON).date(), []).append(line)
        shifts, gaps, no_shows = found.shifts, found.gaps, found.no_shows
    base = url_for("scheduling.roster")
    here = {"view": view, "start": start.isoformat()}
    page_url = f"{base}?{urlencode({**here, 'area': area})}"
    return render_template(
        "scheduling/roster.html",
        view=view,
        views=ROSTER_VIEWS,
        start=start,
        end=start + timedelta(days=days - 1),
        prev_url=f"{base}?{urlencode({**here, 'start': prev_start.isoformat(), 'area': area})}",
        next_url=f"{base}?{urlencode({**here, 'start': next_start.isoformat(), 'area': area})}",
        day_url=f"{base}?{urlencode({'view': 'day', 'area': area})}&start=",
        area_url=f"{base}?{urlencode(here)}&area=",
        shift_url=url_for("scheduling.shifts") + "/",
        by_day=by_day,
        page_obj=found,
        url_for_page=lambda n: page_url if n == 1 else f"{page_url}&page={n}",
        summary=summary,
        gaps=gaps,
        shifts=shifts,
        no_shows=no_shows,
        areas=areas,
        area=area,
    )
