"""'I did this shift' (issue 15 item 4): from a booked, finished shift a volunteer confirms the duty with its
details filled in, changing only what differs; one duty per sign-up (the database holds it); a CSC's duty
starts in their own parish; a duty older than the approval window is saved with a warning."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.dates import LONDON, local_to_utc, today
from core.models import Role, User
from core.refusals import Refusal
from core.transactions import commit_unit
from scheduling.duties.did_shift import confirm_shift
from scheduling.duties.services import DutyInput, log_duty
from scheduling.models import Duty, DutyStatus, DutyType, Shift, ShiftSignup, SignupStatus
from tests import factories as f
from tests.factories import dated as d
from tests.scheduling.helpers import form_values
from tests.scheduling.test_races import at_once


def _booked(volunteer, days_ago: int = 3, **shift_kw) -> ShiftSignup:
    """The volunteer's confirmed place on a shift that ended ``days_ago`` days ago (18:00 to 22:00 London)."""
    day = today() - timedelta(days=days_ago)
    starts = local_to_utc(day, datetime.min.time().replace(hour=18))
    shift = f.ShiftFactory(starts_at=starts, ends_at=starts + timedelta(hours=4), place="Leigh Broadway", **shift_kw)
    return ShiftSignup(shift=shift, volunteer=volunteer, status=SignupStatus.CONFIRMED)


@pytest.fixture
def volunteer_client(as_role, db):
    return as_role(Role.VOLUNTEER)


def _url(signup) -> str:
    return f"/scheduling/duties/from-signup/{signup.id}"


def _confirm(client, signup):
    page = client.get(_url(signup)).get_data(as_text=True)
    token = re.search(r'name="confirm-csrf_token"[^>]*value="([^"]+)"', page).group(1)
    return client.post(_url(signup), data={"confirm-csrf_token": token, "confirm-submit": "Confirm"})


def _duties(db) -> list[Duty]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Duty).order_by(Duty.id)).all())


def _add(db, signup) -> ShiftSignup:
    db.session.add(signup)
    db.session.commit()
    return signup


def test_a_finished_shift_is_confirmed_in_one_tap_as_booked(volunteer_client, db):
    client = volunteer_client
    district = f.DistrictFactory(name="Southend")
    signup = _add(db, _booked(client.user.volunteer, district=district))
    shifts = client.get("/scheduling/shifts").get_data(as_text=True)
    assert _url(signup) in shifts and "I did this shift" in shifts
    assert _url(signup) in client.get("/scheduling/home/volunteer").get_data(as_text=True)
    page = client.get(_url(signup)).get_data(as_text=True)
    assert "Leigh Broadway" in page and "18:00 to 22:00" in page
    assert "I did this shift: Town centre patrol" in page  # its own title
    assert page.count('id="csrf_token"') <= 1 and 'id="confirm-submit"' in page and page.count('id="submit"') == 1

    response = _confirm(client, signup)
    [duty] = _duties(db)
    assert response.headers["Location"].endswith(f"/scheduling/duties/{duty.id}")
    shift = db.session.get(Shift, signup.shift_id)
    assert (duty.signup_id, duty.shift_id, duty.status) == (signup.id, shift.id, DutyStatus.PENDING)
    assert (duty.starts_at, duty.ends_at, duty.minutes) == (shift.starts_at, shift.ends_at, 240)
    assert (duty.place, duty.district_id, duty.duty_type) == ("Leigh Broadway", district.id, DutyType.PATROL)
    # Confirmed once: the shift leaves the list, and a second tap is refused, not stored twice.
    assert _url(signup) not in client.get("/scheduling/shifts").get_data(as_text=True)
    again = client.get(_url(signup))
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/scheduling/duties/{duty.id}")
    assert len(_duties(db)) == 1


