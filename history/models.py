"""Dated history of facts the records otherwise keep only as their current state.

Each table holds effective-dated rows: a row is valid on day D when ``valid_from <= D`` and
(``valid_to`` is NULL or ``valid_to > D``). A change closes the open row on the day it takes effect and
opens a new one, so a past period reads the state it had then. Rows are written by an ORM hook
(``history.recording``) wherever the facts change, and by ``backfill_open_rows`` for data inserted
in bulk (demo seed, generator) and by the migration for data that existed before.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.dated import Dated
from core.extensions import db
from core.models import enum_type
from schemes.models import AgreementStatus, PostState, UnitStatus


class SpecialAssignment(Dated, db.Model):
    """Where a Special serves and at what rank: command (LPA), rank, CSC post held, ESP business employing them."""

    __tablename__ = "special_assignments"
    __table_args__ = (sa.Index("ix_special_assignments_volunteer_dates", "volunteer_id", "valid_from", "valid_to"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"))
    command_id: Mapped[int | None] = mapped_column(sa.ForeignKey("commands.id", ondelete="SET NULL"))
    csc_post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("csc_posts.id", ondelete="SET NULL"), index=True)
    esp_business_id: Mapped[int | None] = mapped_column(sa.ForeignKey("esp_businesses.id", ondelete="SET NULL"))
    rank_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ranks.id", ondelete="SET NULL"))


class CadetUnitMembership(Dated, db.Model):
    """The cadet unit a cadet (role 'cadet') or a cadet leader (role 'leader') belongs to."""

    __tablename__ = "cadet_unit_memberships"
    __table_args__ = (
        sa.Index("ix_cadet_unit_memberships_volunteer_dates", "volunteer_id", "role", "valid_from", "valid_to"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(sa.String(10))
    cadet_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cadet_units.id", ondelete="SET NULL"))


class VolunteerDistrict(Dated, db.Model):
    """The district a volunteer is recorded in."""

    __tablename__ = "volunteer_districts"
    __table_args__ = (sa.Index("ix_volunteer_districts_volunteer_dates", "volunteer_id", "valid_from", "valid_to"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id", ondelete="SET NULL"))


class CscPostState(Dated, db.Model):
    """The state of a CSC post (recruiting, in post, vacant ...)."""

    __tablename__ = "csc_post_states"
    __table_args__ = (sa.Index("ix_csc_post_states_post_dates", "post_id", "valid_from", "valid_to"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("csc_posts.id", ondelete="CASCADE"))
    state: Mapped[PostState] = mapped_column(enum_type(PostState))


class CscAgreementStatus(Dated, db.Model):
    """The status of a parish's CSC agreement (signed, active, unable to recruit, ended)."""

    __tablename__ = "csc_agreement_statuses"
    __table_args__ = (sa.Index("ix_csc_agreement_statuses_agreement_dates", "agreement_id", "valid_from", "valid_to"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("csc_agreements.id", ondelete="CASCADE"))
    status: Mapped[AgreementStatus] = mapped_column(enum_type(AgreementStatus))


class SpeedWatchGroupStatus(Dated, db.Model):
    """Whether a Community Speed Watch group is active."""

    __tablename__ = "speed_watch_group_statuses"
    __table_args__ = (sa.Index("ix_speed_watch_group_statuses_group_dates", "group_id", "valid_from", "valid_to"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("speed_watch_groups.id", ondelete="CASCADE"))
    active: Mapped[bool] = mapped_column()


class CadetUnitStatus(Dated, db.Model):
    """Whether a cadet unit is open, closed or re-opening."""

    __tablename__ = "cadet_unit_statuses"
    __table_args__ = (sa.Index("ix_cadet_unit_statuses_unit_dates", "unit_id", "valid_from", "valid_to"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("cadet_units.id", ondelete="CASCADE"))
    status: Mapped[UnitStatus] = mapped_column(enum_type(UnitStatus))
