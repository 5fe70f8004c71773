"""Five years of shifts, sign-ups and duties, inserted in chunks so memory stays flat at any scale."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from core.dates import LONDON
from sampledata.demo.base import Seeder
from sampledata.generate import bulk
from sampledata.generate.people import Doer
from scheduling.models import Attendance, Duty, DutyStatus, DutyType, Shift, ShiftSignup, SignupStatus
from volunteers.models import Programme

CHUNK = 20_000
# Duties per 30 active days, by programme: the shares of the total each programme logs.
RATE = {
    Programme.SPECIAL: 7.0,
    Programme.CSC: 9.0,
    Programme.SPEED_WATCH: 1.2,
    Programme.ACTIVE_CITIZEN: 3.0,
    Programme.CADET_LEADER: 4.0,
    Programme.CADET: 1.5,
}
SPECIAL_TYPES = (
    [DutyType.PATROL] * 14 + [DutyType.EVENT] * 2 + [DutyType.TRAINING, DutyType.OP_COMMUNITY, DutyType.DAY_OF_ACTION]
)
SPECIAL_STARTS = [time(7), time(9), time(14), time(18), time(19), time(22)]
PSV_TYPES = [DutyType.CRIME_PREVENTION, DutyType.EVENT, DutyType.ADMIN, DutyType.DAY_OF_ACTION]
REJECTIONS = [
    "Duplicate of a duty already recorded",
    "Hours do not match the shift record",
    "Not a police duty: record it as ESP training time instead",
]
SHIFT_TITLES = {
    DutyType.PATROL: "Town centre patrol",
    DutyType.EVENT: "Event policing",
    DutyType.OP_COMMUNITY: "Op Community",
    DutyType.DAY_OF_ACTION: "Community Day of Action",
    DutyType.TRAINING: "Training evening",
}


class DutyWriter:
    """Builds duty rows and inserts them CHUNK at a time."""

    def __init__(self, s: Seeder, reviewer_id: int, districts: dict[int, str], progress: Callable[[int], None]):
        self.s, self.rng, self.reviewer_id, self.districts = s, s.rng, reviewer_id, districts
        self.progress = progress
        self.rows: list[dict] = []
        self.next_id = s.new_id(Duty)
        self.now = datetime.now(UTC)
        self.written = 0
        self.busy: set[tuple[int, date]] = set()

    def add(
        self,
        doer: Doer,
        day: date,
        at: time,
        minutes: int,
        duty_type: DutyType,
        place: str,
        parish_id: int | None = None,
        shift_id: int | None = None,
    ) -> None:
        rng = self.rng
        starts = datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)
        ends = starts + timedelta(minutes=minutes)
        age = (self.s.today - day).days
        roll = rng.random()
        if age < 14:
            status = DutyStatus.PENDING if roll < 0.6 else DutyStatus.APPROVED
        else:
            status = (
                DutyStatus.REJECTED if roll < 0.015 else DutyStatus.PENDING if roll < 0.018 else DutyStatus.APPROVED
            )
        created = min(ends + timedelta(hours=rng.randint(1, 72)), self.now)
        reviewed = min(created + timedelta(days=rng.randint(1, 6)), self.now) if status != DutyStatus.PENDING else None
        esp = doer.esp_id is not None and rng.random() < 0.2
        self.rows.append(
            {
                "id": self.next_id,
                "volunteer_id": doer.vid,
                "shift_id": shift_id,
                "duty_date": day,
                "starts_at": starts,
                "ends_at": ends,
                "minutes": minutes,
                "duty_type": duty_type.value,
                "place": place,
                "district_id": doer.district_id,
                "parish_id": parish_id,
                "is_esp": esp,
                "esp_business_id": doer.esp_id if esp else None,
                "notes": None,
                "status": status.value,
                "reviewed_by_id": self.reviewer_id if reviewed else None,
                "reviewed_at": reviewed,
                "rejection_reason": rng.choice(REJECTIONS) if status == DutyStatus.REJECTED else None,
                "created_by_id": None,
                "created_at": created,
                "updated_at": reviewed or created,
            }
        )
        self.next_id += 1
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Insert the queued rows (COPY on PostgreSQL, one executemany elsewhere)."""
        if self.rows:
            bulk.insert(Duty.__table__, self.rows)
            self.progress(len(self.rows))
            self.written += len(self.rows)
            self.rows = []

    def free_duties(self, doer: Doer, count: int) -> None:
        """`count` duties on distinct days of the doer's active window."""
        rng = self.rng
        # Up to yesterday: a duty is logged after it is done.
        span = (min(doer.last, self.s.today - timedelta(days=1)) - doer.first).days + 1
        if span <= 0 or count <= 0:
            return
        district = self.districts.get(doer.district_id, "Essex")
        done = 0
        for offset in rng.sample(range(span), min(count + 10, span)):
            day = doer.first + timedelta(days=offset)
            if (doer.vid, day) in self.busy:
                continue  # on a rostered shift that day already
            if done == count:
                break
            done += 1
            programme = doer.programme
            if programme in (Programme.SPECIAL, Programme.CSC):
                kind = rng.choice(SPECIAL_TYPES)
                parish = doer.parish_id if programme == Programme.CSC and kind == DutyType.PATROL else None
                at = rng.choice(SPECIAL_STARTS)
                # Night duties end by 06:00, so 06:00-07:00 stays free every day (the bench logs duties there).
                self.add(
                    doer,
                    day,
                    at,
                    rng.randrange(180, (480 if at.hour >= 22 else 600) + 1, 15),
                    kind,
                    f"{kind.label}, {district}",
                    parish,
                )
            elif programme == Programme.SPEED_WATCH:
                self.add(
                    doer,
                    day,
                    rng.choice([time(7, 30), time(16)]),
                    rng.choice([60, 90, 120]),
                    DutyType.SPEED_WATCH,
                    f"Speed Watch session, {district}",
                )
            elif programme == Programme.CADET:
                self.add(
                    doer,
                    day,
                    time(19),
                    rng.choice([90, 120, 150]),
                    DutyType.CADET_MEETING,
                    f"Cadet unit meeting, {district}",
                )
            elif programme == Programme.CADET_LEADER:
                kind = DutyType.CADET_MEETING if rng.random() < 0.7 else rng.choice([DutyType.EVENT, DutyType.TRAINING])
                self.add(doer, day, time(18, 30), rng.choice([150, 180, 240]), kind, f"{kind.label}, {district}")
            else:
                kind = rng.choice(PSV_TYPES)
                self.add(
                    doer,
                    day,
                    rng.choice([time(10), time(13)]),
                    rng.randrange(120, 301, 30),
                    kind,
                    f"{kind.label}, {district}",
                )


