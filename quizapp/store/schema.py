"""Creating the schema, including the triggers that make the log append-only.

The triggers are the database's own guarantee: even a bug or a hand-typed SQL
statement cannot rewrite history. They exist on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from .models import Base

_SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
       BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
]
_POSTGRES = [
    """CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'events are append-only'; END; $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS events_no_change ON events",
    """CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
       FOR EACH ROW EXECUTE FUNCTION events_append_only()""",
    "DROP TRIGGER IF EXISTS events_no_truncate ON events",
    """CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
       FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()""",
]


def create_schema(engine: Engine) -> None:
    """Create missing tables and (re)install the append-only triggers."""
    Base.metadata.create_all(engine)
    statements = _POSTGRES if engine.dialect.name == "postgresql" else _SQLITE
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
