"""Duty screens for each role: log, list, approve, reject, edit and CSV import."""

from __future__ import annotations

import io

import sqlalchemy as sa
from markupsafe import escape

from core.models import Role
from scheduling.models import Duty, DutyStatus
from tests import factories as f
from tests.factories import csrf_token_from, follow_job
from tests.scheduling.helpers import past_day, post_form


def _duty_form(day, **extra):
    return {"day": day.isoformat(), "start": "18:00", "end": "22:30", "duty_type": "patrol", "is_esp": "no", **extra}


def test_volunteer_logs_a_duty_through_the_form(as_role, db):
    client = as_role(Role.VOLUNTEER)
    response = post_form(client, "/scheduling/duties/new", _duty_form(past_day()), follow_redirects=True)
    assert response.status_code == 200
    assert "a supervisor will approve it" in response.get_data(as_text=True)
    duty = db.session.scalars(sa.select(Duty)).one()
    assert duty.minutes == 270 and duty.volunteer_id == client.user.volunteer_id


def test_refused_duty_shows_the_reason_and_saves_nothing(as_role, db):
    client = as_role(Role.VOLUNTEER)
    response = post_form(client, "/scheduling/duties/new", _duty_form(past_day(), start="22:00", end="18:00"))
    assert response.status_code == 200
    assert "The duty must end after it starts" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Duty)) == 0


def test_missing_fields_named(as_role):
    client = as_role(Role.VOLUNTEER)
    response = post_form(client, "/scheduling/duties/new", {"day": "", "start": "", "end": "", "duty_type": ""})
    body = response.get_data(as_text=True)
    assert "Enter the date the duty started" in body and "Choose the type of duty" in body


def test_volunteer_sees_only_own_duties(as_role, db):
    client = as_role(Role.VOLUNTEER)
    mine = f.DutyFactory(volunteer=client.user.volunteer)
    other = f.DutyFactory()
    db.session.commit()
    assert client.get("/scheduling/duties").status_code == 200
    assert client.get(f"/scheduling/duties/{mine.id}").status_code == 200
    assert client.get(f"/scheduling/duties/{other.id}").status_code == 404
    assert client.get(f"/scheduling/duties/{other.id}/edit").status_code == 404


def test_supervisor_approves_and_rejects(as_role, db):
    client = as_role(Role.SUPERVISOR)
    one = f.DutyFactory(status=DutyStatus.PENDING)
    two = f.DutyFactory(status=DutyStatus.PENDING)
    db.session.commit()
    page = client.get("/scheduling/duties/approvals").get_data(as_text=True)
    assert str(escape(one.volunteer.full_name)) in page
    post_form(client, f"/scheduling/duties/{one.id}/approve", {}, get_url=f"/scheduling/duties/{one.id}")
    token = csrf_token_from(client.get(f"/scheduling/duties/{two.id}").get_data(as_text=True))
    client.post(
        f"/scheduling/duties/{two.id}/reject", data={"reject-csrf_token": token, "reject-reason": "Not rostered"}
    )
    db.session.expire_all()
    assert db.session.get(Duty, one.id).status == DutyStatus.APPROVED
    assert db.session.get(Duty, two.id).rejection_reason == "Not rostered"
    history = client.get(f"/scheduling/duties/{two.id}").get_data(as_text=True)
    assert "rejected" in history and "Not rostered" in history


def test_volunteer_cannot_approve(app, as_role, db):
    app.config["WTF_CSRF_ENABLED"] = False
    client = as_role(Role.VOLUNTEER)
    duty = f.DutyFactory(volunteer=client.user.volunteer, status=DutyStatus.PENDING)
    db.session.commit()
    assert client.post(f"/scheduling/duties/{duty.id}/approve").status_code == 403


