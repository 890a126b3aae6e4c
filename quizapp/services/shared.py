"""Several server processes on one PostgreSQL database: serial appends and change notices.

Every process keeps its own cache of contest states (``ContestService``). Two things keep the
processes honest with each other:

* **Serial appends.** Each append takes ``pg_advisory_xact_lock`` on a hash of the contest id
  inside its write transaction, before the log's version check. Appends to one contest queue in
  PostgreSQL and each sees the version the previous one committed, so the log stays gap-free and
  numbered once, whatever the isolation level. A process whose cache was stale fails the version
  check, reloads and decides again (``ContestService.execute``): a second ``TimeUp`` for a deadline
  another process already judged is then refused by the rules (``no_timer``), never applied twice.
  The lock is released by the commit or the rollback, and by PostgreSQL when a process dies.

* **Change notices.** After each commit the writer publishes ``{contest, version, origin}`` on the
  Redis channel ``quizapp:changed``; every other process drops its cached state and reloads it at
  once. It does not republish views: the writer's broadcast already reached every process's phones
  through the Socket.IO message queue, so a republish would send each change N times. What the
  others need is a current cache: for the views they serve when a phone (re)connects, for their
  timers (a deadline set through one process still fires if that process dies) and for
  recognising a retried command id. A notice can be lost (the writer killed between commit and
  publish, Redis restarting), so once a second each process also compares its cached versions with
  the ``contests`` table (one small query) and reloads what moved. A stale cache never writes:
  the version check refuses it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..core.errors import DomainError
from ..store import event_log
from ..store.models import ContestRow
from .contests import ContestService

log = logging.getLogger(__name__)
CHANNEL = "quizapp:changed"
SWEEP_EVERY = 1.0  # seconds between version checks against the database


def contest_key(contest_id: str) -> int:
    """The advisory-lock key of a contest: a stable signed 64-bit hash of its id."""
    digest = hashlib.blake2b(contest_id.encode(), digest_size=8, person=b"quizapp").digest()
    return int.from_bytes(digest, "big", signed=True)


def serial_append(session: Session, contest_id: str, **rest: Any) -> int:
    """``event_log.append`` after taking the contest's advisory lock (PostgreSQL only).

    SQLite has one writer at a time already; its databases are not shared between machines.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": contest_key(contest_id)})
    return event_log.append(session, contest_id, **rest)


class ChangeNotices:
    """Tells the other processes of each commit, and keeps this process's cache current."""

    def __init__(self, service: ContestService, redis_url: str, sleep: Callable[[float], Any]) -> None:
        import redis  # only a multi-process server needs it

        self.service, self.sleep = service, sleep
        self.redis = redis.Redis.from_url(redis_url, socket_connect_timeout=3, health_check_interval=30)
        self.errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        self.origin = f"{socket.gethostname()}:{os.getpid()}"

    def publish(self, contest_id: str, state: Any, entries: Any) -> None:
        """A ``ContestService`` publisher: runs after the commit; a lost notice is caught by the sweep."""
        if not entries:
            return
        notice = {"contest": contest_id, "version": entries[-1].seq, "origin": self.origin}
        try:
            self.redis.publish(CHANNEL, json.dumps(notice))
        except self.errors as exc:
            log.warning("change notice for %s not sent (%s); the others catch up within %.0f s",
                        contest_id, exc, SWEEP_EVERY)

    def refresh(self, contest_id: str, version: int) -> bool:
        """Reload a contest whose database version is ahead of this process's cache."""
        cached = self._cached_version(contest_id)
        if cached is not None and cached >= version:
            return False
        self.service.forget(contest_id)
        try:
            self.service.state(contest_id)  # reload now: timers and connecting phones need it
        except DomainError:
            return False
        return True

    def _cached_version(self, contest_id: str) -> int | None:
        if contest_id not in self.service.loaded_ids():
            return None
        return len(self.service.log(contest_id))

    def listen(self) -> None:
        """Apply the other processes' notices forever (a background task); reconnects to Redis."""
        while True:
            try:
                pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    self._on_message(message.get("data"))
            except self.errors as exc:
                log.warning("change notices interrupted (%s); retrying in 1 s", exc)
                self.sleep(1.0)
            except Exception:  # noqa: BLE001 - the listener must outlive any one bad notice
                log.exception("change notice listener failed; restarting it")
                self.sleep(1.0)

    def _on_message(self, data: Any) -> None:
        try:
            notice = json.loads(data)
            contest_id, version, origin = str(notice["contest"]), int(notice["version"]), notice["origin"]
        except (TypeError, ValueError, KeyError):
            log.warning("ignored a malformed change notice: %r", data)
            return
        if origin != self.origin:
            self.refresh(contest_id, version)

    def sweep(self) -> None:
        """Once a second, reload every cached contest whose database version moved (a background task)."""
        while True:
            self.sleep(SWEEP_EVERY)
            try:
                self.sweep_once()
            except Exception:  # noqa: BLE001 - e.g. the database restarting: try again next time
                log.exception("version sweep failed")

    def sweep_once(self) -> list[str]:
        """One version check; returns the ids reloaded."""
        loaded = set(self.service.loaded_ids())
        if not loaded:
            return []
        with self.service.sessions() as session:
            rows = session.execute(select(ContestRow.id, ContestRow.version)
                                   .where(ContestRow.id.in_(loaded))).all()
        return [cid for cid, version in rows if self.refresh(cid, version)]


def share(service: ContestService, redis_url: str, spawn: Callable[..., Any],
          sleep: Callable[[float], Any]) -> ChangeNotices:
    """Make ``service`` one of several processes on a shared database, with notices through Redis.

    ``spawn`` and ``sleep`` are the Socket.IO server's, so the listener and the sweep are green
    threads under eventlet and real threads in threading mode.
    """
    notices = ChangeNotices(service, redis_url, sleep)
    service.append = serial_append
    service.publishers.insert(0, notices.publish)  # before the broadcast: the others reload sooner
    spawn(notices.listen)
    spawn(notices.sweep)
    return notices
