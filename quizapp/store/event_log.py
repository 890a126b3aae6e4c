"""The event log repository: append a batch under a version check, read a log.

Appending bumps ``contests.version`` with ``WHERE version = expected``; if
another process got there first nothing is written and :class:`StaleVersion`
is raised, so two writers can never interleave one contest's log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..core.engine import Entry
from ..core.messages import Event
from .models import ContestRow, EventRow


class StaleVersion(RuntimeError):
    """The contest changed under us (another writer); reload and retry."""


def append(session: Session, contest_id: str, expected_version: int,
           entries: Sequence[Entry], snapshot: dict[str, Any],
           encode: Callable[[Event], dict[str, Any]], command_id: str | None = None) -> int:
    """Insert ``entries``, bump the version and store the snapshot, in the caller's transaction.

    ``command_id`` (the client's id for the command) goes on every row of the batch.
    """
    new_version = expected_version + len(entries)
    result = session.execute(
        update(ContestRow)
        .where(ContestRow.id == contest_id, ContestRow.version == expected_version)
        .values(version=new_version, snapshot=snapshot)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersion(contest_id)
    session.add_all(
        EventRow(contest_id=contest_id, seq=e.seq, batch=e.batch, actor=e.actor,
                 type=type(e.event).__name__, at=e.event.at, data=encode(e.event),
                 command_id=command_id)
        for e in entries
    )
    return new_version


def load(session: Session, contest_id: str,
         decode: Callable[[str, dict[str, Any]], Event]) -> list[Entry]:
    """The whole log of one contest in order, decoded by its engine's ``decode``."""
    rows = session.scalars(
        select(EventRow).where(EventRow.contest_id == contest_id).order_by(EventRow.seq)
    )
    return [Entry(r.seq, r.batch, r.actor, decode(r.type, r.data)) for r in rows]


def recent_command_ids(session: Session, contest_id: str, limit: int) -> list[tuple[str, int]]:
    """The last ``limit`` command ids of a contest with the log version each ended at, oldest first."""
    last = func.max(EventRow.seq)
    rows = session.execute(
        select(EventRow.command_id, last)
        .where(EventRow.contest_id == contest_id, EventRow.command_id.is_not(None))
        .group_by(EventRow.command_id).order_by(last.desc()).limit(limit)
    ).all()
    return [(str(command_id), int(seq)) for command_id, seq in reversed(rows)]


def contest_ids(session: Session) -> list[str]:
    """Every contest, oldest first."""
    return list(session.scalars(select(ContestRow.id).order_by(ContestRow.created_at)))

