"""The monthly commitment has one owner (scheduling.hours.commitment): its SQL and Python forms agree on
generated data (run on SQLite and on PostgreSQL), and every page that shows a commitment reads that rule."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from scheduling.hours.commitment import (
    DEFAULT_COMMITMENT_MINUTES,
    commitment_of,
    commitment_sql,
    monthly_commitment,
)
from tests import factories as f
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
    from core.models import Role
    from tests.fixtures import sign_in_session

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
    from api.auth import issue_token

    _token, secret = issue_token(user, "phone")
    db.session.commit()
    api = client.get("/api/v1/me/hours", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    assert api.get_json()["commitment_minutes"] == 11 * 60
