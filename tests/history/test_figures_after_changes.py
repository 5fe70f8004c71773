"""Each dated fact: a past quarter's figures stay the same after the fact changes today; today's quarter sees it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.dates import today
from dashboard.periods import quarter_of
from dashboard.services import compute_figures
from schemes.cadets.services import save_unit
from schemes.models import AgreementStatus, EspEngagement, EspStatus, PostState, UnitStatus
from schemes.parishes.posts import update_post
from tests import factories as f
from tests.factories import dated as d
from volunteers.lifecycle import update_role
from volunteers.models import LearningStage

LONG_AGO = date(2021, 1, 4)


def _now():
    """This quarter, read when the test runs (never at import)."""
    return quarter_of(today())


def _past():
    """The last quarter."""
    return quarter_of(_now().start - timedelta(days=1))


def _both() -> tuple[dict, dict]:
    return compute_figures(_past()), compute_figures(_now())


def _by_command(figures: dict) -> dict[str, int]:
    return {c["command"]: c["count"] for c in figures["specials"]["by_command"]}


def _posts(figures: dict) -> dict[str, int]:
    return {p["state"]: p["count"] for p in figures["csc"]["posts_by_state"]}


def _by_rank(figures: dict) -> dict[str, int]:
    return {r["rank"]: r["count"] for r in figures["specials"]["by_rank"]}


def _statuses(figures: dict) -> dict[str, str | None]:
    return {u["unit"]: u["status"] for u in figures["cadets"]["by_unit"]}


def _units(figures: dict, key: str) -> dict[str, int]:
    return {u["unit"]: u[key] for u in figures["cadets"]["by_unit"] if u[key]}


def _districts(figures: dict) -> dict[str, int]:
    return {row["district"]: row["count"] for row in figures["active_citizens"]["by_district"]}


def test_a_special_moving_command(db):
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    sc = d.special(joined=LONG_AGO, command=north, stage=LearningStage.QUALIFIED, qualified=date(2022, 1, 1))
    d.special(joined=LONG_AGO, command=south)
    db.session.commit()
    before = compute_figures(_past())
    assert _by_command(before) == {"North LPA": 1, "South LPA": 1}

    update_role(sc.volunteer, "special", {"command_id": south.id}, today())
    db.session.commit()
    past, now = _both()
    assert _by_command(past) == {"North LPA": 1, "South LPA": 1}
    assert past == before
    assert _by_command(now) == {"South LPA": 2}


def test_a_special_promoted(db):
    constable = f.RankFactory(name="Special Constable", seniority=1)
    sergeant = f.RankFactory(name="Special Sergeant", seniority=2)
    sc = d.special(joined=LONG_AGO, rank=constable, stage=LearningStage.QUALIFIED, qualified=date(2022, 1, 1))
    d.special(joined=LONG_AGO, rank=constable)
    db.session.commit()
    before = compute_figures(_past())
    assert _by_rank(before) == {"Special Constable": 2}

    update_role(sc.volunteer, "special", {"rank_id": sergeant.id}, today())
    db.session.commit()
    past, now = _both()
    assert past == before
    assert _by_rank(now) == {"Special Constable": 1, "Special Sergeant": 1}


def test_a_csc_moving_to_another_parish_post(db):
    first, second = f.CscPostFactory(), f.CscPostFactory(state=PostState.RECRUITING)
    csc = d.csc(first, joined=LONG_AGO, csc_since=date(2022, 6, 1))
    d.duty(csc.volunteer, _past().start + timedelta(days=10), minutes=180, parish=first.agreement.parish)
    db.session.commit()
    before = compute_figures(_past())
    own = before["csc"]["duties_in_own_parishes"]
    assert (own["cscs"], own["duties"], own["minutes"]) == (1, 1, 180)
    assert before["csc"]["parishes_with_csc_in_post"] == 1

    # Recorded as the services do it: the first post falls vacant, the officer takes the second post.
    update_post(first, PostState.VACANT_AFTER_LEAVER.value, today(), None)
    update_post(second, PostState.IN_POST.value, today(), csc.volunteer_id)
    d.duty(csc.volunteer, today(), minutes=60, parish=second.agreement.parish)
    db.session.commit()
    past, now = _both()
    assert past == before
    assert _posts(past)[PostState.IN_POST.value] == 1 and _posts(past)[PostState.RECRUITING.value] == 1
    assert _posts(now)[PostState.IN_POST.value] == 1 and _posts(now)[PostState.VACANT_AFTER_LEAVER.value] == 1
    assert now["csc"]["parishes_with_csc_in_post"] == 1
    own_now = now["csc"]["duties_in_own_parishes"]
    assert (own_now["duties"], own_now["minutes"]) == (1, 60)


def test_a_special_changing_employer(db):
    business = f.EspBusinessFactory(status=EspStatus.REGISTERED, is_force=True)
    db.session.add(EspEngagement(business=business, occurred_on=date(2020, 1, 1), status=EspStatus.REGISTERED))
    sc = d.special(joined=LONG_AGO, esp_business=business)
    db.session.commit()
    before = compute_figures(_past())
    assert (before["esp"]["specials_benefiting"], before["esp"]["force_staff"]) == (1, 1)

    sc.esp_business = None
    db.session.commit()
    past, now = _both()
    assert past == before
    assert (now["esp"]["specials_benefiting"], now["esp"]["force_staff"]) == (0, 0)


def test_a_post_changing_state(db):
    post = f.CscPostFactory(state=PostState.RECRUITING, state_since=date(2021, 5, 1))
    db.session.commit()
    before = compute_figures(_past())
    assert _posts(before)[PostState.RECRUITING.value] == 1

    post.state, post.state_since = PostState.APPLICANT_IN_PIPELINE, today()
    db.session.commit()
    past, now = _both()
    assert past == before
    assert _posts(now)[PostState.RECRUITING.value] == 0
    assert _posts(now)[PostState.APPLICANT_IN_PIPELINE.value] == 1


def test_a_post_created_today_is_not_in_a_past_quarter(db):
    f.CscPostFactory(state=PostState.RECRUITING, state_since=today())
    db.session.commit()
    past, now = _both()
    assert sum(_posts(past).values()) == 0
    assert _posts(now)[PostState.RECRUITING.value] == 1


def test_an_agreement_changing_status(db):
    agreement = f.CscAgreementFactory(status=AgreementStatus.ACTIVE, signed_on=date(2021, 4, 1))
    other = f.CscAgreementFactory(status=AgreementStatus.SIGNED, signed_on=date(2022, 4, 1))
    db.session.commit()
    before = compute_figures(_past())
    assert (before["csc"]["parishes_signed_and_recruited"], before["csc"]["parishes_signed_recruiting"]) == (1, 1)

    agreement.status = AgreementStatus.UNABLE_TO_RECRUIT
    other.status = AgreementStatus.ACTIVE
    db.session.commit()
    past, now = _both()
    assert past == before
    assert (now["csc"]["parishes_signed_and_recruited"], now["csc"]["parishes_signed_unable_to_recruit"]) == (1, 1)
    assert now["csc"]["parishes_signed_recruiting"] == 0


def test_a_cadet_and_a_leader_moving_unit(db):
    first, second = f.CadetUnitFactory(name="Colchester VPC"), f.CadetUnitFactory(name="Harlow VPC")
    cadet = d.cadet(first, date(2024, 9, 1), born=today().replace(year=today().year - 15))
    leader = d.cadet_leader(first, date(2023, 1, 1))
    db.session.commit()
    before = compute_figures(_past())
    assert _units(before, "cadets") == {"Colchester VPC": 1} and _units(before, "leaders") == {"Colchester VPC": 1}

    cadet.cadet.unit = second
    leader.cadet_leader.cadet_unit_id = second.id
    db.session.commit()
    past, now = _both()
    assert past == before
    assert _units(now, "cadets") == {"Harlow VPC": 1} and _units(now, "leaders") == {"Harlow VPC": 1}
    assert now["cadets"]["units_with_members"] == 1


def test_a_volunteer_moving_district(db):
    basildon, tendring = f.DistrictFactory(name="Basildon"), f.DistrictFactory(name="Tendring")
    person = d.active_citizen(basildon, date(2023, 3, 1))
    d.active_citizen(tendring, date(2023, 3, 1))
    db.session.commit()
    before = compute_figures(_past())
    assert _districts(before) == {"Basildon": 1, "Tendring": 1}

    person.district = tendring
    db.session.commit()
    past, now = _both()
    assert past == before
    assert _districts(now) == {"Tendring": 2}


@pytest.mark.parametrize("change", ["stop", "restart"])
def test_a_speed_watch_group_stopping_or_restarting(db, change):
    group = f.SpeedGroupFactory(started_on=date(2023, 1, 1), active=change == "stop")
    f.SpeedGroupFactory(started_on=date(2023, 1, 1))
    db.session.commit()
    before = compute_figures(_past())
    assert before["speed_watch"]["groups"] == (2 if change == "stop" else 1)

    group.active = not group.active
    db.session.commit()
    past, now = _both()
    assert past == before
    assert now["speed_watch"]["groups"] == (1 if change == "stop" else 2)


@pytest.mark.parametrize(
    ("was", "becomes"),
    [
        (UnitStatus.OPEN, UnitStatus.CLOSED),
        (UnitStatus.CLOSED, UnitStatus.REOPENING),
        (UnitStatus.REOPENING, UnitStatus.OPEN),
    ],
)
def test_a_cadet_unit_closing_or_reopening(db, was, becomes):
    unit = d.cadet_unit(LONG_AGO, name="Colchester VPC", status=was)
    d.cadet_unit(LONG_AGO, name="Harlow VPC", status=UnitStatus.OPEN)
    d.cadet(unit, date(2024, 9, 1), born=today().replace(year=today().year - 15))
    db.session.commit()
    before = compute_figures(_past())
    assert _statuses(before) == {"Colchester VPC": was.value, "Harlow VPC": "open"}
    assert before["cadets"]["units_open"] == 1 + (was == UnitStatus.OPEN)

    # Recorded as the cadet units screen does it.
    save_unit(
        unit, name=unit.name, place=unit.place, district_id=unit.district_id, capacity=unit.capacity, status=becomes
    )
    db.session.commit()
    past, now = _both()
    assert past == before
    assert _statuses(now) == {"Colchester VPC": becomes.value, "Harlow VPC": "open"}
    assert now["cadets"]["units_open"] == 1 + (becomes == UnitStatus.OPEN)
    assert now["cadets"]["units_reopening"] == (["Colchester VPC"] if becomes == UnitStatus.REOPENING else [])


def test_a_cadet_unit_made_today_is_not_in_a_past_quarter(db):
    f.CadetUnitFactory(name="Witham VPC", status=UnitStatus.REOPENING)
    db.session.commit()
    past, now = _both()
    assert _statuses(past) == {} and past["cadets"]["units_reopening"] == []
    assert _statuses(now) == {"Witham VPC": "reopening"} and now["cadets"]["units_reopening"] == ["Witham VPC"]