def test_what_differs_is_changed_and_the_rest_kept(volunteer_client, db):
    client = volunteer_client
    signup = _add(db, _booked(client.user.volunteer))
    shown = form_values(client.get(_url(signup)).get_data(as_text=True)).to_dict()
    response = client.post(_url(signup), data={**shown, "place": "Leigh station", "is_esp": "no"})
    assert response.status_code == 302, response.get_data(as_text=True)
    [duty] = _duties(db)
    shift = db.session.get(Shift, signup.shift_id)
    assert duty.place == "Leigh station" and duty.signup_id == signup.id  # what differed
    assert (duty.starts_at, duty.ends_at, duty.duty_type) == (shift.starts_at, shift.ends_at, DutyType.PATROL)


def test_a_change_the_rules_refuse_is_shown_on_the_form(volunteer_client, db):
    client = volunteer_client
    signup = _add(db, _booked(client.user.volunteer))
    shown = form_values(client.get(_url(signup)).get_data(as_text=True)).to_dict()
    response = client.post(_url(signup), data={**shown, "duty_type": ""})
    assert response.status_code == 200 and "Choose the type of duty" in response.get_data(as_text=True)
    assert _duties(db) == []


def test_someone_elses_a_future_or_a_waiting_place_is_refused(volunteer_client, db):
    client = volunteer_client
    other = _add(db, _booked(f.SpecialFactory().volunteer))
    assert client.get(_url(other)).status_code == 404
    future = _add(db, _booked(client.user.volunteer, days_ago=-2))
    response = client.get(_url(future))
    assert response.status_code == 302 and response.headers["Location"].endswith("/scheduling/shifts")
    assert "has not finished yet" in client.get("/scheduling/shifts").get_data(as_text=True)
    waiting = _booked(client.user.volunteer, days_ago=5)
    waiting.status = SignupStatus.WAITING
    _add(db, waiting)
    client.get(_url(waiting))
    assert "only on its waiting list" in client.get("/scheduling/shifts").get_data(as_text=True)
    assert _duties(db) == []


def test_one_duty_per_sign_up_whatever_the_path(volunteer_client, db):
    client = volunteer_client
    signup = _add(db, _booked(client.user.volunteer))
    _confirm(client, signup)
    [duty] = _duties(db)
    # Logging the same shift again through the ordinary form is refused by the rule...
    shift = db.session.get(Shift, signup.shift_id)
    start = shift.starts_at.astimezone(LONDON)
    again = DutyInput(
        volunteer_id=duty.volunteer_id,
        day=start.date() - timedelta(days=1),  # another day: only the sign-up rule refuses it
        start=start.time(),
        end=(start + timedelta(hours=1)).time(),
        duty_type=DutyType.PATROL,
        shift_id=shift.id,
    )
    with pytest.raises(Refusal, match="already logged"):
        commit_unit(lambda: log_duty(again, client.user))
    # ...and underneath by the database's unique index.
    copy = f.DutyFactory(volunteer=client.user.volunteer, duty_date=date(2026, 1, 5), status=DutyStatus.PENDING)
    copy.signup_id = signup.id
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_many_taps_at_once_store_one_duty(app, volunteer_client, db):
    client = volunteer_client
    signup = _add(db, _booked(client.user.volunteer))
    signup_id, user_id = signup.id, client.user.id

    def tap(_n: int) -> int:
        from core.extensions import db

        return commit_unit(
            lambda: confirm_shift(db.session.get(ShiftSignup, signup_id), db.session.get(User, user_id)).id
        )

    outcomes = at_once(app, 4, tap)
    assert sum(isinstance(o, int) for o in outcomes) == 1, outcomes
    assert all(isinstance(o, Refusal) and o.field == "shift_id" for o in outcomes if not isinstance(o, int)), outcomes
    assert len(_duties(db)) == 1


