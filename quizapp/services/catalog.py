"""The question catalog: shipped banks plus banks imported into the instance folder."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ..core.errors import DomainError
from ..core.quiz.questions import Question
from ..questionbank.loader import Bank, Preset, bank_paths, load_bank, load_presets, load_sports_presets


class Catalog:
    """Banks and presets by id, and questions by id across all banks."""

    def __init__(self, imported_folder: Path | None = None) -> None:
        self.imported_folder = imported_folder
        self._lock = threading.Lock()
        self.banks: dict[str, Bank] = {}
        self.presets: dict[str, Preset] = load_presets()
        self.sports_presets: dict[str, dict[str, Any]] = load_sports_presets()
        self.reload()

    def reload(self) -> None:
        """Re-read every bank file (after an import)."""
        paths = bank_paths()
        if self.imported_folder is not None and self.imported_folder.is_dir():
            paths += sorted(self.imported_folder.glob("*.yaml"))
        banks = {}
        for path in paths:
            bank = load_bank(path)
            if bank.id:
                banks[bank.id] = bank
        with self._lock:
            self.banks = banks
            self._by_id = {q.id: q for b in banks.values() for q in b.questions}

    def question(self, question_id: str) -> Question:
        """One question by id, or DomainError."""
        found = self._by_id.get(question_id)
        if found is None:
            raise DomainError("unknown_question", f"题库中没有题目 {question_id[:40]}")
        return found

    def preset(self, preset_id: str) -> Preset:
        """One preset by id, or DomainError."""
        if preset_id not in self.presets:
            raise DomainError("unknown_preset", "没有这个比赛预设")
        return self.presets[preset_id]
