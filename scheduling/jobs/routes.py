"""Reports and jobs screens: run any report now, every run recorded, every PDF downloadable."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.audit import record
from core.background.queue import enqueue
from core.dates import OUT_OF_RANGE, day_in_range, local_date, now_utc
from core.extensions import db
from core.files import register_regenerator, stored_file_response
from core.navigation import register_nav
from core.permissions import ALL_ROLES, STAFF, allow
from core.refusals import Refusal
from core.typed_dates import DateProblem, date_from_query, query_boxes
from scheduling import bp
from scheduling.jobs import definitions
from scheduling.jobs.runner import is_stale
from scheduling.models import JobRun, JobStatus

register_nav("Reports", "scheduling.reports", STAFF, order=60)
register_nav("Jobs", "scheduling.jobs", STAFF, order=61)


@bp.record_once
def _reports_can_be_made_again(_state) -> None:
    register_regenerator(definitions.REPORT_KIND, definitions.regenerate_report)


@bp.route("/reports", methods=["GET", "POST"])
@allow(STAFF)
def reports():
    """Run any report now for any date range; the PDFs made so far."""
    error, box = None, "job"
    today = local_date(now_utc())
    boxes = {"start": _boxes(today.replace(day=1)), "end": _boxes(today)}
    if request.method == "POST":
        name = request.form.get("job", "")
        boxes = {which: query_boxes(request.form, which) for which in ("start", "end")}
        try:
            start = _typed_day(request.form, "start", "The start date")
            end = _typed_day(request.form, "end", "The end date")
        except Refusal as problem:
            start = end = None
            error, box = problem.message, problem.field
        job = definitions.JOBS.get(name)
        if job is None:
            error, box = "Choose a report", "job"
        elif error or start is None or end is None:
            pass
        elif not (day_in_range(start) and day_in_range(end)):
            error, box = OUT_OF_RANGE, "start"
        elif end < start:
            error, box = "The end date must be the same as or after the start date", "end"
        elif (end - start).days > 366 * 10:
            error, box = "Choose a period of ten years or less", "end"
        else:  # made by the background worker: the progress page links to the PDF once it is ready
            queued = enqueue(
                "report", current_user.id, params={"job": name, "start": start.isoformat(), "end": end.isoformat()}
            )
            return redirect(url_for("worker.job", job_id=queued.id))
    runs = definitions.runs_with_reports()
    return render_template(
        "scheduling/reports.html",
        jobs=[j for j in definitions.JOBS.values() if j.is_report],
        runs=runs,
        error=error,
        box=box,
        boxes=boxes,
    ), (400 if error else 200)


def _boxes(day: date) -> tuple[str, str, str]:
    return (str(day.day), str(day.month), str(day.year))


def _typed_day(form, which: str, name: str) -> date:
    """A date typed in the form's boxes (or posted as one value), or a Refusal naming it."""
    try:
        day = date_from_query(form, which)
    except DateProblem as problem:
        raise Refusal(problem.message(name), which) from None
    if day is None:
        raise Refusal(f"Enter {name[0].lower()}{name[1:]}", which)
    return day


@bp.route("/jobs")
@allow(STAFF)
def jobs():
    """Every job run: started, finished, outcome, output; stale claims marked."""
    runs = db.session.scalars(sa.select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(300)).all()
    now = now_utc()
    return render_template(
        "scheduling/jobs.html", runs=runs, stale={r.id for r in runs if is_stale(r, now)}, jobs=definitions.JOBS
    )


@bp.route("/jobs/<int:run_id>/rerun", methods=["POST"])
@allow(STAFF)
def rerun(run_id: int):
    """Re-run a failed or stale run for the same period (one process wins the takeover)."""
    run = db.session.get(JobRun, run_id)
    if run is None or run.job_name not in definitions.JOBS:
        abort(404)
    job = definitions.JOBS[run.job_name]
    from scheduling.jobs.runner import run_once

    again = run_once(
        run.job_name,
        run.period_key,
        job.work,
        run.period_start,
        run.period_end,
        triggered_by_id=current_user.id,
        retry_failed=True,
    )
    if again is None:
        flash("That run is not stale or failed, or someone else is re-running it", "error")
    else:
        record("job_rerun", "job_run", again.id, detail={"job": run.job_name, "period": run.period_key}, commit=True)
        flash(f"Re-run {again.status.label.lower()}", "success" if again.status == JobStatus.SUCCEEDED else "error")
    return redirect(url_for("scheduling.jobs"))


@bp.route("/jobs/<int:run_id>/download")
@allow(STAFF)
def download(run_id: int):
    """Download a run's PDF (stored in the database, so any app server serves it)."""
    run = db.session.get(JobRun, run_id)
    stored = definitions.report_file(run) if run is not None else None
    if stored is None:
        abort(404)
    record("report_downloaded", "job_run", run.id, commit=True)
    return stored_file_response(stored)


# The old inbox: reminders are notices now (one inbox at /notices/); old links and bookmarks land there.
@bp.route("/notifications")
@allow(ALL_ROLES)
def notifications():
    """The old notifications page: my notices now."""
    return redirect(url_for("notices.index"), 301)


@bp.route("/notifications/read", methods=["POST"])
@allow(ALL_ROLES)
def notifications_read():
    """The old "mark all read": the notices' own (307 keeps the method and the form)."""
    return redirect(url_for("notices.read"), 307)
