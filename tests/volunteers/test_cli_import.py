"""`flask cip import KIND FILE [--dry-run]`: the same import as the web's, with a progress bar."""

from __future__ import annotations

import sqlalchemy as sa

from core.models import AuditEvent, Role
from tests.volunteers.test_imports import _csv, _special
from volunteers.models import Volunteer


def test_cli_import_checks_then_imports_with_a_progress_bar(runner, ref, db, make_user, tmp_path):
    user = make_user(Role.COORDINATOR)
    path = tmp_path / "people.csv"
    path.write_bytes(_csv([_special(), _special(first_name="Bo", email="bo@example.org")]))
    dry = runner.invoke(args=["cip", "import", "volunteers", str(path), "--dry-run", "--user", user.email])
    assert dry.exit_code == 0, dry.output
    assert "Checking" in dry.output and "All 2 rows are valid" in dry.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 0
    done = runner.invoke(args=["cip", "import", "volunteers", str(path), "--user", user.email])
    assert done.exit_code == 0 and "2 rows imported" in done.output, done.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 2
    audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "volunteer_imported"))
    assert audit.user_id == user.id and audit.actor == user.email  # recorded for the account named
    again = runner.invoke(args=["cip", "import", "volunteers", str(path), "--user", user.email])
    assert again.exit_code == 1 and "Line 2: email:" in again.output and "nothing saved" in again.output


def test_cli_import_refuses_an_account_that_is_not_staff(runner, db, make_user, tmp_path):
    volunteer = make_user(Role.VOLUNTEER)
    path = tmp_path / "d.csv"
    path.write_bytes(b"volunteer,date,start,end,type\n")
    result = runner.invoke(args=["cip", "import", "duties", str(path), "--user", volunteer.email])
    assert result.exit_code == 1 and "not an active administrator or coordinator" in result.output
