"""The contest service: the one writer of every contest's log.

``execute`` serialises commands per contest (a lock per contest in this
process, plus the log's optimistic version check across processes), takes
the time on receipt, decides, commits the events, updates the cached state
and only then publishes. An acknowledged command is durable.

A busy database (another program holding SQLite's write lock) is retried with
short waits through ``sleep`` (the Socket.IO server's, so it is green under
eventlet) for up to ``busy_total`` seconds, then refused as ``db_busy``;
nothing is half-applied and the cache keeps the committed state.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..core.engine import Entry
from ..core.errors import DomainError
from ..core.quiz.commands import Command
from ..core.rulebook import Rulebook, rulebook_for
from ..store import event_log
from ..store.database import is_busy
from ..store.models import ContestRow
from . import envelope as envelopes

Publisher = Callable[[str, Any, Sequence[Entry]], None]
log = logging.getLogger(__name__)
ID_MAX = 32  # contest ids are 8 hex digits; anything longer is not ours
ACKS_KEPT = 1000  # retried command ids remembered per contest
STALE_RETRIES = 5  # another worker appended first: reload and decide again, this many times at most
DB_BUSY = "数据库正忙（可能被其他程序占用），这次操作没有生效，请稍后再试"
DB_ERROR = "数据库写入失败，这次操作没有生效，请稍后再试；如果反复出现，请检查磁盘空间和数据库文件"


@dataclass
class _Loaded:
    book: Rulebook
    state: Any
    log: list[Entry]
    acks: OrderedDict[str, int] = field(default_factory=OrderedDict)  # command id -> version acked


class ContestService:
    """Runs commands against contests stored in one database."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], float] = time.time,
                 publish: Publisher | None = None, sleep: Callable[[float], Any] = time.sleep,
                 busy_total: float = 4.0) -> None:
        self.sessions = sessions
        self.clock = clock
        self.sleep = sleep
        self.busy_total = busy_total
        self.publishers: list[Publisher] = [publish] if publish else []
        self._locks: dict[str, threading.RLock] = {}
        self._locks_guard = threading.Lock()
        self._cache: dict[str, _Loaded] = {}
        # the write that appends a batch; services.shared swaps in one that also takes PostgreSQL's
        # advisory lock on the contest when several processes share the database
        self.append: Callable[..., int] = event_log.append

    def _lock(self, contest_id: str) -> threading.RLock:
        """The contest's lock; unknown ids get none (a flood of made-up ids must not grow memory)."""
        with self._locks_guard:
            lock = self._locks.get(contest_id)
        if lock is None:
            if len(contest_id) > ID_MAX or not self._exists(contest_id):
                raise DomainError("unknown_contest", "没有这场比赛")
            with self._locks_guard:
                lock = self._locks.setdefault(contest_id, threading.RLock())
        return lock

    def _exists(self, contest_id: str) -> bool:
        with self.sessions() as session:
            return session.get(ContestRow, contest_id) is not None

    def _load(self, contest_id: str) -> _Loaded:
        loaded = self._cache.get(contest_id)
        if loaded is None:
            with self.sessions() as session:
                row = session.get(ContestRow, contest_id)
                if row is None:
                    raise DomainError("unknown_contest", "没有这场比赛")
                book = rulebook_for(row.kind)
                log = event_log.load(session, contest_id, book.decode)
                acks = OrderedDict(event_log.recent_command_ids(session, contest_id, ACKS_KEPT))
            loaded = self._cache[contest_id] = _Loaded(book, book.replay(log), log, acks)
        return loaded

    def _write(self, work: Callable[[Session], Any]) -> Any:
        """Run ``work`` in one transaction, waiting out a busy database for up to ``busy_total`` s."""
        give_up = time.monotonic() + self.busy_total
        pause = 0.02
        while True:
            try:
                with self.sessions.begin() as session:
                    return work(session)
            except SQLAlchemyError as exc:
                if is_busy(exc) and time.monotonic() + pause < give_up:
                    self.sleep(pause)
                    pause = min(pause * 1.5, 0.1)
                    continue
                if is_busy(exc):
                    log.warning("database busy for %.1f s, command refused", self.busy_total)
                    raise DomainError("db_busy", DB_BUSY) from None
                log.exception("database write failed")
                raise DomainError("db_error", DB_ERROR) from None

    def create(self, command: Any, kind: str = "quiz", actor: str = "host",
               now: float | None = None) -> str:
        """Register a new contest of ``kind`` and run its creating command."""
        rulebook_for(kind)
        contest_id = secrets.token_hex(4)
        self._write(lambda session: session.add(ContestRow(
            id=contest_id, title=str(command.title)[:120], kind=kind,
            preset=getattr(command, "preset", ""), version=0)))
        self.execute(contest_id, command, actor, now)
        return contest_id

    def rulebook(self, contest_id: str) -> Rulebook:
        """The rulebook of a contest: its commands, views and how they travel."""
        loaded = self._cache.get(contest_id)
        if loaded is not None:
            return loaded.book
        with self._lock(contest_id):
            return self._load(contest_id).book

    def execute(self, contest_id: str, command: Command, actor: str,
                now: float | None = None) -> list[Entry]:
        """Decide and durably append one command; raises DomainError, changing nothing.

        Inside an open envelope (see ``services.envelope``) a command id already
        applied returns ``[]`` and marks the envelope a duplicate; a command made
        against a view that has since changed in a way that matters is ``stale``.
        """
        envelope = envelopes.take()
        with self._lock(contest_id):
            when = self.clock() if now is None else now  # the time it arrived, kept across retries
            for attempt in range(STALE_RETRIES):
                loaded = self._load(contest_id)
                command_id = envelope.command_id if envelope else None
                if command_id and command_id in loaded.acks:
                    envelope.duplicate, envelope.ack_version = True, loaded.acks[command_id]  # type: ignore[union-attr]
                    return []
                if envelope and envelope.version is not None:
                    self._check_fresh(loaded, command, envelope.version)
                events = loaded.book.decide(loaded.state, command, when)
                batch = loaded.log[-1].batch + 1 if loaded.log else 1
                seq = len(loaded.log)
                entries = [Entry(seq + i + 1, batch, actor, e) for i, e in enumerate(events)]
                log = [*loaded.log, *entries]
                new_state = loaded.book.advance(loaded.state, log, entries)
                snapshot = loaded.book.snapshot(new_state)
                try:
                    self._write(partial(self.append, contest_id=contest_id, expected_version=seq,
                                        entries=entries, snapshot=snapshot, encode=loaded.book.encode,
                                        command_id=command_id))
                except event_log.StaleVersion:
                    self._cache.pop(contest_id, None)
                    if attempt == STALE_RETRIES - 1:
                        raise DomainError("busy", "比赛数据刚被其他操作修改，请重试") from None
                    continue
                except DomainError as exc:
                    if exc.code != "db_busy":  # unknown outcome: reload from the database next time
                        self._cache.pop(contest_id, None)
                    raise
                acks = loaded.acks
                if command_id and entries:
                    acks[command_id] = entries[-1].seq
                    while len(acks) > ACKS_KEPT:
                        acks.popitem(last=False)
                self._cache[contest_id] = _Loaded(loaded.book, new_state, log, acks)
                break
        state = self._cache[contest_id].state
        for publish in self.publishers:
            publish(contest_id, state, entries)
        return entries

    def _check_fresh(self, loaded: _Loaded, command: Command, version: int) -> None:
        """Refuse a command whose view is older than a change that matters to it."""
        if 0 <= version < len(loaded.log):
            reason = loaded.book.stale_reason(command, [e.event for e in loaded.log[version:]])
            if reason:
                raise DomainError("stale", reason)

    def state(self, contest_id: str) -> Any:
        """The current state (cached; rebuilt from the log on first use).

        A cached state is read without the lock: states are replaced, never
        changed, so views never wait for a writer that is waiting on the database.
        """
        loaded = self._cache.get(contest_id)
        if loaded is not None:
            return loaded.state
        with self._lock(contest_id):
            return self._load(contest_id).state

    def log(self, contest_id: str) -> list[Entry]:
        """The whole log of one contest."""
        with self._lock(contest_id):
            return list(self._load(contest_id).log)

    def contests(self) -> list[ContestRow]:
        """Every contest row, newest first."""
        with self.sessions() as session:
            rows = session.scalars(select(ContestRow).order_by(ContestRow.created_at.desc()))
            return list(rows)

    def set_archived(self, contest_id: str, archived: bool) -> None:
        """Hide a contest from the host's default list, or show it again.

        A filing flag on the contest row, like its title: the log and every view are untouched.
        """

        def work(session: Session) -> None:
            row = session.get(ContestRow, contest_id) if len(contest_id) <= ID_MAX else None
            if row is None:
                raise DomainError("unknown_contest", "没有这场比赛")
            row.archived = archived

        self._write(work)

    def loaded_ids(self) -> list[str]:
        """Contests currently held in memory (the ones that can have running timers)."""
        return list(self._cache)

    def forget(self, contest_id: str) -> None:
        """Drop the cached state so the next use rebuilds it from the database."""
        self._cache.pop(contest_id, None)
