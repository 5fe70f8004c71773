"""The roster page: its default area, the force-wide summary, day/week/month views, pages of shift lines,
and bounded queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.models import Role
from scheduling.models import Attendance, Shift, ShiftSignup, SignupStatus
from scheduling.rosters.roster import ROSTER_PAGE_SIZE
from tests import factories as f
from tests.factories import QueryCounter

MONDAY = datetime(2030, 7, 1, 9, 0, tzinfo=UTC)  # 10:00 in London (BST)
WEEK = "/scheduling/rosters?view=week&start=2030-07-03"


@pytest.fixture
def areas(db):
    """Two LPAs: North (Colchester, Tendring) and South (Basildon), with shifts in the week of 1 July 2030."""
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    colchester = f.DistrictFactory(name="Colchester", command=north)
    tendring = f.DistrictFactory(name="Tendring", command=north)
    basildon = f.DistrictFactory(name="Basildon", command=south)
    shifts = {
        "colchester": f.ShiftFactory(title="Colchester patrol", district=colchester, starts_at=MONDAY, places=2),
        "tendring": f.ShiftFactory(
            title="Tendring event", district=tendring, starts_at=MONDAY + timedelta(days=2), places=3
        ),
        "basildon": f.ShiftFactory(
            title="Basildon patrol", district=basildon, starts_at=MONDAY + timedelta(days=2), places=1
        ),
        "cancelled": f.ShiftFactory(
            title="Basildon cancelled", district=basildon, starts_at=MONDAY + timedelta(days=4), cancelled=True
        ),
        "nowhere": f.ShiftFactory(title="Force-wide training", starts_at=MONDAY + timedelta(days=5), places=1),
        "next week": f.ShiftFactory(title="Next week patrol", district=colchester, starts_at=MONDAY + timedelta(7)),
    }
    people = [f.SpecialFactory(volunteer__first_name=name, volunteer__last_name="Roster").volunteer for name in "ABCD"]
    for shift, person, status, attendance in (
        ("colchester", people[0], SignupStatus.CONFIRMED, Attendance.NO_SHOW),
        ("colchester", people[1], SignupStatus.CONFIRMED, None),
        ("colchester", people[2], SignupStatus.WAITING, None),
        ("tendring", people[3], SignupStatus.CONFIRMED, None),
        ("basildon", people[1], SignupStatus.WITHDRAWN, None),
    ):
        db.session.add(ShiftSignup(shift=shifts[shift], volunteer=person, status=status, attendance=attendance))
    db.session.commit()
    return {"north": north, "south": south, "colchester": colchester, "basildon": basildon, "shifts": shifts}


def _main(response) -> str:
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html.split('<main class="govuk-main-wrapper"', 1)[1].split("</main>", 1)[0]


def _figures(html: str) -> list[str]:
    return [part.split("</span>", 1)[0] for part in html.split('cip-figure__value">')[1:]]


def test_coordinator_without_a_command_sees_the_force_summary_by_district(as_role, areas):
    html = _main(as_role(Role.COORDINATOR).get(WEEK))
    assert _figures(html) == ["5", "4", "1"]  # shifts, places to fill (not the cancelled one's), no-shows
    assert '<option value="all" selected>' in html
    assert "Shifts by district" in html and "Colchester patrol" not in html  # no shift lines, no names
    colchester = html.split(">Colchester</a>", 1)[1].split("</tr>", 1)[0]
    assert [cell.split(">")[-1] for cell in colchester.split("</td>")[:-1]] == ["North LPA", "1", "0", "0", "1"]
    tendring = html.split(">Tendring</a>", 1)[1].split("</tr>", 1)[0]
    assert 'govuk-tag--red">2</strong>' in tendring  # two places to fill
    assert f"start=2030-07-01&amp;area=d{areas['colchester'].id}" in html  # each district links to its roster
    assert "No district" in html.split("</table>")[0]
    assert "area=every" in html


def test_every_shift_names_confirmed_people_only(as_role, areas):
    html = _main(as_role(Role.COORDINATOR).get(WEEK + "&area=every"))
    assert _figures(html) == ["5", "4", "1"]
    for title in ("Colchester patrol", "Tendring event", "Basildon patrol", "Basildon cancelled", "Force-wide"):
        assert title in html
    assert "Next week patrol" not in html
    colchester = html.split("Colchester patrol", 1)[1].split("</li>", 1)[0]
    assert "10:00–14:00" in html.split("Colchester patrol", 1)[0][-40:]
    assert '2 of 2, 1 waiting <strong class="govuk-tag govuk-tag--green">Full</strong>' in colchester
    assert "A Roster, B Roster" in colchester and "C Roster" not in colchester
    basildon = html.split("Basildon patrol", 1)[1].split("</li>", 1)[0]
    assert "0 of 1 <strong" in basildon and "B Roster" not in basildon  # withdrawn: not on the roster
    assert "Cancelled</strong>" in html.split("Basildon cancelled", 1)[1].split("</li>", 1)[0]
    assert html.index("Monday 1 July") < html.index("Wednesday 3 July") < html.index("Saturday 6 July")
    assert f'href="/scheduling/shifts/{areas["shifts"]["colchester"].id}"' in html


def test_supervisor_sees_their_own_command_by_default_and_can_choose_another(as_role, areas):
    client = as_role(Role.SUPERVISOR, command_id=areas["north"].id)
    html = _main(client.get(WEEK))
    assert f'<option value="c{areas["north"].id}" selected>All of North LPA</option>' in html
    assert "Colchester patrol" in html and "Tendring event" in html and "Basildon" not in html.split("</form>")[1]
    assert _figures(html) == ["2", "2", "1"]
    assert f"area=c{areas['north'].id}" in html.split("Previous week")[0]  # the choice is kept on paging
    south = _main(client.get(WEEK + f"&area=c{areas['south'].id}"))
    assert "Basildon patrol" in south and "Colchester patrol" not in south
    assert "Colchester patrol" in _main(client.get(WEEK + "&area=every"))
    assert "Shifts by district" in _main(client.get(WEEK + "&area=all"))


def test_one_district_by_area_or_by_the_older_district_link(as_role, areas):
    client = as_role(Role.COORDINATOR)
    for url in (WEEK + f"&area=d{areas['basildon'].id}", WEEK + f"&district={areas['basildon'].id}"):
        html = _main(client.get(url))
        assert f'<option value="d{areas["basildon"].id}" selected>Basildon</option>' in html
        assert "Basildon patrol" in html and "Basildon cancelled" in html and "Colchester patrol" not in html
        assert _figures(html) == ["2", "1", "0"]  # the no-show was in Colchester


def test_unknown_areas_and_views_fall_back(as_role, areas):
    client = as_role(Role.COORDINATOR)
    for url in (
        WEEK + "&area=d999999",
        WEEK + "&area=zzz",
        WEEK + "&area=",
        WEEK + "&district=999999",
        WEEK + "&district=\u00b2",
    ):
        assert "Shifts by district" in _main(client.get(url))
    assert "to 7 July 2030" in _main(client.get("/scheduling/rosters?view=year&start=2030-07-03&area=every"))
    assert client.get("/scheduling/rosters?start=not-a-date").status_code == 200


def test_day_view_shows_one_day_and_steps_by_days(as_role, areas):
    html = _main(as_role(Role.COORDINATOR).get("/scheduling/rosters?view=day&start=2030-07-03&area=every"))
    assert "Roster: Wednesday 3 July 2030" in html
    assert "Tendring event" in html and "Basildon patrol" in html and "Colchester patrol" not in html
    assert "start=2030-07-02" in html.split("Previous day")[0] and "start=2030-07-04" in html.split("Next day")[0]
    assert '<option value="day" selected>Day</option>' in html
    week = _main(as_role(Role.COORDINATOR).get(WEEK + "&area=every"))
    assert "view=day&amp;area=every&amp;start=2030-07-03" in week  # each day's heading opens that day


def test_month_view_counts_the_whole_month(as_role, areas):
    html = _main(as_role(Role.COORDINATOR).get("/scheduling/rosters?view=month&start=2030-07-20"))
    assert "1 July 2030 to 31 July 2030" in html
    assert _figures(html)[0] == "6"
    assert "start=2030-06-01" in html.split("Previous month")[0]


def test_volunteers_parishes_and_employers_cannot_open_the_roster(as_role, db):
    for role in (Role.VOLUNTEER, Role.PARISH, Role.EMPLOYER):
        assert as_role(role).get(WEEK).status_code == 403


def _busy_week(db, district, count: int, people=()) -> list[Shift]:
    """``count`` one-place shifts "Busy patrol NN" in the district, five hours apart from Monday 10:00, each
    with the people given signed up (the first confirmed, the others waiting)."""
    shifts = [
        f.ShiftFactory(
            title=f"Busy patrol {n:02d}", district=district, places=1, starts_at=MONDAY + timedelta(hours=5 * n)
        )
        for n in range(count)
    ]
    for shift in shifts:
        for position, person in enumerate(people):
            status = SignupStatus.WAITING if position else SignupStatus.CONFIRMED
            db.session.add(ShiftSignup(shift=shift, volunteer=person, status=status))
    db.session.commit()
    return shifts


@pytest.fixture
def busy(areas, db):
    """The areas' week with 30 more shifts in Colchester (North LPA), 35 in all, the last two on Sunday: one
    cancelled, one whose only place went to a no-show."""
    shifts = _busy_week(db, areas["colchester"], 30)
    shifts[28].cancelled = True
    late = f.SpecialFactory(volunteer__first_name="Late", volunteer__last_name="Comer").volunteer
    db.session.add(
        ShiftSignup(shift=shifts[29], volunteer=late, status=SignupStatus.CONFIRMED, attendance=Attendance.NO_SHOW)
    )
    db.session.commit()
    return areas


def _week_ids(db, *district_ids) -> list[int]:
    """The ids of the week's shifts in roster order (start, then id), optionally in some districts only."""
    week_starts = MONDAY - timedelta(hours=10)  # Monday 00:00 in London
    stmt = sa.select(Shift.id).where(Shift.starts_at >= week_starts, Shift.starts_at < week_starts + timedelta(days=7))
    if district_ids:
        stmt = stmt.where(Shift.district_id.in_(district_ids))
    return list(db.session.scalars(stmt.order_by(Shift.starts_at, Shift.id)))


