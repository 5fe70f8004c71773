"""A figure shown in several places reads the same in each, for past periods (demo and generated data, each
seeded once): the
dashboard page, its figures JSON and CSV, the hours page, the parish portal and its PDF statement, and the
employer's statement."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from core.dates import month_bounds
from core.extensions import db
from core.filters import hours
from core.models import Parish, Role, User
from tests.dashboard.test_every_figure_list import _demo, _generated
from tests.dashboard.walking import linked_figures, main_of, number, seeded_app, signed_in, text

PERIODS = [("2026-07-01", "2026-09-30"), ("2026-04-01", "2026-06-30"), ("2025-10-01", "2025-12-31")]
MONTHS = [date(2026, 8, 1), date(2026, 3, 1), date(2025, 11, 1)]
CSC = "Community Special Constables"

pytestmark = pytest.mark.slow


def _generated_with_accounts() -> None:
    """The generated data, with a council's clerk and an employer's contact to sign in as."""
    from accounts.services import create_user
    from schemes.models import CscAgreement
    from volunteers.models import SpecialConstable

    _generated()
    parish_id = db.session.scalar(sa.select(CscAgreement.parish_id).order_by(CscAgreement.id))
    business_id = db.session.scalar(
        sa.select(SpecialConstable.esp_business_id).where(SpecialConstable.esp_business_id.is_not(None))
    )
    create_user("clerk@example.org", "Parish clerk", Role.PARISH, "not-used-here-1234", parish_id=parish_id)
    create_user("esp@example.org", "Employer", Role.EMPLOYER, "not-used-here-1234", esp_business_id=business_id)


@pytest.fixture(scope="module", params=["demo", "generated"])
def data_app(request, migrated_template, tmp_path_factory):
    fill = _demo if request.param == "demo" else _generated_with_accounts
    yield from seeded_app(migrated_template, tmp_path_factory.mktemp(f"{request.param}-agree"), fill)


def _query(start: str, end: str) -> str:
    return f"from={start}&to={end}"


def _csv(client, url: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(client.get(url).get_data(as_text=True).lstrip("\ufeff"))))


def _figures_csv(client, start: str, end: str) -> dict[tuple[str, str, str], str]:
    rows = _csv(client, f"/dashboard/figures.csv?{_query(start, end)}")
    return {(r["section"], r["figure"], r["breakdown"]): r["value"] for r in rows}


def _cards(client, start: str, end: str) -> dict[str, list[int]]:
    """Each linked figure on the dashboard page by its label (a label shown twice has both numbers)."""
    found: dict[str, list[int]] = defaultdict(list)
    for label, value, _href in linked_figures(client.get(f"/dashboard/?{_query(start, end)}").get_data(as_text=True)):
        found[re.sub(r" \(.*\)$", "", label)].append(value)
    return found


def test_the_dashboard_page_its_json_and_its_csv_agree(data_app):
    client = signed_in(data_app)
    for start, end in PERIODS:
        f = client.get(f"/api/v1/figures?{_query(start, end)}").get_json()
        rows = _figures_csv(client, start, end)
        cards = _cards(client, start, end)
        csc, own = f["csc"], f["csc"]["duties_in_own_parishes"]
        same = {  # page label: (JSON value, CSV row)
            "CSCs in post": (csc["in_post"], (CSC, "CSCs in post", "")),
            "CSCs in post-foundation training": (csc["in_training"], (CSC, "CSCs in training", "")),
            "Parishes with a CSC in post": (csc["parishes_with_csc_in_post"], (CSC, "Parishes with a CSC in post", "")),
            "CSC duties in their own parishes": (own["duties"], (CSC, "Duties in own parishes", "Duties")),
            "Businesses registered": (f["esp"]["businesses_registered"], None),
            "Specials benefiting": (f["esp"]["specials_benefiting"], None),
            "Cadets": (f["cadets"]["cadets"], ("Volunteer Police Cadets", "Cadets", "")),
            "Units with members": (
                f["cadets"]["units_with_members"], ("Volunteer Police Cadets", "Units with members", "")
            ),
            "Watch scheme members": (f["watch"]["members_end"], ("Watch schemes", "Members at end", "")),
            "Speed Watch groups": (f["speed_watch"]["groups"], ("Community Speed Watch", "Groups", "")),
            "Warning letters": (f["speed_watch"]["letters"], ("Community Speed Watch", "Letters", "")),
            "Applications received": (f["recruitment"]["received"], ("Recruitment", "Applications received", "")),
            "Approved duties": (f["duties"]["duties"], ("Duties", "Approved duties", "All programmes")),
        }  # fmt: skip
        for h in f["headcount"]:
            label = h["label"] if h["label"].endswith("s") else h["label"] + "s"
            same[label] = (h["end"], ("Headcount", h["label"], "at end"))
        for label, (json_value, row) in same.items():
            assert cards[label] and set(cards[label]) == {json_value}, (start, label, cards[label], json_value)
            if row is not None:
                assert float(rows[row]) == json_value, (start, label, row)
        # one count inside the JSON: posts by state against CSCs, parts against wholes
        posts = {p["state"]: p["count"] for p in csc["posts_by_state"]}
        assert (posts["in_post"], posts["in_training"]) == (csc["in_post"], csc["in_training"]), start
        heads = {h["programme"]: h["end"] for h in f["headcount"]}
        specials = f["specials"]
        assert specials["total"] == heads["special"] == sum(s["count"] for s in specials["by_stage"]), start
        assert specials["total"] == sum(c["count"] for c in specials["by_command"]), start
        assert f["active_citizens"]["total"] == heads["active_citizen"], start
        assert (f["cadets"]["cadets"], f["cadets"]["leaders"]) == (heads["cadet"], heads["cadet_leader"]), start
        assert f["speed_watch"]["volunteers"] == heads["speed_watch"], start
        assert heads["csc"] >= csc["in_post"] + csc["in_training"], start
        assert f["duties"]["duties"] == sum(d["duties"] for d in f["duties"]["by_programme"]), start


def _hours_page(client, start: str, end: str) -> dict[str, str]:
    """The hours page's figure cards by label, and its total of duties by programme (from its CSV)."""
    address = f"/scheduling/hours?start={start}&end={end}&by=programme"
    page = main_of(client.get(address).get_data(as_text=True))
    cards = {
        text(label): text(value)
        for value, label in re.findall(
            r'<span class="cip-figure__value">([^<]*)</span>\s*<span class="cip-figure__label">([^<]*)</span>', page
        )
    }
    cards["total duties"] = str(sum(int(r["Duties"]) for r in _csv(client, f"{address}&format=csv")))
    return cards


