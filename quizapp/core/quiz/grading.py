"""Grading answers typed on phones: choice letters, true/false and fill-ins.

Fill-ins are compared after normalising what phones and IMEs vary: full-width
vs half-width characters (NFKC), case, spaces and trailing punctuation, 书名号
anywhere, and numbers written in 汉字 or Arabic digits (十八岁 = 18岁). A fill-in
that also repeats the stem's own words around the blank ("七步" for "____步")
is accepted too: it adds nothing the stem did not print.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import DomainError
from .questions import LETTERS, Question

_STRIP = " \t\r\n。．.，,、;；:：!！?？\"'“”‘’《》「」()（）"


def normalise_text(text: str) -> str:
    """Canonical form for comparing free-text answers."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = "".join(ch for ch in folded if not ch.isspace())
    return folded.strip(_STRIP)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUMERAL = re.compile("[零〇一二两三四五六七八九十百千万]+")
_BOOK_MARKS = str.maketrans("", "", "《》〈〉<>")
_BLANK = re.compile(r"_{2,}|＿{2,}|（\s*）|\(\s*\)")


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral: 十八 → 18, 两 → 2, 二〇二二 → 2022; else None."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_SCALES for ch in text):
        return None
    if not any(ch in _CN_SCALES for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif _CN_SCALES[ch] == 10000:
            total, section, digit = (total + section + digit) * 10000, 0, 0
        else:
            section, digit = section + (digit or 1) * _CN_SCALES[ch], 0
    return total + section + digit


def fill_form(text: str) -> str:
    """What a fill-in is compared as: normalised, no 书名号, numbers in Arabic digits."""
    plain = normalise_text(text).translate(_BOOK_MARKS)
    return CN_NUMERAL.sub(lambda m: str(chinese_number(m.group(0))), plain)


def _stem_context(stem: str) -> tuple[str, str]:
    """The stem's words before and after its only blank ("", "" when not exactly one)."""
    parts = _BLANK.split(stem)
    if len(parts) != 2:
        return "", ""
    return fill_form(parts[0]), fill_form(parts[1])


def fill_matches(question: Question, answer: str) -> bool:
    """Whether a typed fill-in is one of the accepted answers (see the module docstring)."""
    typed = fill_form(answer)
    accepted = {fill_form(a) for a in question.answer}
    if typed in accepted:
        return True
    before, after = _stem_context(question.stem)
    for a in accepted:
        start = typed.find(a)
        while a and start >= 0:
            pre, post = typed[:start], typed[start + len(a):]
            if before.endswith(pre) and after.startswith(post):
                return True
            start = typed.find(a, start + 1)
    return False


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
        return 1.0 if fill_matches(question, answer) else 0.0
    return None
