"""Parish and town councils: coordinator views and the parish portal."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.audit import record
from core.csvio import csv_response
from core.extensions import db
from core.filters import uk_date
from core.models import Parish, Role
from core.navigation import register_nav
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from schemes import bp
from schemes.common import SchemeInputError, choice_arg, int_arg, parse_month, parse_year, show_refusal, today
from schemes.models import AgreementStatus, CscAgreement, CscPost, PostState
from schemes.parishes import portal, services
from schemes.parishes.forms import AgreementForm, ClaimForm, CouncilForm, PostForm

register_nav("Parishes", "schemes.parishes", STAFF_AND_SUPERVISORS, order=40)
register_nav("Your council", "schemes.parish_portal", {Role.PARISH}, order=10)


@bp.record_once
def _take_over_home(_state) -> None:
    """Make this page the parish role's landing page (deferred: core.home imports the models)."""
    from core.home import register_home

    register_home(Role.PARISH, "schemes.parish_portal")


STATUS_OPTIONS = [(s.value, s.label) for s in AgreementStatus] + [("none", "No agreement")]
COUNCIL_HEADERS = [
    "Council",
    "District",
    "Agreement status",
    "Signed",
    "Posts funded",
    "In post",
    "In training",
    "Applicant in pipeline",
    "Recruiting",
    "Vacant after leaver",
    "Annual budget (pence)",
    "Claimed this year (pence)",
]


def _council_csv_rows(rows):
    for r in rows:
        yield [
            r.parish.council_name,
            r.parish.district.name,
            r.status_label,
            r.agreement.signed_on.isoformat() if r.agreement else "",
            r.posts_funded,
            r.counts[PostState.IN_POST],
            r.counts[PostState.IN_TRAINING],
            r.counts[PostState.APPLICANT_IN_PIPELINE],
            r.counts[PostState.RECRUITING],
            r.counts[PostState.VACANT_AFTER_LEAVER],
            r.budget_pence,
            r.claimed_pence,
        ]


def _filters():
    return {
        "district_id": int_arg("district"),
        "status": choice_arg("status", [v for v, _ in STATUS_OPTIONS]),
        "q": (request.args.get("q") or "").strip()[:80] or None,
    }


@bp.route("/parishes")
@allow(STAFF_AND_SUPERVISORS)
def parishes():
    """Every council with its agreement and posts, filtered by district, status or name."""
    filters = _filters()
    rows = services.council_rows(year=today().year, **filters)
    return render_template(
        "schemes/parishes/index.html",
        rows=rows,
        filters=filters,
        districts=services.districts(),
        status_options=STATUS_OPTIONS,
        year=today().year,
    )


@bp.route("/parishes/export.csv")
@allow(STAFF_AND_SUPERVISORS)
def parishes_csv():
    """The council list as CSV (same filters)."""
    filters = _filters()
    rows = services.council_rows(year=today().year, **filters)
    record("export", "parish", detail={"what": "councils", "rows": len(rows), **filters}, commit=True)
    return csv_response(f"councils-{today().isoformat()}.csv", COUNCIL_HEADERS, _council_csv_rows(rows))


@bp.route("/parishes/unable-to-recruit")
@allow(STAFF_AND_SUPERVISORS)
def parishes_unable():
    """Councils that signed but are unable to recruit."""
    return render_template("schemes/parishes/unable.html", rows=services.unable_to_recruit(today()))


@bp.route("/parishes/unable-to-recruit.csv")
@allow(STAFF_AND_SUPERVISORS)
def parishes_unable_csv():
    """Councils unable to recruit, as CSV."""
    rows = services.unable_to_recruit(today())
    record("export", "parish", detail={"what": "unable_to_recruit", "rows": len(rows)}, commit=True)
    return csv_response(
        f"councils-unable-to-recruit-{today().isoformat()}.csv", COUNCIL_HEADERS, _council_csv_rows(rows)
    )


@bp.route("/parishes/posts")
@allow(STAFF_AND_SUPERVISORS)
def parish_posts():
    """Posts requested against posts filled, per council with an agreement."""
    filters = _filters()
    rows = [r for r in services.council_rows(**filters) if r.posts_funded]
    return render_template(
        "schemes/parishes/posts.html",
        rows=rows,
        filters=filters,
        districts=services.districts(),
        status_options=STATUS_OPTIONS,
    )


@bp.route("/parishes/posts.csv")
@allow(STAFF_AND_SUPERVISORS)
def parish_posts_csv():
    """Posts requested against filled, as CSV."""
    rows = [r for r in services.council_rows(**_filters()) if r.posts_funded]
    record("export", "csc_post", detail={"what": "posts_requested_vs_filled", "rows": len(rows)}, commit=True)
    return csv_response(
        f"csc-posts-{today().isoformat()}.csv", COUNCIL_HEADERS[:10], (r[:10] for r in _council_csv_rows(rows))
    )


