"""Routes of the recruitment pipeline at /volunteers/applications."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.dates import today
from core.extensions import db
from core.navigation import register_nav
from core.params import whole_number
from core.permissions import STAFF, allow
from core.refusals import Refusal, show_refusal
from volunteers import bp, services
from volunteers.models import ApplicationOutcome, ApplicationStage, Programme
from volunteers.pipeline import report
from volunteers.pipeline import services as pipeline
from volunteers.pipeline.forecast import recruitment_forecast
from volunteers.pipeline.forms import ApplicationForm, AttestForm, CloseForm, ForecastForm, MoveForm

register_nav("Recruitment", "volunteers.applications", STAFF, order=21)


def _enum(enum_cls, value):
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


@bp.route("/applications")
@allow(STAFF)
def applications():
    """The pipeline board (open applications by stage) and a searchable list of every application."""
    programme = _enum(Programme, request.args.get("programme"))
    outcome = _enum(ApplicationOutcome, request.args.get("outcome"))
    stage = _enum(ApplicationStage, request.args.get("stage"))
    q = (request.args.get("q") or "").strip()[:100]
    page = request.args.get("page", "1")
    page_obj = pipeline.list_applications(current_user, outcome, stage, q, whole_number(page, 6) or 1)
    args = {
        k: v for k, v in {"outcome": outcome and outcome.value, "stage": stage and stage.value, "q": q}.items() if v
    }
    return render_template(
        "volunteers/applications/board.html",
        columns=pipeline.board(current_user, programme),
        page_obj=page_obj,
        outcomes=list(ApplicationOutcome),
        stages=pipeline.ORDER,
        outcome=outcome,
        stage=stage,
        q=q,
        url_for_page=lambda n: url_for("volunteers.applications", page=n, **args),
    )


@bp.route("/applications/new", methods=["GET", "POST"])
@allow(STAFF)
def new_application():
    """Record a new application."""
    form = ApplicationForm()
    _fill(form)
    if request.method == "GET":
        form.applied_on.data = today()
    if form.validate_on_submit():
        data = {
            name: (form[name].data.strip() or None) if isinstance(form[name].data, str) else form[name].data
            for name in ("first_name", "last_name", "email", "phone", "date_of_birth", "applied_on")
        }
        for name in ("district_id", "csc_post_id", "source_id"):
            data[name] = int(form[name].data) if form[name].data else None
        data["programme"] = Programme(form.programme.data)
        try:
            app = pipeline.create_application(data, today(), by=current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"Application from {app.full_name} recorded", "success")
            return redirect(url_for("volunteers.application", application_id=app.id))
    return render_template(
        "volunteers/form.html", form=form, title="Record an application", back=url_for("volunteers.applications")
    )


def _fill(form: ApplicationForm) -> None:
    lookups = services.choices()
    form.district_id.choices = [("", "Choose the district")] + [(str(i), n) for i, n in lookups["districts"]]
    form.source_id.choices = [("", "Not known")] + [(str(i), n) for i, n in pipeline.sources()]
    form.csc_post_id.choices = [("", "Not a CSC application")] + [(str(i), n) for i, n in lookups["csc_posts"]]


def _application_or_404(application_id: int):
    app = pipeline.load_application(application_id, current_user)
    if app is None:
        abort(404)
    return app


def _detail(app, move=None, close=None, attest=None):
    move = move or MoveForm(formdata=None, on=today())
    close = close or CloseForm(formdata=None, on=today())
    attest = attest or AttestForm(formdata=None, on=today())
    return render_template(
        "volunteers/applications/detail.html", app=app, move=move, close=close, attest=attest, stages=pipeline.ORDER
    )


@bp.route("/applications/<int:application_id>")
@allow(STAFF)
def application(application_id: int):
    """One application: its stage history and the actions open to it."""
    return _detail(_application_or_404(application_id))


@bp.route("/applications/<int:application_id>/move", methods=["POST"])
@allow(STAFF)
def move_application(application_id: int):
    """Move an application to a later stage."""
    app = _application_or_404(application_id)
    form = MoveForm()
    if form.validate_on_submit():
        try:
            pipeline.move_stage(app, ApplicationStage(form.stage.data), form.on.data, today(), by=current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{app.full_name} moved to {app.stage.label.lower()}", "success")
            return redirect(url_for("volunteers.application", application_id=application_id))
    return _detail(_application_or_404(application_id), move=form), 400


@bp.route("/applications/<int:application_id>/close", methods=["POST"])
@allow(STAFF)
def close_application(application_id: int):
    """Withdraw or reject an application with a reason."""
    app = _application_or_404(application_id)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            pipeline.close(app, ApplicationOutcome(form.outcome.data), form.reason.data.strip(), form.on.data, today())
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"Application from {app.full_name} {app.outcome.label.lower()}", "success")
            return redirect(url_for("volunteers.application", application_id=application_id))
    return _detail(_application_or_404(application_id), close=form), 400


@bp.route("/applications/<int:application_id>/attest", methods=["POST"])
@allow(STAFF)
def attest_application(application_id: int):
    """Attest the applicant: they become a Special (or CSC) from the application's details."""
    app = _application_or_404(application_id)
    form = AttestForm()
    if form.validate_on_submit():
        try:
            volunteer = pipeline.attest(app, form.on.data, today(), by=current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{volunteer.full_name} is attested and now a Special Constable", "success")
            return redirect(url_for("volunteers.profile", volunteer_id=volunteer.id))
    return _detail(_application_or_404(application_id), attest=form), 400


@bp.route("/applications/report")
@allow(STAFF)
def recruitment_report():
    """Conversion per stage, time in stage, attrition reasons and the applications-a-year forecast."""
    form = ForecastForm(formdata=request.args)
    valid = form.validate()
    target = form.target.data if valid and form.target.data is not None else 600
    window = form.window.data if valid and form.window.data else 365
    if not valid:
        form.target.data, form.window.data = target, window
    end = today()
    inputs = recruitment_forecast(end, target, window)
    return render_template(
        "volunteers/applications/report.html",
        form=form,
        inputs=inputs,
        stages=report.stage_table(inputs.start, end, end),
        attrition=report.attrition(inputs.start, end),
    )
