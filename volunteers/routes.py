"""Routes of the volunteers blueprint: list, profile, create and edit, roles, leaving, self-service."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.dates import today
from core.extensions import db
from core.models import Role
from core.navigation import register_nav
from core.params import whole_number
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, is_staff
from core.refusals import Refusal, show_refusal
from kit import leaving as kit_leaving
from volunteers import bp, formdata, lifecycle, people, profiles, rules, services
from volunteers.forms import (
    AwardForm,
    LeaveForm,
    PauseForm,
    PersonForm,
    RejoinForm,
    TrainingForm,
    VettingForm,
    create_form_class,
    role_form_class,
)
from volunteers.models import Award, AwardType, LearningStage, Programme, TrainingRecord, Vetting, VolunteerStatus
from volunteers.people import KINDS
from volunteers.scopes import sees_cadet_personal_data
from volunteers.web import volunteer_or_404

register_nav("Volunteers", "volunteers.index", STAFF_AND_SUPERVISORS, order=20)
register_nav("My profile", "volunteers.me", {Role.VOLUNTEER}, order=20)

# The characters url_for leaves unescaped in a query string (werkzeug follows the WHATWG URL spec).
URL_SAFE = "!$'()*,/:;?@"
RECORD_FORMS = {"vetting": VettingForm, "training": TrainingForm, "award": AwardForm}


@bp.route("/")
@allow(STAFF_AND_SUPERVISORS)
def index():
    """Every volunteer the user may see: search, filters and pages."""
    filters = services.parse_filters(request.args)
    page = request.args.get("page", "1")
    lookups = services.filter_choices()
    page_obj = services.list_volunteers(filters, current_user, whole_number(page, 6) or 1, lookups=lookups)
    args = filters.as_args()
    here = url_for("volunteers.index")
    on = today()
    return render_template(
        "volunteers/list.html",
        page_obj=page_obj,
        filters=filters,
        lookups=lookups,
        programmes=list(Programme),
        statuses=list(VolunteerStatus),
        stages=list(LearningStage),
        # the same URLs url_for builds (page first, then the filters), without a url_for per page link
        url_for_page=lambda n: f"{here}?{urlencode({'page': n, **args}, safe=URL_SAFE)}",
        export_url=url_for("volunteers.export_csv", **args),
        profile_url=here,  # each row links to its profile by appending the id: no url_for per row
        ageing_out=lambda v: rules.is_ageing_out(v.date_of_birth, on),
    )


@bp.route("/new")
@allow(STAFF)
def choose_kind():
    """Pick the kind of volunteer to create."""
    return render_template("volunteers/choose_kind.html", kinds=KINDS)


@bp.route("/new/<kind>", methods=["GET", "POST"])
@allow(STAFF)
def create(kind: str):
    """Create a person with their first role."""
    if kind not in KINDS:
        abort(404)
    form = create_form_class(kind)()
    formdata.fill_choices(form)
    if request.method == "GET" and not form.joined_on.data:
        form.joined_on.data = today()
    if form.validate_on_submit():
        try:
            volunteer = people.create_volunteer(
                kind, formdata.person_data(form), formdata.role_data(form, kind), today(), by=current_user.id
            )
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{volunteer.full_name} added as {KINDS[kind]}", "success")
            return redirect(url_for("volunteers.profile", volunteer_id=volunteer.id))
    return render_template(
        "volunteers/form.html", form=form, title=f"Add a {KINDS[kind]}", back=url_for("volunteers.choose_kind")
    )


@bp.route("/<int:volunteer_id>")
@allow(STAFF_AND_SUPERVISORS | {Role.VOLUNTEER})
def profile(volunteer_id: int):
    """Everything about one person: roles, memberships, vetting, training, awards, history, audit."""
    volunteer = volunteer_or_404(volunteer_id)
    if current_user.role == Role.VOLUNTEER:
        return redirect(url_for("volunteers.me"))
    details = profiles.build_profile(volunteer, today(), with_audit=is_staff())
    return render_template(
        "volunteers/profile.html",
        p=details,
        v=volunteer,
        staff=is_staff(),
        personal=sees_cadet_personal_data(current_user, volunteer.cadet),
        kinds=KINDS,
        record_kinds=RECORD_FORMS,
    )


@bp.route("/<int:volunteer_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def edit(volunteer_id: int):
    """Edit the shared facts (name, contact, date of birth, district)."""
    volunteer = volunteer_or_404(volunteer_id)
    form = PersonForm()
    formdata.fill_choices(form)
    if request.method == "GET":
        formdata.load_person(form, volunteer)
    if form.validate_on_submit():
        try:
            changes = lifecycle.update_person(volunteer, formdata.person_data(form), today(), by=current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash("Details saved" if changes else "Nothing changed", "success")
            return redirect(url_for("volunteers.profile", volunteer_id=volunteer_id))
    return _form_page(form, f"Edit {volunteer.full_name}", volunteer_id)


def _form_page(form, title: str, volunteer_id: int, **extra):
    back = url_for("volunteers.profile", volunteer_id=volunteer_id)
    return render_template("volunteers/form.html", form=form, title=title, back=back, **extra)


@bp.route("/<int:volunteer_id>/roles/<kind>/new", methods=["GET", "POST"])
@allow(STAFF)
def add_role(volunteer_id: int, kind: str):
    """Give an existing person another role: no second record."""
    if kind not in KINDS:
        abort(404)
    volunteer = volunteer_or_404(volunteer_id)
    form = role_form_class(kind)()
    formdata.fill_choices(form)
    if form.validate_on_submit():
        try:
            people.add_role(volunteer, kind, formdata.role_data(form, kind), today(), by=current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{volunteer.full_name} is now also a {KINDS[kind]}", "success")
            return redirect(url_for("volunteers.profile", volunteer_id=volunteer_id))
    return _form_page(form, f"Add a role to {volunteer.full_name}: {KINDS[kind]}", volunteer_id)


@bp.route("/<int:volunteer_id>/roles/<kind>/edit", methods=["GET", "POST"])
@allow(STAFF)
def edit_role(volunteer_id: int, kind: str):
    """Edit the detail of a role the person holds."""
    if kind not in KINDS or kind == "csc":
        abort(404)
    volunteer = volunteer_or_404(volunteer_id)
    if getattr(volunteer, kind, None) is None:  # the role's detail row: special, cadet, cadet_leader ...
        abort(404)
    form = role_form_class(kind, with_csc=False)()
    formdata.fill_choices(form)
    if request.method == "GET":
        formdata.load_role(form, volunteer, kind)
    if form.validate_on_submit():
        try:
            changes = lifecycle.update_role(
                volunteer, kind, formdata.role_data(form, kind), today(), by=current_user.id
            )
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash("Role details saved" if changes else "Nothing changed", "success")
            return redirect(url_for("volunteers.profile", volunteer_id=volunteer_id))
    return _form_page(form, f"Edit {KINDS[kind]} details: {volunteer.full_name}", volunteer_id)


@bp.route("/<int:volunteer_id>/leave", methods=["GET", "POST"])
@allow(STAFF)
def leave(volunteer_id: int):
    """Record that someone left (memberships end; history and audit kept)."""
    volunteer = volunteer_or_404(volunteer_id)
    form = LeaveForm()
    if request.method == "GET":
        form.left_on.data = today()
    if form.validate_on_submit():
        try:
            lifecycle.leave(
                volunteer, form.left_on.data, form.reason.data, today(), by=current_user.id, detail=form.detail.data
            )
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{volunteer.full_name} has left", "success")
            return redirect(url_for("volunteers.profile", volunteer_id=volunteer_id))
    back = url_for("volunteers.profile", volunteer_id=volunteer_id)
    return render_template(
        "volunteers/leave.html",
        form=form,
        title=f"{volunteer.full_name} is leaving",
        back=back,
        intro=kit_leaving.still_held_words(volunteer.id),
    )


@bp.route("/<int:volunteer_id>/rejoin", methods=["GET", "POST"])
@allow(STAFF)
def rejoin(volunteer_id: int):
    """Bring a leaver back."""
    volunteer = volunteer_or_404(volunteer_id)
    form = RejoinForm()
    if request.method == "GET":
        form.rejoined_on.data = today()
    if form.validate_on_submit():
        try:
            back = lifecycle.rejoin(volunteer, form.rejoined_on.data, today(), by=current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{volunteer.full_name} has re-joined: {', '.join(p.label for p in back)}", "success")
            return redirect(url_for("volunteers.profile", volunteer_id=volunteer_id))
    return _form_page(form, f"{volunteer.full_name} is re-joining", volunteer_id)


@bp.route("/<int:volunteer_id>/pause", methods=["GET", "POST"])
@allow(STAFF)
def pause(volunteer_id: int):
    """Pause an active volunteer, or resume a paused one."""
    volunteer = volunteer_or_404(volunteer_id)
    resuming = volunteer.status == VolunteerStatus.PAUSED
    form = PauseForm()
    if request.method == "GET":
        form.on.data = today()
    if form.validate_on_submit():
        try:
            if resuming:
                lifecycle.resume(volunteer, form.on.data, today(), by=current_user.id)
            else:
                lifecycle.pause(volunteer, form.on.data, (form.reason.data or "").strip(), today(), by=current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{volunteer.full_name} {'resumed' if resuming else 'paused'}", "success")
            return redirect(url_for("volunteers.profile", volunteer_id=volunteer_id))
    if resuming:
        del form.reason
    title = f"{volunteer.full_name} {'resumes' if resuming else 'takes a break'}"
    return _form_page(form, title, volunteer_id)


@bp.route("/<int:volunteer_id>/records/<kind>/new", methods=["GET", "POST"])
@allow(STAFF)
def add_record(volunteer_id: int, kind: str):
    """Add a vetting clearance, a training record or an award."""
    if kind not in RECORD_FORMS:
        abort(404)
    volunteer = volunteer_or_404(volunteer_id)
    form = RECORD_FORMS[kind]()
    if form.validate_on_submit():
        from core.audit import record

        if kind == "vetting":
            obj = Vetting(
                volunteer_id=volunteer.id,
                level=form.level.data.strip(),
                granted_on=form.granted_on.data,
                expires_on=form.expires_on.data,
            )
        elif kind == "training":
            obj = TrainingRecord(
                volunteer_id=volunteer.id,
                course=form.course.data.strip(),
                completed_on=form.completed_on.data,
                expires_on=form.expires_on.data,
                notes=form.notes.data or None,
            )
        else:
            obj = Award(
                volunteer_id=volunteer.id,
                award_type=AwardType(form.award_type.data),
                awarded_on=form.awarded_on.data,
                citation=form.citation.data or None,
            )
        db.session.add(obj)
        db.session.flush()
        detail = {k: str(v) for k, v in form.data.items() if k not in ("csrf_token", "submit") and v}
        record(f"volunteer_{kind}_added", "volunteer", volunteer.id, detail={"record_id": obj.id, **detail})
        db.session.commit()
        flash(f"{kind.capitalize()} record added", "success")
        return redirect(url_for("volunteers.profile", volunteer_id=volunteer_id))
    return _form_page(form, f"Add {kind} for {volunteer.full_name}", volunteer_id)


from volunteers import self_routes, transfer_routes  # noqa: E402,F401,I001  (self-service; CSV import and export)
