"""How long queuing a call-out to 500 people takes (the issue asks for under one second).

Builds a throwaway SQLite database (or CIP_BENCH_DATABASE_URL), 500 available Specials and a shift, then times
``send_callout`` to all of them: the invites, each person's link and code, and their notices and outbox messages
(``notices.send_each``, a few statements for everyone), committed. Run: ``.venv/bin/python -m bench.callouts``.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PEOPLE = 500


def main() -> None:
    """Print the seconds a 500-person call-out takes to queue (best of three)."""
    import flask_migrate
    import sqlalchemy as sa

    from config import TestingConfig
    from core.extensions import db
    from core.factory import create_app
    from core.models import Command, District, Role, User
    from scheduling.availability.models import PartOfDay, WeeklySlot
    from scheduling.callouts.services import send_callout
    from scheduling.models import DutyType, Shift
    from volunteers.models import Programme, ProgrammeMembership, Volunteer, VolunteerStatus

    url = os.environ.get("CIP_BENCH_DATABASE_URL") or f"sqlite:///{Path(tempfile.mkdtemp()) / 'callouts.sqlite3'}"
    # Email configured (nothing is sent here): each person's email is queued in the outbox beside their notice.
    settings = {"SQLALCHEMY_DATABASE_URI": url, "MAIL_SERVER": "127.0.0.1", "BASE_URL": "https://cip.example.org"}
    app = create_app(type("BenchConfig", (TestingConfig,), settings))
    with app.app_context():
        flask_migrate.upgrade()
        run = f"{time.time_ns():x}"  # names unique per run: CIP_BENCH_DATABASE_URL may be reused
        command = Command(name=f"Bench LPA {run}")
        db.session.add(command)
        db.session.flush()
        district = District(name=f"Bench district {run}", command_id=command.id)
        db.session.add(district)
        db.session.flush()
        today = datetime.now(UTC).date()
        people = [
            Volunteer(
                email=f"bench-{run}-{n}@example.org",
                first_name=f"Bench{n}",
                last_name="Person",
                district_id=district.id,
                joined_on=today,
                status=VolunteerStatus.ACTIVE,
            )
            for n in range(PEOPLE)
        ]
        db.session.add_all(people)
        db.session.flush()
        db.session.execute(
            sa.insert(ProgrammeMembership),
            [{"volunteer_id": p.id, "programme": Programme.SPECIAL, "started_on": today} for p in people],
        )
        db.session.execute(
            sa.insert(WeeklySlot),
            [
                {"volunteer_id": p.id, "weekday": d, "part": part}
                for p in people
                for d in range(7)
                for part in PartOfDay
            ],
        )
        no_password = "!"  # noqa: S105 (not a password: the bench never signs in)
        coordinator = User(
            email=f"bench-{run}@example.org", display_name="Bench", password_hash=no_password, role=Role.COORDINATOR
        )
        db.session.add(coordinator)
        db.session.commit()
        timings, cpu_times = [], []  # wall clock, and this process's CPU (what a busy shared machine inflates less)
        for round_ in range(3):
            starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5 + round_)
            shift = Shift(
                title="Bench patrol",
                shift_type=DutyType.PATROL,
                district_id=district.id,
                starts_at=starts,
                ends_at=starts + timedelta(hours=4),
                places=2,
            )
            db.session.add(shift)
            db.session.commit()
            began, cpu = time.perf_counter(), time.process_time()
            callout = send_callout(shift, coordinator, [p.id for p in people])  # all 500, ticked
            db.session.commit()
            timings.append(time.perf_counter() - began)
            cpu_times.append(time.process_time() - cpu)
            asked = len(callout.invites)
        from notices.outbox.models import OutboxMessage  # after create_app: the app imports the packages in order

        queued = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        print(f"{queued} emails queued in the outbox")
        print(
            f"call-out to {asked} people queued in {min(timings):.3f} s (best of 3: "
            f"{', '.join(f'{t:.3f}' for t in timings)}); this process's CPU {min(cpu_times):.3f} s; "
            f"target under 1 s on {db.engine.dialect.name}; load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
