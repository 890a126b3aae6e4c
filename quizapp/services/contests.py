"""The contest service: the one writer of every contest's log.

``execute`` serialises commands per contest (a lock per contest in this
process, plus the log's optimistic version check across processes), takes
the time on receipt, decides, commits the events, updates the cached state
and only then publishes. An acknowledged command is durable.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..core.commands import Command
from ..core.engine import Entry
from ..core.errors import DomainError
from ..store import event_log
from ..store.models import ContestRow
from .engines import RuleEngine, engine_for

Publisher = Callable[[str, Any, Sequence[Entry]], None]


@dataclass
class _Loaded:
    engine: RuleEngine
    state: Any
    log: list[Entry]


class ContestService:
    """Runs commands against contests stored in one database."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], float] = time.time,
                 publish: Publisher | None = None) -> None:
        self.sessions = sessions
        self.clock = clock
        self.publishers: list[Publisher] = [publish] if publish else []
        self._locks: dict[str, threading.RLock] = {}
        self._locks_guard = threading.Lock()
        self._cache: dict[str, _Loaded] = {}

    def _lock(self, contest_id: str) -> threading.RLock:
        with self._locks_guard:
            return self._locks.setdefault(contest_id, threading.RLock())

    def _load(self, contest_id: str) -> _Loaded:
        loaded = self._cache.get(contest_id)
        if loaded is None:
            with self.sessions() as session:
                row = session.get(ContestRow, contest_id)
                if row is None:
                    raise DomainError("unknown_contest", "没有这场比赛")
                engine = engine_for(row.kind)
                log = event_log.load(session, contest_id, engine.decode)
            loaded = self._cache[contest_id] = _Loaded(engine, engine.replay(log), log)
        return loaded

    def create(self, command: Any, kind: str = "quiz", actor: str = "host",
               now: float | None = None) -> str:
        """Register a new contest of ``kind`` and run its creating command."""
        engine_for(kind)
        contest_id = secrets.token_hex(4)
        with self.sessions.begin() as session:
            session.add(ContestRow(id=contest_id, title=str(command.title)[:120], kind=kind,
                                   preset=getattr(command, "preset", ""), version=0))
        self.execute(contest_id, command, actor, now)
        return contest_id

    def kind(self, contest_id: str) -> str:
        """"quiz" or "sports": which engine runs the contest."""
        with self.sessions() as session:
            row = session.get(ContestRow, contest_id)
        if row is None:
            raise DomainError("unknown_contest", "没有这场比赛")
        return row.kind

    def engine(self, contest_id: str) -> RuleEngine:
        """The rule engine of a contest."""
        with self._lock(contest_id):
            return self._load(contest_id).engine

    def execute(self, contest_id: str, command: Command, actor: str,
                now: float | None = None) -> list[Entry]:
        """Decide and durably append one command; raises DomainError, changing nothing."""
        with self._lock(contest_id):
            for attempt in range(2):
                loaded = self._load(contest_id)
                when = self.clock() if now is None else now
                events = loaded.engine.decide(loaded.state, command, when)
                batch = loaded.log[-1].batch + 1 if loaded.log else 1
                seq = len(loaded.log)
                entries = [Entry(seq + i + 1, batch, actor, e) for i, e in enumerate(events)]
                log = [*loaded.log, *entries]
                new_state = loaded.engine.advance(loaded.state, log, entries)
                try:
                    with self.sessions.begin() as session:
                        event_log.append(session, contest_id, seq, entries,
                                         loaded.engine.snapshot(new_state), loaded.engine.encode)
                except event_log.StaleVersion:
                    self._cache.pop(contest_id, None)
                    if attempt:
                        raise DomainError("busy", "比赛数据刚被其他操作修改，请重试") from None
                    continue
                self._cache[contest_id] = _Loaded(loaded.engine, new_state, log)
                break
        state = self._cache[contest_id].state
        for publish in self.publishers:
            publish(contest_id, state, entries)
        return entries

    def state(self, contest_id: str) -> Any:
        """The current state (cached; rebuilt from the log on first use)."""
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

    def loaded_ids(self) -> list[str]:
        """Contests currently held in memory (the ones that can have running timers)."""
        return list(self._cache)

    def forget(self, contest_id: str) -> None:
        """Drop the cached state so the next use rebuilds it from the database."""
        self._cache.pop(contest_id, None)
