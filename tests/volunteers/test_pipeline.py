"""The recruitment pipeline: create, move, close, attest, report and forecast."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.models import Role
from tests import factories as f
from tests.factories import ApplicationFactory, csrf_token_from
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    Programme,
    ProgrammeMembership,
    SpecialConstable,
    Volunteer,
)
from volunteers.pipeline import report
from volunteers.pipeline.forecast import recruitment_forecast


def _today() -> date:
    """Today, read when a test runs (not at import: a run that crosses midnight stays right)."""
    return date.today()


def _token(client, url="/volunteers/applications/new"):
    return csrf_token_from(client.get(url).get_data(as_text=True))


def _app_data(ref, **kw):
    return {
        "first_name": "Sam",
        "last_name": "Applicant",
        "email": "sam@example.org",
        "date_of_birth": "1995-02-02",
        "district_id": str(ref.district.id),
        "programme": "special",
        "source_id": str(ref.source.id),
        "applied_on": (_today() - timedelta(days=100)).isoformat(),
        **kw,
    }


def _move(client, app_id, stage, on, token):
    return client.post(f"/volunteers/applications/{app_id}/move", data={"stage": stage, "on": on, "csrf_token": token})


def test_an_applicant_goes_through_the_pipeline_and_becomes_a_special(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    token = _token(client)
    response = client.post("/volunteers/applications/new", data={**_app_data(ref), "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    app = db.session.scalars(sa.select(Application)).one()
    day = _today() - timedelta(days=100)
    for stage in ("sift", "assessment", "vetting", "medical", "foundation_training"):
        day += timedelta(days=10)
        assert _move(client, app.id, stage, day.isoformat(), token).status_code == 302, stage
    backwards = _move(client, app.id, "sift", _today().isoformat(), token)
    assert backwards.status_code == 400 and "Choose a stage after" in backwards.get_data(as_text=True)
    attested = client.post(
        f"/volunteers/applications/{app.id}/attest", data={"on": _today().isoformat(), "csrf_token": token}
    )
    assert attested.status_code == 302, attested.get_data(as_text=True)
    db.session.expire_all()
    app = db.session.get(Application, app.id)
    assert app.outcome == ApplicationOutcome.JOINED and app.stage == ApplicationStage.ATTESTED
    volunteer = db.session.get(Volunteer, app.volunteer_id)
    assert volunteer.email == "sam@example.org" and volunteer.date_of_birth == date(1995, 2, 2)
    assert volunteer.special.rank == ref.rank and volunteer.special.command == ref.north
    assert volunteer.joined_on == day  # a Special from the start of foundation training
    assert [m.programme for m in volunteer.memberships] == [Programme.SPECIAL]
    stages = db.session.scalars(
        sa.select(ApplicationStageChange.stage).where(ApplicationStageChange.application_id == app.id)
    ).all()
    assert len(stages) == 7
    # and on to independent patrol
    assert _move(client, app.id, "independent_patrol", _today().isoformat(), token).status_code == 302


def test_csc_applicant_is_tied_to_the_post_and_becomes_its_csc(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    token = _token(client)
    data = _app_data(ref, programme="csc", csc_post_id=str(ref.post.id))
    assert client.post("/volunteers/applications/new", data={**data, "csrf_token": token}).status_code == 302
    app = db.session.scalars(sa.select(Application)).one()
    assert app.csc_post_id == ref.post.id and ref.post.state.value == "applicant_in_pipeline"
    _move(client, app.id, "foundation_training", (_today() - timedelta(days=5)).isoformat(), token)
    assert (
        client.post(
            f"/volunteers/applications/{app.id}/attest", data={"on": _today().isoformat(), "csrf_token": token}
        ).status_code
        == 302
    )
    db.session.expire_all()
    special = db.session.scalars(sa.select(SpecialConstable)).one()
    assert special.csc_post_id == ref.post.id and ref.post.state.value == "in_training"
    programmes = set(db.session.scalars(sa.select(ProgrammeMembership.programme)))
    assert programmes == {Programme.SPECIAL, Programme.CSC}


def test_csc_application_needs_a_post(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    response = client.post(
        "/volunteers/applications/new", data={**_app_data(ref, programme="csc"), "csrf_token": _token(client)}
    )
    assert "Choose the parish post" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


def test_underage_and_future_applications_refused(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    token = _token(client)
    young = client.post(
        "/volunteers/applications/new",
        data={**_app_data(ref, date_of_birth=(_today() - timedelta(days=365 * 16)).isoformat()), "csrf_token": token},
    )
    assert "at least 18" in young.get_data(as_text=True)
    future = client.post(
        "/volunteers/applications/new",
        data={**_app_data(ref, applied_on=(_today() + timedelta(days=3)).isoformat()), "csrf_token": token},
    )
    assert "today or in the past" in future.get_data(as_text=True)


def test_withdraw_needs_a_reason_and_releases_the_post(as_role, ref, db):
    app = ApplicationFactory(programme=Programme.CSC, csc_post=ref.post, applied_on=_today() - timedelta(days=30))
    ref.post.state = ref.post.state.APPLICANT_IN_PIPELINE
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    token = _token(client)
    url = f"/volunteers/applications/{app.id}/close"
    missing = client.post(
        url, data={"outcome": "withdrawn", "reason": "", "on": _today().isoformat(), "csrf_token": token}
    )
    assert missing.status_code == 400 and "Enter the reason" in missing.get_data(as_text=True)
    ok = client.post(
        url,
        data={"outcome": "withdrawn", "reason": "Work commitments", "on": _today().isoformat(), "csrf_token": token},
    )
    assert ok.status_code == 302
    db.session.expire_all()
    app = db.session.get(Application, app.id)
    assert app.outcome == ApplicationOutcome.WITHDRAWN and app.outcome_reason == "Work commitments"
    assert app.csc_post.state.value == "recruiting"
    again = client.post(
        url, data={"outcome": "rejected", "reason": "x", "on": _today().isoformat(), "csrf_token": token}
    )
    assert "already closed" in again.get_data(as_text=True)


def test_attest_only_from_foundation_training(as_role, ref, db):
    app = ApplicationFactory(stage=ApplicationStage.VETTING)
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    response = client.post(
        f"/volunteers/applications/{app.id}/attest", data={"on": _today().isoformat(), "csrf_token": _token(client)}
    )
    assert response.status_code == 400 and "foundation training" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 0


def test_attesting_an_existing_volunteer_adds_the_role_not_a_second_record(as_role, ref, db):
    leader = f.VolunteerFactory(email="leader@example.org", district=ref.district, joined_on=date(2020, 1, 1))
    f.MembershipFactory(volunteer=leader, programme=Programme.CADET_LEADER)
    app = ApplicationFactory(
        email="leader@example.org",
        stage=ApplicationStage.FOUNDATION_TRAINING,
        applied_on=_today() - timedelta(days=200),
        stage_entered_on=_today() - timedelta(days=20),
        district=ref.district,
    )
    from equality.services import answers_of, save_answers

    save_answers(application_id=app.id, sex="female", ethnicity="irish")  # given when they applied
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    assert (
        client.post(
            f"/volunteers/applications/{app.id}/attest", data={"on": _today().isoformat(), "csrf_token": _token(client)}
        ).status_code
        == 302
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 1
    assert db.session.get(Application, app.id).volunteer_id == leader.id
    assert answers_of(volunteer_id=leader.id).ethnicity == "irish"  # the answers moved to the person
    assert answers_of(application_id=app.id) is None


def test_board_and_list_pages(as_role, ref, db):
    ApplicationFactory(first_name="Board", last_name="Person", stage=ApplicationStage.SIFT)
    ApplicationFactory(
        first_name="Gone",
        last_name="Away",
        outcome=ApplicationOutcome.WITHDRAWN,
        outcome_reason="Moved",
        closed_on=date(2026, 7, 1),
    )
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    page = client.get("/volunteers/applications").get_data(as_text=True)
    assert "Board Person" in page and 'Sift <span class="govuk-body-s">(1)</span>' in page
    assert "Gone Away" in client.get("/volunteers/applications?outcome=withdrawn").get_data(as_text=True)
    assert "Gone Away" not in client.get("/volunteers/applications?outcome=open").get_data(as_text=True)
    assert client.get("/volunteers/applications?outcome=nonsense&page=x").status_code == 200
    detail = client.get("/volunteers/applications/999999")
    assert detail.status_code == 404


def test_report_conversion_time_in_stage_attrition(as_role, ref, db):
    start = _today() - timedelta(days=200)
    for i in range(4):
        a = ApplicationFactory(
            applied_on=start, stage=ApplicationStage.SIFT, stage_entered_on=start + timedelta(days=10)
        )
        if i < 2:
            a.outcome, a.outcome_reason, a.closed_on = (
                ApplicationOutcome.REJECTED,
                "Failed sift",
                start + timedelta(days=20),
            )
    db.session.commit()
    rows = {r.stage: r for r in report.stage_table(_today() - timedelta(days=365), _today(), _today())}
    assert rows[ApplicationStage.APPLIED].reached == 4 and rows[ApplicationStage.APPLIED].moved_on == 4
    assert rows[ApplicationStage.APPLIED].conversion == 1.0 and rows[ApplicationStage.APPLIED].mean_days == 10
    assert rows[ApplicationStage.SIFT].left_here == 2
    assert report.attrition(_today() - timedelta(days=365), _today()) == [("Rejected", "Failed sift", 2)]
    page = as_role(Role.COORDINATOR).get("/volunteers/applications/report?target=600&window=365").get_data(as_text=True)
    assert "Failed sift" in page and "Conversion and time in stage" in page


def test_forecast_from_the_data_matches_the_seeds(as_role, db):
    """300 Specials all year, 90 leave (30%); 40 of the year before's 178 applications joined (22.5%)."""
    end = _today()
    start = end - timedelta(days=365)
    joined = date(2015, 1, 1)
    vols = [f.VolunteerFactory(joined_on=joined, email=None) for _ in range(390)]
    for i, v in enumerate(vols):
        if i < 300:
            db.session.add(ProgrammeMembership(volunteer_id=v.id, programme=Programme.SPECIAL, started_on=joined))
        else:  # 90 leavers in the window, replaced by 90 joiners before it: headcount 390 -> 300? keep 300 average
            db.session.add(
                ProgrammeMembership(
                    volunteer_id=v.id,
                    programme=Programme.SPECIAL,
                    started_on=joined,
                    ended_on=start + timedelta(days=100),
                )
            )
    for i in range(178):
        outcome = ApplicationOutcome.JOINED if i < 40 else ApplicationOutcome.REJECTED
        ApplicationFactory(applied_on=start, outcome=outcome, closed_on=start + timedelta(days=50), outcome_reason="x")
    db.session.commit()
    inputs = recruitment_forecast(end, 600, 365)
    assert inputs.left == 90 and inputs.headcount_start == 390 and inputs.headcount_end == 300
    assert inputs.cohort_joined == 40 and inputs.cohort_applications == 178
    assert round(inputs.conversion, 3) == 0.225
    # turnover = 90 / 345 per 365/365.25 years
    assert inputs.forecast.joiners_needed == 157
    assert abs(inputs.forecast.applications_needed - 157 / 0.2247) <= 2
    page = as_role(Role.COORDINATOR).get("/volunteers/applications/report").get_data(as_text=True)
    assert "applications a year" in page


def test_report_with_no_data_says_why(as_role, db):
    page = as_role(Role.COORDINATOR).get("/volunteers/applications/report?target=abc").get_data(as_text=True)
    assert "cannot be measured" in page
