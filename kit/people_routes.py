"""A person's kit (on their record and on "My kit"), and the figures of kit outstanding with their lists."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from core.dates import today
from core.models import Role
from core.navigation import register_nav
from core.permissions import STAFF_AND_SUPERVISORS, allow, is_staff
from kit import bp, holdings, outstanding, rules
from kit.web import holder_or_404, may_see_kit_of
from volunteers.models import Volunteer

register_nav("My kit", "kit.mine", {Role.VOLUNTEER}, order=45)
register_nav("Kit outstanding", "kit.outstanding_figures", {Role.SUPERVISOR}, order=60)


def _view(volunteer_id: int) -> dict:
    on = today()
    history = holdings.history_of(volunteer_id, current_user)
    checklist = holdings.open_checklist(volunteer_id)
    return {
        "held": [i for i in history if i.is_open],
        "past": [i for i in history if not i.is_open],
        "checklist": checklist,
        "to_come_back": holdings.still_to_come_back(checklist) if checklist else [],
        "armour_due": lambda issue: issue.item is not None and rules.is_armour_due(issue.item.expires_on, on),
    }


@bp.app_template_global("kit_on_record")
def kit_on_record(volunteer: Volunteer) -> dict | None:
    """What the profile's kit section shows (None when the viewer may not see this person's kit)."""
    if not may_see_kit_of(volunteer.id, current_user):
        return None
    return {**_view(volunteer.id), "staff": is_staff()}


@bp.route("/people/<int:volunteer_id>")
@allow(STAFF_AND_SUPERVISORS | {Role.VOLUNTEER})
def person(volunteer_id: int):
    """The kit one person holds and has held, with the leaving checklist while it is open."""
    volunteer = holder_or_404(volunteer_id, current_user)
    return render_template("kit/person.html", v=volunteer, staff=is_staff(), **_view(volunteer.id))


@bp.route("/mine")
@allow(Role.VOLUNTEER)
def mine():
    """My kit: what I hold, what to give back, and (for a cadet leader) the kit of my unit's cadets."""
    me = holder_or_404(current_user.volunteer_id or 0, current_user)
    unit = holdings.led_cadets_kit(current_user) if me.cadet_leader is not None else []
    return render_template("kit/mine.html", v=me, unit=unit, **_view(me.id))


@bp.route("/outstanding")
@allow(STAFF_AND_SUPERVISORS)
def outstanding_figures():
    """Kit outstanding: items held by leavers, radios not returned, armour due for replacement, stock low."""
    on = today()
    figures = [(f, outstanding.count(f, current_user, on)) for f in outstanding.figures_for(current_user)]
    return render_template("kit/outstanding.html", figures=figures, today=on)


@bp.route("/outstanding/<figure>")
@allow(STAFF_AND_SUPERVISORS)
def figure_list(figure: str):
    """Exactly the kit one figure counted."""
    chosen = outstanding.figure_named(figure, current_user)
    if chosen is None:
        abort(404)
    on = today()
    rows = outstanding.rows(chosen, current_user, on)
    return render_template("kit/figure.html", figure=chosen, rows=rows, today=on)
