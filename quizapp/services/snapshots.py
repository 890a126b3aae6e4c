"""A snapshot of the database at the end of every round, kept in the instance folder.

It runs as a background task after the RoundEnded commit has been published,
so no command waits for it; the newest ``keep`` snapshots are kept. A failed
snapshot is logged and never affects the contest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..core.engine import Entry
from ..store import backup

log = logging.getLogger(__name__)
KEEP = 20


class RoundSnapshots:
    """A contest-service publisher that snapshots the database when a round ends."""

    def __init__(self, url: str, folder: Path, spawn: Callable[..., Any], keep: int = KEEP) -> None:
        self.url, self.folder, self.spawn, self.keep = url, folder, spawn, keep

    def __call__(self, contest_id: str, state: Any, entries: Sequence[Entry]) -> None:
        for entry in entries:
            if type(entry.event).__name__ == "RoundEnded":
                label = f"{contest_id}-round{getattr(entry.event, 'round_index', 0) + 1}"
                self.spawn(self.take, label)

    def take(self, label: str) -> Path | None:
        """Write one snapshot now (called in the background)."""
        try:
            made = backup.snapshot(self.url, self.folder, label, self.keep)
        except (backup.BackupError, OSError) as exc:
            log.warning("round-end snapshot %s not taken: %s", label, exc)
            return None
        except Exception:  # noqa: BLE001 - a snapshot must never disturb the contest
            log.exception("round-end snapshot %s failed", label)
            return None
        log.info("snapshot written: %s", made)
        return made