def plan_counts(doers: list[Doer], total: int, rng) -> list[int]:
    """How many duties each doer logs so the total is `total`, in proportion to rate x active days."""
    weights = [RATE[d.programme] * max(0, (d.last - d.first).days + 1) for d in doers]
    whole = sum(weights) or 1
    counts = [int(total * w / whole) for w in weights]
    short = total - sum(counts)
    for index in rng.choices(range(len(doers)), weights=weights, k=max(0, short)):
        counts[index] += 1
    return counts


def shifts(s: Seeder, writer: DutyWriter, doers: list[Doer], start: date, per_week: int, creator_id: int) -> None:
    """Rostered shifts from `start` to four weeks ahead; past places were attended and logged as duties."""
    rng = s.rng
    specials = [d for d in doers if d.programme in (Programme.SPECIAL, Programme.CSC)]
    signups: list[dict] = []
    signup_id = s.new_id(ShiftSignup)
    shift_rows: list[dict] = []
    shift_id = s.new_id(Shift)
    day, until = start, s.today + timedelta(days=28)
    now = datetime.now(UTC)
    attended: list[tuple] = []
    while day <= until:
        for _ in range(per_week):
            when = day + timedelta(days=rng.randrange(7))
            kind = rng.choice(list(SHIFT_TITLES))
            doer_district = rng.choice(specials).district_id
            starts = datetime.combine(when, rng.choice(SPECIAL_STARTS), tzinfo=LONDON).astimezone(UTC)
            minutes = rng.choice([240, 300, 360, 480])
            places = rng.randint(2, 6)
            shift_rows.append(
                {
                    "id": shift_id,
                    "title": SHIFT_TITLES[kind],
                    "shift_type": kind.value,
                    "place": writer.districts.get(doer_district),
                    "district_id": doer_district,
                    "parish_id": None,
                    "starts_at": starts,
                    "ends_at": starts + timedelta(minutes=minutes),
                    "places": places,
                    "eligible_programmes": "special,csc",
                    "minimum_rank_seniority": None,
                    "required_skill_id": None,
                    "signup_deadline": starts - timedelta(days=1),
                    "notes": None,
                    "cancelled": rng.random() < 0.02,
                    "created_by_id": creator_id,
                    "created_at": min(starts - timedelta(days=21), now),
                }
            )
            past = when < s.today
            taken: set[int] = set()
            for _ in range(places if past else rng.randint(0, places + 1)):
                doer = rng.choice(specials)
                if doer.vid in taken or (doer.vid, when) in writer.busy or not (doer.first <= when <= doer.last):
                    continue
                taken.add(doer.vid)
                attendance = None
                if past and not shift_rows[-1]["cancelled"]:
                    attendance = Attendance.ATTENDED if rng.random() < 0.92 else Attendance.NO_SHOW
                signups.append(
                    {
                        "id": signup_id,
                        "shift_id": shift_id,
                        "volunteer_id": doer.vid,
                        "status": (SignupStatus.WAITING if len(taken) > places else SignupStatus.CONFIRMED).value,
                        "signed_up_at": min(starts - timedelta(days=rng.randint(2, 20)), now),
                        "attendance": attendance.value if attendance else None,
                    }
                )
                signup_id += 1
                if attendance == Attendance.ATTENDED:
                    attended.append((doer, starts.astimezone(LONDON), minutes, kind, shift_id))
                    writer.busy.add((doer.vid, starts.astimezone(LONDON).date()))
            shift_id += 1
        day += timedelta(days=7)
    # Shifts first: the duties logged from them point at them.
    for table, rows in ((Shift.__table__, shift_rows), (ShiftSignup.__table__, signups)):
        for offset in range(0, len(rows), CHUNK):
            bulk.insert(table, rows[offset : offset + CHUNK])
    for doer, local, minutes, kind, sid in attended:
        writer.add(
            doer, local.date(), local.time().replace(tzinfo=None), minutes, kind, SHIFT_TITLES[kind], shift_id=sid
        )
