"""Watch schemes: the list with growth since any date, a scheme's detail, and the interest pipeline."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for

from core.audit import record
from core.csvio import csv_response
from core.dates import add_months, day_in_range, month_start, today
from core.extensions import db
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, show_refusal
from core.typed_dates import DateProblem, date_from_query
from schemes import bp
from schemes.common import choice_arg, int_arg
from schemes.editing import EditScreen, save_record
from schemes.models import WatchInterest, WatchScheme
from schemes.parishes.services import districts
from schemes.watch import services
from schemes.watch.forms import (
    STAGE_CHOICES,
    TOR_CHOICES,
    InterestForm,
    MessageForm,
    SchemeForm,
    SnapshotForm,
    TypeForm,
)


def _since() -> date:
    """The 'Growth since' date (since-day/-month/-year boxes, or an older link's ?since=2026-07-01), else six
    months ago on the first of the month; a date that cannot be read is said and left out."""
    try:
        since = date_from_query(request.args, "since")
    except DateProblem as problem:
        flash(f"{problem.message('Growth since')}: showing the last six months", "info")
        since = None
    if since is not None and not day_in_range(since):
        flash("Growth since must be a date between 1900 and 2999: showing the last six months", "info")
        since = None
    return since or add_months(month_start(today()), -6)


def _filters():
    return {
        "type_id": int_arg("type"),
        "district_id": int_arg("district"),
        "tor": choice_arg("tor", [v for v, _ in TOR_CHOICES]),
        "q": (request.args.get("q") or "").strip()[:80] or None,
    }


@bp.route("/watch")
@allow(STAFF_AND_SUPERVISORS)
def watch():
    """Watch schemes with members now and growth since a date."""
    filters, since = _filters(), _since()
    rows = services.scheme_rows(today(), since, **filters)
    return render_template(
        "schemes/watch/index.html",
        rows=rows,
        filters=filters,
        since=since,
        types=services.types(),
        districts=districts(),
        tor_options=TOR_CHOICES,
    )


@bp.route("/watch/export.csv")
@allow(STAFF_AND_SUPERVISORS)
def watch_csv():
    """Watch schemes as CSV (same filters and date)."""
    filters, since = _filters(), _since()
    rows = services.scheme_rows(today(), since, **filters)
    record("export", "watch_scheme", detail={"rows": len(rows), "since": since.isoformat()}, commit=True)
    return csv_response(
        f"watch-schemes-{today().isoformat()}.csv",
        [
            "Scheme",
            "Type",
            "District",
            "Liaison officer",
            "Terms of reference",
            "Members",
            "Counted on",
            f"Members on {since.isoformat()}",
            "Growth",
            "Open expressions of interest",
            "Messages sent since",
        ],
        (
            [
                r.scheme.name,
                r.scheme.scheme_type.name,
                r.scheme.district.name if r.scheme.district else "",
                r.scheme.liaison_officer,
                r.scheme.terms_of_reference.label,
                r.members,
                r.members_on.isoformat() if r.members_on else "",
                r.baseline,
                r.growth,
                r.open_interests,
                r.messages,
            ]
            for r in rows
        ),
    )


@bp.route("/watch/types", methods=["GET", "POST"])
@allow(STAFF)
def watch_types():
    """The scheme types (data, not code), and a form to add one."""
    form = TypeForm()
    if form.validate_on_submit():
        try:
            kind = services.add_type(form.name.data)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            record("watch_type_created", "watch_scheme_type", kind.id, detail={"name": kind.name})
            db.session.commit()
            flash(f"{kind.name} added", "success")
            return redirect(url_for("schemes.watch_types"))
    return render_template("schemes/watch/types.html", form=form, types=services.types())


def _scheme_form(scheme: WatchScheme | None) -> SchemeForm:
    form = SchemeForm(obj=scheme)
    form.type_id.choices = [(t.id, t.name) for t in services.types()]
    form.district_id.choices = [("", "County-wide")] + [(d.id, d.name) for d in districts()]
    if scheme and request.method == "GET":
        form.terms_of_reference.data = scheme.terms_of_reference.value
    return form


SCHEME_SCREEN = EditScreen(
    "watch_scheme", "schemes.watch_detail", "scheme_id", "schemes.watch", "Watch schemes", "Add a watch scheme"
)


def _save_scheme(scheme: WatchScheme | None):
    return save_record(SCHEME_SCREEN, scheme, _scheme_form(scheme), services.save_scheme)


@bp.route("/watch/new", methods=["GET", "POST"])
@allow(STAFF)
def watch_new():
    """Add a watch scheme."""
    return _save_scheme(None)


@bp.route("/watch/<int:scheme_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def watch_edit(scheme_id: int):
    """Edit a watch scheme."""
    return _save_scheme(get_scoped_or_404(WatchScheme, scheme_id))


@bp.route("/watch/<int:scheme_id>")
@allow(STAFF_AND_SUPERVISORS)
def watch_detail(scheme_id: int):
    """A scheme: member counts over time, growth since a date, interests and messages."""
    scheme = get_scoped_or_404(WatchScheme, scheme_id)
    since = _since()
    row = services.scheme_rows(today(), since, ids=[scheme.id])[0]
    snapshots, interests, messages = services.scheme_detail(scheme.id)
    return render_template(
        "schemes/watch/detail.html",
        scheme=scheme,
        row=row,
        since=since,
        snapshots=snapshots,
        interests=interests,
        messages=messages,
        snapshot_form=SnapshotForm(formdata=None),
        message_form=MessageForm(formdata=None),
    )


def _add_to_scheme(scheme_id: int, form, save, action: str, title: str):
    scheme = get_scoped_or_404(WatchScheme, scheme_id)
    if form.validate_on_submit():
        try:
            saved = save(scheme, form)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            record(action, "watch_scheme", scheme.id, detail={"record_id": saved.id})
            db.session.commit()
            flash("Saved", "success")
            return redirect(url_for("schemes.watch_detail", scheme_id=scheme.id))
    back = url_for("schemes.watch_detail", scheme_id=scheme.id)
    return render_template("schemes/form.html", form=form, title=title, caption=scheme.name, back_url=back)


@bp.route("/watch/<int:scheme_id>/snapshots", methods=["POST"])
@allow(STAFF)
def watch_snapshot_new(scheme_id: int):
    """Record a scheme's member count on a date."""
    return _add_to_scheme(
        scheme_id,
        SnapshotForm(),
        lambda s, f: services.add_snapshot(s, f.recorded_on.data, f.members.data),
        "watch_members_recorded",
        "Record a member count",
    )


@bp.route("/watch/<int:scheme_id>/messages", methods=["POST"])
@allow(STAFF)
def watch_message_new(scheme_id: int):
    """Record a message sent to the scheme's members."""
    return _add_to_scheme(
        scheme_id,
        MessageForm(),
        lambda s, f: services.add_message(s, f.sent_on.data, f.subject.data, f.recipients.data),
        "watch_message_recorded",
        "Record a message sent",
    )


@bp.route("/watch/<int:scheme_id>/interests/new", methods=["GET", "POST"])
@allow(STAFF)
def watch_interest_new(scheme_id: int):
    """Record an expression of interest in a scheme."""
    form = InterestForm()
    if request.method == "GET":
        form.received_on.data = today()
    return _add_to_scheme(
        scheme_id,
        form,
        lambda s, f: services.save_interest(None, s.id, **f.data),
        "watch_interest_created",
        "Record an expression of interest",
    )


@bp.route("/watch/interests/<int:interest_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def watch_interest_edit(interest_id: int):
    """Move an expression of interest along its pipeline."""
    interest = get_scoped_or_404(WatchInterest, interest_id)
    form = InterestForm(obj=interest)
    if request.method == "GET":
        form.stage.data = interest.stage.value
    return _add_to_scheme(
        interest.scheme_id,
        form,
        lambda s, f: services.save_interest(interest, s.id, **f.data),
        "watch_interest_updated",
        f"Expression of interest from {interest.name}",
    )


def _interest_filters():
    return {"scheme_id": int_arg("scheme"), "stage": choice_arg("stage", [v for v, _ in STAGE_CHOICES])}


@bp.route("/watch/interests")
@allow(STAFF_AND_SUPERVISORS)
def watch_interests():
    """Expressions of interest across schemes, by stage (e.g. awaiting a stable visit)."""
    filters = _interest_filters()
    return render_template(
        "schemes/watch/interests.html",
        rows=services.interest_rows(**filters),
        filters=filters,
        schemes=services.scheme_names(),
        stages=STAGE_CHOICES,
    )


@bp.route("/watch/interests.csv")
@allow(STAFF_AND_SUPERVISORS)
def watch_interests_csv():
    """Expressions of interest as CSV."""
    filters = _interest_filters()
    rows = services.interest_rows(**filters)
    record("export", "watch_interest", detail={"rows": len(rows)}, commit=True)
    return csv_response(
        f"watch-interests-{today().isoformat()}.csv",
        ["Scheme", "Name", "Contact", "Received", "Stage", "Notes"],
        ([n, i.name, i.contact, i.received_on.isoformat(), i.stage.label, i.notes] for i, n in rows),
    )
