"""Persistence: SQLAlchemy models, the append-only event log and its repository."""
