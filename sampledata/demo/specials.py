"""The Special Constabulary: 284 active Specials (15 of them CSCs), leavers, skills, awards and training."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.dates import years_after
from sampledata.demo.base import Seeder
from sampledata.demo.names import Person
from sampledata.demo.partners import CscPlan, EspPlan
from sampledata.demo.places import DISTRICT_COMMAND
from sampledata.demo.recruitment import Applicant, S, joined_application
from schemes.models import CscPost
from volunteers.leaving_reasons import LeavingReason
from volunteers.models import (
    Award,
    AwardType,
    LearningStage,
    Programme,
    SpecialConstable,
    StatusEvent,
    TrainingRecord,
    special_skills,
)

ACTIVE_SPECIALS = 284
LEAVERS = 40
ESP_FORCE, ESP_OTHER = 34, 40
RANK_COUNTS = {"Special Chief Inspector": 2, "Special Inspector": 6, "Special Sergeant": 20}
SKILL_ODDS = {
    "Driver trained": 0.35,
    "Special Investigator": 0.08,
    "Rural Special": 0.12,
    "Marine": 0.03,
    "Public order": 0.15,
}
# Why Specials leave (the first is the Home Office return's "left to join the regular force"), with the words
# a coordinator might add.
LEAVE_REASONS: list[tuple[LeavingReason, str | None]] = [
    (LeavingReason.JOINED_REGULARS, "Started as a police constable"),
    (LeavingReason.MOVED_AWAY, "Moved out of Essex"),
    (LeavingReason.WORK, None),
    (LeavingReason.FAMILY, "Young family"),
    (LeavingReason.RETIRED, None),
    (LeavingReason.HEALTH, None),
    (LeavingReason.OTHER, "Could not meet the time commitment"),
    (LeavingReason.JOINED_REGULARS, None),
]


@dataclass
class SpecialInfo:
    vid: int
    person: Person
    joined_on: date
    stage: LearningStage
    command: str
    esp_id: int | None = None
    csc_parish: str | None = None
    rank: str = "Special Constable"
    email: str | None = None
    csc_post_id: int | None = None


def _dates(s: Seeder, joined: date, stage_dates: dict | None = None) -> dict[LearningStage, date]:
    """Learning-programme dates in order from joining; only those already reached."""
    if stage_dates is None:
        rng = s.rng
        acc = joined + timedelta(days=rng.randint(90, 150))
        ind = acc + timedelta(days=rng.randint(150, 300))
        stage_dates = {
            LearningStage.INITIAL_LEARNING: joined,
            LearningStage.ACCOMPANIED_PATROL: acc,
            LearningStage.INDEPENDENT_PATROL: ind,
            LearningStage.QUALIFIED: ind + timedelta(days=rng.randint(240, 500)),
        }
    return {stage: day for stage, day in stage_dates.items() if day and day <= s.today}


class SpecialsBuilder:
    """Makes Specials one by one; `add` queues the volunteer, detail, memberships and records."""

    def __init__(self, s: Seeder):
        self.s = s
        self.active: list[SpecialInfo] = []
        self.warrant = 4100

    def add(
        self,
        person: Person,
        joined: date,
        dates: dict,
        command: str,
        email: str | None = "auto",
        left_on: date | None = None,
        reason: tuple[LeavingReason, str | None] | None = None,
        rank: str = "Special Constable",
        csc_post: tuple | None = None,
        csc_since: date | None = None,
    ) -> SpecialInfo:
        s = self.s
        if email == "auto":
            email = s.people.email(person.first_name, person.last_name)
        if left_on:
            dates = {st: day for st, day in dates.items() if day <= left_on}
        vid = s.add_volunteer(
            person,
            joined,
            [Programme.SPECIAL],
            email=email,
            left_on=left_on,
            left_because=reason[0] if reason else None,
            leave_reason=reason[1] if reason else None,
            vetting="MV" if rank != "Special Constable" else "RV",
        )
        stage = max(dates, key=lambda st: dates[st])
        self.warrant += s.rng.randint(1, 9)
        s.add(
            SpecialConstable,
            volunteer_id=vid,
            warrant_number=f"SC{self.warrant}",
            rank_id=s.ids["rank"][rank],
            command_id=s.ids["command"][command],
            stage=stage,
            initial_learning_on=dates.get(LearningStage.INITIAL_LEARNING),
            accompanied_patrol_on=dates.get(LearningStage.ACCOMPANIED_PATROL),
            independent_patrol_on=dates.get(LearningStage.INDEPENDENT_PATROL),
            qualified_on=dates.get(LearningStage.QUALIFIED),
            csc_post_id=csc_post[0] if csc_post else None,
        )
        for st, day in dates.items():
            if st != LearningStage.INITIAL_LEARNING:
                s.add_status(vid, StatusEvent.STAGE, day, Programme.SPECIAL, st.label)
        if csc_post:
            s.add_membership(vid, Programme.CSC, csc_since or joined)
        info = SpecialInfo(
            vid,
            person,
            joined,
            stage,
            command,
            rank=rank,
            email=email,
            csc_parish=csc_post[1] if csc_post and stage != LearningStage.ACCOMPANIED_PATROL else None,
            csc_post_id=csc_post[0] if csc_post else None,
        )
        if not left_on:
            self.active.append(info)
            self._records(info, dates)
        return info

    def _records(self, info: SpecialInfo, dates: dict) -> None:
        s, rng = self.s, self.s.rng
        if info.stage in (LearningStage.INDEPENDENT_PATROL, LearningStage.QUALIFIED):
            for skill, odds in SKILL_ODDS.items():
                if rng.random() < odds:
                    s.add(special_skills, volunteer_id=info.vid, skill_id=s.ids["skill"][skill])
        if LearningStage.ACCOMPANIED_PATROL in dates:
            s.add(
                TrainingRecord,
                volunteer_id=info.vid,
                course="Initial learning programme",
                completed_on=dates[LearningStage.ACCOMPANIED_PATROL],
            )
        done = s.between(max(info.joined_on, s.today - timedelta(days=420)), s.today - timedelta(days=1))
        s.add(
            TrainingRecord,
            volunteer_id=info.vid,
            course="Officer safety training",
            completed_on=done,
            expires_on=done + timedelta(days=365),
        )
        if rng.random() < 0.4:
            s.add(
                TrainingRecord,
                volunteer_id=info.vid,
                course="Emergency first aid",
                completed_on=done,
                expires_on=done + timedelta(days=3 * 365),
            )
        for years, award in ((3, AwardType.PIN_3_YEAR), (5, AwardType.PIN_5_YEAR), (9, AwardType.LONG_SERVICE_MEDAL)):
            on = years_after(info.joined_on, years)
            if on <= s.today:
                s.add(
                    Award,
                    volunteer_id=info.vid,
                    award_type=award,
                    awarded_on=on,
                    citation=f"{years} years' service" if years < 9 else "Special Constabulary Long Service Medal",
                )


def seed_specials(s: Seeder, csc: CscPlan, esp: EspPlan, intake: list[Applicant]) -> SpecialsBuilder:
    """All Specials; returns the builder whose `active` list later steps use."""
    rng, b = s.rng, SpecialsBuilder(s)
    districts = list(DISTRICT_COMMAND)
    for n, (post_id, parish, since) in enumerate(csc.in_post):
        district = s.ids["parish_district"][parish]
        joined = since - timedelta(days=rng.randint(450, 2000))
        b.add(
            s.people.person(district, 22, 64),
            joined,
            _dates(s, joined),
            DISTRICT_COMMAND[district],
            email="csc@example.org" if n == 0 else "auto",
            csc_post=(post_id, parish),
            csc_since=since,
            rank="Special Sergeant" if n == 5 else "Special Constable",
        )
    trainee_apps = []
    for post_id, parish, _ in csc.in_training:
        district = s.ids["parish_district"][parish]
        joined = s.today - timedelta(days=rng.randint(150, 250))
        attested = joined + timedelta(days=rng.randint(90, 120))
        dates = {LearningStage.INITIAL_LEARNING: joined, LearningStage.ACCOMPANIED_PATROL: attested}
        person = s.people.person(district, 21, 55)
        info = b.add(person, joined, dates, DISTRICT_COMMAND[district], csc_post=(post_id, parish))
        _set_post_since(s, post_id, attested)
        app = joined_application(s, person, info.email, joined, attested, Programme.CSC, post_id, "Parish council")
        app.volunteer_id = info.vid
        trainee_apps.append(app)
    intake_leavers = 12
    for app in intake:
        dates = _dates(
            s,
            app.entered(S.FOUNDATION_TRAINING),
            {
                LearningStage.INITIAL_LEARNING: app.entered(S.FOUNDATION_TRAINING),
                LearningStage.ACCOMPANIED_PATROL: app.entered(S.ATTESTED),
                LearningStage.INDEPENDENT_PATROL: app.entered(S.INDEPENDENT_PATROL),
            },
        )
        left_on = reason = None
        attested = app.entered(S.ATTESTED)
        if intake_leavers and attested and attested < s.today - timedelta(days=120):
            intake_leavers -= 1
            left_on, reason = s.between(attested + timedelta(days=30), s.today), rng.choice(LEAVE_REASONS[1:-1])
        command = "OPC/SCD" if rng.random() < 0.08 else DISTRICT_COMMAND[app.person.district]
        app.volunteer_id = b.add(
            app.person,
            dates[LearningStage.INITIAL_LEARNING],
            dates,
            command,
            email=app.email,
            left_on=left_on,
            reason=reason,
        ).vid
    older = ACTIVE_SPECIALS - len(b.active)
    veterans = []
    for _ in range(older):
        district = rng.choice(districts)
        joined = s.today - timedelta(days=round(365.25 * min(2.2 + rng.expovariate(1 / 5), 22)))
        command = "OPC/SCD" if rng.random() < 0.12 else DISTRICT_COMMAND[district]
        veterans.append((s.people.person(district, 20 + (s.today - joined).days // 365, 70), joined, command))
    veterans.sort(key=lambda v: v[1])  # longest-serving first: they hold the ranks
    ranks = [rank for rank, count in RANK_COUNTS.items() for _ in range(count)]
    for index, (person, joined, command) in enumerate(veterans):
        rank = ranks[index] if index < len(ranks) else "Special Constable"
        info = b.add(person, joined, _dates(s, joined), command, rank=rank)
        if rank != "Special Constable":
            s.add_status(
                info.vid,
                StatusEvent.PROMOTED,
                s.between(joined + timedelta(days=4 * 365), s.today),
                Programme.SPECIAL,
                f"Promoted to {rank}",
            )
    _leavers(s, b, csc, LEAVERS - 12 + intake_leavers)
    _employers(s, b, esp)
    return b


def _set_post_since(s: Seeder, post_id: int, since: date) -> None:
    for row in s.rows[CscPost.__table__]:
        if row["id"] == post_id:
            row["state_since"] = since


def _leavers(s: Seeder, b: SpecialsBuilder, csc: CscPlan, count: int) -> None:
    """Former Specials; some of them were the CSCs whose posts are now vacant."""
    rng = s.rng
    vacant = list(csc.vacant)
    for _ in range(count):
        district = rng.choice(list(DISTRICT_COMMAND))
        joined = s.between(date(2008, 1, 1), s.today - timedelta(days=3 * 365))
        left_on = s.between(max(joined + timedelta(days=400), s.today - timedelta(days=3 * 365)), s.today)
        csc_since = None
        if vacant and vacant[-1][2] > joined + timedelta(days=700):
            post_id, parish, since = vacant.pop()
            district, left_on = s.ids["parish_district"][parish], since
            csc_since = max(joined + timedelta(days=400), since - timedelta(days=rng.randint(300, 1200)))
        person = s.people.person(district, 25, 70)
        info = b.add(
            person,
            joined,
            _dates(s, joined, None),
            DISTRICT_COMMAND[district],
            left_on=left_on,
            reason=(reason := rng.choice(LEAVE_REASONS)),
        )
        if csc_since:
            start = min(csc_since, left_on)
            s.add_membership(info.vid, Programme.CSC, start, left_on, "Left the Special Constabulary", reason[0])


def _employers(s: Seeder, b: SpecialsBuilder, esp: EspPlan) -> None:
    """74 Specials with ESP employers: 34 at Essex Police, 40 at other registered businesses."""
    rng = s.rng
    pool = [
        i
        for i in b.active
        if not i.csc_parish
        and i.email not in ("csc@example.org",)
        and i.stage in (LearningStage.INDEPENDENT_PATROL, LearningStage.QUALIFIED)
    ]
    rng.shuffle(pool)
    demo = next(i for i in pool if i.rank == "Special Constable" and i.stage == LearningStage.QUALIFIED)
    pool.remove(demo)
    demo.email = "special@example.org"
    _set_email(s, demo.vid, demo.email)
    employer = esp.registered[0]
    others = [demo, pool.pop(), pool.pop()]
    for info in others:
        info.esp_id = employer
    businesses = esp.registered[1:]
    for index in range(ESP_OTHER - len(others)):
        info = pool.pop()
        info.esp_id = businesses[index] if index < 25 else rng.choice(businesses[:25])
    for _ in range(ESP_FORCE):
        pool.pop().esp_id = esp.force_id
    for row in s.rows[SpecialConstable.__table__]:
        row["esp_business_id"] = None
    by_vid = {i.vid: i.esp_id for i in b.active if i.esp_id}
    for row in s.rows[SpecialConstable.__table__]:
        row["esp_business_id"] = by_vid.get(row["volunteer_id"])


def _set_email(s: Seeder, vid: int, email: str) -> None:
    from volunteers.models import Volunteer

    for row in s.rows[Volunteer.__table__]:
        if row["id"] == vid:
            row["email"] = email
