"""SQLAlchemy 2.x typed models.

``contests`` holds one row per contest with its version (the optimistic lock);
``events`` is the append-only log (the database refuses UPDATE and DELETE, see
``schema.py``); ``devices`` remembers which phones joined which team.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Timezone-aware now, for bookkeeping columns only (rules get time passed in)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of every table."""


class ContestRow(Base):
    """A contest: its identity, kind and current log version."""

    __tablename__ = "contests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16), default="quiz")
    preset: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived: Mapped[bool] = mapped_column(default=False)
    # what the last commit left (scores, status): ``log verify`` replays and compares
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # the 比赛码 typed on /join (shown on the projector); given on first use
    code: Mapped[str | None] = mapped_column(String(8), unique=True, index=True, default=None)


class EventRow(Base):
    """One event of one contest's log. Rows are only ever inserted."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("contest_id", "seq", name="uq_events_contest_seq"),
        Index("ix_events_contest_batch", "contest_id", "batch"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contest_id: Mapped[str] = mapped_column(ForeignKey("contests.id"))
    seq: Mapped[int] = mapped_column(Integer)
    batch: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(40))
    at: Mapped[float]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # the client's command id (scoped to its credential), on every row of the batch it made:
    # a retried command is recognised, also after a restart
    command_id: Mapped[str | None] = mapped_column(String(96), default=None)


class DeviceRow(Base):
    """A phone joined to a team (or a judge/recorder credential holder).

    Each active device holds one numbered slot of its team; the unique index on
    active slots is what keeps a team at five phones, even when joins race.
    """

    __tablename__ = "devices"
    __table_args__ = (
        Index("ix_devices_contest_team", "contest_id", "team_id"),
        Index("uq_devices_active_slot", "contest_id", "team_id", "slot", unique=True,
              sqlite_where=text("revoked = 0"), postgresql_where=text("NOT revoked")),
    )

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    contest_id: Mapped[str] = mapped_column(ForeignKey("contests.id"))
    team_id: Mapped[str] = mapped_column(String(32))
    member: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)
    slot: Mapped[int | None] = mapped_column(Integer, default=None)


class HostLoginRow(Base):
    """One host login; its socket tokens are valid while it is neither revoked nor expired."""

    __tablename__ = "host_logins"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires: Mapped[float]  # wall-clock seconds
    revoked: Mapped[bool] = mapped_column(default=False, server_default=false())


class JoinCodeRow(Base):
    """A team's secret join code (its QR); regenerating it revokes the old one."""

    __tablename__ = "join_codes"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    contest_id: Mapped[str] = mapped_column(ForeignKey("contests.id"))
    team_id: Mapped[str] = mapped_column(String(32))
    pin: Mapped[str] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(Text, default="")
