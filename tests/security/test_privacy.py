"""UK GDPR operations: subject access export against the schema, erasure that keeps figures true
and leaves no trace in the database or stored reports, retention with a dry run, minimisation."""

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import date, timedelta

import sqlalchemy as sa
from markupsafe import escape

from core import files as stored
from core import pdf
from core.csvio import csv_text
from core.extensions import db
from core.models import AuditEvent, Role
from privacy import erasure, files
from privacy.graph import person_links, person_tables
from privacy.retention import apply_retention
from scheduling.models import Duty
from tests import factories as f
from tests.factories import ApplicationFactory, StatusChangeFactory, TrainingRecordFactory, sign_in_session
from tests.security.helpers import login, post_form
from volunteers.models import (
    Application,
    ApplicationOutcome,
    Programme,
    ProgrammeMembership,
    Volunteer,
    VolunteerStatus,
)

MARKER = "Zqx7marker"


def _tables_with_fk_to_volunteers(db) -> set[str]:
    return {
        table.name
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "volunteers" and fk.column.name == "id"
    }


def test_export_covers_every_table_with_a_foreign_key_to_volunteers(db):
    direct = _tables_with_fk_to_volunteers(db)
    assert {"duties", "cadets", "special_constables", "users", "applications"} <= direct
    covered = person_tables()
    missing = direct - set(covered)
    assert not missing, f"tables holding volunteers' data but not in the subject access export: {missing}"
    # Children of children: a Special's skills, an application's stage history, an account's audit events.
    assert {"special_skills", "application_stage_changes", "audit_events"} <= set(covered)
    # Every foreign key onto volunteers.id is followed, whatever its name (none are skipped).
    followed = {(link.table.name, link.column.name) for link in person_links() if link.parent.name == "volunteers"}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "volunteers":
                assert (table.name, fk.parent.name) in followed


def _person(db, name=MARKER):
    special = f.SpecialFactory(volunteer__first_name=name, volunteer__last_name="Testperson")
    volunteer = special.volunteer
    volunteer.email = f"{name.lower()}@example.org"
    volunteer.phone = "07700 900123"
    volunteer.address = "1 Marker Street, Colchester"
    volunteer.postcode = "CO1 1AA"
    for n in range(3):  # a day apart: one person's duties never overlap
        f.DutyFactory(
            volunteer=volunteer,
            duty_date=date(2026, 7, 4 + n),
            notes=f"Patrol with {name}",
            place="High Street",
            minutes=180,
        )
    db.session.flush()
    TrainingRecordFactory(volunteer_id=volunteer.id, notes=f"{name} Testperson did well")
    StatusChangeFactory(volunteer_id=volunteer.id, detail=f"Joined: {name}")
    ApplicationFactory(first_name=name, last_name="Testperson", volunteer=volunteer, outcome=ApplicationOutcome.JOINED)
    user = f.UserFactory(
        role=Role.VOLUNTEER, volunteer=volunteer, email=f"{name.lower()}.user@example.org", display_name=f"{name} T"
    )
    db.session.commit()
    return volunteer, user


def _zip(response_or_bytes) -> zipfile.ZipFile:
    data = response_or_bytes if isinstance(response_or_bytes, bytes) else response_or_bytes.data
    return zipfile.ZipFile(io.BytesIO(data))


def test_subject_access_export_holds_everything_and_no_secrets(app, client, db, admin_user):
    volunteer, user = _person(db)
    vid = volunteer.id
    sign_in_session(client, admin_user)
    started = time.perf_counter()
    response = post_form(
        client, f"/privacy-admin/volunteers/{vid}/export", {}, page_url=f"/privacy-admin/volunteers/{vid}"
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert f'filename="subject-access-volunteer-{vid}-' in response.headers["Content-Disposition"]
    assert elapsed < 5
    archive = _zip(response)
    names = set(archive.namelist())
    manifest = json.loads(archive.read("manifest.json"))
    for table in _tables_with_fk_to_volunteers(db):
        assert table in manifest["tables"] and f"{table}.csv" in names
    assert manifest["tables"]["duties"] == 3
    assert manifest["tables"]["training_records"] == 1
    assert manifest["tables"]["users"] == 1
    everything = json.loads(archive.read("everything.json"))
    assert everything["volunteers"][0]["date_of_birth"] == "1990-05-17"
    assert "password_hash" not in everything["users"][0] and "session_token" not in everything["users"][0]
    blob = b"".join(archive.read(n) for n in names).decode("utf-8", "replace")
    assert user.password_hash not in blob and user.session_token not in blob
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "subject_access_export")).one()
    assert event.object_id == vid


