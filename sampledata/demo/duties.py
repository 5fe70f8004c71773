"""Shifts, sign-ups and duties from 1 June to today, including the CSCs' exact July-August figure."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sampledata.demo.base import Seeder
from sampledata.demo.specials import SpecialInfo
from scheduling.models import Attendance, Duty, DutyStatus, DutyType, Shift, ShiftSignup, SignupStatus
from volunteers.models import LearningStage

CSC_SUMMER_DUTIES, CSC_SUMMER_MINUTES = 50, 21_660  # 361 hours
REJECTIONS = [
    "Duplicate of a duty already recorded",
    "Hours do not match the shift record",
    "Not a police duty: please record as ESP training time instead",
]
SPECIAL_DUTIES = [
    (DutyType.PATROL, 70),
    (DutyType.EVENT, 10),
    (DutyType.TRAINING, 8),
    (DutyType.OP_COMMUNITY, 7),
    (DutyType.DAY_OF_ACTION, 5),
]
OPC_PLACES = [
    "Roads policing unit",
    "Marine unit, Burnham-on-Crouch",
    "Operational support, Chelmsford",
    "Serious crime directorate, Chelmsford",
]


def summer(today: date) -> tuple[date, date]:
    """The most recent complete July-August."""
    year = today.year if today >= date(today.year, 9, 1) else today.year - 1
    return date(year, 7, 1), date(year, 8, 31)


class DutyMaker:
    def __init__(self, s: Seeder, reviewer_id: int):
        self.s, self.reviewer_id = s, reviewer_id
        self.busy: set[tuple[int, date]] = set()
        self.start = date(summer(s.today)[0].year, 6, 1)

    def add(
        self,
        vid: int,
        day: date,
        at: time,
        minutes: int,
        duty_type: DutyType,
        place: str,
        district_id: int | None,
        parish_id: int | None = None,
        esp_id: int | None = None,
        shift_id: int | None = None,
        status: DutyStatus | None = None,
    ) -> None:
        s, rng = self.s, self.s.rng
        self.busy.add((vid, day))
        starts = s.utc(day, at)
        ends = starts + timedelta(minutes=minutes)
        if status is None:
            age = (s.today - day).days
            roll = rng.random()
            status = (
                DutyStatus.PENDING
                if age < 10 and roll < 0.7
                else (
                    DutyStatus.REJECTED if roll < 0.03 else DutyStatus.PENDING if roll < 0.06 else DutyStatus.APPROVED
                )
            )
        reviewed = None
        if status != DutyStatus.PENDING:
            reviewed = min(ends + timedelta(days=rng.randint(1, 6)), datetime.now(UTC))
        # Logged within two days of the duty (as most are: CIP_APPROVAL_WINDOW_DAYS marks the late ones); fixed
        # from the row, not drawn, so the rest of the demo data stays as it was.
        logged = min(ends + timedelta(hours=1 + (vid * 7 + day.toordinal()) % 47), reviewed or datetime.now(UTC))
        s.add(
            Duty,
            volunteer_id=vid,
            shift_id=shift_id,
            duty_date=day,
            starts_at=starts,
            ends_at=ends,
            minutes=minutes,
            duty_type=duty_type,
            place=place,
            district_id=district_id,
            parish_id=parish_id,
            is_esp=esp_id is not None,
            esp_business_id=esp_id,
            status=status,
            reviewed_by_id=self.reviewer_id if reviewed else None,
            reviewed_at=reviewed,
            rejection_reason=rng.choice(REJECTIONS) if status == DutyStatus.REJECTED else None,
            created_at=logged,
            updated_at=reviewed or logged,
        )

    def free_day(self, vid: int, first: date, last: date) -> date | None:
        for _ in range(20):
            day = self.s.between(first, last)
            if (vid, day) not in self.busy:
                return day
        return None


def seed_csc_duties(s: Seeder, m: DutyMaker, cscs: list[SpecialInfo]) -> None:
    """In-parish duties; in July-August exactly 50 approved duties and 21,660 minutes."""
    rng = s.rng
    july, august = summer(s.today)
    counts = [5] * 6 + [4] * 5
    rng.shuffle(counts)
    quarters = [rng.randint(20, 40) for _ in range(CSC_SUMMER_DUTIES)]
    target, i = CSC_SUMMER_MINUTES // 15, 0
    while sum(quarters) != target:
        delta = 1 if sum(quarters) < target else -1
        if 20 <= quarters[i % len(quarters)] + delta <= 40:
            quarters[i % len(quarters)] += delta
        i += 1
    for info, count in zip(cscs, counts, strict=True):
        parish_id, district_id = s.ids["parish"][info.csc_parish], s.ids["district"][info.person.district]
        place = f"{info.csc_parish} community patrol"
        for _ in range(count):
            day = m.free_day(info.vid, july, august)
            m.add(
                info.vid,
                day,
                time(rng.choice([8, 9, 10, 13, 14, 17, 18])),
                quarters.pop() * 15,
                rng.choice([DutyType.PATROL, DutyType.PATROL, DutyType.OP_COMMUNITY]),
                place,
                district_id,
                parish_id,
                status=DutyStatus.APPROVED,
            )
        for first, last in ((m.start, july - timedelta(days=1)), (august + timedelta(days=1), s.today)):
            for _ in range(round((last - first).days / 8)):
                day = m.free_day(info.vid, first, last)
                if day:
                    m.add(
                        info.vid,
                        day,
                        time(rng.choice([9, 10, 14, 18])),
                        rng.randrange(240, 601, 15),
                        DutyType.PATROL,
                        place,
                        district_id,
                        parish_id,
                    )


CANCEL_REASONS = (
    "Event cancelled by the organisers",
    "Weather warning: the open-air event will not go ahead",
    "Officers redeployed to a major incident",
)


def seed_shifts(s: Seeder, m: DutyMaker, specials: list[SpecialInfo], demo_vid: int) -> None:
    """Rostered shifts from 1 June to four weeks ahead; attended places become duties."""
    rng = s.rng
    by_command: dict[str, list[SpecialInfo]] = {}
    for info in specials:
        by_command.setdefault(info.command, []).append(info)
    demo = next(i for i in specials if i.vid == demo_vid)
    day, future = m.start, []
    while day <= s.today + timedelta(days=28):
        for n_today in range(rng.randint(1, 3)):
            command = rng.choice(list(by_command))
            pool = by_command[command]
            duty_type = rng.choices([t for t, _ in SPECIAL_DUTIES], [w for _, w in SPECIAL_DUTIES])[0]
            district = rng.choice(pool).person.district
            at, hours = time(rng.choice([8, 10, 14, 18, 19])), rng.choice([4, 5, 6, 8])
            place = (
                f"{district} town centre" if duty_type == DutyType.PATROL else f"{district} {duty_type.label.lower()}"
            )
            starts = s.utc(day, at)
            places = rng.randint(2, 6)
            # A few shifts ahead were cancelled (decided without the random stream, so the rest stays the same).
            cancelled = n_today == 0 and day > s.today + timedelta(days=2) and day.toordinal() % 11 == 0
            shift_id = s.add(
                Shift,
                title=f"{duty_type.label}: {place}",
                shift_type=duty_type,
                place=place,
                district_id=s.ids["district"][district],
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                places=places,
                eligible_programmes="special,csc" if duty_type != DutyType.EVENT else "",
                signup_deadline=starts - timedelta(days=1),
                cancelled=cancelled,
                cancel_reason=CANCEL_REASONS[day.toordinal() % len(CANCEL_REASONS)] if cancelled else None,
                cancelled_at=s.utc(s.today, time(9)) if cancelled else None,
            )
            people = rng.sample(pool, min(len(pool), places + (1 if day >= s.today else 0)))
            confirmed = 0
            for info in people:
                if info.stage == LearningStage.INITIAL_LEARNING or (info.vid, day) in m.busy:
                    continue
                # Nobody waits while a place is free: the places go to the first who took them.
                waiting = confirmed >= places
                confirmed += not waiting
                attended = (
                    None
                    if day >= s.today or waiting
                    else (Attendance.ATTENDED if rng.random() < 0.92 else Attendance.NO_SHOW)
                )
                s.add(
                    ShiftSignup,
                    shift_id=shift_id,
                    volunteer_id=info.vid,
                    status=SignupStatus.WAITING if waiting else SignupStatus.CONFIRMED,
                    signed_up_at=starts - timedelta(days=rng.randint(2, 30)),
                    attendance=attended,
                )
                if attended == Attendance.ATTENDED:
                    m.add(
                        info.vid,
                        day,
                        at,
                        hours * 60,
                        duty_type,
                        place,
                        s.ids["district"][district],
                        esp_id=info.esp_id if info.esp_id and rng.random() < 0.4 else None,
                        shift_id=shift_id,
                    )
                else:
                    m.busy.add((info.vid, day))
            if day >= s.today:
                future.append((shift_id, starts, confirmed < places))
        day += timedelta(days=1)
    for shift_id, starts, has_room in future[-12::4]:
        if has_room and (demo.vid, starts.date()) not in m.busy:
            s.add(
                ShiftSignup,
                shift_id=shift_id,
                volunteer_id=demo.vid,
                status=SignupStatus.CONFIRMED,
                signed_up_at=datetime.now(UTC) - timedelta(days=1),
            )


def seed_special_duties(s: Seeder, m: DutyMaker, specials: list[SpecialInfo]) -> None:
    """Self-recorded duties: about two a month each, ESP time flagged for employee-Specials."""
    rng = s.rng
    for info in specials:
        first = max(m.start, info.joined_on)
        months = max(0, (s.today - first).days) / 30
        count = round(months * rng.choice([0.5, 1, 1.5, 2, 2, 3, 4]))
        if info.esp_id:
            count = max(count, 3)
        for n in range(count):
            day = m.free_day(info.vid, first, s.today - timedelta(days=1))
            if day is None:
                continue
            duty_type = rng.choices([t for t, _ in SPECIAL_DUTIES], [w for _, w in SPECIAL_DUTIES])[0]
            district = info.person.district
            place = rng.choice(OPC_PLACES) if info.command == "OPC/SCD" else f"{district} town centre"
            esp = info.esp_id if info.esp_id and (n < 2 or rng.random() < 0.4) else None
            m.add(
                info.vid,
                day,
                time(rng.choice([7, 9, 12, 15, 18, 20])),
                rng.randrange(180, 661, 15),
                duty_type,
                place,
                s.ids["district"][district],
                esp_id=esp,
                status=DutyStatus.APPROVED if esp and n < 2 else None,
            )


def seed_other_duties(s: Seeder, m: DutyMaker, leaders: list[tuple[int, str]], psvs: list[tuple[int, str]]) -> None:
    """Cadet leaders' weekly meetings and Active Citizens' crime prevention work."""
    rng = s.rng
    for vid, district in leaders:
        day = m.start + timedelta(days=rng.randint(0, 6))
        while day < s.today:
            if rng.random() < 0.7 and (vid, day) not in m.busy:
                m.add(
                    vid,
                    day,
                    time(18, 30),
                    120,
                    DutyType.CADET_MEETING,
                    f"{district} cadet unit",
                    s.ids["district"][district],
                )
            day += timedelta(days=7)
    for vid, district in psvs:
        for _ in range(rng.randint(1, 6)):
            day = m.free_day(vid, m.start, s.today - timedelta(days=1))
            if day:
                m.add(
                    vid,
                    day,
                    time(rng.choice([9, 10, 13])),
                    rng.randrange(120, 361, 30),
                    rng.choice([DutyType.CRIME_PREVENTION, DutyType.DAY_OF_ACTION, DutyType.ADMIN]),
                    f"{district} crime prevention stand",
                    s.ids["district"][district],
                )
