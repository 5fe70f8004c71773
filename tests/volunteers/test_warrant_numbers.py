"""A warrant number belongs to one Special: a duplicate is refused on its field, on create and on edit."""

from __future__ import annotations

import sqlalchemy as sa

from core.models import Role
from tests import factories as f
from tests.volunteers.test_screens import _person, _post
from volunteers.models import SpecialConstable, Volunteer


def test_a_duplicate_warrant_number_is_refused_when_adding(as_role, ref, db):
    f.SpecialFactory(warrant_number="SC4411")
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    base = _person(district_id=str(ref.district.id), rank_id=str(ref.rank.id), command_id=str(ref.north.id))
    response = _post(client, "/volunteers/new/special", {**base, "warrant_number": "sc4411"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Warrant number sc4411 is already held by another Special Constable" in page
    assert 'href="#warrant_number"' in page  # the error summary links to the field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 1
    # A free number goes through.
    assert _post(client, "/volunteers/new/special", {**base, "warrant_number": "SC4412"}).status_code == 302


def test_a_duplicate_warrant_number_is_refused_when_editing(as_role, ref, db):
    f.SpecialFactory(warrant_number="SC5001")
    mine = f.SpecialFactory(warrant_number="SC5002", rank=ref.rank, command=ref.north)
    db.session.commit()
    vid = mine.volunteer_id
    client = as_role(Role.COORDINATOR)
    form = {
        "rank_id": str(ref.rank.id),
        "command_id": str(ref.north.id),
        "stage": mine.stage.value,
        "initial_learning_on": mine.initial_learning_on.isoformat(),
    }
    refused = _post(client, f"/volunteers/{vid}/roles/special/edit", {**form, "warrant_number": "SC5001"})
    assert refused.status_code == 200
    assert "Warrant number SC5001 is already held by another Special Constable" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SpecialConstable, vid).warrant_number == "SC5002"
    # Keeping one's own number is no duplicate.
    kept = _post(client, f"/volunteers/{vid}/roles/special/edit", {**form, "warrant_number": "SC5002"})
    assert kept.status_code == 302


def test_a_number_taken_by_a_simultaneous_writer_is_refused_on_its_field(as_role, ref, db, monkeypatch):
    """The check passed (the other writer had not committed yet): the UNIQUE constraint decides, no 500."""
    from volunteers import lifecycle, people

    f.SpecialFactory(warrant_number="SC7001")
    mine = f.SpecialFactory(warrant_number="SC7002", rank=ref.rank, command=ref.north)
    db.session.commit()
    vid = mine.volunteer_id
    monkeypatch.setattr(people, "check_warrant_number_free", lambda *args, **kwargs: None)
    monkeypatch.setattr(lifecycle, "check_warrant_number_free", lambda *args, **kwargs: None)
    client = as_role(Role.COORDINATOR)
    base = _person(district_id=str(ref.district.id), rank_id=str(ref.rank.id), command_id=str(ref.north.id))
    created = _post(client, "/volunteers/new/special", {**base, "warrant_number": "SC7001"})
    assert created.status_code == 200
    assert "Warrant number SC7001 is already held by another Special Constable" in created.get_data(as_text=True)
    form = {
        "rank_id": str(ref.rank.id),
        "command_id": str(ref.north.id),
        "stage": mine.stage.value,
        "initial_learning_on": mine.initial_learning_on.isoformat(),
        "warrant_number": "SC7001",
    }
    edited = _post(client, f"/volunteers/{vid}/roles/special/edit", form)
    assert edited.status_code == 200
    assert "Warrant number SC7001 is already held by another Special Constable" in edited.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 2
