"""Watch schemes with monthly member snapshots, and the Community Safety Accreditation Scheme."""

from __future__ import annotations

from datetime import date, timedelta

from sampledata.demo.base import Seeder
from schemes.models import (
    CsasOrganisation,
    CsasPerson,
    InterestStage,
    TermsOfReference,
    WatchInterest,
    WatchMemberSnapshot,
    WatchMessage,
    WatchScheme,
)

NEIGHBOURHOOD_WATCH_MEMBERS = 105_000
OTHER_SCHEMES_MEMBERS = 80_000
# Latest members for the 15 schemes besides Neighbourhood Watch; Cycle Watch takes up the remainder.
LATEST = {
    "Dog Watch": 3_108,
    "Farm and Rural Watch": 772,
    "Horse Watch": 1_846,
    "Marine Watch": 2_315,
    "Allotment Watch": 2_904,
    "Pub Watch": 1_452,
    "Business Watch": 18_230,
    "Shop Watch": 12_480,
    "Church Watch": 4_215,
    "Caravan Watch": 3_310,
    "Boat Watch": 1_905,
    "Country Watch": 9_760,
    "Heritage Watch": 3_420,
    "School Watch": 6_105,
}
JUNE = {"Dog Watch": 2_985, "Farm and Rural Watch": 767}
EWLOS = ["PC Sarah Whitmore", "PCSO Daniel Okoro", "PS Helen Marsh", "PCSO Tom Aldridge", "PC Priya Nandra"]
STABLES = ["Livery Stables", "Equestrian Centre", "Riding School", "Stud Farm", "Paddocks", "Farm Livery"]
HORSE_PLACES = [
    "Stock",
    "Writtle",
    "Great Bardfield",
    "Tolleshunt D'Arcy",
    "Ashdon",
    "Nazeing",
    "Canewdon",
    "Dedham",
    "Thaxted",
    "Little Baddow",
    "Navestock",
    "Ardleigh",
    "Felsted",
    "Purleigh",
]
CSAS_ROLES = [
    "Community warden",
    "Enforcement officer",
    "Park ranger",
    "Security officer",
    "Anti-social behaviour officer",
    "Housing officer",
    "Town centre ambassador",
]
CSAS_BODIES = [
    "Basildon Council",
    "Braintree District Council",
    "Brentwood Borough Council",
    "Castle Point Borough Council",
    "Chelmsford City Council",
    "Colchester City Council",
    "Epping Forest District Council",
    "Harlow Council",
    "Maldon District Council",
    "Rochford District Council",
    "Tendring District Council",
    "Uttlesford District Council",
    "Southend-on-Sea City Council",
    "Thurrock Council",
    "Essex County Council Trading Standards",
    "Essex County Council Highways Rangers",
]
CSAS_KINDS = [
    "Housing Association",
    "Shopping Centre Security",
    "Business Improvement District",
    "Parking Services",
    "Parks Trust",
    "Security Services Ltd",
    "Community Interest Company",
]
CSAS_ORGS, CSAS_PERSONS = 53, 350


def _months_back(latest: date, count: int) -> list[date]:
    out, year, month = [], latest.year, latest.month
    for _ in range(count):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _series(s: Seeder, months: list[date], latest: int, anchors: dict[date, int]) -> list[int]:
    """Members per month ending at `latest`, growing a little each month, passing through the anchors."""
    values = [0] * len(months)
    values[-1] = latest
    for i in range(len(months) - 2, -1, -1):
        if months[i] in anchors:
            values[i] = anchors[months[i]]
            continue
        step = max(0, round(values[i + 1] * s.rng.uniform(0.001, 0.012)))
        values[i] = max(0, values[i + 1] - step)
    # Between an anchor and the next fixed point, spread the growth evenly so the series stays monotonic.
    fixed = [i for i, m in enumerate(months) if m in anchors] + [len(months) - 1]
    for a, b in zip(fixed, fixed[1:], strict=False):
        for k in range(a + 1, b):
            values[k] = values[a] + (values[b] - values[a]) * (k - a) // (b - a)
    return values


