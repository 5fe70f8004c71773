"""The calendar feed as calendars read it: stable UIDs, SEQUENCE and LAST-MODIFIED that move on every
change, cancelled places kept as CANCELLED, and lines folded at 75 octets (RFC 5545)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduling.rosters import changes, ical
from scheduling.rosters import services as rosters
from tests import factories as f


def _events(text: str) -> dict[str, dict[str, str]]:
    """The feed's events by UID, each a dict of its properties (lines unfolded first)."""
    unfolded = text.replace("\r\n ", "")
    events, current = {}, None
    for line in unfolded.split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events[current["UID"]] = current
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return events


def _shift(**kw):
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)
    return f.ShiftFactory(starts_at=start, ends_at=start + timedelta(hours=4), **kw)


def test_a_changed_then_cancelled_shift_updates_the_same_event(db):
    volunteer = f.SpecialFactory().volunteer
    shift = _shift(places=2)
    rosters.sign_up(shift.id, volunteer)
    db.session.commit()
    uid = ical.event_uid(shift.id, volunteer.id)
    first = _events(ical.feed_text(volunteer.id))[uid]
    assert first["STATUS"] == "CONFIRMED" and first["SEQUENCE"] == "0"
    assert first["LAST-MODIFIED"] == first["DTSTAMP"]

    shift.starts_at += timedelta(hours=1)
    shift.ends_at += timedelta(hours=1)
    db.session.commit()
    moved = _events(ical.feed_text(volunteer.id))[uid]
    assert int(moved["SEQUENCE"]) > int(first["SEQUENCE"])
    assert moved["LAST-MODIFIED"] >= first["LAST-MODIFIED"] and moved["DTSTART"] != first["DTSTART"]

    changes.cancel_shift(shift.id, "Event called off by the organisers")
    db.session.commit()
    cancelled = _events(ical.feed_text(volunteer.id))[uid]
    assert cancelled["STATUS"] == "CANCELLED" and int(cancelled["SEQUENCE"]) > int(moved["SEQUENCE"])


def test_a_place_given_up_stays_as_cancelled_and_a_promotion_moves_the_sequence(db):
    first, second = f.SpecialFactory().volunteer, f.SpecialFactory().volunteer
    shift = _shift(places=1)
    rosters.sign_up(shift.id, first)
    rosters.sign_up(shift.id, second)
    db.session.commit()
    waiting = _events(ical.feed_text(second.id))[ical.event_uid(shift.id, second.id)]
    assert waiting["STATUS"] == "TENTATIVE" and "waiting list" in waiting["SUMMARY"]

    rosters.withdraw(shift.id, first.id)
    db.session.commit()
    gone = _events(ical.feed_text(first.id))[ical.event_uid(shift.id, first.id)]
    promoted = _events(ical.feed_text(second.id))[ical.event_uid(shift.id, second.id)]
    assert gone["STATUS"] == "CANCELLED" and int(gone["SEQUENCE"]) > 0
    assert promoted["STATUS"] == "CONFIRMED" and int(promoted["SEQUENCE"]) > int(waiting["SEQUENCE"])


def test_uids_do_not_depend_on_the_address_the_feed_is_read_from(app, db):
    volunteer = f.SpecialFactory().volunteer
    shift = _shift()
    rosters.sign_up(shift.id, volunteer)
    token = ical.issue_feed(volunteer.id)
    db.session.commit()
    bodies = []
    for base in ("http://cip.example.police.uk", "http://10.0.0.5:8000"):
        with app.test_client() as anonymous:
            response = anonymous.get(f"/scheduling/calendar/{token}.ics", base_url=base)
            assert response.status_code == 200
            bodies.append(response.get_data(as_text=True))
    assert bodies[0] == bodies[1]
    assert list(_events(bodies[0])) == [f"cip-shift-{shift.id}-volunteer-{volunteer.id}@citizens-in-policing"]


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character(db):
    volunteer = f.SpecialFactory().volunteer
    notes = "Meet at the Siân ap Rhŵs hall; bring hi-vis, torch, notebook. " * 6 + "Łódź ✓ " * 20
    shift = _shift(title="Carnival patrol with a very long title that runs past seventy-five octets", notes=notes)
    rosters.sign_up(shift.id, volunteer)
    db.session.commit()
    text = ical.feed_text(volunteer.id)
    lines = text.split("\r\n")
    assert max(len(line.encode()) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)
    event = _events(text)[ical.event_uid(shift.id, volunteer.id)]
    assert event["DESCRIPTION"] == notes.replace(";", "\\;").replace(",", "\\,")
