"""Parish and town councils: the CiP team's lists, exports and a council's page."""

from __future__ import annotations

from flask import render_template, request

from core.audit import record
from core.csvio import csv_response
from core.dates import month_start, today
from core.models import Parish
from core.navigation import register_nav
from core.period_picker import pick_month
from core.permissions import STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from schemes import bp
from schemes.common import choice_arg, int_arg, parse_year
from schemes.models import AgreementStatus, PostState
from schemes.parishes import portal, posts, services
from schemes.parishes.budget import charged_by_post
from schemes.parishes.downloads import statement_response

register_nav("Parishes", "schemes.parishes", STAFF_AND_SUPERVISORS, order=40)

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
        ([name, number, day.isoformat(), kind, pence, desc] for name, number, day, kind, pence, desc in rows),
    )


@bp.route("/parishes/<int:parish_id>")
@allow(STAFF_AND_SUPERVISORS)
def parish_detail(parish_id: int):
    """A council: its agreements, posts, officers and claims, and this month's statement."""
    parish = get_scoped_or_404(Parish, parish_id)
    period = pick_month(request.args, today())
    month = period.month or month_start(today())
    agreements = services.council_detail(parish.id)
    year = today().year
    used = {a.id: posts.claims_in_year([a.id], year) for a in agreements}
    charged = charged_by_post([p.id for a in agreements for p in a.posts])
    return render_template(
        "schemes/parishes/detail.html",
        parish=parish,
        agreements=agreements,
        used=used,
        charged=charged,
        year=year,
        statement=portal.parish_statement(parish, month),
        month=month,
        period=period,
    )


@bp.route("/parishes/<int:parish_id>/statement.pdf")
@allow(STAFF_AND_SUPERVISORS)
def parish_statement_pdf(parish_id: int):
    """Any council's monthly statement, for the CiP team."""
    parish = get_scoped_or_404(Parish, parish_id)
    return statement_response(parish)


from schemes.parishes import edit_routes as _edit_routes  # noqa: E402,F401
from schemes.parishes import portal_routes as _portal_routes  # noqa: E402,F401