def _line_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/scheduling/shifts/(\d+)"', html)]


def test_shift_lines_come_in_pages_and_the_figures_count_the_whole_week(as_role, busy, db):
    client = as_role(Role.COORDINATOR)
    week = _week_ids(db)
    assert len(week) == 35 and ROSTER_PAGE_SIZE == 25
    first = _main(client.get(WEEK + "&area=every"))
    assert _line_ids(first) == week[:25]
    assert "Shifts 1 to 25 of 35" in first
    assert _figures(first) == ["35", "32", "2"]  # 4 + 28 places to fill (not the cancelled one's); 2 no-shows
    assert "Busy patrol 28" not in first and "Late Comer" not in first
    assert "view=week&amp;start=2030-07-01&amp;area=every&amp;page=2" in first.split('class="govuk-pagination', 1)[1]
    second = _main(client.get(WEEK + "&area=every&page=2"))
    assert _line_ids(second) == week[25:]
    assert "Shifts 26 to 35 of 35" in second
    assert _figures(second) == ["35", "32", "2"]
    assert "Cancelled</strong>" in second.split("Busy patrol 28", 1)[1].split("</li>", 1)[0]
    assert "1 of 1 <strong" in second.split("Busy patrol 29", 1)[1].split("</li>", 1)[0]
    assert "Late Comer" in second.split("Busy patrol 29", 1)[1].split("</li>", 1)[0]
    assert "Sunday 7 July" in second and "Monday 1 July" not in second  # grouped under their own days
    pager = second.split('class="govuk-pagination', 1)[1]
    assert 'href="/scheduling/rosters?view=week&amp;start=2030-07-01&amp;area=every"' in pager  # page 1
    # Other weeks, views, areas and days start again at page 1.
    for link in ("Previous week", "Next week"):
        assert "page=" not in second.split(link)[0].rsplit("<a ", 1)[1]
    assert "page=" not in second.split('id="view"')[0] and 'name="page"' not in second
    assert "view=day&amp;area=every&amp;start=2030-07-07" in second


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("0", 1), ("-1", 1), ("abc", 1), ("", 1), ("\u00b2", 1), ("1.5", 1), ("2", 2), ("999999", 2), ("9" * 5000, 1)],
)
def test_a_page_out_of_range_or_not_a_number_shows_the_nearest_page(as_role, busy, db, asked, shown):
    html = _main(as_role(Role.COORDINATOR).get(WEEK + "&area=every&page=" + asked))
    week = _week_ids(db)
    assert _line_ids(html) == (week[:25] if shown == 1 else week[25:])
    assert _figures(html) == ["35", "32", "2"]


