"""The job queue, the progress page, the dry run's file reused by the import, exports, and failures."""

from __future__ import annotations

import io
import threading
from datetime import time, timedelta

import sqlalchemy as sa

from core.background import queue
from core.background.models import BackgroundJob, JobState
from core.dates import local_to_utc
from core.db import utcnow
from core.extensions import db as _db
from core.models import Role
from scheduling.hours import ledger
from scheduling.models import Duty, DutyStatus
from tests import factories as f
from tests.factories import csrf_token_from, follow_job
from tests.scheduling.helpers import past_day
from volunteers.models import Volunteer


def _post_duties(client, data: bytes, mode: str):
    token = csrf_token_from(client.get("/scheduling/duties/import").get_data(as_text=True))
    form = {"csrf_token": token, "file": (io.BytesIO(data), "duties.csv"), "mode": mode}
    return client.post("/scheduling/duties/import", data=form, content_type="multipart/form-data")


def _duties_csv(*lines: str) -> bytes:
    return ("volunteer,date,start,end,type,district,esp,notes\n" + "\n".join(lines) + "\n").encode()


def test_each_queued_job_is_claimed_by_exactly_one_worker(app, db, coordinator_user):
    ids = [queue.enqueue("volunteer_export", coordinator_user.id).id for _ in range(12)]
    db.session.rollback()  # this thread's transaction ends, as a web request's does
    claimed: list[int] = []
    lock = threading.Lock()

    def claim_all() -> None:
        with app.app_context():
            try:
                while (job_id := queue.claim_next()) is not None:
                    with lock:
                        claimed.append(job_id)
            finally:
                _db.session.remove()

    workers = [threading.Thread(target=claim_all) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(claimed) == ids  # every job once, none twice
    states = set(db.session.scalars(sa.select(BackgroundJob.state)))
    assert states == {JobState.RUNNING}


def test_the_dry_run_shows_progress_and_its_file_is_imported_without_a_second_upload(as_role, db):
    client = as_role(Role.COORDINATOR)
    special = f.SpecialFactory()
    db.session.commit()
    vid, email, day = special.volunteer.id, special.volunteer.email, past_day().isoformat()
    data = _duties_csv(f"{vid},{day},09:00,12:00,patrol,,no,ok", f"{email},{day},13:00,15:00,patrol,,no,")
    queued = _post_duties(client, data, "dry")
    assert queued.status_code == 302
    waiting = client.get(queued.headers["Location"]).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting and "Queued" in waiting  # refreshes itself, no script needed
    page = follow_job(client, queued).get_data(as_text=True)
    assert "All 2 rows are valid" in page and 'id="rows-checked">2<' in page
    assert 'http-equiv="refresh"' not in page
    dry = db.session.scalars(sa.select(BackgroundJob)).one()
    token = csrf_token_from(page)
    imported = follow_job(client, client.post(f"/work/{dry.id}/import", data={"csrf_token": token}))
    body = imported.get_data(as_text=True)
    assert "2 rows imported" in body and 'id="rows-saved">2<' in body
    real = db.session.scalars(sa.select(BackgroundJob).where(BackgroundJob.source_job_id == dry.id)).one()
    assert real.dry_run is False and real.state == JobState.DONE
    duties = db.session.scalars(sa.select(Duty)).all()
    assert len(duties) == 2 and {d.status for d in duties} == {DutyStatus.APPROVED}
    assert ledger.differences(db.session) == []  # the hours ledger rebuilt for the imported duties


def test_refusals_are_listed_with_line_and_reason_and_kept_for_download(as_role, db):
    client = as_role(Role.COORDINATOR)
    day = past_day().isoformat()
    page = follow_job(client, _post_duties(client, _duties_csv(f"nobody,{day},09:00,10:00,patrol,,no,"), "dry"))
    body = page.get_data(as_text=True)
    assert "1 of 1 rows were refused" in body and "Line 2: volunteer: No volunteer" in body
    job = db.session.scalars(sa.select(BackgroundJob)).one()
    refusals = client.get(f"/work/{job.id}/refusals.csv").get_data(as_text=True)
    assert "line,reason" in refusals and "2,volunteer: No volunteer" in refusals
    # A dry run with refusals cannot be imported.
    assert client.post(f"/work/{job.id}/import", data={"csrf_token": csrf_token_from(body)}).status_code == 400


def test_another_users_job_is_not_found(as_role, db, make_user):
    owner = make_user(Role.COORDINATOR)
    job = queue.enqueue("volunteer_export", owner.id)
    other = as_role(Role.COORDINATOR)
    assert other.get(f"/work/{job.id}").status_code == 404
    assert other.get(f"/work/{job.id}/download").status_code == 404
    assert as_role(Role.ADMIN).get(f"/work/{job.id}").status_code == 200


def test_a_large_export_is_made_in_the_background_and_downloaded(app, as_role, db):
    app.config["EXPORT_INLINE_ROWS"] = 2
    for _ in range(3):
        f.SpecialFactory()
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    queued = client.get("/volunteers/export.csv?status=all")
    assert queued.status_code == 302
    page = follow_job(client, queued).get_data(as_text=True)
    assert "3 rows exported" in page
    job = db.session.scalars(sa.select(BackgroundJob)).one()
    csv = client.get(f"/work/{job.id}/download")
    assert csv.mimetype == "text/csv" and csv.get_data(as_text=True).count("\r\n") == 4
    app.config["EXPORT_INLINE_ROWS"] = 100  # few rows: answered at once, as before
    assert client.get("/volunteers/export.csv?status=all").mimetype == "text/csv"


def test_a_crash_is_recorded_as_failed_and_nothing_is_saved(app, as_role, db, monkeypatch):
    from worker import kinds

    def explode(job, user, progress):
        _db.session.add(f.VolunteerFactory.build())
        _db.session.flush()
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(kinds.KINDS, "boom", kinds.Kind("boom", "Boom", explode))
    client = as_role(Role.COORDINATOR)
    job = queue.enqueue("boom", client.user.id)
    from worker.runner import run_due_jobs

    assert run_due_jobs() == [job.id]
    page = client.get(f"/work/{job.id}").get_data(as_text=True)
    assert "Something went wrong and nothing was saved" in page and "disk on fire" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 0


def test_a_job_whose_worker_died_is_put_back_then_failed_after_three_tries(app, db, coordinator_user):
    job = queue.enqueue("volunteer_export", coordinator_user.id)
    for attempt in (1, 2, 3):
        assert queue.claim_next() == job.id
        db.session.execute(
            sa.update(BackgroundJob).values(progress_at=utcnow() - timedelta(hours=1))
        )  # the worker stopped moving it
        db.session.commit()
        queue.requeue_stale(stale_seconds=60)
        db.session.expire_all()
        state = db.session.get(BackgroundJob, job.id).state
        assert state == (JobState.QUEUED if attempt < 3 else JobState.FAILED)


def test_a_duty_logged_during_the_import_refuses_the_row_it_overlaps(app, db, coordinator_user, monkeypatch):
    from core.audit import acting_for
    from scheduling.duties import importer

    special = f.SpecialFactory()
    db.session.commit()
    vid, day = special.volunteer.id, past_day()
    checked = importer._check

    def check_then_someone_logs_a_duty(*args, **kwargs):
        answer = checked(*args, **kwargs)
        f.DutyFactory(
            volunteer=special.volunteer,
            duty_date=day,
            starts_at=local_to_utc(day, time(10)),
            ends_at=local_to_utc(day, time(11)),
            minutes=60,
        )
        _db.session.commit()  # another writer, between the check and the writing transaction
        return answer

    monkeypatch.setattr(importer, "_check", check_then_someone_logs_a_duty)
    data = _duties_csv(f"{vid},{day},09:00,12:00,patrol,,no,", f"{vid},{day},13:00,14:00,patrol,,no,")
    with acting_for(coordinator_user.id, coordinator_user.email):
        result = importer.import_duties(data, coordinator_user, dry_run=False)
    assert [(e.line, e.field) for e in result.errors] == [(2, "start")] and result.imported == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Duty)) == 1  # only the other writer's


