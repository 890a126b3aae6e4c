"""SQLAlchemy 2.x typed models.

``contests`` holds one row per contest with its version (the optimistic lock);
``events`` is the append-only log (the database refuses UPDATE and DELETE, see
``schema.py``); ``devices`` remembers which phones joined which team.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
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


class DeviceRow(Base):
    """A phone joined to a team (or a judge/recorder credential holder)."""

    __tablename__ = "devices"
    __table_args__ = (Index("ix_devices_contest_team", "contest_id", "team_id"),)

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    contest_id: Mapped[str] = mapped_column(ForeignKey("contests.id"))
    team_id: Mapped[str] = mapped_column(String(32))
    member: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)


class JoinCodeRow(Base):
    """A team's secret join code (its QR); regenerating it revokes the old one."""

    __tablename__ = "join_codes"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    contest_id: Mapped[str] = mapped_column(ForeignKey("contests.id"))
    team_id: Mapped[str] = mapped_column(String(32))
    pin: Mapped[str] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(Text, default="")
