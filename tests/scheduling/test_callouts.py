"""Call-outs: who can be called (fill a gap's order, available, in area), the one-tap link, text replies, races."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.dates import LONDON, now_utc
from core.models import Role
from core.refusals import Refusal
from core.transactions import commit_unit
from notices.models import Notice
from scheduling.availability.models import Absence, AbsenceKind, PartOfDay, WeeklySlot
from scheduling.callouts import answers, services
from scheduling.callouts.models import Answer, Callout, CalloutInvite
from scheduling.callouts.people import available_people, people_out
from scheduling.models import DutyStatus, Shift, ShiftSignup, SignupStatus
from scheduling.rosters import gaps
from scheduling.rosters.signups import withdraw
from tests import factories as f
from tests.factories.accounts import csrf_token_from
from tests.scheduling.test_races import at_once

TOKEN = "n" * 40


def _always_available(*volunteers) -> None:
    from core.extensions import db

    for person in volunteers:
        db.session.add_all(WeeklySlot(volunteer_id=person.id, weekday=d, part=p) for d in range(7) for p in PartOfDay)
    db.session.flush()


def _links(callout: Callout) -> dict[int, str]:
    """Each person's one-tap link secret, read from the notice they were sent."""
    from core.extensions import db

    rows = db.session.execute(
        sa.select(Notice.volunteer_id, Notice.link).where(Notice.link.like("/scheduling/callouts/answer/%"))
    )
    return {vid: link.rsplit("/", 1)[1] for vid, link in rows}


def _world(db, places: int = 1, people: int = 3):
    district = f.DistrictFactory()
    shift = f.ShiftFactory(places=places, district=district)
    volunteers = [f.SpecialFactory(volunteer__district=district).volunteer for _ in range(people)]
    _always_available(*volunteers)
    coordinator = f.UserFactory(role=Role.COORDINATOR)
    db.session.commit()
    return shift, volunteers, coordinator


def test_the_people_called_are_fill_a_gaps_people_in_its_order_less_the_unavailable(db):
    shift, volunteers, coordinator = _world(db, people=6)
    a, b, c, d, e, g = volunteers
    for person, hours in ((a, 10), (b, 2), (c, 6)):  # approved hours this month rank them (fewest first)
        f.DutyFactory(
            volunteer=person,
            duty_date=shift.starts_at.date().replace(day=1),
            minutes=hours * 60,
            status=DutyStatus.APPROVED,
        )
    db.session.add(
        Absence(
            volunteer_id=d.id,
            kind=AbsenceKind.LEAVE,
            starts_on=shift.starts_at.date() - timedelta(days=1),
            ends_on=shift.starts_at.date() + timedelta(days=1),
            reason="Holiday in Wales",
        )
    )
    db.session.execute(sa.delete(WeeklySlot).where(WeeklySlot.volunteer_id.in_([e.id, g.id])))
    other_day = (shift.starts_at.astimezone(LONDON).weekday() + 1) % 7
    db.session.add(WeeklySlot(volunteer_id=g.id, weekday=other_day, part=PartOfDay.EVENING))
    db.session.commit()
    now = now_utc()
    ranked = [p.volunteer_id for p in gaps.gap_candidates(shift, shown=gaps.POOL)]
    called = [p.volunteer_id for p in available_people(shift, coordinator, now)]
    assert called == [vid for vid in ranked if vid not in (d.id, e.id, g.id)] and len(called) == 3
    reasons = {p.volunteer_id: p.reason for p in people_out(shift, coordinator, now)}
    assert reasons[d.id] == "Absent (leave)" and reasons[e.id] == "Has not given their availability"
    assert reasons[g.id].startswith("Not usually available on ")
    assert "Holiday" not in str(reasons)  # the reason of an absence stays on the person's record


