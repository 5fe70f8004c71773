"""Each figure against a small hand-built data set."""

from __future__ import annotations

from datetime import date

from dashboard.periods import Period
from dashboard.services import compute_figures
from scheduling.models import DutyStatus
from schemes.models import EspEngagement, EspStatus
from tests import factories as f
from tests.factories import dated as d
from volunteers.models import ApplicationOutcome, ApplicationStage, LearningStage, Programme

Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))


def _headcount(figures, programme):
    return next(h for h in figures["headcount"] if h["programme"] == programme)


def test_headcount_at_the_end_and_change_over_the_period(db):
    d.special(joined=date(2020, 1, 1))  # there throughout
    d.special(joined=date(2020, 1, 1), left=date(2026, 8, 15))  # left in the period
    d.special(joined=date(2020, 1, 1), left=date(2026, 7, 1))  # left on the first day: counted at the start only
    d.special(joined=date(2026, 7, 1))  # joined on the first day
    d.special(joined=date(2026, 9, 30))  # joined on the last day
    d.special(joined=date(2026, 10, 1))  # joined after the period
    d.special(joined=date(2019, 1, 1), left=date(2025, 1, 1))  # long gone
    d.person_in(Programme.CADET, date(2026, 8, 1))
    figures = compute_figures(Q3)
    specials = _headcount(figures, "special")
    assert (specials["start"], specials["end"], specials["change"]) == (3, 3, 0)
    assert (specials["joined"], specials["left"]) == (2, 2)
    cadets = _headcount(figures, "cadet")
    assert (cadets["start"], cadets["end"], cadets["change"]) == (0, 1, 1)
    assert _headcount(figures, "active_citizen")["end"] == 0
    series = figures["series"]
    assert series["dates"][-1] == "2026-09-30" and series["dates"][-2] == "2026-08-31"
    assert series["headcount"]["special"][-1] == 3
    assert series["headcount"]["special"][-2] == 2  # 31 August: the one there throughout and the 1 July joiner


def test_specials_by_stage_on_the_last_day_and_by_command(db):
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    d.special(
        command=north,
        stage=LearningStage.QUALIFIED,
        accompanied=date(2021, 1, 1),
        independent=date(2022, 1, 1),
        qualified=date(2023, 1, 1),
    )
    # Qualified after the period: independent patrol on 30 September.
    d.special(
        command=north,
        stage=LearningStage.QUALIFIED,
        accompanied=date(2021, 1, 1),
        independent=date(2022, 1, 1),
        qualified=date(2026, 10, 2),
    )
    d.special(command=south, stage=LearningStage.ACCOMPANIED_PATROL, accompanied=date(2026, 9, 1))
    d.special(command=south, stage=LearningStage.INITIAL_LEARNING, joined=date(2026, 9, 10))
    d.special(command=south, joined=date(2026, 10, 5))  # after the period
    figures = compute_figures(Q3)
    stages = {s["stage"]: s["count"] for s in figures["specials"]["by_stage"]}
    assert stages == {"initial_learning": 1, "accompanied_patrol": 1, "independent_patrol": 1, "qualified": 1}
    commands = {c["command"]: c["count"] for c in figures["specials"]["by_command"]}
    assert commands == {"North LPA": 2, "South LPA": 2}
    assert figures["specials"]["total"] == 4


def test_parish_agreements_signed_by_the_end(db):
    from schemes.models import AgreementStatus

    f.CscAgreementFactory(status=AgreementStatus.ACTIVE, signed_on=date(2019, 1, 1))
    f.CscAgreementFactory(status=AgreementStatus.ACTIVE, signed_on=date(2026, 10, 1))  # signed after the period
    for _ in range(2):
        f.CscAgreementFactory(status=AgreementStatus.UNABLE_TO_RECRUIT, signed_on=date(2020, 5, 1))
    csc = compute_figures(Q3)["csc"]
    assert csc["parishes_signed_and_recruited"] == 1
    assert csc["parishes_signed_unable_to_recruit"] == 2


def test_esp_businesses_and_the_specials_they_benefit(db):
    force = f.EspBusinessFactory(name="Essex Police", is_force=True, status=EspStatus.REGISTERED)
    shop = f.EspBusinessFactory(status=EspStatus.REGISTERED)
    later = f.EspBusinessFactory(status=EspStatus.REGISTERED)
    db.session.add_all(
        [
            EspEngagement(business=later, occurred_on=date(2026, 5, 1), status=EspStatus.ENGAGED),
            EspEngagement(business=later, occurred_on=date(2026, 10, 3), status=EspStatus.REGISTERED),
        ]
    )
    f.EspBusinessFactory(status=EspStatus.PROSPECT)
    for _ in range(3):
        d.special(esp_business=force)
    d.special(esp_business=shop)
    d.special(esp_business=shop, joined=date(2020, 1, 1), left=date(2026, 8, 1))  # left: not benefiting at the end
    d.special(esp_business=later)  # its employer registered after the period
    esp = compute_figures(Q3)["esp"]
    assert esp == {
        "businesses_registered": 2,
        "businesses_being_engaged": 2,
        "specials_benefiting": 4,
        "force_staff": 3,
    }