def test_an_empty_week_has_one_page_and_no_pager(as_role, areas):
    html = _main(as_role(Role.COORDINATOR).get("/scheduling/rosters?view=week&start=2031-01-01&area=every&page=3"))
    assert "No shifts in this week." in html and "govuk-pagination" not in html and "Shifts 1 to" not in html
    assert _figures(html) == ["0", "0", "0"]


def test_a_supervisor_pages_through_their_own_lpa_only(as_role, busy, db):
    client = as_role(Role.SUPERVISOR, command_id=busy["north"].id)
    north = _week_ids(db, *[d.id for d in busy["north"].districts])
    assert len(north) == 32
    first = _main(client.get(WEEK))
    assert _line_ids(first) == north[:25] and _figures(first) == ["32", "30", "2"]
    assert f"area=c{busy['north'].id}&amp;page=2" in first
    second = _main(client.get(WEEK + f"&area=c{busy['north'].id}&page=2"))
    assert _line_ids(second) == north[25:] and "Shifts 26 to 32 of 32" in second
    assert "Basildon" not in second.split("</form>")[1] and _figures(second) == ["32", "30", "2"]


@pytest.mark.parametrize(("area", "page"), [("all", 1), ("every", 1), ("every", 2), ("north", 2)])
def test_roster_queries_do_not_grow_with_shifts_or_sign_ups(as_role, areas, db, area, page):
    client = as_role(Role.COORDINATOR)
    area = f"c{areas['north'].id}" if area == "north" else area
    url = WEEK + f"&area={area}&page={page}"
    client.get(url)  # warm up: the signed-in user is loaded once per test session
    people = [f.SpecialFactory().volunteer for _ in range(3)]
    counts = []
    for more in (30, 30):  # 30 shifts more, then 60
        _busy_week(db, areas["colchester"], more, people)
        with QueryCounter(db.engine) as counter:
            _main(client.get(url))
        counts.append(counter.count)
    # After a change: the user, the roster's data version, the areas, and the summary or the figures, the
    # page's shifts and their sign-ups; SQLite's BEGIN also goes through the cursor.
    assert counts[0] == counts[1] <= 6 + (db.engine.dialect.name == "sqlite"), counts
    with QueryCounter(db.engine) as again:  # nothing changed: the areas, figures and summary are kept
        _main(client.get(url))
    # (the test's session spans its requests: the user, the open transaction and the version are still there)
    assert again.count == (0 if area == "all" else 2)  # only the page's shifts and their sign-ups