def test_a_supervisor_calls_out_only_in_their_area(db, client):
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    home, away = f.DistrictFactory(command=north), f.DistrictFactory(command=south)
    ours, theirs = (
        f.SpecialFactory(volunteer__district=home, volunteer__last_name="Northcott").volunteer,
        f.SpecialFactory(volunteer__district=away, volunteer__last_name="Southwell").volunteer,
    )
    _always_available(ours, theirs)
    north_shift, south_shift = f.ShiftFactory(district=home), f.ShiftFactory(district=away)
    supervisor = f.UserFactory(role=Role.SUPERVISOR, command=north)
    db.session.commit()
    f.sign_in_session(client, supervisor)
    page = client.get(f"/scheduling/callouts/shifts/{north_shift.id}").get_data(as_text=True)
    assert ours.last_name in page and theirs.last_name not in page
    assert client.get(f"/scheduling/callouts/shifts/{south_shift.id}").status_code == 404
    token = csrf_token_from(page)
    assert (
        client.post(
            f"/scheduling/callouts/shifts/{south_shift.id}", data={"csrf_token": token, "to": "all"}
        ).status_code
        == 404
    )
    refused = client.post(
        f"/scheduling/callouts/shifts/{north_shift.id}",
        data={"csrf_token": token, "to": "ticked", "volunteer_ids": [str(theirs.id)]},
    )
    assert refused.status_code == 400 and "can no longer be called" in refused.get_data(as_text=True)
    sent = client.post(f"/scheduling/callouts/shifts/{north_shift.id}", data={"csrf_token": token, "to": "all"})
    assert sent.status_code == 302
    invited = db.session.scalars(sa.select(CalloutInvite.volunteer_id)).all()
    assert invited == [ours.id]
    assert (
        db.session.scalar(sa.select(Notice.volunteer_id).where(Notice.link.like("/scheduling/callouts/answer/%")))
        == ours.id
    )


def test_the_one_tap_link_books_once_then_the_waiting_list_and_refuses_the_rest(db, client):
    shift, (first, second, third), coordinator = _world(db, places=1)
    callout = services.send_callout(shift, coordinator, None)
    db.session.commit()
    links = _links(callout)
    assert set(links) == {first.id, second.id, third.id}
    url = f"/scheduling/callouts/answer/{links[first.id]}"
    confirm = client.get(url)  # a mail scanner's fetch must not book
    assert confirm.status_code == 200 and "Book me on this shift" in confirm.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShiftSignup)) == 0
    token = csrf_token_from(confirm.get_data(as_text=True))
    assert client.post(url, data={"csrf_token": token}).status_code == 400  # no button pressed: nothing booked
    booked = client.post(url, data={"csrf_token": token, "answer": "accept"})
    assert booked.status_code == 200 and "You are booked" in booked.get_data(as_text=True)
    again = client.post(url, data={"csrf_token": token, "answer": "accept"})
    assert again.status_code == 410 and "already answered" in again.get_data(as_text=True)
    full = client.post(
        f"/scheduling/callouts/answer/{links[second.id]}", data={"csrf_token": token, "answer": "accept"}
    )
    assert "You are on the waiting list" in full.get_data(as_text=True)
    tampered = client.get(f"/scheduling/callouts/answer/{links[third.id][:-2]}xx")
    assert tampered.status_code == 404 and "not valid" in tampered.get_data(as_text=True)
    f.sign_in_session(client, f.UserFactory(role=Role.VOLUNTEER, volunteer=first))
    db.session.commit()
    someone_else = client.get(f"/scheduling/callouts/answer/{links[third.id]}")
    assert someone_else.status_code == 403 and "sent to someone else" in someone_else.get_data(as_text=True)
    with client.session_transaction() as session:
        session.clear()  # signed out again
    db.session.execute(sa.update(Shift).values(signup_deadline=now_utc() - timedelta(minutes=1)))
    db.session.commit()
    expired = client.get(f"/scheduling/callouts/answer/{links[third.id]}")
    assert expired.status_code == 410 and "has closed" in expired.get_data(as_text=True)
    statuses = Counter(db.session.scalars(sa.select(ShiftSignup.status)))
    assert statuses == {SignupStatus.CONFIRMED: 1, SignupStatus.WAITING: 1}
    answers_ = dict(db.session.execute(sa.select(CalloutInvite.volunteer_id, CalloutInvite.answer)).all())
    assert answers_ == {first.id: Answer.ACCEPTED, second.id: Answer.WAITING, third.id: Answer.ASKED}
    f.sign_in_session(client, coordinator)
    board = client.get(f"/scheduling/callouts/{callout.id}").get_data(as_text=True)
    assert "Accepted" in board and "Did not answer" in board
    data = client.get(f"/scheduling/callouts/{callout.id}/answers.json").get_json()
    assert sorted(r["status"] for r in data["rows"]) == ["Accepted", "Accepted: on the waiting list", "Did not answer"]
    # the first withdraws: the second moves up off the waiting list, and the table says so
    commit_unit(lambda: withdraw(shift.id, first.id))
    data = client.get(f"/scheduling/callouts/{callout.id}/answers.json").get_json()
    assert sorted(r["status"] for r in data["rows"]) == ["Accepted", "Accepted, then withdrew", "Did not answer"]


