"""The question catalog: shipped banks plus banks imported into the instance folder.

Banks are parsed once and kept. A bank file is parsed again only when its
modification time or size changes, and the files are looked at (one ``stat``
each) at most once per ``CHECK_EVERY`` seconds, on the next read after that. So
a bank edited, added or deleted on disk is picked up without a restart, and a
request never pays for parsing YAML that did not change.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import DomainError
from ..core.quiz.questions import Question
from ..questionbank.loader import (
    QUESTIONS_DIR,
    Bank,
    Preset,
    Problem,
    bank_paths,
    load_bank,
    load_presets,
    load_sports_presets,
)

CHECK_EVERY = 1.0  # seconds between two looks at the bank files
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Loaded:
    """One bank file as last parsed, and the (mtime, size) it had then."""

    stamp: tuple[int, int]
    bank: Bank
    shipped: bool


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:  # removed between the listing and the stat
        return None
    return info.st_mtime_ns, info.st_size


class Catalog:
    """Banks and presets by id, and questions by id across all banks.

    ``root`` holds the shipped ``banks/`` and ``presets/``; ``imported_folder``
    the banks imported in the console or with ``quizapp questions import``.
    """

    def __init__(self, imported_folder: Path | None = None, root: Path = QUESTIONS_DIR,
                 check_every: float = CHECK_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self.imported_folder, self.root = imported_folder, root
        self.check_every, self.clock = check_every, clock
        self._lock = threading.Lock()
        self._files: dict[Path, _Loaded] = {}
        self._banks: dict[str, Bank] = {}
        self._by_id: dict[str, Question] = {}
        self._checked = -math.inf
        self.presets: dict[str, Preset] = load_presets(root)
        self.sports_presets: dict[str, dict[str, Any]] = load_sports_presets(root)
        # banks are parsed on first use, not here: a restarting server answers phones sooner

    @property
    def banks(self) -> dict[str, Bank]:
        """Banks by id as the files are now (shipped first, then imported; an imported id wins)."""
        self.refresh()
        return self._banks

    def shipped_ids(self) -> set[str]:
        """The ids of the shipped banks (an imported bank may not take one)."""
        self.refresh()
        return {f.bank.id for f in self._files.values() if f.shipped and f.bank.id}

    def question(self, question_id: str) -> Question:
        """One question by id, or DomainError."""
        self.refresh()
        found = self._by_id.get(question_id)
        if found is None:
            raise DomainError("unknown_question", f"题库中没有题目 {question_id[:40]}")
        return found

    def preset(self, preset_id: str) -> Preset:
        """One preset by id, or DomainError."""
        if preset_id not in self.presets:
            raise DomainError("unknown_preset", "没有这个比赛预设")
        return self.presets[preset_id]

    def refresh(self) -> None:
        """Look at the bank files unless that was done less than ``check_every`` seconds ago."""
        if self.clock() - self._checked < self.check_every:
            return
        with self._lock:
            if self.clock() - self._checked >= self.check_every:  # another thread may just have done it
                self._rescan()

    def reload(self) -> None:
        """Look at the bank files now (after an import wrote one)."""
        with self._lock:
            self._rescan()

    def _paths(self) -> list[tuple[Path, bool]]:
        paths = [(p, True) for p in bank_paths(self.root)]
        if self.imported_folder is not None and self.imported_folder.is_dir():
            paths += [(p, False) for p in sorted(self.imported_folder.glob("*.yaml"))]
        return paths

    def _rescan(self) -> None:
        """Parse new and changed files, forget removed ones; keep the last good parse of a broken file."""
        self._checked = self.clock()
        files: dict[Path, _Loaded] = {}
        for path, shipped in self._paths():
            stamp = _stamp(path)
            if stamp is None:
                continue
            old = self._files.get(path)
            if old is not None and old.stamp == stamp:
                files[path] = old
                continue
            try:
                bank = load_bank(path)
            except DomainError as exc:  # e.g. a file being edited by hand is not YAML for a moment
                log.warning("question bank not loaded: %s", exc.message)
                bank = old.bank if old is not None else Bank("", "", str(path),
                                                             problems=[Problem(str(path), 1, exc.message)])
            files[path] = _Loaded(stamp, bank, shipped)
        if files.keys() == self._files.keys() and all(files[p] is self._files[p] for p in files):
            return
        banks = {f.bank.id: f.bank for f in files.values() if f.bank.id}
        self._files = files
        self._banks, self._by_id = banks, {q.id: q for b in banks.values() for q in b.questions}
