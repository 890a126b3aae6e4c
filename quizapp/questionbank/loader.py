"""Loading banks and presets from YAML, remembering each question's line number
so every problem can be reported as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.awards import AwardSettings, defaults, settings_from
from ..core.errors import DomainError
from ..core.quiz.questions import Question, make_question, question_problems
from ..core.quiz.rounds import RoundSpec

QUESTIONS_DIR = Path(__file__).resolve().parents[2] / "questions"


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that records the line of every mapping as ``__line__``."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping  # type: ignore[return-value]


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


@dataclass(frozen=True)
class Problem:
    """One problem found in a file; warnings are printed but do not fail a check."""

    path: str
    line: int
    message: str
    level: str = "error"   # "error" | "warning"

    def __str__(self) -> str:
        prefix = "警告：" if self.level == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass
class Bank:
    """A loaded bank: its metadata, its valid questions and the problems found."""

    id: str
    title: str
    path: str
    questions: list[Question] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    exact: set[str] = field(default_factory=set)   # fill-ins marked ``exact: true``: a quotation, no variants


def read_yaml(path: Path) -> Any:
    """Parse a YAML file with line numbers; syntax errors become DomainError."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise DomainError("bad_yaml", f"{path}:{line}: YAML 格式错误：{exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError("unreadable", f"{path}: 无法读取：{exc}") from exc


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def load_bank(path: Path) -> Bank:
    """Load one bank file; invalid questions are reported, valid ones kept."""
    data = read_yaml(path)
    name = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("bank"), dict):
        return Bank("", "", name, problems=[Problem(name, 1, "缺少 bank: 段（id、title）")])
    meta = data["bank"]
    bank = Bank(str(meta.get("id") or ""), str(meta.get("title") or ""), name)
    if not bank.id:
        bank.problems.append(Problem(name, meta.get("__line__", 1), "bank.id 不能为空"))
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        bank.problems.append(Problem(name, data.get("__line__", 1), "questions: 应为非空列表"))
        return bank
    for item in items:
        if not isinstance(item, dict):
            bank.problems.append(Problem(name, 1, "每道题应为一个映射（key: value）"))
            continue
        line = int(item.get("__line__", 1))
        raw = {**_strip_lines(item), "bank": bank.id}
        messages = [p.message for p in question_problems(raw)]
        if not str(raw.get("explanation") or "").strip():
            messages.append("解析不能为空")
        if raw.get("exact") not in (None, False) and (raw.get("exact") is not True or raw.get("type") != "fill"):
            messages.append("exact: true 只用于填空题（表示答案是原文措辞，没有其他写法）")
        for message in messages:
            bank.problems.append(Problem(name, line, f"{raw.get('id')}: {message}"))
        if messages:
            continue
        question = make_question(raw)
        if question.id in bank.lines:
            bank.problems.append(Problem(name, line, f"{question.id}: 题目编号重复（第 {bank.lines[question.id]} 行已有）"))
            continue
        bank.lines[question.id] = line
        bank.questions.append(question)
        if raw.get("exact") is True:
            bank.exact.add(question.id)
    return bank


def bank_paths(root: Path = QUESTIONS_DIR) -> list[Path]:
    """The shipped bank files."""
    return sorted((root / "banks").glob("*.yaml"))


def load_banks(paths: list[Path] | None = None) -> dict[str, Bank]:
    """Banks by id (raises DomainError on a file that is not YAML)."""
    return {b.id: b for b in (load_bank(p) for p in (paths or bank_paths()))}


@dataclass(frozen=True)
class RoundPlan:
    """A preset round: its spec and how to choose its questions."""

    spec: RoundSpec
    count: int
    per_team: int
    types: tuple[str, ...]
    tags: tuple[str, ...] = ()
    difficulty: tuple[int, ...] = ()


@dataclass(frozen=True)
class Preset:
    """A contest preset: rounds, tie-break template, base score and banks."""

    id: str
    title: str
    kind: str
    base_score: int
    banks: tuple[str, ...]
    rounds: tuple[RoundPlan, ...]
    tiebreak: RoundPlan | None
    awards: AwardSettings = field(default_factory=lambda: defaults("quiz"))


def _plan(data: dict[str, Any]) -> RoundPlan:
    q = data.get("questions") or {}
    return RoundPlan(spec=RoundSpec.from_dict(data), count=int(q.get("count", 0)),
                     per_team=int(q.get("count_per_team", 0)), types=tuple(q.get("types") or ()),
                     tags=tuple(str(t) for t in q.get("tags") or ()),
                     difficulty=tuple(int(d) for d in q.get("difficulty") or ()))


def load_preset(path: Path) -> Preset:
    """Parse a preset file; any problem raises DomainError naming the file."""
    data = _strip_lines(read_yaml(path))
    try:
        meta = data["preset"]
        rounds = tuple(_plan(r) for r in data["rounds"])
        tiebreak = _plan(data["tiebreak"]) if data.get("tiebreak") else None
        return Preset(id=str(meta["id"]), title=str(meta["title"]), kind=str(meta.get("kind", "quiz")),
                      base_score=int(meta.get("base_score", 100)),
                      banks=tuple(meta.get("banks") or ()), rounds=rounds, tiebreak=tiebreak,
                      awards=settings_from(data.get("awards"), "quiz"))
    except DomainError as exc:
        raise DomainError(exc.code, f"{path}: {exc.message}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise DomainError("bad_preset", f"{path}: 预设格式错误：{exc}") from exc


def load_presets(root: Path = QUESTIONS_DIR) -> dict[str, Preset]:
    """Shipped quiz presets by id."""
    out = {}
    for path in sorted((root / "presets").glob("*.yaml")):
        data = read_yaml(path)
        if isinstance(data, dict) and "rounds" in data:
            preset = load_preset(path)
            out[preset.id] = preset
    return out


def load_sports_presets(root: Path = QUESTIONS_DIR) -> dict[str, dict[str, Any]]:
    """Sports-day and judge-panel presets (``preset.kind: sports``) as parsed YAML, by id."""
    out = {}
    for path in sorted((root / "presets").glob("*.yaml")):
        data = read_yaml(path)
        meta = data.get("preset") if isinstance(data, dict) else None
        if isinstance(meta, dict) and meta.get("kind") == "sports":
            out[str(meta.get("id"))] = _strip_lines(data)
            try:
                sports_awards(out[str(meta.get("id"))])
            except DomainError as exc:
                raise DomainError(exc.code, f"{path}: {exc.message}") from exc
    return out


def sports_awards(data: dict[str, Any]) -> AwardSettings:
    """A sports preset's ``awards:`` settings; a preset of result-only events is a judge panel."""
    events = [e for e in data.get("events") or () if isinstance(e, dict)]
    defaults_ = data.get("defaults") if isinstance(data.get("defaults"), dict) else {}
    ranked = any(e.get("in_standings", defaults_.get("in_standings", True)) for e in events)
    return settings_from(data.get("awards"), "sports" if ranked else "panel")
