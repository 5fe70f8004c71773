"""Every route, every method, every role, against the hand-written table in tests/authorization_table.py.

The expected answer comes from the table, never from the views' own ``@allow``: a decorator that lets in
the wrong role fails here. The requests use real objects (the world below), so "allowed" means the page
was answered, not a 404 for an id that does not exist. Where an address names an object, an allowed role
is asked for its own object and for another's: on an OK row both are answered, on an OWN row another's
answers 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask, url_for
from werkzeug.routing import Rule

from core import files
from core.auth import tokens as link_tokens
from core.background.models import BackgroundJob, JobState, WorkerHeartbeat
from core.extensions import db
from core.models import Role, User
from expenses.models import ClaimedDuty, ClaimKind, ExpenseClaim
from expenses.payment_runs import close_run, run_taking_claims
from kit.models import KitIssue
from scheduling.callouts.models import Callout
from scheduling.jobs import definitions
from scheduling.models import ApiToken, DutyStatus, JobRun, JobStatus, ShiftSignup
from scheduling.rosters import ical
from tests import factories as f
from tests.authorization_table import LOGIN, NO, OK, OPEN, OWN, ROLES, by_path
from tests.factories.kit import RadioFactory

SKIP_ENDPOINTS = {"static"}
# Requests that would end or change the session the rest of a role's run uses go last, in this order.
LAST = ("privacy.erase", "auth.two_factor_disable", "auth.logout")
CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def table_key(rule: Rule) -> str:
    """The rule as the table writes it: converters left out."""
    return CONVERTER.sub(r"<\1>", rule.rule)


def _routes(app: Flask) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in SKIP_ENDPOINTS]


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def _expected(rows, rule: Rule, method: str, role: str) -> str:
    row = rows.get(f"{method} {table_key(rule)}") or rows[table_key(rule)]
    return getattr(row, role)


@dataclass
class World:
    """Objects for every kind of id in an address: the role's own, and another's."""

    users: dict[str, User]
    own: dict[str, object]
    foreign: dict[str, object]


def _world(app: Flask) -> World:
    """A supervisor's command with a volunteer (a Special who leads a cadet unit), a council with a CSC
    post, an ESP business; and the same again elsewhere, belonging to no signed-in account."""
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    home, away = f.DistrictFactory(command=north), f.DistrictFactory(command=south)
    mine = f.SpecialFactory(volunteer__district=home, command=north).volunteer
    theirs = f.SpecialFactory(volunteer__district=away, command=south).volunteer
    unit, other_unit = f.CadetUnitFactory(district=home), f.CadetUnitFactory(district=away)
    f.CadetLeaderFactory(volunteer=mine, unit=unit)
    post = f.CscPostFactory(agreement__parish__district=home)
    other_post = f.CscPostFactory(agreement__parish__district=away)
    business, other_business = f.EspBusinessFactory(), f.EspBusinessFactory()
    users = {
        "admin": f.UserFactory(role=Role.ADMIN),
        "coordinator": f.UserFactory(role=Role.COORDINATOR),
        "supervisor": f.UserFactory(role=Role.SUPERVISOR, command=north),
        "volunteer": f.UserFactory(role=Role.VOLUNTEER, volunteer=mine),
        "parish": f.UserFactory(role=Role.PARISH, parish=post.agreement.parish),
        "employer": f.UserFactory(role=Role.EMPLOYER, esp_business=business),
        "bystander": f.UserFactory(role=Role.COORDINATOR),
    }
    shift = f.ShiftFactory()
    later = f.ShiftFactory(starts_at=shift.starts_at + timedelta(days=1))
    signup = ShiftSignup(shift=shift, volunteer=mine)
    other_signup = ShiftSignup(shift=later, volunteer=theirs)
    db.session.add_all([signup, other_signup])
    duty = f.DutyFactory(volunteer=mine, status=DutyStatus.PENDING, duty_date=_recent())
    other_duty = f.DutyFactory(volunteer=theirs, status=DutyStatus.PENDING, duty_date=_recent())
    tokens = {}
    for role, user in users.items():
        db.session.flush()
        tokens[role] = ApiToken(user_id=user.id, name="phone", token_hash=f"{role:x<64}", prefix="cip_x")
    db.session.add_all(tokens.values())
    run = _job_run(app)
    jobs = {role: _background_job(user) for role, user in users.items()}
    db.session.add(WorkerHeartbeat(name="matrix-worker"))  # a live worker: /readyz answers 200
    group = f.SpeedGroupFactory(district=home)
    scheme = f.WatchSchemeFactory()
    interest = f.InterestFactory(scheme_id=scheme.id)
    organisation = f.CsasOrgFactory()
    person = f.CsasPersonFactory(organisation=organisation)
    application = f.ApplicationFactory()
    issue, other_issue = (
        KitIssue(volunteer=holder, item=RadioFactory(), quantity=1, issued_on=_recent()) for holder in (mine, theirs)
    )
    db.session.add_all([issue, other_issue])
    callout, other_callout = Callout(shift=shift), Callout(shift=f.ShiftFactory(district=away))
    db.session.add_all([callout, other_callout])
    db.session.flush()
    for owner in (business, other_business, post.agreement, other_post.agreement):  # signed copies on file
        _signed_copy(owner)
    claim, other_claim, payment_run = _expenses(mine, theirs, post, other_post, users["coordinator"])
    own = {
        "volunteer_id": mine.id,
        "duty_id": duty.id,
        "shift_id": shift.id,
        "signup_id": signup.id,
        "parish_id": post.agreement.parish_id,
        "agreement_id": post.agreement_id,
        "post_id": post.id,
        "unit_id": unit.id,
        "business_id": business.id,
        "organisation_id": organisation.id,
        "person_id": person.id,
        "group_id": group.id,
        "scheme_id": scheme.id,
        "interest_id": interest.id,
        "user_id": users["bystander"].id,
        "run_id": run.id,
        "application_id": application.id,
        "claim_id": claim.id,
        "payment_run_id": payment_run.id,
        "issue_id": issue.id,
        "figure": "held_by_leavers",
        "callout_id": callout.id,
        "key": "vetting_expiring",
        # secrets in addresses, and each signed-in user's own API token
        "link_token": link_tokens.issue_token(users["bystander"], link_tokens.RESET),
        "feed_token": ical.issue_feed(mine.id),
        "token_ids": {role: token.id for role, token in tokens.items()},
        "job_ids": {role: job.id for role, job in jobs.items()},
    }
    foreign = {
        **own,
        "volunteer_id": theirs.id,
        "duty_id": other_duty.id,
        "signup_id": other_signup.id,
        "parish_id": other_post.agreement.parish_id,
        "agreement_id": other_post.agreement_id,
        "post_id": other_post.id,
        "unit_id": other_unit.id,
        "business_id": other_business.id,
        "claim_id": other_claim.id,
        "issue_id": other_issue.id,
        "callout_id": other_callout.id,
        "job_ids": dict.fromkeys(jobs, jobs["bystander"].id),  # someone else's background job
    }
    db.session.commit()
    return World(users=users, own=own, foreign=foreign)


def _signed_copy(owner) -> None:
    from schemes.agreements.services import Signing, file_agreement

    key = "esp_business_id" if owner.__tablename__ == "esp_businesses" else "csc_agreement_id"
    day = datetime(2026, 1, 5).date()
    signing = Signing("A Coordinator", day, "A Signatory", day, None)
    file_agreement(b"%PDF-1.4\n%%EOF\n", "signed.pdf", signing, today=day, by=None, **{key: owner.id})


def _expenses(mine, theirs, post, other_post, coordinator):
    """A claim with a receipt by the volunteer (paid from the parish account's budget), another's elsewhere, and a
    closed payment run with its finance file."""
    claims = []
    for volunteer, paid_by in ((mine, post), (theirs, other_post)):
        duty = f.DutyFactory(volunteer=volunteer, status=DutyStatus.APPROVED, duty_date=_recent() - timedelta(days=9))
        receipt = files.save_file("expense_receipt", "receipt.png", b"\x89PNG\r\n\x1a\n0", files.PNG)
        claim = ExpenseClaim(
            volunteer=volunteer, kind=ClaimKind.FARES, duty_day=duty.duty_date, amount_pence=640,
            receipt_file_id=receipt.id, post=paid_by, duty_links=[ClaimedDuty(duty=duty, kind=ClaimKind.FARES)],
        )  # fmt: skip
        db.session.add(claim)
        claims.append(claim)
    db.session.flush()
    run = run_taking_claims(date(2026, 1, 1))
    close_run(run, coordinator)
    return claims[0], claims[1], run


def _recent():
    return (datetime.now(UTC) - timedelta(days=3)).date()


def _job_run(app: Flask) -> JobRun:
    """A finished run of the pipeline report with its PDF stored in the database."""
    run = JobRun(
        job_name="pipeline_monthly",
        period_key="2026-07",
        status=JobStatus.SUCCEEDED,
        output_path="pipeline.pdf",
        finished_at=datetime.now(UTC),
    )
    db.session.add(run)
    db.session.flush()
    files.save_file(
        definitions.REPORT_KIND,
        "pipeline.pdf",
        b"%PDF-1.4\n%%EOF\n",
        files.PDF,
        owner_type=definitions.RUN_OWNER,
        owner_id=run.id,
    )
    return run


def _background_job(user) -> BackgroundJob:
    """A finished export the user asked the background worker for, its file ready to download."""
    job = BackgroundJob(
        kind="volunteer_export",
        requested_by_id=user.id,
        state=JobState.DONE,
        output=b"id,name\n",
        output_name="volunteers.csv",
        output_type="text/csv",
        result={"ok": True},
    )
    db.session.add(job)
    db.session.flush()
    return job


def _url(app: Flask, rule: Rule, ids: dict, role: str) -> str:
    values = {}
    for name in rule.arguments:
        if name == "kind":
            values[name] = "award" if "records" in rule.rule else "special"
        elif name == "token":
            values[name] = ids["feed_token"] if rule.endpoint == "scheduling.calendar_feed" else ids["link_token"]
        elif name == "token_id":
            values[name] = ids["token_ids"].get(role, ids["token_ids"]["bystander"])
        elif name == "job_id":
            values[name] = ids["job_ids"].get(role, ids["job_ids"]["bystander"])
        elif name == "slug":
            values[name] = "role"  # a question of the online application
        elif name == "name" and rule.endpoint == "dashboard.figure_list":
            values[name] = "csc_parishes"  # a figure's list that needs no value
        else:
            values[name] = ids[name]
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


NOT_FOUND = "not found"  # what another's object must answer on an OWN row


def _refused_as(response) -> str | None:
    """How a response refused, if it did: NO (403), LOGIN (sent to sign in, or 401), or NOT_FOUND (404)."""
    if response.status_code == 403:
        return NO
    location = response.headers.get("Location", "")
    if response.status_code == 401 or (response.status_code in (302, 303) and "/auth/login?next=" in location):
        return LOGIN  # (signing out also ends on the sign-in page, but without a page to come back to)
    if response.status_code == 404:
        return NOT_FOUND
    return None


def _problem(response, expected: str) -> str | None:
    """What is wrong with the response for the expected outcome (None when it is right)."""
    status = response.status_code
    if status >= 500:
        return f"answered {status}"
    refused = _refused_as(response)
    if expected == OPEN:
        return None if status not in (401, 403) else f"public, but answered {status}"
    if expected in (OK, OWN):
        return None if refused is None else f"expected {expected}, answered {status} ({refused})"
    if refused != expected:
        return f"expected {expected}, answered {status} {response.headers.get('Location', '')}".rstrip()
    return None


def _requests(app: Flask):
    """(rule, method) for every route, GETs first, then POSTs, session-changing ones last."""
    pairs = [(rule, method) for rule in _routes(app) for method in _methods(rule)]
    return sorted(
        pairs,
        key=lambda p: (p[1] != "GET", LAST.index(p[0].endpoint) if p[0].endpoint in LAST else -1, p[0].rule),
    )


def test_every_route_has_a_row_and_every_row_a_route(app):
    rows = by_path()
    keys = set()
    missing = []
    for rule in _routes(app):
        for method in _methods(rule):
            key = f"{method} {table_key(rule)}"
            if key in rows:
                keys.add(key)
            elif table_key(rule) in rows:
                keys.add(table_key(rule))
            else:
                missing.append(key)
    assert not missing, f"routes with no row in tests/authorization_table.py: {missing}"
    assert set(rows) == keys, f"rows for routes that do not exist: {sorted(set(rows) - keys)}"


def test_every_route_declares_who_may_call_it(app):
    undeclared = [
        rule.rule
        for rule in _routes(app)
        if not getattr(app.view_functions[rule.endpoint], "cip_public", False)
        and not getattr(app.view_functions[rule.endpoint], "cip_roles", None)
    ]
    assert not undeclared, f"routes without @allow/@public: {undeclared}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(app, client, role):
    app.config["WTF_CSRF_ENABLED"] = False
    world = _world(app)
    rows = by_path()
    user = world.users.get(role)
    wrong = []
    checked = 0
    for rule, method in _requests(app):
        expected = _expected(rows, rule, method, role)
        own_url, foreign_url = _url(app, rule, world.own, role), _url(app, rule, world.foreign, role)
        asks = [(own_url, expected)]
        if expected in (OK, OWN) and foreign_url != own_url:  # OK: anyone's object; OWN: another's is not found
            asks.append((foreign_url, NOT_FOUND if expected == OWN else OK))
        for url, outcome in asks:
            if user is not None:
                f.sign_in_session(client, user)
            problem = _problem(client.open(url, method=method), outcome)
            if problem:
                wrong.append(f"{role} {method} {url}: {problem}")
            checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked > 200


def test_revoking_another_users_token_leaves_it_live(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    world = _world(app)
    theirs = world.own["token_ids"]["bystander"]
    f.sign_in_session(client, world.users["volunteer"])
    client.post(f"/scheduling/api-tokens/{theirs}/revoke")
    assert db.session.scalar(sa.select(ApiToken.revoked_at).where(ApiToken.id == theirs)) is None