def _pdf_words(body: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(body)).pages)


def test_the_hours_page_totals_agree_with_the_dashboard(data_app):
    client = signed_in(data_app)
    for start, end in PERIODS:
        f = client.get(f"/api/v1/figures?{_query(start, end)}").get_json()
        assert number(_hours_page(client, start, end)["total duties"]) == f["duties"]["duties"], start


def test_the_hours_page_csc_figures_agree_with_the_dashboard(data_app, request):
    client = signed_in(data_app)
    for start, end in PERIODS:
        f = client.get(f"/api/v1/figures?{_query(start, end)}").get_json()
        shown = _hours_page(client, start, end)
        own = f["csc"]["duties_in_own_parishes"]
        assert number(shown["duties in their own parish"]) == own["duties"], (start, shown, own)
        assert shown["hours in their own parish"] == hours(own["minutes"]), (start, shown, own)
        assert number(shown["CSCs in post"]) == f["csc"]["in_post"], (start, shown, f["csc"]["in_post"])


def _statements(app, month: date, parish_id: int | None = None) -> list:
    """Each council's statement for the month: one council's, or those of every council that has had a
    CSC post (a council that never had one has no CSC duties in its own parish to show)."""
    from schemes.models import CscAgreement, CscPost
    from schemes.parishes.portal import parish_statement

    with app.app_context():
        if parish_id is not None:
            wanted = sa.select(Parish).where(Parish.id == parish_id)
        else:
            with_posts = sa.select(CscAgreement.parish_id).join(CscPost, CscPost.agreement_id == CscAgreement.id)
            wanted = sa.select(Parish).where(Parish.id.in_(with_posts))
        found = [parish_statement(p, month, history_months=1) for p in db.session.scalars(wanted)]
        summary = [(s.parish.id, s.total_duties, s.total_minutes) for s in found]
        db.session.remove()
    return summary


