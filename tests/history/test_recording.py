"""How the dated history is written: the ORM hook, the bulk backfill and the migration's backfill."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from core.dated import effective_on
from core.dates import today
from history.models import (
    CadetUnitMembership,
    CadetUnitStatus,
    CscAgreementStatus,
    CscPostState,
    SpecialAssignment,
    SpeedWatchGroupStatus,
    VolunteerDistrict,
)
from history.recording import BEFORE_RECORDS, backfill_open_rows
from schemes.models import CadetUnit, PostState, SpeedWatchGroup, UnitStatus
from tests import factories as f
from tests.factories import dated as d
from volunteers.models import Programme

HISTORY = (
    SpecialAssignment,
    CadetUnitMembership,
    VolunteerDistrict,
    CscPostState,
    CscAgreementStatus,
    SpeedWatchGroupStatus,
    CadetUnitStatus,
)
VERSIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"
MIGRATIONS = (VERSIONS / "0007_history.py", VERSIONS / "0011_rank_and_unit_history.py")


def _rows(db, model, **where) -> list:
    stmt = sa.select(model).filter_by(**where).order_by(model.valid_from, model.id)
    return list(db.session.scalars(stmt))


def _snapshot(db) -> dict[str, list[tuple]]:
    """Every history row, without ids, sorted."""
    found = {}
    for model in HISTORY:
        table = model.__table__
        columns = [c for c in table.c if c.name != "id"]
        found[table.name] = sorted(tuple(str(v) for v in row) for row in db.session.execute(sa.select(*columns)).all())
    return found


def _world(db):
    """One of each tracked object, made through the ORM."""
    post = f.CscPostFactory(state_since=date(2022, 1, 1))
    csc = d.csc(post, joined=date(2021, 1, 4), csc_since=date(2022, 6, 1))
    unit = f.CadetUnitFactory()
    d.cadet(unit, date(2024, 9, 1))
    d.cadet_leader(unit, date(2023, 1, 1))
    group = f.SpeedGroupFactory(started_on=date(2023, 5, 1))
    db.session.commit()
    return csc, post, group


def test_new_objects_get_one_open_row_from_their_best_known_date(db):
    csc, post, group = _world(db)
    [assignment] = _rows(db, SpecialAssignment, volunteer_id=csc.volunteer_id)
    assert (assignment.csc_post_id, assignment.command_id, assignment.rank_id) == (post.id, csc.command_id, csc.rank_id)
    assert (assignment.valid_from, assignment.valid_to) == (date(2021, 1, 4), None)
    [state] = _rows(db, CscPostState, post_id=post.id)
    assert (state.state, state.valid_from, state.valid_to) == (PostState.IN_POST, date(2022, 1, 1), None)
    [agreement] = _rows(db, CscAgreementStatus, agreement_id=post.agreement_id)
    assert agreement.valid_from == post.agreement.signed_on
    [active] = _rows(db, SpeedWatchGroupStatus, group_id=group.id)
    assert (active.active, active.valid_from) == (True, date(2023, 5, 1))
    assert len(_rows(db, CadetUnitMembership)) == 2
    [district] = _rows(db, VolunteerDistrict, volunteer_id=csc.volunteer_id)
    assert district.district_id == csc.volunteer.district_id
    [unit] = _rows(db, CadetUnitStatus)
    assert (unit.status, unit.valid_from, unit.valid_to) == (UnitStatus.OPEN, today(), None)


def test_a_change_closes_the_open_row_today_and_a_second_change_the_same_day_corrects_it(db):
    csc, post, _group = _world(db)
    other = f.CommandFactory()
    csc.command = other
    db.session.commit()
    first, second = _rows(db, SpecialAssignment, volunteer_id=csc.volunteer_id)
    assert first.valid_to == today() == second.valid_from
    assert (first.command_id, second.command_id, second.valid_to) == (csc.volunteer.district.command_id, other.id, None)

    csc.csc_post = None
    db.session.commit()
    rows = _rows(db, SpecialAssignment, volunteer_id=csc.volunteer_id)
    assert len(rows) == 2
    assert (rows[1].command_id, rows[1].csc_post_id, rows[1].valid_to) == (other.id, None, None)


def test_a_promotion_closes_the_open_assignment_row_today(db):
    csc, post, _group = _world(db)
    constable, sergeant = csc.rank_id, f.RankFactory()
    csc.rank = sergeant
    db.session.commit()
    first, second = _rows(db, SpecialAssignment, volunteer_id=csc.volunteer_id)
    assert (first.rank_id, first.valid_to) == (constable, today())
    assert (second.rank_id, second.command_id, second.csc_post_id) == (sergeant.id, csc.command_id, post.id)
    assert (second.valid_from, second.valid_to) == (today(), None)


def test_a_unit_status_change_closes_the_open_row_today(db):
    with effective_on(date(2019, 9, 1)):
        unit = f.CadetUnitFactory()
    db.session.commit()
    unit.status = UnitStatus.CLOSED
    db.session.commit()
    first, second = _rows(db, CadetUnitStatus, unit_id=unit.id)
    assert (first.status, first.valid_from, first.valid_to) == (UnitStatus.OPEN, date(2019, 9, 1), today())
    assert (second.status, second.valid_from, second.valid_to) == (UnitStatus.CLOSED, today(), None)


def test_a_post_state_change_takes_effect_on_its_state_since_date(db):
    _csc, post, _group = _world(db)
    post.state, post.state_since = PostState.VACANT_AFTER_LEAVER, date(2025, 3, 1)
    db.session.commit()
    first, second = _rows(db, CscPostState, post_id=post.id)
    assert (first.state, first.valid_to) == (PostState.IN_POST, date(2025, 3, 1))
    assert (second.state, second.valid_from, second.valid_to) == (PostState.VACANT_AFTER_LEAVER, date(2025, 3, 1), None)


def test_an_unchanged_save_writes_nothing(db):
    csc, post, group = _world(db)
    before = _snapshot(db)
    csc.command_id = csc.command_id
    post.state = post.state
    group.name = "Renamed group"
    db.session.commit()
    assert _snapshot(db) == before


def test_backfill_gives_bulk_inserted_objects_one_open_row_once(db):
    district = f.DistrictFactory()
    db.session.commit()
    db.session.execute(
        SpeedWatchGroup.__table__.insert(),
        [{"name": "Bulk group", "district_id": district.id, "started_on": date(2020, 2, 2), "active": False}],
    )
    group_id = db.session.scalar(sa.select(SpeedWatchGroup.id).where(SpeedWatchGroup.name == "Bulk group"))
    assert _rows(db, SpeedWatchGroupStatus, group_id=group_id) == []
    written = backfill_open_rows()
    assert written["speed_watch_group_statuses"] == 1
    [row] = _rows(db, SpeedWatchGroupStatus, group_id=group_id)
    assert (row.active, row.valid_from, row.valid_to) == (False, date(2020, 2, 2), None)
    assert sum(backfill_open_rows().values()) == 0


def test_backfill_gives_a_bulk_inserted_unit_its_status_since_before_the_records(db):
    district = f.DistrictFactory()
    db.session.commit()
    db.session.execute(
        CadetUnit.__table__.insert(),
        [{"name": "Bulk VPC", "place": "Harlow", "district_id": district.id, "capacity": 20, "status": "reopening"}],
    )
    unit_id = db.session.scalar(sa.select(CadetUnit.id).where(CadetUnit.name == "Bulk VPC"))
    written = backfill_open_rows()
    assert written["cadet_unit_statuses"] == 1
    [row] = _rows(db, CadetUnitStatus, unit_id=unit_id)
    assert (row.status, row.valid_from, row.valid_to) == (UnitStatus.REOPENING, BEFORE_RECORDS, None)


def test_backfill_records_a_bulk_inserted_specials_rank(db):
    csc, _post, _group = _world(db)
    db.session.execute(sa.delete(SpecialAssignment))
    assert backfill_open_rows()["special_assignments"] == 1
    [row] = _rows(db, SpecialAssignment, volunteer_id=csc.volunteer_id)
    assert (row.rank_id, row.command_id, row.valid_to) == (csc.rank_id, csc.command_id, None)


def test_an_object_without_history_keeps_its_old_state_before_a_change(db):
    district = f.DistrictFactory()
    db.session.commit()
    db.session.execute(
        SpeedWatchGroup.__table__.insert(),
        [{"name": "Old group", "district_id": district.id, "started_on": date(2019, 6, 1), "active": True}],
    )
    group = db.session.scalar(sa.select(SpeedWatchGroup).where(SpeedWatchGroup.name == "Old group"))
    group.active = False
    db.session.commit()
    old, new = _rows(db, SpeedWatchGroupStatus, group_id=group.id)
    assert (old.active, old.valid_from, old.valid_to) == (True, date(2019, 6, 1), today())
    assert (new.active, new.valid_from, new.valid_to) == (False, today(), None)


def test_a_unit_without_history_keeps_its_old_status_before_a_change(db):
    district = f.DistrictFactory()
    db.session.commit()
    db.session.execute(
        CadetUnit.__table__.insert(),
        [{"name": "Old VPC", "place": "Epping", "district_id": district.id, "capacity": 20, "status": "open"}],
    )
    unit = db.session.scalar(sa.select(CadetUnit).where(CadetUnit.name == "Old VPC"))
    unit.status = UnitStatus.CLOSED
    db.session.commit()
    old, new = _rows(db, CadetUnitStatus, unit_id=unit.id)
    assert (old.status, old.valid_from, old.valid_to) == (UnitStatus.OPEN, BEFORE_RECORDS, today())
    assert (new.status, new.valid_from, new.valid_to) == (UnitStatus.CLOSED, today(), None)


def test_a_person_facts_start_at_their_first_membership_when_it_precedes_joining(db):
    volunteer = f.VolunteerFactory(joined_on=date(2022, 1, 10))
    d.membership(volunteer, Programme.ACTIVE_CITIZEN, date(2021, 3, 1))
    db.session.execute(sa.delete(VolunteerDistrict))
    backfill_open_rows()
    [row] = _rows(db, VolunteerDistrict, volunteer_id=volunteer.id)
    assert row.valid_from == date(2021, 3, 1)


def _migration(path: Path):
    spec = importlib.util.spec_from_file_location(f"history_migration_{path.stem}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


def test_the_migration_backfill_matches_the_application_backfill(db):
    csc, post, group = _world(db)
    post.state, post.state_since = PostState.VACANT_AFTER_LEAVER, today() - timedelta(days=3)
    db.session.commit()
    for model in HISTORY:
        db.session.execute(sa.delete(model))
    for path in MIGRATIONS:  # in order: 0011 gives 0007's rows their rank and adds the units' rows
        for statement in _migration(path).BACKFILL:
            db.session.execute(sa.text(statement) if isinstance(statement, str) else statement)
    by_migration = _snapshot(db)
    assert all(by_migration.values())
    for model in HISTORY:
        db.session.execute(sa.delete(model))
    backfill_open_rows()
    assert _snapshot(db) == by_migration
    [state] = _rows(db, CscPostState, post_id=post.id)
    assert (state.state, state.valid_from) == (PostState.VACANT_AFTER_LEAVER, today() - timedelta(days=3))
    [assignment] = _rows(db, SpecialAssignment, volunteer_id=csc.volunteer_id)
    assert assignment.rank_id == csc.rank_id
    assert _migration(MIGRATIONS[1]).BEFORE_RECORDS == BEFORE_RECORDS


def test_services_with_a_date_record_the_change_on_that_date(db):
    from schemes.parishes.posts import update_post
    from volunteers.lifecycle import leave

    csc, post, _group = _world(db)
    left_on = today() - timedelta(days=20)
    leave(csc.volunteer, left_on, "Moved away", today())
    db.session.commit()
    first, second = _rows(db, SpecialAssignment, volunteer_id=csc.volunteer_id)
    assert (first.csc_post_id, first.valid_to) == (post.id, left_on)
    assert (second.csc_post_id, second.valid_from) == (None, left_on)
    assert _rows(db, CscPostState, post_id=post.id)[-1].valid_from == left_on

    newcomer = d.special(joined=date(2020, 1, 1))
    filled_on = today() - timedelta(days=5)
    update_post(post, PostState.IN_POST.value, filled_on, newcomer.volunteer_id)
    db.session.commit()
    rows = _rows(db, SpecialAssignment, volunteer_id=newcomer.volunteer_id)
    assert [(r.csc_post_id, r.valid_from, r.valid_to) for r in rows] == [
        (None, date(2020, 1, 1), filled_on),
        (post.id, filled_on, None),
    ]


def test_a_detail_row_made_again_closes_the_old_history_row(db):
    from volunteers.models import SpecialConstable

    csc, _post, _group = _world(db)
    volunteer, rank_id = csc.volunteer, csc.rank_id
    db.session.delete(csc)
    db.session.commit()
    other = f.CommandFactory()
    db.session.add(SpecialConstable(volunteer=volunteer, rank_id=rank_id, command_id=other.id, stage=csc.stage))
    db.session.commit()
    first, second = _rows(db, SpecialAssignment, volunteer_id=volunteer.id)
    assert (first.valid_to, second.valid_from, second.command_id, second.csc_post_id) == (
        today(),
        today(),
        other.id,
        None,
    )
