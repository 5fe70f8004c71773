"""Places and partners at scale: extra councils and cadet units, ESP businesses, CSC posts, watch, Speed Watch."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from core.models import CouncilKind, Parish
from sampledata.demo.base import Seeder
from sampledata.demo.places import DISTRICT_COMMAND, ROADS
from sampledata.generate.scale import Scale
from schemes.models import (
    AgreementStatus,
    CadetUnit,
    CscAgreement,
    CscPost,
    EspBusiness,
    EspEngagement,
    EspStatus,
    FundingOnLeaving,
    PostState,
    SpeedWatchGroup,
    SpeedWatchSession,
    SpeedWatchSite,
    TermsOfReference,
    UnitStatus,
    WatchMemberSnapshot,
    WatchScheme,
)

PREFIXES = ["Great", "Little", "North", "South", "East", "West", "Upper", "Lower", "Old", "New", "High", "Nether"]
STEMS = [
    "Tolleshunt",
    "Wickham",
    "Hanningfield",
    "Bentley",
    "Oakley",
    "Sampford",
    "Chishill",
    "Canfield",
    "Warley",
    "Wigborough",
    "Totham",
    "Braxted",
    "Horkesley",
    "Holland",
    "Clacton",
    "Bromley",
    "Easton",
    "Dunmow",
    "Parndon",
    "Laver",
    "Stambridge",
    "Wakering",
    "Fambridge",
    "Thurrock",
    "Tey",
    "Maplestead",
    "Yeldham",
    "Saling",
    "Leighs",
    "Baddow",
    "Burstead",
    "Stanford",
    "Ockendon",
    "Hallingbury",
    "Henham",
    "Hadstock",
]
SECTORS = [
    "Retail",
    "Logistics",
    "Local government",
    "Health",
    "Finance",
    "Manufacturing",
    "Education",
    "Construction",
    "Hospitality",
    "Utilities",
    "Technology",
    "Transport",
]
SIZE_BANDS = ["1-9", "10-49", "50-249", "250-999", "1000+"]
BUSINESS_WORDS = [
    "Anglia",
    "Blackwater",
    "Chelmer",
    "Colne",
    "Crouch",
    "Dengie",
    "Estuary",
    "Roding",
    "Stour",
    "Thames",
    "Writtle",
    "Marsh",
    "Harbour",
    "Meridian",
    "Orwell",
    "Saxon",
    "Tudor",
    "Wivenhoe",
]
BUSINESS_KINDS = [
    "Logistics",
    "Builders",
    "Foods",
    "Insurance",
    "Engineering",
    "Care",
    "Print",
    "Motors",
    "Solicitors",
    "Water",
    "Energy",
    "Software",
    "Hotels",
    "Dental",
    "Farms",
    "Haulage",
]
UNIT_NIGHTS = ["Monday", "Tuesday", "Wednesday", "Thursday"]


@dataclass
class Partners:
    """Ids later steps need: CSC posts to fill, registered ESP businesses, Speed Watch groups and units."""

    csc_posts: list[tuple[int, int, int, date]] = field(default_factory=list)  # post, parish, district, since
    esp_registered: list[int] = field(default_factory=list)
    speed_watch_groups: list[tuple[int, int]] = field(default_factory=list)  # group, district
    cadet_units: list[tuple[int, int]] = field(default_factory=list)  # unit, district


def more_parishes(s: Seeder, wanted: int) -> None:
    """Add made-up parish councils until there are `wanted` of them."""
    districts = sorted(DISTRICT_COMMAND)
    taken = set(s.ids["parish"])
    n = 0
    while len(s.ids["parish"]) < wanted:
        n += 1
        name = f"{PREFIXES[n % len(PREFIXES)]} {STEMS[(n // len(PREFIXES)) % len(STEMS)]}"
        if n >= len(PREFIXES) * len(STEMS):
            name = f"{name} {n // (len(PREFIXES) * len(STEMS)) + 1}"
        if name in taken:
            continue
        district = districts[n % len(districts)]
        taken.add(name)
        s.ids["parish"][name] = s.add(
            Parish,
            name=name,
            council_kind=CouncilKind.PARISH,
            district_id=s.ids["district"][district],
            contact_name=s.people.person(district).full_name,
            contact_email=f"clerk{n}@parish.example.org",
            contact_phone=s.people.phone(),
        )
        s.ids["parish_district"][name] = district


def cadet_units(s: Seeder, scale: Scale) -> list[tuple[int, int]]:
    """The open units: the reference data's, plus new ones up to the scale's count."""
    import sqlalchemy as sa

    from core.extensions import db

    existing = db.session.execute(sa.select(CadetUnit.id, CadetUnit.district_id, CadetUnit.status)).all()
    units = [(uid, did) for uid, did, status in existing if status == UnitStatus.OPEN]
    districts = sorted(DISTRICT_COMMAND)
    n = 0
    while len(units) + 0 < scale.cadet_units:
        n += 1
        district = districts[n % len(districts)]
        uid = s.add(
            CadetUnit,
            name=f"{district} VPC Unit {n + 1}",
            place=district,
            district_id=s.ids["district"][district],
            capacity=30,
            status=UnitStatus.OPEN,
            meeting_night=UNIT_NIGHTS[n % 4],
        )
        units.append((uid, s.ids["district"][district]))
    return units


def esp_businesses(s: Seeder, scale: Scale, start: date) -> list[int]:
    """ESP businesses (the force among them) with an engagement history; returns the registered ones."""
    rng, registered = s.rng, []
    districts = sorted(DISTRICT_COMMAND)
    for n in range(scale.esp_businesses):
        is_force = n == 0
        name = (
            "Essex Police"
            if is_force
            else (
                f"{BUSINESS_WORDS[n % len(BUSINESS_WORDS)]} {BUSINESS_KINDS[(n // len(BUSINESS_WORDS)) % 16]}"
                f"{'' if n < len(BUSINESS_WORDS) * 16 else f' {n}'}"
            )
        )
        roll = rng.random()
        status = (
            EspStatus.REGISTERED
            if is_force or roll < 0.55
            else (EspStatus.ENGAGED if roll < 0.75 else EspStatus.PROSPECT if roll < 0.95 else EspStatus.LEFT)
        )
        district = rng.choice(districts)
        contact = s.people.person(district, 25, 65)
        signed = (
            s.between(start, s.today - timedelta(days=30)) if status in (EspStatus.REGISTERED, EspStatus.LEFT) else None
        )
        bid = s.add(
            EspBusiness,
            name=name,
            sector="Policing" if is_force else rng.choice(SECTORS),
            size_band="1000+" if is_force else rng.choice(SIZE_BANDS),
            district_id=s.ids["district"][district],
            contact_name=contact.full_name,
            contact_email=f"esp{n}@business.example.com",
            contact_phone=contact.phone,
            status=status,
            is_force=is_force,
            release_minutes_per_month=rng.choice([0, 240, 480, 480, 960]),
            training_time_off=rng.random() < 0.8,
            agreement_signed_on=signed,
        )
        first = signed - timedelta(days=rng.randint(30, 200)) if signed else s.between(start, s.today)
        s.add(EspEngagement, business_id=bid, occurred_on=first, status=EspStatus.PROSPECT, note="First contact")
        if signed:
            s.add(
                EspEngagement, business_id=bid, occurred_on=signed, status=EspStatus.REGISTERED, note="Agreement signed"
            )
        if status == EspStatus.REGISTERED:
            registered.append(bid)
    return registered


def csc_posts(s: Seeder, scale: Scale, start: date) -> list[tuple[int, int, int, date]]:
    """Agreements with posts: `scale.cscs` posts in post (returned) plus recruiting, training and unable ones."""
    rng, in_post = s.rng, []
    parishes = sorted(s.ids["parish"])
    rng.shuffle(parishes)
    agreements = int(scale.cscs * 1.7)
    for index, parish in enumerate(parishes[:agreements]):
        signed = s.between(start - timedelta(days=900), s.today - timedelta(days=120))
        unable = index >= scale.cscs * 1.4
        posts = 1 if unable or rng.random() < 0.7 else 2
        aid = s.add(
            CscAgreement,
            parish_id=s.ids["parish"][parish],
            signed_on=signed,
            posts_funded=posts,
            annual_budget_pence=posts * rng.choice([75_000, 100_000, 120_000]),
            status=AgreementStatus.UNABLE_TO_RECRUIT if unable else AgreementStatus.ACTIVE,
            funding_on_leaving=rng.choice(list(FundingOnLeaving)),
        )
        for number in range(1, posts + 1):
            since = s.between(signed + timedelta(days=90), s.today - timedelta(days=30))
            if unable:
                state = PostState.RECRUITING
            elif len(in_post) < scale.cscs:
                state = PostState.IN_POST
            else:
                state = rng.choice(
                    [
                        PostState.RECRUITING,
                        PostState.APPLICANT_IN_PIPELINE,
                        PostState.IN_TRAINING,
                        PostState.VACANT_AFTER_LEAVER,
                    ]
                )
            pid = s.add(CscPost, agreement_id=aid, post_number=number, state=state, state_since=since)
            if state == PostState.IN_POST:
                district = s.ids["parish_district"][parish]
                in_post.append((pid, s.ids["parish"][parish], s.ids["district"][district], since))
    return in_post


def watch_schemes(s: Seeder, scale: Scale, start: date) -> None:
    """Watch schemes with a member count at the start of every month."""
    rng = s.rng
    types = sorted(s.ids["watch_type"].items())
    districts = sorted(DISTRICT_COMMAND)
    for n in range(scale.watch_schemes):
        type_name, type_id = types[n % len(types)]
        district = districts[n % len(districts)]
        name = type_name if n < len(types) else f"{district} {type_name} {n}"
        sid = s.add(
            WatchScheme,
            name=name,
            type_id=type_id,
            district_id=None if n < len(types) else s.ids["district"][district],
            liaison_officer=s.people.person(district).full_name,
            terms_of_reference=rng.choice(list(TermsOfReference)),
            launched_on=start - timedelta(days=400),
        )
        members = rng.randint(50, 4000) if n else 100_000
        day = date(start.year, start.month, 1)
        while day <= s.today:
            s.add(WatchMemberSnapshot, scheme_id=sid, recorded_on=day, members=members)
            members = max(0, members + rng.randint(-members // 50 - 1, members // 30 + 3))
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def speed_watch(s: Seeder, scale: Scale, start: date) -> list[tuple[int, int]]:
    """Speed Watch groups in parishes, their sites and about two sessions a month per group."""
    rng, groups = s.rng, []
    parishes = sorted(s.ids["parish"])
    rng.shuffle(parishes)
    for n in range(scale.speed_watch_groups):
        parish = parishes[n % len(parishes)]
        district = s.ids["parish_district"][parish]
        coordinator = s.people.person(district, 30, 75)
        started = s.between(start - timedelta(days=2000), s.today - timedelta(days=60))
        gid = s.add(
            SpeedWatchGroup,
            name=f"{parish} Community Speed Watch{'' if n < len(parishes) else f' {n}'}",
            parish_id=s.ids["parish"][parish],
            district_id=s.ids["district"][district],
            coordinator_name=coordinator.full_name,
            coordinator_contact=f"csw{n}@example.net",
            started_on=started,
            active=rng.random() < 0.95,
        )
        groups.append((gid, s.ids["district"][district]))
        for road in rng.sample(ROADS, rng.randint(1, 3)):
            approved = started + timedelta(days=rng.randint(7, 40))
            sid = s.add(
                SpeedWatchSite,
                group_id=gid,
                location=f"{road}, {parish}",
                speed_limit_mph=rng.choice([20, 30, 30, 30, 40]),
                approved_on=approved,
            )
            day = max(approved, start)
            while day < s.today:
                checked = rng.randint(80, 600)
                over = rng.randint(0, checked // 8)
                first = rng.randint(0, over)
                s.add(
                    SpeedWatchSession,
                    group_id=gid,
                    site_id=sid,
                    session_date=day,
                    start_time=time(7, 30),
                    end_time=time(8, 30),
                    vehicles_checked=checked,
                    vehicles_over_limit=over,
                    first_letters=first,
                    final_letters=rng.randint(0, first // 4),
                    referrals=rng.randint(0, 1),
                )
                day += timedelta(days=rng.randint(20, 45))
    return groups
