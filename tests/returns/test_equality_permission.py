"""Equality answers are special category data: only holders of the permission to compile returns read them (as
suppressed totals); every other role gets nothing, on pages, CSV, PDF and the API. A volunteer keeps their own."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from core.models import AuditEvent, Role
from equality.models import EqualityAnswers
from equality.services import answers_of, move_to_volunteer, save_answers
from equality.suppression import SUPPRESSED, suppress_small_numbers
from privacy.erasure import erase_volunteer
from privacy.subject_access import export_zip
from tests import factories as f
from tests.factories import dated

QUERY = "?on-day=31&on-month=3&on-year=2025&year=2025"
# An answer no other page would print: if it appears anywhere, the special category data leaked.
TELLING = ("Gypsy or Irish Traveller", "gypsy_traveller")


@pytest.fixture
def joiners(db):
    """Six Specials who joined in the year to 31 March 2025: five women, one Gypsy or Irish Traveller man."""
    people = [dated.special(joined=date(2024, 5, i + 1)).volunteer for i in range(6)]
    for person in people[:5]:
        save_answers(volunteer_id=person.id, sex="female", ethnicity="white_british", disability="no")
    save_answers(volunteer_id=people[5].id, sex="male", ethnicity="gypsy_traveller", disability="yes")
    db.session.commit()
    return people


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_suppression_withholds_small_cells_and_one_more_so_none_can_be_derived():
    cells = suppress_small_numbers({"Female": 5, "Male": 1, "Prefer not to say": 0, "Not answered": 7}, at_least=5)
    assert [c.shown for c in cells] == ["5", SUPPRESSED, SUPPRESSED, "7"]  # the 0 is withheld too (secondary)
    cells = suppress_small_numbers({"Female": 2, "Male": 3, "Not answered": 9}, at_least=5)
    assert [c.shown for c in cells] == [SUPPRESSED, SUPPRESSED, "9"]  # two withheld: neither can be derived
    assert [c.shown for c in suppress_small_numbers({"A": 5, "B": 6}, at_least=5)] == ["5", "6"]
    assert [c.shown for c in suppress_small_numbers({"A": 0, "B": 0}, at_least=5)] == ["0", "0"]


def test_a_holder_sees_the_breakdown_suppressed_on_the_page_csv_and_pdf(joiners, db, client, make_user):
    f.sign_in_session(client, make_user(Role.COORDINATOR, compiles_returns=True))
    page = client.get("/returns/home-office" + QUERY).text
    assert "By ethnic group" in page and "Female" in page
    csv = client.get("/returns/home-office.csv" + QUERY).text
    assert "Special Constable joiners by sex,Female,5" in csv
    assert "Headcount on 2025-03-31,Special Constables by sex,Female,5" in csv  # all six still serve on the day
    assert f"Special Constable joiners by sex,Male,{SUPPRESSED}" in csv  # one man: withheld
    assert f"Special Constable joiners by sex,Prefer not to say,{SUPPRESSED}" in csv  # secondary: else 6-5-0-0 = 1
    assert "Special Constable joiners by ethnic group,White,6" in csv  # the traveller is counted only in his group
    pdf = _pdf_text(client.get("/returns/home-office.pdf" + QUERY).data)
    assert "By ethnic group" in pdf and "Female" in pdf
    for telling in TELLING:
        assert telling not in page + csv + pdf
    reads = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.object_type == "home_office_return"))
    assert sorted(e.detail["format"] for e in reads if e.detail["equality"]) == ["csv", "page", "pdf"]  # who read them


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR])
def test_staff_without_the_permission_get_figures_without_equality_data(joiners, client, make_user, role):
    f.sign_in_session(client, make_user(role))
    page = client.get("/returns/home-office" + QUERY).text
    csv = client.get("/returns/home-office.csv" + QUERY).text
    pdf = _pdf_text(client.get("/returns/home-office.pdf" + QUERY).data)
    assert "Special Constable joiners,All,6" in csv
    for text in (page, csv, pdf):
        assert "Female" not in text and "ethnic group" not in text.replace("sex and ethnic group is shown only", "")


def test_no_other_page_export_or_api_answer_shows_equality_answers(joiners, db, client, make_user):
    person = joiners[5]
    application = f.ApplicationFactory()
    save_answers(application_id=application.id, sex="male", ethnicity="gypsy_traveller")
    db.session.commit()
    paths = [
        "/volunteers/",
        f"/volunteers/{person.id}",
        "/volunteers/export.csv",
        "/volunteers/applications",
        f"/volunteers/applications/{application.id}",
        "/volunteers/applications/export.csv",
        "/dashboard/",
        "/dashboard/figures.csv",
        "/api/v1/figures?from=2024-04-01&to=2025-03-31",
        "/api/v1/duties",
    ]
    for role in (Role.ADMIN, Role.COORDINATOR):
        f.sign_in_session(client, make_user(role, compiles_returns=True))  # not even a holder sees a person's answer
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            body = response.get_data(as_text=True)
            assert not any(t in body for t in TELLING), path
    for role in (Role.SUPERVISOR, Role.VOLUNTEER, Role.PARISH, Role.EMPLOYER):
        f.sign_in_session(client, make_user(role, compiles_returns=True))  # the flag means nothing for them
        for path in ("/returns/home-office", "/returns/home-office.csv", "/returns/home-office.pdf"):
            assert client.get(path + QUERY).status_code == 403, (role, path)
        assert not any(t in client.get("/api/v1/me/hours").get_data(as_text=True) for t in TELLING)


def test_only_an_admin_grants_the_permission_to_staff_and_it_is_audited(db, client, make_user):
    admin, coordinator, supervisor = make_user(Role.ADMIN), make_user(Role.COORDINATOR), make_user(Role.SUPERVISOR)
    f.sign_in_session(client, admin)
    page = client.get(f"/admin/users/{coordinator.id}/returns")
    assert "Can this person compile returns?" in page.text and "<legend" in page.text
    token = f.csrf_token_from(page.text)
    client.post(f"/admin/users/{coordinator.id}/returns", data={"compiles_returns": "yes", "csrf_token": token})
    db.session.refresh(coordinator)
    assert coordinator.compiles_returns
    refused = client.post(
        f"/admin/users/{supervisor.id}/returns", data={"compiles_returns": "yes", "csrf_token": token}
    )
    assert "Only admin and coordinator accounts can compile returns" in refused.text
    client.post(f"/admin/users/{coordinator.id}/returns", data={"compiles_returns": "no", "csrf_token": token})
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.object_type == "user", AuditEvent.object_id == coordinator.id)
    ).all()
    assert "returns_permission_granted" in actions and "returns_permission_withdrawn" in actions
    f.sign_in_session(client, coordinator)
    assert client.get(f"/admin/users/{coordinator.id}/returns").status_code == 403


def test_a_volunteer_sees_and_changes_only_their_own_answers(db, client, make_user):
    user = make_user(Role.VOLUNTEER)
    other = dated.special().volunteer
    save_answers(volunteer_id=other.id, sex="male", ethnicity="gypsy_traveller")
    db.session.commit()
    f.sign_in_session(client, user)
    page = client.get("/equality/me")
    assert "Equality monitoring (optional)" in page.text and "Prefer not to say" in page.text
    assert page.text.count("Not answered") == 3 and "Gypsy or Irish Traveller</dd>" not in page.text
    assert 'govuk-radios__divider">White</div>' in page.text and 'id="ethnicity" name="ethnicity"' in page.text
    token = f.csrf_token_from(page.text)
    saved = client.post(
        "/equality/me", data={"sex": "female", "ethnicity": "prefer_not_to_say", "csrf_token": token},
        follow_redirects=True,
    )  # fmt: skip
    assert "Your equality monitoring answers are saved" in saved.text
    row = answers_of(volunteer_id=user.volunteer_id)
    assert (row.sex, row.ethnicity, row.disability) == ("female", "prefer_not_to_say", None)
    bad = client.post("/equality/me", data={"sex": "robot", "csrf_token": token})
    assert bad.status_code == 200 and "Select your sex, or Prefer not to say" in bad.text
    assert "Equality monitoring (optional)" in client.get("/volunteers/me").text


def test_answers_follow_the_applicant_into_service_then_subject_access_and_erasure(db):
    application = f.ApplicationFactory()
    person = dated.special().volunteer
    save_answers(application_id=application.id, sex="female", ethnicity="indian", disability="no")
    move_to_volunteer(application.id, person.id)
    db.session.commit()
    assert answers_of(application_id=application.id) is None
    assert answers_of(volunteer_id=person.id).ethnicity == "indian"
    archive = zipfile.ZipFile(io.BytesIO(export_zip(person.id)))
    assert "indian" in archive.read("equality_answers.csv").decode()
    report = erase_volunteer(person.id)
    db.session.commit()
    assert report.rows_by_table["equality_answers"] == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EqualityAnswers)) == 0
