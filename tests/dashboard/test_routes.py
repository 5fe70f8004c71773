"""The dashboard page, its CSV, PDF and alert lists, and the figures JSON API: who may call them and what they say."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import sqlalchemy as sa
from markupsafe import escape
from pypdf import PdfReader

from core.models import AuditEvent, Role
from dashboard.links import first_link, link_to
from tests.dashboard import factories as d
from tests.dashboard.test_csc_figures import build_fifty_duties, cscs  # noqa: F401  (fixture)

SUMMER = "from=2026-07-01&to=2026-08-31"
URLS = [
    f"/dashboard/?{SUMMER}",
    f"/dashboard/figures.csv?{SUMMER}",
    f"/dashboard/figures.pdf?{SUMMER}",
    f"/dashboard/alerts/vetting_expiring?{SUMMER}",
    f"/api/v1/figures?{SUMMER}",
]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR])
def test_staff_reach_every_dashboard_url(as_role, role):
    client = as_role(role)
    for url in URLS:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.VOLUNTEER, Role.PARISH, Role.EMPLOYER])
def test_other_roles_are_refused(as_role, role):
    client = as_role(role)
    for url in URLS:
        assert client.get(url).status_code == 403, url


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in URLS[:-1]:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    response = client.get(URLS[-1])
    assert response.status_code == 401 and response.get_json()["error"]["status"] == 401


def test_the_api_refuses_other_roles_in_json(as_role):
    response = as_role(Role.VOLUNTEER).get(URLS[-1])
    assert response.status_code == 403
    assert response.get_json()["error"]["reason"] == "Your role may not do this"


def test_the_figures_are_in_the_openapi_document(app):
    from api.openapi import document

    operation = document()["paths"]["/figures"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["from", "to"]
    assert "400" in operation["responses"]


def test_the_dashboard_is_the_coordinators_home(as_role):
    client = as_role(Role.COORDINATOR)
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard/")
    page = client.get("/dashboard/").get_data(as_text=True)
    assert 'href="/dashboard/"' in page  # in the navigation


def test_the_default_period_is_the_current_quarter_to_date(as_role):
    from core.dates import today as london_today
    from dashboard.periods import quarter_name

    page = as_role(Role.COORDINATOR).get("/dashboard/").get_data(as_text=True)
    assert f"{quarter_name(london_today())} to date" in page


def test_the_page_shows_the_figures_charts_and_links(db, app, as_role, cscs):  # noqa: F811
    parishes, in_post, trainees = cscs
    build_fifty_duties(in_post)
    db.session.commit()
    page = as_role(Role.COORDINATOR).get(f"/dashboard/?{SUMMER}").get_data(as_text=True)
    if "volunteers.index" in app.view_functions:  # the list behind each headcount, where it exists
        assert "/volunteers/?programme=special" in page
        assert "/volunteers/?programme=special&amp;stage=qualified" in page
    if "schemes.parishes_unable" in app.view_functions:
        assert "/schemes/parishes/unable-to-recruit" in page
    assert "11 CSCs did 50 duties and 361 hours in their own parishes (8 parishes)" in page
    assert "11 CSCs contributed 50 duties and 361 community policing hours" in page
    for chart in ("chart-headcount", "chart-hours", "chart-funnel", "chart-watch"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page
        assert f'<title id="{chart}-title">' in page and f'<desc id="{chart}-desc">' in page
    assert page.count("Show the data") == 4
    assert "/dashboard/alerts/vetting_expiring?from=2026-07-01&amp;to=2026-08-31" in page
    assert "/dashboard/figures.pdf?from=2026-07-01&amp;to=2026-08-31" in page
    # Every figure is dated now: the notes say so, with no caveat list (empty or not) after them.
    about = page.split('id="notes"')[1].split("</main>")[0]
    assert "rank, a cadet's unit" in about and "govuk-list" not in about


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "from"),
        ("from=2026-07-01", "to"),
        ("to=2026-07-01", "from"),
        ("from=2026-13-01&to=2026-12-31", "from"),
        ("from=yesterday&to=2026-12-31", "from"),
        ("from=2026-07-01&to=2026-02-30", "to"),
        ("from=2026-09-01&to=2026-08-01", "to"),
        ("from=1990-01-01&to=2026-08-01", "from"),
    ],
)
def test_the_api_refuses_bad_periods_with_the_field_and_reason(as_role, query, field):
    response = as_role(Role.COORDINATOR).get(f"/api/v1/figures?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400
    assert error["field"] == field
    assert error["reason"]


def test_the_page_and_csv_refuse_an_inverted_period(as_role):
    client = as_role(Role.COORDINATOR)
    response = client.get("/dashboard/?from=2026-09-01&to=2026-08-01")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "must be the same as or after" in page
    assert client.get("/dashboard/figures.csv?from=2026-09-01&to=2026-08-01").status_code == 400
    assert client.get("/dashboard/figures.pdf?from=nonsense&to=2026-08-01").status_code == 400


def test_the_json_figures(db, as_role, cscs):  # noqa: F811
    parishes, in_post, trainees = cscs
    build_fifty_duties(in_post)
    db.session.commit()
    response = as_role(Role.ADMIN).get(f"/api/v1/figures?{SUMMER}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["period"] == {
        "from": "2026-07-01",
        "to": "2026-08-31",
        "label": "1 July 2026 to 31 August 2026",
        "is_quarter": False,
    }
    assert body["csc"]["duties_in_own_parishes"] == {
        "cscs": 11,
        "parishes": 8,
        "duties": 50,
        "minutes": 21660,
        "hours": 361.0,
    }
    assert body["csc"]["in_post"] == 11 and body["csc"]["in_training"] == 4
    assert {h["programme"] for h in body["headcount"]} >= {"special", "csc", "cadet", "active_citizen"}
    actions = db.session.scalars(sa.select(AuditEvent.detail).where(AuditEvent.action == "report_run")).all()
    assert {"format": "json", "from": "2026-07-01", "to": "2026-08-31"} in actions


def test_the_csv_figures(db, as_role, cscs):  # noqa: F811
    parishes, in_post, trainees = cscs
    build_fifty_duties(in_post)
    d.special(joined=date(2020, 1, 1), left=date(2026, 8, 1))  # a leaver: a negative change
    db.session.commit()
    response = as_role(Role.COORDINATOR).get(f"/dashboard/figures.csv?{SUMMER}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "figure", "breakdown", "value"]
    values = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert values[("Community Special Constables", "Duties in own parishes", "Hours")] == "361.0"
    assert values[("Community Special Constables", "Duties in own parishes", "Duties")] == "50"
    assert values[("Community Special Constables", "CSCs in post", "")] == "11"
    assert values[("Headcount", "Special Constable", "change")] == "-1"  # a number, not text
    assert values[("Volunteer Police Cadets", "Units open", "")] == "0"
    assert values[("Volunteer Police Cadets", "Units to re-open", "")] == "0"


def test_the_csv_neutralises_formulas_in_names(db, as_role):
    scheme = d.WatchSchemeFactory(name="=HYPERLINK(evil)")
    d.snapshot(scheme, date(2026, 7, 1), 10)
    db.session.commit()
    text = as_role(Role.COORDINATOR).get(f"/dashboard/figures.csv?{SUMMER}").get_data(as_text=True)
    assert "'=HYPERLINK(evil)" in text


def test_the_pdf_reads_back(db, as_role, cscs):  # noqa: F811
    parishes, in_post, trainees = cscs
    build_fifty_duties(in_post)
    db.session.commit()
    response = as_role(Role.COORDINATOR).get("/dashboard/figures.pdf?from=2026-07-01&to=2026-09-30")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.metadata.title == "Citizens in Policing quarterly figures"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Citizens in Policing quarterly figures" in text
    assert "Q3 2026 (1 July 2026 to 30 September 2026)" in text
    flat = " ".join(text.split())
    assert "15 Special Constables" in flat
    assert "11 CSCs contributed 50 duties and 361 community policing hours" in flat
    assert "Headcount by programme" in flat and "Charts" in flat
    assert "command and rank, a cadet's unit" in flat and "current facts only" not in flat


def test_alert_lists_show_the_people(db, as_role):
    soon = d.special()
    d.vetting(soon.volunteer, date(2020, 1, 1), date(2026, 10, 1))
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    page = client.get(f"/dashboard/alerts/vetting_expiring?{SUMMER}").get_data(as_text=True)
    assert str(escape(soon.volunteer.full_name)) in page
    assert client.get("/dashboard/alerts/no-such-alert").status_code == 404


def test_links_only_to_registered_endpoints(app):
    with app.test_request_context():
        assert link_to("no_such.endpoint") is None
        assert link_to("dashboard.index") == "/dashboard/"
        assert first_link([("no_such.endpoint", {}), ("dashboard.index", {"from": "2026-07-01"})]) == (
            "/dashboard/?from=2026-07-01"
        )


def test_the_page_reuses_recent_figures_until_asked_to_recalculate(db, as_role, app):
    from tests.dashboard.test_query_count import counting_queries

    client = as_role(Role.COORDINATOR)
    assert "Recalculate now" in client.get(f"/dashboard/?{SUMMER}").get_data(as_text=True)
    d.special(joined=date(2020, 1, 1))
    db.session.commit()
    with counting_queries(db.engine) as cached_run:
        page = client.get(f"/dashboard/?{SUMMER}").get_data(as_text=True)
    assert "1 Special Constable," not in page  # still the figures calculated before
    with counting_queries(db.engine) as fresh_run:
        page = client.get(f"/dashboard/?{SUMMER}&fresh=1").get_data(as_text=True)
    assert "1 Special Constable," in page
    assert len(cached_run) < len(fresh_run)
    app.config["DASHBOARD_CACHE_SECONDS"] = 0
    d.special(joined=date(2020, 1, 1))
    db.session.commit()
    assert "2 Special Constables," in client.get(f"/dashboard/?{SUMMER}").get_data(as_text=True)
