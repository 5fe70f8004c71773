"""Watch schemes: growth since any date, member counts, the interest pipeline, messages, refusals."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.models import AuditEvent, Role
from schemes.models import InterestStage, WatchInterest, WatchMemberSnapshot, WatchScheme, WatchSchemeType
from tests.factories import (
    InterestFactory,
    MessageFactory,
    SnapshotFactory,
    WatchSchemeFactory,
    WatchTypeFactory,
)
from tests.schemes.helpers import post_form


def _dog_watch(db):
    dog = WatchSchemeFactory(name="Dog Watch", scheme_type=WatchTypeFactory(name="Dog"))
    SnapshotFactory(scheme=dog, recorded_on=date(2026, 6, 1), members=2_985)
    SnapshotFactory(scheme=dog, recorded_on=date(2026, 9, 1), members=3_108)
    farm = WatchSchemeFactory(name="Farm and Rural Watch", scheme_type=WatchTypeFactory(name="Farm and Rural"))
    SnapshotFactory(scheme=farm, recorded_on=date(2026, 5, 20), members=767)
    SnapshotFactory(scheme=farm, recorded_on=date(2026, 10, 1), members=772)
    horse = WatchSchemeFactory(name="Horse Watch", scheme_type=WatchTypeFactory(name="Horse"))
    for n in range(3):
        InterestFactory(scheme_id=horse.id, name=f"Rider {n}", stage=InterestStage.AWAITING_VISIT)
    InterestFactory(scheme_id=horse.id, name="Rider done", stage=InterestStage.APPROVED)
    MessageFactory(scheme_id=dog.id, sent_on=date(2026, 8, 1))
    db.session.commit()
    return dog, farm, horse


def test_growth_since_any_date(as_role, db):
    client = as_role(Role.SUPERVISOR)
    _dog_watch(db)
    page = client.get("/schemes/watch?since=2026-06-01").get_data(as_text=True)
    assert "Dog Watch" in page and "3,108" in page and "+123" in page  # Dog Watch +123 since June
    assert "+5" in page  # Farm and Rural Watch 772 (+5)
    assert "No earlier count" in page  # Horse Watch has no counts
    early = client.get("/schemes/watch?since=2026-01-01").get_data(as_text=True)
    assert "+123" not in early
    only_dog = client.get("/schemes/watch?q=dog&since=2026-06-01").get_data(as_text=True)
    assert "Farm and Rural Watch" not in only_dog
    csv = client.get("/schemes/watch/export.csv?since=2026-06-01").get_data(as_text=True)
    assert "Dog Watch,Dog,,EWLO Smith,None,3108,2026-09-01,2985,123,0,1" in csv
    assert client.get("/schemes/watch/new").status_code == 403


def test_interest_pipeline(as_role, db):
    client = as_role(Role.COORDINATOR)
    _dog, _farm, horse = _dog_watch(db)
    page = client.get("/schemes/watch/interests?stage=awaiting_visit").get_data(as_text=True)
    assert "3 expressions of interest" in page and "Rider done" not in page
    detail = client.get(f"/schemes/watch/{horse.id}").get_data(as_text=True)
    assert "Rider 0: Awaiting visit" in detail
    interest = db.session.scalars(sa.select(WatchInterest).where(WatchInterest.name == "Rider 0")).one()
    moved = post_form(
        client,
        f"/schemes/watch/interests/{interest.id}/edit",
        {"name": "Rider 0", "received_on": "1 8 2026", "stage": "approved"},
    )
    assert moved.status_code == 302
    db.session.expire_all()
    assert db.session.get(WatchInterest, interest.id).stage == InterestStage.APPROVED
    new = post_form(
        client,
        f"/schemes/watch/{horse.id}/interests/new",
        {"name": "New Rider", "received_on": "2 8 2026", "stage": "received"},
    )
    assert new.status_code == 302
    csv = client.get(f"/schemes/watch/interests.csv?scheme={horse.id}").get_data(as_text=True)
    assert "Horse Watch,New Rider,,2026-08-02,Received" in csv


def test_create_scheme_counts_and_messages_with_refusals(as_role, db):
    client = as_role(Role.COORDINATOR)
    assert post_form(client, "/schemes/watch/types", {"name": "Marine"}).status_code == 302
    again = post_form(client, "/schemes/watch/types", {"name": "marine"})
    assert "A scheme type called marine already exists" in again.get_data(as_text=True)
    marine = db.session.scalars(sa.select(WatchSchemeType)).one()
    data = {"name": "Marine Watch", "type_id": marine.id, "terms_of_reference": "agreed", "liaison_officer": "PC Sea"}
    assert post_form(client, "/schemes/watch/new", data).status_code == 302
    dup = post_form(client, "/schemes/watch/new", {**data, "name": "MARINE WATCH"})
    assert "A scheme called MARINE WATCH already exists" in dup.get_data(as_text=True)
    scheme = db.session.scalars(sa.select(WatchScheme)).one()
    url, form_url = f"/schemes/watch/{scheme.id}/snapshots", f"/schemes/watch/{scheme.id}"
    for bad, message in [
        ({"members": "-4"}, "Members must be between 0 and 10,000,000"),
        ({"members": "99999999999"}, "Members must be between 0 and 10,000,000"),
        ({"members": "many"}, "Members must be a whole number"),
        ({"recorded_on": f"1 1 {date.today().year + 1}"}, "Date of the count must be today or in the past"),
    ]:
        response = post_form(client, url, {"recorded_on": "1 6 2026", "members": "120", **bad}, form_url=form_url)
        assert message in response.get_data(as_text=True), bad
    assert post_form(client, url, {"recorded_on": "1 6 2026", "members": "120"}, form_url=form_url).status_code == 302
    twice = post_form(client, url, {"recorded_on": "1 6 2026", "members": "121"}, form_url=form_url)
    assert "A member count for 1 June 2026 is already recorded" in twice.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WatchMemberSnapshot)) == 1
    msg_url = f"/schemes/watch/{scheme.id}/messages"
    bad = post_form(client, msg_url, {"sent_on": "1 6 2026", "subject": "Tides", "recipients": "-1"}, form_url=form_url)
    assert "Recipients must be between 0 and 10,000,000" in bad.get_data(as_text=True)
    ok = post_form(client, msg_url, {"sent_on": "1 6 2026", "subject": "Tides", "recipients": "120"}, form_url=form_url)
    assert ok.status_code == 302
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"watch_type_created", "watch_scheme_created", "watch_members_recorded", "watch_message_recorded"} <= actions
