"""Approvals that scale (issue 15 item 2): the queue is paged with the true total and filtered; a supervisor
approves the ticked duties or the whole page in one action, only in their own area, each duty audited once,
those already decided skipped and reported, even when two supervisors approve the same page at once."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.models import AuditEvent, Role, User
from core.transactions import commit_unit
from scheduling.duties.queue import QueueFilters, queue_page
from scheduling.duties.review import approve_duties
from scheduling.hours import ledger
from scheduling.models import Duty, DutyStatus, DutyType
from tests import factories as f
from tests.factories import csrf_token_from, sign_in_session
from tests.scheduling.test_races import at_once

QUEUE = "/scheduling/duties/approvals"
APPROVE = "/scheduling/duties/approvals/approve"


def _duty(volunteer, day: date, status=DutyStatus.PENDING, **extra) -> Duty:
    start = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    logged = start + timedelta(days=1)  # inside the approval window
    return f.DutyFactory(volunteer=volunteer, duty_date=day, starts_at=start, status=status, created_at=logged, **extra)


@pytest.fixture
def area(db):
    """South's supervisor; five pending South duties (two people, July and August), one approved South duty,
    and one pending North duty."""
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    home, away = f.DistrictFactory(command=south, name="Southend"), f.DistrictFactory(command=north)
    ann = f.SpecialFactory(volunteer__district=home, volunteer__first_name="Ann", volunteer__last_name="Ash").volunteer
    bob = f.SpecialFactory(
        volunteer__district=home, volunteer__first_name="Bob", volunteer__last_name="Birch"
    ).volunteer
    far = f.SpecialFactory(volunteer__district=away, volunteer__last_name="Northcott").volunteer
    pending = [
        _duty(ann, date(2026, 7, 1), district=home),
        _duty(ann, date(2026, 7, 2), duty_type=DutyType.EVENT),
        _duty(bob, date(2026, 7, 3), district=home),
        _duty(bob, date(2026, 8, 4)),
        _duty(ann, date(2026, 8, 5)),
    ]
    decided = _duty(bob, date(2026, 6, 30), status=DutyStatus.APPROVED)
    foreign = _duty(far, date(2026, 7, 1))
    supervisor = f.UserFactory(role=Role.SUPERVISOR, command=south)
    db.session.commit()
    return {
        "supervisor": supervisor,
        "pending": [d.id for d in pending],
        "decided": decided.id,
        "foreign": foreign.id,
        "ann": ann.id,
        "home": home.id,
    }


def _status(db, ids) -> list[DutyStatus]:
    db.session.expire_all()
    return [db.session.get(Duty, i).status for i in ids]


def _approvals_of(db, duty_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            AuditEvent.action == "duty_approved", AuditEvent.object_type == "duty", AuditEvent.object_id == duty_id
        )
    )


def _post(client, url: str, data: dict, queue_url: str = QUEUE):
    page = client.get(queue_url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token_from(page), **data})


def test_the_queue_is_paged_with_the_true_total_oldest_first(app, client, area):
    app.config["PAGE_SIZE"] = 2
    sign_in_session(client, area["supervisor"])
    first = client.get(QUEUE).get_data(as_text=True)
    assert "5 duties wait for approval" in first and "Showing 1 to 2, oldest first" in first
    assert re.findall(r'name="page_duty" value="(\d+)"', first) == [str(i) for i in area["pending"][:2]]
    assert "Duties to approve (page 1 of 3)" in first  # the title names the page
    last = client.get(f"{QUEUE}?page=3").get_data(as_text=True)
    assert re.findall(r'name="page_duty" value="(\d+)"', last) == [str(area["pending"][4])]
    assert "Northcott" not in first + last  # another area's duty is not in the queue


def test_filters_narrow_the_queue_and_its_total(db, area):
    supervisor = db.session.get(User, area["supervisor"].id)

    def ids(**filters) -> tuple[int, list[int]]:
        found = queue_page(supervisor, QueueFilters(**filters), 1, 50)
        return found.total, [d.id for d in found.items]

    p = area["pending"]
    assert ids() == (5, p)
    assert ids(volunteer_id=area["ann"]) == (3, [p[0], p[1], p[4]])
    assert ids(district_id=area["home"]) == (2, [p[0], p[2]])
    assert ids(duty_type=DutyType.EVENT) == (1, [p[1]])
    assert ids(month=date(2026, 8, 1)) == (2, [p[3], p[4]])
    assert QueueFilters.from_args({"month": "2026-13", "type": "nonsense", "volunteer": "x"}) == QueueFilters()


def test_a_selection_is_approved_in_one_action_each_audited(client, db, area):
    sign_in_session(client, area["supervisor"])
    chosen = area["pending"][:2]
    response = _post(client, APPROVE, {"duty": [str(i) for i in chosen], "action": "selected"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/scheduling/duties/approvals?page=1")
    assert _status(db, area["pending"]) == [DutyStatus.APPROVED] * 2 + [DutyStatus.PENDING] * 3
    assert [_approvals_of(db, i) for i in area["pending"]] == [1, 1, 0, 0, 0]
    assert "2 duties approved" in client.get(QUEUE).get_data(as_text=True)


def test_every_duty_the_page_showed_is_approved_and_the_filters_kept(app, client, db, area):
    app.config["PAGE_SIZE"] = 2
    sign_in_session(client, area["supervisor"])
    url = f"{QUEUE}?volunteer={area['ann']}"
    shown = re.findall(r'name="page_duty" value="(\d+)"', client.get(url).get_data(as_text=True))
    response = _post(client, f"{APPROVE}?volunteer={area['ann']}&page=1", {"page_duty": shown, "action": "page"}, url)
    assert response.headers["Location"].endswith(f"?volunteer={area['ann']}&page=1")
    p = area["pending"]
    assert shown == [str(p[0]), str(p[1])]
    assert _status(db, p) == [DutyStatus.APPROVED, DutyStatus.APPROVED] + [DutyStatus.PENDING] * 3


def test_another_areas_duty_and_decided_ones_are_skipped_and_reported(client, db, area):
    sign_in_session(client, area["supervisor"])
    asked = [area["pending"][0], area["decided"], area["foreign"]]
    _post(client, APPROVE, {"duty": [str(i) for i in asked], "action": "selected"})
    assert _status(db, asked) == [DutyStatus.APPROVED, DutyStatus.APPROVED, DutyStatus.PENDING]
    assert [_approvals_of(db, i) for i in asked] == [1, 0, 0]
    page = client.get(QUEUE).get_data(as_text=True)
    assert "1 duty approved" in page
    assert "Not approved: Bob Birch&#39;s duty on 30 June 2026: already approved; 1 no longer in your queue" in page


def test_approving_nothing_names_the_field(client, db, area):
    sign_in_session(client, area["supervisor"])
    response = _post(client, APPROVE, {"action": "selected"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'href="#duty"' in html and "Choose at least one duty to approve" in html and 'id="duty"' in html
    assert _status(db, area["pending"]) == [DutyStatus.PENDING] * 5


def test_a_volunteer_cannot_approve_in_bulk(app, as_role, db, area):
    app.config["WTF_CSRF_ENABLED"] = False
    client = as_role(Role.VOLUNTEER)
    assert client.post(APPROVE, data={"duty": [str(area["pending"][0])], "action": "selected"}).status_code == 403
    assert _status(db, area["pending"][:1]) == [DutyStatus.PENDING]


def test_rejecting_still_needs_a_reason(client, db, area):
    sign_in_session(client, area["supervisor"])
    duty_id = area["pending"][0]
    page = client.get(f"/scheduling/duties/{duty_id}").get_data(as_text=True)
    client.post(
        f"/scheduling/duties/{duty_id}/reject", data={"reject-csrf_token": csrf_token_from(page), "reject-reason": ""}
    )
    assert _status(db, [duty_id]) == [DutyStatus.PENDING]
    # The duty page's two forms have their own ids (the approve form's, and the reject form's with a prefix).
    assert page.count('id="csrf_token"') <= 1 and page.count('id="submit"') == 1 and 'id="reject-submit"' in page


def test_two_supervisors_approving_the_same_page_at_once_approve_each_duty_once(app, db, area):
    other = f.UserFactory(role=Role.SUPERVISOR, command=area["supervisor"].command)
    db.session.commit()
    ids, users = area["pending"], [area["supervisor"].id, other.id]

    def approve(n: int) -> int:
        from core.extensions import db

        return len(commit_unit(lambda: approve_duties(ids, db.session.get(User, users[n]))).approved)

    outcomes = at_once(app, 2, approve)
    assert sorted(outcomes) == [0, 5], outcomes  # one approved all five, the other found them decided
    assert _status(db, ids) == [DutyStatus.APPROVED] * 5
    assert [_approvals_of(db, i) for i in ids] == [1] * 5
    assert ledger.differences(db.session) == []  # the hours ledger counts each approved duty once


def test_a_supervisor_never_approves_their_own_duty(db, area):
    supervisor = db.session.get(User, area["supervisor"].id)
    supervisor.volunteer_id = area["ann"]
    db.session.commit()
    result = commit_unit(lambda: approve_duties(area["pending"][:3], supervisor))
    assert [d.id for d in result.approved] == [area["pending"][2]]
    assert [why for _d, why in result.skipped] == ["you may not approve your own duty"] * 2


def test_the_late_mark_follows_the_approval_window(app, client, db, area):
    duty = db.session.get(Duty, area["pending"][0])
    duty.created_at = datetime(2026, 7, 1, 9, tzinfo=UTC) + timedelta(days=40)
    db.session.commit()
    sign_in_session(client, area["supervisor"])
    assert client.get(QUEUE).get_data(as_text=True).count("Logged late") == 1
    app.config["APPROVAL_WINDOW_DAYS"] = 60
    assert "Logged late" not in client.get(QUEUE).get_data(as_text=True)
