"""The privacy operations other packages and the routes call: one import point.

- ``register_erasure_hook(fn)``: ``fn(volunteer_id)`` runs inside every erasure, after the person's
  rows are anonymised (flushed). Any stored file (core.files) still naming the person afterwards is
  made again (kinds with a regenerator), redacted (text files) or removed (privacy.files).
- ``subject_access_zip(volunteer_id)``: everything held about a volunteer as a ZIP (audited).
- ``erase(volunteer_id, reason)``: anonymise a volunteer everywhere (audited; commits).
- ``apply_retention(dry_run)``: the retention schedule, with a report.
"""

from __future__ import annotations

from core.audit import record
from core.extensions import db
from privacy.erasure import ErasureReport, NotFound, erase_volunteer, erased_label, is_erased, register_erasure_hook
from privacy.retention import RetentionReport, apply_retention, schedule
from privacy.subject_access import export_zip

__all__ = [
    "ErasureReport",
    "NotFound",
    "RetentionReport",
    "apply_retention",
    "erase",
    "erased_label",
    "is_erased",
    "register_erasure_hook",
    "schedule",
    "subject_access_zip",
]


def subject_access_zip(volunteer_id: int) -> bytes | None:
    """The subject access ZIP for a volunteer (None if unknown); the export is audited."""
    data = export_zip(volunteer_id)
    if data is not None:
        record("subject_access_export", "volunteer", volunteer_id, detail={"bytes": len(data)})
        db.session.commit()
    return data


def erase(volunteer_id: int, reason: str = "request") -> ErasureReport:
    """Erase (anonymise) a volunteer and record it; raises NotFound for an unknown id."""
    try:
        report = erase_volunteer(volunteer_id)
    except Exception:
        db.session.rollback()
        raise
    record("erasure", "volunteer", volunteer_id, detail={"reason": reason, **report.summary()})
    db.session.commit()
    return report
