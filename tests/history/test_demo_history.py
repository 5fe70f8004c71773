"""The demo seed (bulk inserts) gets its dated history, and its figures survive later changes."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core.dates import today
from dashboard.periods import quarter_of
from dashboard.services import compute_figures
from history.recording import FACTS
from sampledata.demo.seed import seed_demo
from schemes.models import (
    AgreementStatus,
    CadetUnit,
    CscAgreement,
    CscPost,
    PostState,
    SpeedWatchGroup,
    UnitStatus,
)
from volunteers.models import Cadet, Rank, SpecialConstable, Volunteer

TODAY = date(2026, 11, 22)


@pytest.mark.slow
def test_the_demo_has_one_open_row_per_object_and_its_figures_survive_changes(db):
    seed_demo(password="not-used-here-1234", today=TODAY)
    db.session.commit()
    for fact in FACTS:
        table, source = fact.history.__table__, fact.source.__table__
        opened = sa.select(sa.func.count(sa.distinct(table.c[fact.key]))).where(
            table.c.valid_to.is_(None), *[table.c[k] == v for k, v in fact.fixed.items()]
        )
        assert db.session.scalar(opened) == db.session.scalar(sa.select(sa.func.count()).select_from(source)), (
            fact.source.__name__
        )
    past = quarter_of(date(2026, 8, 15))
    before = compute_figures(past)

    # Later: every Special moves command and rank, every post falls vacant, agreements end, groups stop, cadets
    # move, units close.
    other_command = db.session.scalar(sa.select(SpecialConstable.command_id).limit(1))
    top_rank = db.session.scalar(sa.select(Rank.id).order_by(Rank.seniority.desc()).limit(1))
    for special in db.session.scalars(sa.select(SpecialConstable)):
        special.command_id, special.esp_business_id, special.rank_id = other_command, None, top_rank
    for post in db.session.scalars(sa.select(CscPost)):
        post.state = PostState.VACANT_AFTER_LEAVER
    for agreement in db.session.scalars(sa.select(CscAgreement)):
        agreement.status = AgreementStatus.ENDED
    for group in db.session.scalars(sa.select(SpeedWatchGroup)):
        group.active = False
    first_unit = db.session.scalar(sa.select(CadetUnit.id).order_by(CadetUnit.id).limit(1))
    for cadet in db.session.scalars(sa.select(Cadet)):
        cadet.cadet_unit_id = first_unit
    for unit in db.session.scalars(sa.select(CadetUnit)):
        unit.status = UnitStatus.CLOSED
    for volunteer in db.session.scalars(sa.select(Volunteer)):
        volunteer.district_id = None
    db.session.commit()

    assert compute_figures(past) == before
    now = compute_figures(quarter_of(today()))  # the changes took effect today
    assert now["speed_watch"]["groups"] == 0
    assert now["esp"]["specials_benefiting"] == 0
    assert len(now["specials"]["by_command"]) == 1 and len(now["specials"]["by_rank"]) == 1
    assert (now["cadets"]["units_open"], now["cadets"]["units_reopening"]) == (0, [])
    assert (before["cadets"]["units_open"], len(before["cadets"]["units_reopening"])) == (9, 4)
    assert len(before["specials"]["by_rank"]) > 1
    assert now["active_citizens"]["districts"] == 0
