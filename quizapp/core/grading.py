"""Grading answers typed on phones: choice letters, true/false and fill-ins.

Fill-ins are compared after normalising what phones and IMEs vary: full-width
vs half-width characters (NFKC), case, spaces and trailing punctuation.
"""

from __future__ import annotations

import unicodedata

from .errors import DomainError
from .questions import LETTERS, Question

_STRIP = " \t\r\n。．.，,、;；:：!！?？\"'“”‘’《》「」()（）"


def normalise_text(text: str) -> str:
    """Canonical form for comparing free-text answers."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = "".join(ch for ch in folded if not ch.isspace())
    return folded.strip(_STRIP)


def parse_submission(question: Question, raw: str) -> str:
    """Validate and canonicalise what a team submitted; raise DomainError if unusable."""
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        raise DomainError("empty_answer", "答案不能为空")
    if len(text) > 200:
        raise DomainError("answer_too_long", "答案太长（最多 200 字）")
    if question.type in ("single", "multiple"):
        letters = sorted({ch for ch in text.upper() if ch.isalpha()})
        allowed = LETTERS[: len(question.options)]
        if not letters or any(ch not in allowed for ch in letters):
            raise DomainError("bad_choice", f"请选择 {allowed[0]}–{allowed[-1]} 中的选项")
        if question.type == "single" and len(letters) != 1:
            raise DomainError("bad_choice", "单选题只能选一个选项")
        return "".join(letters)
    if question.type == "true_false":
        value = text.lower()
        if value in ("true", "对", "正确", "√", "t"):
            return "true"
        if value in ("false", "错", "错误", "×", "f"):
            return "false"
        raise DomainError("bad_choice", "判断题请选择“正确”或“错误”")
    return text


def credit(question: Question, answer: str, partial_credit: bool = False) -> float | None:
    """Share of the points earned (0, 0.5 or 1); None when a person must judge."""
    if question.type == "single" or question.type == "true_false":
        return 1.0 if (answer,) == question.answer else 0.0
    if question.type == "multiple":
        chosen, correct = set(answer), set(question.answer)
        if chosen == correct:
            return 1.0
        if partial_credit and chosen and chosen < correct:
            return 0.5
        return 0.0
    if question.type == "fill":
        accepted = {normalise_text(a) for a in question.answer}
        return 1.0 if normalise_text(answer) in accepted else 0.0
    return None
