"""The demo data set reproduces the Commissioner's 2023 figures, and the CLI refuses to seed twice."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestingConfig
from core.auth.services import authenticate
from core.extensions import db
from core.factory import create_app
from core.models import User
from scheduling.models import Duty, DutyStatus
from schemes.models import (
    AgreementStatus,
    CadetUnit,
    CsasOrganisation,
    CsasPerson,
    CscAgreement,
    CscPost,
    EspBusiness,
    EspStatus,
    InterestStage,
    PostState,
    SpeedWatchGroup,
    SpeedWatchSession,
    UnitStatus,
    WatchInterest,
    WatchMemberSnapshot,
    WatchScheme,
    WatchSchemeType,
)
from volunteers.models import (
    Cadet,
    CadetLeader,
    LearningStage,
    Programme,
    ProgrammeMembership,
    SpecialConstable,
    Volunteer,
    VolunteerStatus,
)

TODAY = date(2026, 11, 22)
PASSWORD = "cip-demo-2026"
LOGINS = [
    "admin@example.org",
    "coordinator@example.org",
    "supervisor@example.org",
    "special@example.org",
    "csc@example.org",
    "parish@example.org",
    "returns@example.org",
    "employer@example.org",
]


def _app(tmp_path):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
        RATELIMIT_ENABLED = False

    app = create_app(Config)
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory):
    """A migrated SQLite database holding the demo data as of 22 November 2026 (read-only: seeded once)."""
    from sampledata.demo.seed import seed_demo

    app = _app(tmp_path_factory.mktemp("seeded"))
    with app.app_context():
        started = time.perf_counter()
        lines = seed_demo(password=PASSWORD, today=TODAY)
        elapsed = time.perf_counter() - started
        print(f"seed_demo took {elapsed:.1f} s")
        assert elapsed < 30
        app.config["SEED_SUMMARY"] = lines
        db.session.remove()
    return app


@pytest.fixture
def seeded_app(seeded_database):
    """The seeded app with an application context pushed for the test."""
    with seeded_database.app_context():
        yield seeded_database
        db.session.remove()


def count(stmt) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))


def open_members(programme: Programme) -> int:
    return count(
        sa.select(ProgrammeMembership.id).where(
            ProgrammeMembership.programme == programme, ProgrammeMembership.ended_on.is_(None)
        )
    )


def active_specials():
    return sa.select(SpecialConstable.volunteer_id).join(Volunteer).where(Volunteer.status == VolunteerStatus.ACTIVE)


def members(scheme: str, on: date) -> int:
    return db.session.scalar(
        sa.select(WatchMemberSnapshot.members)
        .join(WatchScheme)
        .where(WatchScheme.name == scheme, WatchMemberSnapshot.recorded_on <= on)
        .order_by(WatchMemberSnapshot.recorded_on.desc())
        .limit(1)
    )


def test_specials_and_cscs(seeded_app):
    assert count(active_specials()) == 284
    assert open_members(Programme.SPECIAL) == 284
    assert count(sa.select(Volunteer.id).join(SpecialConstable).where(Volunteer.status == VolunteerStatus.LEFT)) >= 30
    in_post = sa.select(CscPost.id, CscAgreement.parish_id).join(CscAgreement).where(CscPost.state == PostState.IN_POST)
    assert count(in_post) == 11
    assert db.session.scalar(sa.select(sa.func.count(sa.distinct(in_post.subquery().c.parish_id)))) == 8
    holders = active_specials().join(CscPost, CscPost.id == SpecialConstable.csc_post_id)
    assert count(holders.where(CscPost.state == PostState.IN_POST)) == 11
    trainees = holders.where(
        CscPost.state == PostState.IN_TRAINING, SpecialConstable.stage == LearningStage.ACCOMPANIED_PATROL
    )
    assert count(trainees) == 4
    assert open_members(Programme.CSC) == 15
    by_status = dict(
        db.session.execute(sa.select(CscAgreement.status, sa.func.count()).group_by(CscAgreement.status)).all()
    )
    assert by_status == {AgreementStatus.ACTIVE: 65, AgreementStatus.UNABLE_TO_RECRUIT: 36}
    # stage dates in order and from the joining date
    for sc, joined in db.session.execute(sa.select(SpecialConstable, Volunteer.joined_on).join(Volunteer)):
        dates = [
            d
            for d in (sc.initial_learning_on, sc.accompanied_patrol_on, sc.independent_patrol_on, sc.qualified_on)
            if d
        ]
        assert dates == sorted(dates) and dates[0] == joined


def test_csc_summer_duties_in_own_parish(seeded_app):
    row = db.session.execute(
        sa.select(sa.func.count(), sa.func.sum(Duty.minutes))
        .join(SpecialConstable, SpecialConstable.volunteer_id == Duty.volunteer_id)
        .join(CscPost, CscPost.id == SpecialConstable.csc_post_id)
        .join(CscAgreement)
        .where(
            CscPost.state == PostState.IN_POST,
            Duty.status == DutyStatus.APPROVED,
            Duty.duty_date.between(date(2026, 7, 1), date(2026, 8, 31)),
        )
        .where(Duty.parish_id == CscAgreement.parish_id)
    ).one()
    assert tuple(row) == (50, 21_660)
    all_summer = count(
        sa.select(Duty.id)
        .join(SpecialConstable, SpecialConstable.volunteer_id == Duty.volunteer_id)
        .join(CscPost, CscPost.id == SpecialConstable.csc_post_id)
        .where(CscPost.state == PostState.IN_POST, Duty.duty_date.between(date(2026, 7, 1), date(2026, 8, 31)))
    )
    assert all_summer == 50
    for duty in db.session.scalars(sa.select(Duty).limit(200)):
        assert duty.starts_at.tzinfo is not None
        assert duty.minutes == (duty.ends_at - duty.starts_at).total_seconds() / 60


def test_employer_supported_policing(seeded_app):
    by_status = dict(
        db.session.execute(sa.select(EspBusiness.status, sa.func.count()).group_by(EspBusiness.status)).all()
    )
    assert by_status[EspStatus.REGISTERED] == 71
    assert by_status[EspStatus.PROSPECT] + by_status[EspStatus.ENGAGED] == 90
    assert (
        count(
            sa.select(EspBusiness.id).where(EspBusiness.is_force.is_(True), EspBusiness.status == EspStatus.REGISTERED)
        )
        == 1
    )
    assert count(active_specials().where(SpecialConstable.esp_business_id.is_not(None))) == 74
    assert count(active_specials().join(EspBusiness).where(EspBusiness.is_force.is_(True))) == 34


def test_cadets_leaders_and_active_citizens(seeded_app):
    assert open_members(Programme.CADET) == 144
    assert open_members(Programme.CADET_LEADER) == 72
    assert count(sa.select(CadetLeader.volunteer_id)) == 72
    units = dict(db.session.execute(sa.select(CadetUnit.status, sa.func.count()).group_by(CadetUnit.status)).all())
    assert units == {UnitStatus.OPEN: 9, UnitStatus.REOPENING: 4}
    reopening_cadets = sa.select(Cadet.volunteer_id).join(CadetUnit).where(CadetUnit.status == UnitStatus.REOPENING)
    assert count(reopening_cadets) == 0
    leader_specials = sa.select(CadetLeader.volunteer_id).join(
        SpecialConstable, SpecialConstable.volunteer_id == CadetLeader.volunteer_id
    )
    assert count(leader_specials) == 3
    for cadet, dob in db.session.execute(sa.select(Cadet, Volunteer.date_of_birth).join(Volunteer)):
        age = TODAY.year - dob.year - ((TODAY.month, TODAY.day) < (dob.month, dob.day))
        assert (10 <= age <= 12) if cadet.is_junior else (13 <= age <= 17)
    ageing_out = [
        dob
        for (dob,) in db.session.execute(sa.select(Volunteer.date_of_birth).join(Cadet))
        if dob.replace(year=dob.year + 18) <= TODAY + timedelta(days=90)
    ]
    assert ageing_out
    assert open_members(Programme.ACTIVE_CITIZEN) == 128


def test_watch_schemes(seeded_app):
    nw = db.session.scalar(sa.select(WatchSchemeType.id).where(WatchSchemeType.name == "Neighbourhood Watch"))
    others = db.session.scalars(sa.select(WatchScheme.name).where(WatchScheme.type_id != nw)).all()
    assert len(others) == 15
    assert sum(members(name, TODAY) for name in others) == 80_000
    assert members("Essex Neighbourhood Watch", TODAY) == 105_000
    assert members("Essex Dog Watch", TODAY) == 3_108
    assert members("Essex Dog Watch", TODAY) - members("Essex Dog Watch", date(2026, 6, 1)) == 123
    assert members("Essex Farm and Rural Watch", TODAY) == 772
    assert members("Essex Farm and Rural Watch", TODAY) - members("Essex Farm and Rural Watch", date(2026, 6, 1)) == 5
    horse = (
        sa.select(WatchInterest.id)
        .join(WatchScheme, WatchScheme.id == WatchInterest.scheme_id)
        .where(WatchScheme.name == "Essex Horse Watch", WatchInterest.stage == InterestStage.AWAITING_VISIT)
    )
    assert count(horse) == 27


def test_speed_watch_and_csas(seeded_app):
    assert count(sa.select(SpeedWatchGroup.id)) == 103
    assert open_members(Programme.SPEED_WATCH) == 899
    letters = db.session.scalar(
        sa.select(sa.func.sum(SpeedWatchSession.first_letters + SpeedWatchSession.final_letters)).where(
            SpeedWatchSession.session_date > TODAY - timedelta(days=365), SpeedWatchSession.session_date <= TODAY
        )
    )
    assert letters == 11_203
    recent = count(sa.select(SpeedWatchGroup.id).where(SpeedWatchGroup.started_on > TODAY - timedelta(days=365)))
    assert 10 <= recent <= 14
    assert count(sa.select(CsasOrganisation.id)) == 53
    assert count(sa.select(CsasPerson.id).where(CsasPerson.active.is_(True))) == 350


def test_nobody_waits_on_a_shift_with_a_free_place_and_a_few_shifts_are_cancelled(seeded_app):
    from scheduling.rosters.signups import waiting_while_free

    assert waiting_while_free() == []
    from scheduling.models import Shift

    reasons = db.session.scalars(sa.select(Shift.cancel_reason).where(Shift.cancelled.is_(True))).all()
    assert 1 <= len(reasons) <= 5 and all(reasons)  # the roster's Cancelled column has something to show


def test_summary_and_logins(seeded_app):
    lines = seeded_app.config["SEED_SUMMARY"]
    assert lines[0].startswith("284 Special Constables (11 CSCs in post across 8 parishes, 4 in training)")
    for email in LOGINS:
        user = authenticate(email, PASSWORD)
        assert user is not None, email
    special = authenticate("special@example.org", PASSWORD)
    assert special.volunteer.email == "special@example.org"
    assert special.volunteer.special.esp_business_id is not None
    employer = authenticate("employer@example.org", PASSWORD)
    assert not employer.esp_business.is_force
    with_esp_duties = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Duty.volunteer_id))).where(
            Duty.is_esp.is_(True), Duty.esp_business_id == employer.esp_business_id
        )
    )
    assert with_esp_duties >= 2
    parish = authenticate("parish@example.org", PASSWORD)
    assert parish.parish.council_name == "Billericay Town Council"
    csc = authenticate("csc@example.org", PASSWORD)
    assert csc.volunteer.special.csc_post.state == PostState.IN_POST
    assert authenticate("returns@example.org", PASSWORD).compiles_returns
    assert not authenticate("coordinator@example.org", PASSWORD).compiles_returns


def test_equality_answers_have_a_plausible_spread(seeded_app):
    from equality.models import EqualityAnswers

    sexes = dict(
        db.session.execute(sa.select(EqualityAnswers.sex, sa.func.count()).group_by(EqualityAnswers.sex)).all()
    )
    assert sexes["male"] > sexes["female"] > sexes["prefer_not_to_say"] > 0 and sexes[None] > 0
    answered = sum(sexes.values())
    assert 0.8 * open_members(Programme.SPECIAL) < answered < count(sa.select(Volunteer.id))


def test_cli_refuses_a_second_seed(tmp_path):
    app = _app(tmp_path)
    app.config["MAIL_SERVER"] = "127.0.0.1"  # email configured: the seeded past is still not emailed to anyone
    app.config["BASE_URL"] = "https://cip.example.org"
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "284 Special Constables" in first.output
    with app.app_context():
        from notices.outbox.models import OutboxMessage

        outbox = db.session.execute(sa.select(OutboxMessage.subject, OutboxMessage.body)).all()
        assert len(outbox) == 4, "only the demo's four outbox messages, one in each state"
        assert all("https://cip.example.org/scheduling/my-shifts" in body for _, body in outbox), outbox[0]
        assert app.config["MAIL_SERVER"] == "127.0.0.1"
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code != 0
    assert "already holds data" in second.output
    quiet = runner.invoke(args=["seed-demo", "--if-empty"])
    assert quiet.exit_code == 0 and "not loaded" in quiet.output
    forced = runner.invoke(args=["seed-demo", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "284 Special Constables" in forced.output


def test_the_app_can_add_rows_after_the_seed_on_either_engine(app, db):
    """The seed chooses ids itself; on PostgreSQL the id sequences must be moved past them."""
    from core.models import Command, District
    from sampledata.demo.seed import seed_demo

    seed_demo(password=PASSWORD, today=date(2026, 11, 22))
    command = db.session.scalars(sa.select(Command)).first()
    db.session.add(District(name="A new district", command_id=command.id))
    db.session.commit()


def test_cip_check_finds_nothing_after_the_seed_and_each_kind_of_drift(app, db):
    """`flask cip check` on the demo data (both engines) reports no difference; a ledger row, an open history
    row and a stamp changed behind the hooks' back are each reported, and the command then exits 1."""
    from core.data_versions import DataVersion
    from history.models import SpecialAssignment
    from sampledata.demo.seed import seed_demo
    from scheduling.models import DutyMonthTotal

    seed_demo(password=PASSWORD, today=date(2026, 11, 22))
    db.session.commit()
    runner = app.test_cli_runner()
    clean = runner.invoke(args=["cip", "check"])
    assert clean.exit_code == 0, clean.output
    assert clean.output.count("no difference") == 3

    ledger_row = db.session.scalars(sa.select(DutyMonthTotal).limit(1)).one()
    assert db.session.execute(
        sa.update(DutyMonthTotal.__table__).where(DutyMonthTotal.__table__.c.id == ledger_row.id).values(minutes=1)
    ).rowcount
    assignments = SpecialAssignment.__table__
    moved = db.session.scalar(sa.select(assignments.c.id).where(assignments.c.valid_to.is_(None)).limit(1))
    db.session.execute(sa.update(assignments).where(assignments.c.id == moved).values(rank_id=None, command_id=None))
    db.session.execute(sa.delete(DataVersion.__table__).where(DataVersion.__table__.c.name == "roster"))
    db.session.commit()

    drift = runner.invoke(args=["cip", "check"])
    assert drift.exit_code == 1
    assert "Hours ledger: 1 differences" in drift.output or "Hours ledger: 2 differences" in drift.output
    assert "Dated history: 1 differences" in drift.output and "special_assignments" in drift.output
    assert "Data versions: 1 differences" in drift.output and "'roster'" in drift.output


def test_kit_in_the_demo(seeded_app):
    """Stock and issues, a leaver still holding a radio (checklist open), armour due for replacement."""
    from kit import outstanding
    from kit.models import LeavingChecklist

    admin = db.session.scalar(sa.select(User).where(User.email == "admin@example.org"))
    figures = {f.name: outstanding.count(f, admin, TODAY) for f in outstanding.figures_for(admin)}
    assert figures["radios_not_returned"] >= 1 and figures["armour_due"] >= 1 and figures["stock_low"] >= 1
    assert count(sa.select(LeavingChecklist.id).where(LeavingChecklist.closed_on.is_(None))) >= 1


def test_training_claims_in_the_demo(seeded_app):
    """Some Specials claimed mileage to a recent course (never a parish's cost); the demo Special's are unclaimed."""
    from expenses.models import ClaimedTraining, ExpenseClaim
    from expenses.training import claimable_training

    claims = db.session.scalars(sa.select(ExpenseClaim).join(ClaimedTraining)).all()
    assert claims and all(c.post_id is None and c.training is not None for c in claims)
    special = db.session.scalar(sa.select(User).where(User.email == "special@example.org"))
    assert claimable_training(special.volunteer_id, claims[0].kind)
