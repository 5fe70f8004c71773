"""Writers at the same moment, each on its own connection: one holder per serial number, never below zero stock."""

from __future__ import annotations

import sqlalchemy as sa

from core.dates import today
from core.refusals import Refusal
from core.transactions import commit_unit
from kit import issuing
from kit.models import KitIssue, StockLine
from tests import factories as f
from tests.factories import kit as k
from tests.scheduling.test_races import at_once
from volunteers.models import Volunteer


def _issue(volunteer_id: int, work) -> object:
    from core.extensions import db

    return commit_unit(lambda: work(db.session.get(Volunteer, volunteer_id)).id)


def test_one_radio_issued_to_many_people_at_once_has_one_holder(app, db):
    people = [f.SpecialFactory().volunteer.id for _ in range(6)]
    radio = k.RadioFactory().id
    outcomes = at_once(
        app, 6, lambda n: _issue(people[n], lambda v: issuing.issue_item(v, radio, today(), today(), None))
    )
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    assert all(isinstance(o, Refusal) and o.field == "thing" for o in outcomes if isinstance(o, Exception))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(KitIssue)) == 1


def test_the_last_shirts_issued_at_once_go_to_as_many_as_the_store_holds(app, db):
    people = [f.SpecialFactory().volunteer.id for _ in range(6)]
    line = k.StockLineFactory(in_store=4).id
    outcomes = at_once(
        app, 6, lambda n: _issue(people[n], lambda v: issuing.issue_uniform(v, line, 1, today(), today(), None))
    )
    assert sum(not isinstance(o, Exception) for o in outcomes) == 4
    assert all(isinstance(o, Refusal) and o.field == "quantity" for o in outcomes if isinstance(o, Exception))
    db.session.expire_all()
    assert db.session.get(StockLine, line).in_store == 0
