"""Rules of ``quizapp questions check`` beyond the schema: answer leaks (errors)
and the design warnings a reviewer raises (guessable multiple choice, narrow
fill-in lists, short answers without 得分要点, presets the banks cannot serve)."""

from __future__ import annotations

from ..core.quiz.questions import Question
from .leaks import find_leaks, self_answer
from .loader import Bank, Preset, Problem
from .selection import shortage

MAX_TEAMS = 12          # the largest contest the shipped presets promise to serve
MULTI_OPTIONS = (4, 6)  # a multiple-answer question: 4-6 options ...
MULTI_CORRECT = (2, 4)  # ... of which 2-4 correct, so at least 2 are wrong


def _where(banks: dict[str, Bank], q: Question) -> tuple[str, int]:
    bank = banks[q.bank]
    return bank.path, bank.lines.get(q.id, 1)


def leak_problems(banks: dict[str, Bank], pools: list[list[str]]) -> list[Problem]:
    """One error per (giver, place, owner): within a bank and across the banks a preset draws from."""
    seen: set[tuple[str, str, str]] = set()
    out: list[Problem] = []
    for pool_ids in pools:
        pool = [q for b in pool_ids for q in banks[b].questions]
        for leak in find_leaks(pool):
            key = (leak.giver.id, leak.where, leak.owner.id)
            if key in seen:
                continue
            seen.add(key)
            path, line = _where(banks, leak.giver)
            opath, oline = _where(banks, leak.owner)
            out.append(Problem(path, line, (
                f"{leak.giver.id} 的{leak.where}泄露了 {leak.owner.id}（{opath}:{oline}）的答案"
                f"“{leak.answer.text}”：{leak.reason()}；请改写其中一题")))
    return out


def self_answer_problems(bank: Bank) -> list[Problem]:
    """Errors: a stem that prints its own answer."""
    out = []
    for q in bank.questions:
        answer = self_answer(q)
        if answer is not None:
            out.append(Problem(bank.path, bank.lines[q.id], f"{q.id}: 题干中已出现本题答案“{answer.text}”，请改写"))
    return out


def question_warnings(bank: Bank) -> list[Problem]:
    """Design warnings for the questions of one bank."""
    out: list[Problem] = []
    for q in bank.questions:
        line = bank.lines[q.id]
        for message in _question_warnings(q, q.id in bank.exact):
            out.append(Problem(bank.path, line, f"{q.id}: {message}", "warning"))
    return out


def _question_warnings(q: Question, exact: bool) -> list[str]:
    if q.type == "multiple":
        n, k = len(q.options), len(q.answer)
        if n - k < 2 or not MULTI_OPTIONS[0] <= n <= MULTI_OPTIONS[1] \
                or not MULTI_CORRECT[0] <= k <= MULTI_CORRECT[1]:
            return [f"多选题 {n} 个选项中 {k} 个正确、只有 {n - k} 个错误选项，容易靠排除法得分；"
                    f"应为 {MULTI_OPTIONS[0]}–{MULTI_OPTIONS[1]} 个选项中 {MULTI_CORRECT[0]}–"
                    f"{MULTI_CORRECT[1]} 个正确"]
    if q.type == "fill" and len(q.answer) == 1 and not exact and not any(ch.isdigit() for ch in q.answer[0]):
        return [f"填空题只接受“{q.answer[0]}”一种写法；全角/半角、汉字/阿拉伯数字、书名号已自动等同，"
                "其他常见写法请列入 answer（原文措辞、确无其他写法的，标 exact: true）"]
    if q.type == "short" and not q.key_points:
        return ["简答题没有得分要点（key_points），主持人判分时无据可依"]
    return []


def preset_warnings(presets: dict[str, Preset], banks: dict[str, Bank]) -> list[Problem]:
    """A preset whose banks' type/difficulty mix cannot serve 2..MAX_TEAMS teams."""
    out: list[Problem] = []
    for preset in presets.values():
        if not preset.banks or any(b not in banks for b in preset.banks):
            continue
        pool = [q for b in preset.banks for q in banks[b].questions]
        for teams in range(2, MAX_TEAMS + 1):
            why = shortage(preset.rounds, pool, teams)
            if why:
                first = banks[preset.banks[0]]
                out.append(Problem(first.path, 1, (
                    f"题库 {'、'.join(preset.banks)} 的题型/难度搭配不能支撑预设“{preset.title}”"
                    f"（{preset.id}）{teams} 支队伍的比赛：{why}"), "warning"))
                break
    return out