def test_the_retention_schedule_drops_old_job_files_and_keeps_the_record(app, as_role, db):
    """An export's CSV and an import's upload go after CIP_RETENTION_JOB_FILES_DAYS; the job's page says so."""
    from privacy.retention import apply_retention

    app.config["EXPORT_INLINE_ROWS"] = 0
    f.SpecialFactory()
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    follow_job(client, client.get("/volunteers/export.csv?status=all"))
    old, recent = db.session.scalars(sa.select(BackgroundJob)).one(), None
    follow_job(client, client.get("/volunteers/export.csv?status=all"))
    recent = db.session.scalars(sa.select(BackgroundJob).where(BackgroundJob.id != old.id)).one()
    old.finished_at = utcnow() - timedelta(days=31)
    db.session.commit()

    dry = apply_retention(dry_run=True)
    assert {r.rule: r.count for r in dry.results}["job_files"] == 1
    assert client.get(f"/work/{old.id}/download").status_code == 200  # a dry run changes nothing
    apply_retention(dry_run=False)
    db.session.expire_all()
    assert client.get(f"/work/{old.id}/download").status_code == 404
    page = client.get(f"/work/{old.id}").get_data(as_text=True)
    assert "The file is no longer kept" in page and "1 row exported" in page
    assert client.get(f"/work/{recent.id}/download").status_code == 200
    assert 'id="job-download"' in client.get(f"/work/{recent.id}").get_data(as_text=True)
