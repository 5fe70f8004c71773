"""The audit log: covered events, the admin viewer with filters and pages, and no secrets in it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pyotp
import sqlalchemy as sa

from core.models import AuditEvent, Role, User
from tests.factories import PASSWORD, sign_in_session
from tests.security.helpers import login, post_form


def _event(db, action, actor, when, object_type=None, object_id=None):
    db.session.add(
        AuditEvent(action=action, actor=actor, occurred_at=when, object_type=object_type, object_id=object_id)
    )


def _rows(html: str) -> int:
    table = html.split('id="audit-events"', 1)[1].split("</table>", 1)[0]
    return table.count('<tr class="govuk-table__row">') - 1  # minus the header row


def test_viewer_filters_and_pages(as_role, db):
    client = as_role(Role.ADMIN)
    base = datetime(2026, 3, 10, 12, tzinfo=UTC)
    for i in range(60):
        _event(db, "duty_approved", "sup@example.org", base + timedelta(minutes=i), "duty", i)
    _event(db, "import", "coord@example.org", base - timedelta(days=30), "volunteer_import", 7)
    _event(db, "export", "coord@example.org", base + timedelta(days=30), "report", 8)
    db.session.commit()

    first = client.get("/privacy-admin/audit?action=duty_approved").get_data(as_text=True)
    assert "60 events" in first and _rows(first) == 50
    second = client.get("/privacy-admin/audit?action=duty_approved&page=2").get_data(as_text=True)
    assert _rows(second) == 10
    by_actor = client.get("/privacy-admin/audit?actor=COORD@").get_data(as_text=True)
    assert "2 events" in by_actor
    by_date = client.get("/privacy-admin/audit?from=2026-02-01&to=2026-02-28").get_data(as_text=True)
    assert "1 event" in by_date and "volunteer_import" in by_date
    by_object = client.get("/privacy-admin/audit?object_type=duty&object_id=42").get_data(as_text=True)
    assert "1 event" in by_object
    junk = client.get("/privacy-admin/audit?from=not-a-date&object_id=abc&page=-3")
    assert junk.status_code == 200


def test_only_admins_see_the_log(as_role):
    assert as_role(Role.COORDINATOR).get("/privacy-admin/audit").status_code == 403


def test_refused_access_is_recorded(as_role, db):
    client = as_role(Role.VOLUNTEER)
    client.get("/privacy-admin/audit")
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "access_refused")).one()
    assert event.detail["path"] == "/privacy-admin/audit"


def test_times_are_utc(app, db, coordinator_user):
    login(app.test_client(), coordinator_user.email, PASSWORD)
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "login")).one()
    assert event.occurred_at.tzinfo is not None and event.occurred_at.utcoffset() == timedelta(0)
    assert abs((datetime.now(UTC) - event.occurred_at).total_seconds()) < 60


def test_no_secrets_in_the_audit_trail(app, db, client, admin_user, coordinator_user):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    secrets_used = [PASSWORD, "a wrong password typed", "new passphrase here", "another passphrase ok"]
    login(app.test_client(), coordinator_user.email, secrets_used[1])
    login(app.test_client(), "typo@example.org", secrets_used[1])
    me = app.test_client()
    login(me, coordinator_user.email, PASSWORD)
    post_form(
        me,
        "/auth/password",
        {"current_password": PASSWORD, "new_password": secrets_used[2], "confirm_password": secrets_used[2]},
    )
    # Two-factor: the secret and recovery codes must not be logged.
    page = me.get("/auth/two-factor/setup").get_data(as_text=True)
    key = re.search(r'id="totp-key"><code>([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    codes_page = post_form(me, "/auth/two-factor/setup", {"code": pyotp.TOTP(key).now()}).get_data(as_text=True)
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", codes_page)
    browser = app.test_client()
    login(browser, coordinator_user.email, secrets_used[2])
    post_form(browser, "/auth/two-factor", {"code": codes[0]})
    # A reset link issued by an admin and used.
    sign_in_session(client, admin_user)
    issued = post_form(client, f"/admin/users/{coordinator_user.id}/password", {}).get_data(as_text=True)
    link = re.search(r'id="issued-link">([^<]+)<', issued).group(1)
    raw_token = link.rsplit("/", 1)[1]
    post_form(
        app.test_client(),
        link.replace("http://localhost", ""),
        {"new_password": secrets_used[3], "confirm_password": secrets_used[3]},
    )
    user = db.session.get(User, coordinator_user.id)
    forbidden = [*secrets_used, key, *codes, raw_token, user.session_token, user.password_hash]
    events = db.session.scalars(sa.select(AuditEvent)).all()
    assert len(events) >= 8
    dump = "\n".join(f"{e.actor} {e.action} {json.dumps(e.detail)}" for e in events)
    for secret in forbidden:
        assert secret and secret not in dump, f"a secret reached the audit trail: {secret[:4]}..."
