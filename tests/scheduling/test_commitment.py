"""The monthly commitment has one owner (scheduling.hours.commitment): its SQL and Python forms agree on
generated data (run on SQLite and on PostgreSQL), and every page that shows a commitment reads that rule."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from api.auth import issue_token
from core.models import Role
from dashboard.queries.alerts import alert_ids
from scheduling.hours.commitment import (
    DEFAULT_COMMITMENT_MINUTES,
    commitment_of,
    commitment_sql,
    monthly_commitment,
)
from scheduling.hours.welfare import shortfall_list, welfare_list
from tests import factories as f
from tests.factories import dated as d
from tests.factories import sign_in_session
from volunteers.models import Programme, ProgrammeSetting, SpecialConstable


def test_own_figure_then_programme_then_16_hours():
    assert monthly_commitment(600, 960) == 600
    assert monthly_commitment(None, 720) == 720
    assert monthly_commitment(None, None) == DEFAULT_COMMITMENT_MINUTES == 16 * 60
    assert monthly_commitment(0, 720) == 0  # a figure of 0 is set (no commitment), not missing


def _sql_commitments(db) -> dict[int, int]:
    return dict(db.session.execute(sa.select(SpecialConstable.volunteer_id, commitment_sql())).all())


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("setting", [None, 16 * 60, 10 * 60, 0])
def test_sql_and_python_agree_on_generated_specials(db, seed, setting):
    """Specials with and without their own figure, under a programme setting or none: both forms agree,
    and each equals the rule worked by hand."""
    rng = random.Random(seed)
    if setting is not None:
        db.session.add(ProgrammeSetting(programme=Programme.SPECIAL, monthly_commitment_minutes=setting))
    # A CSC's commitment follows the Special programme's setting, whatever the CSC programme's says.
    db.session.add(ProgrammeSetting(programme=Programme.CSC, monthly_commitment_minutes=7 * 60))
    expected = {}
    for _ in range(12):
        own = rng.choice([None, None, 0, 4 * 60, 16 * 60, 20 * 60 + 30])
        special = f.SpecialFactory(monthly_commitment_minutes=own)
        if rng.random() < 0.3:
            f.MembershipFactory(volunteer=special.volunteer, programme=Programme.CSC)
        expected[special.volunteer_id] = (
            own if own is not None else setting if setting is not None else DEFAULT_COMMITMENT_MINUTES
        )
    db.session.flush()
    by_sql = _sql_commitments(db)
    by_python = {vid: commitment_of(vid) for vid in expected}
    assert by_sql == by_python == expected


def test_someone_in_another_programme_gets_that_programmes_setting(db):
    db.session.add(ProgrammeSetting(programme=Programme.ACTIVE_CITIZEN, monthly_commitment_minutes=8 * 60))
    citizen = f.MembershipFactory(programme=Programme.ACTIVE_CITIZEN).volunteer
    watcher = f.MembershipFactory(programme=Programme.SPEED_WATCH).volunteer  # no setting: 16 hours
    nobody = f.VolunteerFactory()
    db.session.flush()
    assert commitment_of(citizen.id) == 8 * 60
    assert commitment_of(watcher.id) == DEFAULT_COMMITMENT_MINUTES
    assert commitment_of(nobody.id) is None


def test_pages_show_the_owners_figure(db, client, make_user):
    """The volunteer's home page, my hours, the profile and the API show the same commitment."""
    db.session.add(ProgrammeSetting(programme=Programme.SPECIAL, monthly_commitment_minutes=11 * 60))
    special = f.SpecialFactory(monthly_commitment_minutes=None)
    user = make_user(Role.VOLUNTEER, volunteer=special.volunteer)
    sign_in_session(client, user)
    assert commitment_of(special.volunteer_id) == 11 * 60
    for path in ("/scheduling/hours/mine", "/", "/volunteers/me"):
        page = client.get(path, follow_redirects=True)
        assert page.status_code == 200, path
        text = " ".join(page.text.split())
        shown = '<span class="cip-figure__value">11</span> <span class="cip-figure__label">hours a month is your'
        assert shown in text or "Your monthly commitment is 11 hours" in text, path
    _token, secret = issue_token(user, "phone")
    db.session.commit()
    api = client.get("/api/v1/me/hours", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    assert api.get_json()["commitment_minutes"] == 11 * 60


@pytest.mark.parametrize("seed", [5, 8])
def test_welfare_shortfall_and_the_dashboards_alert_are_one_list(db, seed):
    """Below commitment over the 3 months to a month: the welfare page's list is the dashboard alert's on the
    month's last day (one rule: scheduling.hours.welfare.held_to_commitment)."""
    rng = random.Random(seed)
    db.session.add(ProgrammeSetting(programme=Programme.SPECIAL, monthly_commitment_minutes=16 * 60))
    for _ in range(15):
        joined = date(2026, rng.choice([1, 3, 5, 7]), rng.choice([1, 15]))
        left = date(2026, 8, rng.choice([1, 20])) if rng.random() < 0.2 else None
        special = d.special(joined=joined, left=left)
        special.monthly_commitment_minutes = rng.choice([None, 8 * 60, 24 * 60])
        # one duty a day at most: the database refuses two overlapping duties of one person
        for offset in rng.sample(range(121), rng.randint(0, 14)):
            d.duty(
                special.volunteer, date(2026, 5, 1) + timedelta(days=offset), minutes=rng.choice([120, 240, 480, 720])
            )
    db.session.commit()
    for month, last_day in ((date(2026, 7, 1), date(2026, 7, 31)), (date(2026, 8, 1), date(2026, 8, 31))):
        on_page = {row.volunteer_id for row in shortfall_list(month, 3)}
        alerted = set(db.session.scalars(alert_ids("specials_below_commitment", last_day)))
        assert on_page == alerted
        assert on_page  # the generated data has people below their commitment
        over = welfare_list(month)
        assert all(row.minutes > 3 * row.commitment for row in over)