def test_the_parish_portal_and_its_statement_show_the_same_figures(data_app):
    """A council's own page and its PDF statement show the month's duties and hours its statement counts."""
    with data_app.app_context():
        parish_id = db.session.scalar(sa.select(User.parish_id).where(User.role == Role.PARISH))
    council = signed_in(data_app, Role.PARISH, parish_id=parish_id)
    for month in MONTHS:
        ((_p, duties, minutes),) = _statements(data_app, month, parish_id)
        page = council.get(f"/schemes/parishes/portal?month={month:%Y-%m}").get_data(as_text=True)
        shown = rf'cip-figure__value">{duties}</span>\s*<span class="cip-figure__label">duties in the parish'
        assert re.search(shown, page), (month, duties)
        shown = rf'cip-figure__value">{hours(minutes)}</span>\s*<span class="cip-figure__label">hours policed'
        assert re.search(shown, page), (month, minutes)
        words = _pdf_words(council.get(f"/schemes/parishes/portal/statement.pdf?month={month:%Y-%m}").data)
        assert f"Duties: {duties}. Hours policed in the parish: {hours(minutes)}" in words, (month, duties)


def test_the_parish_portals_add_up_to_the_dashboard(data_app, request):
    """Summed over every council, the hours their portals show for a month are the dashboard's CSC hours in
    their own parishes for that month (one month: each council's statement is read one by one, as its
    clerk would; the other months are compared council by council above)."""
    coordinator = signed_in(data_app)
    for month in MONTHS[:1]:
        month_end = month_bounds(month)[1] - timedelta(days=1)
        own = coordinator.get(f"/api/v1/figures?{_query(month.isoformat(), month_end.isoformat())}").get_json()
        own = own["csc"]["duties_in_own_parishes"]
        statements = _statements(data_app, month)
        summed = (sum(d for _p, d, _m in statements), sum(m for _p, _d, m in statements))
        assert summed == (own["duties"], own["minutes"]), (month, summed, own)


def test_the_employer_statement_agrees_with_the_hours_page(data_app):
    """An employer's statement of the time it gave in a year equals the hours page's ESP hours for that
    employer and year, and its PDF says so."""
    from schemes.esp import services
    from schemes.models import EspBusiness

    coordinator = signed_in(data_app)
    with data_app.app_context():
        business_id = db.session.scalar(sa.select(User.esp_business_id).where(User.role == Role.EMPLOYER))
        db.session.remove()
    employer = signed_in(data_app, Role.EMPLOYER, esp_business_id=business_id)
    for year in (2025, 2026):
        with data_app.app_context():
            business = db.session.get(EspBusiness, business_id)
            statement = services.annual_statement(business, year)
            name = business.name
            db.session.remove()
        rows = _csv(coordinator, f"/scheduling/hours?start={year}-01-01&end={year}-12-31&by=esp&format=csv")
        by_employer = {r["ESP employer"]: float(r["Hours"]) for r in rows}
        assert by_employer.get(name, 0.0) == round(statement.total_minutes / 60, 1), (year, name)
        words = _pdf_words(employer.get(f"/schemes/esp/portal/statement.pdf?year={year}").data)
        assert f"Total ESP hours given in {year}: {hours(statement.total_minutes)}." in words, (year, name)


def test_the_pipeline_page_its_scheduled_pdf_and_the_dashboard_agree(data_app, monkeypatch, request):
    """Specials on the last day and those who left in the 12 months to it read the same on the recruitment
    report page (its day frozen at the period's end), in the scheduled pipeline PDF and on the dashboard."""
    import volunteers.pipeline.routes
    from scheduling.reports.pdfs import pipeline_pdf
    from scheduling.reports.pipeline import pipeline_figures

    client = signed_in(data_app)
    for start, end in PERIODS:
        f = client.get(f"/api/v1/figures?{_query(start, end)}").get_json()
        heads = {h["programme"]: h["end"] for h in f["headcount"]}
        forecast = f["recruitment"]["forecast"]
        with data_app.app_context():
            words = _pdf_words(pipeline_pdf(pipeline_figures(date.fromisoformat(start), date.fromisoformat(end))))
            db.session.remove()
        assert f"Applications received {f['recruitment']['received']}" in words, start
        assert f"Headcount at end of period {heads['special']}" in words, start
        assert f"Left in the 12 months to the end of period {forecast['specials_left_last_12_months']}" in words
        monkeypatch.setattr(volunteers.pipeline.routes, "today", lambda end=end: date.fromisoformat(end))
        page = text(main_of(client.get("/volunteers/applications/report").get_data(as_text=True)))
        leavers = f"{forecast['specials_left_last_12_months']} leavers, headcount"
        assert leavers in page and f"to {heads['special']})" in page, (start, leavers)