def test_a_cscs_duty_starts_in_their_own_parish(as_role, db):
    parish = f.ParishFactory(name="Leigh-on-Sea")
    post = f.CscPostFactory(agreement=f.CscAgreementFactory(parish=parish))
    csc = d.csc(post, joined=date(2024, 1, 8), csc_since=date(2024, 6, 1))
    client = as_role(Role.VOLUNTEER, volunteer=csc.volunteer)
    page = client.get("/scheduling/duties/new").get_data(as_text=True)
    assert re.search(rf'<option value="{parish.id}"\s+selected', page) or re.search(
        rf'<option selected[^>]*value="{parish.id}"', page
    )
    # A shift that names no parish, in the parish's district: the confirmed duty is in their parish.
    signup = _add(db, _booked(csc.volunteer, district=parish.district))
    _confirm(client, signup)
    [duty] = _duties(db)
    assert duty.parish_id == parish.id
    # Anyone else's form starts with no parish.
    other = as_role(Role.VOLUNTEER).get("/scheduling/duties/new").get_data(as_text=True)
    parish_select = re.search(r'<select[^>]*id="parish_id".*?</select>', other, re.S).group(0)
    assert "selected" not in parish_select.split("</option>", 1)[1]  # only "Not recorded" may be selected


def test_a_duty_older_than_the_approval_window_is_saved_with_a_warning(app, volunteer_client, db):
    client = volunteer_client
    old = _add(db, _booked(client.user.volunteer, days_ago=40))
    assert "more than 28 days ago" in client.get(_url(old)).get_data(as_text=True)
    _confirm(client, old)
    assert len(_duties(db)) == 1
    assert "it is late for approval" in client.get("/scheduling/duties").get_data(as_text=True)
    app.config["APPROVAL_WINDOW_DAYS"] = 60
    recent = _add(db, _booked(client.user.volunteer, days_ago=45))
    assert "late for approval" not in client.get(_url(recent)).get_data(as_text=True)


def test_the_migration_links_duties_to_their_sign_up_where_unambiguous(db):
    from importlib import util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0018_duty_signup.py"
    spec = util.spec_from_file_location("duty_signup_0018", path)
    migration = util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    once, twice = f.SpecialFactory().volunteer, f.SpecialFactory().volunteer
    shift = f.ShiftFactory(starts_at=datetime(2026, 3, 1, 9, tzinfo=UTC))
    linked = [ShiftSignup(shift=shift, volunteer=once), ShiftSignup(shift=shift, volunteer=twice)]
    db.session.add_all(linked)
    db.session.flush()
    single = f.DutyFactory(volunteer=once, shift_id=shift.id, duty_date=date(2026, 3, 1))
    doubled = [f.DutyFactory(volunteer=twice, shift_id=shift.id, duty_date=date(2026, 3, day)) for day in (1, 2)]
    db.session.commit()
    db.session.execute(sa.text(migration.BACKFILL))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Duty, single.id).signup_id == linked[0].id
    assert [db.session.get(Duty, x.id).signup_id for x in doubled] == [None, None]


def test_a_shift_logged_before_duties_recorded_their_sign_up_counts_as_confirmed(volunteer_client, db):
    client = volunteer_client
    signup = _add(db, _booked(client.user.volunteer))
    shift = db.session.get(Shift, signup.shift_id)
    old = f.DutyFactory(volunteer=client.user.volunteer, shift_id=shift.id, duty_date=date(2026, 1, 5))
    db.session.commit()
    assert _url(signup) not in client.get("/scheduling/shifts").get_data(as_text=True)
    response = client.get(_url(signup))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/scheduling/duties/{old.id}")


def test_the_api_names_the_booked_place_a_duty_confirms(volunteer_client, db):
    from api.auth import issue_token

    signup = _add(db, _booked(volunteer_client.user.volunteer))
    _confirm(volunteer_client, signup)
    _token, secret = issue_token(volunteer_client.user, "phone")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    [duty] = volunteer_client.get("/api/v1/duties", headers=headers).get_json()["duties"]
    assert (duty["signup_id"], duty["shift_id"]) == (signup.id, signup.shift_id)
