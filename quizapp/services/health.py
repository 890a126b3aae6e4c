"""Is the server able to work: the check behind ``GET /healthz``."""

from __future__ import annotations

from sqlalchemy import Engine

from ..store.database import ping


def database_problem(engine: Engine) -> str | None:
    """None when the database answers, else the first 200 characters of why not."""
    try:
        ping(engine)
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return str(exc)[:200]
    return None