def test_cadets_and_leaders_per_unit(db):
    colchester, harlow = f.CadetUnitFactory(name="Colchester VPC"), f.CadetUnitFactory(name="Harlow VPC")
    for _ in range(3):
        d.cadet(colchester, date(2025, 9, 1))
    d.cadet(colchester, date(2025, 9, 1), junior=True, born=date(2014, 1, 1))
    d.cadet(harlow, date(2025, 9, 1))
    d.cadet(harlow, date(2025, 9, 1), ended=date(2026, 9, 1))  # left during the period
    d.cadet_leader(colchester, date(2024, 1, 1))
    d.cadet_leader(harlow, date(2024, 1, 1))
    d.cadet_leader(harlow, date(2026, 11, 1))  # after the period
    cadets = compute_figures(Q3)["cadets"]
    units = {u["unit"]: (u["cadets"], u["junior_cadets"], u["leaders"]) for u in cadets["by_unit"]}
    assert units == {"Colchester VPC": (3, 1, 1), "Harlow VPC": (1, 0, 1)}
    assert (cadets["cadets"], cadets["junior_cadets"], cadets["leaders"], cadets["units_with_members"]) == (4, 1, 2, 2)


def test_active_citizens_per_district(db):
    basildon, tendring = f.DistrictFactory(name="Basildon"), f.DistrictFactory(name="Tendring")
    for _ in range(2):
        d.active_citizen(basildon, date(2025, 1, 1))
    d.active_citizen(tendring, date(2026, 8, 1))
    d.active_citizen(tendring, date(2025, 1, 1), ended=date(2026, 7, 15))
    ac = compute_figures(Q3)["active_citizens"]
    assert [(row["district"], row["count"]) for row in ac["by_district"]] == [("Basildon", 2), ("Tendring", 1)]
    assert (ac["total"], ac["districts"]) == (3, 2)


def test_watch_members_and_growth_from_snapshots(db):
    dog, farm = f.WatchSchemeFactory(name="Dog Watch"), f.WatchSchemeFactory(name="Farm and Rural Watch")
    d.snapshot(dog, date(2026, 6, 1), 2985)
    d.snapshot(dog, date(2026, 8, 1), 3050)
    d.snapshot(dog, date(2026, 9, 20), 3108)
    d.snapshot(dog, date(2026, 10, 10), 3500)  # after the period
    d.snapshot(farm, date(2026, 6, 15), 767)
    d.snapshot(farm, date(2026, 9, 1), 772)
    watch = compute_figures(Q3)["watch"]
    schemes = {s["scheme"]: (s["start"], s["end"], s["change"]) for s in watch["by_scheme"]}
    assert schemes == {"Dog Watch": (2985, 3108, 123), "Farm and Rural Watch": (767, 772, 5)}
    assert (watch["members_start"], watch["members_end"], watch["change"]) == (3752, 3880, 128)


def test_speed_watch_groups_volunteers_and_letters(db):
    old = f.SpeedGroupFactory(started_on=date(2024, 1, 1))
    f.SpeedGroupFactory(started_on=date(2026, 8, 1))
    f.SpeedGroupFactory(started_on=date(2026, 12, 1))  # after the period
    d.speed_session(old, date(2026, 7, 2), first=10, final=2)
    d.speed_session(old, date(2026, 9, 30), first=5)
    d.speed_session(old, date(2026, 10, 1), first=99)  # after the period
    for _ in range(3):
        d.person_in(Programme.SPEED_WATCH, date(2025, 1, 1))
    sw = compute_figures(Q3)["speed_watch"]
    assert (sw["groups"], sw["new_groups"], sw["volunteers"]) == (2, 1, 3)
    assert (sw["sessions"], sw["first_letters"], sw["final_letters"], sw["letters"]) == (2, 15, 2, 17)


def test_duties_and_hours_by_programme_count_each_duty_once(db):
    sc = d.special()
    post = f.CscPostFactory()
    csc = d.csc(post, joined=date(2020, 1, 1), csc_since=date(2026, 8, 1))
    leader = d.cadet_leader(f.CadetUnitFactory(), date(2024, 1, 1))
    d.duty(sc.volunteer, date(2026, 7, 5), minutes=240)
    d.duty(sc.volunteer, date(2026, 7, 6), minutes=120, status=DutyStatus.PENDING)  # not approved
    d.duty(csc.volunteer, date(2026, 7, 20), minutes=180)  # still only a Special that day
    d.duty(csc.volunteer, date(2026, 8, 20), minutes=300)  # a CSC by then
    d.duty(leader, date(2026, 9, 1), minutes=120)
    d.duty(leader, date(2026, 10, 1), minutes=120)  # after the period
    d.duty(f.VolunteerFactory(), date(2026, 7, 7), minutes=60)  # in no programme that day
    duties = compute_figures(Q3)["duties"]
    by = {row["programme"]: (row["duties"], row["minutes"]) for row in duties["by_programme"]}
    assert by["special"] == (2, 420)
    assert by["csc"] == (1, 300)
    assert by["cadet_leader"] == (1, 120)
    assert by["none"] == (1, 60)
    assert (duties["duties"], duties["minutes"]) == (5, 900)


