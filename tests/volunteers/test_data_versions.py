"""Data versions (core.data_versions): every write renews the stamp, so what a process kept is never stale."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core import data_versions
from core.data_versions import VOLUNTEER_LIST, VersionedCache
from core.models import Role
from tests import factories as f
from tests.factories import QueryCounter
from volunteers import people
from volunteers.models import Volunteer, VolunteerStatus

LIST = "/volunteers/?programme=special&status=active"


def _stamp(db) -> int | None:
    db.session.rollback()  # a new transaction sees the last commit
    return data_versions.current(VOLUNTEER_LIST)


def _caption(client, url: str = LIST) -> str:
    html = client.get(url).get_data(as_text=True)
    return html.split('govuk-table__caption--m">', 1)[1].split("</caption>", 1)[0]


def test_the_migration_starts_every_stamp(db):
    assert {name: data_versions.current(name) for name in data_versions.WATCHED} == {
        "roster": 1,
        VOLUNTEER_LIST: 1,
        "dashboard": 1,  # migration 0015
        "notices": 1,  # migration 0017
    }


def test_a_committed_write_renews_the_stamp_and_a_rollback_or_a_read_does_not(db, ref):
    before = _stamp(db)
    db.session.execute(sa.select(Volunteer.id)).all()
    db.session.commit()
    assert _stamp(db) == before
    f.SpecialFactory()
    db.session.rollback()
    assert _stamp(db) == before
    f.SpecialFactory()
    db.session.commit()
    after = _stamp(db)
    assert after not in (None, before)


def test_shifts_and_duties_leave_the_stamp_alone(db, ref):
    volunteer = f.SpecialFactory().volunteer
    db.session.commit()
    before = _stamp(db)
    f.ShiftFactory()
    f.DutyFactory(volunteer=db.session.get(Volunteer, volunteer.id))  # approved: the hours ledger moves
    db.session.commit()
    assert _stamp(db) == before


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda db, v: setattr(v, "status", VolunteerStatus.LEFT), id="orm-attribute"),
        pytest.param(
            lambda db, v: db.session.execute(
                sa.update(Volunteer).where(Volunteer.id == v.id).values(status=VolunteerStatus.LEFT)
            ),
            id="update-statement",
        ),
        pytest.param(lambda db, v: db.session.delete(v), id="orm-delete"),
    ],
)
def test_the_list_count_follows_every_kind_of_write(as_role, db, ref, write):
    specials = [f.SpecialFactory(volunteer__last_name=f"Kept{n}") for n in range(3)]
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    assert _caption(client) == "3 volunteers"
    assert _caption(client) == "3 volunteers"  # kept, same answer
    write(db, specials[0].volunteer)
    db.session.commit()
    assert _caption(client) == "2 volunteers"


def test_a_write_flushed_by_the_commit_itself_renews_the_stamp(db, ref):
    volunteer = f.SpecialFactory().volunteer
    db.session.commit()
    before = _stamp(db)
    volunteer = db.session.get(Volunteer, volunteer.id)
    volunteer.first_name = "Changed"  # not flushed: the commit flushes it after before_commit hooks
    db.session.commit()
    assert _stamp(db) != before


def test_a_new_volunteer_through_the_service_shows_at_once(as_role, db, ref):
    client = as_role(Role.COORDINATOR)
    assert _caption(client, "/volunteers/?status=active") == "0 volunteers"
    people.create_volunteer(
        "special",
        {"first_name": "Nia", "last_name": "New", "date_of_birth": date(1990, 1, 1), "district_id": ref.district.id},
        {"rank_id": ref.sergeant.id, "command_id": ref.district.command_id},
        today=date(2026, 11, 22),
    )
    db.session.commit()
    assert _caption(client, "/volunteers/?status=active") == "1 volunteer"


def test_filter_choices_follow_a_new_district_and_a_renamed_one(as_role, db, ref):
    client = as_role(Role.COORDINATOR)

    def districts() -> str:
        return client.get("/volunteers/").get_data(as_text=True).split('id="district_id"', 1)[1].split("</select>")[0]

    assert "Zeal District" not in districts()
    f.DistrictFactory(name="Zeal District")
    db.session.commit()
    assert "Zeal District" in districts()
    ref.district.name = "Renamed <District>"
    db.session.commit()
    assert "Renamed &lt;District&gt;" in districts()


def test_a_repeated_list_skips_the_count_and_the_choices(as_role, db, app, ref):
    for n in range(4):
        f.SpecialFactory(volunteer__last_name=f"Same{n}")
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    client.get(LIST)
    url = f"{LIST}&district_id={ref.district.id}"
    with QueryCounter(db.engine) as first:
        client.get(url)  # new filters: counted once
    with QueryCounter(db.engine) as again:
        client.get(url)  # the page only (and the stamp, where this transaction has not read it yet)
    assert again.count == first.count - 1


def test_a_supervisor_list_is_counted_in_their_scope_every_time(as_role, db, ref):
    own = f.SpecialFactory(volunteer__district=ref.district)
    f.SpecialFactory(volunteer__district=ref.other_district)
    db.session.commit()
    client = as_role(Role.SUPERVISOR, command_id=own.command_id)
    assert _caption(client) == "1 volunteer"


def test_a_kept_value_is_keyed_by_stamp_and_the_least_recent_goes_first():
    kept = VersionedCache(size=2)
    calls = []

    def compute(value):
        return lambda: calls.append(value) or value

    assert kept.get("n", 1, "a", compute("a1")) == "a1"
    assert kept.get("n", 1, "a", compute("again")) == "a1"
    assert kept.get("n", 2, "a", compute("a2")) == "a2"  # a new stamp: computed again
    assert kept.get("n", 2, "b", compute("b2")) == "b2"  # over size: ("n", 1, "a") goes
    assert kept.get("n", 1, "a", compute("a1 again")) == "a1 again"
    assert kept.get("n", None, "a", compute("unstamped")) == "unstamped"
    assert kept.get("n", None, "a", compute("unstamped again")) == "unstamped again"
    assert calls == ["a1", "a2", "b2", "a1 again", "unstamped", "unstamped again"]
