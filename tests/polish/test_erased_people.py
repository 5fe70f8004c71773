"""An erased person is never shown, exported or counted as Active: erasure ends their volunteering."""

from __future__ import annotations

from core.dates import today
from core.models import Role
from privacy.services import erase
from tests import factories as f
from volunteers.models import Volunteer, VolunteerStatus


def test_an_erased_active_special_has_left_everywhere(db, as_role):
    special = f.SpecialFactory(volunteer__first_name="Tessa", volunteer__last_name="Erasewell")
    db.session.commit()
    vid = special.volunteer_id
    assert db.session.get(Volunteer, vid).status == VolunteerStatus.ACTIVE

    erase(vid)
    db.session.expire_all()
    volunteer = db.session.get(Volunteer, vid)
    assert volunteer.is_erased and volunteer.status == VolunteerStatus.LEFT and volunteer.left_on == today()
    assert all(m.ended_on is not None for m in volunteer.memberships)

    client = as_role(Role.COORDINATOR)
    listed = client.get("/volunteers/?status=active").get_data(as_text=True)
    assert f"Erased volunteer #{vid}" not in listed
    profile = client.get(f"/volunteers/{vid}").get_data(as_text=True)
    assert "cip-tag--active" not in profile and "Left" in profile


def test_erasing_someone_who_left_keeps_the_day_they_left(db):
    left = today().replace(day=1)
    special = f.SpecialFactory(volunteer__status=VolunteerStatus.LEFT, volunteer__left_on=left)
    db.session.commit()
    erase(special.volunteer_id)
    db.session.expire_all()
    assert db.session.get(Volunteer, special.volunteer_id).left_on == left
