"""Volunteers at scale: Specials (CSCs and ESP employees among them), cadets, leaders, PSVs, Speed Watch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.dates import years_after
from sampledata.demo.base import Seeder
from sampledata.demo.places import DISTRICT_COMMAND
from sampledata.generate.partners import Partners
from sampledata.generate.scale import Scale
from volunteers.leaving_reasons import LeavingReason
from volunteers.models import (
    ActiveCitizen,
    Cadet,
    CadetLeader,
    DofeLevel,
    LearningStage,
    Programme,
    SpecialConstable,
    SpeedWatchVolunteer,
    special_skills,
)

RANK_SHARES = [("Special Chief Inspector", 0.01), ("Special Inspector", 0.03), ("Special Sergeant", 0.08)]
LEAVE_REASONS = [
    (LeavingReason.JOINED_REGULARS, None),
    (LeavingReason.MOVED_AWAY, None),
    (LeavingReason.WORK, None),
    (LeavingReason.FAMILY, None),
    (LeavingReason.RETIRED, None),
    (LeavingReason.OTHER, "Could not meet the time commitment"),
]


def _why(reason: tuple[LeavingReason, str | None] | None) -> dict:
    """The leaving reason and words for ``Seeder.add_volunteer`` (none for someone still serving)."""
    return {"left_because": reason[0], "leave_reason": reason[1]} if reason else {}


LEAVER_SHARE = 0.1


@dataclass
class Doer:
    """Someone who logs duties, and the window in which they were active."""

    vid: int
    programme: Programme
    first: date
    last: date
    district_id: int
    parish_id: int | None = None
    esp_id: int | None = None


class PeopleBuilder:
    """Queues volunteers with their programme detail and returns who logs duties."""

    def __init__(self, s: Seeder, scale: Scale, partners: Partners, start: date):
        self.s, self.scale, self.partners, self.start = s, scale, partners, start
        self.districts = sorted(DISTRICT_COMMAND)
        self.doers: list[Doer] = []
        self.warrant = 4000

    def _window(self, joined: date, left: date | None) -> tuple[date, date]:
        return max(joined, self.start), (left or self.s.today)

    def _joined_and_left(self, earliest: date, leaver: bool) -> tuple[date, date | None]:
        s = self.s
        latest = s.today - timedelta(days=120 if leaver else 30)
        leaver = leaver and earliest <= latest
        joined = s.between(earliest, latest)
        if not leaver:
            return joined, None
        return joined, s.between(max(joined + timedelta(days=60), self.start), s.today - timedelta(days=1))

    def _count(self, active: int) -> list[bool]:
        """`active` people plus about 10% leavers; True marks a leaver."""
        flags = [False] * active + [True] * round(active * LEAVER_SHARE)
        self.s.rng.shuffle(flags)
        return flags

    def specials(self) -> None:
        """Specials: ranks, learning stages, skills; the first in post hold the CSC posts."""
        s, rng = self.s, self.s.rng
        posts = list(self.partners.csc_posts)
        registered = self.partners.esp_registered
        skills = sorted(s.ids["skill"].values())
        for leaver in self._count(self.scale.specials):
            post = posts.pop() if posts and not leaver else None
            district = s.ids["parish_district"][self._parish_name(post[1])] if post else rng.choice(self.districts)
            joined, left = self._joined_and_left(self.start - timedelta(days=3650), leaver)
            if post:
                joined = min(joined, post[3] - timedelta(days=rng.randint(30, 400)))
            person = s.people.person(district, 18, 65)
            vid = s.add_volunteer(
                person,
                joined,
                [Programme.SPECIAL],
                left_on=left,
                **_why(rng.choice(LEAVE_REASONS) if left else None),
                vetting="RV",
            )
            if post:
                s.add_membership(vid, Programme.CSC, post[3])
            stages = self._stages(joined, left)
            roll, rank = rng.random(), "Special Constable"
            for name, share in RANK_SHARES:
                if roll < share and LearningStage.QUALIFIED in stages:
                    rank = name
                    break
                roll -= share
            esp = rng.choice(registered) if registered and rng.random() < 0.15 else None
            self.warrant += rng.randint(1, 5)
            s.add(
                SpecialConstable,
                volunteer_id=vid,
                warrant_number=f"SC{self.warrant}",
                rank_id=s.ids["rank"][rank],
                command_id=s.ids["command"][DISTRICT_COMMAND[district]],
                stage=max(stages, key=stages.get),
                initial_learning_on=stages.get(LearningStage.INITIAL_LEARNING),
                accompanied_patrol_on=stages.get(LearningStage.ACCOMPANIED_PATROL),
                independent_patrol_on=stages.get(LearningStage.INDEPENDENT_PATROL),
                qualified_on=stages.get(LearningStage.QUALIFIED),
                esp_business_id=esp,
                csc_post_id=post[0] if post else None,
            )
            for skill in rng.sample(skills, rng.choice([0, 0, 1, 1, 2])):
                s.add(special_skills, volunteer_id=vid, skill_id=skill)
            first, last = self._window(joined, left)
            self.doers.append(
                Doer(
                    vid,
                    Programme.CSC if post else Programme.SPECIAL,
                    first,
                    last,
                    s.ids["district"][district],
                    post[1] if post else None,
                    esp,
                )
            )

    def _parish_name(self, parish_id: int) -> str:
        if not hasattr(self, "_parish_names"):
            self._parish_names = {pid: name for name, pid in self.s.ids["parish"].items()}
        return self._parish_names[parish_id]

    def _stages(self, joined: date, left: date | None) -> dict[LearningStage, date]:
        rng, end = self.s.rng, left or self.s.today
        acc = joined + timedelta(days=rng.randint(90, 150))
        ind = acc + timedelta(days=rng.randint(150, 300))
        qual = ind + timedelta(days=rng.randint(240, 500))
        dates = {
            LearningStage.INITIAL_LEARNING: joined,
            LearningStage.ACCOMPANIED_PATROL: acc,
            LearningStage.INDEPENDENT_PATROL: ind,
            LearningStage.QUALIFIED: qual,
        }
        return {stage: day for stage, day in dates.items() if day <= end}

    def cadets(self) -> None:
        """Cadets (about one in ten a junior cadet) in the open units, with a guardian's consent."""
        s, rng = self.s, self.s.rng
        units = self.partners.cadet_units
        district_names = {v: k for k, v in s.ids["district"].items()}
        for index, leaver in enumerate(self._count(self.scale.cadets)):
            unit, district_id = units[index % len(units)]
            district = district_names[district_id]
            junior = rng.random() < 0.1
            person = s.people.person(district, 10, 12) if junior else s.people.person(district, 13, 17)
            person.address = None
            eligible = years_after(person.date_of_birth, 10 if junior else 13)
            joined, left = self._joined_and_left(max(eligible, self.start - timedelta(days=700)), leaver)
            vid = s.add_volunteer(
                person,
                joined,
                [Programme.JUNIOR_CADET if junior else Programme.CADET],
                email=None,
                left_on=left,
                **_why((LeavingReason.OTHER, "Aged out") if left else None),
            )
            guardian = s.people.person(district, 35, 60, last_name=person.last_name)
            level = DofeLevel.NONE if junior else rng.choices(list(DofeLevel), [50, 30, 14, 6])[0]
            s.add(
                Cadet,
                volunteer_id=vid,
                cadet_unit_id=unit,
                is_junior=junior,
                guardian_name=guardian.full_name,
                guardian_phone=guardian.phone,
                guardian_email=None,
                guardian_consent_on=joined - timedelta(days=rng.randint(3, 21)),
                referral_source=rng.choice(["School assembly", "Friend in the unit", "Parent", "Social media"]),
                referred_by_partner_agency=rng.random() < 0.1,
                dofe_level=level,
                dofe_progress_percent=0 if level == DofeLevel.NONE else rng.randrange(5, 100, 5),
            )
            self.doers.append(Doer(vid, Programme.CADET, *self._window(joined, left), district_id))

    def leaders(self) -> None:
        """Adult cadet leaders, one lead per unit."""
        s, rng = self.s, self.s.rng
        units = self.partners.cadet_units
        district_names = {v: k for k, v in s.ids["district"].items()}
        for index, leaver in enumerate(self._count(self.scale.cadet_leaders)):
            unit, district_id = units[index % len(units)]
            joined, left = self._joined_and_left(self.start - timedelta(days=3000), leaver)
            vid = s.add_volunteer(
                s.people.person(district_names[district_id], 21, 68),
                joined,
                [Programme.CADET_LEADER],
                left_on=left,
                vetting="NPPV2",
                **_why(rng.choice(LEAVE_REASONS) if left else None),
            )
            s.add(CadetLeader, volunteer_id=vid, cadet_unit_id=unit, is_unit_lead=index < len(units))
            self.doers.append(Doer(vid, Programme.CADET_LEADER, *self._window(joined, left), district_id))

    def active_citizens(self) -> None:
        """Active Citizens / Police Support Volunteers in every role type."""
        s, rng = self.s, self.s.rng
        roles = sorted(s.ids["role_type"].values())
        for index, leaver in enumerate(self._count(self.scale.active_citizens)):
            district = rng.choice(self.districts)
            joined, left = self._joined_and_left(self.start - timedelta(days=2500), leaver)
            vid = s.add_volunteer(
                s.people.person(district, 18, 78),
                joined,
                [Programme.ACTIVE_CITIZEN],
                left_on=left,
                vetting="NPPV2",
                **_why(rng.choice(LEAVE_REASONS) if left else None),
            )
            s.add(
                ActiveCitizen,
                volunteer_id=vid,
                role_type_id=roles[index % len(roles)],
                is_leader=index % 20 == 0,
                barred_list_checked_on=joined - timedelta(days=rng.randint(10, 60)),
            )
            self.doers.append(
                Doer(vid, Programme.ACTIVE_CITIZEN, *self._window(joined, left), s.ids["district"][district])
            )

    def speed_watch(self) -> None:
        """Speed Watch volunteers spread over the groups (minimal personal data)."""
        s = self.s
        groups = self.partners.speed_watch_groups
        district_names = {v: k for k, v in s.ids["district"].items()}
        for index, leaver in enumerate(self._count(self.scale.speed_watch)):
            gid, district_id = groups[index % len(groups)]
            person = s.people.person(district_names[district_id], 25, 80)
            person.address, person.date_of_birth = None, None
            joined, left = self._joined_and_left(self.start - timedelta(days=2000), leaver)
            vid = s.add_volunteer(
                person,
                joined,
                [Programme.SPEED_WATCH],
                email=None,
                left_on=left,
                vetting="NPPV1",
                **_why((LeavingReason.OTHER, "Stepped down") if left else None),
            )
            s.add(SpeedWatchVolunteer, volunteer_id=vid, group_id=gid)
            self.doers.append(Doer(vid, Programme.SPEED_WATCH, *self._window(joined, left), district_id))