@bp.route("/parishes/claims.csv")
@allow(STAFF_AND_SUPERVISORS)
def parish_claims_csv():
    """Mileage and subsistence claims for a year (and council), as CSV."""
    year = parse_year(request.args.get("year"))
    parish_id = int_arg("parish")
    rows = services.claim_rows(parish_id, year)
    record("export", "csc_claim", detail={"year": year, "parish_id": parish_id, "rows": len(rows)}, commit=True)
    return csv_response(
        f"csc-claims-{year}.csv",
        ["Council", "Post", "Date", "Type", "Amount (pence)", "Description"],
        ([name, number, day.isoformat(), kind.label, pence, desc] for name, number, day, kind, pence, desc in rows),
    )


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
        except SchemeInputError as problem:
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


@bp.route("/parishes/<int:parish_id>")
@allow(STAFF_AND_SUPERVISORS)
def parish_detail(parish_id: int):
    """A council: its agreements, posts, officers and claims, and this month's statement."""
    parish = get_scoped_or_404(Parish, parish_id)
    month = parse_month(request.args.get("month"))
    agreements = services.council_detail(parish.id)
    year = today().year
    used = {a.id: services.claims_in_year([a.id], year) for a in agreements}
    return render_template(
        "schemes/parishes/detail.html",
        parish=parish,
        agreements=agreements,
        used=used,
        year=year,
        statement=portal.parish_statement(parish, month),
        month=month,
    )


@bp.route("/parishes/<int:parish_id>/statement.pdf")
@allow(STAFF_AND_SUPERVISORS)
def parish_statement_pdf(parish_id: int):
    """Any council's monthly statement, for the CiP team."""
    parish = get_scoped_or_404(Parish, parish_id)
    return _statement_response(parish)


def _statement_response(parish: Parish) -> Response:
    month = parse_month(request.args.get("month"))
    body = portal.statement_pdf(portal.parish_statement(parish, month))
    record(
        "report_run",
        "parish",
        parish.id,
        detail={"report": "parish_monthly_statement", "month": month.isoformat()},
        commit=True,
    )
    response = Response(body, mimetype="application/pdf")
    name = f"statement-{parish.name}-{month:%Y-%m}.pdf".replace(" ", "-")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{"".join(c for c in name if c.isalnum() or c in ".-_")}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


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
        except SchemeInputError as problem:
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
            outcome = services.update_post(post, form.state.data, form.state_since.data, form.holder_volunteer_id.data)
        except SchemeInputError as problem:
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
    leaving = services.funding_on_leaving(post.agreement, today())
    return render_template(
        "schemes/form.html",
        form=form,
        title=f"Post {post.post_number}",
        caption=post.agreement.parish.council_name,
        back_url=url_for("schemes.parish_detail", parish_id=post.agreement.parish_id),
        intro=f"If the officer leaves (choose Vacant after leaver): {leaving.explanation}",
    )


@bp.route("/parishes/posts/<int:post_id>/claims/new", methods=["GET", "POST"])
@allow(STAFF)
def claim_new(post_id: int):
    """Record a mileage or subsistence claim against the council's budget."""
    post = get_scoped_or_404(CscPost, post_id)
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            claim = services.add_claim(
                post, form.claim_type.data, form.claimed_on.data, form.amount.pence, form.description.data
            )
        except SchemeInputError as problem:
            show_refusal(form, problem)
        else:
            record(
                "csc_claim_created",
                "csc_claim",
                claim.id,
                detail={"post_id": post.id, "amount_pence": claim.amount_pence},
            )
            db.session.commit()
            flash("Claim recorded", "success")
            return redirect(url_for("schemes.parish_detail", parish_id=post.agreement.parish_id))
    return render_template(
        "schemes/form.html",
        form=form,
        title=f"Record a claim for post {post.post_number}",
        caption=post.agreement.parish.council_name,
        back_url=url_for("schemes.parish_detail", parish_id=post.agreement.parish_id),
    )


@bp.route("/parishes/portal")
@allow(Role.PARISH)
def parish_portal():
    """The parish council's own portal: posts, hours policed in the parish, claims, statements."""
    parish = get_scoped_or_404(Parish, current_user.parish_id or 0)
    month = parse_month(request.args.get("month"))
    statement = portal.parish_statement(parish, month)
    return render_template(
        "schemes/parishes/portal.html", s=statement, month=month, month_label=uk_date(month, "%B %Y")
    )


@bp.route("/parishes/portal/statement.pdf")
@allow(Role.PARISH)
def parish_portal_pdf():
    """The council's monthly statement as PDF."""
    return _statement_response(get_scoped_or_404(Parish, current_user.parish_id or 0))
