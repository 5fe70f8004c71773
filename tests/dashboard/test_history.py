"""A past period gives the same figures after later changes to the records."""

from __future__ import annotations

from datetime import date

from dashboard.periods import Period
from dashboard.services import compute_figures
from schemes.models import EspEngagement, EspStatus, UnitStatus
from tests import factories as f
from tests.dashboard.test_csc_figures import build_fifty_duties
from tests.factories import dated as d
from volunteers.models import ApplicationOutcome, ApplicationStage, LearningStage, Programme

Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))
JULY_AUGUST = Period(date(2026, 7, 1), date(2026, 8, 31))


def _world(db):
    """A small county: Specials, CSCs with duties, cadets, Active Citizens, watch, Speed Watch, applications."""
    parishes = [f.ParishFactory() for _ in range(8)]
    posts = []
    for index, parish in enumerate(parishes):
        agreement = f.CscAgreementFactory(parish=parish)
        posts.append(f.CscPostFactory(agreement=agreement, post_number=1))
        if index < 3:
            posts.append(f.CscPostFactory(agreement=agreement, post_number=2))
    cscs = [d.csc(post, joined=date(2021, 1, 4), csc_since=date(2022, 6, 1)) for post in posts]
    build_fifty_duties(cscs)
    specials = [
        d.special(stage=LearningStage.ACCOMPANIED_PATROL, accompanied=date(2026, 8, 1), joined=date(2026, 5, 1))
        for _ in range(3)
    ]
    business = f.EspBusinessFactory(status=EspStatus.REGISTERED)
    db.session.add(EspEngagement(business=business, occurred_on=date(2024, 1, 1), status=EspStatus.REGISTERED))
    d.special(esp_business=business)
    unit = d.cadet_unit(date(2019, 9, 1))
    d.cadet_unit(date(2019, 9, 1), status=UnitStatus.REOPENING)
    for _ in range(4):
        d.cadet(unit, date(2025, 9, 1))
    d.cadet_leader(unit, date(2024, 1, 1))
    district = f.DistrictFactory()
    d.active_citizen(district, date(2025, 1, 1))
    scheme = f.WatchSchemeFactory()
    d.snapshot(scheme, date(2026, 6, 1), 1000)
    d.snapshot(scheme, date(2026, 9, 1), 1100)
    group = f.SpeedGroupFactory(started_on=date(2024, 1, 1))
    d.speed_session(group, date(2026, 7, 15), first=4, final=1)
    d.person_in(Programme.SPEED_WATCH, date(2025, 1, 1))
    d.application(date(2026, 7, 5), {ApplicationStage.SIFT: date(2026, 7, 9)})
    for sc in specials:
        d.vetting(sc.volunteer, date(2020, 1, 1), date(2026, 11, 1))
    db.session.commit()
    return {
        "cscs": cscs,
        "specials": specials,
        "unit": unit,
        "scheme": scheme,
        "group": group,
        "business": business,
        "district": district,
        "parishes": parishes,
    }


def _later_changes(db, world) -> None:
    """Everything that happens after the period: joiners, leavers, duties, promotions, snapshots ..."""
    for sc in world["cscs"][:3]:
        for spell in sc.volunteer.memberships:
            spell.ended_on = date(2026, 11, 1)
        d.duty(sc.volunteer, date(2026, 10, 5), minutes=300, parish=sc.csc_post.agreement.parish)
    sergeant = f.RankFactory(name="Special Sergeant")
    for sc in world["specials"]:
        sc.independent_patrol_on = date(2026, 12, 1)
        sc.stage = LearningStage.INDEPENDENT_PATROL
        sc.rank = sergeant
    world["unit"].status = UnitStatus.CLOSED
    f.CadetUnitFactory()
    d.special(joined=date(2026, 10, 10))
    d.duty(world["cscs"][5].volunteer, date(2026, 10, 1), minutes=600, parish=world["parishes"][0])
    d.cadet(world["unit"], date(2026, 11, 1))
    d.cadet_leader(world["unit"], date(2026, 12, 1))
    d.active_citizen(world["district"], date(2026, 10, 20))
    d.snapshot(world["scheme"], date(2026, 10, 1), 5000)
    d.speed_session(world["group"], date(2026, 10, 2), first=50)
    f.SpeedGroupFactory(started_on=date(2026, 10, 1))
    d.person_in(Programme.SPEED_WATCH, date(2026, 10, 1))
    db.session.add(EspEngagement(business=world["business"], occurred_on=date(2026, 10, 9), status=EspStatus.LEFT))
    world["business"].status = EspStatus.LEFT
    d.application(date(2026, 10, 3))
    later = d.application(date(2026, 11, 1), {ApplicationStage.SIFT: date(2026, 11, 2)})
    later.outcome, later.closed_on = ApplicationOutcome.REJECTED, date(2026, 11, 5)
    for sc in world["specials"]:
        d.vetting(sc.volunteer, date(2026, 10, 20), date(2031, 10, 20))
    db.session.commit()


def test_a_past_period_gives_the_same_figures_after_later_changes(db):
    world = _world(db)
    before_q3 = compute_figures(Q3)
    before_summer = compute_figures(JULY_AUGUST)
    own = before_summer["csc"]["duties_in_own_parishes"]
    assert (own["cscs"], own["parishes"], own["duties"], own["hours"]) == (11, 8, 50, 361)
    _later_changes(db, world)
    after_q3 = compute_figures(Q3)
    after_summer = compute_figures(JULY_AUGUST)
    assert after_q3 == before_q3
    assert after_summer == before_summer
    assert (before_q3["cadets"]["units_open"], len(before_q3["cadets"]["units_reopening"])) == (1, 1)
    # ... while a period that includes the changes sees them.
    autumn = compute_figures(Period(date(2026, 10, 1), date(2026, 12, 31)))
    assert next(h for h in autumn["headcount"] if h["programme"] == "special")["left"] == 3
    assert autumn["watch"]["members_end"] == 5000
