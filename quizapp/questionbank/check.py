"""``quizapp questions check``: schema problems, duplicate ids, near-duplicate
stems and answer leaks (errors: exit status 1), design warnings (exit status 0),
printed as ``file:line: message`` with a summary per bank."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from ..core.errors import DomainError
from ..core.quiz.grading import normalise_text
from ..core.quiz.questions import TYPE_LABELS
from .lint import leak_problems, preset_warnings, question_warnings, self_answer_problems
from .loader import Bank, Preset, Problem, bank_paths, load_bank, load_presets

NEAR_DUPLICATE = 0.9


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            banks = path / "banks"
            out += sorted((banks if banks.is_dir() else path).glob("*.yaml"))
        else:
            out.append(path)
    return out


def duplicate_problems(banks: list[Bank]) -> list[Problem]:
    """Ids used twice across banks, and stems that are (nearly) the same question."""
    problems: list[Problem] = []
    seen_ids: dict[str, Bank] = {}
    stems: list[tuple[str, Bank, str]] = []
    for bank in banks:
        for q in bank.questions:
            line = bank.lines[q.id]
            if q.id in seen_ids and seen_ids[q.id] is not bank:
                problems.append(Problem(bank.path, line, f"{q.id}: 题目编号与 {seen_ids[q.id].path} 重复"))
            seen_ids.setdefault(q.id, bank)
            stems.append((normalise_text(q.stem), bank, q.id))
    for i, (stem, bank, qid) in enumerate(stems):
        for other, obank, oid in stems[:i]:
            matcher = SequenceMatcher(None, stem, other, autojunk=False)
            if matcher.real_quick_ratio() < NEAR_DUPLICATE or matcher.quick_ratio() < NEAR_DUPLICATE:
                continue
            ratio = matcher.ratio()
            if ratio >= NEAR_DUPLICATE:
                kind = "相同" if ratio == 1.0 else f"高度相似（{ratio:.0%}）"
                problems.append(Problem(bank.path, bank.lines[qid],
                                        f"{qid}: 题干与 {obank.path} 的 {oid} {kind}"))
    return problems


def summary(bank: Bank) -> str:
    """"党章知识 (party-constitution): 170 题 · 单选 78（22/44/12）… · 难度1 48 …"."""
    levels = Counter(q.difficulty for q in bank.questions)
    cells = Counter((q.type, q.difficulty) for q in bank.questions)
    types = Counter(q.type for q in bank.questions)
    by_type = " ".join(f"{TYPE_LABELS[t]} {types[t]}（{'/'.join(str(cells[t, d]) for d in (1, 2, 3))}）"
                       for t in TYPE_LABELS if types[t])
    by_level = " ".join(f"难度{d} {levels[d]}" for d in sorted(levels))
    return f"{bank.title} ({bank.id}): {len(bank.questions)} 题 · {by_type} · {by_level}"


def _presets(paths: list[Path] | None) -> dict[str, Preset]:
    """Presets next to the checked banks (``<dir>/presets``), else the shipped ones."""
    for path in paths or []:
        if path.is_dir() and (path / "presets").is_dir():
            return load_presets(path)
    return load_presets()


def _pools(banks: dict[str, Bank], presets: dict[str, Preset]) -> list[list[str]]:
    """Each bank alone, and the loaded banks of every preset together."""
    pools = [[b] for b in banks]
    for preset in presets.values():
        ids = [b for b in preset.banks if b in banks]
        if len(ids) > 1:
            pools.append(ids)
    return pools


def check_paths(paths: list[Path] | None = None) -> int:
    """Print every problem and a summary per bank; 1 when any error (warnings do not fail)."""
    files = _expand(paths) if paths else bank_paths()
    if not files:
        print("没有找到题库文件（*.yaml）")
        return 1
    loaded: list[Bank] = []
    problems: list[Problem] = []
    for path in files:
        try:
            bank = load_bank(path)
        except DomainError as exc:
            problems.append(Problem(str(path), 1, exc.message))
            continue
        loaded.append(bank)
        problems += bank.problems
    problems += duplicate_problems(loaded)
    banks = {b.id: b for b in loaded if b.id}
    try:
        presets = _presets(paths)
    except DomainError as exc:
        problems.append(Problem("presets", 1, exc.message))
        presets = {}
    problems += leak_problems(banks, _pools(banks, presets))
    for bank in loaded:
        problems += self_answer_problems(bank) + question_warnings(bank)
    problems += preset_warnings(presets, banks)
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level != "error"]
    for problem in errors + warnings:
        print(problem)
    for bank in loaded:
        print(summary(bank))
    if errors:
        print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
    else:
        print("全部通过" + (f"（{len(warnings)} 个警告，不影响通过）" if warnings else ""))
    return 1 if errors else 0
