"""Parish and town councils: creating and changing councils, agreements, posts and claims."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from core.audit import record
from core.dates import today
from core.extensions import db
from core.models import Parish
from core.permissions import STAFF, allow, get_scoped_or_404
from core.refusals import Refusal, show_refusal
from schemes import bp
from schemes.models import CscAgreement, CscPost
from schemes.parishes import posts, services
from schemes.parishes.forms import AgreementForm, CouncilForm, PostForm


def _council_form(parish: Parish | None) -> CouncilForm:
    form = CouncilForm(obj=parish)
    form.district_id.choices = [(d.id, d.name) for d in services.districts()]
    if parish and request.method == "GET":
        form.council_kind.data = parish.council_kind.value
    return form


def _save_council(parish: Parish | None):
    form = _council_form(parish)
    if form.validate_on_submit():
        try:
            saved = services.save_council(
                parish, **{k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}
            )
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            record("parish_updated" if parish else "parish_created", "parish", saved.id, detail={"name": saved.name})
            db.session.commit()
            flash(f"{saved.council_name} saved", "success")
            return redirect(url_for("schemes.parish_detail", parish_id=saved.id))
    title = f"Edit {parish.council_name}" if parish else "Add a council"
    back = url_for("schemes.parish_detail", parish_id=parish.id) if parish else url_for("schemes.parishes")
    return render_template(
        "schemes/form.html", form=form, title=title, caption="Parish and town councils", back_url=back
    )


@bp.route("/parishes/new", methods=["GET", "POST"])
@allow(STAFF)
def parish_new():
    """Add a council; duplicates in a district are refused."""
    return _save_council(None)


@bp.route("/parishes/<int:parish_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def parish_edit(parish_id: int):
    """Edit a council's name, district and contact."""
    return _save_council(get_scoped_or_404(Parish, parish_id))


def _agreement_form(agreement: CscAgreement | None) -> AgreementForm:
    form = AgreementForm(obj=agreement)
    if agreement and request.method == "GET":
        form.status.data = agreement.status.value
        form.funding_on_leaving.data = agreement.funding_on_leaving.value
        form.annual_budget.data = f"{agreement.annual_budget_pence / 100:.2f}"
    return form


def _save_agreement(parish: Parish, agreement: CscAgreement | None):
    form = _agreement_form(agreement)
    if form.validate_on_submit():
        values = {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit", "annual_budget")}
        values["annual_budget_pence"] = form.annual_budget.pence
        try:
            saved = services.save_agreement(parish, agreement, **values)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            record(
                "csc_agreement_updated" if agreement else "csc_agreement_created",
                "csc_agreement",
                saved.id,
                detail={
                    "parish_id": parish.id,
                    "posts_funded": saved.posts_funded,
                    "budget_pence": saved.annual_budget_pence,
                },
            )
            db.session.commit()
            flash("Agreement saved", "success")
            return redirect(url_for("schemes.parish_detail", parish_id=parish.id))
    title = "Edit the agreement" if agreement else "Record an agreement"
    return render_template(
        "schemes/form.html",
        form=form,
        title=title,
        caption=parish.council_name,
        back_url=url_for("schemes.parish_detail", parish_id=parish.id),
    )


@bp.route("/parishes/<int:parish_id>/agreements/new", methods=["GET", "POST"])
@allow(STAFF)
def agreement_new(parish_id: int):
    """Record a council's agreement to fund CSC posts."""
    return _save_agreement(get_scoped_or_404(Parish, parish_id), None)


@bp.route("/parishes/agreements/<int:agreement_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def agreement_edit(agreement_id: int):
    """Edit an agreement (posts funded, budget, status, funding on leaving)."""
    agreement = get_scoped_or_404(CscAgreement, agreement_id)
    return _save_agreement(agreement.parish, agreement)


@bp.route("/parishes/posts/<int:post_id>", methods=["GET", "POST"])
@allow(STAFF)
def post_edit(post_id: int):
    """Change a post's state and officer; a post is never filled twice."""
    post = get_scoped_or_404(CscPost, post_id)
    form = PostForm()
    if request.method == "GET":
        form.state.data = post.state.value
        form.state_since.data = post.state_since
        form.holder_volunteer_id.data = post.holder.volunteer_id if post.holder else None
    if form.validate_on_submit():
        before = post.state.value
        try:
            outcome = posts.update_post(post, form.state.data, form.state_since.data, form.holder_volunteer_id.data)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            detail = {"from": before, "to": post.state.value, "holder": form.holder_volunteer_id.data}
            if outcome:
                detail["funding_on_leaving"] = outcome.option.value
                detail["amount_pence"] = outcome.amount_pence
                flash(f"The officer has left the post. {outcome.explanation}", "success")
            else:
                flash(f"Post {post.post_number} saved", "success")
            record("csc_post_changed", "csc_post", post.id, detail=detail)
            db.session.commit()
            return redirect(url_for("schemes.parish_detail", parish_id=post.agreement.parish_id))
    leaving = posts.funding_on_leaving(post.agreement, today())
    return render_template(
        "schemes/form.html",
        form=form,
        title=f"Post {post.post_number}",
        caption=post.agreement.parish.council_name,
        back_url=url_for("schemes.parish_detail", parish_id=post.agreement.parish_id),
        intro=f"If the officer leaves (choose Vacant after leaver): {leaving.explanation}",
    )