def _all_text_in_database(db) -> str:
    parts = []
    for table in db.metadata.sorted_tables:
        cols = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
        if not cols:
            continue
        for row in db.session.execute(sa.select(*cols)):
            parts.extend(json.dumps(v) if isinstance(v, dict | list) else str(v) for v in row if v is not None)
    return "\n".join(parts).lower()


def _write_reports(name: str) -> dict[str, int]:
    """A CSV and a PDF naming the person, and a PDF that does not, stored as generated reports are."""
    table = csv_text(["Name", "Hours"], [[f"{name} Testperson", 9], ["Someone Else", 4]])
    story = [pdf.text("Hours by volunteer"), pdf.table(["Name", "Hours"], [[f"{name} Testperson", "9"]])]
    made = {
        "hours.csv": stored.save_file("export", "hours.csv", table.encode("utf-8"), "text/csv"),
        "hours.pdf": stored.save_file("export", "hours.pdf", pdf.render("Hours", story), stored.PDF),
        "unrelated.pdf": stored.save_file(
            "export", "unrelated.pdf", pdf.render("Other", [pdf.text("Nobody named here")]), stored.PDF
        ),
    }
    db.session.commit()
    return {key: file.id for key, file in made.items()}


def _stored_files(db) -> dict[int, bytes]:
    return dict(db.session.execute(sa.select(stored.StoredFile.id, stored.StoredFile.data)).all())


def test_erasure_leaves_no_trace_and_keeps_the_figures(app, client, db, admin_user):
    volunteer, user = _person(db)
    vid, email = volunteer.id, user.email
    login(app.test_client(), email, "wrong password")  # a failed sign-in and an audit row naming them
    login(app.test_client(), email, f.PASSWORD)
    shift = f.ShiftFactory(notes=f"Briefing by {MARKER} Testperson at 9")
    db.session.commit()
    ids = _write_reports(MARKER)
    assert files.mentions(stored.read_data(ids["hours.pdf"]), [f"{MARKER} Testperson"])
    minutes_before = db.session.scalar(sa.select(sa.func.sum(Duty.minutes)))
    memberships_before = db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeMembership))
    assert MARKER.lower() in _all_text_in_database(db)

    sign_in_session(client, admin_user)
    response = post_form(
        client,
        f"/privacy-admin/volunteers/{vid}/erase",
        {"reason": "request", "confirm": "ERASE"},
        page_url=f"/privacy-admin/volunteers/{vid}",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert MARKER.lower() not in _all_text_in_database(db)
    left = _stored_files(db)
    for data in left.values():
        assert MARKER.lower().encode() not in data.lower()
        assert MARKER.lower() not in files.readable_text(data).lower()
    assert set(left) == {ids["hours.csv"], ids["unrelated.pdf"]}  # the PDF naming them cannot be made again
    assert "Erased volunteer #" in left[ids["hours.csv"]].decode("utf-8")
    erased = db.session.get(Volunteer, vid)
    assert erased.full_name == f"Erased volunteer #{vid}"
    assert erased.date_of_birth is None and erased.email is None and erased.address is None
    assert db.session.scalar(sa.select(sa.func.sum(Duty.minutes))) == minutes_before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeMembership)) == memberships_before
    assert db.session.get(type(shift), shift.id).notes == f"Briefing by Erased volunteer #{vid} at 9"
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "erasure")).one()
    assert event.object_id == vid and event.detail["reason"] == "request"
    # The account is gone for good: it cannot sign in.
    assert login(app.test_client(), email, f.PASSWORD).status_code == 200


def test_erasure_of_a_cadet_removes_guardian_details(app, db):
    cadet = f.CadetFactory(
        guardian_name=f"{MARKER} Parent", guardian_email="parent@example.org", guardian_phone="07700 900999"
    )
    db.session.commit()
    from privacy.services import erase

    erase(cadet.volunteer_id)
    db.session.expire_all()
    assert MARKER.lower() not in _all_text_in_database(db)
    assert "parent@example.org" not in _all_text_in_database(db)


def test_erasure_hooks_run_after_the_rows_are_anonymised(app, db, monkeypatch):
    monkeypatch.setattr(erasure, "_HOOKS", [])
    volunteer, _user = _person(db)
    seen = []

    @erasure.register_erasure_hook
    def regenerate(volunteer_id):
        seen.append((volunteer_id, db.session.get(Volunteer, volunteer_id).full_name))

    from privacy.services import erase

    erase(volunteer.id)
    assert seen == [(volunteer.id, f"Erased volunteer #{volunteer.id}")]


