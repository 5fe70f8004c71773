"""HTTP tests of the volunteer screens: list, profile, create, edit, roles, leaving, self-service."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.models import AuditEvent, Role
from tests import factories as f
from tests.factories import csrf_token_from
from volunteers.leaving_reasons import LeavingReason
from volunteers.models import (
    Programme,
    ProgrammeMembership,
    SpecialConstable,
    StatusChange,
    StatusEvent,
    Volunteer,
    VolunteerStatus,
)


def _post(client, url, data):
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={**data, "csrf_token": csrf_token_from(page.get_data(as_text=True))})


def _person(**kw):
    return {
        "first_name": "Alex",
        "last_name": "Morgan",
        "email": "alex.morgan@example.org",
        "phone": "+44 1206 000000",
        "date_of_birth": "1990-04-01",
        "district_id": "",
        "joined_on": "2024-01-15",
        **kw,
    }


def test_list_searches_and_filters(as_role, ref, db):
    a = f.SpecialFactory(
        volunteer__first_name="Zara", volunteer__last_name="Quill", volunteer__district=ref.district, rank=ref.sergeant
    )
    f.SpecialFactory(volunteer__first_name="Bob", volunteer__last_name="Other", volunteer__district=ref.other_district)
    cara = f.CadetFactory(volunteer__first_name="Cara", volunteer__last_name="Cadet", unit=ref.unit)
    f.MembershipFactory(volunteer=cara.volunteer, programme=Programme.CADET)
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    page = client.get("/volunteers/").get_data(as_text=True)
    assert "Quill, Zara" in page and "Other, Bob" in page and "Cadet, Cara" in page
    assert "Quill" in client.get("/volunteers/?q=zara").get_data(as_text=True)
    assert "Other" not in client.get("/volunteers/?q=zara").get_data(as_text=True)
    assert "Quill" in client.get(f"/volunteers/?q={a.volunteer.email}").get_data(as_text=True)
    by_rank = client.get(f"/volunteers/?rank_id={ref.sergeant.id}").get_data(as_text=True)
    assert "Quill" in by_rank and "Other" not in by_rank
    by_unit = client.get(f"/volunteers/?cadet_unit_id={ref.unit.id}").get_data(as_text=True)
    assert "Cadet, Cara" in by_unit and "Quill" not in by_unit
    by_kind = client.get("/volunteers/?programme=cadet").get_data(as_text=True)
    assert "Cadet, Cara" in by_kind and "Quill" not in by_kind
    by_lpa = client.get(f"/volunteers/?command_id={ref.north.id}").get_data(as_text=True)
    assert "Quill" in by_lpa and "Other" not in by_lpa
    assert client.get("/volunteers/?status=left").get_data(as_text=True).count("/volunteers/") >= 1
    # nonsense filters are ignored, not errors
    assert client.get("/volunteers/?rank_id=abc&status=zzz&page=-4").status_code == 200


def test_list_paginates(as_role, db):
    for _ in range(30):
        f.SpecialFactory()
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    first = client.get("/volunteers/").get_data(as_text=True)
    assert "30 volunteers" in first and "page=2" in first
    assert client.get("/volunteers/?page=2").status_code == 200


def test_supervisor_list_limited_to_their_command(as_role, ref, db):
    f.SpecialFactory(volunteer__last_name="Northerner", volunteer__district=ref.district)
    f.SpecialFactory(volunteer__last_name="Southerner", volunteer__district=ref.other_district)
    db.session.commit()
    client = as_role(Role.SUPERVISOR, command=ref.north)
    page = client.get("/volunteers/").get_data(as_text=True)
    assert "Northerner" in page and "Southerner" not in page
    assert "Add a volunteer" not in page


def test_create_special_with_everything(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    business = f.EspBusinessFactory()
    db.session.commit()
    response = _post(
        client,
        "/volunteers/new/special",
        _person(
            district_id=str(ref.district.id),
            rank_id=str(ref.rank.id),
            command_id=str(ref.north.id),
            stage="accompanied_patrol",
            initial_learning_on="2024-01-15",
            accompanied_patrol_on="2024-06-01",
            skill_ids=[str(ref.skill.id)],
            esp_business_id=str(business.id),
            commitment_hours="20",
            warrant_number="SC1234",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    volunteer = db.session.scalars(sa.select(Volunteer).where(Volunteer.email == "alex.morgan@example.org")).one()
    special = volunteer.special
    assert special.rank == ref.rank and special.stage.value == "accompanied_patrol"
    assert [s.name for s in special.skills] == ["Driver trained"] and special.esp_business == business
    assert special.monthly_commitment_minutes == 1200
    assert [m.programme for m in volunteer.memberships] == [Programme.SPECIAL]
    assert (
        db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.object_id == volunteer.id))
        == "volunteer_created"
    )
    profile = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Alex Morgan" in profile and "Driver trained" in profile and "20 hours" in profile


def test_create_refuses_bad_input_and_saves_nothing(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    base = _person(district_id=str(ref.district.id), rank_id=str(ref.rank.id), command_id=str(ref.north.id))
    under = _post(client, "/volunteers/new/special", {**base, "date_of_birth": "2010-01-01"})
    assert under.status_code == 200 and "must be at least 18" in under.get_data(as_text=True)
    order = _post(
        client,
        "/volunteers/new/special",
        {**base, "initial_learning_on": "2024-03-01", "accompanied_patrol_on": "2024-02-01"},
    )
    assert "must not be before" in order.get_data(as_text=True)
    unknown = _post(client, "/volunteers/new/special", {**base, "district_id": "999999"})
    assert "Not a valid choice" in unknown.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 0
    # a duplicate email
    f.VolunteerFactory(email="taken@example.org")
    db.session.commit()
    dup = _post(client, "/volunteers/new/special", {**base, "email": "TAKEN@example.org"})
    assert "already recorded with the email" in dup.get_data(as_text=True)


def test_duplicate_name_and_birth_date_refused(as_role, ref, db):
    f.VolunteerFactory(first_name="Alex", last_name="Morgan", date_of_birth=date(1990, 4, 1), email=None)
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    response = _post(
        client,
        "/volunteers/new/active_citizen",
        _person(district_id=str(ref.district.id), role_type_id=str(ref.role_type.id), email=""),
    )
    assert "is already recorded: add a role" in response.get_data(as_text=True)


def test_create_cadet_bands_and_refusals(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    cadet = {
        **_person(email="", district_id=str(ref.district.id), joined_on="2026-09-01"),
        "cadet_unit_id": str(ref.unit.id),
        "guardian_name": "Pat Parent",
        "guardian_phone": "01206 111111",
        "guardian_consent_on": "2026-09-01",
        "referral_source": "School",
        "dofe_level": "bronze",
        "dofe_progress_percent": "40",
    }
    adult = _post(client, "/volunteers/new/cadet", {**cadet, "date_of_birth": "1990-01-01"})
    assert "register them as an adult" in adult.get_data(as_text=True)
    young = _post(
        client,
        "/volunteers/new/cadet",
        {**cadet, "date_of_birth": date.today().replace(year=date.today().year - 8).isoformat()},
    )
    assert "at least 10" in young.get_data(as_text=True)
    ok = _post(
        client,
        "/volunteers/new/cadet",
        {
            **cadet,
            "first_name": "Junior",
            "date_of_birth": date.today().replace(year=date.today().year - 11, day=1).isoformat(),
        },
    )
    assert ok.status_code == 302
    junior = db.session.scalars(sa.select(Volunteer).where(Volunteer.first_name == "Junior")).one()
    assert junior.cadet.is_junior and junior.memberships[0].programme == Programme.JUNIOR_CADET
    assert junior.cadet.dofe_level.value == "bronze" and junior.cadet.dofe_progress_percent == 40


def test_create_csc_ties_the_post(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    response = _post(
        client,
        "/volunteers/new/csc",
        _person(
            district_id=str(ref.district.id),
            rank_id=str(ref.rank.id),
            command_id=str(ref.north.id),
            csc_post_id=str(ref.post.id),
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    special = db.session.scalars(sa.select(SpecialConstable)).one()
    assert special.csc_post_id == ref.post.id and ref.post.state.value == "in_training"
    assert sorted(m.programme.value for m in special.volunteer.memberships) == ["csc", "special"]
    again = _post(
        client,
        "/volunteers/new/csc",
        _person(
            email="b@example.org",
            first_name="B",
            district_id=str(ref.district.id),
            rank_id=str(ref.rank.id),
            command_id=str(ref.north.id),
            csc_post_id=str(ref.post.id),
        ),
    )
    assert again.status_code == 200  # the post is no longer offered
    assert "Not a valid choice" in again.get_data(as_text=True)


def test_add_a_role_to_an_existing_person(as_role, ref, db):
    special = f.SpecialFactory()
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    url = f"/volunteers/{special.volunteer_id}/roles/cadet_leader/new"
    response = _post(client, url, {"cadet_unit_id": str(ref.unit.id), "is_unit_lead": "y"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 1  # no second record
    volunteer = db.session.get(Volunteer, special.volunteer_id)
    assert volunteer.cadet_leader.is_unit_lead
    assert {m.programme for m in volunteer.memberships} == {Programme.SPECIAL, Programme.CADET_LEADER}
    twice = _post(
        client,
        f"/volunteers/{special.volunteer_id}/roles/special/new",
        {"rank_id": str(ref.rank.id), "command_id": str(ref.north.id)},
    )
    assert "already a Special Constable" in twice.get_data(as_text=True)


def test_edit_records_before_and_after_in_the_audit_trail(as_role, ref, db):
    special = f.SpecialFactory(volunteer__district=ref.district)
    db.session.commit()
    vid = special.volunteer_id
    client = as_role(Role.COORDINATOR)
    page = client.get(f"/volunteers/{vid}/edit").get_data(as_text=True)
    data = {
        "first_name": special.volunteer.first_name,
        "last_name": "Newname",
        "email": special.volunteer.email,
        "phone": "07000 000000",
        "date_of_birth": "1990-05-17",
        "district_id": str(ref.other_district.id),
        "csrf_token": csrf_token_from(page),
    }
    assert client.post(f"/volunteers/{vid}/edit", data=data).status_code == 302
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "volunteer_updated")).one()
    assert event.detail["changes"]["last_name"][1] == "Newname"
    assert event.detail["changes"]["district_id"] == [ref.district.id, ref.other_district.id]
    assert db.session.scalar(sa.select(StatusChange.event).where(StatusChange.volunteer_id == vid)) == StatusEvent.MOVED
    profile = client.get(f"/volunteers/{vid}").get_data(as_text=True)
    assert "Changes to this record" in profile and "Newname" in profile
    # promote: rank change and stage change go in the history
    role_page = client.get(f"/volunteers/{vid}/roles/special/edit").get_data(as_text=True)
    response = client.post(
        f"/volunteers/{vid}/roles/special/edit",
        data={
            "rank_id": str(ref.sergeant.id),
            "command_id": str(special.command_id),
            "stage": "qualified",
            "initial_learning_on": "2022-01-10",
            "qualified_on": "2024-01-01",
            "csrf_token": csrf_token_from(role_page),
        },
    )
    assert response.status_code == 302
    events = set(db.session.scalars(sa.select(StatusChange.event).where(StatusChange.volunteer_id == vid)))
    assert {StatusEvent.PROMOTED, StatusEvent.STAGE} <= events


def test_leave_and_rejoin(as_role, ref, db):
    special = f.SpecialFactory(csc_post=ref.post)
    db.session.commit()
    vid = special.volunteer_id
    client = as_role(Role.COORDINATOR)
    form = client.get(f"/volunteers/{vid}/leave").get_data(as_text=True)
    # GOV.UK radios in a fieldset with a legend, then the words (needed for Other)
    assert "<legend" in form and "Why did they leave?" in form and 'name="detail"' in form
    assert "Joined the regular force (police constable)" in form
    early = _post(client, f"/volunteers/{vid}/leave", {"left_on": "2021-01-01", "reason": "moved_away"})
    assert "must not be before" in early.get_data(as_text=True)
    no_reason = _post(client, f"/volunteers/{vid}/leave", {"left_on": "2025-01-01"})
    assert "Choose why they left" in no_reason.get_data(as_text=True)
    other = _post(client, f"/volunteers/{vid}/leave", {"left_on": "2025-01-01", "reason": "other", "detail": " "})
    assert 'href="#detail"' in other.get_data(as_text=True) and "Enter why they left" in other.get_data(as_text=True)
    moved = {"left_on": "2025-01-01", "reason": "moved_away", "detail": "To Leeds"}
    assert _post(client, f"/volunteers/{vid}/leave", moved).status_code == 302
    volunteer = db.session.get(Volunteer, vid)
    assert volunteer.status == VolunteerStatus.LEFT and volunteer.left_because == LeavingReason.MOVED_AWAY
    assert volunteer.leave_reason == "To Leeds"
    assert {(m.left_because, m.end_reason) for m in volunteer.memberships} == {(LeavingReason.MOVED_AWAY, "To Leeds")}
    assert all(m.ended_on == date(2025, 1, 1) for m in volunteer.memberships)
    assert ref.post.state.value == "vacant_after_leaver" and volunteer.special.csc_post_id is None
    assert _post(client, f"/volunteers/{vid}/rejoin", {"rejoined_on": "2025-06-01"}).status_code == 302
    db.session.expire_all()
    volunteer = db.session.get(Volunteer, vid)
    assert volunteer.status == VolunteerStatus.ACTIVE and volunteer.left_on is None and volunteer.left_because is None
    open_now = [m.programme for m in volunteer.memberships if m.ended_on is None]
    assert open_now == [Programme.SPECIAL]
    actions = set(db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.object_id == vid)))
    assert {"volunteer_left", "volunteer_rejoined"} <= actions


def test_records_vetting_training_award(as_role, db):
    special = f.SpecialFactory(volunteer__joined_on=date(2016, 1, 1))
    db.session.commit()
    vid = special.volunteer_id
    client = as_role(Role.COORDINATOR)
    bad = _post(
        client,
        f"/volunteers/{vid}/records/vetting/new",
        {"level": "RV", "granted_on": "2025-01-01", "expires_on": "2024-01-01"},
    )
    assert "must be after" in bad.get_data(as_text=True)
    soon = (date.today().replace(day=1)).isoformat()
    assert (
        _post(
            client,
            f"/volunteers/{vid}/records/vetting/new",
            {"level": "RV", "granted_on": "2020-01-01", "expires_on": soon},
        ).status_code
        == 302
    )
    assert (
        _post(
            client, f"/volunteers/{vid}/records/training/new", {"course": "Taser", "completed_on": "2024-01-01"}
        ).status_code
        == 302
    )
    assert (
        _post(
            client, f"/volunteers/{vid}/records/award/new", {"award_type": "pin_3_year", "awarded_on": "2019-02-01"}
        ).status_code
        == 302
    )
    profile = client.get(f"/volunteers/{vid}").get_data(as_text=True)
    assert "Taser" in profile and "3-year pin: received" in profile
    assert "5-year pin: <strong>eligible since" in profile
    assert "Vetting has expired" in profile or "Expiring soon" in profile


def test_volunteer_self_service(as_role, db):
    client = as_role(Role.VOLUNTEER)
    me = client.user.volunteer
    other = f.SpecialFactory()
    db.session.commit()
    assert client.get(f"/volunteers/{other.volunteer_id}").status_code == 404
    assert client.get(f"/volunteers/{me.id}").status_code == 302
    assert client.get("/volunteers/").status_code == 403
    page = client.get("/volunteers/me/contact").get_data(as_text=True)
    token = csrf_token_from(page)
    assert (
        client.post(
            f"/volunteers/{other.volunteer_id}/edit", data={"last_name": "Hacked", "csrf_token": token}
        ).status_code
        == 403
    )
    response = client.post(
        "/volunteers/me/contact",
        data={
            "email": "me.new@example.org",
            "phone": "07123 456789",
            "address": "1 High St",
            "postcode": "CO1 1AA",
            "status": "left",
            "role": "admin",
            "first_name": "Changed",
            "volunteer_id": str(other.volunteer_id),
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    me = db.session.get(Volunteer, me.id)
    assert me.email == "me.new@example.org" and me.postcode == "CO1 1AA"
    assert me.status == VolunteerStatus.ACTIVE and me.first_name != "Changed"
    assert client.user.role == Role.VOLUNTEER
    assert db.session.get(Volunteer, other.volunteer_id).email != "me.new@example.org"
    mine = client.get("/volunteers/me").get_data(as_text=True)
    assert "My profile" in mine and "Training" in mine and "Awards and recognition" in mine
    assert "Changes to this record" not in mine


def test_cadet_personal_data_hidden_from_supervisors(as_role, ref, db):
    cadet = f.CadetFactory(unit=ref.unit, guardian_phone="01206 999888")
    db.session.commit()
    sup = as_role(Role.SUPERVISOR).get(f"/volunteers/{cadet.volunteer_id}").get_data(as_text=True)
    assert "Colchester VPC Unit" in sup and "01206 999888" not in sup and "Date of birth" not in sup


def test_cadet_personal_data_shown_to_coordinators(as_role, ref, db):
    cadet = f.CadetFactory(unit=ref.unit, guardian_phone="01206 999888")
    db.session.commit()
    page = as_role(Role.COORDINATOR).get(f"/volunteers/{cadet.volunteer_id}").get_data(as_text=True)
    assert "01206 999888" in page and "1 March 2011" in page


def test_parish_and_employer_never_reach_volunteer_pages(as_role, db):
    special = f.SpecialFactory()
    db.session.commit()
    for role in (Role.PARISH, Role.EMPLOYER):
        client = as_role(role)
        for url in (
            "/volunteers/",
            f"/volunteers/{special.volunteer_id}",
            "/volunteers/me",
            "/volunteers/applications",
        ):
            assert client.get(url).status_code == 403, (role, url)


def test_membership_rows_unchanged_by_failed_create(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeMembership))
    _post(
        client,
        "/volunteers/new/csc",
        _person(
            district_id=str(ref.district.id), rank_id=str(ref.rank.id), command_id=str(ref.north.id), csc_post_id=""
        ),
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeMembership)) == before


def test_pause_and_resume(as_role, db):
    special = f.SpecialFactory()
    db.session.commit()
    vid = special.volunteer_id
    client = as_role(Role.COORDINATOR)
    no_reason = _post(client, f"/volunteers/{vid}/pause", {"on": date.today().isoformat(), "reason": ""})
    assert "Enter the reason" in no_reason.get_data(as_text=True)
    assert (
        _post(client, f"/volunteers/{vid}/pause", {"on": date.today().isoformat(), "reason": "Exams"}).status_code
        == 302
    )
    assert db.session.get(Volunteer, vid).status == VolunteerStatus.PAUSED
    assert _post(client, f"/volunteers/{vid}/pause", {"on": date.today().isoformat()}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Volunteer, vid).status == VolunteerStatus.ACTIVE
    events = list(db.session.scalars(sa.select(StatusChange.event).where(StatusChange.volunteer_id == vid)))
    assert StatusEvent.PAUSED in events and StatusEvent.RESUMED in events


def test_list_flags_cadets_about_to_age_out(as_role, ref, db):
    today = date.today()
    born = date(today.year - 18, today.month, 1) + timedelta(days=40)
    cadet = f.CadetFactory(unit=ref.unit, volunteer__date_of_birth=born, volunteer__last_name="Almostgrown")
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    assert "Ages out soon" in client.get("/volunteers/").get_data(as_text=True)
    assert "can move on to adult volunteering" in client.get(f"/volunteers/{cadet.volunteer_id}").get_data(as_text=True)


def test_reminder_queries_for_scheduled_jobs(db, ref):
    from volunteers import profiles as services

    today = date.today()
    soon = f.CadetFactory(
        unit=ref.unit, volunteer__date_of_birth=date(today.year - 18, today.month, 1) + timedelta(days=40)
    )
    f.CadetFactory(unit=ref.unit, volunteer__date_of_birth=date(today.year - 15, 1, 1))
    from tests.factories import VettingFactory

    expired = f.SpecialFactory()
    VettingFactory(volunteer=expired.volunteer, granted_on=date(2020, 1, 1), expires_on=today - timedelta(days=1))
    renewed = f.SpecialFactory()
    VettingFactory(volunteer=renewed.volunteer, granted_on=date(2020, 1, 1), expires_on=today - timedelta(days=1))
    VettingFactory(volunteer=renewed.volunteer, granted_on=today, expires_on=today + timedelta(days=900))
    db.session.commit()
    ageing = services.cadets_ageing_out(today)
    assert [v.id for v, _day in ageing] == [soon.volunteer_id]
    due = services.vetting_due(today)
    assert [(v.id, state) for v, _vt, state in due] == [(expired.volunteer_id, "expired")]


def test_cadet_leader_sees_their_own_units_cadets_only(as_role, ref, db):
    from tests.factories import CadetLeaderFactory

    leader = CadetLeaderFactory(unit=ref.unit)
    mine = f.CadetFactory(unit=ref.unit, guardian_phone="01206 123123", volunteer__last_name="Mycadet")
    other = f.CadetFactory(guardian_phone="01206 999999", volunteer__last_name="Othercadet")
    db.session.commit()
    client = as_role(Role.VOLUNTEER, volunteer=leader.volunteer)
    assert "Cadets in the unit you lead" in client.get("/volunteers/me").get_data(as_text=True)
    page = client.get("/volunteers/me/unit").get_data(as_text=True)
    assert "Mycadet" in page and "01206 123123" in page and "1 March 2011" in page
    assert "Othercadet" not in page and "01206 999999" not in page
    # their profile pages stay closed: a leader reads cadets through the unit page only
    assert client.get(f"/volunteers/{mine.volunteer_id}").status_code == 404
    assert client.get(f"/volunteers/{other.volunteer_id}").status_code == 404


def test_non_leader_volunteer_has_no_unit_page(as_role, db):
    client = as_role(Role.VOLUNTEER)
    assert client.get("/volunteers/me/unit").status_code == 404
    assert "Cadets in the unit you lead" not in client.get("/volunteers/me").get_data(as_text=True)
