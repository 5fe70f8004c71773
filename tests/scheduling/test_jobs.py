"""Scheduled jobs: exactly-once claims (also across two processes), stale takeover, PDFs read back."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from core.extensions import db
from core.files import StoredFile, read_data
from core.models import Role
from notices.models import Notice
from scheduling.jobs import definitions
from scheduling.jobs.reminders import send_reminders
from scheduling.jobs.runner import JobOutcome, claim, is_stale, run_once
from scheduling.models import JobRun, JobStatus
from schemes.models import PostState
from tests import factories as f
from tests.factories import follow_job
from tests.scheduling.helpers import post_form
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    RecruitmentSource,
    Vetting,
)

ROOT = Path(__file__).resolve().parents[2]


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_second_claim_for_the_same_period_skips(db):
    assert claim("pipeline_monthly", "2026-10") is not None
    assert claim("pipeline_monthly", "2026-10") is None
    assert claim("pipeline_monthly", "2026-11") is not None


def test_stale_running_claim_is_taken_over_once(app, db):
    run = claim("hours_monthly", "2026-10")
    run.started_at = datetime.now(UTC) - timedelta(hours=3)
    db.session.commit()
    assert is_stale(run)
    again = run_once("hours_monthly", "2026-10", lambda r: JobOutcome(None, "ok"))
    assert again.status == JobStatus.SUCCEEDED and again.attempts == 2
    assert run_once("hours_monthly", "2026-10", lambda r: JobOutcome(None, "twice")) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JobRun)) == 1


def test_failed_run_is_recorded_and_retried_only_when_asked(db):
    def boom(run):
        raise RuntimeError("printer on fire")

    failed = run_once("reminders", "2026-11-01", boom)
    assert failed.status == JobStatus.FAILED and "printer on fire" in failed.message
    assert run_once("reminders", "2026-11-01", lambda r: JobOutcome()) is None
    assert run_once("reminders", "2026-11-01", lambda r: JobOutcome(), retry_failed=True).status == JobStatus.SUCCEEDED


@pytest.mark.slow
def test_two_processes_claiming_the_same_period_run_it_exactly_once(app, db, database_url):
    start_at = time.time() + 4
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("claim_worker.py")),
                database_url,
                str(start_at),
                "2026-11-22",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    lines = sorted(out.strip().splitlines()[-1] for out, _err in outputs)
    assert lines == ["RAN", "SKIPPED"], outputs
    db.session.expire_all()
    runs = db.session.scalars(sa.select(JobRun)).all()
    assert [(r.job_name, r.period_key, r.status) for r in runs] == [
        ("pipeline_monthly", "2026-10", JobStatus.SUCCEEDED)
    ]
    stored = db.session.scalars(sa.select(StoredFile)).all()
    assert [(s.owner_type, s.owner_id, s.content_type) for s in stored] == [("job_run", runs[0].id, "application/pdf")]


def _pipeline_data():
    source = RecruitmentSource(name="My Other Life")
    f.SpecialFactory()
    for i, (stage, outcome, reason) in enumerate(
        [
            (ApplicationStage.VETTING, ApplicationOutcome.OPEN, None),
            (ApplicationStage.SIFT, ApplicationOutcome.OPEN, None),
            (ApplicationStage.ATTESTED, ApplicationOutcome.JOINED, None),
            (ApplicationStage.ASSESSMENT, ApplicationOutcome.WITHDRAWN, "Moved away"),
        ]
    ):
        db.session.add(
            Application(
                first_name="A",
                last_name=f"B{i}",
                applied_on=date(2026, 10, 3 + i),
                stage=stage,
                stage_entered_on=date(2026, 10, 10),
                outcome=outcome,
                outcome_reason=reason,
                source=source,
                closed_on=date(2026, 10, 20) if outcome != ApplicationOutcome.OPEN else None,
            )
        )
    moved = Application(
        first_name="C",
        last_name="D",
        applied_on=date(2026, 10, 1),
        stage=ApplicationStage.ASSESSMENT,
        stage_entered_on=date(2026, 10, 15),
        source=source,
    )
    for stage, on in ((ApplicationStage.APPLIED, 1), (ApplicationStage.SIFT, 5), (ApplicationStage.ASSESSMENT, 15)):
        moved.stage_changes.append(ApplicationStageChange(stage=stage, entered_on=date(2026, 10, on)))
    db.session.add(moved)
    parish = f.ParishFactory(name="Billericay")
    agreement = f.CscAgreementFactory(parish=parish, posts_funded=2)
    f.CscPostFactory(agreement=agreement, post_number=1, state=PostState.IN_POST)
    f.CscPostFactory(agreement=agreement, post_number=2, state=PostState.RECRUITING)


def test_monthly_pipeline_pdf_matches_the_data(app, db):
    _pipeline_data()
    db.session.commit()
    run = definitions.run_scheduled("pipeline_monthly", date(2026, 11, 22))
    assert run.status == JobStatus.SUCCEEDED, run.message
    assert (run.period_start, run.period_end) == (date(2026, 10, 1), date(2026, 10, 31))
    text = _pdf_text(read_data(definitions.report_file(run).id))
    assert "Recruitment pipeline report" in text and "1 October 2026 to 31 October 2026" in text
    assert "Applications received 5" in text
    assert "Applied 4.0 1" in text and "Sift 10.0 1" in text
    assert "Conversion (joined of closed) 50.0%" in text
    assert "My Other Life 5 1" in text
    assert "Withdrawn Moved away 1" in text
    assert "Billericay 2 1 1" in text
    assert "Target headcount 600" in text


def test_hours_pdf_matches_the_data(app, db):
    f.DutyFactory(volunteer=f.SpecialFactory().volunteer, duty_date=date(2026, 10, 4), minutes=270)
    db.session.commit()
    run = definitions.run_scheduled("hours_monthly", date(2026, 11, 2))
    text = _pdf_text(read_data(definitions.report_file(run).id))
    assert "Hours report" in text and "Special Constable 1 4.5 1" in text


def test_reminders_once_per_item(db, make_user):
    coordinator = make_user(Role.COORDINATOR)
    volunteer_user = make_user(Role.VOLUNTEER)
    db.session.add(
        Vetting(
            volunteer_id=volunteer_user.volunteer_id,
            level="NPPV2",
            granted_on=date(2023, 1, 1),
            expires_on=date(2026, 12, 1),
        )
    )
    cadet = f.CadetFactory(volunteer__date_of_birth=date(2008, 12, 10))
    f.ShiftFactory(
        # tomorrow evening: inside the two days reminded, and not yet past however late today the test runs
        signup_deadline=datetime(2026, 11, 23, 20, tzinfo=UTC),
        starts_at=datetime(2026, 11, 25, 9, tzinfo=UTC),
        ends_at=datetime(2026, 11, 25, 12, tzinfo=UTC),
    )
    db.session.commit()
    counts = send_reminders(date(2026, 11, 22))
    db.session.commit()
    assert counts["vetting_expiry"] == 1 and counts["cadet_age_out"] == 1 and counts["hours_shortfall"] == 1
    assert counts["signup_deadline"] == 1
    send_reminders(date(2026, 11, 22))
    db.session.commit()
    told = db.session.scalars(sa.select(Notice).where(Notice.user_id == coordinator.id)).all()
    assert sorted(n.dedupe_key.split(":")[0] for n in told) == ["cadet-age", "deadline", "vetting"]
    assert {n.kind for n in told} == {"reminder"}
    short = db.session.scalars(sa.select(Notice).where(Notice.volunteer_id == volunteer_user.volunteer_id)).one()
    assert (short.kind, short.dedupe_key) == ("reminder", "shortfall:2026-10")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notice)) == 4  # nobody else, nothing twice
    assert cadet.volunteer.full_name in " ".join(db.session.scalars(sa.select(Notice.text)))


def test_coordinator_runs_a_report_now_and_downloads_it(as_role, db):
    client = as_role(Role.COORDINATOR)
    queued = post_form(
        client, "/scheduling/reports", {"job": "pipeline_weekly", "start": "2026-07-01", "end": "2026-08-31"}
    )
    assert queued.status_code == 302 and db.session.scalar(sa.select(sa.func.count()).select_from(JobRun)) == 0
    waiting = client.get(queued.headers["Location"]).get_data(as_text=True)
    assert "Queued" in waiting and 'http-equiv="refresh"' in waiting
    page = follow_job(client, queued).get_data(as_text=True)
    assert "Report made" in page and 'http-equiv="refresh"' not in page
    run = db.session.scalars(sa.select(JobRun)).one()
    assert f"/scheduling/jobs/{run.id}/download" in page
    pdf = client.get(f"/scheduling/jobs/{run.id}/download")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "1 July 2026 to 31 August 2026" in _pdf_text(pdf.data)
    jobs = client.get("/scheduling/jobs").get_data(as_text=True)
    assert "Succeeded" in jobs and "On demand" in jobs
    bad = post_form(
        client, "/scheduling/reports", {"job": "pipeline_weekly", "start": "2026-08-01", "end": "2026-07-01"}
    )
    assert bad.status_code == 400 and "must be the same as or after the start date" in bad.get_data(as_text=True)


def test_cli_run_job_and_list(runner, db):
    result = runner.invoke(args=["scheduler", "run-job", "reminders", "--today", "2026-11-22"])
    assert "reminders 2026-11-22: succeeded" in result.output
    again = runner.invoke(args=["scheduler", "run-job", "reminders", "--today", "2026-11-22"])
    assert "skipped" in again.output
    assert "pipeline_weekly" in runner.invoke(args=["scheduler", "list"]).output


def test_the_old_notifications_page_is_the_notices_page(as_role, db):
    client = as_role(Role.COORDINATOR)
    db.session.add(Notice(user_id=client.user.id, kind="reminder", dedupe_key="k", text="Hello there"))
    db.session.commit()
    moved = client.get("/scheduling/notifications")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/notices/")
    assert "Hello there" in client.get(moved.headers["Location"]).get_data(as_text=True)
    read = post_form(client, "/scheduling/notifications/read", {}, get_url="/notices/")
    assert read.status_code == 307 and read.headers["Location"].endswith("/notices/read")
    post_form(client, "/notices/read", {}, get_url="/notices/")
    assert db.session.scalars(sa.select(Notice)).one().read_at is not None