def test_declining_by_link_and_a_refused_booking_leaves_the_link_unspent(db, client):
    shift, (first, second), coordinator = _world(db, places=2, people=2)
    callout = services.send_callout(shift, coordinator, [first.id, second.id])
    db.session.commit()
    links = _links(callout)
    page = client.get(f"/scheduling/callouts/answer/{links[first.id]}?answer=decline")  # the decline link
    html = page.get_data(as_text=True)
    assert "I cannot do this shift</button>" in html and "Book me on this shift</button>" not in html
    token = csrf_token_from(html)
    declined = client.post(
        f"/scheduling/callouts/answer/{links[first.id]}", data={"csrf_token": token, "answer": "decline"}
    )
    assert "Thank you for letting us know" in declined.get_data(as_text=True)
    clash = f.ShiftFactory(starts_at=shift.starts_at, ends_at=shift.ends_at)
    db.session.add(ShiftSignup(shift=clash, volunteer_id=second.id))
    db.session.commit()
    refused = client.post(
        f"/scheduling/callouts/answer/{links[second.id]}", data={"csrf_token": token, "answer": "accept"}
    )
    assert refused.status_code == 409 and "clashes" in refused.get_data(as_text=True)
    assert (
        db.session.scalar(sa.select(CalloutInvite.answered_at).where(CalloutInvite.volunteer_id == second.id)) is None
    )
    with pytest.raises(Refusal, match="no free places"):
        full = f.ShiftFactory(places=1)
        db.session.add(ShiftSignup(shift=full, volunteer_id=first.id))
        services.send_callout(full, coordinator, None)


def _text(client, message: str, number: str, token: str = TOKEN):
    body = {
        "id": "abc",
        "source_number": number,
        "destination_number": "07700900000",
        "message": message,
        "date_received": "2031-03-04T18:01:00.000000Z",
    }
    return client.post("/scheduling/callouts/inbound-text", json=body, headers={"Authorization": f"Bearer {token}"})


def test_a_text_reply_yes_books_matched_by_code_and_number(app, db, client):
    app.config["NOTIFY_INBOUND_TOKEN"] = TOKEN
    shift, (first, second), coordinator = _world(db, places=1, people=2)
    first.phone, second.phone = "07700 900123", "07700 900456"
    callout = services.send_callout(shift, coordinator, None)
    db.session.commit()
    codes = dict(db.session.execute(sa.select(CalloutInvite.volunteer_id, CalloutInvite.code)).all())
    assert _text(client, f"YES {codes[first.id]}", "447700900123", token="wrong" * 8).status_code == 401
    assert client.post("/scheduling/callouts/inbound-text", json={"message": "YES"}).status_code == 401
    assert _text(client, "YES ZZZZZZ", "447700900123").get_json()["result"] == "unknown_code"
    assert _text(client, f"YES {codes[first.id]}", "447700900456").get_json()["result"] == "unknown_code"  # not theirs
    assert _text(client, "Sorry who is this?", "447700900123").get_json()["result"] == "not_understood"
    assert _text(client, f"yes {codes[first.id].lower()}", "+44 7700 900123").get_json()["result"] == "accepted"
    assert _text(client, f"YES {codes[first.id]}", "447700900123").get_json()["result"] == "unknown_code"  # spent
    assert _text(client, f"NO {codes[second.id]}", "447700900456").get_json()["result"] == "declined"
    assert db.session.scalar(sa.select(ShiftSignup.volunteer_id).where(ShiftSignup.shift_id == shift.id)) == first.id
    told = db.session.scalars(
        sa.select(Notice.text).where(Notice.volunteer_id == first.id, Notice.link == f"/scheduling/shifts/{shift.id}")
    )
    assert any("You are booked" in t for t in told)
    assert callout.id


