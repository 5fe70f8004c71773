"""The seeding context: one random generator, explicit ids, rows collected then inserted in bulk."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from core.dates import LONDON
from core.extensions import db
from sampledata.demo.names import PeopleMaker, Person
from volunteers.leaving_reasons import LeavingReason
from volunteers.models import Programme, StatusEvent, Volunteer, VolunteerStatus


class Seeder:
    """Collects rows per table with ids assigned up front, so one bulk INSERT per table does the work."""

    def __init__(self, today: date, seed: int = 2026):
        self.today = today
        self.rng = random.Random(seed)
        self.people = PeopleMaker(self.rng, today)
        self.rows: dict[sa.Table, list[dict]] = defaultdict(list)
        self._next_id: dict[sa.Table, int] = {}
        self.ids: dict[str, dict] = defaultdict(dict)  # lookups by name: ids["district"]["Basildon"]

    def new_id(self, model) -> int:
        table = model.__table__
        if table not in self._next_id:
            self._next_id[table] = (db.session.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1
        value = self._next_id[table]
        self._next_id[table] += 1
        return value

    def add(self, model, **values) -> int | None:
        """Queue a row; gives it a new id when the table has an integer id column."""
        table = model if isinstance(model, sa.Table) else model.__table__
        if "id" in table.c and "id" not in values:
            values["id"] = self.new_id(model)
        self.rows[table].append(values)
        return values.get("id")

    def flush(self) -> None:
        """Insert every queued row, parents before children, one executemany per shape."""
        for table in db.metadata.sorted_tables:
            rows = self.rows.pop(table, None)
            if not rows:
                continue
            shapes: dict[tuple, list[dict]] = defaultdict(list)
            for row in rows:
                shapes[tuple(sorted(row))].append(row)
            for batch in shapes.values():
                db.session.execute(table.insert(), batch)
        db.session.flush()

    # --- dates and times ---------------------------------------------------------------------

    def between(self, start: date, end: date) -> date:
        """A random date in [start, end]."""
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def years_ago(self, years: float) -> date:
        return self.today - timedelta(days=round(years * 365.25))

    @staticmethod
    def utc(day: date, at: time) -> datetime:
        """A local (Europe/London) date and time as an aware UTC datetime."""
        return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)

    # --- volunteers ----------------------------------------------------------------------------

    def add_volunteer(
        self,
        person: Person,
        joined_on: date,
        programmes: list[Programme],
        email: str | None = "auto",
        left_on: date | None = None,
        leave_reason: str | None = None,
        vetting: str | None = None,
        left_because: LeavingReason | None = None,
    ) -> int:
        """A Volunteer with its memberships, its joined (and left) status changes and, for adults, vetting."""
        if email == "auto":
            email = self.people.email(person.first_name, person.last_name)
        vid = self.add(
            Volunteer,
            first_name=person.first_name,
            last_name=person.last_name,
            email=email,
            phone=person.phone,
            date_of_birth=person.date_of_birth,
            address=person.address,
            postcode=person.postcode,
            district_id=self.ids["district"][person.district],
            status=VolunteerStatus.LEFT if left_on else VolunteerStatus.ACTIVE,
            joined_on=joined_on,
            left_on=left_on,
            leave_reason=leave_reason,
            left_because=left_because if left_on else None,
        )
        for programme in programmes:
            self.add_membership(vid, programme, joined_on, left_on, leave_reason, left_because)
        if left_on:
            words = ": ".join(w for w in (left_because and left_because.label, leave_reason) if w) or None
            self.add_status(vid, StatusEvent.LEFT, left_on, programmes[0], words)
        if vetting:
            self.add_vetting(vid, vetting, joined_on, left=left_on is not None)
        return vid

    def add_membership(self, vid, programme, started_on, ended_on=None, reason=None, because=None) -> None:
        from volunteers.models import ProgrammeMembership

        self.add(
            ProgrammeMembership,
            volunteer_id=vid,
            programme=programme,
            started_on=started_on,
            ended_on=ended_on,
            end_reason=reason,
            left_because=because if ended_on else None,
        )
        self.add_status(vid, StatusEvent.JOINED, started_on, programme, None)

    def add_status(self, vid, event, on, programme, detail) -> None:
        from volunteers.models import StatusChange

        self.add(StatusChange, volunteer_id=vid, event=event, effective_on=on, programme=programme, detail=detail)

    VETTING_YEARS = {"RV": 10, "MV": 7, "NPPV3": 5, "NPPV2": 5, "NPPV1": 3}

    def add_vetting(self, vid, level: str, joined_on: date, left: bool = False) -> None:
        """Vetting granted so that about 5% expire within 60 days and about 1.5% have expired."""
        from volunteers.models import Vetting

        years = self.VETTING_YEARS[level]
        roll = self.rng.random()
        if roll < 0.015:
            expires = self.today - timedelta(days=self.rng.randint(5, 120))
        elif roll < 0.065:
            expires = self.today + timedelta(days=self.rng.randint(1, 60))
        else:
            expires = self.today + timedelta(days=self.rng.randint(61, years * 365 - 30))
        granted = expires - timedelta(days=years * 365)
        if left or granted < joined_on - timedelta(days=120):
            # Cleared during recruitment, shortly before joining.
            granted = joined_on - timedelta(days=self.rng.randint(20, 90))
            expires = granted + timedelta(days=years * 365)
        self.add(Vetting, volunteer_id=vid, level=level, granted_on=granted, expires_on=expires)
