"""Cadet units: the list, a unit, and its roll (cadets' details only to staff and the unit's leaders)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.audit import record
from core.csvio import csv_response
from core.dates import today
from core.extensions import db
from core.models import Role
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, show_refusal
from schemes import bp
from schemes.cadets import services
from schemes.cadets.forms import STATUS_CHOICES, UnitForm
from schemes.common import choice_arg, int_arg
from schemes.models import CadetUnit
from schemes.parishes.services import districts

STATUS_LABELS = dict(STATUS_CHOICES)


def _filters():
    return {
        "district_id": int_arg("district"),
        "status": choice_arg("status", list(STATUS_LABELS)),
        "q": (request.args.get("q") or "").strip()[:80] or None,
    }


@bp.route("/cadet-units")
@allow(STAFF_AND_SUPERVISORS)
def cadet_units():
    """Cadet units with leaders, cadets and capacity."""
    filters = _filters()
    rows = services.unit_rows(**filters)
    return render_template(
        "schemes/cadets/index.html",
        rows=rows,
        filters=filters,
        districts=districts(),
        statuses=STATUS_CHOICES,
        labels=STATUS_LABELS,
    )


@bp.route("/cadet-units/export.csv")
@allow(STAFF_AND_SUPERVISORS)
def cadet_units_csv():
    """Cadet units as CSV (counts only: no cadet's personal data)."""
    filters = _filters()
    rows = services.unit_rows(**filters)
    record("export", "cadet_unit", detail={"rows": len(rows)}, commit=True)
    return csv_response(
        f"cadet-units-{today().isoformat()}.csv",
        ["Unit", "Place", "District", "Status", "Leaders", "Cadets", "Capacity", "Places left", "Meeting night"],
        (
            [
                r.unit.name,
                r.unit.place,
                r.unit.district.name,
                STATUS_LABELS[r.unit.status.value],
                r.leaders,
                r.cadets,
                r.unit.capacity,
                r.places_left,
                r.unit.meeting_night,
            ]
            for r in rows
        ),
    )


def _save_unit(unit: CadetUnit | None):
    form = UnitForm(obj=unit)
    form.district_id.choices = [(d.id, d.name) for d in districts()]
    if unit and request.method == "GET":
        form.status.data = unit.status.value
    if form.validate_on_submit():
        values = {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}
        try:
            saved = services.save_unit(unit, **values)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            action = "cadet_unit_updated" if unit else "cadet_unit_created"
            record(action, "cadet_unit", saved.id, detail={"name": saved.name, "status": saved.status.value})
            db.session.commit()
            flash(f"{saved.name} saved", "success")
            return redirect(url_for("schemes.cadet_unit_detail", unit_id=saved.id))
    back = url_for("schemes.cadet_unit_detail", unit_id=unit.id) if unit else url_for("schemes.cadet_units")
    title = f"Edit {unit.name}" if unit else "Add a cadet unit"
    return render_template(
        "schemes/form.html", form=form, title=title, caption="Volunteer Police Cadets", back_url=back
    )


@bp.route("/cadet-units/new", methods=["GET", "POST"])
@allow(STAFF)
def cadet_unit_new():
    """Add a cadet unit."""
    return _save_unit(None)


@bp.route("/cadet-units/<int:unit_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def cadet_unit_edit(unit_id: int):
    """Edit a unit: place, capacity, open, closed or re-opening."""
    return _save_unit(get_scoped_or_404(CadetUnit, unit_id))


@bp.route("/cadet-units/mine")
@allow(Role.VOLUNTEER)
def cadet_unit_mine():
    """A cadet leader's way in: their own unit (anyone else: not found)."""
    unit_id = services.led_unit_id(current_user.volunteer_id)
    if unit_id is None:
        abort(404)
    return redirect(url_for("schemes.cadet_unit_detail", unit_id=unit_id))


@bp.route("/cadet-units/<int:unit_id>")
@allow(STAFF_AND_SUPERVISORS, Role.VOLUNTEER)
def cadet_unit_detail(unit_id: int):
    """A unit: leaders, how many cadets, capacity (a cadet leader sees only their own unit)."""
    unit = get_scoped_or_404(CadetUnit, unit_id)
    row = services.unit_rows(ids=[unit.id])[0]
    return render_template(
        "schemes/cadets/detail.html",
        row=row,
        unit=unit,
        leaders=services.leader_names(unit.id),
        status_label=STATUS_LABELS[unit.status.value],
    )


@bp.route("/cadet-units/<int:unit_id>/roll")
@allow(STAFF, Role.VOLUNTEER)
def cadet_unit_roll(unit_id: int):
    """The unit roll with cadets' details: staff and that unit's own leaders only."""
    unit = get_scoped_or_404(CadetUnit, unit_id)
    return render_template("schemes/cadets/roll.html", unit=unit, roll=services.unit_roll(unit.id, today()))


@bp.route("/cadet-units/<int:unit_id>/roll.csv")
@allow(STAFF, Role.VOLUNTEER)
def cadet_unit_roll_csv(unit_id: int):
    """The unit roll as CSV (audited: it holds children's details)."""
    unit = get_scoped_or_404(CadetUnit, unit_id)
    roll = services.unit_roll(unit.id, today())
    record("export", "cadet_unit", unit.id, detail={"what": "unit_roll", "rows": len(roll)}, commit=True)
    return csv_response(
        f"unit-roll-{unit.name}-{today().isoformat()}.csv",
        [
            "Name",
            "Date of birth",
            "Age",
            "Junior",
            "Guardian",
            "Guardian phone",
            "Consent given",
            "DofE",
            "Referred by a partner agency",
        ],
        (
            [
                c.name,
                c.date_of_birth.isoformat() if c.date_of_birth else "",
                c.age,
                "yes" if c.junior else "no",
                c.guardian,
                c.guardian_phone,
                c.consent_on.isoformat() if c.consent_on else "",
                c.dofe,
                "yes" if c.partner_referral else "no",
            ]
            for c in roll
        ),
    )
