"""Volunteer Police Cadets and their leaders, and Active Citizens / Police Support Volunteers."""

from __future__ import annotations

from datetime import date, timedelta

from core.dates import years_before
from sampledata.demo.base import Seeder
from sampledata.demo.places import OPEN_CADET_UNITS
from sampledata.demo.specials import SpecialInfo
from volunteers.models import ActiveCitizen, Cadet, CadetLeader, DofeLevel, Programme

CADETS, JUNIOR_CADETS, LEADERS, PSVS, PSV_LEADERS = 144, 12, 72, 128, 10
AGEING_OUT = 4  # cadets turning 18 within three months
PARTNER_AGENCIES = [
    "Youth Offending Service",
    "Children's social care",
    "School safeguarding lead",
    "Essex Youth Service",
    "Early help family support",
]
OTHER_REFERRALS = ["School assembly", "Friend in the unit", "Parent", "Social media", "Careers fair"]
PSV_DISTRICTS = [
    "Colchester",
    "Chelmsford",
    "Basildon",
    "Southend-on-Sea",
    "Tendring",
    "Braintree",
    "Epping Forest",
    "Uttlesford",
    "Maldon",
    "Rochford",
]
PSV_ROLES = [
    ("Active Citizen", 70),
    ("Crime prevention adviser", 20),
    ("Back office support", 22),
    ("Cyber volunteer", 10),
    ("Horse Rider volunteer", 6),
]


def seed_cadets(s: Seeder, leader_specials: list[SpecialInfo]) -> list[tuple[int, str]]:
    """144 cadets and 12 junior cadets in 9 open units, and 72 leaders (3 of them Specials).

    Returns (leader volunteer id, unit district) for rostering cadet meetings.
    """
    rng, leaders = s.rng, []
    units = [(town, district) for town, district, _ in OPEN_CADET_UNITS]
    for index in range(CADETS + JUNIOR_CADETS):
        town, district = units[index % len(units)]
        junior = index >= CADETS
        if junior:
            person = s.people.person(district, 10, 12)
        elif index < AGEING_OUT:
            person = s.people.person(district, 17, 17)
            person.date_of_birth = s.today.replace(year=s.today.year - 18) + timedelta(days=rng.randint(10, 85))
        else:
            person = s.people.person(district, 13, 17)
        joined = s.between(
            max(
                years_before(person.date_of_birth, -(10 if junior else 13)),  # 29 February safe
                s.today - timedelta(days=4 * 365),
            ),
            s.today - timedelta(days=14),
        )
        programme = Programme.JUNIOR_CADET if junior else Programme.CADET
        vid = s.add_volunteer(person, joined, [programme], email=None)
        guardian = s.people.person(district, 35, 60, last_name=person.last_name)
        referred = rng.random() < 0.12
        level = DofeLevel.NONE
        if not junior:
            level = rng.choices(list(DofeLevel), [50, 30, 14, 6])[0]
        s.add(
            Cadet,
            volunteer_id=vid,
            cadet_unit_id=s.ids["cadet_unit"][town],
            is_junior=junior,
            guardian_name=guardian.full_name,
            guardian_phone=guardian.phone,
            guardian_email=s.people.email(guardian.first_name, guardian.last_name, "example.net"),
            guardian_consent_on=joined - timedelta(days=rng.randint(3, 21)),
            referral_source=rng.choice(PARTNER_AGENCIES if referred else OTHER_REFERRALS),
            referred_by_partner_agency=referred,
            dofe_level=level,
            dofe_progress_percent=0 if level == DofeLevel.NONE else rng.randrange(5, 100, 5),
        )
    specials = list(leader_specials)
    for index in range(LEADERS):
        town, district = units[index % len(units)]
        if specials and index % len(units) in (1, 4, 6):
            special = specials.pop(0)
            vid, joined = special.vid, s.between(special.joined_on, s.today - timedelta(days=60))
            s.add_membership(vid, Programme.CADET_LEADER, joined)
        else:
            joined = s.between(date(2012, 1, 1), s.today - timedelta(days=30))
            vid = s.add_volunteer(s.people.person(district, 21, 68), joined, [Programme.CADET_LEADER], vetting="NPPV2")
        s.add(CadetLeader, volunteer_id=vid, cadet_unit_id=s.ids["cadet_unit"][town], is_unit_lead=index < len(units))
        leaders.append((vid, district))
    return leaders


def seed_active_citizens(s: Seeder) -> list[tuple[int, str]]:
    """128 Active Citizens / PSVs across 10 districts, 10 of them leaders."""
    rng, out = s.rng, []
    roles = [name for name, count in PSV_ROLES for _ in range(count)]
    for index, role in enumerate(roles[:PSVS]):
        district = PSV_DISTRICTS[index % len(PSV_DISTRICTS)]
        joined = s.between(date(2015, 1, 1), s.today - timedelta(days=20))
        vid = s.add_volunteer(s.people.person(district, 18, 78), joined, [Programme.ACTIVE_CITIZEN], vetting="NPPV2")
        s.add(
            ActiveCitizen,
            volunteer_id=vid,
            role_type_id=s.ids["role_type"][role],
            is_leader=role == "Active Citizen" and index < PSV_LEADERS * 7 and index % 7 == 0,
            barred_list_checked_on=joined - timedelta(days=rng.randint(10, 60)),
        )
        out.append((vid, district))
    return out
