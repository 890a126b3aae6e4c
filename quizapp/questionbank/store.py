"""Imported banks on disk: one YAML file per bank, in the shipped banks' schema.

``save_bank`` writes ``<folder>/<bank_id>.yaml`` atomically (temporary file in
the same folder, then ``os.replace``), so a reader never sees half a bank and
``quizapp.questionbank.loader.load_bank`` loads exactly the questions saved.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import DomainError
from ..core.quiz.questions import Question, make_question, question_problems

BANK_ID_RE = re.compile(r"[a-z0-9-]{1,40}")
TITLE_MAX = 60
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml is ~20x faster


@dataclass(frozen=True)
class BankSummary:
    """What a list of banks shows, read without parsing every question."""

    id: str
    title: str
    path: Path
    count: int
    modified: float
    error: str = ""


def check_bank_id(bank_id: str, shipped_ids: Iterable[str] = ()) -> None:
    """Raise DomainError unless ``bank_id`` is a valid, free id for an imported bank."""
    if not isinstance(bank_id, str) or not BANK_ID_RE.fullmatch(bank_id):
        raise DomainError("bad_bank_id", "题库编号只能由小写字母、数字和连字符组成，长度 1 到 40")
    if bank_id in set(shipped_ids):
        raise DomainError("bank_id_taken", f"题库编号“{bank_id}”与系统自带题库重复，请换一个")


def bank_path(folder: Path | str, bank_id: str) -> Path:
    """Where bank ``bank_id`` lives in ``folder`` (the id is checked first)."""
    check_bank_id(bank_id)
    return Path(folder) / f"{bank_id}.yaml"


def question_to_yaml(question: Question) -> dict[str, Any]:
    """One question as a bank file writes it (the inverse of ``make_question``)."""
    data: dict[str, Any] = {"id": question.id, "type": question.type, "stem": question.stem}
    if question.options:
        data["options"] = list(question.options)
    if question.type in ("single", "multiple"):
        data["answer"] = "".join(question.answer)
    elif question.type == "true_false":
        data["answer"] = question.answer == ("true",)
    elif question.type == "fill":
        data["answer"] = list(question.answer)
    else:
        data["answer"] = question.answer[0] if question.answer else ""
    data["explanation"] = question.explanation
    data["difficulty"] = question.difficulty
    if question.tags:
        data["tags"] = list(question.tags)
    if question.points is not None:
        data["points"] = question.points
    if question.image:
        data["image"] = question.image
    if question.key_points:
        data["key_points"] = list(question.key_points)
    return data


def _checked_items(bank_id: str, questions: Sequence[Question]) -> list[dict[str, Any]]:
    """Question mappings, refusing anything ``load_bank`` would not give back unchanged."""
    if not questions:
        raise DomainError("empty_bank", "题库中至少要有一道题")
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for question in questions:
        item = question_to_yaml(question)
        raw = {**item, "bank": bank_id}
        messages = [p.message for p in question_problems(raw)]
        if not question.explanation.strip():
            messages.append("解析不能为空")
        if question.id in seen:
            messages.append("题目编号重复")
        if messages:
            raise DomainError("bad_question", f"{question.id}: {messages[0]}")
        if make_question(raw) != replace(question, bank=bank_id):
            raise DomainError("bad_question", f"{question.id}: 题目内容有首尾空白等无法原样保存的格式")
        seen.add(question.id)
        items.append(item)
    return items


def save_bank(folder: Path | str, bank_id: str, title: str, questions: Sequence[Question],
              *, shipped_ids: Iterable[str] = (), description: str = "",
              overwrite: bool = True) -> Path:
    """Write the bank as ``<folder>/<bank_id>.yaml`` atomically and return its path.

    Refuses (DomainError) an invalid id, an id of a shipped bank (``shipped_ids``),
    an empty or over-long title, no questions, a question the loader would reject
    or change, and, with ``overwrite=False``, an id that is already saved.
    Questions are loaded back with ``bank`` set to ``bank_id``.
    """
    check_bank_id(bank_id, shipped_ids)
    title = str(title or "").strip()
    if not 1 <= len(title) <= TITLE_MAX:
        raise DomainError("bad_bank_title", f"题库名称应为 1 到 {TITLE_MAX} 个字")
    folder = Path(folder)
    target = folder / f"{bank_id}.yaml"
    if not overwrite and target.exists():
        raise DomainError("bank_exists", f"题库“{bank_id}”已存在")
    meta: dict[str, Any] = {"id": bank_id, "title": title}
    if description.strip():
        meta["description"] = description.strip()
    document = {"bank": meta, "questions": _checked_items(bank_id, questions)}
    text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=4096)
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{bank_id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def delete_bank(folder: Path | str, bank_id: str) -> bool:
    """Remove an imported bank; False when there was none."""
    path = bank_path(folder, bank_id)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


_QUESTIONS_KEY = re.compile(r"^questions:", re.MULTILINE)
_ITEM = re.compile(r"^( *)- ", re.MULTILINE)


def _summary(path: Path) -> BankSummary:
    """Read the ``bank:`` header and count items without parsing every question."""
    stat = path.stat()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return BankSummary(path.stem, "", path, 0, stat.st_mtime, f"无法读取：{exc}")
    match = _QUESTIONS_KEY.search(text)
    head = text[: match.start()] if match else text
    try:
        meta = (yaml.safe_load(head) or {}).get("bank")
    except (yaml.YAMLError, AttributeError) as exc:
        return BankSummary(path.stem, "", path, 0, stat.st_mtime, f"YAML 格式错误：{exc}")
    if not isinstance(meta, dict):
        return BankSummary(path.stem, "", path, 0, stat.st_mtime, "缺少 bank: 段（id、title）")
    count = 0
    if match:
        items = _ITEM.findall(text, match.end())
        indent = min(items, key=len) if items else ""
        count = sum(1 for i in items if i == indent)
    return BankSummary(str(meta.get("id") or ""), str(meta.get("title") or ""), path, count, stat.st_mtime)


def list_banks(folder: Path | str) -> list[BankSummary]:
    """Banks saved in ``folder``, by id; a missing folder has none.

    ``count`` comes from a quick scan of the file; ``load_bank`` is authoritative.
    """
    root = Path(folder)
    if not root.is_dir():
        return []
    summaries = [_summary(p) for p in sorted(root.glob("*.yaml")) if not p.name.startswith(".")]
    return sorted(summaries, key=lambda s: (s.id or s.path.stem, s.path.name))
