"""`flask cip generate` at a tiny scale: the data respect the model's rules and the counts are as asked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm

from core.models import Parish, User
from sampledata.generate.run import generate
from sampledata.generate.scale import COUNTY
from scheduling.models import Duty, Shift
from schemes.models import CscPost, PostState
from volunteers.models import Application, SpecialConstable, Volunteer, VolunteerStatus

TINY = replace(
    COUNTY,
    name="tiny",
    specials=30,
    cscs=4,
    cadets=12,
    cadet_leaders=4,
    active_citizens=6,
    speed_watch=20,
    speed_watch_groups=5,
    esp_businesses=6,
    parishes=220,
    watch_schemes=3,
    years=1,
    duties=2_000,
    applications=40,
    shifts_per_week=3,
)


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_generate_fills_the_database_as_asked(db):
    steps = []
    summary = generate(TINY, seed=7, today=date(2026, 11, 22), password="cip-demo-2026", progress=steps.append)
    assert count(db, Duty) == TINY.duties
    assert count(db, Parish) == TINY.parishes
    assert count(db, Application) == TINY.applications
    active = count(db, SpecialConstable.__table__.join(Volunteer.__table__), Volunteer.status == VolunteerStatus.ACTIVE)
    assert active == TINY.specials
    assert count(db, CscPost, CscPost.state == PostState.IN_POST) == TINY.cscs
    assert count(db, SpecialConstable, SpecialConstable.csc_post_id.is_not(None)) == TINY.cscs
    assert count(db, User) == 7
    assert count(db, Shift) > 0
    # Duties end before today, inside each volunteer's service, and their hours add up.
    assert db.session.scalar(sa.select(sa.func.max(Duty.duty_date))) < date(2026, 11, 22)
    outside = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Duty)
        .join(Volunteer, Volunteer.id == Duty.volunteer_id)
        .where(
            sa.or_(
                Duty.duty_date < Volunteer.joined_on,
                Duty.duty_date > sa.func.coalesce(Volunteer.left_on, date(9999, 1, 1)),
            )
        )
    )
    assert outside == 0
    other = sa.orm.aliased(Duty)
    overlapping = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Duty)
        .join(other, sa.and_(other.volunteer_id == Duty.volunteer_id, other.id > Duty.id))
        .where(other.starts_at < Duty.ends_at, Duty.starts_at < other.ends_at)
    )
    assert overlapping == 0
    assert sum(steps) > TINY.duties
    # Rows were written with explicit ids: the app's own inserts must still get fresh ones (PostgreSQL).
    district_id = db.session.scalar(sa.select(sa.func.min(Parish.district_id)))
    db.session.add(Parish(name="A new council", district_id=district_id))
    db.session.commit()
    assert "2,000 duties" in summary[0]


def test_generated_people_and_duties_vary(app, db):
    generate(TINY, seed=11, today=date(2026, 11, 22), password="cip-demo-2026", progress=lambda n: None)
    first = db.session.execute(sa.select(Duty.volunteer_id, Duty.minutes).order_by(Duty.id).limit(50)).all()
    assert len(first) == 50
    names = db.session.execute(sa.select(Volunteer.first_name, Volunteer.last_name).order_by(Volunteer.id)).all()
    assert len(set(names)) > len(names) // 2