def test_two_accepts_racing_for_the_last_place_book_one_and_wait_one(app, db):
    shift, (first, second), coordinator = _world(db, places=1, people=2)
    callout = services.send_callout(shift, coordinator, None)
    db.session.commit()
    links = _links(callout)
    secrets = [links[first.id], links[second.id]]

    def accept(n: int) -> str:
        return commit_unit(lambda: answers.answer_by_link(secrets[n], True, None, now_utc())[1].value)

    outcomes = at_once(app, 2, accept)
    assert Counter(outcomes) == {"accepted": 1, "waiting": 1}, outcomes
    held = Counter(db.session.scalars(sa.select(ShiftSignup.status).where(ShiftSignup.shift_id == shift.id)))
    assert held == {SignupStatus.CONFIRMED: 1, SignupStatus.WAITING: 1}
    # the same link tapped twice at once answers once
    shift2, (third,), _ = _world(db, places=1, people=1)
    callout2 = services.send_callout(shift2, coordinator, None)
    db.session.commit()
    secret = _links(callout2)[third.id]
    twice = at_once(
        app, 2, lambda n: commit_unit(lambda: answers.answer_by_link(secret, True, None, now_utc())[1].value)
    )
    assert sorted(getattr(o, "field", o) for o in twice) == ["accepted", answers.USED]


def test_with_email_on_each_person_is_emailed_their_own_link_and_code(app, db):
    from notices.outbox.models import Channel, OutboxMessage

    app.config.update(MAIL_SERVER="127.0.0.1", BASE_URL="https://cip.example.org")
    shift, (first, second), coordinator = _world(db, places=1, people=2)
    first.email, second.email = "first@example.org", "second@example.org"
    callout = services.send_callout(shift, coordinator, None)
    db.session.commit()
    links, codes = (
        _links(callout),
        dict(db.session.execute(sa.select(CalloutInvite.volunteer_id, CalloutInvite.code)).all()),
    )
    mails = {m.address: m for m in db.session.scalars(sa.select(OutboxMessage))}
    assert set(mails) == {"first@example.org", "second@example.org"}
    for person in (first, second):
        mail = mails[person.email]
        assert mail.channel is Channel.EMAIL and mail.kind == "callout" and mail.subject.startswith("Call-out: ")
        assert f"https://cip.example.org/scheduling/callouts/answer/{links[person.id]}" in mail.body
        assert f"YES {codes[person.id]}" in mail.body


def test_sending_to_all_again_leaves_out_those_already_asked(db):
    shift, (first, second, third), coordinator = _world(db, places=2)
    services.send_callout(shift, coordinator, [first.id])
    db.session.commit()
    again = services.send_callout(shift, coordinator, None)
    db.session.commit()
    assert sorted(i.volunteer_id for i in again.invites) == sorted([second.id, third.id])
    with pytest.raises(Refusal, match="Everyone available has been asked already"):
        services.send_callout(shift, coordinator, None)


def test_the_call_out_page_of_a_full_or_closed_shift_offers_nobody(db, client):
    shift, (first,), coordinator = _world(db, places=1, people=1)
    db.session.add(ShiftSignup(shift=shift, volunteer_id=first.id))
    closed = f.ShiftFactory(signup_deadline=now_utc() - timedelta(hours=1))
    db.session.commit()
    f.sign_in_session(client, coordinator)
    assert "Every place is taken" in client.get(f"/scheduling/callouts/shifts/{shift.id}").get_data(as_text=True)
    assert "Sign-up for this shift has closed" in client.get(f"/scheduling/callouts/shifts/{closed.id}").get_data(
        as_text=True
    )
