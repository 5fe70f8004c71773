"""Community Speed Watch: groups, sessions (never in the future, never more over the limit than checked), figures."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.dates import today
from core.models import AuditEvent, Role
from schemes.models import SpeedWatchGroup, SpeedWatchSession, SpeedWatchSite
from tests import factories as f
from tests.factories import SessionFactory, SiteFactory, SpeedGroupFactory, SpeedVolunteerFactory
from tests.schemes.helpers import post_form


def _groups(db):
    site = SiteFactory(group=SpeedGroupFactory(name="Writtle CSW", started_on=date(2026, 3, 4)))
    SessionFactory(
        site=site,
        session_date=date(2026, 7, 14),
        vehicles_checked=200,
        vehicles_over_limit=20,
        first_letters=15,
        final_letters=3,
        referrals=1,
    )
    SessionFactory(
        site=site,
        session_date=date(2026, 7, 20),
        vehicles_checked=100,
        vehicles_over_limit=10,
        first_letters=8,
        final_letters=2,
        referrals=0,
    )
    SessionFactory(site=site, session_date=date(2025, 7, 20), vehicles_checked=50, vehicles_over_limit=5)
    other = SiteFactory(group=SpeedGroupFactory(name="Boreham CSW", started_on=date(2026, 7, 1)))
    SessionFactory(
        site=other,
        session_date=date(2026, 8, 2),
        vehicles_checked=80,
        vehicles_over_limit=8,
        first_letters=8,
        final_letters=0,
        referrals=0,
    )
    SpeedGroupFactory(name="Dormant CSW", started_on=date(2026, 7, 9), active=False)
    SpeedVolunteerFactory(group=site.group, volunteer__first_name="Val", volunteer__last_name="Speed")
    db.session.commit()
    return site


def test_group_list_detail_and_csv(as_role, db):
    client = as_role(Role.SUPERVISOR)
    site = _groups(db)
    page = client.get("/schemes/speedwatch?year=2026").get_data(as_text=True)
    assert "Writtle CSW" in page and "Boreham CSW" in page and "Inactive" in page
    active = client.get("/schemes/speedwatch?year=2026&active=yes").get_data(as_text=True)
    assert "Dormant CSW" not in active
    detail = client.get(f"/schemes/speedwatch/{site.group_id}").get_data(as_text=True)
    assert "Val Speed" in detail and site.location in detail
    csv = client.get("/schemes/speedwatch/export.csv?year=2026&q=writtle").get_data(as_text=True)
    assert ",1,1,2,300,30,23,5,1" in csv and "Boreham" not in csv
    assert client.get(f"/schemes/speedwatch/{site.group_id}/sessions/new").status_code == 403


def test_figures_per_month_and_year(as_role, db):
    client = as_role(Role.COORDINATOR)
    _groups(db)
    page = client.get("/schemes/speedwatch/figures?year=2026").get_data(as_text=True)
    assert "Community Speed Watch figures, 2026" in page
    csv = client.get("/schemes/speedwatch/figures.csv?year=2026").get_data(as_text=True)
    assert "July 2026,2,300,30,23,5,1,2" in csv  # Boreham and Dormant started in July
    assert "August 2026,1,80,8,8,0,0,0" in csv
    assert "March 2026,0,0,0,0,0,0,1" in csv
    assert "Total 2026,3,380,38,31,5,1,3" in csv
    sessions = client.get("/schemes/speedwatch/sessions.csv?year=2025").get_data(as_text=True)
    assert "2025-07-20" in sessions and "2026-07-14" not in sessions


def test_sessions_refuse_future_and_impossible_counts(as_role, db):
    client = as_role(Role.COORDINATOR)
    site = _groups(db)
    unapproved = SiteFactory(group=site.group, approved_on=None, location="Unapproved Lane")
    db.session.commit()
    url = f"/schemes/speedwatch/{site.group_id}/sessions/new"
    base = {
        "site_id": site.id,
        "session_date": "3 8 2026",
        "start_time": "08:00",
        "end_time": "09:00",
        "vehicles_checked": "120",
        "vehicles_over_limit": "12",
        "first_letters": "10",
        "final_letters": "2",
        "referrals": "1",
    }
    tomorrow = today() + timedelta(days=1)
    for bad, message in [
        ({"session_date": f"{tomorrow:%d %m %Y}"}, "Date of the session must be today or in the past"),
        ({"vehicles_over_limit": "121"}, "Vehicles over the limit cannot be more than vehicles checked"),
        ({"vehicles_checked": "-1"}, "Vehicles checked must be between 0 and 100,000"),
        ({"vehicles_checked": "5000000"}, "Vehicles checked must be between 0 and 100,000"),
        ({"first_letters": "11"}, "First and final letters cannot be more than vehicles over the limit"),
        ({"referrals": "13"}, "Referrals cannot be more than vehicles over the limit"),
        ({"end_time": "07:00"}, "End time must be after the start time"),
        ({"start_time": "8.75am"}, "Start time must be a real time, like 14:30 or 2:30pm"),
        ({"site_id": unapproved.id}, "The site was not approved on that date"),
        ({"site_id": "999999"}, "Choose one of the group"),
    ]:
        response = post_form(client, url, {**base, **bad})
        assert response.status_code == 200, bad
        assert message in response.get_data(as_text=True), bad
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpeedWatchSession)) == 4
    assert post_form(client, url, base).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpeedWatchSession)) == 5
    assert "speed_watch_session_created" in set(db.session.scalars(sa.select(AuditEvent.action)))


def test_create_group_and_site_refusals(as_role, db):
    client = as_role(Role.COORDINATOR)
    parish = f.ParishFactory()
    elsewhere = f.DistrictFactory()
    db.session.commit()
    data = {
        "name": "Galleywood CSW",
        "district_id": parish.district_id,
        "parish_id": parish.id,
        "started_on": "1 5 2026",
        "active": "y",
    }
    wrong = post_form(client, "/schemes/speedwatch/new", {**data, "district_id": elsewhere.id})
    assert "The parish is not in the district chosen" in wrong.get_data(as_text=True)
    assert post_form(client, "/schemes/speedwatch/new", data).status_code == 302
    dup = post_form(client, "/schemes/speedwatch/new", {**data, "name": "galleywood csw"})
    assert "A group called galleywood csw already exists" in dup.get_data(as_text=True)
    group = db.session.scalars(sa.select(SpeedWatchGroup)).one()
    url, form_url = f"/schemes/speedwatch/{group.id}/sites", f"/schemes/speedwatch/{group.id}"
    bad = post_form(client, url, {"location": "Main Road", "speed_limit_mph": "90"}, form_url=form_url)
    assert "Speed limit (mph) must be between 10 and 70" in bad.get_data(as_text=True)
    ok = post_form(
        client, url, {"location": "Main Road", "speed_limit_mph": "30", "approved_on": "2 5 2026"}, form_url=form_url
    )
    assert ok.status_code == 302
    assert db.session.scalar(sa.select(SpeedWatchSite.location)) == "Main Road"
