"""Availability: the weekly pattern, one-off days overriding it, notice, absences hiding people; the pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.dates import LONDON, today
from core.models import Role
from scheduling.availability import services
from scheduling.availability.models import Absence, AbsenceKind, PartOfDay, WeeklySlot
from scheduling.availability.rules import Facts, notice_in_words, notice_length, parts_covered, unavailable_reason
from scheduling.models import Shift
from tests import factories as f
from tests.scheduling.helpers import post_form

TUESDAY = date(2031, 3, 4)  # a Tuesday, in GMT
NOW = datetime(2031, 3, 1, 9, tzinfo=UTC)


def _shift(day: date, start: int, hours: int) -> Shift:
    starts = datetime(day.year, day.month, day.day, start, tzinfo=LONDON).astimezone(UTC)
    return Shift(title="Patrol", starts_at=starts, ends_at=starts + timedelta(hours=hours))


def test_the_rule_pattern_one_off_days_notice_and_absence():
    evening = _shift(TUESDAY, 18, 4)
    late = _shift(TUESDAY, 14, 6)  # afternoon and evening
    tuesday_evenings = Facts(slots={(1, PartOfDay.EVENING)})
    assert parts_covered(evening.starts_at, evening.ends_at) == {TUESDAY: {PartOfDay.EVENING}}
    assert unavailable_reason(evening, tuesday_evenings, NOW) is None
    assert unavailable_reason(late, tuesday_evenings, NOW) == "Not usually available on Tuesday afternoon"
    assert unavailable_reason(evening, Facts(slots={(2, PartOfDay.EVENING)}), NOW) == (
        "Not usually available on Tuesday evening"
    )
    assert unavailable_reason(evening, Facts(), NOW) == "Has not given their availability"
    # a one-off day overrides the pattern either way
    assert unavailable_reason(late, Facts(dates={TUESDAY: True}), NOW) is None
    off = Facts(slots={(1, PartOfDay.EVENING)}, dates={TUESDAY: False})
    assert unavailable_reason(evening, off, NOW) == "Not available on 4 March"
    # an absence hides them whatever they said
    away = Facts(slots={(1, PartOfDay.EVENING)}, dates={TUESDAY: True})
    away.absences.append((TUESDAY - timedelta(days=2), TUESDAY, AbsenceKind.SICKNESS))
    assert unavailable_reason(evening, away, NOW) == "Absent (sickness)"
    # notice: the shift must start at least that long after now
    slow = Facts(slots={(1, PartOfDay.EVENING)}, notice_minutes=5 * 24 * 60)
    assert unavailable_reason(evening, slow, NOW) == "Needs 5 days' notice"
    assert (
        notice_in_words(60) == "1 hour's" and notice_in_words(24 * 60) == "1 day's" and notice_length(90) == "1.5 hours"
    )
    assert unavailable_reason(evening, slow, NOW - timedelta(days=3)) is None
    # overnight: Tuesday evening and Wednesday night both needed
    overnight = _shift(TUESDAY, 22, 4)
    assert unavailable_reason(overnight, tuesday_evenings, NOW) == "Not usually available on Wednesday night"
    assert unavailable_reason(overnight, Facts(slots={(1, PartOfDay.EVENING), (2, PartOfDay.NIGHT)}), NOW) is None


def test_a_volunteer_sets_their_pattern_days_and_absences_on_the_pages(db, as_role):
    client = as_role(Role.VOLUNTEER)
    vid = client.user.volunteer_id
    page = post_form(client, "/scheduling/availability", {"slots": ["1-evening", "5-morning"], "notice": "120"})
    assert page.status_code == 302
    assert services.weekly_pattern(vid) == {(1, PartOfDay.EVENING), (5, PartOfDay.MORNING)}
    assert services.notice_minutes(vid) == 120
    bad = post_form(client, "/scheduling/availability", {"slots": ["9-teatime"], "notice": "120"})
    assert bad.status_code == 400 and "Choose days and parts of the day" in bad.get_data(as_text=True)
    day = today() + timedelta(days=10)
    boxes = {"day-day": str(day.day), "day-month": str(day.month), "day-year": str(day.year), "available": "no"}
    assert post_form(client, "/scheduling/availability/dates/new", boxes).status_code == 302
    wrong = post_form(client, "/scheduling/availability/dates/new", {**boxes, "day-month": "13"})
    assert wrong.status_code == 400 and "Date must be a real date" in wrong.get_data(as_text=True)
    absence = {
        "kind": "sickness",
        "starts_on-day": str(day.day),
        "starts_on-month": str(day.month),
        "starts_on-year": str(day.year),
        "ends_on-day": str(day.day),
        "ends_on-month": str(day.month),
        "ends_on-year": str(day.year - 1),
        "reason": "Operation on my knee",
    }
    backwards = post_form(client, "/scheduling/availability/absences/new", absence)
    assert backwards.status_code == 400 and "The last day must be the same as or after" in backwards.get_data(
        as_text=True
    )
    assert (
        post_form(
            client, "/scheduling/availability/absences/new", {**absence, "ends_on-year": str(day.year)}
        ).status_code
        == 302
    )
    mine = client.get("/scheduling/availability").get_data(as_text=True)
    assert "Operation on my knee" in mine and "Not available" in mine  # they see their own reason


def test_staff_see_the_reason_and_the_day_board_leaves_absent_people_out(db, as_role):
    day = today() + timedelta(days=7)
    free = f.SpecialFactory(volunteer__last_name="Freeman").volunteer
    away = f.SpecialFactory(volunteer__last_name="Awdry").volunteer
    for person in (free, away):
        db.session.add(WeeklySlot(volunteer_id=person.id, weekday=day.weekday(), part=PartOfDay.EVENING))
    db.session.add(
        Absence(volunteer_id=away.id, kind=AbsenceKind.LEAVE, starts_on=day, ends_on=day, reason="Family wedding")
    )
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    board = client.get(f"/scheduling/availability/day?day-day={day.day}&day-month={day.month}&day-year={day.year}")
    text = board.get_data(as_text=True)
    assert board.status_code == 200 and free.last_name in text and away.last_name not in text
    bad = client.get("/scheduling/availability/day?day-day=31&day-month=2&day-year=2031")
    assert bad.status_code == 400 and "Date must be a real date" in bad.get_data(as_text=True)
    page = client.get(f"/scheduling/volunteers/{away.id}/availability").get_data(as_text=True)
    assert "Family wedding" in page and "Leave" in page


def test_a_supervisor_sees_only_their_area_and_volunteers_never_anothers_absence(db, client):
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    ours = f.SpecialFactory(
        volunteer__last_name="Northcott", volunteer__district=f.DistrictFactory(command=north)
    ).volunteer
    theirs = f.SpecialFactory(
        volunteer__last_name="Southwell", volunteer__district=f.DistrictFactory(command=south)
    ).volunteer
    day = today() + timedelta(days=3)
    for person in (ours, theirs):
        db.session.add(WeeklySlot(volunteer_id=person.id, weekday=day.weekday(), part=PartOfDay.MORNING))
    db.session.add(Absence(volunteer_id=theirs.id, kind=AbsenceKind.OTHER, starts_on=day, ends_on=day, reason="Court"))
    supervisor = f.UserFactory(role=Role.SUPERVISOR, command=north)
    volunteer = f.UserFactory(role=Role.VOLUNTEER, volunteer=ours)
    db.session.commit()
    f.sign_in_session(client, supervisor)
    board = client.get(f"/scheduling/availability/day?day-day={day.day}&day-month={day.month}&day-year={day.year}")
    assert ours.last_name in board.get_data(as_text=True) and theirs.last_name not in board.get_data(as_text=True)
    assert client.get(f"/scheduling/volunteers/{theirs.id}/availability").status_code == 404
    db.session.add(Absence(volunteer_id=ours.id, kind=AbsenceKind.SICKNESS, starts_on=day, ends_on=day, reason="Flu"))
    db.session.commit()
    theirs_page = client.get(f"/scheduling/volunteers/{ours.id}/availability")
    assert theirs_page.status_code == 200 and "Sickness" in theirs_page.get_data(as_text=True)
    assert "Flu" not in theirs_page.get_data(as_text=True)  # the reason is the CiP team's, not a supervisor's
    f.sign_in_session(client, volunteer)
    assert client.get(f"/scheduling/volunteers/{theirs.id}/availability").status_code == 403
    assert "Court" not in client.get("/scheduling/availability").get_data(as_text=True)


def test_erasure_deletes_availability_and_absences(db):
    from privacy.erasure import erase_volunteer

    person = f.SpecialFactory().volunteer
    db.session.add_all(
        [
            WeeklySlot(volunteer_id=person.id, weekday=1, part=PartOfDay.EVENING),
            Absence(
                volunteer_id=person.id, kind=AbsenceKind.SICKNESS, starts_on=TUESDAY, ends_on=TUESDAY, reason="Flu"
            ),
        ]
    )
    db.session.commit()
    erase_volunteer(person.id)
    db.session.commit()
    assert services.weekly_pattern(person.id) == set() and services.absences_of(person.id, include_past=True) == []


def test_the_volunteer_is_told_when_the_team_records_or_removes_their_absence_without_the_reason(db, as_role):
    import sqlalchemy as sa

    from notices.models import Notice

    client = as_role(Role.VOLUNTEER)
    vid = client.user.volunteer_id
    day = date(2031, 3, 4)
    services.record_absence(vid, "leave", day, day, "Holiday", client.user.id)  # their own: nobody is told
    assert db.session.scalars(sa.select(Notice.text).where(Notice.volunteer_id == vid)).all() == []
    staff = f.UserFactory(role=Role.COORDINATOR)
    db.session.commit()
    absence = services.record_absence(vid, "sickness", day, day + timedelta(days=2), "Knee operation", staff.id)
    services.remove_absence(vid, absence.id, staff.id)
    told = db.session.scalars(sa.select(Notice.text).where(Notice.volunteer_id == vid).order_by(Notice.id)).all()
    assert told == [
        "The Citizens in Policing team recorded you as away on Tuesday 4 March 2031 to Thursday 6 March 2031: "
        "you will not be sent call-outs for those days. If this is wrong, tell your coordinator.",
        "The Citizens in Policing team removed your absence on Tuesday 4 March 2031 to Thursday 6 March 2031: "
        "you may be sent call-outs for those days again.",
    ]
    assert not any("sick" in text.lower() or "knee" in text.lower() for text in told)
