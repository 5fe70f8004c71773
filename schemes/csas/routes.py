"""CSAS: organisations, accredited persons and overdue refreshers."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from core.audit import record
from core.csvio import csv_response
from core.dates import today
from core.extensions import db
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from schemes import bp
from schemes.common import choice_arg, int_arg
from schemes.csas import services
from schemes.csas.forms import OrganisationForm, PersonForm
from schemes.editing import EditScreen, save_record
from schemes.models import CsasOrganisation, CsasPerson

DUE_OPTIONS = [("overdue", "Refresher overdue"), ("due_soon", f"Due in the next {services.DUE_SOON_DAYS} days")]
STATE_LABELS = {"overdue": "Overdue", "due_soon": "Due soon", "current": "Current"}


def _org_filters():
    return {
        "q": (request.args.get("q") or "").strip()[:80] or None,
        "overdue_only": request.args.get("overdue") == "yes",
    }


@bp.route("/csas")
@allow(STAFF_AND_SUPERVISORS)
def csas():
    """Accredited organisations with persons and overdue refreshers."""
    filters = _org_filters()
    return render_template(
        "schemes/csas/index.html", rows=services.org_rows(today(), **filters), filters=filters, labels=STATE_LABELS
    )


@bp.route("/csas/export.csv")
@allow(STAFF_AND_SUPERVISORS)
def csas_csv():
    """Accredited organisations as CSV."""
    filters = _org_filters()
    rows = services.org_rows(today(), **filters)
    record("export", "csas_organisation", detail={"rows": len(rows)}, commit=True)
    return csv_response(
        f"csas-organisations-{today().isoformat()}.csv",
        ["Organisation", "Accredited on", "Refresher due", "Refresher", "Accredited persons", "Persons overdue"],
        (
            [
                r.organisation.name,
                r.organisation.accredited_on.isoformat(),
                services.refresher_due(r.organisation.accredited_on).isoformat(),
                STATE_LABELS[r.state],
                r.persons,
                r.overdue,
            ]
            for r in rows
        ),
    )


ORGANISATION_SCREEN = EditScreen(
    "csas_organisation",
    "schemes.csas_detail",
    "organisation_id",
    "schemes.csas",
    "CSAS",
    "Add an accredited organisation",
)


def _save_org(org: CsasOrganisation | None):
    return save_record(ORGANISATION_SCREEN, org, OrganisationForm(obj=org), services.save_organisation)


@bp.route("/csas/new", methods=["GET", "POST"])
@allow(STAFF)
def csas_new():
    """Add an accredited organisation."""
    return _save_org(None)


@bp.route("/csas/<int:organisation_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def csas_edit(organisation_id: int):
    """Edit an accredited organisation."""
    return _save_org(get_scoped_or_404(CsasOrganisation, organisation_id))


@bp.route("/csas/<int:organisation_id>")
@allow(STAFF_AND_SUPERVISORS)
def csas_detail(organisation_id: int):
    """An organisation and its accredited persons, with refreshers due and overdue."""
    org = get_scoped_or_404(CsasOrganisation, organisation_id)
    now = today()
    persons = [
        (p, services.refresher_due(p.accredited_on), services.refresher_state(p.accredited_on, now))
        for p in services.organisation_persons(org.id)
    ]
    return render_template(
        "schemes/csas/detail.html",
        org=org,
        persons=persons,
        labels=STATE_LABELS,
        due=services.refresher_due(org.accredited_on),
        state=services.refresher_state(org.accredited_on, now),
    )


def _save_person(org: CsasOrganisation, person: CsasPerson | None):
    form = PersonForm(obj=person)
    if form.validate_on_submit():
        values = {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}
        saved = services.save_person(person, org.id, **values)
        action = "csas_person_updated" if person else "csas_person_created"
        record(action, "csas_person", saved.id, detail={"organisation_id": org.id})
        db.session.commit()
        flash(f"{saved.name} saved", "success")
        return redirect(url_for("schemes.csas_detail", organisation_id=org.id))
    title = f"Edit {person.name}" if person else "Add an accredited person"
    back = url_for("schemes.csas_detail", organisation_id=org.id)
    return render_template("schemes/form.html", form=form, title=title, caption=org.name, back_url=back)


@bp.route("/csas/<int:organisation_id>/persons/new", methods=["GET", "POST"])
@allow(STAFF)
def csas_person_new(organisation_id: int):
    """Add an accredited person to an organisation."""
    return _save_person(get_scoped_or_404(CsasOrganisation, organisation_id), None)


@bp.route("/csas/persons/<int:person_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def csas_person_edit(person_id: int):
    """Edit an accredited person (a refresher moves the accreditation date)."""
    person = get_scoped_or_404(CsasPerson, person_id)
    return _save_person(person.organisation, person)


def _person_filters():
    return {
        "organisation_id": int_arg("organisation"),
        "due": choice_arg("due", [v for v, _ in DUE_OPTIONS]),
        "q": (request.args.get("q") or "").strip()[:80] or None,
    }


@bp.route("/csas/persons")
@allow(STAFF_AND_SUPERVISORS)
def csas_persons():
    """Accredited persons with refreshers due and overdue."""
    filters = _person_filters()
    return render_template(
        "schemes/csas/persons.html",
        rows=services.person_rows(today(), **filters),
        filters=filters,
        organisations=services.organisation_names(),
        due_options=DUE_OPTIONS,
        labels=STATE_LABELS,
    )


@bp.route("/csas/persons.csv")
@allow(STAFF_AND_SUPERVISORS)
def csas_persons_csv():
    """Accredited persons as CSV."""
    filters = _person_filters()
    rows = services.person_rows(today(), **filters)
    record("export", "csas_person", detail={"rows": len(rows)}, commit=True)
    return csv_response(
        f"csas-persons-{today().isoformat()}.csv",
        ["Name", "Role", "Organisation", "Accredited on", "Refresher due", "Refresher"],
        (
            [p.name, p.role, p.organisation.name, p.accredited_on.isoformat(), due.isoformat(), STATE_LABELS[state]]
            for p, due, state in rows
        ),
    )
