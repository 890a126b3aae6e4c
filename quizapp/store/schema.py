"""Creating the schema, including the triggers that make the log append-only.

The triggers are the database's own guarantee: even a bug or a hand-typed SQL
statement cannot rewrite history. They exist on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from .models import Base, ContestRow, DeviceRow

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


def _add_columns(engine: Engine) -> None:
    """Databases made before 比赛码 and device slots gain the columns and their unique indexes.

    Active devices get slots 1, 2, … per team in joining order, so the five-device
    index holds from now on (a team already over the limit keeps its extra phones).
    """
    columns = {t: {c["name"] for c in inspect(engine).get_columns(t)} for t in ("contests", "devices", "events")}
    with engine.begin() as conn:
        if "command_id" not in columns["events"]:  # adding a column fires no row trigger
            conn.execute(text("ALTER TABLE events ADD COLUMN command_id VARCHAR(96)"))
        if "code" not in columns["contests"]:
            conn.execute(text("ALTER TABLE contests ADD COLUMN code VARCHAR(8)"))
        if "slot" not in columns["devices"]:
            conn.execute(text("ALTER TABLE devices ADD COLUMN slot INTEGER"))
            rows = conn.execute(text("SELECT token, contest_id, team_id FROM devices WHERE NOT revoked "
                                     "ORDER BY created_at, token")).all()
            taken: dict[tuple[str, str], int] = {}
            for token, contest_id, team_id in rows:
                slot = taken[(contest_id, team_id)] = taken.get((contest_id, team_id), 0) + 1
                conn.execute(text("UPDATE devices SET slot = :slot WHERE token = :token"),
                             {"slot": slot, "token": token})
    for index in (*ContestRow.__table__.indexes, *DeviceRow.__table__.indexes):
        index.create(engine, checkfirst=True)


def create_schema(engine: Engine) -> None:
    """Create missing tables, add newer columns to older databases, (re)install the append-only triggers."""
    Base.metadata.create_all(engine)
    _add_columns(engine)
    statements = _POSTGRES if engine.dialect.name == "postgresql" else _SQLITE
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
