"""Accounts: users of every role, signing in (by session or through the form), and the role fixtures
every test module may ask for (``make_user``, ``as_role``, ``coordinator_user`` ...)."""

from __future__ import annotations

import re

import factory
import pytest
from flask.testing import FlaskClient

from core.models import Role, User
from tests.factories.base import PASSWORD, PASSWORD_HASH, Base
from tests.factories.people import SpecialFactory
from tests.factories.scheme_records import CscPostFactory, EspBusinessFactory


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password_hash = PASSWORD_HASH
    role = Role.COORDINATOR


def sign_in_session(client: FlaskClient, user: User) -> FlaskClient:
    """Mark the client as signed in as ``user`` (the login form itself is tested separately)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def csrf_token_from(html: str) -> str:
    """The CSRF token in a rendered form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, "no csrf_token in the page"
    return match.group(1)


def sign_in_form(client: FlaskClient, email: str, password: str = PASSWORD, follow: bool = False):
    """Sign in through the real form, CSRF token included."""
    page = client.get("/auth/login")
    return client.post(
        "/auth/login",
        data={"email": email, "password": password, "csrf_token": csrf_token_from(page.get_data(as_text=True))},
        follow_redirects=follow,
    )


@pytest.fixture
def make_user(db):
    """Build a user of any role with the record its scope needs."""

    def build(role: Role, **kwargs) -> User:
        if role == Role.VOLUNTEER and "volunteer" not in kwargs:
            kwargs["volunteer"] = SpecialFactory().volunteer
        if role == Role.PARISH and "parish" not in kwargs:
            kwargs["parish"] = CscPostFactory().agreement.parish
        if role == Role.EMPLOYER and "esp_business" not in kwargs:
            kwargs["esp_business"] = EspBusinessFactory()
        user = UserFactory(role=role, **kwargs)
        db.session.commit()
        return user

    return build


@pytest.fixture
def admin_user(make_user) -> User:
    return make_user(Role.ADMIN)


@pytest.fixture
def coordinator_user(make_user) -> User:
    return make_user(Role.COORDINATOR)


@pytest.fixture
def supervisor_user(make_user) -> User:
    return make_user(Role.SUPERVISOR)


@pytest.fixture
def volunteer_user(make_user) -> User:
    return make_user(Role.VOLUNTEER)


@pytest.fixture
def parish_user(make_user) -> User:
    return make_user(Role.PARISH)


@pytest.fixture
def employer_user(make_user) -> User:
    return make_user(Role.EMPLOYER)


@pytest.fixture
def as_role(client, make_user):
    """A client signed in as a new user of the given role: ``as_role(Role.PARISH)``."""

    def sign(role: Role, **kwargs) -> FlaskClient:
        user = make_user(role, **kwargs)
        sign_in_session(client, user)
        client.user = user  # type: ignore[attr-defined]
        return client

    return sign


def follow_job(client: FlaskClient, response):
    """After a request that queued background work: run the worker in-process, then open the job's page."""
    from worker.runner import run_due_jobs

    location = response.headers.get("Location", "") if response.status_code in (302, 303) else ""
    if "/work/" not in location:
        return response
    run_due_jobs()
    return client.get(location)


@pytest.fixture
def run_jobs(app):
    """Run every queued background job in this process (the worker's loop, one pass)."""
    from worker.runner import run_due_jobs

    return run_due_jobs
