"""What the worker can do: each kind of job, its title, and the function that does it.

An import's refusals and counts are written to the job row as it goes (``Progress``); a dry run only
reads (on SQLite it never takes the write lock); a real import checks and writes in one transaction,
so it saves every row or none. An export keeps its CSV in the job row for download.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from core.csvio import csv_text
from core.dates import local_date, now_utc
from core.db import read_only_transactions
from core.models import User


@dataclass
class Outcome:
    """What a job produced: a result summary, and perhaps a file to download or a refusal of the whole job."""

    result: dict
    failed: str | None = None  # why the whole job was refused (an unreadable file)
    output: bytes | None = None
    output_name: str | None = None
    output_type: str | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    work: Callable  # (job, user, progress) -> Outcome
    is_import: bool = False
    back: str = "core.home"  # the page the job was asked from


def _today(job) -> date:
    given = (job.params or {}).get("today")
    return date.fromisoformat(given) if given else local_date(now_utc())


def _checking(job):
    """Dry runs only read: on SQLite their transaction begins DEFERRED and never blocks a writer."""
    return read_only_transactions() if job.dry_run else _nothing()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _report_outcome(report) -> Outcome:
    result = {"rows": report.rows, "valid": report.valid, "written": report.written, "ok": report.ok}
    return Outcome(result, failed=report.fatal)


def _volunteers(job, user: User, progress) -> Outcome:
    from volunteers.imports import import_volunteers

    with _checking(job):
        report = import_volunteers(job.upload, job.dry_run, _today(job), by=user.id, progress=progress)
    return _report_outcome(report)


def _applications(job, user: User, progress) -> Outcome:
    from volunteers.pipeline.imports import import_applications

    with _checking(job):
        report = import_applications(job.upload, job.dry_run, _today(job), by=user.id, progress=progress)
    return _report_outcome(report)


def _duties(job, user: User, progress) -> Outcome:
    from scheduling.duties.importer import import_duties

    with _checking(job):
        result = import_duties(job.upload, user, dry_run=job.dry_run, progress=progress)
    summary = {"rows": result.rows, "valid": result.rows - len(result.errors), "written": result.imported}
    return Outcome({**summary, "ok": result.ok}, failed=result.file_error)


def _volunteer_export(job, user: User, progress) -> Outcome:
    from volunteers import exports, services

    filters = services.parse_filters(job.params.get("filters") or {})
    with read_only_transactions():
        rows = list(exports.export_rows(filters, user))
    progress.update(checked=len(rows), saved=len(rows), phase="saved")
    name = f"volunteers-{_today(job).isoformat()}.csv"
    body = ("\ufeff" + csv_text(exports.EXPORT_HEADERS, rows)).encode()
    return Outcome({"rows": len(rows), "filters": filters.as_args()}, None, body, name, "text/csv; charset=utf-8")


def _application_export(job, user: User, progress) -> Outcome:
    from volunteers.pipeline import imports

    with read_only_transactions():
        rows = list(imports.export_rows(user))
    progress.update(checked=len(rows), saved=len(rows), phase="saved")
    name = f"applications-{_today(job).isoformat()}.csv"
    body = ("\ufeff" + csv_text(imports.EXPORT_HEADERS, rows)).encode()
    return Outcome({"rows": len(rows)}, None, body, name, "text/csv; charset=utf-8")


def _report(job, user: User, progress) -> Outcome:
    from scheduling.jobs import definitions
    from scheduling.models import JobStatus

    params = job.params
    start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
    run = definitions.run_now(params["job"], start, end, user.id, secrets.token_hex(4))
    if run is None or run.status != JobStatus.SUCCEEDED:
        reason = run.message.splitlines()[0] if run and run.message else "not run"
        return Outcome({"run_id": run.id if run else None}, failed=f"The report failed: {reason}")
    return Outcome({"run_id": run.id, "message": run.message})


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("volunteers", "Import volunteers", _volunteers, is_import=True, back="volunteers.index"),
        Kind("applications", "Import applications", _applications, is_import=True, back="volunteers.applications"),
        Kind("duties", "Import duties", _duties, is_import=True, back="scheduling.duties"),
        Kind("volunteer_export", "Export volunteers", _volunteer_export, back="volunteers.index"),
        Kind("application_export", "Export applications", _application_export, back="volunteers.applications"),
        Kind("report", "Make a report", _report, back="scheduling.reports"),
    )
}
IMPORT_KINDS = [name for name, kind in KINDS.items() if kind.is_import]
