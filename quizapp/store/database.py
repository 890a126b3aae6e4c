"""Engine creation: SQLite tuned for durable small writes, PostgreSQL via pg8000.

pg8000 is pure Python, so under eventlet its socket I/O is green and a slow
query never blocks the hub (psycopg2's C driver would, unless patched).
SQLite runs in WAL mode with synchronous=FULL: an acknowledged command has
reached the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker


class DatabaseURLError(ValueError):
    """The configured database URL cannot be used."""


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and point them at the pg8000 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseURLError(f"数据库地址无效：{url!r}（示例：sqlite:///quizapp.db 或 "
                               "postgresql://user@127.0.0.1/quizapp）") from exc
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2", "postgresql+psycopg"):
        parsed = parsed.set(drivername="postgresql+pg8000")
    if parsed.drivername.split("+")[0] not in ("sqlite", "postgresql"):
        raise DatabaseURLError(f"不支持的数据库：{parsed.get_backend_name()}（只支持 SQLite 和 PostgreSQL）")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.close()
    return on_connect


def is_busy(exc: BaseException) -> bool:
    """The database refused because another connection holds its write lock (worth retrying)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return isinstance(exc, OperationalError) and ("locked" in text or "busy" in text)


def make_engine(url: str, busy_timeout_ms: int = 5000) -> Engine:
    """An engine for ``url`` with the settings quizapp relies on.

    SQLite's busy wait is a blocking C call: under eventlet it stalls every
    socket, so the server passes a short timeout and retries with green sleeps
    in between (see ``ContestService``).
    """
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False,
                                                  "timeout": busy_timeout_ms / 1000})
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        return engine
    return create_engine(url, pool_size=5, max_overflow=10, pool_pre_ping=True)


def ping(engine: Engine) -> None:
    """Ask the database a trivial question; raises whatever makes it unusable (for ``/healthz``)."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)