def test_hours_per_month_series(db):
    sc = d.special()
    d.duty(sc.volunteer, date(2026, 7, 5), minutes=240)
    d.duty(sc.volunteer, date(2026, 9, 30), minutes=90)
    d.duty(sc.volunteer, date(2025, 10, 1), minutes=60)  # the series' first month
    d.duty(sc.volunteer, date(2025, 9, 30), minutes=60)  # before the series
    series = compute_figures(Q3)["series"]
    assert series["months"][0] == "2025-10" and series["months"][-1] == "2026-09"
    hours = series["hours_by_programme"]["special"]
    assert hours[0] == 1.0 and hours[-3] == 4.0 and hours[-1] == 1.5
    assert sum(hours) == 6.5


def test_recruitment_pipeline_funnel_and_forecast(db):
    s = ApplicationStage
    d.application(date(2026, 7, 3))  # received, open at applied
    d.application(date(2026, 7, 10), {s.SIFT: date(2026, 7, 20), s.ASSESSMENT: date(2026, 10, 5)})  # sift on 30 Sep
    d.application(date(2026, 8, 1), {s.SIFT: date(2026, 8, 5)}, ApplicationOutcome.WITHDRAWN, date(2026, 8, 20))
    d.application(
        date(2026, 2, 1),
        {s.SIFT: date(2026, 2, 10), s.VETTING: date(2026, 5, 1), s.ATTESTED: date(2026, 9, 1)},
        ApplicationOutcome.JOINED,
        date(2026, 9, 1),
    )
    d.application(date(2026, 10, 2))  # after the period
    # The mature cohort (1 Oct 2024 - 30 Sep 2025): 4 applications, 1 joined.
    d.application(date(2025, 1, 5), {s.ATTESTED: date(2025, 8, 1)}, ApplicationOutcome.JOINED, date(2025, 8, 1))
    for _ in range(3):
        d.application(date(2025, 3, 1), {}, ApplicationOutcome.REJECTED, date(2025, 3, 10))
    for _ in range(2):
        d.special(joined=date(2020, 1, 1), left=date(2026, 3, 1))
    rec = compute_figures(Q3)["recruitment"]
    assert rec["received"] == 3
    assert (rec["joined"], rec["withdrawn"], rec["rejected"]) == (1, 1, 0)
    open_by_stage = {row["stage"]: row["count"] for row in rec["open_by_stage"]}
    assert rec["open"] == 2 and open_by_stage["applied"] == 1 and open_by_stage["sift"] == 1
    funnel = {row["stage"]: row["count"] for row in rec["funnel"]["stages"]}
    assert funnel["applied"] == 4 and funnel["sift"] == 3 and funnel["vetting"] == 1 and funnel["attested"] == 1
    assert funnel["assessment"] == 0  # entered after the period's end
    forecast = rec["forecast"]
    assert forecast["cohort_applications"] == 4 and forecast["cohort_joined"] == 1
    assert forecast["conversion"] == 0.25
    assert forecast["specials_left_last_12_months"] == 2
    assert forecast["applications_needed_to_hold_headcount"] == 8


def test_alerts_on_the_last_day(db):
    end = Q3.end
    soon = d.special()
    d.vetting(soon.volunteer, date(2020, 1, 1), date(2026, 11, 29))  # within 60 days of 30 September
    renewed = d.special()
    d.vetting(renewed.volunteer, date(2020, 1, 1), date(2026, 9, 1))
    d.vetting(renewed.volunteer, date(2026, 8, 1), date(2031, 8, 1))
    expired = d.special()
    d.vetting(expired.volunteer, date(2020, 1, 1), date(2026, 9, 30))
    gone = d.special(joined=date(2020, 1, 1), left=date(2026, 5, 1))
    d.vetting(gone.volunteer, date(2020, 1, 1), date(2026, 6, 1))  # left: no alert
    busy = d.special()
    for month in (7, 8, 9):
        d.duty(busy.volunteer, date(2026, month, 10), minutes=16 * 60)
    newcomer = d.special(joined=date(2026, 8, 1))  # not in post for 3 months yet
    d.duty(newcomer.volunteer, date(2026, 8, 10), minutes=60)
    unit = f.CadetUnitFactory()
    d.cadet(unit, date(2023, 1, 1), born=date(2008, 12, 1))  # 18 on 1 December 2026: within 90 days
    d.cadet(unit, date(2023, 1, 1), born=date(2009, 3, 1))  # 18 in March 2027
    d.cadet(unit, date(2023, 1, 1), born=date(2008, 9, 30))  # 18 on the day: over age
    counts = compute_figures(Q3)["alerts"]["counts"]
    assert counts["vetting_expiring"] == 1
    assert counts["vetting_expired"] == 1
    # soon, renewed, expired have no duties; busy did 48 hours; the newcomer is too new to judge.
    assert counts["specials_below_commitment"] == 3
    assert counts["cadets_ageing_out"] == 1
    assert counts["cadets_over_age"] == 1
    assert end == date(2026, 9, 30)