def test_audit_trail_is_append_only(app, db):
    db.session.add(AuditEvent(action="something", actor="a@example.org", detail={"x": 1}))
    db.session.commit()
    event_id = db.session.scalar(sa.select(AuditEvent.id))
    for statement in (
        sa.update(AuditEvent).where(AuditEvent.id == event_id).values(action="changed"),
        sa.update(AuditEvent).where(AuditEvent.id == event_id).values(actor="someone-else"),
        sa.delete(AuditEvent).where(AuditEvent.id == event_id),
    ):
        try:
            db.session.execute(statement)
            db.session.commit()
            refused = False
        except sa.exc.DatabaseError:
            db.session.rollback()
            refused = True
        assert refused, f"{statement} was allowed"
    # The one permitted change: erasure's redaction of who and where.
    db.session.execute(
        sa.update(AuditEvent)
        .where(AuditEvent.id == event_id)
        .values(actor="erased-user-1", remote_addr=sa.null(), detail=sa.null())
    )
    db.session.commit()
    assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.id == event_id)) == "something"


def test_retention_dry_run_then_apply(app, db, runner):
    today = date.today()
    old_application = ApplicationFactory(
        first_name=MARKER, outcome=ApplicationOutcome.WITHDRAWN, closed_on=today - timedelta(days=400)
    )
    recent_application = ApplicationFactory(
        first_name="Alex", outcome=ApplicationOutcome.REJECTED, closed_on=today - timedelta(days=30)
    )
    old_cadet = f.CadetFactory(volunteer__status=VolunteerStatus.LEFT, volunteer__left_on=today - timedelta(days=800))
    recent_cadet = f.CadetFactory(
        volunteer__status=VolunteerStatus.LEFT, volunteer__left_on=today - timedelta(days=200)
    )
    active = f.SpecialFactory()
    db.session.commit()
    ids = (old_application.id, recent_application.id, old_cadet.volunteer_id, recent_cadet.volunteer_id)

    report = apply_retention(dry_run=True)
    counts = {r.rule: r.count for r in report.results}
    assert counts["applications"] == 1 and counts["cadets"] == 1 and counts["volunteers"] == 0
    assert db.session.get(Application, ids[0]).first_name == MARKER  # nothing changed

    result = runner.invoke(args=["privacy", "retention", "--dry-run"])
    assert result.exit_code == 0 and "dry run" in result.output and "Cadets who left" in result.output

    apply_retention(dry_run=False)
    db.session.expire_all()
    assert db.session.get(Application, ids[0]).first_name == "Erased"
    assert db.session.get(Application, ids[1]).first_name == "Alex"
    assert db.session.get(Volunteer, ids[2]).full_name == f"Erased volunteer #{ids[2]}"
    assert db.session.get(Volunteer, ids[3]).first_name != "Erased"
    assert db.session.get(Volunteer, active.volunteer_id).first_name != "Erased"
    again = apply_retention(dry_run=True)
    assert again.total == 0


def test_retention_page_is_a_dry_run(as_role, db):
    client = as_role(Role.ADMIN)
    page = client.get("/privacy-admin/retention")
    assert page.status_code == 200 and "dry run" in page.get_data(as_text=True)


def test_employer_and_parish_pages_show_names_only(app, db, make_user):
    business = f.EspBusinessFactory()
    special = f.SpecialFactory(esp_business=business)
    special.volunteer.address = "42 Hidden Road, Chelmsford"
    special.volunteer.postcode = "CM1 9ZZ"
    post = f.CscPostFactory()
    csc = f.SpecialFactory(csc_post=post)
    f.MembershipFactory(volunteer=csc.volunteer, programme=Programme.CSC)  # a CSC in post since they joined
    csc.volunteer.address = "7 Secret Lane, Billericay"
    db.session.commit()
    for role, kwargs, person in (
        (Role.EMPLOYER, {"esp_business": business}, special.volunteer),
        (Role.PARISH, {"parish": post.agreement.parish}, csc.volunteer),
    ):
        user = make_user(role, **kwargs)
        client = app.test_client()
        sign_in_session(client, user)
        html = client.get("/", follow_redirects=True).get_data(as_text=True)
        assert str(escape(person.last_name)) in html  # the name is shown (escaped: O'Donnell)...
        dob = person.date_of_birth
        for shown in (dob.isoformat(), dob.strftime("%d/%m/%Y"), f"{dob.day} {dob:%B %Y}", f"{dob.day} {dob:%b %Y}"):
            assert shown not in html  # ...never the date of birth
        assert person.address not in html and (person.postcode or "CM1 9ZZ") not in html