def test_kept_figures_follow_sign_ups_attendance_cancellations_and_renamed_districts(as_role, areas, db):
    client = as_role(Role.COORDINATOR)
    every, summary = WEEK + "&area=every", WEEK
    assert _figures(_main(client.get(every))) == ["5", "4", "1"]
    assert _figures(_main(client.get(summary))) == ["5", "4", "1"]
    basildon = db.session.get(Shift, areas["shifts"]["basildon"].id)
    db.session.add(ShiftSignup(shift=basildon, volunteer=f.SpecialFactory().volunteer, status=SignupStatus.CONFIRMED))
    db.session.commit()
    assert _figures(_main(client.get(every))) == ["5", "3", "1"]  # a place filled
    signup = db.session.scalars(sa.select(ShiftSignup).where(ShiftSignup.attendance == Attendance.NO_SHOW)).one()
    signup.attendance = Attendance.ATTENDED
    db.session.commit()
    assert _figures(_main(client.get(every))) == ["5", "3", "0"]  # the no-show put right
    tendring = areas["shifts"]["tendring"].id
    db.session.execute(sa.update(Shift).where(Shift.id == tendring).values(cancelled=True))
    db.session.commit()
    assert _figures(_main(client.get(summary))) == ["5", "1", "0"]  # its two open places are no longer to fill
    db.session.get(type(areas["colchester"]), areas["colchester"].id).name = "Colchester & Wivenhoe"
    db.session.commit()
    assert "Colchester &amp; Wivenhoe" in _main(client.get(summary))
