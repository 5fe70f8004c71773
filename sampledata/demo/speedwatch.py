"""Community Speed Watch: 103 groups, 899 volunteers, sessions whose letters total 11,203 in a year."""

from __future__ import annotations

from datetime import date, time, timedelta

from sampledata.demo.base import Seeder
from sampledata.demo.places import ROADS, UNPARISHED_VILLAGES
from schemes.models import SpeedWatchGroup, SpeedWatchSession, SpeedWatchSite
from volunteers.models import Programme, SpeedWatchVolunteer

GROUPS, VOLUNTEERS, LETTERS_LAST_12_MONTHS = 103, 899, 11_203
WINDOW_DAYS = 360  # sessions counted in "the last 12 months" fall 1-360 days ago
OLDER_FROM, OLDER_TO = 372, 730  # earlier sessions stay clear of any 365/366-day boundary


def seed_speed_watch(s: Seeder) -> list[int]:
    """Groups (mostly parish-based, about one new a month lately), volunteers, sites and sessions."""
    rng = s.rng
    parishes = sorted(s.ids["parish"])
    rng.shuffle(parishes)
    places = [(p, s.ids["parish_district"][p], True) for p in parishes[: GROUPS - len(UNPARISHED_VILLAGES)]]
    places += [(v, d, False) for v, d in UNPARISHED_VILLAGES]
    rng.shuffle(places)
    sizes = [3] * GROUPS
    for _ in range(VOLUNTEERS - sum(sizes)):
        sizes[rng.randrange(GROUPS)] += 1
    group_ids, sites, windowed = [], [], []
    for index, (place, district, parished) in enumerate(places):
        # the newest 12 groups started one a month over the past year
        started = (
            s.today - timedelta(days=30 * index + rng.randint(5, 25))
            if index < 12
            else s.between(date(2008, 1, 1), s.today - timedelta(days=400))
        )
        coordinator = s.people.person(district, 30, 75)
        gid = s.add(
            SpeedWatchGroup,
            name=f"{place} Community Speed Watch",
            parish_id=s.ids["parish"][place] if parished else None,
            district_id=s.ids["district"][district],
            coordinator_name=coordinator.full_name,
            coordinator_contact=s.people.email(coordinator.first_name, coordinator.last_name, "example.net"),
            started_on=started,
            active=True,
        )
        group_ids.append(gid)
        for _ in range(sizes[index]):
            person = s.people.person(district, 25, 80)
            person.address, person.date_of_birth = None, None  # minimal personal data
            joined = s.between(started, s.today - timedelta(days=1))
            vid = s.add_volunteer(person, joined, [Programme.SPEED_WATCH], email=None, vetting="NPPV1")
            s.add(SpeedWatchVolunteer, volunteer_id=vid, group_id=gid)
        roads = rng.sample(ROADS, rng.randint(1, 3))
        approved = started + timedelta(days=rng.randint(7, 40))
        for road in roads:
            sid = s.add(
                SpeedWatchSite,
                group_id=gid,
                location=f"{road}, {place}",
                speed_limit_mph=rng.choice([20, 30, 30, 30, 40]),
                approved_on=approved,
            )
            sites.append((gid, sid, approved))
    for gid, sid, approved in sites:
        for days_ago in sorted(rng.sample(range(1, OLDER_TO), 20), reverse=True):
            day = s.today - timedelta(days=days_ago)
            if day < approved or WINDOW_DAYS < days_ago < OLDER_FROM:
                continue
            session = _session(s, gid, sid, day)
            if days_ago <= WINDOW_DAYS:
                windowed.append(session)
    _exact_letters(s, windowed)
    return group_ids


def _session(s: Seeder, gid: int, sid: int, day: date) -> dict:
    rng = s.rng
    start = rng.choice([7, 8, 9, 14, 15, 16, 17])
    checked = rng.randint(60, 300)
    over = round(checked * rng.uniform(0.03, 0.10))
    first = round(over * rng.uniform(0.3, 0.5))
    final = round(over * rng.uniform(0.0, 0.1))
    s.add(
        SpeedWatchSession,
        group_id=gid,
        site_id=sid,
        session_date=day,
        start_time=time(start, 0),
        end_time=time(start + 1, rng.choice([0, 30])),
        vehicles_checked=checked,
        vehicles_over_limit=over,
        first_letters=first,
        final_letters=final,
        referrals=1 if final > 4 and rng.random() < 0.3 else 0,
    )
    return s.rows[SpeedWatchSession.__table__][-1]


def _exact_letters(s: Seeder, sessions: list[dict]) -> None:
    """Nudge first letters, one at a time, until the year's letters total exactly 11,203."""
    total = sum(r["first_letters"] + r["final_letters"] for r in sessions)
    step = 1 if total < LETTERS_LAST_12_MONTHS else -1
    index = 0
    while total != LETTERS_LAST_12_MONTHS:
        row = sessions[index % len(sessions)]
        index += 1
        letters = row["first_letters"] + row["final_letters"] + step
        if step < 0 and row["first_letters"] == 0:
            continue
        if step > 0 and letters > row["vehicles_over_limit"]:
            if row["vehicles_over_limit"] >= row["vehicles_checked"]:
                continue
            row["vehicles_over_limit"] += 1
        row["first_letters"] += step
        total += step