def test_edit_of_approved_duty_goes_back_to_pending(as_role, db):
    client = as_role(Role.VOLUNTEER)
    day = past_day()
    post_form(client, "/scheduling/duties/new", _duty_form(day))
    duty = db.session.scalars(sa.select(Duty)).one()
    duty.status = DutyStatus.APPROVED
    db.session.commit()
    page = client.get(f"/scheduling/duties/{duty.id}/edit").get_data(as_text=True)
    assert "goes back to a supervisor" in page
    post_form(client, f"/scheduling/duties/{duty.id}/edit", _duty_form(day, end="23:00"))
    db.session.expire_all()
    assert db.session.get(Duty, duty.id).status == DutyStatus.PENDING


def test_coordinator_logs_for_someone_else(as_role, db):
    client = as_role(Role.COORDINATOR)
    volunteer = f.SpecialFactory().volunteer
    db.session.commit()
    post_form(client, "/scheduling/duties/new", _duty_form(past_day(), volunteer_id=str(volunteer.id)))
    duty = db.session.scalars(sa.select(Duty)).one()
    assert duty.volunteer_id == volunteer.id and duty.status == DutyStatus.APPROVED


def _csv(*lines):
    return io.BytesIO(("volunteer,date,start,end,type,district,esp,notes\n" + "\n".join(lines) + "\n").encode())


def test_csv_import_dry_run_lists_errors_then_real_run_is_all_or_nothing(as_role, db):
    client = as_role(Role.COORDINATOR)
    special = f.SpecialFactory()
    db.session.commit()
    vid, email, day = special.volunteer.id, special.volunteer.email, past_day().isoformat()
    bad = _csv(
        f"{vid},{day},09:00,12:00,patrol,,no,ok",
        f"{email},{day},11:00,13:00,patrol,,no,overlaps",
        f"nobody,{day},09:00,10:00,patrol,,no,",
    )
    response = follow_job(
        client,
        post_form(
            client,
            "/scheduling/duties/import",
            {"file": (bad, "d.csv"), "mode": "dry"},
            content_type="multipart/form-data",
        ),
    )
    body = response.get_data(as_text=True)
    assert "Line 3: start: The duty overlaps" in body and "Line 4: volunteer: No volunteer" in body
    bad = _csv(f"{vid},{day},09:00,12:00,patrol,,no,ok", f"nobody,{day},09:00,10:00,patrol,,no,")
    follow_job(
        client,
        post_form(
            client,
            "/scheduling/duties/import",
            {"file": (bad, "d.csv"), "mode": "import"},
            content_type="multipart/form-data",
        ),
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Duty)) == 0
    good = _csv(f"{vid},{day},09:00,12:00,patrol,,no,ok", f"{email},{day},13:00,15:00,Op Community,,no,")
    dry = follow_job(
        client,
        post_form(
            client,
            "/scheduling/duties/import",
            {"file": (good, "d.csv"), "mode": "dry"},
            content_type="multipart/form-data",
        ),
    )
    assert "All 2 rows are valid" in dry.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Duty)) == 0
    good = _csv(f"{vid},{day},09:00,12:00,patrol,,no,ok", f"{email},{day},13:00,15:00,Op Community,,no,")
    follow_job(
        client,
        post_form(
            client,
            "/scheduling/duties/import",
            {"file": (good, "d.csv"), "mode": "import"},
            content_type="multipart/form-data",
        ),
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Duty)) == 2


def test_malformed_csv_gets_a_clear_message(as_role, db):
    client = as_role(Role.COORDINATOR)
    response = follow_job(
        client,
        post_form(
            client,
            "/scheduling/duties/import",
            {"file": (io.BytesIO(b"name,when\nx,y\n"), "d.csv"), "mode": "dry"},
            content_type="multipart/form-data",
        ),
    )
    assert "The header row is missing: volunteer" in response.get_data(as_text=True)
    response = follow_job(
        client,
        post_form(
            client,
            "/scheduling/duties/import",
            {"file": (io.BytesIO(b"\x00\x01binary"), "d.csv"), "mode": "dry"},
            content_type="multipart/form-data",
        ),
    )
    assert "not a CSV file" in response.get_data(as_text=True)


def test_parish_and_employer_have_no_duty_screens(as_role):
    client = as_role(Role.PARISH)
    assert client.get("/scheduling/duties").status_code == 403