def seed_watch(s: Seeder) -> None:
    """Neighbourhood Watch (105,000) and 15 other schemes reaching 80,000 members, with history."""
    rng = s.rng
    latest = dict(LATEST)
    latest["Cycle Watch"] = OTHER_SCHEMES_MEMBERS - sum(LATEST.values())
    latest["Neighbourhood Watch"] = NEIGHBOURHOOD_WATCH_MEMBERS
    months = _months_back(s.today, 36)
    june = date(s.today.year, 6, 1) if s.today >= date(s.today.year, 7, 1) else date(s.today.year - 1, 6, 1)
    for type_name, members in latest.items():
        name = "Essex Neighbourhood Watch" if type_name == "Neighbourhood Watch" else f"Essex {type_name}"
        sid = s.add(
            WatchScheme,
            name=name,
            type_id=s.ids["watch_type"][type_name],
            district_id=None,
            liaison_officer=rng.choice(EWLOS),
            terms_of_reference=rng.choice([TermsOfReference.AGREED] * 3 + list(TermsOfReference)),
            launched_on=s.between(date(2005, 1, 1), months[0]),
        )
        anchors = {june: JUNE[type_name]} if type_name in JUNE else {}
        for month, value in zip(months, _series(s, months, members, anchors), strict=True):
            s.add(WatchMemberSnapshot, scheme_id=sid, recorded_on=month, members=value)
        for _ in range(rng.randint(3, 10)):
            s.add(
                WatchMessage,
                scheme_id=sid,
                sent_on=s.between(s.today - timedelta(days=365), s.today),
                subject=rng.choice(
                    [
                        "Seasonal crime prevention advice",
                        "Thefts reported in your area",
                        "Meeting dates for the coming quarter",
                        "Scam warning",
                        "Thank you for your reports",
                    ]
                ),
                recipients=members,
            )
        if type_name == "Horse Watch":
            for index in range(27 + 9):
                place = rng.choice(HORSE_PLACES)
                stage = InterestStage.AWAITING_VISIT if index < 27 else InterestStage.APPROVED
                s.add(
                    WatchInterest,
                    scheme_id=sid,
                    name=f"{place} {rng.choice(STABLES)}",
                    contact=s.people.person("Chelmsford").full_name,
                    received_on=s.today - timedelta(days=rng.randint(10, 200) + (300 if index >= 27 else 0)),
                    stage=stage,
                    notes="Awaiting a stable visit" if index < 27 else "Stable visit done",
                )


def seed_csas(s: Seeder) -> None:
    """53 accredited organisations and 350 accredited persons; refreshers fall due after 3 years."""
    rng = s.rng
    names = list(CSAS_BODIES)
    from sampledata.demo.partners import _PREFIXES

    while len(names) < CSAS_ORGS:
        candidate = f"{rng.choice(_PREFIXES)} {rng.choice(CSAS_KINDS)}"
        if candidate not in names:
            names.append(candidate)
    orgs = []
    for name in names:
        contact = s.people.person("Chelmsford")
        accredited = s.between(date(2012, 1, 1), s.today - timedelta(days=400))
        orgs.append(
            s.add(
                CsasOrganisation,
                name=name,
                accredited_on=accredited,
                contact_name=contact.full_name,
                contact_email=s.people.email(contact.first_name, contact.last_name, "example.net"),
            )
        )
    for index in range(CSAS_PERSONS):
        org = orgs[index % len(orgs)] if index < len(orgs) * 2 else rng.choice(orgs)
        # About 6% overdue a refresher, about 8% due within 90 days.
        roll = rng.random()
        if roll < 0.06:
            accredited = s.today - timedelta(days=3 * 365 + rng.randint(1, 200))
        elif roll < 0.14:
            accredited = s.today - timedelta(days=3 * 365 - rng.randint(1, 90))
        else:
            accredited = s.today - timedelta(days=rng.randint(30, 3 * 365 - 91))
        s.add(
            CsasPerson,
            organisation_id=org,
            name=s.people.person("Chelmsford").full_name,
            role=rng.choice(CSAS_ROLES),
            accredited_on=accredited,
            active=True,
        )
