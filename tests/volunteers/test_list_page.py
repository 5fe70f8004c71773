"""The volunteer list page: what each line shows, paging, the parish filter's choices, reused statements."""

from __future__ import annotations

from datetime import date

from core.models import Role
from tests import factories as f
from tests.factories import CadetLeaderFactory
from volunteers import services
from volunteers.models import Programme, ProgrammeMembership


def _rows(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return body.split('<tr class="govuk-table__row">')[1:]


def test_each_line_shows_roles_district_rank_unit_and_status(as_role, ref, db):
    special = f.SpecialFactory(
        volunteer__first_name="Sam",
        volunteer__last_name="Able",
        volunteer__district=ref.district,
        volunteer__joined_on=date(2020, 1, 1),
        rank=ref.sergeant,
    )
    volunteer = special.volunteer  # a Special since 2020 (the factory's membership)
    for programme, started, ended in (
        (Programme.CSC, date(2018, 1, 1), date(2019, 1, 1)),  # ended: not shown
        (Programme.ACTIVE_CITIZEN, date(2021, 1, 1), None),
    ):
        db.session.add(
            ProgrammeMembership(volunteer=volunteer, programme=programme, started_on=started, ended_on=ended)
        )
    leader = CadetLeaderFactory(unit=ref.unit, volunteer__last_name="Bell")
    db.session.commit()
    html = as_role(Role.COORDINATOR).get("/volunteers/?q=e").get_data(as_text=True)
    rows = _rows(html)
    able = next(row for row in rows if "Able, Sam" in row)
    assert f'href="/volunteers/{volunteer.id}"' in able
    assert f"{Programme.SPECIAL.label}<br>{Programme.ACTIVE_CITIZEN.label}</td>" in able
    assert Programme.CSC.label not in able
    assert ">Colchester</td>" in able
    assert f'Special Sergeant<br><span class="govuk-body-s">{special.stage.label}, ' in able
    assert '<strong class="govuk-tag cip-tag--active">Active</strong>' in able
    bell = next(row for row in rows if f"Bell, {leader.volunteer.first_name}" in row)
    assert "Colchester VPC Unit" in bell and f">{Programme.CADET_LEADER.label}</td>" in bell
    assert sum("Able, Sam" in row for row in rows) == 1  # one line per person, however many roles


def test_pages_are_in_name_order_and_a_page_past_the_end_shows_the_last(as_role, db):
    for last in ("Young", "Adams", "Moss", "Baker", "Zane", "Cole"):
        f.SpecialFactory(volunteer__last_name=last, volunteer__first_name="Pat")
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    first = client.get("/volunteers/").get_data(as_text=True)
    names = [row.split('">', 2)[2].split("</a>")[0] for row in _rows(first)]
    assert names == sorted(names) and len(names) == 6
    last = client.get("/volunteers/?page=99").get_data(as_text=True)
    assert "6 volunteers" in last and len(_rows(last)) == 6


def test_same_filters_with_new_values_reuse_the_statement_and_find_the_new_values(as_role, ref, db):
    f.SpecialFactory(volunteer__last_name="Quill", volunteer__district=ref.district)
    f.SpecialFactory(volunteer__last_name="Other", volunteer__district=ref.other_district)
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    north = client.get(f"/volunteers/?district_id={ref.district.id}").get_data(as_text=True)
    south = client.get(f"/volunteers/?district_id={ref.other_district.id}").get_data(as_text=True)
    assert "Quill" in north and "Other" not in north
    assert "Other" in south and "Quill" not in south
    assert ("district_id",) in {tuple(k[2:] for k in shape) for shape in services._LIST_STATEMENTS}


def test_parish_filter_offers_only_councils_whose_posts_a_special_holds(as_role, ref, db):
    held = f.CscPostFactory(agreement__parish=f.ParishFactory(name="Held Parish", district=ref.district))
    f.SpecialFactory(volunteer__last_name="Holder", csc_post=held)
    f.ParishFactory(name="No Agreement Parish", district=ref.district)
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    html = client.get("/volunteers/").get_data(as_text=True)
    parishes = html.split('id="parish_id"', 1)[1].split("</select>", 1)[0]
    assert "Held Parish" in parishes
    assert "Wivenhoe" not in parishes  # its post is vacant
    assert "No Agreement Parish" not in parishes
    found = client.get(f"/volunteers/?parish_id={held.agreement.parish_id}").get_data(as_text=True)
    assert "Holder" in found and "1 volunteer<" in found
    assert f'value="{held.agreement.parish_id}" selected' in found
