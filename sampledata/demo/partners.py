"""Councils funding Community Special Constables, and Employer Supported Policing businesses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sampledata.demo.base import Seeder
from sampledata.demo.places import DISTRICT_COMMAND
from schemes.models import (
    AgreementStatus,
    CscAgreement,
    CscPost,
    EspBusiness,
    EspEngagement,
    EspStatus,
    FundingOnLeaving,
    PostState,
)

# Councils with CSCs in post today, and how many in-post posts each has: 11 posts across 8 parishes.
IN_POST = {
    "Billericay": 2,
    "Leigh-on-Sea": 2,
    "Great Dunmow": 2,
    "Saffron Walden": 1,
    "Coggeshall": 1,
    "Burnham-on-Crouch": 1,
    "Frinton and Walton": 1,
    "Danbury": 1,
}
IN_TRAINING = ["Witham", "Tiptree", "Hullbridge", "Stansted Mountfitchet"]
ACTIVE_AGREEMENTS = 65
UNABLE_AGREEMENTS = 36


@dataclass
class CscPlan:
    """The posts later steps fill: (post id, parish name, state since)."""

    in_post: list[tuple[int, str, date]] = field(default_factory=list)
    in_training: list[tuple[int, str, date]] = field(default_factory=list)
    pipeline: list[tuple[int, str, date]] = field(default_factory=list)
    recruiting: list[tuple[int, str, date]] = field(default_factory=list)
    vacant: list[tuple[int, str, date]] = field(default_factory=list)


def seed_csc(s: Seeder) -> CscPlan:
    """101 agreements: 65 active (CSCs recruited since 2017) and 36 unable to recruit."""
    rng, plan = s.rng, CscPlan()
    named = list(IN_POST) + IN_TRAINING
    others = sorted(p for p in s.ids["parish"] if p not in named)
    rng.shuffle(others)
    active_rest = others[: ACTIVE_AGREEMENTS - len(named)]
    unable = others[len(active_rest) : len(active_rest) + UNABLE_AGREEMENTS]

    def agreement(parish: str, status: AgreementStatus, posts: int, signed: date) -> int:
        per_post = rng.choice([75_000, 90_000, 100_000, 100_000, 100_000, 120_000, 150_000])
        return s.add(
            CscAgreement,
            parish_id=s.ids["parish"][parish],
            signed_on=signed,
            posts_funded=posts,
            annual_budget_pence=per_post * posts,
            status=status,
            funding_on_leaving=rng.choice(list(FundingOnLeaving)),
            notes="The first Community Special Constable agreement in Essex." if parish == "Billericay" else None,
        )

    def post(agreement_id: int, number: int, state: PostState, since: date, parish: str, bucket: list) -> None:
        pid = s.add(CscPost, agreement_id=agreement_id, post_number=number, state=state, state_since=since)
        bucket.append((pid, parish, since))

    for parish, in_post in IN_POST.items():
        signed = date(2017, 3, 14) if parish == "Billericay" else s.between(date(2017, 6, 1), date(2021, 12, 31))
        extra = 1 if parish == "Billericay" else 0
        aid = agreement(parish, AgreementStatus.ACTIVE, in_post + extra, signed)
        for n in range(1, in_post + 1):
            since = s.between(signed + timedelta(days=200), min(s.today - timedelta(days=400), date(2025, 6, 30)))
            post(aid, n, PostState.IN_POST, since, parish, plan.in_post)
        if extra:
            post(aid, in_post + 1, PostState.RECRUITING, s.today - timedelta(days=150), parish, plan.recruiting)
    for parish in IN_TRAINING:
        aid = agreement(parish, AgreementStatus.ACTIVE, 1, s.between(date(2018, 1, 1), date(2023, 6, 30)))
        # state_since is set from the holder's attestation when the holder is made
        post(aid, 1, PostState.IN_TRAINING, s.today, parish, plan.in_training)
    for parish in active_rest:
        signed = s.between(date(2017, 6, 1), date(2023, 12, 31))
        posts = 2 if rng.random() < 0.2 else 1
        aid = agreement(parish, AgreementStatus.ACTIVE, posts, signed)
        for n in range(1, posts + 1):
            roll = rng.random()
            if roll < 0.45:
                post(
                    aid,
                    n,
                    PostState.VACANT_AFTER_LEAVER,
                    s.between(signed + timedelta(days=500), s.today),
                    parish,
                    plan.vacant,
                )
            elif roll < 0.7:
                post(
                    aid,
                    n,
                    PostState.APPLICANT_IN_PIPELINE,
                    s.today - timedelta(days=rng.randint(20, 120)),
                    parish,
                    plan.pipeline,
                )
            else:
                post(
                    aid,
                    n,
                    PostState.RECRUITING,
                    s.between(signed + timedelta(days=400), s.today),
                    parish,
                    plan.recruiting,
                )
    for parish in unable:
        signed = s.between(date(2017, 6, 1), date(2023, 12, 31))
        posts = 2 if rng.random() < 0.1 else 1
        aid = agreement(parish, AgreementStatus.UNABLE_TO_RECRUIT, posts, signed)
        for n in range(1, posts + 1):
            post(aid, n, PostState.RECRUITING, signed, parish, plan.recruiting)
    return plan


# --- Employer Supported Policing -----------------------------------------------------------------

_PREFIXES = [
    "Chelmer Valley",
    "Blackwater",
    "Colne Valley",
    "Crouch",
    "Stour Valley",
    "Roding",
    "Dengie",
    "Tendring",
    "Thames Gateway",
    "Estuary",
    "Saxon Shore",
    "Mersea",
    "Hadleigh",
    "Writtle",
    "Danbury",
    "Mistley",
    "Rayleigh",
    "Wickford",
    "Brentwood",
    "Dunmow",
    "Walden",
    "Ongar",
    "Epping",
    "Harlow",
    "Basildon",
    "Southend",
    "Leigh",
    "Canvey",
    "Maldon",
    "Witham",
    "Halstead",
    "Coggeshall",
    "Tiptree",
    "Heybridge",
    "Thurrock",
    "Grays",
    "Stanford",
    "Tilbury",
    "Harwich",
    "Clacton",
    "Frinton",
    "Braintree",
    "Burnham",
    "Constable Country",
    "Three Rivers",
    "East Anglian",
    "Anglia",
    "Essex County",
    "Riverside",
    "Kingsway",
]
_KINDS = [
    ("Logistics Ltd", "Logistics", 3),
    ("Haulage Ltd", "Logistics", 2),
    ("Engineering Ltd", "Manufacturing", 3),
    ("Precision Ltd", "Manufacturing", 2),
    ("Construction Ltd", "Construction", 3),
    ("Builders Ltd", "Construction", 1),
    ("Solicitors LLP", "Professional services", 2),
    ("Accountants LLP", "Professional services", 2),
    ("Care Homes Ltd", "Health and care", 2),
    ("Veterinary Practice", "Health and care", 1),
    ("Dental Practice", "Health and care", 1),
    ("Garden Centre", "Retail", 1),
    ("Motors Ltd", "Retail", 2),
    ("Brewery Ltd", "Hospitality", 1),
    ("Hotels Ltd", "Hospitality", 1),
    ("Marine Services Ltd", "Marine", 1),
    ("Software Ltd", "Technology", 2),
    ("IT Solutions Ltd", "Technology", 2),
    ("Print Ltd", "Manufacturing", 1),
    ("Estate Agents", "Property", 1),
    ("Insurance Services Ltd", "Financial services", 2),
    ("Building Society", "Financial services", 1),
    ("Foods Ltd", "Food and drink", 2),
    ("Farms Ltd", "Agriculture", 1),
    ("Academy Trust", "Education", 1),
    ("Housing Association", "Housing", 1),
    ("Energy Ltd", "Energy", 1),
]
SIZE_BANDS = ["Micro (1-9)", "Small (10-49)", "Medium (50-249)", "Large (250+)"]
ESP_REGISTERED, ESP_PIPELINE, ESP_LEFT = 71, 90, 5


@dataclass
class EspPlan:
    force_id: int = 0
    registered: list[int] = field(default_factory=list)  # non-force, in creation order
    district: dict[int, str] = field(default_factory=dict)


def _business_names(s: Seeder, count: int) -> list[tuple[str, str]]:
    weighted = [(kind, sector) for kind, sector, weight in _KINDS for _ in range(weight)]
    names: dict[str, str] = {}
    while len(names) < count:
        kind, sector = s.rng.choice(weighted)
        names.setdefault(f"{s.rng.choice(_PREFIXES)} {kind}", sector)
    return list(names.items())


def seed_esp(s: Seeder) -> EspPlan:
    """71 registered ESP businesses (with Essex Police itself), 90 being engaged and a few that left."""
    rng, plan = s.rng, EspPlan()
    districts = list(DISTRICT_COMMAND)
    plan.force_id = s.add(
        EspBusiness,
        name="Essex Police",
        sector="Public sector",
        size_band=SIZE_BANDS[3],
        district_id=s.ids["district"]["Chelmsford"],
        contact_name="Citizens in Policing team",
        contact_email="cip.esp@essex-police.example.org",
        contact_phone=s.people.phone(),
        status=EspStatus.REGISTERED,
        is_force=True,
        release_minutes_per_month=480,
        agreement_signed_on=date(2016, 4, 1),
    )
    s.add(
        EspEngagement,
        business_id=plan.force_id,
        occurred_on=date(2016, 4, 1),
        status=EspStatus.REGISTERED,
        note="Force signs up as an ESP employer for its own staff",
    )
    names = _business_names(s, ESP_REGISTERED - 1 + ESP_PIPELINE + ESP_LEFT)
    for index, (name, sector) in enumerate(names):
        if index < ESP_REGISTERED - 1:
            status = EspStatus.REGISTERED
        elif index < ESP_REGISTERED - 1 + ESP_PIPELINE:
            status = EspStatus.ENGAGED if rng.random() < 0.45 else EspStatus.PROSPECT
        else:
            status = EspStatus.LEFT
        district = rng.choice(districts)
        contact = s.people.person(district)
        first_contact = (
            s.between(date(2016, 6, 1), s.today - timedelta(days=30))
            if status != EspStatus.PROSPECT
            else s.today - timedelta(days=rng.randint(5, 300))
        )
        signed = None
        history = [(first_contact, EspStatus.PROSPECT, "First contact from the ESP team")]
        if status != EspStatus.PROSPECT:
            met = min(first_contact + timedelta(days=rng.randint(10, 90)), s.today)
            history.append((met, EspStatus.ENGAGED, "Meeting with HR; memorandum of agreement sent"))
            if status in (EspStatus.REGISTERED, EspStatus.LEFT):
                signed = min(met + timedelta(days=rng.randint(20, 150)), s.today)
                history.append((signed, EspStatus.REGISTERED, "Memorandum of agreement signed"))
            if status == EspStatus.LEFT:
                history.append(
                    (
                        min(signed + timedelta(days=rng.randint(300, 1200)), s.today),
                        EspStatus.LEFT,
                        "Withdrew after restructuring",
                    )
                )
        bid = s.add(
            EspBusiness,
            name=name,
            sector=sector,
            size_band=rng.choice(SIZE_BANDS),
            district_id=s.ids["district"][district],
            contact_name=contact.full_name,
            contact_email=s.people.email(contact.first_name, contact.last_name, "example.net"),
            contact_phone=contact.phone,
            status=status,
            is_force=False,
            release_minutes_per_month=rng.choice([240, 240, 360, 480, 480, 720, 960]),
            training_time_off=rng.random() < 0.8,
            agreement_signed_on=signed,
        )
        for occurred, step, note in history:
            s.add(EspEngagement, business_id=bid, occurred_on=occurred, status=step, note=note)
        if status == EspStatus.REGISTERED:
            plan.registered.append(bid)
            plan.district[bid] = district
    return plan
