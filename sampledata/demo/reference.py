"""Reference data: commands, districts, councils, ranks, skills, roles, sources and cadet units."""

from __future__ import annotations

from core.models import Command, CouncilKind, District, Parish
from sampledata.demo.base import Seeder
from sampledata.demo.places import COMMANDS, DISTRICT_COMMAND, OPEN_CADET_UNITS, REOPENING_CADET_UNITS, parishes
from schemes.models import CadetUnit, UnitStatus, WatchSchemeType
from volunteers.models import Programme, ProgrammeSetting, Rank, RecruitmentSource, Skill, VolunteerRoleType

RANKS = ["Special Constable", "Special Sergeant", "Special Inspector", "Special Chief Inspector"]
SKILLS = ["Driver trained", "Special Investigator", "Rural Special", "Marine", "Public order"]
ROLE_TYPES = [
    ("Active Citizen", "Patrols, crime prevention stands and Community Days of Action"),
    ("Cyber volunteer", "Helps residents and small businesses stay safe online"),
    ("Horse Rider volunteer", "Mounted patrols of bridleways and rural lanes"),
    ("Back office support", "Administration in police stations and the CiP office"),
    ("Crime prevention adviser", "Home security surveys and crime prevention advice"),
]
SOURCES = [
    ("My Other Life", 25),
    ("Speak to a Special", 12),
    ("Recruitment Buddies", 8),
    ("Ride Along", 6),
    ("ESP employer", 6),
    ("Parish council", 4),
    ("Website", 22),
    ("Social media", 14),
    ("Careers fair", 5),
]
WATCH_TYPES = [
    "Neighbourhood Watch",
    "Farm and Rural Watch",
    "Dog Watch",
    "Horse Watch",
    "Marine Watch",
    "Allotment Watch",
    "Pub Watch",
    "Business Watch",
    "Shop Watch",
    "Church Watch",
    "Caravan Watch",
    "Boat Watch",
    "Country Watch",
    "Heritage Watch",
    "School Watch",
    "Cycle Watch",
]
MONTHLY_COMMITMENT_HOURS = {
    Programme.SPECIAL: 16,
    Programme.CSC: 16,
    Programme.CADET: 8,
    Programme.JUNIOR_CADET: 4,
    Programme.CADET_LEADER: 10,
    Programme.ACTIVE_CITIZEN: 8,
    Programme.SPEED_WATCH: 4,
}


def seed_reference(s: Seeder) -> None:
    """Places and lookup tables; fills s.ids so later steps can refer to them by name."""
    for name, is_lpa in COMMANDS:
        s.ids["command"][name] = s.add(Command, name=name, is_lpa=is_lpa)
    for district, command in DISTRICT_COMMAND.items():
        s.ids["district"][district] = s.add(District, name=district, command_id=s.ids["command"][command])
    for name, kind, district in parishes():
        slug = name.lower().replace(" ", "-").replace(",", "").replace("'", "")
        clerk = s.people.person(district)
        s.ids["parish"][name] = s.add(
            Parish,
            name=name,
            council_kind=CouncilKind(kind),
            district_id=s.ids["district"][district],
            contact_name=clerk.full_name,
            contact_email=f"clerk@{slug}-{kind}council.example.org",
            contact_phone=clerk.phone,
        )
        s.ids["parish_district"][name] = district
    for seniority, name in enumerate(RANKS, start=1):
        s.ids["rank"][name] = s.add(Rank, name=name, seniority=seniority)
    for name in SKILLS:
        s.ids["skill"][name] = s.add(Skill, name=name)
    for name, description in ROLE_TYPES:
        s.ids["role_type"][name] = s.add(VolunteerRoleType, name=name, description=description)
    for name, _weight in SOURCES:
        s.ids["source"][name] = s.add(RecruitmentSource, name=name)
    for name in WATCH_TYPES:
        s.ids["watch_type"][name] = s.add(WatchSchemeType, name=name)
    for programme, hours in MONTHLY_COMMITMENT_HOURS.items():
        s.add(ProgrammeSetting, programme=programme, monthly_commitment_minutes=hours * 60)
    for town, district, night in OPEN_CADET_UNITS:
        s.ids["cadet_unit"][town] = s.add(
            CadetUnit,
            name=f"{town} VPC Unit",
            place=town,
            district_id=s.ids["district"][district],
            capacity=30,
            status=UnitStatus.OPEN,
            meeting_night=night,
        )
    for town, district in REOPENING_CADET_UNITS:
        s.add(
            CadetUnit,
            name=f"{town} VPC Unit",
            place=town,
            district_id=s.ids["district"][district],
            capacity=25,
            status=UnitStatus.REOPENING,
            meeting_night=None,
        )


def command_for_district(district: str) -> str:
    return DISTRICT_COMMAND[district]
